"""refresh(): the known world's rows equal the figures computed by hand (world.py)."""

import datetime

import pytest

from centre.models import AcademicYear
from programs.models import StatisticsRefresh, StatisticsRow
from programs.statistics import age_day, refresh
from tests.programs.statistics import world

pytestmark = pytest.mark.django_db


def _row(year, organisation, direction=None) -> dict:
    row = StatisticsRow.objects.get(academic_year=year, organisation=organisation, direction=direction)
    return {column: getattr(row, column) for column in world.COLUMNS}


@pytest.fixture
def known():
    return world.build()


def test_the_rows_of_the_year_are_the_hand_computed_figures(known):
    run = refresh(known.year)
    assert run.status == StatisticsRefresh.Status.DONE
    assert _row(known.year, known.a, known.technical) == world.A_TECHNICAL
    assert _row(known.year, known.a, known.arts) == world.A_ARTS
    assert _row(known.year, known.a) == world.A_TOTAL
    assert _row(known.year, known.b, known.arts) == world.B_ARTS
    assert _row(known.year, known.b) == world.B_TOTAL
    # nothing else: no row for B's technical, none for the authority, none of last year
    assert StatisticsRow.objects.filter(academic_year=known.year).count() == 5
    assert not StatisticsRow.objects.filter(academic_year=known.last_year).exists()


def test_the_refresh_records_when_the_figures_were_taken(known):
    run = refresh(known.year)
    run.refresh_from_db()
    assert run.status == StatisticsRefresh.Status.DONE
    assert run.started_at is not None and run.finished_at >= run.started_at
    assert run.error == ""


def test_a_refresh_replaces_its_years_rows_and_leaves_the_other_years(known):
    refresh(known.last_year)
    refresh(known.year)
    assert _row(known.last_year, known.a, known.technical) == world.LAST_YEAR_A_TECHNICAL
    # a child leaves the world's records: the next refresh's rows say so, last year's stay
    group = known.groups[3]  # B's g4
    group.enrolments.filter(learner__name="Анна", learner__sex="m").delete()
    group.enrolments.filter(learner__sex="m").delete()
    refresh(known.year)
    assert _row(known.year, known.b)["learners"] == 1
    assert _row(known.year, known.b)["boys"] == 0
    assert StatisticsRow.objects.filter(academic_year=known.year).count() == 5
    assert _row(known.last_year, known.a, known.technical) == world.LAST_YEAR_A_TECHNICAL
    assert StatisticsRow.objects.filter(academic_year=known.last_year).count() == 2


def test_a_year_without_groups_has_no_rows_after_a_refresh(known):
    empty = AcademicYear.objects.create(
        label="2026/2027", start=datetime.date(2026, 9, 1), end=datetime.date(2027, 8, 31)
    )
    StatisticsRow.objects.create(academic_year=empty, organisation=known.a, learners=99)
    refresh(empty)
    assert not StatisticsRow.objects.filter(academic_year=empty).exists()


def test_a_failed_refresh_says_so_and_keeps_the_rows(known, monkeypatch):
    refresh(known.year)
    before = _row(known.year, known.a)

    def broken(academic_year):
        StatisticsRow.objects.filter(academic_year=academic_year).delete()
        raise RuntimeError("the database went away")

    monkeypatch.setattr("programs.statistics.compute.compute_rows", broken)
    with pytest.raises(RuntimeError):
        refresh(known.year)
    failed = StatisticsRefresh.objects.order_by("-queued_at", "-pk").first()
    assert failed.status == StatisticsRefresh.Status.FAILED
    assert "the database went away" in failed.error
    # the transaction rolled back: the old rows are still there
    assert _row(known.year, known.a) == before


@pytest.mark.parametrize(
    ("start", "day"),
    [
        (datetime.date(2025, 9, 1), datetime.date(2026, 1, 1)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 1, 1)),
        (datetime.date(2025, 1, 2), datetime.date(2026, 1, 1)),
    ],
)
def test_ages_are_counted_on_the_first_january_inside_the_year(start, day):
    assert age_day(AcademicYear(start=start, end=start + datetime.timedelta(days=300))) == day


def test_the_refresh_takes_the_years_lock(known, monkeypatch):
    taken = []
    monkeypatch.setattr("programs.statistics.compute.advisory_lock", lambda *keys: taken.append(keys))
    refresh(known.year)
    assert taken == [(f"statistics:{known.year.pk}",)]
