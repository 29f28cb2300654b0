"""Reads for the dashboard, its export and the public page: the register of platforms by
academic year, the warnings and the dynamics of participation.

Every function runs a fixed number of queries, whatever the number of platforms and years.
"""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centre.models import AcademicYear
from innovation.models import OrderCoverage, Platform, YearlyReport

WARNING_MONTHS = 6


@dataclass
class Cell:
    year: AcademicYear
    in_period: bool
    orders: list = field(default_factory=list)
    missing: bool = False  # in the period, in force, no order


@dataclass
class Row:
    platform: Platform
    cells: list[Cell]


@dataclass
class Register:
    years: list[AcademicYear]
    rows: list[Row]
    current_year: AcademicYear | None


@dataclass
class Warnings:
    missing_orders: list[Platform]
    ending_soon: list[Platform]
    missing_reports: list[Platform]
    current_year: AcademicYear | None
    previous_year: AcademicYear | None
    horizon: datetime.date

    def __bool__(self):
        return bool(self.missing_orders or self.ending_soon or self.missing_reports)


@dataclass
class Series:
    key: str
    label: str
    values: list[int]


@dataclass
class Dynamics:
    years: list[str]
    series: list[Series]

    @property
    def rows(self):
        return [(year, [s.values[i] for s in self.series]) for i, year in enumerate(self.years)]

    def __bool__(self):
        return bool(self.years)


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def build_register(platforms, *, years=None, current_year=None) -> Register:
    """Rows of platforms, columns of the academic years any of them covers (and the current)."""
    platforms = list(platforms.for_register())
    years = list(AcademicYear.objects.order_by("start")) if years is None else years
    coverages = defaultdict(list)
    for coverage in (
        OrderCoverage.objects.filter(platform__in=[p.pk for p in platforms])
        .select_related("order")
        .order_by("order__date", "order__number")
    ):
        coverages[coverage.platform_id, coverage.academic_year_id].append(coverage.order)
    current_label = current_year.label if current_year else None
    columns = [
        year
        for year in years
        if year.label == current_label
        or any(p.covers(year.label) or (p.pk, year.label) in coverages for p in platforms)
    ]
    rows = []
    for platform in platforms:
        cells = []
        for year in columns:
            orders = coverages.get((platform.pk, year.label), [])
            in_period = platform.covers(year.label)
            missing = (
                in_period
                and not orders
                and platform.is_live
                and (current_label is None or year.label <= current_label)
            )
            cells.append(Cell(year=year, in_period=in_period, orders=orders, missing=missing))
        rows.append(Row(platform=platform, cells=cells))
    return Register(years=columns, rows=rows, current_year=current_year)


def build_warnings(platforms, *, years, current_year, today=None) -> Warnings:
    today = today or timezone.localdate()
    horizon = add_months(today, WARNING_MONTHS)
    previous_year = None
    if current_year:
        earlier = [year for year in years if year.start < current_year.start]
        previous_year = earlier[-1] if earlier else None
    ordered = platforms.select_related("organisation").order_by("organisation__name", "theme")
    return Warnings(
        missing_orders=list(ordered.missing_order_for(current_year)) if current_year else [],
        ending_soon=list(ordered.ending_between(today, horizon).select_related("last_year")),
        missing_reports=list(ordered.missing_report_for(previous_year)) if previous_year else [],
        current_year=current_year,
        previous_year=previous_year,
        horizon=horizon,
    )


REGIONAL_LEVELS = (Platform.Level.REGIONAL,)
MUNICIPAL_LEVELS = (Platform.Level.MUNICIPAL, Platform.Level.CITY)
OTHER_LEVELS = (Platform.Level.REPUBLICAN, Platform.Level.FEDERAL)


def build_dynamics(platforms) -> Dynamics:
    """Seed 001's Table 10 from submitted yearly reports: teams, participants of regional and
    of municipal platforms (and of other levels, when there are any), by academic year."""
    totals = (
        YearlyReport.objects.filter(platform__in=platforms.values("pk"), status=YearlyReport.Status.SUBMITTED)
        .values("academic_year", "platform__level")
        .annotate(teams=Sum("teams"), participants=Sum("participants"))
        .order_by("academic_year")
    )
    by_year = defaultdict(lambda: {"teams": 0, "regional": 0, "municipal": 0, "other": 0})
    for total in totals:
        figures = by_year[total["academic_year"]]
        figures["teams"] += total["teams"]
        level = total["platform__level"]
        if level in REGIONAL_LEVELS:
            figures["regional"] += total["participants"]
        elif level in MUNICIPAL_LEVELS:
            figures["municipal"] += total["participants"]
        else:
            figures["other"] += total["participants"]
    labels = sorted(by_year)
    series = [
        Series("teams", _("Pedagogical teams"), [by_year[y]["teams"] for y in labels]),
        Series("regional", _("Participants of regional platforms"), [by_year[y]["regional"] for y in labels]),
        Series(
            "municipal", _("Participants of municipal platforms"), [by_year[y]["municipal"] for y in labels]
        ),
    ]
    if any(by_year[y]["other"] for y in labels):
        series.append(
            Series(
                "other",
                _("Participants of federal and republican platforms"),
                [by_year[y]["other"] for y in labels],
            )
        )
    return Dynamics(years=labels, series=series)


def public_platforms():
    """The public page: platforms granted to the centre, with their orders, newest first."""
    coverages = OrderCoverage.objects.select_related("order").order_by("academic_year", "order__date")
    return (
        Platform.objects.public()
        .select_related("organisation", "kind")
        .prefetch_related(Prefetch("coverages", queryset=coverages))
        .order_by("organisation__name", "-first_year", "theme")
    )
