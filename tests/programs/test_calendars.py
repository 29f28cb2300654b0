"""A group's iCalendar feed: parsed with icalendar and expanded with recurring_ical_events over
the academic year it is the group's planned lessons (services.attendance.planned_lessons):
the weekly slots less the organisation's days off (EXDATE), in the centre's time zone; UIDs
are the slots' uuids and do not change between requests or with a rename; no child's data."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from django.test import override_settings
from django.urls import reverse
from icalendar import Calendar

from centre.models import CalendarDay
from programs import calendars
from programs.models import Enrolment
from programs.services import attendance
from tests.factories import GuardianFactory, LearnerFactory, OrganisationFactory, link_guardian
from tests.programs.factories import CurrentYearFactory, GroupFactory, ScheduleSlotFactory

pytestmark = pytest.mark.django_db

T = datetime.time


@pytest.fixture
def year():
    return CurrentYearFactory()


@pytest.fixture
def group(year):
    """Mondays 15:00–16:30 and Wednesdays 17:00–18:00."""
    group = GroupFactory(
        academic_year=year, club__name="Робоквантум", name="Группа А", venue__address="ул. Ленина, 5"
    )
    ScheduleSlotFactory(group=group, weekday=1, starts=T(15), ends=T(16, 30))
    ScheduleSlotFactory(group=group, weekday=3, starts=T(17), ends=T(18))
    return group


def first(year, weekday):
    return calendars.first_lesson_day(weekday, year.start)


def day_off(group, day, kind=CalendarDay.Kind.HOLIDAY):
    return CalendarDay.objects.create(organisation=group.club.organisation, date=day, kind=kind)


def feed(client, group) -> bytes:
    response = client.get(reverse("programs:group_calendar", args=[group.club.slug, group.pk]))
    assert response.status_code == 200
    return response.content


def expanded(content: bytes, year) -> set:
    """The feed's lessons over the year: (date, starts, ends) in the centre's time zone."""
    parsed = Calendar.from_ical(content)
    zone = ZoneInfo("Europe/Moscow")
    lessons = set()
    for event in recurring_ical_events.of(parsed).between(year.start, year.end + datetime.timedelta(days=1)):
        starts, ends = event["DTSTART"].dt.astimezone(zone), event["DTEND"].dt.astimezone(zone)
        lessons.add((starts.date(), starts.time(), ends.time()))
    return lessons


def planned(group) -> set:
    return {
        (lesson.date, lesson.starts, lesson.ends)
        for month in attendance.year_months(group)
        for lesson in attendance.planned_lessons(group, month)
    }


def test_the_feed_expanded_is_the_groups_planned_lessons(client, group, year):
    monday, wednesday = first(year, 1), first(year, 3)
    # the year's first Monday (DTSTART itself), a Monday in November, a week of holidays
    # (the Wednesday in it counts), a day outside the year, another organisation's Monday
    day_off(group, monday)
    day_off(group, monday + datetime.timedelta(weeks=9), CalendarDay.Kind.CANCELLED)
    for n in range(7):
        day_off(group, wednesday + datetime.timedelta(weeks=17, days=n - 2))
    day_off(group, year.end + datetime.timedelta(days=7))
    CalendarDay.objects.create(organisation=OrganisationFactory(), date=monday + datetime.timedelta(weeks=2))

    lessons = expanded(feed(client, group), year)
    assert lessons == planned(group)
    assert len(lessons) == len(planned(group)) > 90
    dates = {lesson[0] for lesson in lessons}
    assert monday not in dates and monday + datetime.timedelta(weeks=1) in dates
    assert monday + datetime.timedelta(weeks=2) in dates  # another organisation's day off
    assert wednesday + datetime.timedelta(weeks=17) not in dates


def test_one_event_per_slot_with_its_rule_time_zone_and_exdates(client, group, year):
    monday = first(year, 1)
    day_off(group, monday + datetime.timedelta(weeks=3))
    day_off(group, first(year, 2))  # a Tuesday: no slot, no EXDATE
    parsed = Calendar.from_ical(feed(client, group))
    events = parsed.walk("VEVENT")
    assert len(events) == 2
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Moscow"]
    event = next(e for e in events if e["DTSTART"].dt.date() == monday)
    assert event["DTSTART"].params["TZID"] == "Europe/Moscow"
    assert event["DTSTART"].dt.time() == T(15) and event["DTEND"].dt.time() == T(16, 30)
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"]
    until = rule["UNTIL"][0].astimezone(ZoneInfo("Europe/Moscow"))
    assert until.date() == year.end
    assert [d.date() for d in event.exdates] == [monday + datetime.timedelta(weeks=3)]
    other = next(e for e in events if e is not event)
    assert "EXDATE" not in other
    assert event["SUMMARY"] == "Робоквантум: Группа А"
    assert event["LOCATION"] == "ул. Ленина, 5"
    assert group.program.title in event["DESCRIPTION"]
    assert group.teacher.short_name in event["DESCRIPTION"]
    assert event["DTSTAMP"].dt.tzinfo is not None
    assert parsed["X-WR-CALNAME"] == "Робоквантум: Группа А"
    assert event["URL"].endswith(reverse("programs:club", args=[group.club.slug]) + f"#group-{group.pk}")


def test_uids_are_the_slots_uuids_and_stay(client, group):
    one, two = feed(client, group), feed(client, group)
    assert one == two  # the same data, the same bytes (DTSTAMP is the records' change time)
    uids = sorted(str(e["UID"]) for e in Calendar.from_ical(one).walk("VEVENT"))
    assert uids == sorted(f"{slot.uuid}@{calendars.UID_SUFFIX}" for slot in group.slots.all())
    group.name = "Группа Б"
    group.save()
    slot = group.slots.get(weekday=1)
    slot.starts, slot.ends = T(14), T(15)
    slot.save()
    again = Calendar.from_ical(feed(client, group))
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == uids
    assert {str(e["SUMMARY"]) for e in again.walk("VEVENT")} == {"Робоквантум: Группа Б"}
    assert str(Calendar.from_ical(one)["UID"]) == str(again["UID"])


@override_settings(TIME_ZONE="Europe/Berlin")
def test_a_zone_with_summer_time_keeps_the_local_hour(client, group, year):
    """Across the change of clocks in October and March a lesson stays at 15:00 local time."""
    content = feed(client, group)
    zone = ZoneInfo("Europe/Berlin")
    parsed = Calendar.from_ical(content)
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Europe/Berlin"]
    starts = [
        e["DTSTART"].dt.astimezone(zone)
        for e in recurring_ical_events.of(parsed).between(year.start, year.end + datetime.timedelta(days=1))
    ]
    mondays = [s for s in starts if s.isoweekday() == 1]
    assert {s.time() for s in mondays} == {T(15)}
    assert {s.utcoffset() for s in mondays} == {datetime.timedelta(hours=1), datetime.timedelta(hours=2)}


def test_no_childs_data_in_the_feed(client, group, year):
    learner = LearnerFactory(surname="Секретова", name="Алиса", birth_date=datetime.date(2015, 3, 14))
    guardian = GuardianFactory(surname="Родительская", phone="+7 (913) 555-12-34")
    link_guardian(guardian, learner)
    Enrolment.objects.create(group=group, learner=learner, enrolled_on=year.start)
    text = feed(client, group).decode()
    for secret in ("Секретова", "Алиса", "Родительская", "555-12-34", "2015", "14.03"):
        assert secret not in text
    assert group.teacher.surname in text and group.teacher.full_name not in text


def test_a_line_break_in_a_name_is_no_new_line_of_the_feed(client, year):
    group = GroupFactory(academic_year=year, name="A\r\nBEGIN:VEVENT\r\nUID:x", club__name="Клуб; с, запятой")
    ScheduleSlotFactory(group=group, weekday=2, starts=T(10), ends=T(11))
    parsed = Calendar.from_ical(feed(client, group))
    events = parsed.walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == "Клуб; с, запятой: A BEGIN:VEVENT UID:x"
    assert str(events[0]["UID"]).endswith(calendars.UID_SUFFIX)


def test_a_group_without_slots_is_an_empty_calendar(client, year):
    group = GroupFactory(academic_year=year)
    parsed = Calendar.from_ical(feed(client, group))
    assert parsed.walk("VEVENT") == [] and parsed["VERSION"] == "2.0"
