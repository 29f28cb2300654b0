"""python manage.py import_records KIND FILE.xlsx [--dry-run] [--organisation ID] [--user LOGIN]

The page's import from the command line: the file is kept as an import of the organisation,
checked row by row, and imported in one transaction unless ``--dry-run``. A file with a bad
row saves nothing: the errors are printed by row (as Excel numbers them) and the command
exits with status 1.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centre.languages import language_of
from centre.models import Organisation
from programs.management.lookups import user_by_login
from programs.models import ImportBatch
from programs.services.imports import batch_from_command

# the totals as the batch's page says them (templates/programs/staff/imports/_totals.html)
TOTALS = {
    "created": gettext_lazy("new records: %(count)s"),
    "reused": gettext_lazy("children already known, with the same parent: %(count)s"),
    "enrolled": gettext_lazy("enrolled into groups, by the enrolment order: %(count)s"),
    "lessons": gettext_lazy("lessons in the schedules: %(count)s"),
}


class Command(BaseCommand):
    help = "Import programs, groups or learners from an XLSX file (nothing is saved if a row is bad)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=ImportBatch.Kind.values)
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check every row, save nothing.")
        parser.add_argument(
            "--organisation", type=int, help="The organisation's id (needed when there are several centres)."
        )
        parser.add_argument("--user", help="The login recorded as who imported (a member of staff).")

    def handle(self, *args, kind, file, dry_run, organisation, user, **options):
        by = user_by_login(user)
        # the report (and the errors kept on the batch) in the language of the member of staff
        # named by --user, else the portal's
        with translation.override(language_of(by) if by else settings.LANGUAGE_CODE):
            self.report(kind, file, dry_run, organisation, by)

    def report(self, kind, file, dry_run, organisation, by):
        if not file.is_file():
            raise CommandError(_("There is no such file: %(file)s") % {"file": file})
        try:
            batch = batch_from_command(
                organisation=self.organisation(organisation),
                kind=kind,
                file_name=file.name,
                content=file.read_bytes(),
                by=by,
                dry_run=dry_run,
            )
        except ValidationError as error:  # not a workbook, too large
            raise CommandError(" ".join(error.messages)) from error
        if batch.errors:
            for problem in batch.errors:
                where = _("Row %(row)s") % {"row": problem["row"]} if problem["row"] else _("File")
                column = f", «{problem['column']}»" if problem["column"] else ""
                self.stderr.write(f"{where}{column}: {problem['message']}")
            raise CommandError(_("Errors: %(count)s. Nothing was saved.") % {"count": len(batch.errors)})
        totals = ", ".join(
            str(TOTALS[name] % {"count": count}) if name in TOTALS else f"{name}: {count}"
            for name, count in sorted(batch.totals.items())
        )
        if dry_run:
            done = _("Checked, no errors: rows %(rows)s (%(totals)s). Import no. %(number)s.")
        else:
            done = _("Imported: rows %(rows)s (%(totals)s). Import no. %(number)s.")
        self.stdout.write(done % {"rows": batch.total_rows, "totals": totals, "number": batch.pk})

    def organisation(self, pk) -> Organisation:
        centres = Organisation.objects.filter(
            kind__in=[Organisation.Kind.CENTRE, Organisation.Kind.SUBDIVISION]
        )
        if pk is not None:
            found = centres.filter(pk=pk).first()
            if found is None:
                raise CommandError(_("There is no centre or subdivision with id %(id)s.") % {"id": pk})
            return found
        if centres.count() != 1:
            raise CommandError(_("Name the organisation: --organisation ID."))
        return centres.get()
