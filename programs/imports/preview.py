"""The rows of a kept file as its page lists them: Excel's row number, the cells that tell
the rows apart (the child, the group, the program) and the row's errors."""

from typing import NamedTuple

from programs.imports.base import FIRST_ROW, blank, read_workbook
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
