"""python manage.py backup [--output FILE]: the database and both media folders in one archive."""

from django.core.management.base import BaseCommand, CommandError

from centre.backup import BackupError, create_backup


class Command(BaseCommand):
    help = "Back up the database in use (pg_dump, custom format) with MEDIA_ROOT and PRIVATE_MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Archive to write (default: var/backups/portal-<time>.tar).")

    def handle(self, *args, **options):
        try:
            path = create_backup(options["output"])
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Backup written: {path}"))
