"""The pairs as an XLSX workbook for the coordinator's reports (staff only)."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from centre.workbooks import append_row, header_row
from mentoring.models import Participant


def pairs_workbook(pairs, *, user) -> Workbook:
    """One row per pair. ``pairs`` comes from ``selectors.export_rows``; children are named
    as ``user`` may see them (``Participant.name_for``), as on the pages."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Pairs")
    header = [
        _("No."),
        _("Program"),
        _("Form of mentoring"),
        _("Mentor"),
        _("Mentees"),
        _("Status"),
        _("Starts"),
        _("Planned end"),
        _("Actual end"),
        _("Meetings"),
        _("Last meeting"),
        _("Plan steps done"),
        _("Plan steps in all"),
        _("Overdue steps"),
        _("Average satisfaction"),
    ]
    header_row(sheet, header, [6, 40, 24, 30, 50, 14, 12, 12, 12, 10, 14, 10, 10, 10, 12])
    for pair in pairs:
        people = list(pair.participants.all())
        mentor = next((p.name_for(user) for p in people if p.role == Participant.Role.MENTOR), "")
        mentees = ", ".join(p.name_for(user) for p in people if p.role == Participant.Role.MENTEE)
        append_row(
            sheet,
            [
                pair.pk,
                pair.program.title,
                pair.get_form_display(),
                mentor,
                mentees,
                pair.get_status_display(),
                pair.start,
                pair.planned_end,
                pair.actual_end,
                pair.meeting_count,
                pair.last_meeting,
                pair.plan_done,
                pair.plan_total,
                pair.plan_overdue,
                round(float(pair.satisfaction), 1) if pair.satisfaction is not None else None,
            ],
        )
    for column in (7, 8, 9, 11):
        for cell in sheet[get_column_letter(column)][1:]:
            cell.number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    return book
