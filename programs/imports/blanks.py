"""The template of each kind of file: the first sheet has the headers the import expects
(required ones in bold), the second says what to write in each column."""

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from centre.workbooks import append_row, header_row, workbook_bytes
from programs.imports.kinds import SHEET_TITLES, resource_for


def template_workbook(kind: str, *, organisation, by) -> Workbook:
    # in the language of the page it is downloaded from (the headers are the import's own)
    columns = resource_for(kind, organisation=organisation, by=by).columns
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(SHEET_TITLES[kind])
    header_row(sheet, [column.header for column in columns], [max(14, len(c.header) + 4) for c in columns])
    for cell, column in zip(sheet[1], columns, strict=True):
        cell.font = Font(bold=column.required)
    sheet.freeze_panes = "A2"
    notes = workbook.create_sheet(_("How to fill in"))
    header_row(notes, [_("Column"), _("Required"), _("What to write")], [32, 14, 90])
    for column in columns:
        append_row(notes, [column.header, _("yes") if column.required else _("no"), column.help])
    append_row(notes, [])
    append_row(
        notes,
        [
            _(
                "The import reads the first sheet. Row 1 holds the headers; each row below it is one record. "
                "Nothing is saved unless every row is correct."
            )
        ],
    )
    return workbook


def filled_workbook(headers, rows) -> bytes:
    """A workbook of these headers and rows (a filled-in template: the tests', the bench's)."""
    workbook = Workbook()
    sheet = workbook.active
    header_row(sheet, headers)
    for row in rows:
        append_row(sheet, row)
    return workbook_bytes(workbook)
