"""The statistics pages (programs/statistics): a director's organisation with its
subdivisions, an education authority's territory, or (an administrator) every organisation;
for any academic year. They read only the precomputed StatisticsRow sums, in a fixed number
of queries, and say how old the figures are; a refresh is queued by the Refresh button and
when the figures are older than settings.STATISTICS_MAX_AGE_MINUTES. The page never reloads
itself (the figures it has are being read): it offers a link to the new ones."""

from functools import wraps

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from centre.charts import grouped_bars
from centre.models import AcademicYear, Organisation, TerritoryPupils
from centre.progress import worker_progress
from centre.roles import Action, action_required, can
from centre.scope import readable_organisations_query, staff_organisations
from centre.workbooks import xlsx_response
from programs.statistics import figures as compute_figures
from programs.statistics import freshness, queue_refresh
from programs.statistics.formats import count
from programs.statistics.labels import AGE_BANDS, COLUMNS, KIND_NAMES, SCHOOLS_NOTE
from programs.statistics.pupils import PupilsForm, authorities_of, record_pupils
from programs.statistics.summary import summary
from programs.statistics.workbook import statistics_workbook


def _year(request) -> tuple[AcademicYear, list[AcademicYear]]:
    """The year asked for (``year``), else the current one, else the latest; and every year
    for the selector."""
    years = list(AcademicYear.objects.order_by("-start"))
    if not years:
        raise Http404(_("No academic year is recorded yet."))
    asked = request.GET.get("year") or request.POST.get("academic_year") or request.POST.get("year")
    chosen = next((year for year in years if str(year.pk) == asked), None)
    return chosen or next((year for year in years if year.is_current), years[0]), years


def _scope(user) -> str:
    """Whose figures these are, in words."""
    own = staff_organisations(user)
    if own is None:
        return _("All organisations of the portal")
    names = [str(organisation) for organisation in Organisation.objects.filter(pk__in=own).order_by("name")]
    if can(user, Action.RECORD_PUPILS) and Organisation.objects.filter(authority__in=own).exists():
        return _("The territory of %(names)s") % {"names": ", ".join(names)}
    return ", ".join(names)


def _charts(figures) -> dict:
    directions = [str(line.direction) for line in figures.directions]
    by_direction = [line.learners for line in figures.directions]
    bands = [str(label) for _attribute, label in AGE_BANDS]
    by_age = [getattr(figures.totals, attribute) for attribute, _label in AGE_BANDS]
    children = _("Children")
    return {
        "direction_chart": grouped_bars(
            directions, [(children, by_direction)], text=count, left=64, wrap_categories=True, height=340
        )
        if figures.directions
        else None,
        "direction_description": "; ".join(
            f"{name}: {count(value)}" for name, value in zip(directions, by_direction, strict=True)
        ),
        "age_chart": grouped_bars(bands, [(children, by_age)], text=count, left=64, width=480, height=260)
        if figures.totals.learners
        else None,
        "age_description": "; ".join(
            f"{name}: {count(value)}" for name, value in zip(bands, by_age, strict=True)
        ),
    }


def _pupils_recorded(form, year) -> dict:
    """The number recorded for the authority the form is for (an administrator's or a member
    of two authorities' form is for one of them, while the shares are of the sum over the
    territories shown): the page names that authority and, when they differ, the sum."""
    chosen = form["authority"].value()
    authority = next(
        (item for item in form.fields["authority"].queryset if str(item.pk) == str(chosen)), None
    )
    recorded = (
        TerritoryPupils.objects.filter(academic_year=year, authority=authority).first() if authority else None
    )
    return {"pupils_authority": authority, "pupils_recorded": recorded.pupils if recorded else None}


def _pupils_form(request, year, form=None):
    if not can(request.user, Action.RECORD_PUPILS):
        return None
    if form is not None:
        return form
    authorities = list(authorities_of(request.user))
    if not authorities:
        return None
    recorded = TerritoryPupils.objects.filter(academic_year=year, authority=authorities[0]).first()
    return PupilsForm(
        user=request.user,
        initial={
            "authority": authorities[0].pk,
            "academic_year": year.pk,
            "pupils": recorded.pupils if recorded else None,
        },
    )


def _context(request, *, queue: bool, pupils_form=None) -> dict:
    year, years = _year(request)
    state = freshness(year, queue_when_old=queue)
    figures = compute_figures(year, readable_organisations_query(request.user))
    busy = state.waiting is not None
    form = _pupils_form(request, year, pupils_form)
    recorded = _pupils_recorded(form, year) if form is not None else {}
    return {
        **recorded,
        "pupils_sum_differs": bool(recorded)
        and figures.pupils is not None
        and figures.pupils != recorded.get("pupils_recorded"),
        "year": year,
        "years": years,
        "scope": _scope(request.user),
        "figures": figures,
        "summary": summary(figures),
        "freshness": state,
        # no timed reload (WCAG 2.2.1: the old figures are being read): a link to the new ones
        "stalled": busy and worker_progress(busy=True, since=state.waiting.queued_at)["stalled"],
        "columns": COLUMNS,
        "kind_names": KIND_NAMES,
        "schools_note": SCHOOLS_NOTE,
        "direction_sums_exceed": sum(line.learners for line in figures.directions) > figures.totals.learners,
        "pupils_form": form,
        "today": timezone.localdate(),
        **_charts(figures),
    }


def _page_url(year) -> str:
    return f"{reverse('programs:statistics')}?{urlencode({'year': year.pk})}"


def _without_years(view):
    """Before the first academic year is recorded there are no figures to show: the page says
    so (a 200 the staff home can link to), whatever was asked."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not AcademicYear.objects.exists():
            return render(request, "programs/statistics/no_year.html")
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@action_required(Action.VIEW_STATISTICS)
@_without_years
def statistics(request):
    return render(request, "programs/statistics/page.html", _context(request, queue=True))


@require_GET
@action_required(Action.VIEW_STATISTICS)
@_without_years
def statistics_print(request):
    return render(request, "programs/statistics/print.html", _context(request, queue=False))


@require_GET
@action_required(Action.VIEW_STATISTICS)
@_without_years
def statistics_export(request):
    year, _years = _year(request)
    figures = compute_figures(year, readable_organisations_query(request.user))
    workbook = statistics_workbook(figures, scope=_scope(request.user))
    return xlsx_response(workbook, f"statistics-{year.label.replace('/', '-')}.xlsx")


@require_POST
@action_required(Action.VIEW_STATISTICS)
@_without_years
def statistics_refresh(request):
    year, _years = _year(request)
    queue_refresh(year)
    messages.info(
        request, _("The figures are being computed again; the page shows them when they are ready.")
    )
    return redirect(_page_url(year))


@require_POST
@action_required(Action.RECORD_PUPILS)
@_without_years
def statistics_pupils(request):
    form = PupilsForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(
            request, "programs/statistics/page.html", _context(request, queue=False, pupils_form=form)
        )
    data = form.cleaned_data
    record_pupils(
        authority=data["authority"],
        academic_year=data["academic_year"],
        pupils=data["pupils"],
        by=request.user,
    )
    messages.success(
        request,
        _("The number of schoolchildren of %(authority)s in %(year)s is recorded: %(pupils)s.")
        % {
            "authority": data["authority"],
            "year": data["academic_year"].label,
            "pupils": count(data["pupils"]),
        },
    )
    return redirect(_page_url(data["academic_year"]))
