"""Reads that build tables: the per-year achievement table, the bank of gifted children, and
their XLSX exports (openpyxl)."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from centre.models import Learner
from centre.workbooks import append_row, header_row, workbook_bytes
from projects.models import Competition, ProjectMember, Result


@dataclass
class AchievementTable:
    year: object
    levels: list  # [(level value, label)]
    outcomes: list  # [(outcome value, label)]
    rows: list = field(default_factory=list)  # [(label, [counts...], total)]
    column_totals: list = field(default_factory=list)
    total: int = 0


def achievement_table(results, year) -> AchievementTable:
    """Counts of results of one academic year by competition level (rows) and result (columns)."""
    counts = {
        (row["competition__level"], row["outcome"]): row["n"]
        for row in results.filter(competition__academic_year=year)
        .values("competition__level", "outcome")
        .annotate(n=Count("id"))
        .order_by()
    }
    table = AchievementTable(year=year, levels=Competition.Level.choices, outcomes=Result.Outcome.choices)
    column_totals = [0] * len(Result.Outcome.values)
    for level, label in Competition.Level.choices:
        cells = [counts.get((level, outcome), 0) for outcome in Result.Outcome.values]
        for index, value in enumerate(cells):
            column_totals[index] += value
        table.rows.append((label, cells, sum(cells)))
    table.column_totals = column_totals
    table.total = sum(column_totals)
    return table


def achievement_table_xlsx(table: AchievementTable) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Achievements")[:31]
    append_row(sheet, [_("Achievements of learners, academic year %(year)s") % {"year": table.year}])
    sheet["A1"].font = Font(bold=True)
    header_row(
        sheet, [_("Level"), *[capfirst(str(label)) for _value, label in table.outcomes], _("Total")], [24]
    )
    for label, cells, total in table.rows:
        append_row(sheet, [capfirst(str(label)), *cells, total])
    append_row(sheet, [_("Total"), *table.column_totals, table.total])
    return workbook_bytes(workbook)


@dataclass
class GiftedRow:
    learner: Learner
    results: list


def gifted_rows(results, *, learners) -> list[GiftedRow]:
    """Children with a win or a prize at regional level and above, each with those results.

    ``results`` is a Result queryset already filtered (year, direction, level); only its
    qualifying rows are read. A child's own result credits the child; a team result (no
    child named) credits every member of the project. Only children of ``learners`` (the
    user's organisations: ``Learner.objects.for_user(user)``) are listed. Three queries
    whatever the size."""
    qualifying = list(
        results.gifted()
        .select_related("competition", "competition__academic_year", "project")
        .order_by("-date", "competition__title")
    )
    team_project_ids = {r.project_id for r in qualifying if r.learner_id is None}
    members_of: dict[int, list[int]] = {}
    for project_id, learner_id in ProjectMember.objects.filter(project_id__in=team_project_ids).values_list(
        "project_id", "learner_id"
    ):
        members_of.setdefault(project_id, []).append(learner_id)
    by_learner: dict[int, list] = {}
    for result in qualifying:
        credited = [result.learner_id] if result.learner_id else members_of.get(result.project_id, [])
        for learner_id in credited:
            by_learner.setdefault(learner_id, []).append(result)
    learners = learners.filter(pk__in=by_learner).order_by("surname", "name", "patronymic")
    return [GiftedRow(learner=learner, results=by_learner[learner.pk]) for learner in learners]


def gifted_rows_xlsx(rows: list[GiftedRow]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Gifted children")[:31]
    header = [
        _("Surname, first name, patronymic"),
        _("Date of birth"),
        _("School"),
        _("Class"),
        _("Competition"),
        _("Level"),
        _("Result"),
        _("Place"),
        _("Date"),
        _("Academic year"),
        _("Project"),
    ]
    header_row(sheet, header, (34, 14, 22, 8, 44, 18, 16, 8, 12, 12, 36))
    for row in rows:
        learner = row.learner
        for result in row.results:
            competition = result.competition
            append_row(
                sheet,
                [
                    learner.full_name,
                    learner.birth_date,
                    learner.school,
                    learner.school_class,
                    competition.title,
                    capfirst(str(competition.get_level_display())),
                    capfirst(str(result.get_outcome_display())),
                    result.place,
                    result.date,
                    str(competition.academic_year),
                    result.project.title if result.project_id else "",
                ],
            )
    for cells in sheet.iter_rows(min_row=2):
        cells[1].number_format = "DD.MM.YYYY"
        cells[8].number_format = "DD.MM.YYYY"
    return workbook_bytes(workbook)


def results_for_projects(project_ids) -> dict[int, list[Result]]:
    """Results of several projects at once (for lists), in one query."""
    grouped: dict[int, list[Result]] = {}
    for result in (
        Result.objects.filter(project_id__in=project_ids)
        .select_related("competition")
        .order_by("-competition__starts_on")
    ):
        grouped.setdefault(result.project_id, []).append(result)
    return grouped
