"""A lesson's teacher and year are its group's, kept so by the database (migration 0011):
however the group's teacher changes, its lessons follow, and the teacher-clash constraint
checks the new teacher."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from programs.models import Group, ScheduleSlot
from tests.factories import PersonFactory
from tests.programs.factories import GroupFactory, ScheduleSlotFactory

pytestmark = pytest.mark.django_db


def test_lessons_follow_a_teacher_changed_by_queryset_update():
    slot = ScheduleSlotFactory()
    other = ScheduleSlotFactory(group=GroupFactory(), weekday=ScheduleSlot.Weekday.TUESDAY)
    teacher = PersonFactory()

    Group.objects.filter(pk=slot.group_id).update(teacher=teacher)

    slot.refresh_from_db()
    other.refresh_from_db()
    assert slot.teacher_id == teacher.pk
    assert other.teacher_id == other.group.teacher_id != teacher.pk


def test_a_teacher_changed_into_a_clash_is_refused_by_the_database():
    busy = ScheduleSlotFactory()
    group = GroupFactory(academic_year=busy.group.academic_year)
    ScheduleSlotFactory(group=group, starts=datetime.time(16, 0), ends=datetime.time(17, 0))

    with pytest.raises(IntegrityError) as error, transaction.atomic():
        Group.objects.filter(pk=group.pk).update(teacher=busy.group.teacher)
    assert error.value.__cause__.diag.constraint_name == "programs_slot_teacher_free"
    assert Group.objects.get(pk=group.pk).teacher_id != busy.group.teacher_id


def test_a_lesson_cannot_name_another_teacher_than_its_group():
    slot = ScheduleSlotFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        ScheduleSlot.objects.filter(pk=slot.pk).update(teacher=PersonFactory())
