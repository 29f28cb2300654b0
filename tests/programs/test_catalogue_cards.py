"""A catalogue card answers «near, open, which one»: where (venue, address, district), whether
applications are taken (places, waiting list, closed, the next intake) and the club's photo."""

import io
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format
from PIL import Image

from programs.catalogue import EnrolmentState
from programs.images import CARD_SIZE, card_picture, club_photo_add
from programs.models import ClubPhoto, Group
from tests.factories import VenueFactory
from tests.programs.factories import ApplicationFactory, ClubFactory, catalogue_group, many_groups
from tests.programs.helpers import days

pytestmark = pytest.mark.django_db

URL = reverse("programs:catalogue")
_fresh = itertools.count()


def page(client, **params) -> str:
    # a parameter of its own: built afresh, not taken from the visitor cache
    return client.get(URL, {**params, "_": next(_fresh)}).content.decode()


def card(client, slug, **params) -> str:
    html = page(client, **params)
    start = html.index(f'data-slug="{slug}"')
    return html[start : html.index("</article>", start)]


def state(card_html) -> str:
    return re.search(r'data-testid="card-enrolment" data-state="(\w+)"', card_html).group(1)


def free(card_html) -> int | None:
    found = re.search(r'data-testid="card-free">(\d+) ', card_html)
    return int(found.group(1)) if found else None


def test_card_shows_each_venue_with_its_address_and_district(client):
    club = ClubFactory(slug="chess", name="Ладья")
    north = VenueFactory(name="ДЮЦ", address="ул. Громова, 12", district="Северный")
    south = VenueFactory(name="Лицей № 24", address="пр. Ленина, 80", district="Южный")
    catalogue_group(club=club, venue=north)
    catalogue_group(club=club, venue=south)
    where = card(client, "chess").split('data-testid="card-where"')[1]
    assert re.search(r"ДЮЦ, <span[^>]*>ул\. Громова, 12</span> <span[^>]*>\(Северный район\)", where)
    assert re.search(r"Лицей № 24, <span[^>]*>пр\. Ленина, 80</span> <span[^>]*>\(Южный район\)", where)
    # by district, then name: a parent scans for their own part of town
    assert where.index("Северный") < where.index("Южный")


def test_an_open_club_shows_the_free_places_of_the_groups_taking_applications(client):
    club = ClubFactory(slug="robots")
    catalogue_group(club=club, places=12, enrol_until=days(10))
    closed = catalogue_group(club=club, places=12, enrol_from=days(-30), enrol_until=days(-1))
    Group.objects.filter(pk=closed.pk).update(enrolled_count=2)
    html = card(client, "robots")
    assert state(html) == EnrolmentState.OPEN
    assert free(html) == 12  # not 22: the closed group's places cannot be applied for
    assert 'data-testid="card-free">12 мест<' in html
    assert date_format(days(10), "j E") in html  # applications until then


def test_a_full_open_club_shows_the_waiting_list(client):
    group = catalogue_group(club=ClubFactory(slug="full"), places=5)
    Group.objects.filter(pk=group.pk).update(enrolled_count=3, offered_count=2)  # offers hold places
    html = card(client, "full")
    assert state(html) == EnrolmentState.WAITING
    assert free(html) is None and "лист ожидания" in html


def test_a_closed_club_says_so_and_names_its_next_intake(client):
    catalogue_group(club=ClubFactory(slug="later"), enrol_from=days(20), enrol_until=days(50))
    catalogue_group(club=ClubFactory(slug="over"), enrol_from=days(-60), enrol_until=days(-2))
    later = card(client, "later")
    assert state(later) == EnrolmentState.CLOSED and free(later) is None and "приём закрыт" in later
    window = re.search(r'data-testid="card-next-window">([^<]+)<', later).group(1)
    assert date_format(days(20), "j E") in window and date_format(days(50), "j E") in window
    over = card(client, "over")
    assert state(over) == EnrolmentState.CLOSED
    assert "card-next-window" not in over


def test_the_state_follows_the_matching_groups_only(client):
    club = ClubFactory(slug="two")
    catalogue_group(club=club, age_min=6, age_max=9, enrol_until=days(-1))
    catalogue_group(club=club, age_min=12, age_max=15, places=4)
    assert state(card(client, "two", age=7)) == EnrolmentState.CLOSED
    assert free(card(client, "two", age=13)) == 4
    assert free(card(client, "two")) == 4


def test_the_card_shows_the_first_photo_of_its_own_club_made_for_the_card(client):
    mine = catalogue_group(club=ClubFactory(slug="mine")).club
    other = catalogue_group(club=ClubFactory(slug="other")).club
    ClubPhoto.objects.create(club=mine, image="clubs/2.jpg", card="clubs/cards/2.jpg", position=2)
    ClubPhoto.objects.create(club=mine, image="clubs/1.jpg", card="clubs/cards/1.jpg", position=1)
    ClubPhoto.objects.create(club=other, image="clubs/o.jpg", thumbnail="clubs/thumbs/o.jpg")
    html = card(client, "mine")
    assert re.findall(r'<img src="([^"]+)"[^>]*data-testid="card-photo"', html) == [
        "/media/clubs/cards/1.jpg"
    ]
    # a photo stored before card pictures existed: its thumbnail, never the full photo
    assert 'src="/media/clubs/thumbs/o.jpg"' in card(client, "other")


def test_a_club_without_photos_has_no_picture(client):
    catalogue_group(club=ClubFactory(slug="bare"))
    assert "card-photo" not in card(client, "bare")


def test_the_card_picture_is_the_cards_frame_cut_from_the_middle():
    portrait = Image.new("RGB", (900, 1600), (30, 120, 200))
    made = Image.open(io.BytesIO(card_picture(portrait)))
    assert made.format == "JPEG" and made.size == CARD_SIZE
    assert not made.getexif()


def test_a_new_photo_gets_its_card_picture(tmp_path):
    club = ClubFactory(slug="photos")
    photo = club_photo_add(club=club, image=Image.new("RGB", (1200, 800), (200, 30, 30)))
    assert photo.card.name.startswith("clubs/cards/photos-")
    assert Image.open(photo.card.path).size == CARD_SIZE


def test_cards_never_show_a_childs_data(client):
    group = catalogue_group(club=ClubFactory(slug="robots"))
    application = ApplicationFactory(group=group, child_surname="Тайнова", child_name="Вера")
    html = page(client)
    assert application.child_surname not in html
    assert application.child_birth_date.strftime("%d.%m.%Y") not in html


@pytest.mark.parametrize("role_client", ["anonymous", "parent", "methodist"], indirect=True)
def test_cards_with_photos_and_venues_cost_no_query_more(role_client):
    many_groups(40, per_club=2)
    role_client.get(URL, {"_": "warm"})  # the year and the filters' choices: cached
    with CaptureQueriesContext(connection) as bare:
        role_client.get(URL, {"_": "bare"})
    for club_id in Group.objects.values_list("club_id", flat=True).distinct():
        ClubPhoto.objects.create(club_id=club_id, image="clubs/x.jpg", card="clubs/cards/x.jpg")
    with CaptureQueriesContext(connection) as pictured:
        html = role_client.get(URL, {"_": "pictured"}).content.decode()
    assert html.count('data-testid="card-photo"') == 20
    assert len(pictured) == len(bare)
