"""The statistics' XLSX (headings in the page's language, numbers as numbers, another
organisation's figures never in it) and the print view (the figures without the page's
buttons and forms, with the print stylesheet)."""

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from programs.statistics import refresh
from tests.programs.statistics import world
from tests.programs.statistics.helpers import authority_member, director_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    built = world.build()
    refresh(built.year)
    return built


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "no-store" in response["Cache-Control"]
    return [
        list(row) for row in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    ]


def _named(rows, name):
    (found,) = [row for row in rows if row and row[0] == name]
    return found


def test_the_workbook_holds_the_table_of_form_1_dop(client, known):
    client.force_login(authority_member(known.authority))
    rows = _sheet(client.get(reverse("programs:statistics_export"), {"year": known.year.pk}))
    header = _named(rows, "Направленность")
    assert header[1:5] == ["Кружки: в зданиях школ", "Кружки: в организации", "Группы", "Дети"]
    assert header[-1] == "Доля от числа школьников, %"
    total = _named(rows, "Все направленности (ребёнок — один раз)")
    assert total[1:13] == [world.TOTAL[column] for column in world.COLUMNS]
    assert total[13] == pytest.approx(33.3)
    technical = _named(rows, "Техническая")
    assert technical[1:13] == [world.A_TECHNICAL[column] for column in world.COLUMNS]
    assert _named(rows, "Организации образования")[1:4] == [1, 2, 8]
    assert _named(rows, "Организации системы культуры и спорта")[3] == 2
    assert _named(rows, "Школьники территории")[1] == world.PUPILS
    assert _named(rows, "Научно-техническое творчество: дети")[1] == 4


def test_the_workbook_in_kazakh_and_english(client, known):
    client.force_login(authority_member(known.authority))
    for language, heading, total in (
        ("kk", "Бағыт", "Барлық бағыттар (бала бір рет)"),
        ("en", "Direction", "All directions (a child once)"),
    ):
        # the request inside: the language its middleware activates ends with the block
        with translation.override(language):
            rows = _sheet(client.get(reverse("programs:statistics_export")))
        assert _named(rows, heading)
        assert _named(rows, total)[4] == world.TOTAL["learners"]


def test_a_directors_workbook_has_only_their_organisation(client, known):
    client.force_login(director_of(known.b, "director_b"))
    rows = _sheet(client.get(reverse("programs:statistics_export")))
    assert _named(rows, "Все направленности (ребёнок — один раз)")[1:13] == [
        world.B_TOTAL[column] for column in world.COLUMNS
    ]
    assert not [row for row in rows if row and row[0] == "Техническая"]


def test_the_print_view(client, known):
    client.force_login(director_of(known.a))
    response = client.get(reverse("programs:statistics_print"), {"year": known.year.pk})
    assert response.status_code == 200
    content = response.content.decode()
    assert "programs/statistics-print.css" in content
    assert 'data-line="total"' in content and 'data-testid="statistics-direction-chart"' in content
    assert "Показатели на" in content
    # the page's controls are not on paper: no Refresh button, no year selector, no forms
    assert 'id="statistics-refresh"' not in content
    assert 'id="statistics-year"' not in content
    assert 'id="statistics-pupils"' not in content
