"""The core's staff pages under tenancy: the landing page shows what the user's role reaches,
the learner card is a 404 outside the user's organisations and shows only its own record's
enrolments, applications, projects and parents, the personal data log lists the rows of the
user's organisations only."""

import datetime

import pytest
from django.urls import reverse

from centre.models import Consent, Guardianship, PersonalDataAccess
from centre.roles import Role
from programs.models import Enrolment
from projects.models import ProjectMember
from tests.factories import (
    GuardianFactory,
    LearnerFactory,
    OrganisationFactory,
    PersonFactory,
    home_organisation,
)
from tests.programs.factories import ApplicationFactory, GroupFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(2013, 4, 5)


@pytest.fixture
def elsewhere(db):
    return OrganisationFactory(name="Станция юных техников (тестовая)", short_name="СЮТ")


@pytest.fixture
def outsider(make_user, elsewhere):
    """A member of staff of another organisation, in every role that reads children."""

    def make(role):
        user = make_user(role, username=f"{role}_elsewhere")
        user.person.organisation = elsewhere
        user.person.save(update_fields=["organisation"])
        return user

    return make


def record_in(organisation, *, club_name, guardian_surname, phone):
    """A child's record in an organisation with its parent, consent, enrolment, application
    and project there."""
    learner = LearnerFactory(organisation=organisation, surname="Карпов", name="Семён", birth_date=BORN)
    guardian = GuardianFactory(organisation=organisation, surname=guardian_surname, phone=phone)
    Guardianship.objects.create(guardian=guardian, learner=learner, relation=Guardianship.Relation.MOTHER)
    Consent.objects.create(guardian=guardian, learner=learner, kind=Consent.Kind.PROCESSING)
    teacher = PersonFactory(organisation=organisation)
    group = GroupFactory(club__organisation=organisation, club__name=club_name, teacher=teacher)
    Enrolment.objects.create(group=group, learner=learner)
    ApplicationFactory(group=group, learner=learner, child_surname="Карпов", child_name="Семён")
    project = ProjectFactory(club=group.club, title=f"Проект: {club_name}", supervisor=teacher)
    ProjectMember.objects.create(project=project, learner=learner)
    return learner


@pytest.fixture
def child(elsewhere):
    """One child known to two organisations: each keeps its own record."""
    home = record_in(
        home_organisation(), club_name="Робототехника", guardian_surname="Карпова", phone="+7 (913) 777-77-77"
    )
    other = record_in(elsewhere, club_name="Картинг", guardian_surname="Карпов", phone="+7 (913) 888-88-88")
    return home, other


# --- the staff landing page -----------------------------------------------------------------


def sections(response):
    return [section["name"] for section in response.context["sections"]]


@pytest.mark.parametrize(
    "role, shown, hidden",
    [
        (
            Role.METHODIST,
            [
                "programs:staff_applications",
                "programs:staff_groups",
                "programs:staff_programs",
                "projects:staff_projects",
                "projects:gifted_bank",
                "innovation:dashboard",
                "mentoring:dashboard",
            ],
            ["programs:staff_review", "staff_audit"],
        ),
        (
            Role.DIRECTOR,
            ["programs:staff_applications", "programs:staff_review", "projects:gifted_bank", "staff_audit"],
            ["projects:staff_projects", "projects:competitions"],
        ),
        (
            Role.TEACHER,
            [
                "programs:staff_groups",
                "programs:staff_timetable",
                "projects:staff_projects",
                "mentoring:dashboard",
            ],
            ["programs:staff_applications", "programs:staff_programs", "projects:gifted_bank", "staff_audit"],
        ),
        (Role.COORDINATOR, ["mentoring:dashboard"], ["programs:staff_groups", "programs:staff_applications"]),
        (
            Role.AUTHORITY,
            [
                "programs:staff_programs",
                "programs:staff_clubs",
                "programs:staff_groups",
                "innovation:dashboard",
            ],
            [
                "programs:staff_applications",
                "projects:staff_projects",
                "projects:gifted_bank",
                "mentoring:dashboard",
                "staff_audit",
            ],
        ),
    ],
)
def test_the_landing_page_shows_what_the_role_reaches_and_every_link_opens(
    client, make_user, request, role, shown, hidden
):
    user = request.getfixturevalue("authority") if role == Role.AUTHORITY else make_user(role)
    client.force_login(user)
    response = client.get(reverse("staff_home"))
    assert response.status_code == 200
    listed = sections(response)
    assert set(shown) <= set(listed)
    assert not set(hidden) & set(listed)
    html = response.content.decode()
    for section in response.context["sections"]:
        assert f'href="{section["url"]}"' in html
        # the landing page never offers a page that would refuse the user (a teacher's
        # mentoring page leads on to their own pairs)
        assert client.get(section["url"], follow=True).status_code == 200, section["name"]


def test_the_landing_page_names_the_users_organisations(methodist_client):
    html = methodist_client.get(reverse("staff_home")).content.decode()
    assert home_organisation().name in html
    assert 'id="territory"' not in html and 'id="read-only"' not in html


def test_the_authority_sees_its_territory_read_only(authority_client, elsewhere):
    response = authority_client.get(reverse("staff_home"))
    html = response.content.decode()
    assert response.context["territory"] == [home_organisation()]
    assert "Управление образования (тестовое)" in html
    assert 'id="read-only"' in html and str(home_organisation()) in html
    assert str(elsewhere) not in html  # outside its territory


def test_the_administrator_sees_every_organisation(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("staff_home"))
    assert response.context["every_organisation"] and 'id="every-organisation"' in response.content.decode()
    assert "staff_audit" in sections(response)


def test_the_landing_page_query_count_does_not_grow_with_the_territory(
    authority_client, authority, django_assert_max_num_queries
):
    authority_client.get(reverse("staff_home"))
    with django_assert_max_num_queries(12) as few:
        authority_client.get(reverse("staff_home"))
    for number in range(10):
        OrganisationFactory(name=f"Центр № {number}", authority=authority.person.organisation)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = authority_client.get(reverse("staff_home"))
    assert len(response.context["territory"]) == 11


@pytest.mark.parametrize(
    "role_client, status", [("anonymous", 302), ("parent", 403)], indirect=["role_client"]
)
def test_the_landing_page_is_for_staff(role_client, status):
    assert role_client.get(reverse("staff_home")).status_code == status


def test_the_home_page_and_header_lead_staff_to_their_landing_page(client, methodist, parent):
    client.force_login(methodist)
    html = client.get(reverse("home")).content.decode()
    assert 'id="staff-home-link"' in html and f'href="{reverse("staff_home")}"' in html
    client.force_login(parent)
    assert f'href="{reverse("staff_home")}"' not in client.get(reverse("home")).content.decode()


# --- the learner card -----------------------------------------------------------------------


def test_the_card_shows_only_its_own_records_enrolments_applications_projects_and_parents(
    methodist_client, child
):
    home, other = child
    html = methodist_client.get(reverse("staff_learner", args=[home.pk])).content.decode()
    assert "Карпов Семён" in html
    assert "Робототехника" in html and "Проект: Робототехника" in html and "+7 (913) 777-77-77" in html
    for theirs in ("Картинг", "+7 (913) 888-88-88"):
        assert theirs not in html
    assert home.applications.get().number in html
    assert other.applications.get().number not in html


@pytest.mark.parametrize("role", [Role.METHODIST, Role.DIRECTOR])
def test_another_organisations_record_is_not_found_and_posts_change_nothing(client, outsider, child, role):
    home, _ = child
    client.force_login(outsider(role))
    consent = home.consents.get()
    assert client.get(reverse("staff_learner", args=[home.pk])).status_code == 404
    assert client.post(reverse("staff_consent_withdraw", args=[home.pk, consent.pk])).status_code == 404
    response = client.post(
        reverse("staff_learner_erase", args=[home.pk]), {"reason": "заявление", "confirm": "on"}
    )
    assert response.status_code == 404
    home.refresh_from_db()
    consent.refresh_from_db()
    assert home.surname == "Карпов" and consent.withdrawn_at is None
    assert home.enrolments.get().status == Enrolment.Status.ACTIVE
    assert not PersonalDataAccess.objects.filter(object_id=str(home.pk)).exists()


def test_the_other_organisation_opens_its_own_record(client, outsider, child):
    _, other = child
    client.force_login(outsider(Role.METHODIST))
    html = client.get(reverse("staff_learner", args=[other.pk])).content.decode()
    assert "Картинг" in html and "+7 (913) 888-88-88" in html
    assert "Робототехника" not in html and "+7 (913) 777-77-77" not in html


def test_the_authority_reads_no_childs_card(authority_client, child):
    home, _ = child
    assert authority_client.get(reverse("staff_learner", args=[home.pk])).status_code == 403
    erase = authority_client.post(
        reverse("staff_learner_erase", args=[home.pk]), {"reason": "x", "confirm": "on"}
    )
    assert erase.status_code == 403
    home.refresh_from_db()
    assert home.surname == "Карпов"


# --- the personal data log ------------------------------------------------------------------


def _access(user, description):
    return PersonalDataAccess.objects.create(
        user=user, object_type="centre.learner", object_id="1", description=description
    )


def test_the_log_lists_only_the_rows_of_the_readers_organisations(client, director, methodist, outsider):
    director_elsewhere, methodist_elsewhere = outsider(Role.DIRECTOR), outsider(Role.METHODIST)
    ours = _access(methodist, "наша запись")
    theirs = _access(methodist_elsewhere, "чужая запись")
    client.force_login(director)
    response = client.get(reverse("staff_audit"))
    html = response.content.decode()
    assert f'id="access-{ours.pk}"' in html and "наша запись" in html
    assert f'id="access-{theirs.pk}"' not in html and "чужая запись" not in html
    # the filter offers no one of another organisation, and asking for them shows nothing
    users = list(response.context["filter"].form.fields["user"].queryset)
    assert methodist in users and methodist_elsewhere not in users
    asked = client.get(reverse("staff_audit"), {"user": methodist_elsewhere.pk}).content.decode()
    assert "чужая запись" not in asked
    client.force_login(director_elsewhere)
    html = client.get(reverse("staff_audit")).content.decode()
    assert "чужая запись" in html and "наша запись" not in html
