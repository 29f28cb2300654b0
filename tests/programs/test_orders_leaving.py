"""Leavings by order: the parent's approved request, a withdrawal and staff ending an
enrolment from the group's page (a confirmation with the reason and the end date) each go into
the draft leaving order with their reason; the leaving order is signed like any other."""

import pytest
from django.urls import reverse

from centre.roles import Role
from programs.models import Application, Enrolment, Group, LeaveRequest, LeavingReason, Order
from programs.services import application_accept, application_withdraw
from programs.services.leaving import leave_request_approve, leave_request_create
from programs.services.orders import order_sign
from tests.factories import LearnerFactory, OrganisationFactory
from tests.programs.factories import ApplicationFactory, ClubFactory, GroupFactory
from tests.programs.helpers import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def signer(make_user):
    return make_user(Role.DIRECTOR, username="signer")


@pytest.fixture
def enrolment(signer):
    application = ApplicationFactory(group=GroupFactory(places=2))
    return application_accept(application=application, by=signer)


def end_url(enrolment):
    return reverse("programs:staff_enrolment_end", args=[enrolment.pk])


def end_data(**overrides):
    data = {"reason": "completed", "left_on": today().isoformat(), "confirmed": "1"}
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_an_approved_request_to_leave_goes_into_the_draft_leaving_order(parent, signer):
    application = ApplicationFactory(group=GroupFactory(), user=parent)
    enrolment = application_accept(application=application, by=signer)
    leave = leave_request_create(application=application, user=parent, reason="Переезжаем")
    leave_request_approve(leave=LeaveRequest.objects.get(pk=leave.pk), by=signer)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.LEFT and enrolment.left_on == today()
    assert enrolment.leaving_reason == LeavingReason.PARENT_REQUEST
    order = enrolment.leaving_order
    assert (order.kind, order.status) == (Order.Kind.LEAVING, Order.Status.DRAFT)
    assert order.organisation_id == enrolment.group.club.organisation_id
    # the enrolment order and the leaving order are two drafts
    assert enrolment.order != order and enrolment.order.kind == Order.Kind.ENROLMENT


def test_a_withdrawal_of_an_enrolled_child_is_a_leaving_at_the_parent_s_request(enrolment):
    application_withdraw(application=enrolment.application)
    enrolment.refresh_from_db()
    assert enrolment.leaving_reason == LeavingReason.PARENT_REQUEST
    assert enrolment.leaving_order.kind == Order.Kind.LEAVING


def test_staff_end_an_enrolment_from_the_group_page_after_a_confirmation(methodist_client, enrolment):
    group_page = methodist_client.get(reverse("programs:staff_group", args=[enrolment.group_id]))
    assert end_url(enrolment) in group_page.content.decode()
    assert methodist_client.get(end_url(enrolment)).status_code == 200
    assert methodist_client.post(end_url(enrolment), end_data(confirmed=None)).status_code == 200
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE  # asked only
    response = methodist_client.post(end_url(enrolment), end_data())
    assert response.status_code == 302
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.leaving_reason) == (Enrolment.Status.LEFT, LeavingReason.COMPLETED)
    assert enrolment.left_on == today()
    assert enrolment.leaving_order.is_draft
    assert Group.objects.get(pk=enrolment.group_id).enrolled_count == 0
    application = Application.objects.get(pk=enrolment.application_id)
    assert application.status == Application.Status.WITHDRAWN  # the child may apply again


@pytest.mark.parametrize(
    "data, field, words",
    [
        ({"reason": ""}, "reason", "Выберите основание"),
        ({"reason": "bored"}, "reason", "Выберите"),
        ({"left_on": ""}, "left_on", "дату отчисления"),
        ({"left_on": "2999-01-01"}, "left_on", "будущем"),
        ({"left_on": "2000-01-01"}, "left_on", "раньше даты начала"),
    ],
)
def test_bad_input_on_ending_is_said_in_russian_and_changes_nothing(
    methodist_client, enrolment, data, field, words
):
    response = methodist_client.post(end_url(enrolment), end_data(**data))
    assert response.status_code == 200
    errors = " ".join(str(e) for e in response.context["form"].errors.get(field, []))
    assert words in errors, response.context["form"].errors
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE and enrolment.leaving_order is None
    assert not Order.objects.filter(kind=Order.Kind.LEAVING).exists()


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("methodist", 200), ("director", 200)],
    indirect=["role_client"],
)
def test_ending_is_for_methodists_and_directors(role_client, expected, enrolment):
    assert role_client.get(end_url(enrolment)).status_code == expected
    role_client.post(end_url(enrolment), end_data())
    enrolment.refresh_from_db()
    assert (enrolment.status == Enrolment.Status.LEFT) == (expected == 200)


def test_another_organisation_s_enrolment_cannot_be_ended(methodist_client, signer):
    other = GroupFactory(club=ClubFactory(organisation=OrganisationFactory()))
    enrolment = Enrolment.objects.create(group=other, learner=_learner(other), funding="free")
    assert methodist_client.get(end_url(enrolment)).status_code == 404
    assert methodist_client.post(end_url(enrolment), end_data()).status_code == 404
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ACTIVE


def _learner(group):
    return LearnerFactory(organisation=group.club.organisation)


def test_an_ended_enrolment_cannot_be_ended_again(methodist_client, enrolment):
    methodist_client.post(end_url(enrolment), end_data())
    assert methodist_client.get(end_url(enrolment)).status_code == 404


def test_the_leaving_order_is_printed_with_reasons_and_signed(director_client, director, enrolment):
    director_client.post(end_url(enrolment), end_data(reason="transfer"))
    enrolment.refresh_from_db()
    order = enrolment.leaving_order
    body = director_client.get(reverse("programs:staff_order_print", args=[order.pk])).content.decode()
    assert enrolment.learner.full_name in body
    assert "перевод" in body.lower()
    assert today().strftime("%d.%m.%Y") in body  # the end date
    order_sign(order=order, by=director, number="12-о", signed_on=today())
    order.refresh_from_db()
    assert not order.is_draft
    # a signed leaving order keeps the child; the draft page has no taking out for leavings
    page = director_client.get(reverse("programs:staff_order", args=[order.pk]))
    assert not any(line.removable for line in page.context["lines"])
