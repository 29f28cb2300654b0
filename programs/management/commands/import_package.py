"""python manage.py import_package FILE.xml [--dry-run] [--organisation ID] [--user LOGIN]

A federal package from another vendor's system, applied by uuid in one transaction, each
object in its own savepoint (programs/exchange/importing.py). With ``--organisation`` every
program goes into that organisation (as the methodist's page imports); without it, the
package's partners create or update organisations. ``--dry-run`` applies and rolls back: the
report of what importing would do. Prints one line an object (with what reading it met) and
the totals; exits with status 1 when the file cannot be read as a package at all.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from centre.languages import language_of
from centre.models import Organisation
from programs.exchange.importing import import_package
from programs.exchange.reading import PackageError
from programs.exchange.report import OBJECTS, OUTCOMES
from programs.management.lookups import user_by_login


class Command(BaseCommand):
    help = "Import a federal catalogue package (XML) by uuid; the report says what became of each object."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Apply and roll back: the report only.")
        parser.add_argument(
            "--organisation", type=int, help="Import every program into this organisation (its id)."
        )
        parser.add_argument("--user", help="The login recorded as who imported (a member of staff).")

    def handle(self, *args, file, dry_run, organisation, user, **options):
        by = user_by_login(user)
        # the report's labels and reasons in the language of the member of staff named by
        # --user (as their page would say them), else the portal's
        with translation.override(language_of(by) if by else settings.LANGUAGE_CODE):
            self.report(file, dry_run, organisation, by)

    def report(self, file, dry_run, organisation, by):
        if not file.is_file():
            raise CommandError(_("There is no such file: %(file)s") % {"file": file})
        target = self.organisation(organisation)
        try:
            result = import_package(file.read_bytes(), organisation=target, by=by, dry_run=dry_run)
        except PackageError as error:
            raise CommandError(
                _("The file cannot be read as a package: %(error)s") % {"error": error}
            ) from error
        for note in result.notes:
            self.stdout.write(_("Package: %(note)s") % {"note": note})
        for entry in result.report:
            line = f"{OBJECTS.get(entry['object'], entry['object'])} {entry['uuid']}"
            if entry["name"]:
                line += f" «{entry['name']}»"
            line += f": {OUTCOMES.get(entry['outcome'], entry['outcome'])}"
            if entry["reason"]:
                line += f" — {entry['reason']}"
            self.stdout.write(line)
            for note in entry.get("notes", ()):
                self.stdout.write(f"    {note}")
        totals = ", ".join(f"{OUTCOMES[name]}: {count}" for name, count in result.totals.items())
        if dry_run:
            done = _("Checked, nothing saved. Objects: %(count)s (%(totals)s).")
        else:
            done = _("Imported. Objects: %(count)s (%(totals)s).")
        self.stdout.write(done % {"count": len(result.report), "totals": totals})

    def organisation(self, pk):
        if pk is None:
            return None
        found = Organisation.objects.filter(pk=pk).first()
        if found is None:
            raise CommandError(_("There is no organisation with id %(id)s.") % {"id": pk})
        return found
