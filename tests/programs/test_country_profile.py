"""The country profile on the programs' pages: prices, funding words, the consent stored, the
JSON-LD, the open data and the directions offered."""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from centre.countries import KAZAKHSTAN, RUSSIA, Country
from centre.models import Organisation
from programs.catalogue.choices import catalogue_choices
from programs.models import Application, Direction, Group
from programs.services import application_submit
from tests.factories import home_organisation
from tests.programs.factories import ClubFactory, ProgramFactory, catalogue_group

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def kazakh_group(**kwargs):
    organisation = home_organisation()
    Organisation.objects.filter(pk=organisation.pk).update(country=Country.KAZAKHSTAN)
    organisation.refresh_from_db()
    club = ClubFactory(organisation=organisation, slug="kz-club")
    return catalogue_group(club=club, **kwargs)


def russian_group(**kwargs):
    return catalogue_group(club=ClubFactory(slug="ru-club"), **kwargs)


def card(html: str, slug: str) -> str:
    start = html.index(f'data-slug="{slug}"')
    return html[start : start + 6000]


@pytest.mark.parametrize(
    ("make", "slug", "sign", "certificate", "not_sign", "not_certificate"),
    [
        (kazakh_group, "kz-club", "12\xa0000\xa0₸", "ваучер", "₽", "ПФДО"),
        (russian_group, "ru-club", "12\xa0000\xa0₽", "сертификат ПФДО", "₸", "ваучер"),
    ],
)
def test_catalogue_card_and_club_page_in_the_countrys_money_and_words(
    client, make, slug, sign, certificate, not_sign, not_certificate
):
    group = make(funding=Group.Funding.PAID, price=12000)
    catalogue_group(club=group.club, funding=Group.Funding.CERTIFICATE)
    html = card(client.get(reverse("programs:catalogue")).content.decode(), slug)
    assert sign in html and certificate in html
    assert not_sign not in html and not_certificate not in html
    page = client.get(reverse("programs:club", args=[slug])).content.decode()
    assert sign in page and certificate in page and not_sign not in page


def test_json_ld_names_the_countrys_currency_and_time_zone(client):
    group = kazakh_group(funding=Group.Funding.PAID, price=12000)
    page = client.get(reverse("programs:club", args=[group.club.slug])).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    text = json.dumps(json.loads(block))
    assert '"priceCurrency": "KZT"' in text and "RUB" not in text
    assert "Asia/Almaty" in text


def test_open_data_has_the_currency_of_each_group(client):
    kazakh_group(funding=Group.Funding.PAID, price=12000)
    catalogue_group(club=ClubFactory(organisation=ClubFactory().organisation), funding=Group.Funding.FREE)
    rows = json.loads(b"".join(client.get(reverse("programs:opendata_json")).streaming_content))
    rows = rows if isinstance(rows, list) else rows.get("groups", rows.get("data", []))
    assert sorted(row["currency"] for row in rows) == ["KZT", "KZT"]


def test_staff_group_page_shows_the_voucher_and_tenge(methodist_client):
    group = kazakh_group(funding=Group.Funding.PAID, price=12000)
    html = methodist_client.get(reverse("programs:staff_group", args=[group.pk])).content.decode()
    funding = re.search(r'id="group-funding">(.*?)</dd>', html).group(1)
    assert funding == "платно, 12\xa0000\xa0₸"
    Group.objects.filter(pk=group.pk).update(funding=Group.Funding.CERTIFICATE, price=None)
    html = methodist_client.get(reverse("programs:staff_group", args=[group.pk])).content.decode()
    assert re.search(r'id="group-funding">(.*?)</dd>', html).group(1) == "ваучер"


def application_data():
    return {
        "child_surname": "Сейітова",
        "child_name": "Айгерим",
        "child_birth_date": "2015-03-01",
        "guardian_surname": "Сейітова",
        "guardian_name": "Динара",
        "guardian_phone": "+7 701 123 45 67",
        "guardian_email": "dinara@example.org",
        "guardian_relation": "mother",
        "consent_processing": "on",
    }


def test_the_consent_stored_is_the_one_shown_and_the_countrys(client):
    group = kazakh_group()
    url = reverse("programs:apply", args=[group.club.slug, group.pk])
    form = client.get(url).content.decode()
    shown = str(KAZAKHSTAN.consent_text)
    assert shown in form and str(RUSSIA.consent_text) not in form
    client.post(url, application_data())
    application = Application.objects.get(group=group)
    assert application.consent_text == shown
    assert "94-V" in application.consent_text and "152-ФЗ" not in application.consent_text


def test_a_russian_groups_consent_is_152_fz():
    group = russian_group()
    application = application_submit(
        group=group,
        data={
            "child_surname": "Иванов",
            "child_name": "Пётр",
            "child_birth_date": datetime.date(2015, 3, 1),
            "guardian_surname": "Иванова",
            "guardian_name": "Ольга",
            "guardian_phone": "+7 913 200 00 00",
            "consent_processing": True,
        },
    )
    assert application.consent_text == str(RUSSIA.consent_text)
    assert "152-ФЗ" in application.consent_text


def test_program_form_and_filter_offer_the_organisations_countrys_directions(methodist_client):
    russian = Direction.objects.get(slug="technical")
    kazakh = Direction.objects.get(slug="kz-science-technical")
    Organisation.objects.filter(pk=home_organisation().pk).update(country=Country.KAZAKHSTAN)
    html = methodist_client.get(reverse("programs:staff_program_create")).content.decode()
    assert kazakh.name in html and russian.name not in html
    listing = methodist_client.get(reverse("programs:staff_programs")).content.decode()
    assert kazakh.name in listing and russian.name not in listing
    assert kazakh in Direction.objects.of_country(Country.KAZAKHSTAN)
    assert Direction.objects.of_country(Country.KAZAKHSTAN).count() == 6
    assert not Direction.objects.of_country(Country.KAZAKHSTAN).filter(pk=russian.pk).exists()


def test_the_public_catalogue_offers_the_directions_taught_named_in_the_language(client):
    kazakh = Direction.objects.get(slug="kz-science-technical")
    kazakh_group(program=ProgramFactory(direction=kazakh, organisation=home_organisation()))
    html = client.get(reverse("programs:catalogue")).content.decode()
    select = re.search(r'<select name="direction".*?</select>', html, re.S).group(0)
    assert "Научно-техническое" in select and "Техническая" not in select  # Russia's: nothing taught
    # an old link to a direction with nothing taught: the empty state, not an invalid filter
    response = client.get(reverse("programs:catalogue"), {"direction": "technical"})
    assert 'id="catalogue-empty"' in response.content.decode()
    with translation.override("kk"):
        html = client.get(reverse("programs:catalogue")).content.decode()
        names = [name for _pk, _slug, name, _profiles in catalogue_choices().directions]
    assert "Ғылыми-техникалық" in re.search(r'<select name="direction".*?</select>', html, re.S).group(0)
    assert "Ғылыми-техникалық" in names and "Научно-техническое" not in names


def test_a_kazakh_clubs_card_and_page_show_its_kazakh_name_at_kk(client):
    group = kazakh_group()
    group.club.name_kk = "Робототехника үйірмесі"
    group.club.save()
    with translation.override("kk"):
        html = client.get(reverse("programs:catalogue")).content.decode()
        page = client.get(reverse("programs:club", args=[group.club.slug])).content.decode()
    assert "Робототехника үйірмесі" in card(html, group.club.slug)
    assert re.search(r"<h1[^>]*>Робототехника үйірмесі</h1>", page)
    html = client.get(reverse("programs:catalogue")).content.decode()
    assert "Робототехника үйірмесі" not in html and group.club.name in html


def test_a_kazakh_groups_calendar_is_in_almaty_time(client):
    group = kazakh_group()
    text = client.get(reverse("programs:group_calendar", args=[group.club.slug, group.pk])).content.decode()
    assert "TZID=Asia/Almaty" in text and "Europe/Moscow" not in text


def test_group_form_offers_the_countrys_funding_words_and_currency(methodist_client):
    group = kazakh_group(funding=Group.Funding.CERTIFICATE)
    html = methodist_client.get(reverse("programs:staff_group_edit", args=[group.pk])).content.decode()
    assert '<option value="certificate" selected>ваучер</option>' in html
    assert "₸" in html and "ПФДО" not in html
