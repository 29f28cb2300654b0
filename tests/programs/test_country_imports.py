"""The catalogue import finds directions in the importing organisation's country's list."""

import pytest

from centre.countries import Country
from programs.imports.catalogue import ProgramResource
from programs.models import Direction
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
