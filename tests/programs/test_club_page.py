"""A club's public page /clubs/<slug>/, and what public pages never show."""

import datetime
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.formats import date_format

from centre.models import Guardian, Learner
from programs.models import Application, Club, ClubPhoto, Group
from tests.factories import AcademicYearFactory, PersonFactory, VenueFactory
from tests.programs.factories import ClubFactory, GroupFactory, ProgramFactory, catalogue_group, many_groups
from tests.programs.helpers import days

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "parent", "teacher", "methodist", "director"]


def club_url(club):
    return reverse("programs:club", kwargs={"slug": club.slug})


@pytest.fixture
def group():
    program = ProgramFactory(
        title="Робототехника",
        announcement="Собираем роботов.",
        description="Программа простыми словами: собираем и программируем.",
        goals="Цель: интерес к технике.",
        expected_results="Умеет собрать робота.",
    )
    teacher = PersonFactory(surname="Киселёв", name="Андрей", patronymic="Павлович")
    venue = VenueFactory(name="Технопарк", address="ул. Ленина, 5")
    return catalogue_group(
        club=ClubFactory(name="Робоквантум", slug="robots"),
        program=program,
        teacher=teacher,
        venue=venue,
        age_min=10,
        age_max=14,
        places=12,
        weekdays=(2,),
        starts=datetime.time(16, 40),
    )


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
def test_club_page_opens_for_every_role(role_client, group):
    response = role_client.get(club_url(group.club))
    assert response.status_code == 200
    assert "Робоквантум" in response.content.decode()


def test_club_page_shows_program_teacher_venue_schedule_places_and_apply(client, group):
    Group.objects.filter(pk=group.pk).update(enrolled_count=5)
    html = client.get(club_url(group.club)).content.decode()
    for text in (
        "Робототехника",
        "Программа простыми словами",
        "Цель: интерес к технике.",
        "Умеет собрать робота.",
        "Киселёв А. П.",
        "Технопарк",
        "ул. Ленина, 5",
        "вторник",
        "16:40–18:10",
        group.room.name,
        "от 10 до 14 лет",
    ):
        assert text in html, text
    assert re.search(r'data-testid="group-free">\s*7\D+12', html)
    assert reverse("programs:apply", kwargs={"slug": "robots", "group_id": group.pk}) in html
    assert f'data-testid="apply-{group.pk}"' in html
    assert "Павлович" not in html  # the short name only


def test_price_of_a_paid_group_is_shown(client, group):
    paid = catalogue_group(club=group.club, program=group.program, paid=True)
    html = client.get(club_url(group.club)).content.decode()
    assert f'id="group-{paid.pk}"' in html
    assert "1500" in html


def test_a_full_group_explains_and_offers_the_waiting_list(client, group):
    Group.objects.filter(pk=group.pk).update(places=3, enrolled_count=3)
    html = client.get(club_url(group.club)).content.decode()
    assert 'data-testid="enrolment-problem"' in html
    assert f'data-testid="waiting-list-{group.pk}"' in html
    assert f'data-testid="apply-{group.pk}"' not in html


def test_a_closed_window_is_explained_with_its_date(client, group):
    Group.objects.filter(pk=group.pk).update(enrol_from=days(-40), enrol_until=days(-2))
    html = client.get(club_url(group.club)).content.decode()
    assert date_format(days(-2)) in html
    assert f'data-testid="waiting-list-{group.pk}"' in html


def test_only_catalogue_groups_are_listed(client, group):
    old = GroupFactory(club=group.club, academic_year=AcademicYearFactory(label="2015/2016"), name="Старая")
    draft = GroupFactory(club=group.club, program=ProgramFactory(draft=True), name="Черновая")
    html = client.get(club_url(group.club)).content.decode()
    assert f'id="group-{group.pk}"' in html
    assert f'id="group-{old.pk}"' not in html
    assert f'id="group-{draft.pk}"' not in html


def test_a_club_without_catalogue_groups_or_an_unknown_slug_is_404(client):
    hidden = GroupFactory(program=ProgramFactory(draft=True))
    assert client.get(club_url(hidden.club)).status_code == 404
    assert client.get(reverse("programs:club", kwargs={"slug": "no-such-club"})).status_code == 404
    assert client.get(club_url(ClubFactory())).status_code == 404


def test_photos_show_thumbnails_falling_back_to_the_image(client, group):
    ClubPhoto.objects.create(
        club=group.club, image="clubs/big.jpg", thumbnail="clubs/thumbs/small.jpg", caption="Соревнования"
    )
    ClubPhoto.objects.create(club=group.club, image="clubs/only-big.jpg", position=2)
    html = client.get(club_url(group.club)).content.decode()
    assert 'src="/media/clubs/thumbs/small.jpg"' in html
    assert 'href="/media/clubs/big.jpg"' in html
    assert 'src="/media/clubs/only-big.jpg"' in html
    assert 'alt="Соревнования"' in html


def test_club_page_makes_a_fixed_number_of_queries_with_100_groups(client, django_assert_max_num_queries):
    groups = many_groups(100, per_club=100)
    club = groups[0].club
    for index in range(3):
        ClubPhoto.objects.create(club=club, image=f"clubs/{index}.jpg")
    with django_assert_max_num_queries(10):
        response = client.get(club_url(club))
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="group-card"') == 100


def test_club_page_query_count_for_a_logged_in_parent(parent_client, group, django_assert_max_num_queries):
    many_groups(30, per_club=30)
    club = Club.objects.exclude(pk=group.club_id).first()
    with django_assert_max_num_queries(10):
        assert parent_client.get(club_url(club)).status_code == 200


# --- personal data ----------------------------------------------------------------------


def _date_forms(day: datetime.date) -> list[str]:
    return [day.strftime("%d.%m.%Y"), day.isoformat(), date_format(day), date_format(day, "j E Y")]


def test_no_public_page_shows_a_birth_date_school_or_guardian_phone(client, settings):
    settings.DEBUG = True
    call_command("load_demo")
    secrets = set()
    for learner in Learner.objects.all():
        secrets.update(_date_forms(learner.birth_date))
        if learner.school:
            secrets.add(learner.school)
    for application in Application.objects.all():
        secrets.update(_date_forms(application.child_birth_date))
        secrets.add(application.guardian_phone)
    secrets.update(Guardian.objects.values_list("phone", flat=True))
    assert len(secrets) > 20

    pages = [reverse("programs:catalogue")]
    catalogue = client.get(pages[0])
    assert catalogue.status_code == 200
    for number in range(2, catalogue.context["page_obj"].paginator.num_pages + 1):
        pages.append(f"{pages[0]}?page={number}")
    pages += [f"{pages[0]}?sort=free", f"{pages[0]}?q=робот", f"{pages[0]}?adapted=on"]
    club_slugs = set(Group.objects.in_catalogue().values_list("club__slug", flat=True))
    assert len(club_slugs) >= 25
    pages += [reverse("programs:club", kwargs={"slug": slug}) for slug in club_slugs]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        leaked = [secret for secret in secrets if secret in html]
        assert leaked == [], f"{url} shows {leaked}"


def test_each_group_says_where_it_meets_with_the_district(client, group):
    html = client.get(club_url(group.club)).content.decode()
    where = re.search(r'data-testid="group-where">(.*?)</dd>', html, re.S).group(1)
    assert "Технопарк" in where and "ул. Ленина, 5" in where
    assert f"({group.venue.district} район)" in where
