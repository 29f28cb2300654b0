"""The demo: several organisations with their own staff, so that isolation can be seen; it
loads twice without a new row; it refuses to run in production."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count, F

from centre.demo import DEMO_STAFF, ORGANISATIONS
from centre.models import AcademicYear, Child, Consent, Guardian, Guardianship, Learner, Organisation, Person
from centre.roles import Role, roles_of
from centre.scope import readable_organisations
from innovation.models import Platform
from programs.models import Application, Club, Enrolment, Group, Program

pytestmark = pytest.mark.django_db

STAFF_ROLES = [Role.METHODIST, Role.DIRECTOR, Role.TEACHER, Role.COORDINATOR]


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def user(username):
    return get_user_model().objects.get(username=username)


def organisation(short_name):
    return Organisation.objects.get(short_name=short_name)


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Organisation,
            Person,
            get_user_model(),
            Learner,
            Guardian,
            Guardianship,
            Consent,
            Program,
            Club,
            Group,
            Application,
            Enrolment,
            Platform,
            Child,
        )
    }


def test_load_demo_is_idempotent(demo):
    before = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before
    assert before["Organisation"] >= 8 and before["Learner"] > 20


def test_demo_has_a_user_per_role_and_the_technopark(demo):
    users = {user.username: user for user in get_user_model().objects.all()}
    for username, role in [
        ("methodist", Role.METHODIST),
        ("director", Role.DIRECTOR),
        ("teacher", Role.TEACHER),
        ("parent", Role.PARENT),
        ("coordinator", Role.COORDINATOR),
        ("authority", Role.AUTHORITY),
    ]:
        assert role in roles_of(users[username])
    assert users["admin"].is_superuser
    assert Organisation.objects.filter(
        kind=Organisation.Kind.SUBDIVISION, name__contains="Кванториум"
    ).exists()
    assert Organisation.objects.filter(kind=Organisation.Kind.SCHOOL).count() == 2
    assert AcademicYear.objects.filter(label="2013/2014").exists()
    assert AcademicYear.objects.current() is not None


def test_the_city_association_and_amurskiy_are_organisations_with_their_own_staff(demo):
    staffed = (
        Organisation.objects.filter(kind=Organisation.Kind.CENTRE)
        .annotate(logins=Count("staff__user"))
        .filter(logins__gt=0)
    )
    names = set(staffed.values_list("short_name", flat=True))
    assert {"ЦВР «Малая Академия»", "ЦРТ", "Станция туризма и экскурсий", "Детско-юношеский центр"} <= names
    assert "ЦТ «Амурский»" in names
    assert user("amur_director").person.organisation.short_name == "ЦТ «Амурский»"
    assert Role.DIRECTOR in roles_of(user("amur_director"))
    # and each has clubs, programs and children of its own
    for short_name in names:
        centre = organisation(short_name)
        assert Club.objects.filter(organisation=centre).exists(), short_name
        assert Program.objects.filter(organisation=centre).exists(), short_name
        assert Learner.objects.filter(organisation=centre).exists(), short_name


def test_every_staff_role_works_in_at_least_two_organisations(demo):
    for role in STAFF_ROLES:
        where = {
            person.organisation_id
            for person in Person.objects.filter(user__isnull=False).select_related("user")
            if role in roles_of(person.user)
        }
        assert len(where) >= 2, role


def test_the_authority_reads_the_city_association_and_not_omsk(demo):
    authority = user("authority")
    assert authority.person.organisation.kind == Organisation.Kind.AUTHORITY
    assert roles_of(authority) == {Role.AUTHORITY}
    readable = set(readable_organisations(authority))
    city = {
        organisation(short).pk
        for short in ("ЦВР «Малая Академия»", "Кванториум", "ЦРТ", "Станция туризма и экскурсий")
    }
    assert city <= readable
    assert organisation("ЦТ «Амурский»").pk not in readable
    assert Learner.objects.for_user(authority, write=True).count() == 0


def test_amurskiys_platforms_are_in_amurskiy_with_its_own_staff(demo):
    amursky = organisation("ЦТ «Амурский»")
    seed = Platform.objects.filter(theme="Образование детей особой заботы").get()
    assert seed.organisation == amursky
    assert Platform.objects.filter(organisation=amursky).count() == 6
    responsible = {
        p.organisation for pl in Platform.objects.filter(organisation=amursky) for p in pl.responsible.all()
    }
    assert responsible == {amursky}
    # the Рубцовск methodist sees none of them, Amurskiy's director all
    assert not Platform.objects.for_user(user("methodist")).filter(organisation=amursky).exists()
    assert Platform.objects.for_user(user("amur_director")).filter(organisation=amursky).count() == 6


def test_every_child_guardian_and_program_belongs_where_it_is_taught(demo):
    assert (
        not Enrolment.objects.exclude(learner__organisation=F("group__club__organisation"))
        .exclude(learner__organisation=F("group__club__organisation__parent"))
        .exists()
    )
    assert not Group.objects.exclude(program__organisation=F("club__organisation")).exists()
    parent = Guardian.objects.get(user__username="parent")
    assert parent.organisation is None
    recorded = Guardianship.objects.exclude(guardian=parent)
    assert recorded.exists()
    assert not recorded.exclude(guardian__organisation=F("learner__organisation")).exists()


def test_a_child_of_two_organisations_is_two_records_each_seen_by_its_own_staff(demo):
    records = Learner.objects.filter(surname="Тарасов", name="Кирилл")
    centre, station = organisation("ЦВР «Малая Академия»"), organisation("Станция туризма и экскурсий")
    assert set(records.values_list("organisation", flat=True)) == {centre.pk, station.pk}
    assert list(Learner.objects.for_user(user("methodist")).filter(surname="Тарасов")) == [
        records.get(organisation=centre)
    ]
    assert list(Learner.objects.for_user(user("tourism_director")).filter(surname="Тарасов")) == [
        records.get(organisation=station)
    ]
    station_record = records.get(organisation=station)
    assert station_record.enrolments.get().group.club.organisation == station
    assert {g.organisation for g in station_record.guardians.all()} == {station}


def test_each_organisations_coordinator_sees_its_own_mentoring_program(demo):
    from mentoring.models import MentoringProgram, Pair

    ours = set(MentoringProgram.objects.for_user(user("coordinator")))
    theirs = set(MentoringProgram.objects.for_user(user("crt_coordinator")))
    assert ours and theirs and not ours & theirs
    assert {program.organisation.short_name for program in theirs} == {"ЦРТ"}
    assert Pair.objects.for_user(user("crt_coordinator")).count() == 1


def test_partner_school_clubs_belong_to_the_centre_that_runs_them(demo):
    centre = organisation("ЦВР «Малая Академия»")
    school = organisation("МБОУ «СОШ № 1»")
    club = Club.objects.get(slug="lego-school1")
    assert club.organisation == centre
    group = club.groups.first()
    assert group.venue.organisation == centre and group.venue.address == school.address
    assert school in Program.objects.get(slug="lego-school1").partners.all()
    assert club in Club.objects.for_user(user("methodist"), write=True)
    assert club not in Club.objects.for_user(user("crt_methodist"))


def test_demo_logins_lists_each_organisations_logins_under_its_name(demo):
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    sections, heading = {}, None
    for line in out.getvalue().splitlines()[1:]:
        if line.startswith("    "):
            sections[heading].append(line.split()[0])
        else:
            heading = line.strip()
            sections[heading] = []
    for username, key, *_ in DEMO_STAFF:
        assert username in sections[ORGANISATIONS[key]["short_name"]], username
    assert sections["ЦВР «Малая Академия»"] == ["director", "deputy", "methodist", "teacher", "coordinator"]
    assert sections["ЦТ «Амурский»"] == ["amur_director", "amur_methodist", "amur_teacher"]
    assert ["parent"] in sections.values() and ["admin"] in sections.values()


def test_demo_refuses_to_run_in_production(settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("load_demo")


def test_the_demo_parent_keeps_two_children_and_applied_for_one_as_the_mother(demo):
    parent = Guardian.objects.get(user__username="parent")
    assert parent.relation == "mother" and parent.email_confirmed_at is not None
    children = list(parent.children.order_by("birth_date"))
    assert len(children) == 2
    application = Application.objects.get(user=parent.user)
    assert application.child == children[0]
    assert application.guardian_relation == "mother"
