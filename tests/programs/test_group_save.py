"""The group-plus-schedule save (programs.services.groups) when the database refuses what
the form's checks let through: a clash saved by someone else between the check and the
write. Simulated by a lesson check that finds nothing."""

import datetime

import pytest
from django.urls import reverse

from programs.models import Group, ScheduleSlot
from tests.factories import PersonFactory, RoomFactory
from tests.programs.factories import GroupFactory, ScheduleSlotFactory
from tests.programs.helpers import group_data, lesson

pytestmark = pytest.mark.django_db


@pytest.fixture
def unchecked_clashes(monkeypatch):
    """The form's clash check sees nothing, as if the other lesson came a moment later."""
    monkeypatch.setattr(ScheduleSlot, "clashes", lambda self: ScheduleSlot.objects.none())


def refusals(response) -> list[str]:
    """The codes of the errors on top of the group's form."""
    return [error.code for error in response.context["form"].errors.as_data().get("__all__", [])]


def test_a_new_groups_lesson_the_database_refuses_saves_nothing(
    methodist_client, busy_group, unchecked_clashes
):
    data = group_data(
        club=busy_group.club,
        program=busy_group.program,
        year=busy_group.academic_year,
        teacher=PersonFactory(organisation=busy_group.club.organisation),
        venue=busy_group.venue,
        room=busy_group.room,
        slots=[lesson(1, "15:30", "17:00", busy_group.room)],
    )
    response = methodist_client.post(reverse("programs:staff_group_create"), data)
    assert response.status_code == 200
    assert refusals(response) == ["programs_slot_room_free"]
    assert Group.objects.count() == 1
    assert ScheduleSlot.objects.count() == 1
    assert response.context["group"] is None  # the rolled-back group has no key: the page still creates


def test_a_teacher_change_the_database_refuses_leaves_the_group_as_it_was(
    methodist_client, busy_group, unchecked_clashes
):
    group = GroupFactory(
        club=busy_group.club, venue=busy_group.venue, room=RoomFactory(venue=busy_group.venue)
    )
    slot = ScheduleSlotFactory(group=group, weekday=1, starts=datetime.time(16), ends=datetime.time(17))
    old_teacher = group.teacher
    data = group_data(
        club=group.club,
        program=group.program,
        year=group.academic_year,
        teacher=busy_group.teacher,
        venue=group.venue,
        room=group.room,
        name=group.name,
        initial=[{"id": slot.pk, **lesson(1, "16:00", "17:00", group.room)}],
    )
    response = methodist_client.post(reverse("programs:staff_group_edit", args=[group.pk]), data)
    assert response.status_code == 200
    assert refusals(response) == ["programs_slot_teacher_free"]
    assert response.context["group"] == group
    group.refresh_from_db()
    slot.refresh_from_db()
    assert group.teacher == old_teacher
    assert slot.teacher == old_teacher
