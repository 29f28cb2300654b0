"""iCalendar feeds (RFC 5545) of groups' lessons, built with the ``icalendar`` package: a
group's feed (public, for the parents of the catalogue) and a teacher's (their groups of the
current and later academic years, at a secret address: ``TeacherFeed``).

One VEVENT per schedule slot: DTSTART the slot's first lesson on or after the academic
year's start, in the time zone of the organisation's country (centre.countries: Europe/Moscow,
Asia/Almaty; with its VTIMEZONE block);
a weekly RRULE until the year's last day; one EXDATE per day off of the organisation's
academic calendar (``centre.CalendarDay``) on the slot's weekday — the same days the
attendance register leaves out (``services.attendance.planned_lessons``: the group's club's
organisation). So the feed expanded over the year is the group's planned lessons.

The UID is the slot's own uuid (kept in the database, the exchange's schedule uuid) with a
fixed suffix: stable across requests, hosts and renamings. DTSTAMP and LAST-MODIFIED are the
newer of the slot's and the group's change times, so the same data gives the same bytes.
Only what the public club page shows goes in: the club, the group, the program, the venue's
address, the room and the teacher's short name — no child's data.

A feed costs a fixed number of queries whatever the number of groups and slots: the groups,
their slots, the days off.
"""

import datetime
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vDuration, vText

from centre.countries import local_time_zone
from centre.models import AcademicYear, CalendarDay, Person
from programs.models import Group, ScheduleSlot, TeacherFeed

PRODID = "-//Portal of supplementary education//Lessons//RU"
# the right-hand side of every event's UID: fixed, so a UID does not depend on the host name
UID_SUFFIX = "lessons.portal"
# the namespace of the feeds' own uuids (uuid5 of it and the group's or the teacher's key)
FEED_NAMESPACE = uuid.UUID("6f0c1b52-5d0e-4c55-9a57-2a3c0f8f2f19")
# how often a calendar app should fetch the feed again (X-PUBLISHED-TTL, REFRESH-INTERVAL)
REFRESH_INTERVAL = datetime.timedelta(hours=6)

GROUP_RELATED = ("club__organisation", "program", "venue", "room", "academic_year", "teacher")


def feed_groups(groups: QuerySet[Group]) -> QuerySet[Group]:
    """The groups with what an event names (club, program, venue, room, year, teacher) and
    their slots with their rooms: two queries."""
    return (
        groups.select_related(*GROUP_RELATED)
        .defer("program__search", "club__search", "club__description")
        .prefetch_related(
            Prefetch(
                "slots", queryset=ScheduleSlot.objects.select_related("room").order_by("weekday", "starts")
            )
        )
        .order_by("academic_year__start", "club__name", "name", "pk")
    )


def public_group(slug: str, group_id: int) -> Group | None:
    """A group of the catalogue (current year, published program) of the club, or None."""
    return feed_groups(Group.objects.in_catalogue().filter(pk=group_id, club__slug=slug)).first()


def teacher_groups(person: Person) -> QuerySet[Group]:
    """The teacher's groups of the current and later academic years (of the years ending on or
    after today when no year is marked current)."""
    years = AcademicYear.objects.current_and_later()
    return feed_groups(Group.objects.filter(academic_year__in=years, teacher=person))


# a secret from TeacherFeed.new_token() is 43 characters; anything much longer is no token
TOKEN_MAX_LENGTH = 64


def feed_by_token(token: str) -> TeacherFeed | None:
    """The feed whose secret this is, of a teacher still at work (their login, if any,
    active); None for an unknown or revoked one. One query."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    return (
        TeacherFeed.objects.select_related("person")
        .filter(token=token, person__is_active=True)
        .exclude(person__user__is_active=False)
        .first()
    )


def days_off(groups: Iterable[Group]) -> dict[int, set[datetime.date]]:
    """The days off of the groups' organisations within their academic years: one query."""
    groups = list(groups)
    if not groups:
        return {}
    first = min(group.academic_year.start for group in groups)
    last = max(group.academic_year.end for group in groups)
    organisations = {calendar_organisation_id(group) for group in groups}
    found = defaultdict(set)
    rows = CalendarDay.objects.filter(organisation_id__in=organisations, date__range=(first, last))
    for organisation_id, day in rows.values_list("organisation_id", "date"):
        found[organisation_id].add(day)
    return found


def calendar_organisation_id(group: Group) -> int:
    """The organisation whose academic calendar a group keeps: its club's, as the register's
    planned lessons read it."""
    return group.club.organisation_id


def group_time_zone(group: Group) -> str:
    """The time zone a group's lessons are at: its organisation's country's (centre.countries)."""
    return local_time_zone(group.club.organisation.profile)


def first_lesson_day(weekday: int, start: datetime.date) -> datetime.date:
    """The first day on or after ``start`` that is the ISO ``weekday`` (1 Monday … 7 Sunday)."""
    return start + datetime.timedelta(days=(weekday - start.isoweekday()) % 7)


def event_uid(slot: ScheduleSlot) -> str:
    return f"{slot.uuid}@{UID_SUFFIX}"


def slot_event(
    group: Group,
    slot: ScheduleSlot,
    days: set[datetime.date],
    *,
    zone: ZoneInfo,
    url: str | None = None,
) -> Event | None:
    """The slot's weekly lessons over the group's academic year; None when the year has no
    such weekday (a year shorter than a week)."""
    year = group.academic_year
    first = first_lesson_day(slot.weekday, year.start)
    if first > year.end:
        return None
    changed = max(slot.updated_at, group.updated_at).astimezone(datetime.UTC).replace(microsecond=0)
    event = Event.new(
        uid=event_uid(slot),
        summary=one_line(f"{group.club.name}: {group.name}"),
        start=datetime.datetime.combine(first, slot.starts, tzinfo=zone),
        end=datetime.datetime.combine(first, slot.ends, tzinfo=zone),
        stamp=changed,
        last_modified=changed,
        location=one_line(group.venue.address),
        description="\n".join(event_lines(group, slot)),
        url=url,
    )
    until = datetime.datetime.combine(year.end, datetime.time(23, 59, 59), tzinfo=zone)
    event.add("rrule", {"freq": "weekly", "until": until.astimezone(datetime.UTC)})
    skipped = sorted(day for day in days if first <= day <= year.end and day.isoweekday() == slot.weekday)
    if skipped:
        event.exdates = [datetime.datetime.combine(day, slot.starts, tzinfo=zone) for day in skipped]
    return event


def event_lines(group: Group, slot: ScheduleSlot) -> list[str]:
    """The DESCRIPTION: what the club page shows of the group, nothing about its children."""
    lines = [group.program.title, _("Teacher: %(teacher)s") % {"teacher": group.teacher.short_name}]
    lines.append(group.venue.name)
    room = slot.room or group.room
    if room is not None:
        lines.append(_("Room: %(room)s") % {"room": room.name})
    return [one_line(line) for line in lines]


def one_line(text: str) -> str:
    """The text with its line breaks, tabs and runs of spaces as single spaces."""
    return " ".join(str(text).split())


def build_calendar(
    groups: Iterable[Group],
    *,
    name: str,
    uid: uuid.UUID,
    description: str = "",
    url_for: Callable[[Group], str] | None = None,
) -> Calendar:
    """A calendar of the groups' slots (``groups`` from ``feed_groups``: slots prefetched);
    one more query for the days off."""
    groups = list(groups)
    # each group's lessons in its organisation's country's time zone (centre.countries)
    names = {group.pk: group_time_zone(group) for group in groups}
    zones = {name: ZoneInfo(name) for name in set(names.values())}
    calendar = Calendar.new(prodid=PRODID, uid=uid, refresh_interval=REFRESH_INTERVAL)
    # icalendar 7.3 writes Calendar.new(name=, description=) unescaped (a new line in a club's
    # name failed the whole feed): written here as TEXT, on one line
    for key, value in (("name", name), ("x-wr-calname", name), ("description", description)):
        if value:
            calendar.add(key, vText(one_line(value)))
    calendar["refresh-interval"].params["VALUE"] = "DURATION"  # RFC 7986 asks for the parameter
    calendar.add("x-published-ttl", vDuration(REFRESH_INTERVAL))  # what Apple's and Outlook's read
    calendar.add("x-wr-timezone", names[groups[0].pk] if groups else settings.TIME_ZONE)
    off = days_off(groups)
    for group in groups:
        url = url_for(group) if url_for else None
        for slot in group.slots.all():
            event = slot_event(
                group,
                slot,
                off.get(calendar_organisation_id(group), set()),
                zone=zones[names[group.pk]],
                url=url,
            )
            if event is not None:
                calendar.add_component(event)
    if groups:
        calendar.add_missing_timezones(
            first_date=min(group.academic_year.start for group in groups) - datetime.timedelta(days=1),
            last_date=max(group.academic_year.end for group in groups) + datetime.timedelta(days=2),
        )
    return calendar


def group_calendar(group: Group, *, url: str | None = None) -> Calendar:
    """A group's feed (``group`` from ``public_group``)."""
    return build_calendar(
        [group],
        name=f"{group.club.name}: {group.name}",
        uid=uuid.uuid5(FEED_NAMESPACE, f"group:{group.uuid}"),
        description=_("Lessons of the group; the days off of the academic calendar are left out."),
        url_for=(lambda _group: url) if url else None,
    )


def teacher_calendar(person: Person) -> Calendar:
    """A teacher's feed: their groups of the current and later years."""
    return build_calendar(
        teacher_groups(person),
        name=_("Lessons: %(teacher)s") % {"teacher": person.short_name},
        uid=uuid.uuid5(FEED_NAMESPACE, f"teacher:{person.pk}"),
        description=_("Lessons of your groups; the days off of the academic calendar are left out."),
    )
