"""Dates and numbers in each language's own way (centre/formats/kk for Kazakh, which Django
ships none for; Django's own for Russian and English)."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.conf import settings
from django.template import Context, Template
from django.utils import formats, translation

DAY = datetime.date(2026, 12, 2)
MOMENT = datetime.datetime(2026, 12, 2, 14, 5)  # naive: rendered as it is
NUMBER = Decimal("1234567.5")
NBSP = "\xa0"

EXPECTED = {
    "kk": {
        "date": "2026 жылғы 2 желтоқсан",
        "short": "02.12.2026",
        "time": "14:05",
        "datetime": "2026 жылғы 2 желтоқсан, 14:05",
        "month": "2026 жылғы желтоқсан",
        "number": f"1{NBSP}234{NBSP}567,5",
    },
    "ru": {
        "date": "2 декабря 2026 г.",
        "short": "02.12.2026",
        "time": "14:05",
        "datetime": "2 декабря 2026 г. 14:05",
        "month": "Декабрь 2026 г.",
        "number": f"1{NBSP}234{NBSP}567,5",
    },
    "en": {
        "date": "Dec. 2, 2026",
        "short": "12/02/2026",
        "time": "2:05 p.m.",
        "datetime": "Dec. 2, 2026, 2:05 p.m.",
        "month": "December 2026",
        "number": "1,234,567.5",
    },
}


def test_the_portal_s_formats_are_looked_up_first():
    assert settings.FORMAT_MODULE_PATH == ["centre.formats"]
    assert [module.__name__ for module in formats.get_format_modules("kk")] == ["centre.formats.kk.formats"]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_date_and_a_number_render_in_the_language_s_way(language):
    template = Template(
        "{{ day|date }}|{{ day|date:'SHORT_DATE_FORMAT' }}|{{ moment|time }}|{{ moment|date:'DATETIME_FORMAT' }}"
        "|{{ day|date:'YEAR_MONTH_FORMAT' }}|{{ number|floatformat:'1g' }}"
    )
    with translation.override(language):
        rendered = template.render(Context({"day": DAY, "moment": MOMENT, "number": NUMBER}))
    expected = EXPECTED[language]
    assert rendered.split("|") == [
        expected[key] for key in ("date", "short", "time", "datetime", "month", "number")
    ]


def test_kazakh_weeks_start_on_monday_and_ungrouped_numbers_keep_the_comma():
    with translation.override("kk"):
        assert formats.get_format("FIRST_DAY_OF_WEEK") == 1
        assert formats.number_format(Decimal("12.5"), 1) == "12,5"
        assert formats.localize(Decimal("0.25")) == "0,25"


def test_a_kazakh_form_reads_dd_mm_yyyy_and_iso_dates():
    class DateForm(forms.Form):
        day = forms.DateField()
        moment = forms.DateTimeField()

    with translation.override("kk"):
        for day, moment in (("02.12.2026", "02.12.2026 14:05"), ("2026-12-02", "2026-12-02 14:05")):
            form = DateForm({"day": day, "moment": moment})
            assert form.is_valid(), form.errors
            assert form.cleaned_data["day"] == DAY
            assert form.cleaned_data["moment"].replace(tzinfo=None) == MOMENT
        assert not DateForm({"day": "12/02/2026", "moment": "x"}).is_valid()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "shown"), [("", "15.01.2016"), ("/kk", "15.01.2016"), ("/en", "01/15/2016")]
)
def test_a_staff_page_shows_dates_in_its_language_s_way(methodist_client, prefix, shown):
    from tests.programs.factories import ApplicationFactory

    application = ApplicationFactory(child_birth_date=datetime.date(2016, 1, 15))
    response = methodist_client.get(f"{prefix}/staff/applications/{application.pk}/")
    assert response.status_code == 200
    assert shown in response.content.decode()
    if prefix == "/kk":
        assert "01/15/2016" not in response.content.decode()
