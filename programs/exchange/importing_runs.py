"""Checking and importing an uploaded package (the worker's tasks run these; the upload and
the confirmation are programs/exchange/importing_uploads.py).

The worker checks an upload (``check_package_import``): the whole import run and rolled back, so the
report shows what importing would do object by object. Once the methodist confirms it,
the worker imports it (``run_package_import``): the same run, committed, its own report
replacing the check's (the portal may have changed meanwhile). Reasons are written in the
language of the member of staff who started the run (the page's they uploaded or confirmed
on, else the language they chose), whatever the worker's."""

from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy

from centre.languages import language_of
from programs.exchange.importing import import_package
from programs.exchange.reading import PackageError
from programs.models import PackageImport

Status = PackageImport.Status


def file_problem(file_name: str, message: str) -> list:
    """A report of a file that cannot be read: one entry, the file itself."""
    return [{"object": "package", "uuid": "", "name": file_name, "outcome": "skipped", "reason": message}]


def _apply(package_import: PackageImport, *, dry_run: bool, by=None, language: str):
    with translation.override(language):
        return import_package(
            bytes(package_import.content),
            organisation=package_import.organisation,
            by=by or package_import.created_by,
            dry_run=dry_run,
        )


def _finish(package_import, status, report, totals) -> PackageImport:
    package_import.status = status
    package_import.report = report
    package_import.totals = totals
    package_import.finished_at = timezone.now()
    package_import.save(update_fields=["status", "report", "totals", "finished_at"])
    return package_import


def check_package_import(pk: int, language: str | None = None) -> PackageImport | None:
    """Check the package waiting to be checked (the worker's task); None when none waits."""
    package_import = _waiting(pk, Status.CHECKING)
    if package_import is None:
        return None
    return _run(
        package_import,
        dry_run=True,
        by=None,
        language=language or language_of(package_import.created_by),
        unreadable=Status.INVALID,
        done=Status.CHECKED,
        failed=gettext_lazy("The check failed; nothing was saved."),
    )


def file_notes(file_name: str, notes: list) -> list:
    return [
        {
            "object": "package",
            "uuid": "",
            "name": file_name,
            "outcome": "unchanged",
            "reason": "",
            "notes": notes,
        }
    ]


def run_package_import(
    pk: int, started_by_id: int | None = None, language: str | None = None
) -> PackageImport | None:
    """Import the confirmed package (the worker's task), as the member of staff who
    confirmed it; None when none waits."""
    package_import = _waiting(pk, Status.IMPORTING)
    if package_import is None:
        return None
    by = get_user_model().objects.filter(pk=started_by_id).first() if started_by_id else None
    return _run(
        package_import,
        dry_run=False,
        by=by,
        language=language or language_of(by or package_import.created_by),
        unreadable=Status.FAILED,
        done=Status.DONE,
        failed=gettext_lazy("The import failed; nothing was saved."),
    )


def _waiting(pk: int, status: str) -> PackageImport | None:
    package_import = PackageImport.objects.select_related("organisation", "created_by").filter(pk=pk).first()
    return package_import if package_import is not None and package_import.status == status else None


def _run(
    package_import: PackageImport, *, dry_run: bool, by, language: str, unreadable: str, done: str, failed
) -> PackageImport:
    """Apply (or check) the package and keep its report; a file that is not a package ends
    ``unreadable``, and any other error ends ``failed`` with that message — never left
    "being checked" or "being imported" for ever (the worker logs the error)."""
    try:
        result = _apply(package_import, dry_run=dry_run, by=by, language=language)
    except PackageError as error:
        return _finish(package_import, unreadable, file_problem(package_import.file_name, str(error)), {})
    except Exception:
        with translation.override(language):
            message = str(failed)
        _finish(package_import, Status.FAILED, file_problem(package_import.file_name, message), {})
        raise
    report = result.report
    if result.notes:
        report = file_notes(package_import.file_name, result.notes) + report
    return _finish(package_import, done, report, result.totals)
