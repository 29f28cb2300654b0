"""figures(): the known world's sums over organisations, by direction and kind, with the
shares of the territory's schoolchildren (world.py has the hand-computed numbers)."""

from decimal import Decimal

import pytest

from centre.models import Organisation, TerritoryPupils
from programs.models import StatisticsRow
from programs.statistics import CULTURE_SPORT, EDUCATION, OTHER, SCHOOLS, figures, refresh
from tests.programs.statistics import world

pytestmark = pytest.mark.django_db


@pytest.fixture
def known():
    built = world.build()
    refresh(built.year)
    return built


def _values(indicators) -> dict:
    return {column: getattr(indicators, column) for column in world.COLUMNS}


def _direction(result, direction):
    return next(line for line in result.directions if line.direction == direction)


def test_the_territorys_figures_are_the_hand_computed_sums(known):
    result = figures(known.year, [known.a.pk, known.b.pk, known.authority.pk])
    assert _values(result.totals) == world.TOTAL
    assert _values(_direction(result, known.technical)) == world.A_TECHNICAL
    assert _values(_direction(result, known.arts)) == world.ARTS
    assert [line.direction for line in result.directions] == [known.technical, known.arts]
    assert result.pupils == world.PUPILS
    assert result.totals.share == Decimal(world.TOTAL_SHARE)
    assert _direction(result, known.technical).share == Decimal(world.TECHNICAL_SHARE)
    assert _direction(result, known.arts).share == Decimal(world.ARTS_SHARE)
    assert result.technical_learners == 4
    assert result.technical_share == Decimal(world.TECHNICAL_SHARE)
    assert result.as_of is not None


def test_children_by_kind_of_organisation(known):
    result = figures(known.year, [known.a.pk, known.b.pk])
    assert result.kinds[EDUCATION].organisations == 1
    assert result.kinds[EDUCATION].clubs == 2
    assert result.kinds[EDUCATION].learners == 8
    assert result.kinds[EDUCATION].share == Decimal(world.A_SHARE)
    assert result.kinds[CULTURE_SPORT].organisations == 1
    assert result.kinds[CULTURE_SPORT].learners == 2
    assert result.kinds[CULTURE_SPORT].share == Decimal(world.B_SHARE)
    assert (result.kinds[SCHOOLS].organisations, result.kinds[SCHOOLS].learners) == (0, 0)
    assert result.kinds[OTHER].learners == 0
    assert result.organisations == 2


def test_one_organisations_figures_and_its_authoritys_pupils(known):
    result = figures(known.year, [known.a.pk])
    assert _values(result.totals) == world.A_TOTAL
    assert _values(_direction(result, known.arts)) == world.A_ARTS
    # the director's share is of the territory's schoolchildren, their authority's figure
    assert result.pupils == world.PUPILS
    assert result.totals.share == Decimal(world.A_SHARE)
    assert result.organisations == 1


def test_every_organisation_when_none_are_named(known):
    assert _values(figures(known.year, None).totals) == world.TOTAL


def test_without_a_recorded_number_of_schoolchildren_there_are_no_shares(known):
    TerritoryPupils.objects.all().delete()
    result = figures(known.year, [known.a.pk, known.b.pk])
    assert result.pupils is None
    assert result.totals.share is None
    assert result.technical_share is None
    assert result.kinds[EDUCATION].share is None
    assert _values(result.totals) == world.TOTAL


def test_an_organisation_without_an_authority_leaves_the_shares_out(known):
    known.b.authority = None
    known.b.save()
    assert figures(known.year, [known.a.pk, known.b.pk]).pupils is None


def test_a_subdivision_counts_under_its_parents_kind_and_authority(known):

    subdivision = Organisation.objects.create(
        name="Технопарк", kind=Organisation.Kind.SUBDIVISION, parent=known.a
    )
    StatisticsRow.objects.create(academic_year=known.year, organisation=subdivision, learners=3, groups=1)
    result = figures(known.year, [known.a.pk, subdivision.pk])
    assert result.kinds[EDUCATION].learners == 11
    assert result.kinds[EDUCATION].organisations == 1  # part of its centre, not one more
    assert result.pupils == world.PUPILS


def test_another_year_has_its_own_figures(known):
    assert figures(known.last_year, None).totals.learners == 0
    refresh(known.last_year)
    assert _values(figures(known.last_year, None).totals) == world.LAST_YEAR_A_TECHNICAL
    assert figures(known.last_year, None).pupils is None  # recorded for 2025/2026 only


def test_figures_read_only_the_precomputed_rows(known, django_assert_num_queries):
    with django_assert_num_queries(5) as captured:
        figures(known.year, [known.a.pk, known.b.pk])
    sql = " ".join(query["sql"] for query in captured.captured_queries)
    assert "programs_enrollment" not in sql and "programs_group" not in sql
