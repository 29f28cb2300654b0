"""Staff reports: the per-year achievement table and the bank of gifted children."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from centre.audit import Access, record_personal_data_access
from centre.models import AcademicYear, Learner
from centre.roles import Action, action_required
from centre.workbooks import xlsx_response
from projects.filters import GiftedFilter
from projects.forms import AchievementYearForm
from projects.models import Result
from projects.reports import (
    achievement_table,
    achievement_table_xlsx,
    gifted_rows,
    gifted_rows_xlsx,
)


def _achievements(request):
    form = AchievementYearForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    year = year or AcademicYear.objects.current() or AcademicYear.objects.order_by("-start").first()
    table = achievement_table(Result.objects.for_user(request.user), year) if year else None
    return form, year, table


@action_required(Action.EDIT_PROJECTS, Action.VIEW_GIFTED_BANK)
@require_GET
def achievements(request):
    form, year, table = _achievements(request)
    return render(request, "projects/staff/achievements.html", {"form": form, "year": year, "table": table})


@action_required(Action.EDIT_PROJECTS, Action.VIEW_GIFTED_BANK)
@require_GET
def achievements_xlsx(request):
    _form, year, table = _achievements(request)
    label = year.label.replace("/", "-") if year else "none"
    if table is None:
        return HttpResponse(status=404)
    return xlsx_response(achievement_table_xlsx(table), f"achievements-{label}.xlsx")


def _gifted(request):
    filterset = GiftedFilter(request.GET or None, queryset=Result.objects.for_user(request.user))
    rows = gifted_rows(filterset.qs, learners=Learner.objects.for_user(request.user))
    return filterset, rows


def _record_gifted_bank(request, kind, description, filterset):
    """The one record of who read the bank, when, how many children and with which filters:
    the personal-data log of centre.audit (the children are the personal data read)."""
    filters = filterset.described()
    record_personal_data_access(
        request, Learner, kind, f"{description}: {filters}" if filters else description
    )


@action_required(Action.VIEW_GIFTED_BANK)
@require_GET
def gifted_bank(request):
    filterset, rows = _gifted(request)
    description = _("Bank of gifted children (%(rows)s)") % {"rows": len(rows)}
    _record_gifted_bank(request, Access.VIEW, description, filterset)
    return render(request, "projects/staff/gifted_bank.html", {"filter": filterset, "rows": rows})


@action_required(Action.VIEW_GIFTED_BANK)
@require_GET
def gifted_bank_xlsx(request):
    filterset, rows = _gifted(request)
    description = _("XLSX of the bank of gifted children (%(rows)s)") % {"rows": len(rows)}
    _record_gifted_bank(request, Access.EXPORT, description, filterset)
    return xlsx_response(gifted_rows_xlsx(rows), "gifted-children.xlsx")
