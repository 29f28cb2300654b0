"""Reports of the attendance register: a group's month as a grid (children × lessons), the
monthly timesheet (табель) as XLSX, and the attendance rates of groups and children.

Rates count marks: a child's rate is the lessons they were present at out of the lessons
marked for them; a group's is the same over all its marks. Unmarked lessons are not
counted either way (the inbox lists them: services.attendance.unmarked_months).
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from centre.workbooks import append_row, header_row
from programs.models import AttendanceMark, Enrolment, Group, Lesson
from programs.services.attendance import enrolled_on, first_day, last_day

Status = AttendanceMark.Status

NOT_ENROLLED = "—"


def status_codes() -> dict[str, str]:
    """The timesheet's codes in the active language (the legend is written under the table):
    Russian «Б», «У», «Н» as the табель has them."""
    return {
        Status.PRESENT: "+",
        Status.ILL: pgettext("attendance code", "I"),
        Status.VALID: pgettext("attendance code", "E"),
        Status.NO_REASON: pgettext("attendance code", "U"),
    }


def code_legend() -> list[tuple[str, str]]:
    code = status_codes()
    return [
        ("+", _("present")),
        (code[Status.ILL], _("absent: illness")),
        (code[Status.VALID], _("absent: valid reason")),
        (code[Status.NO_REASON], _("absent: no reason")),
        (NOT_ENROLLED, _("not in the group that day")),
    ]


def percent(part: int, whole: int) -> int | None:
    """``part`` of ``whole`` in whole per cent, rounded half up (5 of 8 is 63)."""
    return (200 * part + whole) // (2 * whole) if whole else None


@dataclass
class Counts:
    present: int = 0
    ill: int = 0
    valid: int = 0
    no_reason: int = 0

    @property
    def absent(self) -> int:
        return self.ill + self.valid + self.no_reason

    @property
    def marked(self) -> int:
        return self.present + self.absent

    @property
    def rate(self) -> int | None:
        """Present out of marked, in per cent (None when nothing is marked)."""
        return percent(self.present, self.marked)

    def add(self, status: str) -> None:
        setattr(self, status, getattr(self, status) + 1)


@dataclass
class RegisterRow:
    enrolment: Enrolment
    cells: list[str | None]  # per lesson: a status, NOT_ENROLLED or None (no mark yet)
    counts: Counts = field(default_factory=Counts)
    streak: int = 0

    @property
    def codes(self) -> list[str]:
        code = status_codes()
        return [code.get(cell, cell) or "" for cell in self.cells]

    @property
    def cells_with_lessons(self):
        return zip(self.cells, self.codes, strict=True)


@dataclass
class LessonSummary:
    lesson: Lesson
    marked: int
    due: int
    taken_place: bool


@dataclass
class RegisterMonth:
    group: Group
    month: datetime.date
    lessons: list[Lesson]
    rows: list[RegisterRow]

    @property
    def present_per_lesson(self) -> list[int]:
        return [
            sum(1 for row in self.rows if row.cells[i] == Status.PRESENT) for i in range(len(self.lessons))
        ]

    def lesson_summaries(self, today: datetime.date) -> list["LessonSummary"]:
        """Per lesson: the children marked, the children due (enrolled that day), whether it
        has taken place by ``today``."""
        return [
            LessonSummary(
                lesson=lesson,
                marked=sum(1 for row in self.rows if row.cells[i] in Status.values),
                due=sum(1 for row in self.rows if row.cells[i] != NOT_ENROLLED),
                taken_place=lesson.date <= today,
            )
            for i, lesson in enumerate(self.lessons)
        ]

    @property
    def counts(self) -> Counts:
        total = Counts()
        for row in self.rows:
            for name in ("present", "ill", "valid", "no_reason"):
                setattr(total, name, getattr(total, name) + getattr(row.counts, name))
        return total


def month_enrolments(group: Group, month: datetime.date):
    """The group's children enrolled on any day of the month, by surname."""
    start, end = first_day(month), last_day(month)
    return (
        Enrolment.objects.filter(group=group, enrolled_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .select_related("learner")
        .order_by("learner__surname", "learner__name", "pk")
    )


def register_month(group: Group, month: datetime.date, lessons: list[Lesson], streaks=None) -> RegisterMonth:
    """The grid of a month from its lessons (services.attendance.open_month): two queries
    (the children, the marks)."""
    enrolments = list(month_enrolments(group, month))
    marks = {
        (lesson_id, enrolment_id): status
        for lesson_id, enrolment_id, status in AttendanceMark.objects.filter(
            lesson__in=[lesson.pk for lesson in lessons]
        ).values_list("lesson_id", "enrolment_id", "status")
    }
    rows = []
    for enrolment in enrolments:
        row = RegisterRow(enrolment=enrolment, cells=[], streak=(streaks or {}).get(enrolment.pk, 0))
        for lesson in lessons:
            status = marks.get((lesson.pk, enrolment.pk))
            if status:
                row.counts.add(status)
            elif not enrolled_on(enrolment, lesson.date):
                status = NOT_ENROLLED
            row.cells.append(status)
        rows.append(row)
    return RegisterMonth(group=group, month=first_day(month), lessons=lessons, rows=rows)


def timesheet_workbook(register: RegisterMonth, *, organisation_name: str) -> Workbook:
    """The monthly timesheet: a title, the children × the lesson dates with codes, each
    child's totals (lessons present, absent by reason, rate), the present per lesson and the
    codes' legend."""
    book = Workbook()
    sheet = book.active
    sheet.title = f"{register.month:%m.%Y}"
    group = register.group
    append_row(sheet, [_("Attendance timesheet")])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, [organisation_name])
    append_row(
        sheet,
        [
            _("Group: %(club)s, %(group)s; teacher: %(teacher)s")
            % {"club": group.club.name, "group": group.name, "teacher": group.teacher.short_name}
        ],
    )
    append_row(sheet, [_("Month: %(month)s") % {"month": f"{register.month:%m.%Y}"}])
    append_row(sheet, [])
    dates = [f"{lesson.date:%d.%m}" for lesson in register.lessons]
    totals = [_("Present"), _("Illness"), _("Valid reason"), _("No reason"), _("Rate, %")]
    header_row(
        sheet, [_("No."), _("Child"), *dates, *totals], widths=[5, 32, *([6] * len(dates)), 9, 9, 9, 9, 9]
    )
    header = sheet.max_row
    for number, row in enumerate(register.rows, start=1):
        counts = row.counts
        append_row(
            sheet,
            [
                number,
                row.enrolment.learner.full_name,
                *row.codes,
                counts.present,
                counts.ill,
                counts.valid,
                counts.no_reason,
                counts.rate if counts.rate is not None else "",
            ],
        )
    total = register.counts
    append_row(
        sheet,
        [
            "",
            _("Present at the lesson"),
            *register.present_per_lesson,
            total.present,
            total.ill,
            total.valid,
            total.no_reason,
            total.rate if total.rate is not None else "",
        ],
    )
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for cells in sheet.iter_rows(min_row=header, max_row=sheet.max_row, min_col=3):
        for cell in cells:
            cell.alignment = Alignment(horizontal="center")
    sheet.freeze_panes = sheet.cell(row=header + 1, column=3)
    append_row(sheet, [])
    append_row(sheet, [_("Codes")])
    for code, meaning in code_legend():
        append_row(sheet, [code, meaning])
    sheet.column_dimensions[get_column_letter(1)].width = 5
    return book


# --- rates ----------------------------------------------------------------------------------


def _status_counts(prefix: str) -> dict:
    return {
        name: Count("pk", filter=Q(**{f"{prefix}status": value}))
        for name, value in (
            ("present", Status.PRESENT),
            ("ill", Status.ILL),
            ("valid", Status.VALID),
            ("no_reason", Status.NO_REASON),
        )
    }


@dataclass
class GroupRate:
    group: Group
    counts: Counts


def group_rates(groups: list[Group], *, start: datetime.date, end: datetime.date) -> list[GroupRate]:
    """The rates of the groups (a page of them) over the dates: one query."""
    by_group = {group.pk: Counts() for group in groups}
    rows = (
        AttendanceMark.objects.filter(lesson__group__in=list(by_group), lesson__date__range=(start, end))
        .values("lesson__group")
        .annotate(**_status_counts(""))
        .order_by()
    )
    for row in rows:
        group_id = row.pop("lesson__group")
        by_group[group_id] = Counts(**row)
    return [GroupRate(group, by_group[group.pk]) for group in groups]


@dataclass
class ChildRate:
    enrolment: Enrolment
    counts: Counts
    streak: int = 0  # the latest lessons missed in a row (services.attendance.absence_streaks)


def child_rates(group: Group, *, start: datetime.date, end: datetime.date) -> list[ChildRate]:
    """The rates of the group's children enrolled between the dates: two queries."""
    enrolments = list(
        Enrolment.objects.filter(group=group, enrolled_on__lte=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
        .select_related("learner")
        .order_by("learner__surname", "learner__name", "pk")
    )
    rows = (
        AttendanceMark.objects.filter(enrolment__in=enrolments, lesson__date__range=(start, end))
        .values("enrolment")
        .annotate(**_status_counts(""))
        .order_by()
    )
    counts = {}
    for row in rows:
        enrolment_id = row.pop("enrolment")
        counts[enrolment_id] = Counts(**row)
    return [ChildRate(enrolment, counts.get(enrolment.pk, Counts())) for enrolment in enrolments]
