"""The next-year wizard's copy of groups and timetables: clashes reported, nothing copied twice."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from centre.models import AcademicYear
from programs.models import Group, ScheduleSlot
from programs.services import next_year
from tests.factories import AcademicYearFactory, OrganisationFactory
from tests.programs.factories import GroupFactory, ScheduleSlotFactory
from tests.programs.next_year.helpers import T, copy_all, next_label

pytestmark = pytest.mark.django_db

# --- the copy ------------------------------------------------------------------------------


def test_copy_makes_the_next_year_and_the_group_a_year_on(methodist, year, group):
    window = {"enrol_from": datetime.date(2027, 4, 1), "enrol_until": datetime.date(2027, 8, 31)}
    result = copy_all(methodist, year, [group], **window)

    next_ = AcademicYear.objects.get(label=next_label(year))
    assert (next_.start, next_.end) == (
        datetime.date(year.start.year + 1, 9, 1),
        datetime.date(year.end.year + 1, 8, 31),
    )
    assert not next_.is_current
    copy = Group.objects.get(copied_from=group)
    assert result.year == next_ and [plan.copy for plan in result.copied] == [copy]
    assert copy.academic_year == next_
    assert (copy.name, copy.year_of_study, copy.age_min, copy.age_max) == ("Группа А", 2, 8, 11)
    assert (copy.club, copy.program, copy.teacher, copy.venue, copy.room) == (
        group.club,
        group.program,
        group.teacher,
        group.venue,
        group.room,
    )
    assert (copy.places, copy.funding, copy.price, copy.enrolled_count) == (3, "paid", group.price, 0)
    assert (copy.enrol_from, copy.enrol_until) == (window["enrol_from"], window["enrol_until"])
    lessons = list(copy.slots.values_list("weekday", "starts", "ends", "room", "academic_year", "teacher"))
    assert lessons == [
        (1, T(15), T(16, 30), group.room_id, next_.pk, group.teacher_id),
        (4, T(15), T(16, 30), group.room_id, next_.pk, group.teacher_id),
    ]


def test_a_clashing_lesson_is_reported_and_left_out_the_group_copied(methodist, home, year, group):
    next_ = AcademicYearFactory(label=next_label(year))
    # next year the teacher already has a group on Thursdays at 16:00
    other = GroupFactory(club=group.club, program=group.program, academic_year=next_, teacher=group.teacher)
    ScheduleSlotFactory(group=other, weekday=4, starts=T(16), ends=T(17))

    plans = next_year.plan_copies(next_year.groups_to_copy(methodist, year, [group.program_id]), next_)
    [plan] = plans
    assert [lesson.copied for lesson in plan.lessons] == [True, False]
    assert str(other) in plan.lessons[1].clash and "педагог" in plan.lessons[1].clash.lower()

    result = copy_all(methodist, year, [group])
    copy = Group.objects.get(copied_from=group)
    assert list(copy.slots.values_list("weekday", flat=True)) == [1]
    assert [(g, lesson.slot.weekday) for g, lesson in result.skipped_lessons] == [(group, 4)]


def test_a_room_taken_next_year_is_a_clash_too(methodist, year, group):
    next_ = AcademicYearFactory(label=next_label(year))
    other = GroupFactory(academic_year=next_, venue=group.venue, room=group.room)
    ScheduleSlotFactory(group=other, weekday=1, starts=T(16), ends=T(17), room=group.room)
    [plan] = next_year.plan_copies(next_year.groups_to_copy(methodist, year, [group.program_id]), next_)
    assert [bool(lesson.clash) for lesson in plan.lessons] == [True, False]
    assert "кабинет" in plan.lessons[0].clash.lower() or group.room.name in plan.lessons[0].clash


def test_the_copy_runs_once_and_says_what_was_already_done(methodist, year, group):
    copy_all(methodist, year, [group])
    again = copy_all(methodist, year, [group])
    assert again.copied == [] and [plan.group for plan in again.already] == [group]
    assert Group.objects.filter(academic_year__label=next_label(year)).count() == 1
    assert ScheduleSlot.objects.filter(academic_year__label=next_label(year)).count() == 2
    assert AcademicYear.objects.filter(label=next_label(year)).count() == 1


def test_a_name_taken_next_year_blocks_only_that_group(methodist, year, group):
    next_ = AcademicYearFactory(label=next_label(year))
    GroupFactory(club=group.club, program=group.program, academic_year=next_, name=group.name)
    result = copy_all(methodist, year, [group])
    assert result.copied == [] and [plan.group for plan in result.blocked] == [group]
    assert "Группа А" in result.blocked[0].blocked
    assert not Group.objects.filter(copied_from=group).exists()


def test_a_window_that_closes_before_it_opens_saves_nothing(methodist, year, group):
    second = GroupFactory(club=group.club, program=group.program, academic_year=year, teacher=group.teacher)
    with pytest.raises(ValidationError):
        next_year.groups_copy(
            by=methodist,
            year=year,
            program_ids=[group.program_id],
            windows={
                group.pk: (None, None),
                second.pk: (datetime.date(2027, 5, 1), datetime.date(2027, 4, 1)),
            },
        )
    assert not Group.objects.filter(copied_from__isnull=False).exists()


def test_another_organisations_groups_are_never_copied(methodist, year, group):
    foreign = GroupFactory(club__organisation=OrganisationFactory(), academic_year=year)
    copy_all(methodist, year, [group, foreign])
    assert not Group.objects.filter(copied_from=foreign).exists()
    assert Group.objects.filter(copied_from=group).exists()


def test_only_a_planner_copies(teacher, director, year, group):
    for user in (teacher, director):
        with pytest.raises(PermissionDenied):
            copy_all(user, year, [group])
