"""unmarked_months and absence_streaks: the months a register waits for marks, the children
who missed lessons in a row — from the schedule and the calendar, in one query."""

import datetime

import pytest

from centre.models import CalendarDay
from programs.models import AttendanceMark, Enrolment, Lesson
from programs.services.attendance import absence_streaks, flagged_absences, open_month, unmarked_months
from tests.factories import AcademicYearFactory, LearnerFactory
from tests.programs.factories import GroupFactory, ScheduleSlotFactory

pytestmark = pytest.mark.django_db

D = datetime.date
SEP, OCT, NOV = D(2024, 9, 1), D(2024, 10, 1), D(2024, 11, 1)


@pytest.fixture
def year():
    return AcademicYearFactory(label="2024/2025")


def monday_group(year, **kwargs):
    """A group with one lesson on Mondays 15:00–16:30 (2.09.2024 is a Monday)."""
    group = GroupFactory(academic_year=year, **kwargs)
    ScheduleSlotFactory(group=group, weekday=1, starts=datetime.time(15), ends=datetime.time(16, 30))
    return group


def enrol(group, *, on=SEP, left=None):
    return Enrolment.objects.create(
        group=group,
        learner=LearnerFactory(),
        enrolled_on=on,
        left_on=left,
        status=Enrolment.Status.LEFT if left else Enrolment.Status.ACTIVE,
    )


def mark(group, day, enrolment, status=AttendanceMark.Status.PRESENT):
    lesson, _ = Lesson.objects.get_or_create(
        group=group, date=day, starts=datetime.time(15), defaults={"ends": datetime.time(16, 30)}
    )
    return AttendanceMark.objects.create(lesson=lesson, enrolment=enrolment, status=status)


def mondays(first, last):
    day = first + datetime.timedelta(days=(7 - first.isoweekday() + 1) % 7)
    while day <= last:
        yield day
        day += datetime.timedelta(days=7)


def test_months_with_an_unmarked_lesson_up_to_today(year):
    group = monday_group(year)
    enrol(group)
    # before today: September and October have lessons; 14.10 is today, its lesson not yet due
    assert unmarked_months([group], today=D(2024, 10, 14)) == {group.pk: [SEP, OCT]}
    assert unmarked_months([group], today=D(2024, 9, 2)) == {}
    assert unmarked_months([group], today=D(2024, 9, 3)) == {group.pk: [SEP]}


def test_a_fully_marked_month_is_not_listed(year):
    group = monday_group(year)
    child = enrol(group)
    for day in mondays(SEP, D(2024, 9, 30)):
        mark(group, day, child)
    assert unmarked_months([group], today=D(2024, 10, 8)) == {group.pk: [OCT]}
    # one lesson of September left without a mark: September is back
    AttendanceMark.objects.filter(lesson__date=D(2024, 9, 16)).delete()
    assert unmarked_months([group], today=D(2024, 10, 8)) == {group.pk: [SEP, OCT]}


def test_days_off_need_no_marks(year):
    group = monday_group(year)
    child = enrol(group)
    for day in mondays(SEP, D(2024, 9, 30)):
        if day != D(2024, 9, 23):
            mark(group, day, child)
    assert unmarked_months([group], today=D(2024, 10, 1)) == {group.pk: [SEP]}
    CalendarDay.objects.create(organisation=group.club.organisation, date=D(2024, 9, 23))
    assert unmarked_months([group], today=D(2024, 10, 1)) == {}


def test_another_organisations_day_off_does_not_count(year):
    from tests.factories import OrganisationFactory

    group = monday_group(year)
    enrol(group)
    CalendarDay.objects.create(organisation=OrganisationFactory(), date=D(2024, 9, 2))
    assert unmarked_months([group], today=D(2024, 9, 3)) == {group.pk: [SEP]}


def test_only_children_enrolled_on_the_day_need_a_mark(year):
    group = monday_group(year)
    child = enrol(group)
    for day in mondays(SEP, D(2024, 10, 31)):
        mark(group, day, child)
    late = enrol(group, on=D(2024, 10, 15))  # joined after the October lessons of 7 and 14
    early = enrol(group, on=SEP, left=D(2024, 9, 9))  # two lessons, 2 and 9 September
    for day in (D(2024, 10, 21), D(2024, 10, 28)):
        mark(group, day, late)
    mark(group, D(2024, 9, 2), early)
    assert unmarked_months([group], today=D(2024, 11, 1)) == {group.pk: [SEP]}
    mark(group, D(2024, 9, 9), early)  # the day they left is still theirs
    assert unmarked_months([group], today=D(2024, 11, 1)) == {}


def test_a_group_without_children_waits_for_nothing(year):
    assert unmarked_months([monday_group(year)], today=D(2024, 11, 1)) == {}


def test_lessons_outside_the_academic_year_do_not_count(year):
    group = monday_group(year)
    enrol(group, on=D(2024, 8, 1))
    # nothing before the year started; after it ended the months stop at August
    assert unmarked_months([group], today=D(2024, 9, 1)) == {}
    months = unmarked_months([group], today=D(2025, 12, 1))[group.pk]
    assert months[0] == SEP and months[-1] == D(2025, 8, 1) and len(months) == 12


def test_a_marked_lesson_off_the_schedule_still_counts(year):
    group = monday_group(year)
    first, second = enrol(group), enrol(group)
    for day in mondays(SEP, D(2024, 9, 30)):
        mark(group, day, first)
        mark(group, day, second)
    # a Wednesday lesson that was in an old schedule: marked for one child only
    extra = Lesson.objects.create(
        group=group, date=D(2024, 9, 11), starts=datetime.time(10), ends=datetime.time(11)
    )
    AttendanceMark.objects.create(lesson=extra, enrolment=first, status="present")
    assert unmarked_months([group], today=D(2024, 10, 1)) == {group.pk: [SEP]}
    AttendanceMark.objects.create(lesson=extra, enrolment=second, status="ill")
    assert unmarked_months([group], today=D(2024, 10, 1)) == {}


def test_lesson_rows_made_by_opening_the_register_change_nothing(year):
    group = monday_group(year)
    enrol(group)
    open_month(group, SEP)
    assert Lesson.objects.filter(group=group).count() == 5
    assert unmarked_months([group], today=D(2024, 10, 1)) == {group.pk: [SEP]}


def test_many_groups_in_one_query(year, django_assert_num_queries):
    groups = [monday_group(year) for _ in range(5)]
    for group in groups[:3]:
        enrol(group)
    with django_assert_num_queries(1):
        by_list = unmarked_months(groups, today=D(2024, 9, 10))
    from programs.models import Group

    queryset = Group.objects.filter(pk__in=[g.pk for g in groups])
    with django_assert_num_queries(1):
        by_queryset = unmarked_months(queryset, today=D(2024, 9, 10))
    assert by_list == by_queryset == {group.pk: [SEP] for group in groups[:3]}


def test_absence_streaks(year, settings, django_assert_num_queries):
    settings.ATTENDANCE_ABSENCE_STREAK = 3
    group = monday_group(year)
    steady, missing, returned = enrol(group), enrol(group), enrol(group)
    days = list(mondays(SEP, D(2024, 9, 30)))  # 2, 9, 16, 23, 30
    for day in days:
        mark(group, day, steady)
    mark(group, days[0], missing)
    for day, status in zip(days[1:], ("ill", "no_reason", "valid", "no_reason"), strict=True):
        mark(group, day, missing, status)
    for day, status in zip(days, ("no_reason", "no_reason", "no_reason", "present", "ill"), strict=True):
        mark(group, day, returned, status)
    never_came = enrol(group)
    for day in days[:2]:
        mark(group, day, never_came, "no_reason")
    with django_assert_num_queries(1):
        streaks = absence_streaks([group])
    assert streaks == {missing.pk: 4, returned.pk: 1, never_came.pk: 2}
    assert flagged_absences([group]) == {missing.pk: 4}
    # a child who has left is not flagged
    Enrolment.objects.filter(pk=missing.pk).update(status=Enrolment.Status.LEFT, left_on=D(2024, 10, 1))
    assert flagged_absences([group]) == {}


def test_an_empty_queryset_is_no_query_error(year):
    from programs.models import Group

    assert unmarked_months(Group.objects.none()) == {}
    assert unmarked_months(Group.objects.filter(pk__in=[])) == {}
    assert unmarked_months([]) == {}
    assert absence_streaks(Group.objects.none()) == {}


def test_a_closed_month_no_longer_waits(year):
    from programs.models import AttendanceMonth

    group = monday_group(year)
    enrol(group)
    assert unmarked_months([group], today=D(2024, 10, 8)) == {group.pk: [SEP, OCT]}
    AttendanceMonth.objects.create(group=group, month=SEP)
    assert unmarked_months([group], today=D(2024, 10, 8)) == {group.pk: [OCT]}


def test_opening_a_month_again_writes_nothing(year, django_assert_num_queries):
    group = monday_group(year)
    first = open_month(group, SEP)
    with django_assert_num_queries(3):  # the schedule, the calendar, the rows
        again = open_month(group, SEP)
    assert [lesson.pk for lesson in again] == [lesson.pk for lesson in first]


def test_a_lesson_off_the_schedule_without_marks_goes(year):
    group = monday_group(year)
    child = enrol(group)
    open_month(group, SEP)
    old = Lesson.objects.create(
        group=group, date=D(2024, 9, 11), starts=datetime.time(10), ends=datetime.time(11)
    )
    kept = Lesson.objects.create(
        group=group, date=D(2024, 9, 12), starts=datetime.time(10), ends=datetime.time(11)
    )
    AttendanceMark.objects.create(lesson=kept, enrolment=child, status="present")
    lessons = open_month(group, SEP)
    assert old.pk not in [lesson.pk for lesson in lessons] and kept.pk in [lesson.pk for lesson in lessons]
    assert len(lessons) == 6
