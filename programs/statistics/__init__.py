"""Statistics of an academic year, laid out like form 1-ДОП and seed 004's press release,
precomputed into StatisticsRow by the task worker and summed by the pages.

Definitions (docs: "Statistics"):

- The year's groups are the groups with ``academic_year`` = the year. An enrolment counts
  when it belongs to such a group, whether the child still studies there or left during the
  year.
- A row is an organisation's figures for one direction, or (direction empty) for all its
  directions together. Its organisation is the club's organisation; its direction is the
  direction of the group's program.
- Children are distinct Learner records. A Learner belongs to one organisation, so sums over
  organisations are exact; a child known to two organisations counts in each, as form 1-ДОП
  summed over organisations does. A child in two directions counts in each direction's row
  and once in the all-directions row. Enrolments count every enrolment.
- A club counts at schools when any of its groups of the year meets at a venue with
  ``at_school``, else at the organisation; once per row.
- Ages are full years on 1 January inside the academic year (2025/26: 1 January 2026),
  in bands 5–9, 10–14, 15–17; children outside 5–17 count only in the totals.
- Teachers are the distinct teachers of the row's groups. Girls, boys and children with
  disabilities (ОВЗ) come from ``Learner.sex`` and ``Learner.disabled``; a child whose sex
  is not recorded is neither.
- By kind of organisation (seed 004): a row's kind is its organisation's (a subdivision's:
  its parent's): a centre is an education organisation, a school's clubs are clubs at
  schools, and organisations of culture and sport are counted apart. Organisations are
  counted when they have groups in the year; subdivisions are part of their centre.
- Shares are of the territory's schoolchildren (centre.TerritoryPupils of the authority and
  year), when recorded; the technical share is the children of the ``is_technical``
  directions over them.

``refresh(academic_year)`` computes a year now (the task's work); ``figures(academic_year,
organisation_ids)`` sums the rows; ``queue_refresh`` and ``freshness`` keep them fresh.
"""

from programs.statistics.compute import AGE_BANDS, COLUMNS, age_day, refresh
from programs.statistics.figures import (
    CULTURE_SPORT,
    EDUCATION,
    KINDS,
    OTHER,
    SCHOOLS,
    DirectionFigures,
    Figures,
    Indicators,
    KindFigures,
    figures,
    share,
)
from programs.statistics.queue import Freshness, freshness, queue_refresh

__all__ = [
    "AGE_BANDS",
    "COLUMNS",
    "CULTURE_SPORT",
    "EDUCATION",
    "KINDS",
    "OTHER",
    "SCHOOLS",
    "DirectionFigures",
    "Figures",
    "Freshness",
    "Indicators",
    "KindFigures",
    "age_day",
    "figures",
    "freshness",
    "queue_refresh",
    "refresh",
    "share",
]
