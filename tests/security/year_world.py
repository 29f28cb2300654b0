"""The methodist's year in an organisation of the tenancy world (worlds.py): orders,
lessons with marks, a closed month, the calendar's days off, imports of files and the next
year's copy of a group; and the helpers the demo world shares (an XLSX of rows, the next
academic year)."""

import datetime
import io

from django.utils import timezone
from openpyxl import Workbook

from centre.models import AcademicYear, CalendarDay
from programs.models import (
    AttendanceMark,
    AttendanceMonth,
    Enrolment,
    Group,
    ImportBatch,
    LeavingReason,
    Lesson,
)
from programs.models import Order as ChildOrder
from tests.programs.factories import GroupFactory


def workbook_bytes(rows) -> bytes:
    """An XLSX file of ``rows`` (the first one the header)."""
    book = Workbook()
    for values in rows:
        book.active.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def next_academic_year(year):
    """The academic year after ``year``, made when absent (as the next-year wizard makes it)."""
    first = int(year.label[:4]) + 1
    return AcademicYear.objects.get_or_create(
        label=f"{first}/{first + 1}",
        defaults={"start": year.start.replace(year=first), "end": year.end.replace(year=first + 1)},
    )[0]


def mondays(first: datetime.date, last: datetime.date):
    day = first + datetime.timedelta(days=(7 - first.weekday()) % 7)
    while day <= last:
        yield day
        day += datetime.timedelta(days=7)


def build_year(o, *, label: str, children: str, methodist, director, teacher) -> None:
    """The methodist's year in organisation ``o`` (after ``build_organisation``): orders,
    lessons with marks, a closed month, the calendar's days off and imports of files.

    - ``o.signed_order``: the enrolment order signed by ``director`` that enrolled
      ``o.enrolment`` (the learner); ``o.draft_order``: the draft enrolment order of
      ``o.drafted`` (the newcomer, enrolled too); ``o.leaving_draft``: a draft leaving order
      of ``o.left`` (the mentee, who was in the group and left at the parent's request);
    - ``o.lessons``: the group's Monday lessons of the year's first month (``o.closed_month``,
      closed by ``methodist``: ``o.closed``) and the last Monday before today
      (``o.open_lesson``, its month open); ``o.mark`` / ``o.marks``: ``teacher``'s marks;
    - ``o.calendar_day`` (a holiday) and ``o.cancelled_day`` of the organisation's calendar;
    - ``o.import_batch`` (learners, checked and valid) and ``o.bad_import`` (invalid, its
      errors naming the children), both uploaded by ``methodist``;
    - ``o.next_group``: the group copied into the next academic year (the wizard's copy); the
      learner moved on into it (``o.moved``, by the draft transfer order ``o.transfer_draft``),
      the newcomer not decided yet.

    The titles, notes and file names carry ``label``, the files' rows the children's surnames.
    """
    org, group = o.organisation, o.group
    year = group.academic_year
    start = year.start
    o.signed_order = ChildOrder.objects.create(
        organisation=org,
        academic_year=year,
        kind=ChildOrder.Kind.ENROLMENT,
        status=ChildOrder.Status.SIGNED,
        number=f"{label}-17-у",
        signed_on=start,
        title=f"О зачислении в объединения {label}",
        created_by=methodist,
        signed_by=director,
        signed_at=timezone.now(),
    )
    o.draft_order = ChildOrder.objects.create(
        organisation=org,
        academic_year=year,
        kind=ChildOrder.Kind.ENROLMENT,
        title=f"О зачислении (проект) {label}",
        created_by=methodist,
    )
    o.leaving_draft = ChildOrder.objects.create(
        organisation=org,
        academic_year=year,
        kind=ChildOrder.Kind.LEAVING,
        title=f"Об отчислении (проект) {label}",
        created_by=methodist,
    )
    Enrolment.objects.filter(pk=o.enrolment.pk).update(
        order=o.signed_order, enrolled_on=start, funding=group.funding
    )
    o.enrolment.refresh_from_db()
    o.drafted = Enrolment.objects.create(
        group=group, learner=o.newcomer, order=o.draft_order, enrolled_on=start, funding=group.funding
    )
    o.left = Enrolment.objects.create(
        group=group,
        learner=o.mentee,
        order=o.signed_order,
        enrolled_on=start,
        status=Enrolment.Status.LEFT,
        left_on=start + datetime.timedelta(days=20),
        leaving_order=o.leaving_draft,
        leaving_reason=LeavingReason.PARENT_REQUEST,
    )
    Group.objects.filter(pk=group.pk).update(enrolled_count=2)
    group.refresh_from_db()

    first_month = [day for day in mondays(start, start.replace(day=28)) if day.month == start.month]
    today = timezone.localdate()
    recent = max(mondays(start, today - datetime.timedelta(days=1)), default=first_month[-1])
    dates = sorted({*first_month[:2], recent})
    o.lessons = [
        Lesson.objects.create(group=group, date=day, starts=o.slot.starts, ends=o.slot.ends, slot=o.slot)
        for day in dates
    ]
    o.lesson, o.open_lesson = o.lessons[0], o.lessons[-1]
    statuses = [AttendanceMark.Status.PRESENT, AttendanceMark.Status.ILL, AttendanceMark.Status.NO_REASON]
    o.marks = [
        AttendanceMark.objects.create(lesson=lesson, enrolment=enrolment, status=status, marked_by=teacher)
        for lesson, status in zip(o.lessons, statuses, strict=False)
        for enrolment in (o.enrolment, o.drafted)
    ]
    o.mark = o.marks[0]
    o.closed_month = start.replace(day=1)
    o.closed = AttendanceMonth.objects.create(group=group, month=o.closed_month, closed_by=methodist)
    o.open_month = o.open_lesson.date.replace(day=1)

    o.calendar_day = CalendarDay.objects.create(
        organisation=org,
        date=datetime.date(start.year, 11, 4),
        kind=CalendarDay.Kind.HOLIDAY,
        note=f"День народного единства {label}",
    )
    o.cancelled_day = CalendarDay.objects.create(
        organisation=org,
        date=first_month[-1] + datetime.timedelta(days=1),
        kind=CalendarDay.Kind.CANCELLED,
        note=f"Карантин {label}",
    )

    header = ["Фамилия", "Имя", "Дата рождения", "Родитель", "Телефон", "Дата согласия"]
    rows = [
        header,
        [
            o.newcomer.surname,
            o.newcomer.name,
            "01.02.2015",
            o.newcomer_guardian.surname,
            o.newcomer_guardian.phone,
            "01.09.2026",
        ],
    ]
    o.import_batch = ImportBatch.objects.create(
        organisation=org,
        kind=ImportBatch.Kind.LEARNERS,
        status=ImportBatch.Status.VALID,
        file_name=f"Учащиеся {label}.xlsx",
        content=workbook_bytes(rows),
        total_rows=1,
        totals={"created": 1, "updated": 0, "skipped": 0},
        created_by=methodist,
    )
    o.next_year = next_academic_year(year)
    o.next_group = GroupFactory(
        club=o.club,
        program=o.program,
        teacher=o.teacher,
        venue=o.venue,
        room=group.room,
        academic_year=o.next_year,
        year_of_study=group.year_of_study + 1,
        name=group.name,
        copied_from=group,
    )
    o.transfer_draft = ChildOrder.objects.create(
        organisation=org,
        academic_year=year,
        kind=ChildOrder.Kind.TRANSFER,
        title=f"О переводе (проект) {label}",
        created_by=methodist,
    )
    o.moved = Enrolment.objects.create(
        group=o.next_group,
        learner=o.learner,
        continues=o.enrolment,
        order=o.transfer_draft,
        enrolled_on=o.next_year.start,
        funding=o.enrolment.funding,
    )
    Group.objects.filter(pk=o.next_group.pk).update(enrolled_count=1)
    o.next_group.refresh_from_db()

    o.bad_import = ImportBatch.objects.create(
        organisation=org,
        kind=ImportBatch.Kind.LEARNERS,
        status=ImportBatch.Status.INVALID,
        file_name=f"Учащиеся с ошибкой {label}.xlsx",
        content=workbook_bytes([*rows, [f"{children}ёва", "", "31.02.2015", "", "", ""]]),
        total_rows=2,
        errors=[{"row": 3, "column": "Дата рождения", "message": f"{children}ёва: нет такой даты"}],
        created_by=methodist,
        finished_at=timezone.now(),
    )
