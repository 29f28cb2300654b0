"""Hostile or broken values in a package: a number with a huge exponent is refused before any
arithmetic (it would hang the worker or abort the whole run), a number the database cannot
keep skips its object alone, a check that breaks ends "failed" (never "being checked" for
ever), and nesting too deep for a package is refused as no package (no server error)."""

import faulthandler
from decimal import InvalidOperation

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DataError
from django.urls import reverse
from django.utils import translation

from programs.exchange.importing import import_package
from programs.exchange.importing_runs import check_package_import
from programs.exchange.reading import PackageError, Record, Unreadable, read_package
from programs.models import Group, PackageImport, Program
from tests.factories import home_organisation
from tests.programs.exchange.import_helpers import (
    CONSTRUCTOR,
    FOOTBALL,
    GROUP_1,
    GROUP_2,
    entries,
    package,
    package_year,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_hang():
    """A regression would hang in C (int() of 10**99999999): end the run with a traceback."""
    faulthandler.dump_traceback_later(60, exit=True)
    yield
    faulthandler.cancel_dump_traceback_later()


def quirks(old: str, new: str) -> bytes:
    content = package("quirks.xml").decode()
    assert old in content
    return content.replace(old, new, 1).encode()


@pytest.mark.parametrize("text", ["1e99999999", "-1E+99999999", "1e-99999999", "1" * 40])
def test_a_number_out_of_range_is_refused_before_any_arithmetic(text):
    with translation.override("ru"), pytest.raises(Unreadable) as caught:
        Record("group", {"hoursYear": text}).integer("hoursYear")
    assert str(caught.value).startswith("«hoursYear»: «")
    assert "слишком велико или слишком мало" in str(caught.value)
    assert len(str(caught.value)) < 200  # the value is cut in the reason


def test_ordinary_numbers_still_read():
    record = Record("group", {"size": "12", "cost": "1500,00", "age": "6.0", "big": "999999999999"})
    assert record.integer("size") == 12 and str(record.decimal("cost")) == "1500.00"
    assert record.integer("age") == 6 and record.integer("big") == 999999999999


def test_a_huge_hours_year_is_noted_and_the_rest_imported():
    package_year()
    with translation.override("ru"):
        result = import_package(quirks("<hoursYear>72</hoursYear>", "<hoursYear>1e99999999</hoursYear>"))
    report = entries(result)
    assert report[GROUP_1]["outcome"] == "created"
    assert any("«hoursYear»: «1e99999999»" in note for note in report[GROUP_1]["notes"])
    assert Program.objects.get(uuid=CONSTRUCTOR).hours_per_year == 1  # no group gave it


def test_a_huge_cost_skips_its_group_alone():
    package_year()
    with translation.override("ru"):
        result = import_package(quirks("<cost>1500.00</cost>", "<cost>1e100</cost>"))
    report = entries(result)
    assert report[GROUP_2]["outcome"] == "skipped"
    assert report[GROUP_2]["reason"].startswith("«cost»: «1e100»")
    assert report[GROUP_1]["outcome"] == "created" and Group.objects.filter(uuid=GROUP_1).exists()


@pytest.mark.parametrize("error", [InvalidOperation, DataError])
def test_an_arithmetic_or_data_error_of_one_object_is_its_reason(monkeypatch, error):
    package_year()
    from programs.exchange import importing_groups

    real = importing_groups.funding_of

    def funding_of(record):
        if record.text("uuid") == GROUP_2:
            raise error("numeric field overflow")
        return real(record)

    monkeypatch.setattr(importing_groups, "funding_of", funding_of)
    with translation.override("ru"):
        report = entries(import_package(package("quirks.xml")))
    assert report[GROUP_2]["outcome"] == "skipped"
    assert report[GROUP_2]["reason"] == "Число в объекте вне допустимого: объект не импортирован."
    assert report[FOOTBALL]["outcome"] == "created" and report[GROUP_1]["outcome"] == "created"


def test_a_check_that_breaks_is_failed_with_a_message_not_left_checking(monkeypatch):
    package_year()
    package_import = PackageImport.objects.create(
        organisation=home_organisation(),
        file_name="vector.xml",
        content=package("quirks.xml"),
        status="checking",
    )

    def broken(*args, **kwargs):
        raise InvalidOperation("what a number")

    monkeypatch.setattr("programs.exchange.importing_runs.import_package", broken)
    with pytest.raises(InvalidOperation):
        check_package_import(package_import.pk)
    package_import.refresh_from_db()
    assert package_import.status == "failed" and package_import.finished_at is not None
    assert package_import.report[0]["reason"] == "Проверка не удалась: ничего не сохранено."


DEEP_XML = (
    b"<package><objects><programs><program><name>"
    + b"<x>" * 5000
    + b"</x>" * 5000
    + (b"</name></program></programs></objects></package>")
)
DEEP_JSON = b'{"objects": ' + b"[" * 100000 + b"]" * 100000 + b"}"
TOO_DEEP = "Элементы файла вложены слишком глубоко: такой файл — не пакет."


@pytest.mark.parametrize("content", [DEEP_XML, DEEP_JSON], ids=["xml", "json"])
def test_nesting_too_deep_is_no_package(content):
    with translation.override("ru"), pytest.raises(PackageError) as caught:
        read_package(content)
    assert str(caught.value) == TOO_DEEP


def test_a_package_nested_a_little_deeper_than_ours_still_reads():
    nested = b"<package><objects><programs><program><name>" + b"<x>" * 10 + b"a" + b"</x>" * 10
    assert read_package(nested + b"</name></program></programs></objects></package>").records


@pytest.mark.parametrize("content", [DEEP_XML, DEEP_JSON], ids=["xml", "json"])
def test_the_upload_of_a_deep_file_shows_the_message(methodist_client, content):
    response = methodist_client.post(
        reverse("programs:staff_package_import_create"),
        {"organisation": home_organisation().pk, "file": SimpleUploadedFile("deep.xml", content)},
    )
    assert response.status_code == 302
    package_import = PackageImport.objects.get()
    assert package_import.status == "invalid"
    page = methodist_client.get(response["Location"]).content.decode()
    assert TOO_DEEP in page
