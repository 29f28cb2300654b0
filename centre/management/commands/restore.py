"""python manage.py restore ARCHIVE [--replace]: a backup into the database in use and the media folders."""

from django.core.management.base import BaseCommand, CommandError

from centre.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore an archive made by `manage.py backup` into an empty database (or --replace)."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The .tar archive written by `manage.py backup`.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Overwrite a database that already has tables (drops the archive's objects first).",
        )

    def handle(self, *args, **options):
        try:
            manifest = restore_backup(options["archive"], replace=options["replace"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest.get("tables", {}).values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {len(manifest.get('tables', {}))} tables ({rows} rows) "
                f"backed up at {manifest.get('created')}."
            )
        )
