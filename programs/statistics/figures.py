"""A territory's (or an organisation's) figures of a year: StatisticsRow sums over the
organisations asked for, in a fixed number of queries whatever their number (four: the
last refresh, the sums by direction and kind of organisation, the directions, the
schoolchildren). Nothing here reads an enrolment."""

import datetime
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When

from centre.models import AcademicYear, Organisation, TerritoryPupils
from programs.models import Direction, StatisticsRefresh, StatisticsRow
from programs.statistics.compute import COLUMNS

Kind = Organisation.Kind

# the press release's groups of organisations (seed 004), by the kind of the row's
# organisation (a subdivision's: its parent's)
EDUCATION, SCHOOLS, CULTURE_SPORT, OTHER = "education", "schools", "culture_sport", "other"
KINDS = (EDUCATION, SCHOOLS, CULTURE_SPORT, OTHER)
KIND_OF = {Kind.CENTRE: EDUCATION, Kind.SCHOOL: SCHOOLS, Kind.CULTURE_SPORT: CULTURE_SPORT}


def share(part: int, whole: int | None) -> Decimal | None:
    """``part`` as a percentage of ``whole``, to one decimal, half up; None without a whole."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Indicators:
    """One line of form 1-ДОП: a direction's, or all directions' (a child once)."""

    clubs_at_schools: int = 0
    clubs_at_centres: int = 0
    groups: int = 0
    learners: int = 0
    enrolments: int = 0
    girls: int = 0
    boys: int = 0
    disabled: int = 0
    age_5_9: int = 0
    age_10_14: int = 0
    age_15_17: int = 0
    teachers: int = 0
    share: Decimal | None = None  # learners as a percentage of the territory's schoolchildren

    @property
    def clubs(self) -> int:
        return self.clubs_at_schools + self.clubs_at_centres


@dataclass(frozen=True)
class DirectionFigures(Indicators):
    direction: Direction | None = None
    technical: bool = False


@dataclass(frozen=True)
class KindFigures:
    """Organisations of a kind with figures in the year, their clubs and children."""

    kind: str
    organisations: int = 0
    clubs: int = 0
    learners: int = 0
    share: Decimal | None = None


@dataclass(frozen=True)
class Figures:
    academic_year: AcademicYear
    as_of: datetime.datetime | None  # the last done refresh's started_at; None: never computed
    pupils: int | None  # the territory's schoolchildren, when every authority recorded them
    totals: Indicators
    directions: list[DirectionFigures]
    kinds: dict[str, KindFigures]
    organisations: int  # of supplementary education: education + culture and sport
    technical_learners: int
    technical_share: Decimal | None


def _kind_expression():
    kind = Case(
        When(organisation__kind=Kind.SUBDIVISION, then=F("organisation__parent__kind")),
        default=F("organisation__kind"),
        output_field=CharField(),
    )
    return Case(
        *(When(Q(_kind=value), then=Value(group)) for value, group in KIND_OF.items()),
        default=Value(OTHER),
        output_field=CharField(),
    ), kind


def _authority_expression():
    """The authority of the row's organisation: its own, its parent's, or itself."""
    return Case(
        When(organisation__kind=Kind.AUTHORITY, then=F("organisation_id")),
        When(organisation__authority__isnull=False, then=F("organisation__authority_id")),
        default=F("organisation__parent__authority_id"),
    )


def last_done(academic_year) -> StatisticsRefresh | None:
    return (
        StatisticsRefresh.objects.filter(academic_year=academic_year, status=StatisticsRefresh.Status.DONE)
        .order_by("-started_at")
        .first()
    )


def _rows(academic_year, organisation_ids):
    rows = StatisticsRow.objects.filter(academic_year=academic_year)
    if organisation_ids is not None:
        if not isinstance(organisation_ids, QuerySet):
            organisation_ids = list(organisation_ids)
        # a queryset stays a subquery: a nation's authority reads thousands of organisations
        rows = rows.filter(organisation_id__in=organisation_ids)
    return rows


def _sums(rows) -> list[dict]:
    group, kind = _kind_expression()
    # an organisation is counted once, on its all-directions row; a centre's subdivisions
    # are part of it, not organisations of their own
    counted = Q(direction__isnull=True) & ~Q(organisation__kind=Kind.SUBDIVISION)
    return list(
        rows.annotate(_kind=kind)
        .annotate(group=group)
        .values("direction_id", "group")
        .annotate(
            **{column: Sum(column) for column in COLUMNS},
            organisations=Count("id", filter=counted),
        )
        .order_by()
    )


def _pupils(rows, academic_year) -> int | None:
    authorities = set(
        rows.annotate(_authority=_authority_expression()).values_list("_authority", flat=True).distinct()
    )
    if not authorities or None in authorities:
        return None
    recorded = dict(
        TerritoryPupils.objects.filter(academic_year=academic_year, authority_id__in=authorities).values_list(
            "authority_id", "pupils"
        )
    )
    if set(recorded) != authorities:
        return None
    return sum(recorded.values())


def _add(into: dict, line: dict) -> None:
    for column in COLUMNS:
        into[column] = into.get(column, 0) + (line[column] or 0)


def figures(academic_year: AcademicYear, organisation_ids=None) -> Figures:
    """The year's figures summed over ``organisation_ids`` (None: every organisation),
    from the last refresh's rows.

    The last refresh and its rows are read in one REPEATABLE READ snapshot: a refresh
    committed between the two reads would otherwise pair the old «as of» with the new rows.
    Inside a caller's transaction (a test's) its isolation is the caller's."""
    if connection.in_atomic_block:
        return _figures(academic_year, organisation_ids)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        return _figures(academic_year, organisation_ids)


def _figures(academic_year: AcademicYear, organisation_ids) -> Figures:
    rows = _rows(academic_year, organisation_ids)
    done = last_done(academic_year)
    sums = _sums(rows)
    pupils = _pupils(rows, academic_year)
    totals, by_direction = {}, {}
    kinds = {kind: {"organisations": 0, "clubs": 0, "learners": 0} for kind in KINDS}
    for line in sums:
        if line["direction_id"] is None:
            _add(totals, line)
            kind = kinds[line["group"]]
            kind["organisations"] += line["organisations"]
            kind["clubs"] += (line["clubs_at_schools"] or 0) + (line["clubs_at_centres"] or 0)
            kind["learners"] += line["learners"] or 0
        else:
            _add(by_direction.setdefault(line["direction_id"], {}), line)
    directions = []
    technical = 0
    for direction in Direction.objects.filter(pk__in=list(by_direction)):
        values = by_direction[direction.pk]
        directions.append(
            DirectionFigures(
                **values,
                share=share(values["learners"], pupils),
                direction=direction,
                technical=direction.is_technical,
            )
        )
        if direction.is_technical:
            technical += values["learners"]
    return Figures(
        academic_year=academic_year,
        as_of=done.started_at if done else None,
        pupils=pupils,
        totals=Indicators(
            **{column: totals.get(column, 0) for column in COLUMNS},
            share=share(totals.get("learners", 0), pupils),
        ),
        directions=directions,
        kinds={
            kind: KindFigures(kind=kind, **values, share=share(values["learners"], pupils))
            for kind, values in kinds.items()
        },
        organisations=kinds[EDUCATION]["organisations"] + kinds[CULTURE_SPORT]["organisations"],
        technical_learners=technical,
        technical_share=share(technical, pupils),
    )


INDICATOR_FIELDS = [field.name for field in fields(Indicators)]
