"""Erasure after a duplicate (issue 13, finding 5): every record of the child in the
organisation is erased, and another organisation's record of the same child is not touched."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from centre.erasure import ERASED, learner_erase
from centre.models import Consent, Guardian, Guardianship, Learner, Organisation, PersonalDataAccess
from centre.roles import Role
from programs.models import Application, Enrolment
from tests.factories import (
    GuardianFactory,
    LearnerFactory,
    OrganisationFactory,
    PersonFactory,
    home_organisation,
)
from tests.programs.factories import ApplicationFactory, GroupFactory

pytestmark = pytest.mark.django_db

BORN = datetime.date(2013, 4, 5)
IDENTITY = {"surname": "Карпов", "name": "Семён", "birth_date": BORN}


def record(organisation, guardian, *, surname="Карпов", enrol=True):
    """A record of the child in an organisation, linked to the guardian, with a consent, an
    enrolment in a group of its own and the accepted application behind it."""
    learner = LearnerFactory(organisation=organisation, surname=surname, name="Семён", birth_date=BORN)
    Guardianship.objects.create(guardian=guardian, learner=learner)
    Consent.objects.create(guardian=guardian, learner=learner, kind=Consent.Kind.PROCESSING)
    if enrol:
        group = GroupFactory(
            club__organisation=organisation, teacher=PersonFactory(organisation=organisation)
        )
        application = ApplicationFactory(
            group=group,
            learner=learner,
            child_surname="Карпов",
            child_name="Семён",
            child_birth_date=BORN,
            guardian_phone=guardian.phone,
            status=Application.Status.ACCEPTED,
        )
        Enrolment.objects.create(group=group, learner=learner, application=application)
        group.enrolled_count = 1
        group.save(update_fields=["enrolled_count"])
    return learner


def typed_application(organisation, phone, **extra):
    """An application a parent typed with the child's identity, never linked to a record."""
    group = GroupFactory(club__organisation=organisation, teacher=PersonFactory(organisation=organisation))
    return ApplicationFactory(
        group=group,
        child_surname="КАРПОВ",
        child_name="семён",
        child_birth_date=BORN,
        guardian_phone=phone,
        **extra,
    )


def identity_left(organisation) -> list[str]:
    """What of the child is left in the organisation's records."""
    left = [
        f"learner {pk}"
        for pk in Learner.objects.filter(organisation=organisation)
        .with_identity(**IDENTITY)
        .values_list("pk", flat=True)
    ]
    applications = Application.objects.filter(
        group__club__organisation=organisation, child_surname__iexact="Карпов", child_birth_date=BORN
    )
    left += [f"application {pk}" for pk in applications.values_list("pk", flat=True)]
    left += [
        f"history of application {pk}"
        for pk in Application.history.filter(child_surname__iexact="Карпов").values_list("id", flat=True)
        if Application.objects.filter(pk=pk, group__club__organisation=organisation).exists()
    ]
    left += [
        f"guardian {pk}"
        for pk in Guardian.objects.filter(organisation=organisation, phone__contains="777").values_list(
            "pk", flat=True
        )
    ]
    left += [
        f"enrolment {pk}"
        for pk in Enrolment.objects.filter(
            learner__organisation=organisation, status=Enrolment.Status.ACTIVE
        ).values_list("pk", flat=True)
    ]
    return left


@pytest.fixture
def elsewhere(db):
    return OrganisationFactory(name="Станция юных техников (тестовая)", short_name="СЮТ")


@pytest.fixture
def duplicate(elsewhere):
    """Two records of one child and one mother in the home organisation (made directly, as
    concurrent accepts once left them), an application she typed and nobody linked (her phone
    written another way), and the other organisation's own record of the child."""
    home = home_organisation()
    mother = GuardianFactory(organisation=home, surname="Карпова", phone="+7 (913) 777-77-77")
    first = record(home, mother)
    second = record(home, mother, surname="КАРПОВ")
    typed = typed_application(home, "8 913 777 77 77")
    their_mother = GuardianFactory(organisation=elsewhere, surname="Карпова", phone="+7 (913) 777-77-77")
    theirs = record(elsewhere, their_mother)
    their_typed = typed_application(elsewhere, "+7 (913) 777-77-77")
    return {"first": first, "second": second, "typed": typed, "theirs": theirs, "their_typed": their_typed}


def erase(client, learner):
    return client.post(
        reverse("staff_learner_erase", args=[learner.pk]),
        {"reason": "заявление", "confirm": "on"},
        follow=True,
    )


def test_erasing_one_record_leaves_nothing_of_the_child_in_the_organisation(
    methodist_client, duplicate, elsewhere
):
    home = home_organisation()
    before = identity_left(home)
    first, second, typed = duplicate["first"], duplicate["second"], duplicate["typed"]
    assert {f"learner {first.pk}", f"learner {second.pk}", f"application {typed.pk}"} <= set(before)
    response = erase(methodist_client, duplicate["first"])
    assert response.status_code == 200
    assert identity_left(home) == []
    for key in ("first", "second"):
        duplicate[key].refresh_from_db()
        assert duplicate[key].surname == ERASED and not duplicate[key].consents.valid().exists()
    message = " ".join(str(m) for m in response.context["messages"])
    assert str(home) in message and "2 записи о ребёнке" in message and "3 заявки обезличены" in message
    assert "2 зачисления прекращены" in message
    # each record erased is in the log
    erased = PersonalDataAccess.objects.filter(action=PersonalDataAccess.Kind.ERASE)
    assert set(erased.values_list("object_id", flat=True)) == {
        str(duplicate["first"].pk),
        str(duplicate["second"].pk),
    }


def test_another_organisations_record_of_the_child_is_not_touched(methodist_client, duplicate, elsewhere):
    before = identity_left(elsewhere)
    assert (
        f"learner {duplicate['theirs'].pk}" in before
        and f"application {duplicate['their_typed'].pk}" in before
    )
    erase(methodist_client, duplicate["first"])
    assert identity_left(elsewhere) == before
    theirs = duplicate["theirs"]
    theirs.refresh_from_db()
    assert theirs.surname == "Карпов" and theirs.consents.valid().exists()
    assert theirs.guardians.get().phone == "+7 (913) 777-77-77"
    duplicate["their_typed"].refresh_from_db()
    assert duplicate["their_typed"].child_surname == "КАРПОВ"


def test_two_records_with_two_parent_records_of_one_phone_are_both_erased(methodist_client):
    home = home_organisation()
    first = record(home, GuardianFactory(organisation=home, surname="Карпова", phone="+7 (913) 777-77-77"))
    second = record(home, GuardianFactory(organisation=home, surname="Карпова", phone="+79137777777"))
    erase(methodist_client, second)
    assert identity_left(home) == []
    first.refresh_from_db()
    assert first.surname == ERASED


def test_a_namesake_of_another_family_is_not_erased(methodist_client):
    """The same name and date of birth linked to other parents is another child (a child's
    identity is no proof of who it is), and so is an application a stranger typed."""
    home = home_organisation()
    child = record(home, GuardianFactory(organisation=home, surname="Карпова", phone="+7 (913) 777-77-77"))
    namesake = record(home, GuardianFactory(organisation=home, surname="Карпова", phone="+7 (913) 111-11-11"))
    stranger = typed_application(home, "+7 (913) 222-22-22")
    erase(methodist_client, child)
    namesake.refresh_from_db()
    stranger.refresh_from_db()
    assert namesake.surname == "Карпов" and namesake.enrolments.get().status == Enrolment.Status.ACTIVE
    assert stranger.child_surname == "КАРПОВ"


def test_a_parents_account_keeps_its_contacts_for_a_child_of_another_organisation(
    methodist_client, elsewhere
):
    parent = GuardianFactory(organisation=None, surname="Карпова", phone="+7 (913) 777-77-77")
    ours = record(home_organisation(), parent)
    theirs = record(elsewhere, parent)
    erase(methodist_client, ours)
    parent.refresh_from_db()
    theirs.refresh_from_db()
    assert parent.phone == "+7 (913) 777-77-77"
    assert (
        theirs.surname == "Карпов" and Guardianship.objects.filter(guardian=parent, learner=theirs).exists()
    )


def test_a_subdivisions_record_of_the_child_is_the_organisations_too(methodist_client):
    home = home_organisation()
    technopark = OrganisationFactory(
        name="Технопарк (тестовый)", kind=Organisation.Kind.SUBDIVISION, parent=home
    )
    mother = GuardianFactory(organisation=home, surname="Карпова", phone="+7 (913) 777-77-77")
    ours = record(home, mother)
    subdivisions = record(technopark, mother)
    erase(methodist_client, ours)
    subdivisions.refresh_from_db()
    assert subdivisions.surname == ERASED


def test_the_administrator_erases_within_the_records_organisation_only(
    client, admin_user, duplicate, elsewhere
):
    client.force_login(admin_user)
    before = identity_left(elsewhere)
    erase(client, duplicate["second"])
    assert identity_left(home_organisation()) == []
    assert identity_left(elsewhere) == before


def test_the_service_refuses_a_record_outside_the_users_own_organisations(make_user, duplicate, authority):
    outsider = make_user(Role.METHODIST, username="methodist_b")
    outsider.person.organisation = OrganisationFactory()
    outsider.person.save(update_fields=["organisation"])
    for user in (outsider, authority):  # the authority reads the home organisation, changes nothing
        request = type("Request", (), {"user": user, "path": "/"})()
        with pytest.raises(PermissionDenied):
            learner_erase(learner=duplicate["first"], request=request, reason="заявление")
    duplicate["first"].refresh_from_db()
    assert duplicate["first"].surname == "Карпов"
