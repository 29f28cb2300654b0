"""The public catalogue /clubs/: filters over groups, search, sorting, pages, empty state, speed."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import Group, Level, Program, SearchSynonyms
from tests.factories import AcademicYearFactory, VenueFactory
from tests.programs.factories import (
    ClubFactory,
    DirectionFactory,
    ProgramFactory,
    catalogue_group,
    many_groups,
)
from tests.programs.helpers import days

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "parent", "teacher", "methodist", "director"]
URL = reverse("programs:catalogue")


def slugs(response) -> list[str]:
    return re.findall(r'data-testid="club-card" data-slug="([^"]+)"', response.content.decode())


def card_free(card: str) -> int | None:
    """The «N мест» of a card that takes applications (None when it shows no number)."""
    found = re.search(r'data-testid="card-free">(\d+) ', card)
    return int(found.group(1)) if found else None


def card_html(response, slug) -> str:
    html = response.content.decode()
    start = html.index(f'data-slug="{slug}"')
    return html[start : html.index("</article>", start)]


@pytest.fixture
def robots():
    program = ProgramFactory(title="Робототехника", direction=DirectionFactory(slug="technical"))
    club = ClubFactory(name="Робоквантум", slug="robots")
    return catalogue_group(club=club, program=program, age_min=10, age_max=14, weekdays=(1, 3))


@pytest.fixture
def dance():
    program = ProgramFactory(
        title="Хореография",
        announcement="Танцуем и выступаем.",
        description="Народный и современный танец.",
        goals="Развитие пластики.",
        direction=DirectionFactory(slug="arts"),
        levels=[Level.BASIC],
    )
    club = ClubFactory(name="Ансамбль «Радуга»", slug="dance", description="Танцевальный коллектив.")
    return catalogue_group(club=club, program=program, age_min=6, age_max=9, weekdays=(2, 4))


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
def test_catalogue_opens_for_every_role(role_client, robots, dance):
    response = role_client.get(URL)
    assert response.status_code == 200
    assert sorted(slugs(response)) == ["dance", "robots"]


def test_card_shows_name_direction_ages_venue_days_free_places_and_cost(client, robots):
    Group.objects.filter(pk=robots.pk).update(enrolled_count=4)
    card = card_html(client.get(URL), "robots")
    assert "Робоквантум" in card
    assert "Техническая" in card
    assert "от 10 до 14 лет" in card
    assert robots.venue.name in card
    assert "Пн" in card and "Ср" in card and "Вт" not in card
    assert card_free(card) == 8
    assert reverse("programs:club", kwargs={"slug": "robots"}) in card


def test_only_catalogue_groups_make_a_club_visible(client, robots):
    catalogue_group(club=ClubFactory(slug="draft-club"), program=ProgramFactory(draft=True))
    catalogue_group(club=ClubFactory(slug="review-club"), program=ProgramFactory(in_review=True))
    old_year = AcademicYearFactory(label="2015/2016")
    catalogue_group(club=ClubFactory(slug="old-club"), academic_year=old_year)
    assert slugs(client.get(URL)) == ["robots"]


def test_filter_by_direction_returns_only_that_directions_clubs(client, robots, dance):
    assert slugs(client.get(URL, {"direction": "arts"})) == ["dance"]
    assert slugs(client.get(URL, {"direction": "technical"})) == ["robots"]


def test_filter_by_age_returns_clubs_with_a_group_for_that_age(client, robots, dance):
    assert slugs(client.get(URL, {"age": 7})) == ["dance"]
    assert slugs(client.get(URL, {"age": 12})) == ["robots"]
    assert slugs(client.get(URL, {"age": 17})) == []


def test_filters_combine_direction_and_age(client, robots, dance):
    assert slugs(client.get(URL, {"direction": "technical", "age": 7})) == []
    assert slugs(client.get(URL, {"direction": "technical", "age": 11})) == ["robots"]


def test_search_robot_finds_robotics(client, robots, dance):
    assert slugs(client.get(URL, {"q": "робот"})) == ["robots"]
    assert slugs(client.get(URL, {"q": "Робот"})) == ["robots"]


def test_search_covers_club_name_and_description(client, robots, dance):
    assert slugs(client.get(URL, {"q": "радуга"})) == ["dance"]
    assert slugs(client.get(URL, {"q": "танцевальный"})) == ["dance"]


def test_search_with_symbols_only_or_syntax_is_harmless(client, robots, dance):
    response = client.get(URL, {"q": "&|!:*()'"})
    assert response.status_code == 200
    assert sorted(slugs(response)) == ["dance", "robots"]


def test_filter_by_level_funding_and_adapted(client, robots, dance):
    paid = catalogue_group(
        club=ClubFactory(slug="paid"),
        program=ProgramFactory(is_adapted=True, disabilities=["autism"], levels=[Level.ADVANCED]),
        paid=True,
    )
    assert slugs(client.get(URL, {"level": "basic"})) == ["dance"]
    assert slugs(client.get(URL, {"level": "advanced"})) == ["paid"]
    assert slugs(client.get(URL, {"funding": "paid"})) == ["paid"]
    assert slugs(client.get(URL, {"adapted": "on"})) == ["paid"]
    assert "1\xa0500\xa0₽" in card_html(client.get(URL), "paid")
    assert paid.pk


def test_filter_by_profile_district_venue_and_weekday(client, robots, dance):
    west = VenueFactory(name="Школа № 5", district="Западный")
    profile = robots.program.direction.profiles.first()
    Program.objects.filter(pk=robots.program_id).update(profile=profile)
    far = catalogue_group(club=ClubFactory(slug="west"), venue=west, weekdays=(6,))
    assert slugs(client.get(URL, {"profile": profile.pk})) == ["robots"]
    assert slugs(client.get(URL, {"district": "Западный"})) == ["west"]
    assert slugs(client.get(URL, {"venue": west.pk})) == ["west"]
    assert slugs(client.get(URL, {"weekday": 6})) == ["west"]
    assert slugs(client.get(URL, {"weekday": 2})) == ["dance"]
    assert far.pk


def test_with_many_venues_the_venue_list_follows_the_district(client, robots, monkeypatch):
    monkeypatch.setattr("programs.filters.VENUE_LIST_LIMIT", 1)
    west = VenueFactory(name="Школа № 5", district="Западный")
    catalogue_group(club=ClubFactory(slug="west"), venue=west)
    options = client.get(URL).context["form"].fields["venue"].choices
    assert [value for value, _label in options if value] == []
    in_west = client.get(URL, {"district": "Западный"}).context["form"].fields["venue"].choices
    assert [value for value, _label in in_west if value] == [str(west.pk)]
    # a link naming a venue still works without the district
    assert slugs(client.get(URL, {"venue": west.pk})) == ["west"]


def test_free_places_and_open_enrolment_filters(client, robots, dance):
    Group.objects.filter(pk=robots.pk).update(places=5, enrolled_count=5)
    Group.objects.filter(pk=dance.pk).update(enrol_from=days(-30), enrol_until=days(-1))
    assert slugs(client.get(URL, {"free": "on"})) == ["dance"]
    assert slugs(client.get(URL, {"open": "on"})) == ["robots"]
    assert slugs(client.get(URL, {"free": "on", "open": "on"})) == []


def test_card_figures_come_from_the_matching_groups_only(client):
    club = ClubFactory(slug="two-groups", name="Шахматы")
    program = ProgramFactory(age_min=6, age_max=17)
    catalogue_group(club=club, program=program, age_min=6, age_max=9, places=10, weekdays=(1,))
    catalogue_group(club=club, program=program, age_min=14, age_max=17, places=3, weekdays=(5,))
    whole = card_html(client.get(URL), "two-groups")
    assert "от 6 до 17 лет" in whole and card_free(whole) == 13
    small = card_html(client.get(URL, {"age": 8}), "two-groups")
    assert "от 6 до 9 лет" in small
    assert card_free(small) == 10
    assert "Пн" in small and "Пт" not in small


def test_sorting_by_name_free_places_and_age(client):
    catalogue_group(club=ClubFactory(name="Б-клуб", slug="b"), places=5, age_min=12, age_max=15)
    catalogue_group(club=ClubFactory(name="А-клуб", slug="a"), places=2, age_min=9, age_max=12)
    catalogue_group(club=ClubFactory(name="В-клуб", slug="c"), places=20, age_min=5, age_max=7)
    assert slugs(client.get(URL)) == ["a", "b", "c"]
    assert slugs(client.get(URL, {"sort": "name"})) == ["a", "b", "c"]
    assert slugs(client.get(URL, {"sort": "free"})) == ["c", "b", "a"]
    assert slugs(client.get(URL, {"sort": "age"})) == ["c", "a", "b"]
    # a bad value in another field does not undo the chosen order
    assert slugs(client.get(URL, {"sort": "free", "age": "abc"})) == ["c", "b", "a"]


def test_pagination_twenty_per_page_keeps_filters_in_links(client):
    many_groups(25, per_club=1)
    first = client.get(URL, {"direction": "technical"})
    assert len(slugs(first)) == 20
    html = first.content.decode()
    assert 'href="?direction=technical&amp;page=2"' in html
    second = client.get(URL, {"direction": "technical", "page": 2})
    assert len(slugs(second)) == 5
    assert not set(slugs(first)) & set(slugs(second))
    # a page number past the end or not a number shows a real page, not an error
    assert len(slugs(client.get(URL, {"page": 99}))) == 5
    assert len(slugs(client.get(URL, {"page": "x"}))) == 20


@pytest.mark.parametrize(
    "sort, key", [("free", lambda g: (-g.places, g.club.name)), ("age", lambda g: (g.age_min, g.club.name))]
)
def test_sorted_pages_follow_one_order_without_gaps_or_repeats(client, sort, key):
    groups = [
        catalogue_group(club=ClubFactory(slug=f"c{index:02d}"), places=5 + index % 7, age_min=5 + index % 9)
        for index in range(25)
    ]
    expected = [group.club.slug for group in sorted(groups, key=key)]
    first = client.get(URL, {"sort": sort})
    second = client.get(URL, {"sort": sort, "page": 2})
    assert first.context["page_obj"].paginator.count == 25
    assert slugs(first) + slugs(second) == expected


def test_empty_state_says_what_to_loosen_and_links_to_reset(client, robots):
    response = client.get(URL, {"direction": "arts", "age": 12, "free": "on"})
    html = response.content.decode()
    assert slugs(response) == []
    assert 'id="catalogue-empty"' in html
    for name in ("direction", "age", "free"):
        assert f'data-testid="loosen-{name}"' in html
    assert 'href="?age=12&amp;free=on"' in html  # without the direction, the robots club appears
    assert slugs(client.get(URL, {"age": 12, "free": "on"})) == ["robots"]
    assert f'href="{URL}"' in html


def test_bad_filter_values_show_errors_and_do_not_break_the_page(client, robots, dance):
    response = client.get(URL, {"age": "abc", "direction": "nope", "weekday": 9, "sort": "evil"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"age", "direction", "weekday", "sort"}
    assert "Введите целое число." in errors["age"]
    assert sorted(slugs(response)) == ["dance", "robots"]
    too_old = client.get(URL, {"age": 99})
    assert "age" in too_old.context["form"].errors
    long = client.get(URL, {"q": "р" * 500})
    assert "q" in long.context["form"].errors


def test_state_is_in_the_url_and_the_form_shows_it(client, robots):
    html = client.get(URL, {"direction": "technical", "age": 12, "free": "on"}).content.decode()
    assert re.search(r'<form method="get" action="/clubs/"', html)
    assert re.search(r'<option value="technical" selected>', html)
    assert re.search(r'name="age" value="12"', html)
    assert re.search(r'name="free"[^>]*checked', html)


@pytest.mark.parametrize("role_client", ["anonymous", "parent"], indirect=True)
def test_catalogue_makes_a_fixed_number_of_queries_with_100_groups(
    role_client, django_assert_max_num_queries
):
    many_groups(4)
    cache.clear()  # measure pages built afresh, not the visitor cache
    SearchSynonyms.objects.word_lists()  # a search's synonyms: cached (tests/programs/test_search.py)
    with CaptureQueriesContext(connection) as few:
        role_client.get(URL, {"sort": "free"})
    many_groups(100)
    assert Group.objects.count() == 104
    cache.clear()
    with django_assert_max_num_queries(8):
        response = role_client.get(URL, {"sort": "free"})
    assert len(slugs(response)) == 20
    cache.clear()
    SearchSynonyms.objects.word_lists()
    with CaptureQueriesContext(connection) as lots:
        role_client.get(URL, {"direction": "technical", "age": 10, "weekday": 1, "q": "робот", "page": 2})
    assert len(lots) == len(few)
