"""The two "clubs at schools" of the statistics read apart: the table's (by where a club's
groups meet: in schools' buildings) and the kinds' (by whose club it is: clubs of schools),
in every language, with the note that says so on the page, the print view and the XLSX."""

import io
import re

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from programs.statistics import refresh
from tests.programs.statistics import world
from tests.programs.statistics.helpers import authority_member
from tests.programs.statistics.test_scale import _grow

pytestmark = pytest.mark.django_db

WORDS = {
    # language: (the table's column, the kinds' line, the note's first words)
    "ru": ("в зданиях школ", "кружке школ", "Кружки в зданиях школ —"),
    "kk": ("мектеп ғимараттарында", "мектептердің 1 үйірмесінде", "Мектеп ғимараттарындағы үйірмелер —"),
    "en": ("in schools' buildings", "1 club of schools", "Clubs in schools&#x27; buildings:"),
}


@pytest.fixture
def grown(client):
    built = world.build()
    _grow(built)  # a school of the territory among them: the kinds' line of schools is said
    refresh(built.year)
    client.force_login(authority_member(built.authority))
    return built


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_the_table_and_the_summary_word_clubs_at_schools_apart(client, grown, language):
    column, kinds, note = WORDS[language]
    with translation.override(language):
        url = reverse("programs:statistics")
    content = client.get(url).content.decode()
    table = re.search(r'id="statistics-table-heading".*?</section>', content, re.S).group(0)
    summary = content[: content.index('id="statistics-table-heading"')]
    assert f'<th scope="col">{column}</th>' in table
    assert kinds in summary
    assert column not in summary
    assert note in table


def test_the_print_view_and_the_workbook_have_the_note(client, grown):
    translation.activate("ru")  # the tests above leave the last one's language active
    content = client.get(reverse("programs:statistics_print")).content.decode()
    assert 'id="statistics-schools-note"' in content and "Кружки в зданиях школ —" in content
    response = client.get(reverse("programs:statistics_export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert any(row and str(row[0]).startswith("Кружки в зданиях школ —") for row in rows)
    assert any(row and row[0] == "Кружки школ" for row in rows)
