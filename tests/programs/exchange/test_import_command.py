"""``manage.py import_package``: the report printed an object a line, --dry-run saving
nothing, --organisation putting every program into it, exit status 1 for a file that is
no package."""

import io

import pytest
from django.core.management import CommandError, call_command

from centre.models import Organisation
from programs.models import Program
from tests.factories import OrganisationFactory
from tests.programs.exchange.import_helpers import CONSTRUCTOR, PACKAGES, PARTNER, package_year

pytestmark = pytest.mark.django_db


def command(*args) -> str:
    out = io.StringIO()
    call_command("import_package", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_the_report_and_the_totals():
    package_year()
    printed = command(str(PACKAGES / "quirks.xml"))
    assert f"программа {CONSTRUCTOR} «Юный конструктор»: добавлено" in printed
    assert "    «timeStart»: «9:00» прочитано как 09:00." in printed
    assert (
        "группа 6f1c2d3e-0000-4000-8000-000000000405 «Конструкторы-2»: не импортировано — Нет педагога: «dataTeachers» пуст."
        in printed
    )
    assert printed.rstrip().endswith(
        "Импортировано. Объектов 16 (добавлено: 9, обновлено: 0, без изменений: 2, удалено: 0, не импортировано: 5)."
    )
    assert Organisation.objects.filter(uuid=PARTNER).exists()
    assert "занятие в расписании 6f1c2d3e-0000-4000-8000-000000000501" in printed


def test_the_command_and_the_page_name_outcomes_alike():
    from programs.exchange import report
    from programs.views import staff_package

    assert staff_package.OUTCOMES is report.OUTCOMES and staff_package.OBJECTS is report.OBJECTS


def test_a_dry_run_saves_nothing_and_an_organisation_takes_every_program():
    package_year()
    printed = command(str(PACKAGES / "quirks.xml"), "--dry-run")
    assert "Проверено, ничего не сохранено." in printed and not Program.objects.exists()
    home = OrganisationFactory()
    command(str(PACKAGES / "quirks.xml"), "--organisation", str(home.pk))
    assert Program.objects.get(uuid=CONSTRUCTOR).organisation == home
    assert not Organisation.objects.filter(uuid=PARTNER).exists()


def test_a_file_that_is_no_package_exits_with_status_1(tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<html><body>not a package</body></html>")
    with pytest.raises(CommandError) as caught:
        command(str(bad))
    assert (
        str(caught.value) == "Файл не прочитан как пакет: Файл — не пакет: его корневой элемент не «package»."
    )
    assert caught.value.returncode == 1
    with pytest.raises(CommandError, match="Нет такого файла"):
        command(str(tmp_path / "absent.xml"))
