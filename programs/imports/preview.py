"""The rows of a kept file as its page lists them: Excel's row number, the cells that tell
the rows apart (the child, the group, the program) and the row's errors."""

from typing import NamedTuple

from openpyxl import Workbook

from centre.workbooks import append_row, header_row
from programs.imports.base import FIRST_ROW, blank, errors_header, is_errors_header, read_workbook
from programs.imports.widgets import cell_text, normalised
from programs.models import ImportBatch

SUMMARY = {
    ImportBatch.Kind.PROGRAMS: ["Название программы", "Направленность", "Возраст от", "Возраст до"],
    ImportBatch.Kind.GROUPS: ["Объединение", "Название группы", "Педагог", "Расписание"],
    ImportBatch.Kind.LEARNERS: [
        "Фамилия ребёнка",
        "Имя ребёнка",
        "Дата рождения",
        "Фамилия родителя",
        "Группа",
    ],
}


class PreviewRow(NamedTuple):
    number: int
    cells: list  # (header, text)
    errors: list


def summary_headers(kind: str) -> list[str]:
    return SUMMARY[kind]


def preview_rows(batch: ImportBatch, errors_by_row: dict, *, only_errors: bool = False) -> list[PreviewRow]:
    """Every filled row of the file (or only those with errors), in the file's order."""
    dataset = read_workbook(bytes(batch.content))
    positions = {normalised(cell_text(header)): index for index, header in enumerate(dataset.headers or [])}
    wanted = [positions.get(normalised(header)) for header in SUMMARY[batch.kind]]
    rows = []
    for number, values in enumerate(dataset, start=FIRST_ROW):
        if blank(values) or (only_errors and number not in errors_by_row):
            continue
        cells = [
            (header, cell_text(values[index]) if index is not None else "")
            for header, index in zip(SUMMARY[batch.kind], wanted, strict=True)
        ]
        rows.append(PreviewRow(number, cells, errors_by_row.get(number, [])))
    return rows


def errors_workbook(batch: ImportBatch, errors_by_row: dict) -> Workbook:
    """The file as it was uploaded, each row with its errors in a last column «Errors» (in the
    active language): the methodist corrects it in Excel and uploads it again as it is (the
    import skips that column, in whatever language it was written)."""
    dataset = read_workbook(bytes(batch.content))
    headers = [cell_text(header) for header in dataset.headers or []]
    keep = [index for index, header in enumerate(headers) if header and not is_errors_header(header)]
    workbook = Workbook()
    sheet = workbook.active
    header_row(sheet, [headers[index] for index in keep] + [errors_header()], [18] * len(keep) + [80])
    for problem in errors_by_row.get(1, []) + errors_by_row.get(None, []):
        append_row(sheet, [""] * len(keep) + [describe(problem)])
    for number, values in enumerate(dataset, start=FIRST_ROW):
        if blank(values):
            continue
        problems = "; ".join(describe(problem) for problem in errors_by_row.get(number, []))
        append_row(sheet, [values[index] for index in keep] + [problems])
    return workbook


def describe(problem: dict) -> str:
    return f"«{problem['column']}»: {problem['message']}" if problem["column"] else problem["message"]
