"""Leaving a club: the parent asks (a confirmation page and a reason), staff of the group's
organisation approve (the enrolment ends, the place is offered on) or refuse with a comment."""

from unittest import mock

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from centre.models import Organisation
from programs.models import Application, Enrolment, LeaveRequest
from programs.notifications import Event
from programs.services import application_accept
from programs.services.leaving import leave_request_approve, leave_request_create, leave_request_refuse
from tests.factories import OrganisationFactory, PersonFactory
from tests.programs.factories import ApplicationFactory, ClubFactory, catalogue_group

pytestmark = pytest.mark.django_db

LIST = reverse("programs:staff_leave_requests")


@pytest.fixture
def enrolled(parent, make_user):
    """The parent's application, accepted: the child studies in the group."""
    application = ApplicationFactory(group=catalogue_group(places=1), user=parent, child_name="Лиза")
    application_accept(application=application, by=make_user("methodist", username="accepting"))
    application.refresh_from_db()
    return application


def leave_url(application):
    return reverse("programs:cabinet_leave", kwargs={"pk": application.pk})


def detail_url(leave):
    return reverse("programs:staff_leave_request", kwargs={"pk": leave.pk})


def decide_url(leave):
    return reverse("programs:staff_leave_decide", kwargs={"pk": leave.pk})


def ask(application, parent, reason="Переезжаем в другой район"):
    return leave_request_create(application=application, user=parent, reason=reason)


# --- the parent asks ---------------------------------------------------------------------------


def test_the_cabinet_offers_leaving_for_an_enrolled_application_only(parent_client, enrolled, parent):
    waiting = ApplicationFactory(group=catalogue_group(), user=parent, status=Application.Status.WAITING)
    html = parent_client.get(reverse("programs:cabinet")).content.decode()
    assert leave_url(enrolled) in html
    assert leave_url(waiting) not in html
    assert reverse("programs:cabinet_withdraw", kwargs={"pk": waiting.pk}) in html
    assert reverse("programs:cabinet_withdraw", kwargs={"pk": enrolled.pk}) not in html


def test_the_confirmation_page_names_the_consequence_and_changes_nothing(parent_client, enrolled):
    response = parent_client.get(leave_url(enrolled))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="confirm-form"' in html and 'name="reason"' in html
    assert "следующему в листе ожидания" in html
    assert not LeaveRequest.objects.exists()


def test_the_parent_asks_with_a_reason(parent_client, enrolled, parent):
    response = parent_client.post(leave_url(enrolled), {"reason": "Переезжаем", "confirmed": "1"})
    assert response.status_code == 302
    leave = LeaveRequest.objects.get()
    assert leave.enrolment == enrolled.enrolment
    assert leave.reason == "Переезжаем" and leave.requested_by == parent
    assert leave.status == LeaveRequest.Status.PENDING
    assert Enrolment.objects.get(pk=leave.enrolment_id).status == Enrolment.Status.ACTIVE  # staff decide
    html = parent_client.get(reverse("programs:cabinet")).content.decode()
    assert 'data-testid="leave-pending"' in html and leave_url(enrolled) not in html


@pytest.mark.parametrize("reason", ["", "   ", "x" * 1001])
def test_without_a_reason_nothing_is_asked(parent_client, enrolled, reason):
    response = parent_client.post(leave_url(enrolled), {"reason": reason, "confirmed": "1"})
    assert response.status_code == 200
    errors = response.context["form"].errors["reason"]
    assert errors and any("а" <= ch <= "я" for ch in errors[0].lower())
    if reason.strip():
        assert f"{reason}</textarea>" in response.content.decode()  # what was typed is kept
    assert not LeaveRequest.objects.exists()


def test_asking_twice_is_one_request(parent_client, enrolled, parent):
    ask(enrolled, parent)
    response = parent_client.post(leave_url(enrolled), {"reason": "Ещё раз", "confirmed": "1"})
    assert response.status_code == 200
    assert 'id="leave-pending"' in response.content.decode()
    assert LeaveRequest.objects.count() == 1
    with pytest.raises(ValidationError, match="уже ждёт решения"):
        ask(enrolled, parent)


def test_a_not_enrolled_application_has_nothing_to_leave(parent_client, parent):
    application = ApplicationFactory(group=catalogue_group(), user=parent)
    response = parent_client.get(leave_url(application))
    assert response.status_code == 200
    assert 'id="leave-unavailable"' in response.content.decode()
    parent_client.post(leave_url(application), {"reason": "Переезжаем", "confirmed": "1"})
    assert not LeaveRequest.objects.exists()
    with pytest.raises(ValidationError):
        ask(application, parent)


def test_withdrawing_an_enrolled_application_from_the_cabinet_points_to_leaving(parent_client, enrolled):
    response = parent_client.post(
        reverse("programs:cabinet_withdraw", kwargs={"pk": enrolled.pk}), {"confirm": "on"}
    )
    assert response.status_code == 200
    assert "попросите об отчислении" in response.content.decode()
    enrolled.refresh_from_db()
    assert enrolled.status == Application.Status.ACCEPTED


def test_another_parents_application_is_not_found(parent_client, methodist, make_user):
    other_parent = make_user("parent", username="other-parent")
    application = ApplicationFactory(group=catalogue_group(), user=other_parent)
    application_accept(application=application, by=methodist)
    assert parent_client.get(leave_url(application)).status_code == 404
    assert (
        parent_client.post(leave_url(application), {"reason": "Чужой", "confirmed": "1"}).status_code == 404
    )
    assert not LeaveRequest.objects.exists()
    with pytest.raises(PermissionDenied):
        leave_request_create(application=application, user=make_user("parent", username="third"), reason="x")


@pytest.mark.parametrize(
    "role_client, status",
    [("anonymous", 302), ("teacher", 403), ("methodist", 403), ("director", 403)],
    indirect=["role_client"],
)
def test_only_the_parent_asks(role_client, status, enrolled):
    assert role_client.get(leave_url(enrolled)).status_code == status
    assert role_client.post(leave_url(enrolled), {"reason": "Нет", "confirmed": "1"}).status_code == status
    assert not LeaveRequest.objects.exists()


# --- staff decide ---------------------------------------------------------------------------------


def test_staff_list_shows_pending_requests_of_their_organisation(methodist_client, enrolled, parent):
    leave = ask(enrolled, parent)
    foreign_org = OrganisationFactory(name="Другой центр")
    foreign = ApplicationFactory(
        group=catalogue_group(club=ClubFactory(organisation=foreign_org)), user=parent
    )
    foreign_methodist = PersonFactory(organisation=foreign_org)
    assert foreign_methodist  # the foreign request is made by the data, not the service
    enrolment = Enrolment.objects.create(
        group=foreign.group, learner=enrolled.enrolment.learner, application=foreign
    )
    other = LeaveRequest.objects.create(enrolment=enrolment, reason="Чужая")
    html = methodist_client.get(LIST).content.decode()
    assert detail_url(leave) in html and detail_url(other) not in html
    assert methodist_client.get(detail_url(other)).status_code == 404
    response = methodist_client.post(decide_url(other), {"decision": "approve"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.status == LeaveRequest.Status.PENDING
    assert enrolment.group.club.organisation != Organisation.objects.get(
        pk=enrolled.group.club.organisation_id
    )


def test_approval_ends_the_enrolment_frees_the_place_notifies_and_offers_it_on(
    methodist_client, enrolled, parent
):
    leave = ask(enrolled, parent)
    group = enrolled.group
    page = methodist_client.get(detail_url(leave))
    assert page.status_code == 200 and "Переезжаем в другой район" in page.content.decode()
    assert LeaveRequest.objects.get().status == LeaveRequest.Status.PENDING  # the page changes nothing
    with (
        mock.patch("programs.services.leaving.notify_applicant") as notify,
        mock.patch("programs.services.leaving.offer_freed_places") as offer,
    ):
        response = methodist_client.post(decide_url(leave), {"decision": "approve", "comment": ""})
    assert response.status_code == 302
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.APPROVED and leave.decided_at is not None
    enrolment = Enrolment.objects.get(pk=leave.enrolment_id)
    assert enrolment.status == Enrolment.Status.LEFT and enrolment.left_on is not None
    group.refresh_from_db()
    assert group.enrolled_count == 0
    enrolled.refresh_from_db()
    assert enrolled.status == Application.Status.WITHDRAWN  # the child may apply again
    assert notify.call_args.args[:2] == (enrolled, Event.LEAVE_APPROVED)
    assert offer.call_args.args[0].pk == group.pk


def test_refusal_needs_a_comment_and_keeps_the_child(methodist_client, enrolled, parent):
    leave = ask(enrolled, parent)
    response = methodist_client.post(decide_url(leave), {"decision": "refuse", "comment": " "})
    assert response.status_code == 200
    assert "Объясните, почему" in response.content.decode()
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.PENDING
    with mock.patch("programs.services.leaving.notify_applicant") as notify:
        response = methodist_client.post(decide_url(leave), {"decision": "refuse", "comment": "Сначала долг"})
    assert response.status_code == 302
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.REFUSED and leave.staff_comment == "Сначала долг"
    assert Enrolment.objects.get(pk=leave.enrolment_id).status == Enrolment.Status.ACTIVE
    assert notify.call_args.args[1] == Event.LEAVE_REFUSED


def test_no_decision_without_a_choice_and_a_decided_request_is_not_decided_again(
    methodist_client, methodist, enrolled, parent
):
    leave = ask(enrolled, parent)
    response = methodist_client.post(decide_url(leave), {})
    assert response.status_code == 200
    assert "Выберите" in response.content.decode()
    leave_request_refuse(leave=leave, by=methodist, comment="Нет")
    with pytest.raises(ValidationError, match="уже"):
        leave_request_approve(leave=leave, by=methodist)
    assert Enrolment.objects.get(pk=leave.enrolment_id).status == Enrolment.Status.ACTIVE


def test_the_authority_decides_nothing(authority, enrolled, parent):
    leave = ask(enrolled, parent)
    with pytest.raises(PermissionDenied):
        leave_request_approve(leave=leave, by=authority)


@pytest.mark.parametrize(
    "role_client, status",
    [("anonymous", 302), ("teacher", 403), ("coordinator", 403), ("methodist", 200), ("director", 200)],
    indirect=["role_client"],
)
def test_staff_pages_for_every_role(role_client, status, enrolled, parent):
    leave = ask(enrolled, parent)
    assert role_client.get(LIST).status_code == status
    assert role_client.get(detail_url(leave)).status_code == status


def test_the_parent_neither_reads_nor_decides_staff_pages(parent_client, enrolled, parent):
    leave = ask(enrolled, parent)
    assert parent_client.get(LIST).status_code == 403
    assert parent_client.get(detail_url(leave)).status_code == 403
    assert parent_client.post(decide_url(leave), {"decision": "approve"}).status_code == 403
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.PENDING


@pytest.mark.parametrize(
    "role_client, status, decided",
    [
        ("anonymous", 302, False),
        ("teacher", 403, False),
        ("methodist", 302, True),
        ("director", 302, True),
    ],
    indirect=["role_client"],
)
def test_deciding_for_every_role(role_client, status, decided, enrolled, parent):
    leave = ask(enrolled, parent)
    response = role_client.post(decide_url(leave), {"decision": "refuse", "comment": "Нет"})
    assert response.status_code == status
    leave.refresh_from_db()
    assert (leave.status == LeaveRequest.Status.REFUSED) is decided


def test_the_list_reads_a_fixed_number_of_queries(
    methodist_client, methodist, parent, django_assert_max_num_queries
):
    for index in range(12):
        application = ApplicationFactory(group=catalogue_group(), user=parent, child_name=f"Ребёнок{index}")
        application_accept(application=application, by=methodist)
        ask(application, parent)
    with django_assert_max_num_queries(10):
        response = methodist_client.get(LIST)
    assert response.content.decode().count('data-testid="leave-request"') == 12


def test_the_freed_place_goes_to_the_first_in_line(enrolled, parent, methodist):
    """Not mocked: C's waiting list offers the place the leaving child frees."""
    group = enrolled.group
    waiting = ApplicationFactory(group=group, status=Application.Status.WAITING)
    leave = ask(enrolled, parent)
    leave_request_approve(leave=leave, by=methodist)
    waiting.refresh_from_db()
    assert waiting.status == Application.Status.OFFERED
    assert waiting.offers.get().status == "open"
    group.refresh_from_db()
    assert (group.enrolled_count, group.offered_count) == (0, 1)


def test_approving_is_one_transaction(enrolled, parent, methodist):
    leave = ask(enrolled, parent)
    with (
        mock.patch("programs.services.leaving.offer_freed_places", side_effect=RuntimeError("down")),
        pytest.raises(RuntimeError),
    ):
        leave_request_approve(leave=leave, by=methodist)
    leave.refresh_from_db()
    assert leave.status == LeaveRequest.Status.PENDING
    assert Enrolment.objects.get(pk=leave.enrolment_id).status == Enrolment.Status.ACTIVE
    enrolled.group.refresh_from_db()
    assert enrolled.group.enrolled_count == 1
