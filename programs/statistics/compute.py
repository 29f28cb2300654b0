"""Computing a year's statistics: every StatisticsRow of the year replaced by one
``INSERT … SELECT`` (the definitions are the package's docstring, programs/statistics).

The refresh runs in one transaction under the year's advisory lock, so two refreshes of a
year never interleave and a reader sees the old rows or the new, never a mixture. Its
``started_at`` is set once the lock is held, just before the statement takes its snapshot:
the moment the figures describe."""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from centre.locks import advisory_lock
from centre.models import AcademicYear, Learner, Venue
from programs.models import Club, Enrolment, Group, Program, StatisticsRefresh, StatisticsRow

Status = StatisticsRefresh.Status

# (band column, lowest age, highest age): full years on 1 January inside the year
AGE_BANDS = (("age_5_9", 5, 9), ("age_10_14", 10, 14), ("age_15_17", 15, 17))

COLUMNS = (
    "clubs_at_schools",
    "clubs_at_centres",
    "groups",
    "learners",
    "enrolments",
    "girls",
    "boys",
    "disabled",
    *(band for band, _low, _high in AGE_BANDS),
    "teachers",
)


def year_lock_key(academic_year_id: int) -> str:
    return f"statistics:{academic_year_id}"


def age_day(academic_year: AcademicYear) -> datetime.date:
    """The 1 January inside the academic year (2025/26 → 1 January 2026), the day ages are
    counted on, as form 1-ДОП counts them."""
    first = datetime.date(academic_year.start.year, 1, 1)
    return first if academic_year.start == first else datetime.date(academic_year.start.year + 1, 1, 1)


def _sql() -> str:
    tables = {
        "row": StatisticsRow._meta.db_table,
        "group": Group._meta.db_table,
        "club": Club._meta.db_table,
        "program": Program._meta.db_table,
        "venue": Venue._meta.db_table,
        "enrolment": Enrolment._meta.db_table,
        "learner": Learner._meta.db_table,
    }
    bands = ",\n".join(
        f"    count(DISTINCT learner_id) FILTER (WHERE age BETWEEN {low} AND {high})"
        for _band, low, high in AGE_BANDS
    )
    return f"""
WITH year_groups AS (
    SELECT g.id AS group_id, g.club_id, c.organisation_id, p.direction_id, g.teacher_id, v.at_school
    FROM {tables["group"]} g
    JOIN {tables["club"]} c ON c.id = g.club_id
    JOIN {tables["program"]} p ON p.id = g.program_id
    JOIN {tables["venue"]} v ON v.id = g.venue_id
    WHERE g.academic_year_id = %(year)s
), year_clubs AS (
    -- a club is at schools when any of its groups of the year meets in a school's building
    SELECT club_id, bool_or(at_school) AS at_school FROM year_groups GROUP BY club_id
), facts AS (
    SELECT yg.organisation_id, yg.direction_id, yg.group_id, yg.club_id, yc.at_school,
           yg.teacher_id, e.id AS enrolment_id, e.learner_id, l.sex, l.disabled,
           date_part('year', age(%(age_day)s::date, l.birth_date))::int AS age
    FROM year_groups yg
    JOIN year_clubs yc ON yc.club_id = yg.club_id
    LEFT JOIN {tables["enrolment"]} e ON e.group_id = yg.group_id
    LEFT JOIN {tables["learner"]} l ON l.id = e.learner_id
)
INSERT INTO {tables["row"]} (academic_year_id, organisation_id, direction_id, {", ".join(COLUMNS)})
SELECT
    %(year)s,
    organisation_id,
    CASE WHEN GROUPING(direction_id) = 0 THEN direction_id END,
    count(DISTINCT club_id) FILTER (WHERE at_school),
    count(DISTINCT club_id) FILTER (WHERE NOT at_school),
    count(DISTINCT group_id),
    count(DISTINCT learner_id),
    count(enrolment_id),
    count(DISTINCT learner_id) FILTER (WHERE sex = 'f'),
    count(DISTINCT learner_id) FILTER (WHERE sex = 'm'),
    count(DISTINCT learner_id) FILTER (WHERE disabled),
{bands},
    count(DISTINCT teacher_id)
FROM facts
GROUP BY GROUPING SETS ((organisation_id, direction_id), (organisation_id))
"""


def compute_rows(academic_year: AcademicYear) -> int:
    """Replace the year's rows (inside the caller's transaction); the number written."""
    StatisticsRow.objects.filter(academic_year=academic_year).delete()
    with connection.cursor() as cursor:
        cursor.execute(_sql(), {"year": academic_year.pk, "age_day": age_day(academic_year)})
        return cursor.rowcount


def _mark(run: StatisticsRefresh, **fields) -> None:
    for name, value in fields.items():
        setattr(run, name, value)
    run.save(update_fields=list(fields))


def refresh(academic_year: AcademicYear, *, run: StatisticsRefresh | None = None) -> StatisticsRefresh:
    """Compute the year's figures now (the task's work; the benchmark calls it directly).

    ``run`` is the queued refresh the worker took (programs.statistics.queue); without one a
    new refresh is recorded. Returns it done; on an error it is marked failed and the error
    raised again."""
    if run is None:
        run = StatisticsRefresh.objects.create(academic_year=academic_year, status=Status.RUNNING)
    # seen as running by the pages while the computation's own transaction is open
    _mark(run, status=Status.RUNNING, started_at=timezone.now(), error="")
    try:
        with transaction.atomic():
            advisory_lock(year_lock_key(academic_year.pk))
            # the lock may have waited for another refresh: the figures are of now
            _mark(run, started_at=timezone.now())
            compute_rows(academic_year)
            _mark(run, status=Status.DONE, finished_at=timezone.now())
    except Exception as error:
        _mark(
            run,
            status=Status.FAILED,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise
    return run
