"""The country profile (centre.countries): words, money and deadlines as data."""

import datetime
import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation

from centre.countries import (
    KAZAKHSTAN,
    RUSSIA,
    Country,
    add_working_days,
    erasure_due,
    local_time_zone,
    profile_of,
)
from centre.models import CalendarDay, Installation, Organisation
from tests.factories import OrganisationFactory

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_profile_of_each_country_and_russia_by_default():
    assert profile_of("RU") is RUSSIA and profile_of(Country.KAZAKHSTAN) is KAZAKHSTAN
    assert profile_of("") is RUSSIA and profile_of(None) is RUSSIA and profile_of("XX") is RUSSIA
    assert (RUSSIA.currency, RUSSIA.currency_sign, RUSSIA.time_zone) == ("RUB", "₽", "Europe/Moscow")
    assert (KAZAKHSTAN.currency, KAZAKHSTAN.currency_sign, KAZAKHSTAN.time_zone) == (
        "KZT",
        "₸",
        "Asia/Almaty",
    )


@pytest.mark.parametrize(
    ("language", "paid", "big"),
    [
        ("ru", "1\xa0500,50\xa0₽", "1\xa0234\xa0567\xa0₸"),
        ("kk", "1\xa0500,50\xa0₽", "1\xa0234\xa0567\xa0₸"),
        ("en", "1,500.50\xa0₽", "1,234,567\xa0₸"),
    ],
)
def test_money_takes_the_active_languages_separators(language, paid, big):
    with translation.override(language):
        assert RUSSIA.money("1500.50") == paid
        assert KAZAKHSTAN.money(1234567) == big
        assert RUSSIA.money(900) == "900\xa0₽"


def test_money_is_written_with_no_break_spaces_and_decimals_only_when_not_whole():
    assert RUSSIA.money(1500) == "1\xa0500\xa0₽"
    assert KAZAKHSTAN.money(12000) == "12\xa0000\xa0₸"
    assert RUSSIA.money("1500.50") == "1\xa0500,50\xa0₽"
    assert KAZAKHSTAN.money(1234567) == "1\xa0234\xa0567\xa0₸"
    assert RUSSIA.money(900) == "900\xa0₽"
    assert RUSSIA.money(None) == ""


def test_the_certificate_value_stays_and_only_its_label_changes():
    with translation.override("ru"):
        assert RUSSIA.funding_label("certificate") == "сертификат ПФДО"
        assert KAZAKHSTAN.funding_label("certificate") == "ваучер"
        assert RUSSIA.funding_label("free") != KAZAKHSTAN.funding_label("free")
        assert [value for value, _label in KAZAKHSTAN.funding_choices] == ["free", "certificate", "paid"]
    with translation.override("kk"):
        assert KAZAKHSTAN.funding_label("paid") == "ақылы"


def test_legal_texts_are_the_countrys():
    with translation.override("ru"):
        assert "152-ФЗ" in str(RUSSIA.consent_text) and "94-V" not in str(RUSSIA.consent_text)
        assert "94-V" in str(KAZAKHSTAN.consent_text) and "152-ФЗ" not in str(KAZAKHSTAN.consent_text)
        assert "10.1" in str(RUSSIA.publication_consent_text)
        assert "№ 629" in str(RUSSIA.education_act) and "№ 385" in str(KAZAKHSTAN.education_act)
        assert "30 дней" in str(RUSSIA.erasure_text)
        assert "одного рабочего дня" in str(KAZAKHSTAN.erasure_text)
    with translation.override("kk"):
        assert "Заңы" in str(KAZAKHSTAN.personal_data_law)


def test_working_days_skip_weekends_and_days_off():
    friday = datetime.date(2026, 12, 4)
    assert add_working_days(friday, 1) == datetime.date(2026, 12, 7)  # Monday
    assert add_working_days(friday, 1, {datetime.date(2026, 12, 7)}) == datetime.date(2026, 12, 8)


@pytest.mark.django_db
def test_erasure_due_one_working_day_in_kazakhstan_over_a_weekend_and_a_holiday():
    organisation = OrganisationFactory(country=Country.KAZAKHSTAN)
    CalendarDay.objects.create(
        organisation=organisation, date=datetime.date(2026, 12, 16)
    )  # Independence Day
    other = OrganisationFactory(country=Country.KAZAKHSTAN)
    CalendarDay.objects.create(organisation=other, date=datetime.date(2026, 12, 7))  # not ours
    assert erasure_due(organisation, datetime.date(2026, 12, 4)) == datetime.date(2026, 12, 7)
    assert erasure_due(organisation, datetime.date(2026, 12, 15)) == datetime.date(2026, 12, 17)
    assert erasure_due(other, datetime.date(2026, 12, 4)) == datetime.date(2026, 12, 8)


@pytest.mark.django_db
def test_erasure_due_thirty_days_in_russia_whatever_the_calendar():
    organisation = OrganisationFactory(country=Country.RUSSIA)
    CalendarDay.objects.create(organisation=organisation, date=datetime.date(2026, 12, 7))
    assert erasure_due(organisation, datetime.date(2026, 12, 4)) == datetime.date(2027, 1, 3)


@pytest.mark.django_db
def test_organisation_and_installation_profiles():
    assert OrganisationFactory(country=Country.KAZAKHSTAN).profile is KAZAKHSTAN
    assert Organisation(name="x").profile is RUSSIA
    installation = Installation.current()
    assert installation.profile is RUSSIA
    installation.country = Country.KAZAKHSTAN
    installation.save()
    assert Installation.current().profile is KAZAKHSTAN
    assert Template("{% load countries %}{{ 500|money }}").render(Context({})) == "500\xa0₸"


@pytest.mark.django_db
def test_template_filters_read_the_organisations_profile():
    organisation = OrganisationFactory(country=Country.KAZAKHSTAN)
    template = Template(
        "{% load countries %}{{ amount|money:organisation }}|{{ 'certificate'|funding:organisation }}|"
        "{{ amount|money:'RU' }}|{% profile_of organisation as profile %}{{ profile.currency }}"
    )
    with translation.override("ru"):
        html = template.render(Context({"amount": 12000, "organisation": organisation}))
    assert html == "12\xa0000\xa0₸|ваучер|12\xa0000\xa0₽|KZT"


# comparisons a template must not make: the country's differences are the profile's data
COUNTRY_IN_TEMPLATE = re.compile(
    r"""country\s*(==|!=)|(==|!=)\s*["'](KZ|RU)["']|["'](KZ|RU)["']\s*(==|!=)|\bin\s*["'](KZ|RU)"""
)


def test_no_template_compares_a_country():
    offending = [
        f"{path.relative_to(TEMPLATES)}: {match.group(0)}"
        for path in TEMPLATES.rglob("*.html")
        for match in COUNTRY_IN_TEMPLATE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offending == []
    assert COUNTRY_IN_TEMPLATE.search('{% if organisation.country == "KZ" %}')
    assert COUNTRY_IN_TEMPLATE.search("{% if 'RU' != code %}")


def test_templates_write_no_currency_sign_of_their_own():
    signs = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if re.search(r"₽|₸|\bруб\.", path.read_text(encoding="utf-8"))
    ]
    assert signs == []


@pytest.mark.parametrize(
    ("deployment", "russia", "kazakhstan"),
    [
        ("Europe/Moscow", "Europe/Moscow", "Asia/Almaty"),
        ("Asia/Omsk", "Asia/Omsk", "Asia/Almaty"),  # an Omsk installation's own centres
        ("Asia/Almaty", "Europe/Moscow", "Asia/Almaty"),  # a Kazakh installation
        ("Asia/Qostanay", "Europe/Moscow", "Asia/Qostanay"),
        ("Europe/Berlin", "Europe/Berlin", "Europe/Berlin"),  # of neither country: the deployment's
    ],
)
def test_the_deployments_zone_is_kept_unless_it_is_another_countrys(settings, deployment, russia, kazakhstan):
    settings.TIME_ZONE = deployment
    assert (local_time_zone(RUSSIA), local_time_zone(KAZAKHSTAN)) == (russia, kazakhstan)
