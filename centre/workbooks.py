"""XLSX workbooks (openpyxl) that open safely in Excel and LibreOffice, and their responses.

Every workbook writer of the portal appends its rows with ``append_row``: text typed by a
user (a child's surname from the public form, a project title, a platform's theme) is stored
as a text cell, never as a formula. openpyxl on its own turns a string starting with ``=``
into a live formula, so a surname ``=HYPERLINK("http://…","…")`` became a link in the staff
export (issue 13). A text cell that starts with ``= + - @`` or a tab, CR or LF also carries
Excel's quote prefix, so the value stays text when someone edits the cell. Characters XML
cannot hold (control characters) are dropped instead of failing the whole export.
"""

from io import BytesIO

from django.http import HttpResponse
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# what Excel, LibreOffice and CSV importers read as the start of a formula
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n")
MAX_CELL_CHARACTERS = 32767  # Excel's limit for one cell


def text_cell(sheet, value) -> Cell:
    """A cell holding ``value`` as literal text on ``sheet`` (placed by ``sheet.append``)."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:MAX_CELL_CHARACTERS]
    cell = Cell(sheet)
    cell.value = text
    cell.data_type = "s"  # openpyxl made it "f" (formula) if the text starts with "="
    if text.startswith(FORMULA_PREFIXES):
        cell.quotePrefix = True
    return cell


def row_cells(sheet, values) -> list:
    """The row's values with every string (translated ones too) as a text cell."""
    return [text_cell(sheet, value) if isinstance(value, str | Promise) else value for value in values]


def append_row(sheet, values) -> None:
    """``sheet.append(values)``, with text written as text, never as a formula."""
    sheet.append(row_cells(sheet, values))


def header_row(sheet, titles, widths=(), *, wrap: bool = False) -> None:
    """Append a bold row of column titles; ``widths`` sets the columns' widths from the first."""
    append_row(sheet, titles)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        if wrap:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(content: bytes | Workbook, filename: str) -> HttpResponse:
    """The workbook as a download: its content type, an attachment named ``filename``, and
    ``Cache-Control: private, no-store`` (exports hold personal data)."""
    if isinstance(content, Workbook):
        content = workbook_bytes(content)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["Cache-Control"] = "private, no-store"
    return response
