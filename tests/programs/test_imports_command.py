"""python manage.py import_records KIND FILE.xlsx [--dry-run]: the page's import from the
command line, exiting non-zero and printing the errors by row when a row is bad."""

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from centre.models import Learner
from programs.imports.blanks import filled_workbook
from programs.models import ImportBatch
from tests.factories import home_organisation

pytestmark = pytest.mark.django_db

HEADERS = [
    "Фамилия ребёнка",
    "Имя ребёнка",
    "Дата рождения",
    "Фамилия родителя",
    "Имя родителя",
    "Телефон родителя",
    "Дата согласия на обработку ПД",
]


@pytest.fixture
def learners(tmp_path):
    def write(*bad):
        rows = [
            [
                f"Командов{n}",
                "Лев",
                datetime.date(2013, 5, 1 + n),
                f"Командова{n}",
                "Ада",
                f"+7 913 333-00-{n:02d}",
                "01.09.2025",
            ]
            for n in range(3)
        ]
        for index in bad:
            rows[index][5] = "нет телефона"
        path = tmp_path / "дети.xlsx"
        path.write_bytes(filled_workbook(HEADERS, rows))
        return path

    home_organisation()
    return write


def test_a_bad_row_exits_non_zero_printing_the_errors_by_row(learners):
    errors = StringIO()
    with pytest.raises(CommandError) as failure:
        call_command("import_records", "learners", str(learners(1)), stderr=errors)
    # manage.py exits with the CommandError's status (BaseCommand.run_from_argv)
    assert failure.value.returncode == 1
    printed = errors.getvalue() + str(failure.value)
    assert "Строка 3, «Телефон родителя»: Введите номер телефона" in printed
    assert "Ошибок: 1. Ничего не сохранено." in printed
    assert not Learner.objects.exists()
    assert ImportBatch.objects.get().status == "invalid"


def test_a_good_file_is_imported(learners, methodist, capsys):
    call_command("import_records", "learners", str(learners()), "--user", methodist.username)
    assert "Импортировано: строк 3 (новых записей: 3)" in capsys.readouterr().out
    assert Learner.objects.count() == 3
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.created_by) == ("done", methodist)


def test_a_dry_run_checks_and_saves_nothing(learners, capsys):
    call_command("import_records", "learners", str(learners()), "--dry-run")
    assert "Проверено, ошибок нет: строк 3" in capsys.readouterr().out
    assert not Learner.objects.exists()
    assert ImportBatch.objects.get().status == "valid"


def test_a_file_that_is_no_workbook_or_no_organisation_is_refused(tmp_path, learners):
    text = tmp_path / "дети.xlsx"
    text.write_text("not a workbook")
    with pytest.raises(CommandError, match="Файл не читается как книга Excel"):
        call_command("import_records", "learners", str(text))
    with pytest.raises(CommandError, match="Нет центра или подразделения с id 999999"):
        call_command("import_records", "learners", str(learners()), "--organisation", "999999")
    with pytest.raises(CommandError, match="Нет такого файла"):
        call_command("import_records", "learners", str(tmp_path / "нет.xlsx"))
