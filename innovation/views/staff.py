"""The director's dashboard, its export and print page, and the methodists' forms."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from centre import choosers
from centre.charts import grouped_bars
from centre.forms import show_errors
from centre.models import AcademicYear
from centre.roles import Action, action_required, can
from centre.workbooks import xlsx_response
from innovation import services
from innovation.access import edits_platform, get_order_for_user, get_platform_for_user
from innovation.export import register_workbook
from innovation.forms import (
    OrderCreateForm,
    OrderForm,
    OrderLinkForm,
    PlatformFilter,
    PlatformForm,
    ProductForm,
    YearlyReportForm,
)
from innovation.history import platform_history
from innovation.models import OrderCoverage, Platform, Product, YearlyReport
from innovation.register import build_dynamics, build_register, build_warnings


def _overview(request):
    """The filtered platforms and everything the dashboard, the export and the print page show."""
    scoped = Platform.objects.for_user(request.user)
    filterset = PlatformFilter(request.GET, queryset=scoped, user=request.user)
    platforms = filterset.qs if filterset.is_valid() else scoped
    years = list(AcademicYear.objects.order_by("start"))
    current_year = next((year for year in years if year.is_current), None)
    register = build_register(platforms, years=years, current_year=current_year)
    dynamics = build_dynamics(platforms)
    return {
        "filter": filterset,
        "register": register,
        "dynamics": dynamics,
        "warnings": build_warnings(platforms, years=years, current_year=current_year),
        "chart": grouped_bars(dynamics.years, [(str(s.label), s.values) for s in dynamics.series])
        if dynamics
        else None,
        "can_edit": can(request.user, Action.EDIT_INNOVATION),
        "today": timezone.localdate(),
    }


@require_GET
@action_required(Action.VIEW_INNOVATION)
def dashboard(request):
    return render(request, "innovation/dashboard.html", _overview(request))


@require_GET
@action_required(Action.VIEW_INNOVATION)
def dashboard_print(request):
    return render(request, "innovation/print.html", _overview(request))


@require_GET
@action_required(Action.VIEW_INNOVATION)
def dashboard_export(request):
    overview = _overview(request)
    content = register_workbook(overview["register"], overview["dynamics"])
    return xlsx_response(content, f"innovation-{timezone.localdate():%Y-%m-%d}.xlsx")


@require_GET
@action_required(Action.VIEW_INNOVATION)
def platform_detail(request, pk):
    platform = get_platform_for_user(request, pk)
    # what the page lists is the platform's own, so its organisation's: no further narrowing
    coverages = list(
        OrderCoverage.objects.filter(platform=platform).select_related("order").order_by("order__date")
    )
    reports = {
        report.academic_year_id: report
        for report in YearlyReport.objects.filter(platform=platform).prefetch_related("staff")
    }
    products = list(Product.objects.filter(platform=platform))
    current_year = AcademicYear.objects.current()
    last_label = platform.last_year_id or max(
        platform.first_year_id, current_year.label if current_year else platform.first_year_id
    )
    years = []
    for year in AcademicYear.objects.filter(label__gte=platform.first_year_id, label__lte=last_label):
        years.append(
            {
                "year": year,
                "orders": [c.order for c in coverages if c.academic_year_id == year.label],
                "report": reports.get(year.label),
                "products": [p for p in products if p.academic_year_id == year.label],
                "is_current": year.is_current,
            }
        )
    years.reverse()
    return render(
        request,
        "innovation/platform_detail.html",
        {
            "platform": platform,
            "responsible": platform.responsible.all(),
            "years": years,
            "history": platform_history(platform, sorted({c.order_id for c in coverages})),
            "can_edit": edits_platform(request.user, platform),
        },
    )


@action_required(Action.EDIT_INNOVATION)
def platform_edit(request, pk=None):
    platform = get_platform_for_user(request, pk, write=True) if pk else None
    if request.method == "POST":
        form = PlatformForm(request.POST, instance=platform, user=request.user)
        if not choosers.searching(request, form) and form.is_valid():
            saved = services.platform_save(
                platform=form.save(commit=False), responsible=form.cleaned_data["responsible"]
            )
            messages.success(request, _("The platform is saved."))
            return redirect("innovation:platform", pk=saved.pk)
    else:
        form = PlatformForm(instance=platform, user=request.user)
    return render(request, "innovation/form.html", _form_context(form, platform, _("Innovation platform")))


@action_required(Action.EDIT_INNOVATION)
def order_create(request, pk):
    platform = get_platform_for_user(request, pk, write=True)
    if request.method == "POST":
        form = OrderCreateForm(request.POST, request.FILES, platform=platform)
        if form.is_valid():
            try:
                services.order_create(
                    order=form.save(commit=False),
                    platform=platform,
                    academic_year=form.cleaned_data["academic_year"],
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The order is entered."))
                return redirect("innovation:platform", pk=platform.pk)
    else:
        form = OrderCreateForm(platform=platform)
    return render(
        request,
        "innovation/form.html",
        {**_form_context(form, platform, _("New order")), "offer_link": True},
    )


@action_required(Action.EDIT_INNOVATION)
def order_link(request, pk):
    platform = get_platform_for_user(request, pk, write=True)
    if request.method == "POST":
        form = OrderLinkForm(request.POST, platform=platform)
        if form.is_valid():
            try:
                services.order_link(
                    order=form.cleaned_data["order"],
                    platform=platform,
                    academic_year=form.cleaned_data["academic_year"],
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The order is recorded for this platform."))
                return redirect("innovation:platform", pk=platform.pk)
    else:
        form = OrderLinkForm(platform=platform)
    return render(
        request, "innovation/form.html", _form_context(form, platform, _("An order already entered"))
    )


@action_required(Action.EDIT_INNOVATION)
def order_edit(request, pk, order_pk):
    platform = get_platform_for_user(request, pk, write=True)
    order = get_order_for_user(request, platform, order_pk)
    if request.method == "POST":
        form = OrderForm(request.POST, request.FILES, instance=order)
        if form.is_valid():
            form.save()
            messages.success(request, _("The order is saved."))
            return redirect("innovation:platform", pk=platform.pk)
    else:
        form = OrderForm(instance=order)
    return render(request, "innovation/form.html", _form_context(form, platform, _("Order")))


@action_required(Action.EDIT_INNOVATION)
def report_edit(request, pk, report_pk=None):
    platform = get_platform_for_user(request, pk, write=True)
    report = get_object_or_404(YearlyReport, pk=report_pk, platform=platform) if report_pk else None
    if request.method == "POST":
        form = YearlyReportForm(request.POST, instance=report, platform=platform, user=request.user)
        if not choosers.searching(request, form) and form.is_valid():
            try:
                services.report_save(report=form.save(commit=False), staff=form.cleaned_data["staff"])
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The report is saved."))
                return redirect("innovation:platform", pk=platform.pk)
    else:
        form = YearlyReportForm(
            instance=report, platform=platform, user=request.user, initial=_year_initial(request)
        )
    return render(request, "innovation/form.html", _form_context(form, platform, _("Yearly report")))


@action_required(Action.EDIT_INNOVATION)
def product_edit(request, pk, product_pk=None):
    platform = get_platform_for_user(request, pk, write=True)
    product = get_object_or_404(Product, pk=product_pk, platform=platform) if product_pk else None
    if request.method == "POST":
        form = ProductForm(request.POST, request.FILES, instance=product, platform=platform)
        if form.is_valid():
            form.save()
            messages.success(request, _("The product is saved."))
            return redirect("innovation:platform", pk=platform.pk)
    else:
        form = ProductForm(instance=product, platform=platform, initial=_year_initial(request))
    return render(request, "innovation/form.html", _form_context(form, platform, _("Methodical product")))


def _year_initial(request):
    year = request.GET.get("year", "")
    return {"academic_year": year} if AcademicYear.label_validator.regex.match(year) else {}


def _form_context(form, platform, title):
    return {"form": form, "platform": platform, "title": title}
