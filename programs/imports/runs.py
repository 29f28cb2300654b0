"""Checking and importing a kept file (the worker's tasks and the command run these): the
rows through the kind's resource, the count of rows done written as they go, the errors and
totals kept on the batch, in the language of the member of staff who started the run (the
page's they uploaded or confirmed on, else the language they chose, else the portal's)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from centre.languages import current_language, language_of
from programs.imports.base import Outcome, prepare, run_import
from programs.imports.kinds import resource_for
from programs.imports.progress import Progress
from programs.models import ImportBatch

Status = ImportBatch.Status


def import_file(
    *,
    kind: str,
    content: bytes,
    organisation,
    by,
    dry_run: bool,
    source: str = "",
    progress=None,
    language: str | None = None,
) -> Outcome:
    """Check (``dry_run``) or import a file of this kind into the organisation as the user:
    the errors by row (in ``language``, the active one unless told), and the totals of what
    was saved. FileRefused when it is no workbook."""
    with translation.override(language or current_language()):
        resource = resource_for(kind, organisation=organisation, by=by, source=source)
        dataset, errors, filled = prepare(resource.columns, content)
        if errors:
            return Outcome(errors=errors, rows=filled)
        resource.progress = progress
        return run_import(resource, dataset, dry_run=dry_run, filled=filled)


def _run(batch: ImportBatch, *, dry_run: bool, by=None, language: str) -> Outcome:
    progress = Progress(batch.pk)
    try:
        return import_file(
            kind=batch.kind,
            content=bytes(batch.content),
            organisation=batch.organisation,
            by=by or batch.created_by,
            dry_run=dry_run,
            source=batch.file_name,
            progress=progress,
            language=language,
        )
    finally:
        progress.close()


def _finish(
    batch: ImportBatch, status: str, outcome: Outcome, now: datetime.datetime | None = None
) -> ImportBatch:
    batch.status = status
    batch.errors = outcome.errors
    batch.totals = outcome.totals
    batch.done_rows = outcome.rows if outcome.ok else batch.done_rows
    batch.finished_at = now or timezone.now()
    batch.save(update_fields=["status", "errors", "totals", "done_rows", "finished_at"])
    return batch


def check_batch(batch_id: int, language: str | None = None) -> ImportBatch | None:
    """Check the batch waiting to be checked (the worker's task); None when there is none. Its
    errors in ``language`` (the upload's page's), else the uploader's chosen one."""
    batch = ImportBatch.objects.select_related("organisation", "created_by").filter(pk=batch_id).first()
    if batch is None or batch.status != Status.CHECKING:
        return None
    ImportBatch.objects.filter(pk=batch.pk).update(done_rows=0)
    outcome = _run(batch, dry_run=True, language=language or language_of(batch.created_by))
    return _finish(batch, Status.VALID if outcome.ok else Status.INVALID, outcome, None)


def run_batch(
    batch_id: int, started_by_id: int | None = None, language: str | None = None
) -> ImportBatch | None:
    """Import the confirmed batch (the worker's task): every row saved, or none and the
    errors kept (the data changed since the check). None when no batch waits. The records
    are saved as the member of staff who confirmed the import (their history names them),
    the uploader when not given."""
    batch = ImportBatch.objects.select_related("organisation", "created_by").filter(pk=batch_id).first()
    if batch is None or batch.status != Status.IMPORTING:
        return None
    try:
        started_by = get_user_model().objects.filter(pk=started_by_id).first() if started_by_id else None
        language = language or language_of(started_by or batch.created_by)
        outcome = _run(batch, dry_run=False, by=started_by, language=language)
    except Exception:
        with translation.override(language or language_of(batch.created_by)):
            message = _("The import failed; nothing was saved.")
        _finish(batch, Status.FAILED, Outcome(errors=[{"row": None, "column": "", "message": message}]))
        raise
    return _finish(batch, Status.DONE if outcome.ok else Status.FAILED, outcome)
