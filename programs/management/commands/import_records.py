"""python manage.py import_records KIND FILE.xlsx [--dry-run] [--organisation ID] [--user LOGIN]

The page's import from the command line: the file is kept as an import of the organisation,
checked row by row, and imported in one transaction unless ``--dry-run``. A file with a bad
row saves nothing: the errors are printed by row (as Excel numbers them) and the command
exits with status 1.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from centre.models import Organisation
from programs.management.lookups import user_by_login
from programs.models import ImportBatch
from programs.services.imports import batch_from_command

TOTALS = {
    "created": "новых записей",
    "reused": "уже известных детей",
    "enrolled": "зачислено",
    "lessons": "занятий",
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
        translation.activate("ru")
        if not file.is_file():
            raise CommandError(f"Нет такого файла: {file}")
        try:
            batch = batch_from_command(
                organisation=self.organisation(organisation),
                kind=kind,
                file_name=file.name,
                content=file.read_bytes(),
                by=user_by_login(user),
                dry_run=dry_run,
            )
        except ValidationError as error:  # not a workbook, too large
            raise CommandError(" ".join(error.messages)) from error
        if batch.errors:
            for problem in batch.errors:
                where = f"Строка {problem['row']}" if problem["row"] else "Файл"
                column = f", «{problem['column']}»" if problem["column"] else ""
                self.stderr.write(f"{where}{column}: {problem['message']}")
            raise CommandError(f"Ошибок: {len(batch.errors)}. Ничего не сохранено.")
        totals = ", ".join(
            f"{TOTALS.get(name, name)}: {count}" for name, count in sorted(batch.totals.items())
        )
        verb = "Проверено, ошибок нет" if dry_run else "Импортировано"
        self.stdout.write(f"{verb}: строк {batch.total_rows} ({totals}). Импорт № {batch.pk}.")

    def organisation(self, pk) -> Organisation:
        centres = Organisation.objects.filter(
            kind__in=[Organisation.Kind.CENTRE, Organisation.Kind.SUBDIVISION]
        )
        if pk is not None:
            found = centres.filter(pk=pk).first()
            if found is None:
                raise CommandError(f"Нет центра или подразделения с id {pk}.")
            return found
        if centres.count() != 1:
            raise CommandError("Укажите организацию: --organisation ID.")
        return centres.get()
