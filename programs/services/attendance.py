"""The attendance register: which lessons a group had, the marks of its children, the months
the methodist closes, and the organisation's academic calendar.

The lessons of a group are its weekly schedule (ScheduleSlot) on the days of its academic
year, less the organisation's days off (centre.CalendarDay), plus any lesson row that already
carries marks (kept when the schedule changes later). Lesson rows are made lazily, when a
month of the register is opened (``open_month``). A mark is allowed only for a lesson that
has taken place (its day has come, it is no day off) and a child enrolled on that day
(``enrolled_on ≤ date ≤ left_on``). A closed month's marks are changed only by those who may
MANAGE_ATTENDANCE.

Each write is one transaction; the reads for many groups (``unmarked_months``,
``absence_streaks``) are one query each.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import EmptyResultSet, ValidationError
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from centre.errors import database_rules
from centre.locks import advisory_lock
from centre.models import CalendarDay
from centre.roles import Action, can
from programs.models import AttendanceMark, AttendanceMonth, Enrolment, Group, Lesson

Status = AttendanceMark.Status


# --- months -------------------------------------------------------------------------------


def first_day(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(month: datetime.date) -> datetime.date:
    return (month.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def last_day(month: datetime.date) -> datetime.date:
    return next_month(month) - datetime.timedelta(days=1)


def year_months(group: Group) -> list[datetime.date]:
    """The first days of the months of the group's academic year."""
    month, months = first_day(group.academic_year.start), []
    while month <= group.academic_year.end:
        months.append(month)
        month = next_month(month)
    return months


# --- the lessons of a month ---------------------------------------------------------------


@dataclass(frozen=True)
class PlannedLesson:
    date: datetime.date
    starts: datetime.time
    ends: datetime.time
    slot_id: int | None


def planned_lessons(group: Group, month: datetime.date) -> list[PlannedLesson]:
    """The lessons of the group's schedule in the month: its weekdays within the academic
    year, less the organisation's days off. Two queries (the schedule, the calendar)."""
    year = group.academic_year
    start, end = max(first_day(month), year.start), min(last_day(month), year.end)
    if start > end:
        return []
    slots = list(group.slots.order_by("weekday", "starts"))
    days_off = set(
        CalendarDay.objects.filter(
            organisation_id=group.club.organisation_id, date__range=(start, end)
        ).values_list("date", flat=True)
    )
    lessons = []
    day = start
    while day <= end:
        if day not in days_off:
            lessons.extend(
                PlannedLesson(day, slot.starts, slot.ends, slot.pk)
                for slot in slots
                if slot.weekday == day.isoweekday()
            )
        day += datetime.timedelta(days=1)
    return sorted(lessons, key=lambda lesson: (lesson.date, lesson.starts))


def open_month(group: Group, month: datetime.date) -> list[Lesson]:
    """The month's Lesson rows, made from the schedule where missing (in bulk, ON CONFLICT DO
    NOTHING: safe when two people open the register at once). Rows that no longer match the
    schedule and carry no mark (the schedule changed, a day off was added) are removed unless
    the month is closed; rows with marks stay. Once the rows are there, three reads and no
    write (the schedule, the calendar, the rows)."""
    month = first_day(month)
    planned = planned_lessons(group, month)
    in_month = (
        Lesson.objects.filter(group=group, date__range=(month, last_day(month)))
        .annotate(has_marks=Exists(AttendanceMark.objects.filter(lesson=OuterRef("pk"))))
        .order_by("date", "starts")
    )
    lessons = list(in_month)
    have = {(lesson.date, lesson.starts) for lesson in lessons}
    keep = {(p.date, p.starts) for p in planned}
    missing = [p for p in planned if (p.date, p.starts) not in have]
    stale = [
        lesson.pk for lesson in lessons if not lesson.has_marks and (lesson.date, lesson.starts) not in keep
    ]
    if not missing and not stale:
        return lessons
    with transaction.atomic():
        if missing:
            Lesson.objects.bulk_create(
                [
                    Lesson(group=group, date=p.date, starts=p.starts, ends=p.ends, slot_id=p.slot_id)
                    for p in missing
                ],
                ignore_conflicts=True,
            )
        if stale and not is_closed(group, month):
            Lesson.objects.filter(pk__in=stale, marks__isnull=True).delete()
    return list(in_month.all())  # read again: the first list is cached on in_month


def is_closed(group: Group, month: datetime.date) -> bool:
    return AttendanceMonth.objects.filter(group=group, month=first_day(month)).exists()


def has_taken_place(lesson: Lesson, *, today: datetime.date | None = None) -> bool:
    return lesson.date <= (today or timezone.localdate())


def enrolled_on(enrolment: Enrolment, day: datetime.date) -> bool:
    return enrolment.enrolled_on <= day and (enrolment.left_on is None or day <= enrolment.left_on)


def _lock(key: str, *, shared: bool = False) -> None:
    """A transaction-level advisory lock: ("month|group|YYYY-MM") serialises a month's marks
    with its closing and reopening; ("calendar|organisation", shared by the marks, exclusive by
    the calendar) keeps a day off from being added while a lesson of that day is marked."""
    advisory_lock(key, shared=shared)


def _month_key(group_id: int, day: datetime.date) -> str:
    return f"attendance-month|{group_id}|{day:%Y-%m}"


def _calendar_key(organisation_id: int) -> str:
    return f"attendance-calendar|{organisation_id}"


def _user(by):
    """The user to record (marked_by, the history's user): None for no one (a script)."""
    return by if getattr(by, "pk", None) else None


# --- marking ------------------------------------------------------------------------------


def may_change_marks(user, group: Group, month: datetime.date) -> bool:
    """Whether the user may change the marks of the group's month: anyone who may mark the
    register while the month is open, only the methodist (MANAGE_ATTENDANCE) once closed."""
    return not is_closed(group, month) or can(user, Action.MANAGE_ATTENDANCE)


def mark_lesson(*, lesson: Lesson, statuses: dict[int, str], by) -> int:
    """Save one lesson's marks: ``statuses`` maps enrolment ids to a status (or "" to clear a
    mark). All or nothing: a lesson still to come, a day off, a child not enrolled on the day,
    an unknown status or a closed month (for those who may not manage it) is refused with a
    ValidationError and nothing is saved. Returns the number of marks written."""
    today = timezone.localdate()
    if not has_taken_place(lesson, today=today):
        raise ValidationError(_("The lesson has not taken place yet: it cannot be marked."))
    group = lesson.group
    if not (group.academic_year.start <= lesson.date <= group.academic_year.end):
        raise ValidationError(_("The lesson is outside the group's academic year."))
    with transaction.atomic():
        _lock(_calendar_key(group.club.organisation_id), shared=True)
        _lock(_month_key(group.pk, lesson.date))
        if CalendarDay.objects.filter(organisation_id=group.club.organisation_id, date=lesson.date).exists():
            raise ValidationError(_("This day is a day off in the academic calendar: there was no lesson."))
        closed = AttendanceMonth.objects.filter(group=group, month=first_day(lesson.date)).exists()
        if closed and not can(by, Action.MANAGE_ATTENDANCE):
            raise ValidationError(
                _("The month is closed: only the methodist changes its marks."), code="closed"
            )
        enrolments = {e.pk: e for e in group.enrolments.filter(pk__in=list(statuses))}
        errors = []
        for enrolment_id, status in statuses.items():
            enrolment = enrolments.get(enrolment_id)
            if enrolment is None or not enrolled_on(enrolment, lesson.date):
                errors.append(
                    _("A child not enrolled in the group on %(day)s cannot be marked.")
                    % {"day": f"{lesson.date:%d.%m.%Y}"}
                )
            elif status and status not in Status.values:
                errors.append(_("Choose whether the child was present or the reason of the absence."))
        if errors:
            raise ValidationError(sorted(set(errors)))
        existing = {m.enrolment_id: m for m in lesson.marks.select_for_update()}
        written = 0
        with database_rules(AttendanceMark):
            for enrolment_id, status in statuses.items():
                mark = existing.get(enrolment_id)
                if not status:
                    if mark is not None:
                        mark._history_user = _user(by)
                        mark.delete()
                        written += 1
                elif mark is None:
                    mark = AttendanceMark(
                        lesson=lesson, enrolment_id=enrolment_id, status=status, marked_by=_user(by)
                    )
                    mark._history_user = _user(by)
                    mark.save()
                    written += 1
                elif mark.status != status:
                    mark.status, mark.marked_by = status, _user(by)
                    mark._history_user = _user(by)
                    mark.save(update_fields=["status", "marked_by", "marked_at"])
                    written += 1
        return written


def clear_lesson(*, lesson: Lesson, by) -> int:
    """Remove every mark of a lesson that did not take place after all (before its day is
    added to the calendar as cancelled); a closed month only by those who MANAGE_ATTENDANCE.
    The marks' history keeps who removed them. Returns the number removed."""
    with transaction.atomic():
        _lock(_month_key(lesson.group_id, lesson.date))
        closed = AttendanceMonth.objects.filter(
            group_id=lesson.group_id, month=first_day(lesson.date)
        ).exists()
        if closed and not can(by, Action.MANAGE_ATTENDANCE):
            raise ValidationError(
                _("The month is closed: only the methodist changes its marks."), code="closed"
            )
        marks = list(lesson.marks.select_for_update())
        for mark in marks:
            mark._history_user = _user(by)
            mark.delete()
        return len(marks)


# --- closing months -----------------------------------------------------------------------


def close_month(*, group: Group, month: datetime.date, by) -> AttendanceMonth:
    month = first_day(month)
    if month > first_day(timezone.localdate()):
        raise ValidationError(_("A month still to come cannot be closed."))
    with transaction.atomic():
        _lock(_month_key(group.pk, month))
        closed = AttendanceMonth(group=group, month=month, closed_by=_user(by))
        closed._history_user = _user(by)
        with database_rules(AttendanceMonth):
            closed.save()
        return closed


def reopen_month(*, group: Group, month: datetime.date, by) -> bool:
    """Reopen a closed month (its history keeps who closed it and who reopened it)."""
    with transaction.atomic():
        _lock(_month_key(group.pk, first_day(month)))
        closed = AttendanceMonth.objects.filter(group=group, month=first_day(month)).first()
        if closed is None:
            return False
        closed._history_user = _user(by)
        closed.delete()
        return True


# --- the academic calendar ----------------------------------------------------------------

MAX_DAYS_AT_ONCE = 366


def add_days_off(
    *, organisation_id: int, first: datetime.date, last: datetime.date | None, kind: str, note: str, by
) -> int:
    """Add the days from ``first`` to ``last`` (one day when no last) to the organisation's
    calendar as days without lessons; days already there are kept as they are. Refused, with
    nothing saved, when a lesson on one of the days already has marks (remove the marks
    first). The unmarked lesson rows of those days are removed. Returns the days added."""
    last = last or first
    if last < first:
        raise ValidationError(_("The last day cannot be before the first."))
    if (last - first).days >= MAX_DAYS_AT_ONCE:
        raise ValidationError(_("Add at most a year of days at once."))
    days = [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]
    with transaction.atomic():
        _lock(_calendar_key(organisation_id))
        lessons = Lesson.objects.filter(group__club__organisation_id=organisation_id, date__in=days)
        marked = sorted(set(lessons.filter(marks__isnull=False).values_list("date", flat=True)))
        if marked:
            raise ValidationError(
                _("Lessons on %(days)s already have attendance marks: clear them in the registers first.")
                % {"days": ", ".join(f"{day:%d.%m.%Y}" for day in marked[:5])}
            )
        lessons.filter(marks__isnull=True).delete()
        present = set(
            CalendarDay.objects.filter(organisation_id=organisation_id, date__in=days).values_list(
                "date", flat=True
            )
        )
        new = [
            CalendarDay(organisation_id=organisation_id, date=day, kind=kind, note=note)
            for day in days
            if day not in present
        ]
        with database_rules(CalendarDay):
            for day in new:
                day._history_user = _user(by)
                day.save()
        return len(new)


def remove_day_off(*, day: CalendarDay, by) -> None:
    with transaction.atomic():
        _lock(_calendar_key(day.organisation_id))
        day._history_user = _user(by)
        day.delete()


# --- reads for many groups ----------------------------------------------------------------


def _group_ids_sql(groups) -> tuple[str, list]:
    """SQL selecting the groups' ids, and its parameters: a queryset stays a subquery (no
    extra query), anything else is a list of groups or ids."""
    if isinstance(groups, QuerySet):
        try:
            sql, params = groups.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # Group.objects.none(), or a filter on an empty list
            return "SELECT NULL::bigint WHERE false", []
        return sql, list(params)
    ids = [getattr(group, "pk", group) for group in groups]
    return "SELECT unnest(%s::bigint[])", [ids]


# Each set is narrowed to the chosen groups first (MATERIALIZED: the planner otherwise expects
# 1,000 rows per generate_series and merges against every enrolment and mark of the country —
# 1–2.6 s at nation scale, measured by the inbox helper; this form is tens of ms). Per lesson,
# the children due (enrolled that day) are compared with the marks of those children.
_UNMARKED_SQL = """
WITH chosen AS MATERIALIZED (
    SELECT grp.id, club.organisation_id, year.start AS first_day,
           LEAST(year."end", %s::date - 1) AS last_day
    FROM programs_group grp
    JOIN programs_club club ON club.id = grp.club_id
    JOIN centre_academicyear year ON year.id = grp.academic_year_id
    WHERE grp.id IN ({ids}) AND year.start < %s::date
),
kids AS MATERIALIZED (
    SELECT child.id, child.group_id, child.enrolled_on, child.left_on
    FROM programs_enrollment child
    WHERE child.group_id IN (SELECT id FROM chosen)
),
held AS MATERIALIZED (
    SELECT lesson.id, lesson.group_id, lesson.date, lesson.starts
    FROM chosen
    JOIN programs_lesson lesson ON lesson.group_id = chosen.id
         AND lesson.date BETWEEN chosen.first_day AND chosen.last_day
),
marks AS MATERIALIZED (
    SELECT held.group_id, held.date, held.starts, mark.enrolment_id
    FROM held JOIN programs_attendancemark mark ON mark.lesson_id = held.id
),
marked AS MATERIALIZED (
    SELECT marks.group_id, marks.date, marks.starts, count(*) AS done
    FROM marks
    JOIN kids ON kids.id = marks.enrolment_id AND kids.group_id = marks.group_id
         AND kids.enrolled_on <= marks.date AND (kids.left_on IS NULL OR kids.left_on >= marks.date)
    GROUP BY marks.group_id, marks.date, marks.starts
),
lessons AS MATERIALIZED (
    SELECT chosen.id AS group_id, day::date AS date, slot.starts
    FROM chosen
    JOIN programs_scheduleslot slot ON slot.group_id = chosen.id
    CROSS JOIN LATERAL generate_series(
        chosen.first_day + ((slot.weekday - extract(isodow FROM chosen.first_day)::int + 7) %% 7),
        chosen.last_day, interval '7 days') AS day
    WHERE NOT EXISTS (
        SELECT 1 FROM centre_calendarday off
        WHERE off.organisation_id = chosen.organisation_id AND off.date = day::date)
    UNION
    SELECT group_id, date, starts FROM marked
),
due AS (
    SELECT lessons.group_id, lessons.date, lessons.starts, count(*) AS due
    FROM lessons
    JOIN kids ON kids.group_id = lessons.group_id AND kids.enrolled_on <= lessons.date
         AND (kids.left_on IS NULL OR kids.left_on >= lessons.date)
    GROUP BY lessons.group_id, lessons.date, lessons.starts
)
SELECT DISTINCT due.group_id, date_trunc('month', due.date)::date
FROM due
LEFT JOIN marked ON marked.group_id = due.group_id AND marked.date = due.date
     AND marked.starts = due.starts
WHERE due.due > COALESCE(marked.done, 0)
  AND NOT EXISTS (
    SELECT 1 FROM programs_attendancemonth closed
    WHERE closed.group_id = due.group_id AND closed.month = date_trunc('month', due.date)::date)
ORDER BY 1, 2
"""


def unmarked_months(
    groups: Iterable | QuerySet, *, today: datetime.date | None = None
) -> dict[int, list[datetime.date]]:
    """Group id → the first days of the months of its academic year, up to the current one,
    in which a lesson that has taken place (before today; from the schedule and the calendar,
    whether or not its Lesson row was made) has a child enrolled on its day without a mark.
    A month the methodist has closed is left out (nobody but the methodist can mark it now, and
    the closing page warned of the gaps). Groups with nothing unmarked are left out. One query
    for any number of groups."""
    today = today or timezone.localdate()
    ids_sql, ids_params = _group_ids_sql(groups)
    result: dict[int, list[datetime.date]] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(_UNMARKED_SQL.format(ids=ids_sql), [today, *ids_params, today])
        for group_id, month in cursor.fetchall():
            result[group_id].append(month)
    return dict(result)


# The groups' lessons are read by their own index first (never the whole lesson table), their
# marks by programs_mark_once; a child's streak is the absences after their latest "present"
# (one pass: the latest "present" per child as a window, then the absences after it).
_STREAKS_SQL = """
WITH kids AS MATERIALIZED (
    SELECT child.id FROM programs_enrollment child
    WHERE child.group_id IN ({ids}) AND child.status = 'active'
),
held AS MATERIALIZED (
    SELECT lesson.id, lesson.date + lesson.starts AS at
    FROM programs_lesson lesson WHERE lesson.group_id IN ({ids})
),
marks AS MATERIALIZED (
    SELECT mark.enrolment_id, mark.status, held.at
    FROM held
    JOIN programs_attendancemark mark ON mark.lesson_id = held.id
    JOIN kids ON kids.id = mark.enrolment_id
),
latest AS (
    SELECT enrolment_id, status, at,
           max(at) FILTER (WHERE status = 'present') OVER (PARTITION BY enrolment_id) AS present_at
    FROM marks
)
SELECT enrolment_id, count(*)
FROM latest
WHERE status <> 'present' AND (present_at IS NULL OR at > present_at)
GROUP BY enrolment_id
"""


def absence_streaks(groups: Iterable | QuerySet) -> dict[int, int]:
    """Enrolment id → the number of its latest marked lessons missed in a row (any reason),
    for the children studying in the groups now; children whose last mark is "present" are
    left out. One query."""
    ids_sql, ids_params = _group_ids_sql(groups)
    with connection.cursor() as cursor:
        cursor.execute(_STREAKS_SQL.format(ids=ids_sql), [*ids_params, *ids_params])
        return dict(cursor.fetchall())


def flagged_absences(groups: Iterable | QuerySet) -> dict[int, int]:
    """The streaks that reach settings.ATTENDANCE_ABSENCE_STREAK: the children to flag."""
    limit = settings.ATTENDANCE_ABSENCE_STREAK
    return {pk: streak for pk, streak in absence_streaks(groups).items() if streak >= limit}
