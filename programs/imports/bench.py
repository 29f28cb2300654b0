"""The benchmark's import of learners (bench/): a learners file of new children built in
memory and run the page's way — kept, checked, imported — in the caller's thread and
connection, no worker."""

import datetime

from programs.imports.blanks import filled_workbook
from programs.imports.kinds import resource_for
from programs.models import ImportBatch
from programs.services.imports import batch_create, batch_start, check_batch, run_batch

LEARNERS = ImportBatch.Kind.LEARNERS


def learners_workbook(rows: int, *, organisation, by, prefix: str = "Бенч", group=None) -> bytes:
    """``rows`` children, each with a parent of their own (a phone no one else has), and a
    consent; enrolled into ``group`` (of the organisation's current year) when given."""
    headers = [column.header for column in resource_for(LEARNERS, organisation=organisation, by=by).columns]
    lines = []
    for number in range(rows):
        values = {
            "Фамилия ребёнка": f"{prefix}ов{number}",
            "Имя ребёнка": "Иван",
            "Дата рождения": datetime.date(2014, 1 + number % 12, 1 + number % 28),
            "Фамилия родителя": f"{prefix}ова{number}",
            "Имя родителя": "Мария",
            "Телефон родителя": f"+7 (999) {number // 10000 % 1000:03d}-{number // 100 % 100:02d}-{number % 100:02d}",
            "Дата согласия на обработку ПД": datetime.date(2024, 9, 1),
        }
        if group is not None:
            values |= {"Объединение": group.club.name, "Группа": group.name}
        lines.append([values.get(header) for header in headers])
    return filled_workbook(headers, lines)


def import_learners(*, organisation, by, rows: int = 1000, group=None, prefix: str = "Бенч") -> ImportBatch:
    """Build the file, then keep, check and import it as the page and the worker do."""
    content = learners_workbook(rows, organisation=organisation, by=by, prefix=prefix, group=group)
    batch = batch_create(
        organisation=organisation, kind=LEARNERS, file_name="bench.xlsx", content=content, by=by
    )
    check_batch(batch.pk)
    batch.refresh_from_db()
    batch_start(batch=batch, by=by)
    return run_batch(batch.pk)
