"""The generator's attendance register (programs/generate.py `_register`) is the one the
register itself would make: the same lessons from the schedule less the days off, a mark for
every child, and the unmarked months only where the generator left days unmarked."""

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.utils import timezone

from centre.generate import remove_generated
from centre.generate.core import HOLIDAYS
from centre.models import AcademicYear, CalendarDay, Organisation
from programs.generate import BEHIND_DAYS, BEHIND_EVERY, REGISTER_EVERY
from programs.models import AttendanceMark, AttendanceMonth, Group, Lesson
from programs.services.attendance import next_month, planned_lessons, unmarked_months

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def generated(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        years = set(AcademicYear.objects.values_list("pk", flat=True))
        call_command("generate_data", scale="centre")
        yield
        remove_generated()  # not flush: the migrations' own rows (directions, roles) stay
        # the academic years the generator made are no generated range: the tests after these
        # expect the database as the migrations left it
        AcademicYear.objects.exclude(pk__in=years).delete()


def _groups():
    return Group.objects.filter(club__slug__startswith="gen-").order_by("id")


def test_every_organisation_has_its_holidays(generated):
    # the first generated teaching organisation (after the authority): one in seven that cancelled a day
    organisation = Organisation.objects.exclude(kind=Organisation.Kind.AUTHORITY).order_by("id").first()
    days = CalendarDay.objects.filter(organisation=organisation)
    assert days.filter(kind=CalendarDay.Kind.HOLIDAY).count() == len(HOLIDAYS)
    assert days.filter(kind=CalendarDay.Kind.CANCELLED).count() == 1


def test_the_lessons_are_the_registers_own(generated):
    """open_month would find every generated lesson and make none of the past months anew."""
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    for group in _groups()[:8]:
        month = group.academic_year.start
        while month <= yesterday:
            planned = [
                (p.date, p.starts, p.ends, p.slot_id) for p in planned_lessons(group, month) if p.date < today
            ]
            made = list(
                Lesson.objects.filter(group=group, date__year=month.year, date__month=month.month)
                .order_by("date", "starts")
                .values_list("date", "starts", "ends", "slot_id")
            )
            assert made == planned, (group.pk, month)
            month = next_month(month)


def test_every_child_is_marked_but_where_the_generator_left_days_behind(generated):
    today = timezone.localdate()
    behind_since = today - datetime.timedelta(days=BEHIND_DAYS)
    groups = list(_groups())
    unmarked = unmarked_months(groups, today=today)
    first = groups[0].pk
    for group in groups[:16]:
        lessons = Lesson.objects.filter(group=group).annotate(n=Count("marks"))
        children = group.enrolments.count()
        behind = (group.pk - first) % BEHIND_EVERY == 0
        for lesson in lessons:
            expected = 0 if behind and lesson.date >= behind_since else children
            assert lesson.n == expected, (group.pk, lesson.date)
        if behind and lessons.filter(n=0).exists():
            assert unmarked.get(group.pk), group.pk
        else:
            assert not unmarked.get(group.pk), (group.pk, unmarked.get(group.pk))


def test_marks_are_mostly_present_and_long_past_months_closed(generated):
    marks = AttendanceMark.objects.count()
    present = AttendanceMark.objects.filter(status=AttendanceMark.Status.PRESENT).count()
    assert 0.8 < present / marks < 0.9
    # the sample: every REGISTER_EVERY-th organisation (index 0 among them) and the largest
    assert REGISTER_EVERY > 1
    first = Organisation.objects.exclude(kind=Organisation.Kind.AUTHORITY).order_by("id").first()
    registered = set(Lesson.objects.values_list("group__club__organisation", flat=True).distinct())
    assert first.pk in registered
    assert 2 <= len(registered) < Organisation.objects.count()
    sampled = _groups().filter(club__organisation__in=registered)
    assert Lesson.objects.values("group").distinct().count() == sampled.count()
    closed = AttendanceMonth.objects.values_list("month", flat=True).distinct()
    assert all(next_month(month) <= timezone.localdate() - datetime.timedelta(days=30) for month in closed)
