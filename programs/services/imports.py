"""Imports of files, as the page, the worker and the ``import_records`` command run them.

An uploaded file becomes an ImportBatch (``batch_create``: the bytes kept in the database,
the file's own mistakes — missing columns, too many rows — found at once). Checking it
(``check_batch``) runs every row through the import and rolls it all back: the same widgets,
model validation and database constraints as the import itself, so a file that passes the
check fails on import only when the data changed meanwhile. Importing it (``run_batch``)
saves every row in one transaction or none. Both write the row count as they go
(programs.imports.progress) and their errors as {row, column, message}, in the language of
the member of staff who started them (the page's they uploaded or confirmed on; the command's).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from centre.choosers import organisations_to_change
from centre.languages import current_language
from centre.roles import Action, can
from programs.imports.base import prepare
from programs.imports.kinds import RESOURCES, resource_for
from programs.imports.runs import check_batch, import_file, run_batch
from programs.imports.tasks import check_import, run_import
from programs.models import ImportBatch

__all__ = ["batch_create", "batch_from_command", "batch_start", "check_batch", "import_file", "run_batch"]

Status = ImportBatch.Status


def check_can_import(by, organisation) -> None:
    if (
        not can(by, Action.IMPORT_RECORDS)
        or not organisations_to_change(by).filter(pk=organisation.pk).exists()
    ):
        raise PermissionDenied


def check_size(size: int) -> None:
    limit = settings.IMPORT_MAX_MEGABYTES
    if size > limit * 1024 * 1024:
        raise ValidationError(
            _("The file is larger than %(limit)s MB: split it into several files.") % {"limit": limit}
        )


@transaction.atomic
def batch_create(*, organisation, kind: str, file_name: str, content: bytes, by) -> ImportBatch:
    """Keep the uploaded file and queue its check; FileRefused (a ValidationError) when it cannot be
    read as a workbook at all, and nothing is kept."""
    check_can_import(by, organisation)
    if kind not in RESOURCES:
        raise ValidationError(_("Choose what the file holds."))
    check_size(len(content))
    # the file's own errors in the page's language, and its check's too
    columns = resource_for(kind, organisation=organisation, by=by).columns
    _dataset, errors, filled = prepare(columns, content)
    batch = ImportBatch.objects.create(
        organisation=organisation,
        kind=kind,
        status=Status.INVALID if errors else Status.CHECKING,
        file_name=file_name[:255],
        content=content,
        total_rows=filled,
        errors=errors,
        created_by=by,
        finished_at=timezone.now() if errors else None,
    )
    if not errors:
        # the database backend's row, in this transaction: no batch without its check
        check_import.enqueue(batch.pk, language=current_language())
    return batch


@transaction.atomic
def batch_start(*, batch: ImportBatch, by) -> ImportBatch:
    """The methodist confirms the import of a checked file: it waits for the worker."""
    check_can_import(by, batch.organisation)
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != Status.VALID:
        raise ValidationError(_("Only a checked file without errors can be imported."))
    batch.status = Status.IMPORTING
    batch.done_rows = 0
    batch.save(update_fields=["status", "done_rows"])
    # the import is saved as the one who confirmed it, its errors said in their page's language
    run_import.enqueue(batch.pk, by.pk, language=current_language())
    return batch


def batch_from_command(
    *, organisation, kind: str, file_name: str, content: bytes, by, dry_run: bool
) -> ImportBatch:
    """The ``import_records`` command's run: the page's path (kept, checked, then imported
    unless ``dry_run``), synchronously, by the server's administrator (no role asked; ``by``,
    when given, is recorded as who imported)."""
    check_size(len(content))
    columns = resource_for(kind, organisation=organisation, by=by).columns  # the command's language
    _dataset, errors, filled = prepare(columns, content)
    batch = ImportBatch.objects.create(
        organisation=organisation,
        kind=kind,
        status=Status.INVALID if errors else Status.CHECKING,
        file_name=file_name[:255],
        content=content,
        total_rows=filled,
        errors=errors,
        created_by=by,
    )
    if not errors:
        batch = check_batch(batch.pk, language=current_language())
        if batch.status == Status.VALID and not dry_run:
            ImportBatch.objects.filter(pk=batch.pk).update(status=Status.IMPORTING, done_rows=0)
            batch = run_batch(batch.pk, language=current_language())
    return batch
