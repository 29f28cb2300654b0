"""The demo's year so far: holidays in the calendars, August's enrolment orders signed on
paper, the teacher's registers marked up to a week ago with the first months closed; loading
it twice adds nothing."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from centre.models import AcademicYear, CalendarDay
from programs.models import AttendanceMark, AttendanceMonth, Enrolment, Lesson, Order
from programs.services.attendance import flagged_absences

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    return AcademicYear.objects.current()


def test_every_teaching_organisation_has_the_state_holidays(demo):
    unity_day = datetime.date(demo.first_calendar_year, 11, 4)
    days = CalendarDay.objects.filter(date=unity_day)
    assert days.count() >= 5
    assert {day.note for day in days} == {"День народного единства"}
    assert CalendarDay.objects.filter(date=datetime.date(demo.first_calendar_year + 1, 1, 7)).exists()


def test_the_august_enrolment_orders_are_signed_on_paper_and_cover_every_enrolment_of_the_year(demo):
    enrolments = Enrolment.objects.filter(group__academic_year=demo)
    assert enrolments.exists()
    assert not enrolments.filter(order__isnull=True).exists()
    signed = Order.objects.signed().filter(academic_year=demo, kind=Order.Kind.ENROLMENT)
    assert signed.count() >= 5
    assert all(order.on_paper and order.signed_on < demo.start for order in signed)
    assert set(enrolments.values_list("enrolled_on", flat=True)) == {demo.start}


def test_the_teachers_register_is_marked_up_to_a_week_ago_and_the_first_months_closed(demo):
    marks = AttendanceMark.objects.filter(lesson__group__teacher__user__username="teacher")
    until = timezone.localdate() - datetime.timedelta(days=7)
    if until < demo.start + datetime.timedelta(days=14):
        # the year has barely begun: nothing to mark yet, and nothing marked ahead of time
        assert not marks.exists()
        return
    assert marks.exists()
    assert not marks.filter(lesson__date__gt=until).exists()
    assert marks.exclude(status=AttendanceMark.Status.PRESENT).exists()
    assert AttendanceMonth.objects.filter(month=demo.start.replace(day=1)).exists()
    group = marks.first().lesson.group
    # the third child missed the last lessons without a reason: the register flags them
    assert flagged_absences([group])
    assert not Lesson.objects.filter(group=group, date__in=CalendarDay.objects.values("date")).exists()


def test_loading_the_year_again_adds_nothing(demo):
    before = [
        model.objects.count() for model in (CalendarDay, Order, Lesson, AttendanceMark, AttendanceMonth)
    ]
    call_command("load_demo", stdout=io.StringIO())
    after = [model.objects.count() for model in (CalendarDay, Order, Lesson, AttendanceMark, AttendanceMonth)]
    assert after == before
