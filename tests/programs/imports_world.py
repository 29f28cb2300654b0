"""What the learners import's tests share: rows of a learners file, the file, the counts of what an import makes."""

import datetime

from centre.models import Consent, Guardian, Guardianship, Learner
from programs.imports.blanks import filled_workbook
from programs.models import Enrolment, ImportBatch, Order
from programs.services.imports import import_file
from tests.factories import (
    home_organisation,
)

HEADERS = [
    "Фамилия ребёнка",
    "Имя ребёнка",
    "Дата рождения",
    "Фамилия родителя",
    "Имя родителя",
    "Телефон родителя",
    "Кем приходится",
    "Дата согласия на обработку ПД",
    "Объединение",
    "Группа",
]


def child(number, **cells):
    row = {
        "Фамилия ребёнка": f"Импортов{number}",
        "Имя ребёнка": "Павел",
        "Дата рождения": datetime.date(2014, 3, 1) + datetime.timedelta(days=number),
        "Фамилия родителя": f"Импортова{number}",
        "Имя родителя": "Ирина",
        "Телефон родителя": f"+7 (913) 555-{number // 100:02d}-{number % 100:02d}",
        "Кем приходится": "мать",
        "Дата согласия на обработку ПД": datetime.date(2025, 9, 1),
    }
    row.update(cells)
    return row


def workbook(rows, headers=HEADERS):
    return filled_workbook(headers, [[row.get(header) for header in headers] for row in rows])


def in_group(group, number, **cells):
    return child(number, **{"Объединение": group.club.name, "Группа": group.name, **cells})


def counts():
    return (
        Learner.objects.count(),
        Guardian.objects.count(),
        Guardianship.objects.count(),
        Consent.objects.count(),
        Enrolment.objects.count(),
        Order.objects.count(),
    )


def run(content, methodist, *, dry_run=False):
    return import_file(
        kind=ImportBatch.Kind.LEARNERS,
        content=content,
        organisation=home_organisation(),
        by=methodist,
        dry_run=dry_run,
    )
