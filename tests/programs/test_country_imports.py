"""The catalogue import finds directions in the importing organisation's country's list, and
speaks of its currency, never of roubles to a Kazakh one."""

import pytest
from django.utils import translation

from centre.countries import Country
from programs.imports.base import prepare
from programs.imports.blanks import filled_workbook
from programs.imports.catalogue import GroupResource, ProgramResource
from programs.models import Direction, Group
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def test_a_kazakh_organisations_programs_file_names_kazakhstans_directions(make_user):
    kazakh = ProgramResource(organisation=OrganisationFactory(country=Country.KAZAKHSTAN), by=make_user())
    expected = Direction.objects.get(slug="kz-science-technical")
    assert kazakh.directions.find("Научно-техническое") == expected
    assert kazakh.directions.find("Ғылыми-техникалық") == expected  # its Kazakh name
    with pytest.raises(ValueError):
        kazakh.directions.find("Техническая")  # Russia's list


def test_a_russian_organisations_file_names_russias_directions(make_user):
    russian = ProgramResource(organisation=OrganisationFactory(country=Country.RUSSIA), by=make_user())
    assert russian.directions.find("Техническая") == Direction.objects.get(slug="technical")
    with pytest.raises(ValueError):
        russian.directions.find("Научно-техническое")


def price_column(country, user):
    resource = GroupResource(organisation=OrganisationFactory(country=country), by=user)
    return next(column for column in resource.columns if column.key == "price")


@pytest.mark.parametrize("language", ["ru", "kk", "en"])
def test_a_kazakh_organisations_price_error_names_tenge_not_roubles(make_user, language):
    with translation.override(language):
        column = price_column(Country.KAZAKHSTAN, make_user())
        with pytest.raises(ValueError) as refused:
            column.widget.clean("полторы тысячи")
    message = str(refused.value)
    assert "₸" in message
    assert "руб" not in message.lower() and "рубл" not in message.lower() and "rouble" not in message.lower()


def test_a_russian_organisations_price_error_names_roubles(make_user):
    with pytest.raises(ValueError, match="₽"):
        price_column(Country.RUSSIA, make_user()).widget.clean("дорого")


def test_the_price_header_names_no_currency_and_the_old_header_is_still_read(make_user):
    column = price_column(Country.KAZAKHSTAN, make_user())
    assert column.header == "Стоимость в месяц"
    for header in ("Стоимость в месяц", "Стоимость в месяц, руб.", " стоимость  в месяц, РУБ. "):
        dataset, errors, filled = prepare([column], filled_workbook([header], [["1500"]]))
        assert (errors, filled, dataset.headers) == ([], 1, ["Стоимость в месяц"]), header


@pytest.mark.parametrize(
    ("language", "name"), [("ru", "стоимость в месяц"), ("kk", "айлық құны"), ("en", "price per month")]
)
def test_a_groups_price_is_named_without_a_currency_also_in_its_history(language, name):
    with translation.override(language):
        assert str(Group._meta.get_field("price").verbose_name) == name
        assert str(Group.history.model._meta.get_field("price").verbose_name) == name
