"""The methodist's imports of federal packages: the list of the organisation's packages, the
upload, the package's page (refreshing itself while the worker checks or imports it, then
the report: every object with what became of it and why), and the confirmation of the
import."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from centre.forms import show_errors
from centre.pagination import paginate
from centre.progress import worker_progress
from centre.roles import Action, action_required
from programs.access import get_package_import_for_user
from programs.exchange.importing_forms import PackageUploadForm
from programs.exchange.importing_uploads import package_import_create, package_import_start
from programs.exchange.report import OBJECTS, OUTCOMES
from programs.models import PackageImport

SHOWN = ("all", "skipped", "notes")


@require_GET
@action_required(Action.IMPORT_RECORDS)
def package_import_list(request):
    imports = (
        PackageImport.objects.for_user(request.user, write=True)
        .select_related("organisation", "created_by")
        .defer("content", "report")
    )
    return render(
        request,
        "programs/staff/package/list.html",
        {"page": paginate(request, imports), "outcomes": OUTCOMES},
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.IMPORT_RECORDS)
def package_import_new(request):
    if request.method == "POST":
        form = PackageUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                package_import = package_import_create(
                    organisation=form.cleaned_data["organisation"],
                    file_name=upload.name,
                    content=upload.read(),
                    by=request.user,
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                return redirect("programs:staff_package_import", package_import.pk)
    else:
        form = PackageUploadForm(user=request.user)
    return render(request, "programs/staff/package/form.html", {"form": form})


def report_rows(report: list, shown: str) -> list:
    rows = []
    for entry in report:
        notes = entry.get("notes") or []
        if shown == "skipped" and entry["outcome"] != "skipped":
            continue
        if shown == "notes" and not (notes or entry["reason"]):
            continue
        rows.append(
            {
                **entry,
                "notes": notes,
                "object_label": OBJECTS.get(entry["object"], entry["object"]),
                "outcome_label": OUTCOMES.get(entry["outcome"], entry["outcome"]),
            }
        )
    return rows


@require_GET
@action_required(Action.IMPORT_RECORDS)
def package_import_detail(request, pk):
    package_import = get_package_import_for_user(request, pk)
    shown = request.GET.get("show") if request.GET.get("show") in SHOWN else "all"
    busy = package_import.status in (PackageImport.Status.CHECKING, PackageImport.Status.IMPORTING)
    page = None if busy else paginate(request, report_rows(package_import.report, shown))
    totals = [
        (OUTCOMES[name], count) for name, count in package_import.totals.items() if count and name in OUTCOMES
    ]
    return render(
        request,
        "programs/staff/package/detail.html",
        {
            "package_import": package_import,
            "page": page,
            "shown": shown,
            "totals": totals,
            "skipped": package_import.totals.get("skipped", 0),
            **worker_progress(busy=busy, since=package_import.created_at),
            "can_run": package_import.status == PackageImport.Status.CHECKED,
        },
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.IMPORT_RECORDS)
def package_import_run(request, pk):
    package_import = get_package_import_for_user(request, pk)
    if request.method == "POST" and request.POST.get("confirmed"):
        try:
            package_import_start(package_import=package_import, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The import has started: the page shows when it is done."))
        return redirect("programs:staff_package_import", package_import.pk)
    return render(
        request,
        "programs/staff/package/run.html",
        {
            "package_import": package_import,
            "totals": package_import.totals,
            "cancel_url": reverse("programs:staff_package_import", args=[package_import.pk]),
        },
    )
