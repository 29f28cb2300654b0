"""The register and the dynamics as an XLSX workbook (openpyxl)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from openpyxl import Workbook

from centre.workbooks import append_row, header_row, workbook_bytes
from innovation.register import Dynamics, Register

REGISTER_COLUMNS = [
    (gettext_lazy("Organisation"), 30),
    (gettext_lazy("Theme"), 60),
    (gettext_lazy("Level"), 16),
    (gettext_lazy("Kind"), 18),
    (gettext_lazy("Network or complex"), 30),
    (gettext_lazy("Supervising body"), 30),
    (gettext_lazy("Period"), 22),
    (gettext_lazy("Status"), 16),
    (gettext_lazy("Academic year"), 14),
    (gettext_lazy("Kind of act"), 16),
    (gettext_lazy("Issuing body"), 40),
    (gettext_lazy("Number"), 14),
    (gettext_lazy("Date"), 12),
    (gettext_lazy("Title"), 40),
]


def register_workbook(register: Register, dynamics: Dynamics) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = pgettext("platforms", "Register")
    header_row(
        sheet,
        [str(title) for title, _width in REGISTER_COLUMNS],
        [w for _t, w in REGISTER_COLUMNS],
        wrap=True,
    )
    for row in register.rows:
        platform = row.platform
        base = [
            str(platform.organisation),
            platform.theme,
            platform.get_level_display(),
            str(platform.kind) if platform.kind else "",
            platform.network,
            platform.supervising_body,
            platform.period_label,
            platform.get_status_display(),
        ]
        for cell in row.cells:
            if not cell.in_period and not cell.orders:
                continue
            if not cell.orders:
                append_row(sheet, [*base, cell.year.label, _("no order"), "", "", None, ""])
            for order in cell.orders:
                append_row(
                    sheet,
                    [
                        *base,
                        cell.year.label,
                        order.get_kind_display_short(),
                        order.issuer,
                        order.number,
                        order.date,
                        order.title,
                    ],
                )
                sheet.cell(row=sheet.max_row, column=13).number_format = "DD.MM.YYYY"
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions

    figures = workbook.create_sheet(_("Dynamics"))
    header_row(
        figures, [_("Academic year"), *(str(s.label) for s in dynamics.series)], [14] + [28] * 4, wrap=True
    )
    for year, values in dynamics.rows:
        append_row(figures, [year, *values])
    return workbook_bytes(workbook)
