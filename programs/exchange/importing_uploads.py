"""The methodist's side of a package import: the upload (kept in the database, its check
queued for the worker) and the confirmation of the import of a checked package."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from centre.languages import current_language
from programs.exchange.importing_runs import file_problem
from programs.exchange.reading import PackageError, read_package
from programs.exchange.tasks import check_package, run_package
from programs.models import PackageImport
from programs.services.imports import check_can_import, check_size

Status = PackageImport.Status


@transaction.atomic
def package_import_create(*, organisation, file_name: str, content: bytes, by) -> PackageImport:
    """Keep the uploaded package and queue its check (the methodist's organisation only). A
    file that is no package at all (not XML, another root, a DTD) is kept as "invalid" with
    the reason, and not queued."""
    check_can_import(by, organisation)
    check_size(len(content))
    problem = None
    try:  # the reason in the page's language, and the check's report too
        read_package(content)
    except PackageError as error:
        problem = file_problem(file_name, str(error))
    package_import = PackageImport.objects.create(
        organisation=organisation,
        file_name=file_name[:255],
        content=content,
        status=Status.INVALID if problem else Status.CHECKING,
        report=problem or [],
        created_by=by,
        finished_at=timezone.now() if problem else None,
    )
    if not problem:
        # the task's row is written in this transaction: no upload without its check
        check_package.enqueue(package_import.pk, language=current_language())
    return package_import


@transaction.atomic
def package_import_start(*, package_import: PackageImport, by) -> PackageImport:
    """The methodist confirms the import of a checked package: it waits for the worker."""
    check_can_import(by, package_import.organisation)
    package_import = PackageImport.objects.select_for_update().get(pk=package_import.pk)
    if package_import.status != Status.CHECKED:
        raise ValidationError(_("Only a checked package can be imported."))
    package_import.status = Status.IMPORTING
    package_import.save(update_fields=["status"])
    run_package.enqueue(package_import.pk, by.pk, language=current_language())
    return package_import
