"""The methodist's imports of files: the list of the organisation's imports, the upload, the
batch's page (its progress, refreshing itself while the worker checks or imports, then every
row with its errors), the confirmation of the import, and the templates to fill in."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from centre.audit import Access, record_personal_data_access
from centre.choosers import organisations_to_change
from centre.forms import show_errors
from centre.pagination import paginate
from centre.progress import worker_progress
from centre.roles import Action, action_required
from centre.workbooks import xlsx_response
from programs.access import get_import_for_user
from programs.imports.blanks import template_workbook
from programs.imports.forms import ImportUploadForm
from programs.imports.preview import errors_workbook, preview_rows, summary_headers
from programs.models import ImportBatch
from programs.services.imports import batch_create, batch_start


@require_GET
@action_required(Action.IMPORT_RECORDS)
def import_list(request):
    batches = (
        ImportBatch.objects.for_user(request.user, write=True)
        .select_related("organisation", "created_by")
        .defer("content", "errors")
    )
    return render(
        request,
        "programs/staff/imports/list.html",
        {"page": paginate(request, batches), "kinds": ImportBatch.Kind.choices},
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.IMPORT_RECORDS)
def import_create(request):
    if request.method == "POST":
        form = ImportUploadForm(request.POST, request.FILES, user=request.user)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                batch = batch_create(
                    organisation=form.cleaned_data["organisation"],
                    kind=form.cleaned_data["kind"],
                    file_name=upload.name,
                    content=upload.read(),
                    by=request.user,
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                return redirect("programs:staff_import", batch.pk)
    else:
        form = ImportUploadForm(user=request.user, initial={"kind": request.GET.get("kind")})
    return render(
        request, "programs/staff/imports/form.html", {"form": form, "kinds": ImportBatch.Kind.choices}
    )


@require_GET
@action_required(Action.IMPORT_RECORDS)
def import_detail(request, pk):
    batch = get_import_for_user(request, pk)
    only_errors = request.GET.get("show") == "errors"
    errors_by_row = {}
    for problem in batch.errors:
        errors_by_row.setdefault(problem["row"], []).append(problem)
    page = None
    busy = batch.status in (ImportBatch.Status.CHECKING, ImportBatch.Status.IMPORTING)
    # the rows once checked; not while the page refreshes itself (each refresh a reading)
    if batch.total_rows and not busy:
        rows = preview_rows(batch, errors_by_row, only_errors=only_errors)
        page = paginate(request, rows)
        record_personal_data_access(request, batch, description=_("Rows of an imported file"))
    return render(
        request,
        "programs/staff/imports/detail.html",
        {
            "batch": batch,
            "page": page,
            "only_errors": only_errors,
            "headers": summary_headers(batch.kind),
            "file_errors": errors_by_row.get(1, []) + errors_by_row.get(None, []),
            "error_rows": len([row for row in errors_by_row if row and row > 1]),
            **worker_progress(busy=busy, since=batch.created_at),
            "can_run": batch.status == ImportBatch.Status.VALID,
        },
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.IMPORT_RECORDS)
def import_run(request, pk):
    batch = get_import_for_user(request, pk)
    if request.method == "POST" and request.POST.get("confirmed"):
        try:
            batch_start(batch=batch, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The import has started: the page shows how far it has gone."))
        return redirect("programs:staff_import", batch.pk)
    return render(
        request,
        "programs/staff/imports/run.html",
        {"batch": batch, "cancel_url": reverse("programs:staff_import", args=[batch.pk])},
    )


@require_GET
@action_required(Action.IMPORT_RECORDS)
def import_template(request, kind):
    if kind not in ImportBatch.Kind.values:
        raise Http404
    organisation = organisations_to_change(request.user).order_by("pk").first()
    if organisation is None:
        raise Http404
    workbook = template_workbook(kind, organisation=organisation, by=request.user)
    return xlsx_response(workbook, f"import-{kind}.xlsx")


@require_GET
@action_required(Action.IMPORT_RECORDS)
def import_errors(request, pk):
    """The uploaded file with each row's errors in a last column, to correct in Excel."""
    batch = get_import_for_user(request, pk)
    if not batch.errors:
        raise Http404
    errors_by_row = {}
    for problem in batch.errors:
        errors_by_row.setdefault(problem["row"], []).append(problem)
    workbook = errors_workbook(batch, errors_by_row)
    record_personal_data_access(
        request, batch, Access.EXPORT, description=_("An imported file with its errors")
    )
    stem = batch.file_name.rsplit(".", 1)[0] or "import"
    return xlsx_response(workbook, f"{stem}-errors.xlsx")
