"""The statistics as an XLSX workbook (centre.workbooks): the table of form 1-ДОП, then
the children by kind of organisation and the shares; headings in the active language,
numbers as numbers."""

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from centre.workbooks import append_row, header_row
from programs.statistics.figures import KINDS, Figures
from programs.statistics.labels import COLUMNS, DIRECTION, KIND_NAMES, SCHOOLS_NOTE, SHARE, TOTAL

PERCENT_FORMAT = "0.0"


def _line(name, indicators) -> list:
    return [
        str(name),
        *(getattr(indicators, attribute) for attribute, _heading, _group in COLUMNS),
        float(indicators.share) if indicators.share is not None else None,
    ]


def _share_cells(sheet) -> None:
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, float):
            cell.number_format = PERCENT_FORMAT


def statistics_workbook(figures: Figures, *, scope: str) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Statistics")[:31]
    append_row(
        sheet,
        [
            _("Statistics of supplementary education, academic year %(year)s")
            % {"year": figures.academic_year.label}
        ],
    )
    append_row(sheet, [scope])
    as_of = (
        timezone.localtime(figures.as_of).strftime("%d.%m.%Y %H:%M")
        if figures.as_of
        else _("not computed yet")
    )
    append_row(sheet, [_("Figures as of"), as_of])
    append_row(sheet, [_("Schoolchildren of the territory"), figures.pupils])
    append_row(sheet, [])
    header_row(
        sheet,
        [
            str(DIRECTION),
            *(f"{group}: {heading}" if group else str(heading) for _attribute, heading, group in COLUMNS),
            f"{SHARE}, %",
        ],
        widths=[34, *[12] * len(COLUMNS), 14],
        wrap=True,
    )
    for line in figures.directions:
        append_row(sheet, _line(line.direction, line))
        _share_cells(sheet)
    append_row(sheet, _line(TOTAL, figures.totals))
    _share_cells(sheet)
    append_row(sheet, [])
    header_row(
        sheet,
        [_("Kind of organisation"), _("Organisations"), _("Clubs"), _("Children"), f"{SHARE}, %"],
        wrap=True,
    )
    for kind in KINDS:
        line = figures.kinds[kind]
        append_row(
            sheet,
            [
                str(KIND_NAMES[kind]),
                line.organisations,
                line.clubs,
                line.learners,
                float(line.share) if line.share is not None else None,
            ],
        )
        _share_cells(sheet)
    append_row(sheet, [_("Organisations of supplementary education"), figures.organisations])
    append_row(
        sheet,
        [
            _("Technical creativity: children"),
            figures.technical_learners,
        ],
    )
    append_row(
        sheet,
        [
            _("Technical creativity: share of schoolchildren, %"),
            float(figures.technical_share) if figures.technical_share is not None else None,
        ],
    )
    _share_cells(sheet)
    append_row(sheet, [])
    append_row(sheet, [str(SCHOOLS_NOTE)])
    return workbook
