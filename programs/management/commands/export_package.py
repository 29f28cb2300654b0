"""python manage.py export_package [--since TIME] [--organisation ID] --output FILE.xml

The federal catalogue package (programs/exchange/export.py), streamed to a file: the full
catalogue, or with ``--since`` (Unix seconds, as an earlier package's ``created``, or an ISO
time) what changed after that time with tombstones of what was
deleted or unpublished; with ``--organisation`` only that organisation's programs and its
subdivisions'. The file is written beside its name and renamed when complete: a failed run
leaves no half package.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from centre.models import Organisation
from programs.exchange.export import organisation_and_subdivisions, parse_since, write_package


class Command(BaseCommand):
    help = "Write the federal catalogue package (XML) of the published catalogue to a file."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, required=True, help="The XML file to write.")
        parser.add_argument(
            "--since",
            help="Only what changed after this time: Unix seconds (an earlier package's created) "
            "or ISO 8601, e.g. 2026-09-01T10:00+03:00.",
        )
        parser.add_argument("--organisation", type=int, help="Only this organisation and its subdivisions.")

    def handle(self, *args, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self.export(**options)

    def export(self, *, output, since, organisation, **options):
        moment = None
        if since is not None:
            try:
                moment = parse_since(since)
            except ValueError as error:
                raise CommandError(
                    _(
                        "Cannot read the time «%(value)s»: write Unix seconds or ISO 8601, e.g. 2026-09-01T10:00."
                    )
                    % {"value": since}
                ) from error
        ids = None
        if organisation is not None:
            if not Organisation.objects.filter(pk=organisation).exists():
                raise CommandError(_("There is no organisation with id %(id)s.") % {"id": organisation})
            ids = organisation_and_subdivisions(organisation)
        if not output.parent.is_dir():
            raise CommandError(_("There is no such folder: %(folder)s") % {"folder": output.parent})
        partial = output.with_name(f".{output.name}.part")
        try:
            with partial.open("wb") as out:
                write_package(out, organisation_ids=ids, since=moment)
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
        if moment:
            done = _("The package of changes is written: %(file)s (%(size)s bytes).")
        else:
            done = _("The full package is written: %(file)s (%(size)s bytes).")
        self.stdout.write(done % {"file": output, "size": output.stat().st_size})
