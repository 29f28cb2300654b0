"""Moving children on by the transfer order, leaving by the leaving order, and undoing a move."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from programs.models import Enrolment, Group, LeavingReason, Order
from programs.services import next_year
from programs.services.next_year import Decision
from tests.factories import AcademicYearFactory, LearnerFactory, OrganisationFactory
from tests.programs.factories import CurrentYearFactory, GroupFactory
from tests.programs.next_year.helpers import enrol, next_label

pytestmark = pytest.mark.django_db

# --- moving on and leaving -----------------------------------------------------------------


def test_children_move_on_by_the_transfer_order_or_leave_by_the_leaving_order(methodist, year, group, copy):
    staying, leaving = enrol(group, 2, funding="certificate")
    result = next_year.children_move(
        by=methodist, copy=copy, decisions={staying.pk: Decision.MOVE, leaving.pk: Decision.LEAVE}
    )

    moved = Enrolment.objects.get(continues=staying)
    assert result.moved == [moved]
    assert (moved.group, moved.learner, moved.status) == (copy, staying.learner, "active")
    assert (moved.enrolled_on, moved.funding) == (copy.academic_year.start, "certificate")
    assert moved.order.kind == Order.Kind.TRANSFER and moved.order.is_draft
    assert moved.order.academic_year == year and moved.order.organisation == group.club.organisation
    staying.refresh_from_db()
    assert staying.status == "active"  # the register of this year still needs it

    leaving.refresh_from_db()
    assert (leaving.status, leaving.leaving_reason) == ("left", LeavingReason.COMPLETED)
    assert leaving.leaving_order.kind == Order.Kind.LEAVING and leaving.leaving_order.is_draft
    assert leaving.left_on is not None
    group.refresh_from_db(), copy.refresh_from_db()
    assert (group.enrolled_count, copy.enrolled_count) == (1, 1)


def test_moving_again_changes_nothing_and_says_so(methodist, group, copy):
    staying, leaving = enrol(group, 2)
    decisions = {staying.pk: Decision.MOVE, leaving.pk: Decision.LEAVE}
    next_year.children_move(by=methodist, copy=copy, decisions=decisions)
    again = next_year.children_move(by=methodist, copy=copy, decisions=decisions)
    assert (
        again.moved == [] and again.left == [] and {e.pk for e in again.already} == {staying.pk, leaving.pk}
    )
    assert Enrolment.objects.filter(group=copy).count() == 1
    copy.refresh_from_db()
    assert copy.enrolled_count == 1
    # one draft of each kind, however many runs
    assert Order.objects.filter(kind=Order.Kind.TRANSFER).count() == 1
    assert Order.objects.filter(kind=Order.Kind.LEAVING).count() == 1


def test_later_leaves_the_child_as_they_are(methodist, group, copy):
    [child] = enrol(group)
    result = next_year.children_move(by=methodist, copy=copy, decisions={child.pk: Decision.LATER})
    assert result.moved == result.left == []
    assert not Order.objects.exists() and not Enrolment.objects.filter(group=copy).exists()


def test_too_few_places_next_year_moves_nobody(methodist, group, copy):
    children = enrol(group, 3)
    Group.objects.filter(pk=copy.pk).update(places=2)
    with pytest.raises(ValidationError, match="2"):
        next_year.children_move(by=methodist, copy=copy, decisions={e.pk: Decision.MOVE for e in children})
    assert not Enrolment.objects.filter(group=copy).exists() and not Order.objects.exists()


def test_a_child_already_in_next_years_group_is_not_enrolled_twice(methodist, group, copy):
    [child] = enrol(group)
    Enrolment.objects.create(group=copy, learner=child.learner)
    result = next_year.children_move(by=methodist, copy=copy, decisions={child.pk: Decision.MOVE})
    assert result.enrolled == [child] and result.moved == []
    assert Enrolment.objects.filter(group=copy, learner=child.learner).count() == 1


def test_the_last_year_of_a_program_offers_leaving_first(group):
    assert next_year.default_decision(group) == Decision.MOVE
    group.year_of_study = 2
    assert next_year.default_decision(group) == Decision.LEAVE


# --- undoing a move ------------------------------------------------------------------------

CHILDREN = "programs:staff_next_year_children"
UNDO = "programs:staff_next_year_move_undo"


def sign(order):
    Order.objects.filter(pk=order.pk).update(
        status="signed", number="12-у", signed_on=datetime.date(2027, 5, 20)
    )


def test_a_move_is_undone_while_its_order_is_a_draft(methodist, group, copy):
    [child] = enrol(group)
    result = next_year.children_move(by=methodist, copy=copy, decisions={child.pk: Decision.MOVE})
    [moved] = result.moved
    assert next_year.move_undo(by=methodist, enrolment=moved) == child
    assert not Enrolment.objects.filter(pk=moved.pk).exists()
    copy.refresh_from_db()
    assert copy.enrolled_count == 0
    assert Enrolment.objects.get(pk=child.pk).status == "active"
    # decided about again: it can move on anew
    again = next_year.children_move(by=methodist, copy=copy, decisions={child.pk: Decision.MOVE})
    assert len(again.moved) == 1


def test_a_move_of_a_signed_order_stays(methodist, group, copy):
    [child] = enrol(group)
    [moved] = next_year.children_move(by=methodist, copy=copy, decisions={child.pk: Decision.MOVE}).moved
    sign(moved.order)
    with pytest.raises(ValidationError, match="подписан"):
        next_year.move_undo(by=methodist, enrolment=moved)
    assert Enrolment.objects.filter(pk=moved.pk).exists()


def test_undoing_asks_first_on_its_page(methodist, methodist_client, group, copy):
    [child] = enrol(group)
    [moved] = next_year.children_move(by=methodist, copy=copy, decisions={child.pk: Decision.MOVE}).moved
    children = methodist_client.get(reverse(CHILDREN, args=[copy.pk])).text
    url = reverse(UNDO, args=[moved.pk])
    assert f'href="{url}"' in children
    response = methodist_client.get(url)
    assert 'id="confirm-form"' in response.text and child.learner.full_name in response.text
    methodist_client.post(url, {})
    assert Enrolment.objects.filter(pk=moved.pk).exists()
    response = methodist_client.post(url, {"confirmed": "1"})
    assert response.status_code == 302 and not Enrolment.objects.filter(pk=moved.pk).exists()


def test_a_signed_move_has_no_undo(methodist, methodist_client, group, copy):
    [child] = enrol(group)
    [moved] = next_year.children_move(by=methodist, copy=copy, decisions={child.pk: Decision.MOVE}).moved
    sign(moved.order)
    url = reverse(UNDO, args=[moved.pk])
    assert f'href="{url}"' not in methodist_client.get(reverse(CHILDREN, args=[copy.pk])).text
    response = methodist_client.post(url, {"confirmed": "1"})
    assert 'id="not-undoable"' in response.text and Enrolment.objects.filter(pk=moved.pk).exists()


@pytest.mark.parametrize(
    "role_client, expected",
    [("anonymous", 302), ("parent", 403), ("teacher", 403), ("director", 403), ("methodist", 200)],
    indirect=["role_client"],
)
def test_undoing_is_the_methodists(role_client, expected):
    year = CurrentYearFactory()
    group = GroupFactory(academic_year=year)
    copy = GroupFactory(
        club=group.club,
        program=group.program,
        venue=group.venue,
        room=group.room,
        academic_year=AcademicYearFactory(label=next_label(year)),
        copied_from=group,
    )
    [child] = enrol(group)
    order = Order.objects.create(organisation=group.club.organisation, academic_year=year, kind="transfer")
    moved = Enrolment.objects.create(group=copy, learner=child.learner, continues=child, order=order)
    assert role_client.get(reverse(UNDO, args=[moved.pk])).status_code == expected
    assert role_client.post(reverse(UNDO, args=[moved.pk]), {}).status_code == expected


def test_another_organisations_move_is_not_found(methodist_client, year):
    foreign = GroupFactory(club__organisation=OrganisationFactory(), academic_year=year)
    [child] = enrol(foreign)
    moved = Enrolment.objects.create(group=foreign, learner=LearnerFactory(), continues=child)
    assert methodist_client.get(reverse(UNDO, args=[moved.pk])).status_code == 404
    assert methodist_client.post(reverse(UNDO, args=[moved.pk]), {"confirmed": "1"}).status_code == 404
    assert Enrolment.objects.filter(pk=moved.pk).exists()
