"""The demo's Kazakh centres (seeds 000 and 002): each seed's facts are in the demo — the
organisations' names and cities, clubs in the republic's directions named in Russian and
Kazakh, seed 002's lessons at distant schools as the centre's own venues at a school, prices
in tenge, children with sex and ОВЗ recorded — and their staff sign in and land on the staff
page; loading twice adds nothing."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from centre.countries import Country
from centre.demo import DEMO_PASSWORD
from centre.demo.kazakhstan import ORGANISATIONS, STAFF
from centre.models import AcademicYear, CalendarDay, Learner, Organisation, Person, Sex, Venue
from centre.roles import Role, roles_of
from centre.scope import readable_organisations
from programs.models import Application, Club, Direction, Enrolment, Group, Order, Program, ScheduleSlot

pytestmark = pytest.mark.django_db

KZ_DIRECTIONS = {
    "kz-science-technical",
    "kz-arts-aesthetic",
    "kz-ecology-biology",
    "kz-tourism",
    "kz-military-patriotic",
    "kz-social-pedagogical",
}
# seed 000: «Городской Центр технического творчества г. Актобе» … «Прогресс»
AKTOBE = "Городской центр технического творчества «Прогресс» г. Актобе"
# seed 002: «школа технического творчества в городе Костанае»
KOSTANAY = "Школа технического творчества города Костаная"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def centre(name):
    return Organisation.objects.get(name=name)


def groups_of(organisation):
    return Group.objects.filter(club__organisation=organisation, academic_year=AcademicYear.objects.current())


# --- seed 000: Актобе --------------------------------------------------------------------


def test_seed_000_aktobe_centre_of_technical_creativity_progress(demo):
    progress = centre(AKTOBE)
    assert progress.kind == Organisation.Kind.CENTRE
    assert progress.country == Country.KAZAKHSTAN
    assert "Актобе" in progress.address
    assert progress.authority.kind == Organisation.Kind.AUTHORITY
    assert progress.authority.name.endswith("(демо)")  # the seed names no authority
    clubs = Club.objects.filter(organisation=progress)
    assert clubs.count() >= 5
    # technical creativity first of all, in Kazakhstan's directions only
    programs = Program.objects.filter(organisation=progress, status=Program.Status.PUBLISHED)
    directions = set(programs.values_list("direction__slug", flat=True))
    assert "kz-science-technical" in directions and directions <= KZ_DIRECTIONS
    assert programs.filter(direction__slug="kz-science-technical").count() >= 4
    # the project method and creative laboratories of the seed
    assert clubs.filter(kind=Club.Kind.LABORATORY, name__icontains="лаборатория").exists()
    assert all("проект" in p.description for p in programs)
    _russian_and_kazakh_names()


def _russian_and_kazakh_names():
    club = Club.objects.get(slug="aktobe-robotics")
    assert club.name == "Творческая лаборатория робототехники"
    assert club.name_kk == "Робототехника шығармашылық зертханасы"
    assert not Club.objects.filter(organisation=centre(AKTOBE), name_kk="").exists()
    with translation.override("kk"):
        assert str(club) == "Робототехника шығармашылық зертханасы"
        assert str(club.groups.first().program.direction) == "Ғылыми-техникалық"
    with translation.override("ru"):
        assert str(club) == "Творческая лаборатория робототехники"


# --- seed 002: Костанай ------------------------------------------------------------------


def test_seed_002_kostanay_school_of_technical_creativity(demo):
    school = centre(KOSTANAY)
    assert school.kind == Organisation.Kind.CENTRE and school.country == Country.KAZAKHSTAN
    assert "Костанай" in school.address
    assert school.authority.name.endswith("(демо)")
    directions = set(Program.objects.filter(organisation=school).values_list("direction__slug", flat=True))
    assert "kz-science-technical" in directions and directions <= KZ_DIRECTIONS
    # «конкурсы и выставки по техническим и спортивно-техническим направлениям»
    assert Program.objects.filter(
        organisation=school, profile__name="Спортивно-техническое моделирование"
    ).exists()
    assert not Club.objects.filter(organisation=school, name_kk="").exists()
    _lessons_at_distant_schools(school)


def _lessons_at_distant_schools(school):
    """Seed 002's lessons at distant schools: the centre's own venues at a school."""
    at_school = Venue.objects.filter(organisation=school, at_school=True)
    assert at_school.count() == 2
    groups = groups_of(school).filter(venue__at_school=True)
    assert groups.exists()
    for group in groups.select_related("club", "teacher", "venue"):
        # the centre's club and teacher, in the school's building; for the primary pupils
        assert group.club.organisation == school
        assert group.teacher.organisation == school
        assert group.venue.organisation == school
        assert group.age_min <= 7 and group.age_max <= 10
        assert group.slots.exists()
    assert groups.filter(teacher__user__username="kostanay_teacher").exists()
    # the centre's own building is not a school's, and no club belongs to a school
    assert Venue.objects.filter(organisation=school, at_school=False).exists()
    assert not Club.objects.filter(
        organisation__country="KZ", organisation__kind=Organisation.Kind.SCHOOL
    ).exists()


# --- both ----------------------------------------------------------------------------


def test_groups_of_the_current_year_with_tenge_prices_vouchers_and_free_places(demo):
    for name in (AKTOBE, KOSTANAY):
        _groups_with_tenge_prices(centre(name))


def _groups_with_tenge_prices(organisation):
    groups = groups_of(organisation)
    assert groups.count() >= 6
    paid = groups.filter(funding=Group.Funding.PAID)
    assert paid.exists() and not paid.filter(price__isnull=True).exists()
    # tenge: monthly prices of thousands, written with ₸ by the country's profile
    assert all(5000 <= group.price <= 15000 for group in paid)
    assert organisation.profile.currency == "KZT"
    assert organisation.profile.money(paid.first().price).endswith("₸")
    assert groups.filter(funding=Group.Funding.CERTIFICATE).exists()  # the voucher
    assert groups.filter(funding=Group.Funding.FREE).exists()
    assert (
        not ScheduleSlot.objects.filter(group__in=groups).values("group").distinct().count() < groups.count()
    )
    assert set(groups.values_list("program__direction__country", flat=True)) == {"KZ"}
    assert set(Group.objects.in_catalogue().filter(pk__in=groups).values_list("pk", flat=True)) == set(
        groups.values_list("pk", flat=True)
    )


def test_a_paid_kazakh_group_shows_its_price_in_tenge_on_the_club_page(demo, client):
    group = Group.objects.get(club__slug="kostanay-karting")
    response = client.get(reverse("programs:club", kwargs={"slug": "kostanay-karting"}))
    assert response.status_code == 200
    text = re.sub(r"\s+", " ", response.content.decode().replace("\u00a0", " "))
    assert "9 000 ₸" in text and "₽" not in text
    assert group.price == 9000


def test_children_with_sex_and_ovz_recorded_so_the_statistics_count_them(demo):
    for name in (AKTOBE, KOSTANAY):
        _children_recorded(centre(name))
        _kazakh_holidays(centre(name))


def _children_recorded(organisation):
    enrolled = Learner.objects.filter(enrolments__group__in=groups_of(organisation)).distinct()
    assert enrolled.count() >= 5
    assert not enrolled.filter(sex="").exists()
    assert enrolled.filter(sex=Sex.FEMALE).exists() and enrolled.filter(sex=Sex.MALE).exists()
    assert enrolled.filter(disabled=True).exists()
    assert set(enrolled.values_list("organisation", flat=True)) == {organisation.pk}
    # a family waits in the queue; some applied in Kazakh
    assert Application.objects.filter(group__club__organisation=organisation, status="new").exists()
    assert Application.objects.filter(group__club__organisation=organisation, language="kk").exists()
    # the August enrolment order is signed, as every other organisation's
    enrolments = Enrolment.objects.filter(group__club__organisation=organisation)
    assert not enrolments.filter(order__isnull=True).exists()
    assert Order.objects.signed().filter(organisation=organisation, kind=Order.Kind.ENROLMENT).exists()


def _kazakh_holidays(organisation):
    """Kazakhstan's holidays in the calendar, not Russia's."""
    year = AcademicYear.objects.current()
    days = CalendarDay.objects.filter(organisation=organisation)
    assert days.filter(date__month=3, date__day=22, note="Наурыз мейрамы").exists()
    assert days.filter(date=f"{year.first_calendar_year}-12-16").exists()
    assert not days.filter(note="День народного единства").exists()


def test_every_person_is_invented_and_each_centre_has_its_logins_and_its_own_records(demo):
    for row in STAFF:
        person = Person.objects.get(user__username=row.username)
        assert person.organisation.name == ORGANISATIONS[row.organisation]["name"]
        assert roles_of(person.user) == {row.role}
        assert person.email == f"{row.username}@example.org"
    for key in ("progress", "kostanay_stt"):
        roles = {row.role for row in STAFF if row.organisation == key}
        assert {Role.DIRECTOR, Role.METHODIST, Role.TEACHER} <= roles
    _the_authority_reads_its_centre_only()
    _the_kazakh_staff_see_only_their_own_centre()


LANDINGS = [
    ("aktobe_director", AKTOBE),
    ("aktobe_methodist", AKTOBE),
    ("aktobe_teacher", AKTOBE),
    ("kostanay_director", KOSTANAY),
    ("kostanay_methodist", KOSTANAY),
    ("kostanay_teacher", KOSTANAY),
    ("aktobe_authority", AKTOBE),
    ("kostanay_authority", KOSTANAY),
]


def test_the_logins_work_and_land_on_the_staff_page(demo):
    for username, organisation in LANDINGS:
        person = Person.objects.get(user__username=username)
        client = Client()
        login = client.post(
            reverse("login"), {"username": username, "password": DEMO_PASSWORD, "next": reverse("staff_home")}
        )
        assert login.status_code == 302 and login["Location"] == reverse("staff_home"), username
        page = client.get(login["Location"])
        assert page.status_code == 200
        text = page.content.decode()
        # its own organisation by its full name; an authority's territory by its short name
        assert person.organisation.name in text, username
        if person.organisation != centre(organisation):
            assert str(centre(organisation)) in text, username


def _the_authority_reads_its_centre_only():
    authority = get_user_model().objects.get(username="aktobe_authority")
    readable = set(readable_organisations(authority))
    assert centre(AKTOBE).pk in readable
    assert centre(KOSTANAY).pk not in readable
    assert Organisation.objects.get(short_name="ЦВР «Малая Академия»").pk not in readable


def _the_kazakh_staff_see_only_their_own_centre():
    methodist = get_user_model().objects.get(username="kostanay_methodist")
    assert set(Club.objects.for_user(methodist).values_list("organisation", flat=True)) == {
        centre(KOSTANAY).pk
    }
    assert (
        not Learner.objects.for_user(get_user_model().objects.get(username="methodist"))
        .filter(organisation__country="KZ")
        .exists()
    )


def test_demo_logins_prints_the_kazakh_centres_logins_beside_the_others(demo):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    sections, heading = {}, None
    for line in out.getvalue().splitlines()[1:]:
        if line.startswith("    "):
            sections[heading].append(line.split()[0])
        else:
            heading = line.strip()
            sections[heading] = []
    assert sections[ORGANISATIONS["progress"]["short_name"]] == [
        "aktobe_director",
        "aktobe_methodist",
        "aktobe_teacher",
    ]
    assert sections[ORGANISATIONS["kostanay_stt"]["short_name"]] == [
        "kostanay_director",
        "kostanay_methodist",
        "kostanay_teacher",
    ]
    assert sections[ORGANISATIONS["aktobe_authority"]["short_name"]] == ["aktobe_authority"]
    assert "ГЦТТ «Прогресс»" in out.getvalue()  # the authority's line names its territory
    # the existing ones are still there
    assert sections["ЦВР «Малая Академия»"] == ["director", "deputy", "methodist", "teacher", "coordinator"]


def test_load_demo_twice_adds_no_kazakh_record(demo):
    def counts():
        kz = {"organisation__country": "KZ"}
        return {
            "organisations": Organisation.objects.filter(country="KZ").count(),
            "venues": Venue.objects.filter(**kz).count(),
            "people": Person.objects.filter(**kz).count(),
            "clubs": Club.objects.filter(**kz).count(),
            "programs": Program.objects.filter(**kz).count(),
            "groups": Group.objects.filter(club__organisation__country="KZ").count(),
            "slots": ScheduleSlot.objects.filter(group__club__organisation__country="KZ").count(),
            "learners": Learner.objects.filter(**kz).count(),
            "applications": Application.objects.filter(group__club__organisation__country="KZ").count(),
            "enrolments": Enrolment.objects.filter(group__club__organisation__country="KZ").count(),
            "days": CalendarDay.objects.filter(**kz).count(),
            "directions": Direction.objects.filter(country="KZ").count(),
            "users": get_user_model().objects.count(),
        }

    before = counts()
    assert before["organisations"] == 4 and before["clubs"] == 12
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before


def test_the_kazakh_demo_applications_keep_the_consent_of_kazakhstan_s_law(demo):
    """The consent stored is the one the parent read: law 94-V for a Kazakh centre's group, in
    the language they applied in; 152-ФЗ stays the Russian centres'."""
    kazakh = Application.objects.filter(group__club__organisation__country=Country.KAZAKHSTAN)
    assert kazakh.exists()
    assert all("94-V" in text for text in kazakh.values_list("consent_text", flat=True))
    assert not kazakh.filter(consent_text__contains="152").exists()
    russian = Application.objects.exclude(group__club__organisation__country=Country.KAZAKHSTAN)
    assert russian.exists() and not russian.filter(consent_text__contains="94-V").exists()
