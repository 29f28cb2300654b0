"""Background work and files in the language of whoever asked (issue 17): an XLSX or package
import reports in the language of the page the member of staff started it from (the worker
runs it later, in no request); an export downloaded from /en/ has English headers; the XLSX
import reads «да», «иә» and «yes» alike whatever the interface's language."""

import datetime
import re
from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_tasks_db.models import DBTaskResult
from openpyxl import load_workbook

from programs.exchange.tasks import check_package
from programs.imports.blanks import filled_workbook
from programs.imports.tasks import check_import, run_import
from programs.imports.widgets import yes_no
from programs.models import ImportBatch, PackageImport
from tests.factories import home_organisation
from tests.programs.exchange.import_helpers import package, package_year
from tests.programs.factories import GroupFactory
from tests.programs.test_attendance_timesheet import known  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_language_left_active():
    """Each test begins as the worker does, in the portal's language: a request of another
    test (to /kk/) leaves its language active in this thread."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


CYRILLIC = re.compile("[\u0400-\u04ff]")
KAZAKH_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)
HEADERS = [
    "Фамилия ребёнка",
    "Имя ребёнка",
    "Дата рождения",
    "Фамилия родителя",
    "Имя родителя",
    "Телефон родителя",
    "Дата согласия на обработку ПД",
]


def url_in(language: str, name: str, *args) -> str:
    with translation.override(language):
        return reverse(name, args=args)


def learners_file(bad_birth_date: str = "") -> bytes:
    rows = [
        [
            f"Языков{n}",
            "Арман",
            datetime.date(2015, 1, 1 + n),
            f"Языкова{n}",
            "Айгүл",
            f"+7 913 555-00-{n:02d}",
            "01.09.2025",
        ]
        for n in range(3)
    ]
    if bad_birth_date:
        rows[1][2] = bad_birth_date
    return filled_workbook(HEADERS, rows)


def run_tasks(task_path: str, task) -> None:
    """The queued tasks of ``task_path`` run as the worker would: with no language of a request."""
    for result in DBTaskResult.objects.filter(task_path=task_path, status="READY"):
        with translation.override(None):
            task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        result.delete()


def upload_learners(client, language: str, content: bytes):
    return client.post(
        url_in(language, "programs:staff_import_create"),
        {
            "kind": "learners",
            "organisation": home_organisation().pk,
            "file": SimpleUploadedFile("f.xlsx", content),
        },
    )


def expected(language: str, message: str, **values) -> str:
    with translation.override(language):
        return gettext(message) % values


def test_an_import_started_from_kk_reports_in_kazakh(methodist_client):
    upload_learners(methodist_client, "kk", learners_file(bad_birth_date="кеше"))
    run_tasks("programs.imports.tasks.check_import", check_import)
    batch = ImportBatch.objects.get()
    assert batch.status == "invalid"
    (error,) = batch.errors
    kazakh = expected("kk", "Expected a date as dd.mm.yyyy, found «%(value)s».", value="кеше")
    assert error["row"] == 3 and error["message"] == kazakh
    assert kazakh != expected("ru", "Expected a date as dd.mm.yyyy, found «%(value)s».", value="кеше")
    page = methodist_client.get(url_in("kk", "programs:staff_import", batch.pk)).content.decode()
    assert kazakh in page
    # the file given back to correct: its column of errors named in the page's language
    book = load_workbook(
        BytesIO(methodist_client.get(url_in("kk", "programs:staff_import_errors", batch.pk)).content)
    )
    header = [cell.value for cell in book.active[1]]
    assert header == [*HEADERS, expected("kk", "Errors")] and header[-1] != "Ошибки"
    # uploaded again as it is, the column of errors (in Kazakh) is skipped
    fixed = learners_file()
    upload_learners(methodist_client, "ru", fixed)
    run_tasks("programs.imports.tasks.check_import", check_import)
    assert ImportBatch.objects.latest("pk").status == "valid"


def test_the_same_file_checked_from_en_and_from_ru_reports_in_each(methodist_client):
    content = learners_file(bad_birth_date="вчера")
    for language in ("en", "ru"):
        upload_learners(methodist_client, language, content)
        run_tasks("programs.imports.tasks.check_import", check_import)
    english, russian = ImportBatch.objects.order_by("pk")
    message = "Expected a date as dd.mm.yyyy, found «%(value)s»."
    assert english.errors[0]["message"] == "Expected a date as dd.mm.yyyy, found «вчера»."
    assert (
        russian.errors[0]["message"] == expected("ru", message, value="вчера") != english.errors[0]["message"]
    )


def test_the_import_s_run_is_in_the_language_it_was_confirmed_in(methodist_client):
    upload_learners(methodist_client, "ru", learners_file())
    run_tasks("programs.imports.tasks.check_import", check_import)
    batch = ImportBatch.objects.get()
    assert batch.status == "valid"
    methodist_client.post(url_in("kk", "programs:staff_import_run", batch.pk), {"confirmed": "1"})
    task = DBTaskResult.objects.get(task_path="programs.imports.tasks.run_import")
    assert task.args_kwargs["kwargs"] == {"language": "kk"}
    run_tasks("programs.imports.tasks.run_import", run_import)
    batch.refresh_from_db()
    assert batch.status == "done"


def test_a_package_checked_after_an_upload_from_kk_reports_in_kazakh(methodist_client):
    package_year()
    methodist_client.post(
        url_in("kk", "programs:staff_package_import_create"),
        {"organisation": home_organisation().pk, "file": SimpleUploadedFile("v.xml", package("quirks.xml"))},
    )
    run_tasks("programs.exchange.tasks.check_package", check_package)
    package_import = PackageImport.objects.get()
    assert package_import.status == "checked"
    said = " ".join(
        [entry["reason"] for entry in package_import.report]
        + [note for entry in package_import.report for note in entry.get("notes", ())]
    )
    assert said.strip() and KAZAKH_LETTERS.search(said), said


def test_a_file_that_is_no_package_is_refused_in_the_pages_language(methodist_client):
    methodist_client.post(
        url_in("kk", "programs:staff_package_import_create"),
        {"organisation": home_organisation().pk, "file": SimpleUploadedFile("v.xml", b"<catalogue/>")},
    )
    (entry,) = PackageImport.objects.get().report
    assert KAZAKH_LETTERS.search(entry["reason"]), entry["reason"]


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_yes_and_no_read_the_same_in_every_language(language):
    with translation.override(language):
        widget = yes_no()
        for text in ("да", "Да", "иә", "ИӘ", "yes", "1"):
            assert widget.clean(text) is True, text
        for text in ("нет", "жоқ", "No", "0"):
            assert widget.clean(text) is False, text
        assert widget.clean("") is False
        with pytest.raises(ValueError):
            widget.clean("может быть")


def test_the_group_list_downloaded_from_en_has_english_headers(methodist_client):
    group = GroupFactory()
    response = methodist_client.get(url_in("en", "programs:staff_group_export", group.pk))
    assert response.status_code == 200
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    header = next(row for row in rows if row[0] == "No.")
    assert header[:8] == (
        "No.",
        "Surname",
        "First name",
        "Patronymic",
        "Date of birth",
        "Enrolled on",
        "Parents",
        "Phones",
    )
    russian = methodist_client.get(url_in("ru", "programs:staff_group_export", group.pk))
    assert any(
        row[0] == "№" for row in load_workbook(BytesIO(russian.content)).active.iter_rows(values_only=True)
    )


def test_the_timesheet_downloaded_from_en_is_english_with_english_codes(teacher_client, known):  # noqa: F811
    response = teacher_client.get(url_in("en", "programs:attendance_timesheet", known.pk, 2024, 9))
    rows = [tuple(row) for row in load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert rows[0][0] == "Attendance timesheet"
    header = next(i for i, row in enumerate(rows) if row[0] == "No.")
    words = [cell for cell in rows[header] if isinstance(cell, str)]
    assert words[:2] == ["No.", "Child"] and not any(CYRILLIC.search(word) for word in words), words
    first = rows[header + 1]
    assert first[2:10] == ("+", "+", "I", "I", "+", "+", "E", "+")
    codes = next(i for i, row in enumerate(rows) if row[0] == "Codes")
    legend = {row[0]: row[1] for row in rows[codes + 1 :] if row[0]}
    assert {code: legend.get(code) for code in ("I", "E", "U")} == {
        "I": "absent: illness",
        "E": "absent: valid reason",
        "U": "absent: no reason",
    }


def test_the_import_template_downloaded_from_kk_explains_in_kazakh(methodist_client):
    response = methodist_client.get(url_in("kk", "programs:staff_import_template", "learners"))
    book = load_workbook(BytesIO(response.content))
    assert book.worksheets[0].title == "Балалар"
    notes = book.worksheets[1]
    assert notes.title == expected("kk", "How to fill in")
    assert [cell.value for cell in notes[1]] == [
        expected("kk", "Column"),
        expected("kk", "Required"),
        expected("kk", "What to write"),
    ]
    # the headers themselves are the import's own, read as written: Russian
    assert [cell.value for cell in book.worksheets[0][1]][:2] == ["Фамилия ребёнка", "Имя ребёнка"]
