"""Erasing a child at a guardian's request: a reason and a confirmation, the child erased
everywhere in one transaction and recorded once; what is kept (another child's guardian, a
namesake's application)."""

import pytest
from django.test import Client
from django.urls import reverse

from centre.erasure import ERASED, NEUTRAL_BIRTH_DATE, learner_erase
from centre.models import Guardian, Guardianship
from mentoring.models import Pair
from programs.models import Application, Enrolment, Group
from projects.models import Project
from tests.factories import LearnerFactory
from tests.security.helpers import Access, find, forbidden_strings, login, records

pytestmark = pytest.mark.django_db


# --- erasure --------------------------------------------------------------------------------


def _erase(client, learner, **data):
    return client.post(reverse("staff_learner_erase", args=[learner.pk]), data)


def test_erasure_needs_a_reason_and_a_confirmation(methodist_client, child):
    for data in (
        {},
        {"reason": "заявление от 01.03.2026"},
        {"confirm": "on"},
        {"reason": "   ", "confirm": "on"},
    ):
        response = _erase(methodist_client, child, **data)
        assert response.status_code == 200
        assert response.context["erasure_form"].errors
        child.refresh_from_db()
        assert child.surname == "Карпов"
    assert not records(action=Access.ERASE).exists()
    assert "Обязательное поле" in response.content.decode()


def test_erasure_erases_the_child_everywhere_and_is_recorded(demo, artyom):
    methodist = demo["methodist"]
    guardian = artyom.guardians.get()
    forbidden = forbidden_strings(artyom)
    application = Application.objects.get(learner=artyom)
    enrolment = Enrolment.objects.get(learner=artyom, status=Enrolment.Status.ACTIVE)
    group = enrolment.group
    enrolled_before = Group.objects.get(pk=group.pk).enrolled_count
    project = Project.objects.get(memberships__learner=artyom)
    pair = Pair.objects.get(participants__learner=artyom)

    # staff pages show the child before
    staff = login(demo["director"])
    card = reverse("staff_learner", args=[artyom.pk])
    assert find(staff.get(card).content.decode(), forbidden)

    response = _erase(login(methodist), artyom, reason="Заявление законного представителя № 12", confirm="on")
    assert response.status_code == 302

    artyom.refresh_from_db()
    assert (artyom.surname, artyom.name, artyom.patronymic) == (ERASED, ERASED, "")
    assert artyom.birth_date == NEUTRAL_BIRTH_DATE and artyom.school == "" and artyom.school_class == ""
    guardian.refresh_from_db()
    assert guardian.phone == "" and guardian.email == "" and guardian.surname == ERASED
    assert not artyom.consents.filter(withdrawn_at__isnull=True).exists()
    application.refresh_from_db()
    assert application.child_surname == ERASED and application.guardian_phone == ""
    assert application.status == Application.Status.WITHDRAWN
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.LEFT
    assert Group.objects.get(pk=group.pk).enrolled_count == enrolled_before - 1
    project.refresh_from_db()
    assert project.is_public is False
    pair.refresh_from_db()
    assert pair.status == Pair.Status.TERMINATED
    erased = records(action=Access.ERASE).get()
    assert (
        erased.user == methodist
        and erased.object_type == "centre.learner"
        and erased.object_id == str(artyom.pk)
    )
    assert "Волков" not in erased.description

    # no page, public or staff, shows the old surname with name, birth date or phone
    pages = {
        "home": Client().get(reverse("home")),
        "showcase": Client().get(reverse("projects:showcase")),
        "club": Client().get(reverse("programs:club", args=[group.club.slug])),
        "status": Client().get(reverse("programs:application_status", args=[application.token])),
        "cabinet": login(demo["parent"]).get(reverse("programs:cabinet")),
        "card": staff.get(card),
        "application": staff.get(reverse("programs:staff_application", args=[application.pk])),
        "applications": staff.get(reverse("programs:staff_applications"), {"year": ""}),
        "group": staff.get(reverse("programs:staff_group", args=[group.pk])),
        "gifted": staff.get(reverse("projects:gifted_bank")),
        "pair": staff.get(reverse("mentoring:pair_detail", args=[pair.pk])),
        "mentoring": staff.get(reverse("mentoring:dashboard")),
        "audit": staff.get(reverse("staff_audit")),
        "project": login(methodist).get(reverse("projects:project_edit", args=[project.pk])),
    }
    assert Client().get(reverse("projects:project", args=[project.pk])).status_code == 404
    leaks = {}
    for name, page in pages.items():
        assert page.status_code == 200, name
        found = find(page.content.decode(), forbidden)
        if found:
            leaks[name] = found
    assert not leaks, leaks


def test_a_guardian_with_another_child_keeps_the_contacts(methodist, child):
    guardian = child.guardians.get()
    sibling = LearnerFactory(surname="Карпова", name="Ева")
    Guardianship.objects.create(guardian=guardian, learner=sibling)
    client = login(methodist)
    assert _erase(client, child, reason="заявление", confirm="on").status_code == 302
    guardian.refresh_from_db()
    assert guardian.phone == "+7 (913) 777-77-77" and guardian.surname == "Карпова"
    child.refresh_from_db()
    assert child.surname == ERASED


def test_erasing_twice_is_refused_and_recorded_once(methodist_client, child):
    assert _erase(methodist_client, child, reason="заявление", confirm="on").status_code == 302
    response = _erase(methodist_client, child, reason="заявление", confirm="on")
    assert response.status_code == 200
    assert response.context["erasure_form"].non_field_errors()
    assert records(action=Access.ERASE).count() == 1


def test_erasure_is_one_transaction(methodist, child, monkeypatch):
    """A failing area step leaves everything as it was: the child, the consents, the log."""
    from centre import erasure

    def broken(learner, old):
        raise RuntimeError("disk full")

    monkeypatch.setattr(erasure, "erasure_steps", [*erasure.erasure_steps, broken])
    request = type("Request", (), {"user": methodist, "path": "/"})()
    with pytest.raises(RuntimeError):
        learner_erase(learner=child, request=request, reason="заявление")
    child.refresh_from_db()
    assert child.surname == "Карпов"
    assert not child.consents.filter(withdrawn_at__isnull=False).exists()
    assert Guardian.objects.get(learners=child).phone == "+7 (913) 777-77-77"
    assert not records(action=Access.ERASE).exists()


def test_every_area_registers_its_erasure_step():
    from centre.erasure import erasure_steps

    modules = {step.__module__ for step in erasure_steps}
    assert {"programs.erasure", "projects.erasure", "mentoring.erasure"} <= modules


def test_erasure_finds_an_unlinked_application_and_scrubs_its_history(methodist_client, child):
    """The child's own parent typed the application (the phone in another format): erased."""
    from tests.programs.factories import ApplicationFactory

    application = ApplicationFactory(
        child_surname="Карпов",
        child_name="Семён",
        child_birth_date=child.birth_date,
        guardian_phone="8 913 777 77 77",
    )
    application.guardian_email = "karpova@example.org"
    application.save()
    assert application.history.count() == 2
    assert _erase(methodist_client, child, reason="заявление", confirm="on").status_code == 302
    application.refresh_from_db()
    assert application.child_surname == ERASED and application.guardian_email == ""
    assert not Application.history.filter(id=application.pk, child_surname="Карпов").exists()
    assert not Application.history.filter(id=application.pk, guardian_phone="8 913 777 77 77").exists()
    html = methodist_client.get(reverse("programs:staff_application", args=[application.pk])).content.decode()
    assert "Карпов" not in html and "777 77 77" not in html and "karpova" not in html


def test_erasure_keeps_a_namesakes_application_typed_by_another_parent(methodist_client, child):
    """A child's name and birth date are no proof of who it is: another parent's application
    for a namesake is not the erased child's record."""
    from tests.programs.factories import ApplicationFactory

    application = ApplicationFactory(
        child_surname="Карпов",
        child_name="Семён",
        child_birth_date=child.birth_date,
        guardian_phone="+7 913 1112233",
    )
    assert _erase(methodist_client, child, reason="заявление", confirm="on").status_code == 302
    application.refresh_from_db()
    assert (application.child_surname, application.guardian_phone) == ("Карпов", "+7 913 1112233")
