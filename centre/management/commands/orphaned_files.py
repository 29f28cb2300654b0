from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat

from centre.files import orphaned_files


class Command(BaseCommand):
    help = (
        "List the files in MEDIA_ROOT and PRIVATE_MEDIA_ROOT that no record names "
        "(left by replaced or deleted uploads); --delete removes them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Delete the orphaned files listed.")
        parser.add_argument(
            "--min-age-minutes",
            type=int,
            default=60,
            help="Only files older than this (an upload in progress is written before its record).",
        )

    def handle(self, *args, delete=False, min_age_minutes=60, **options):
        orphans = orphaned_files(min_age_seconds=max(0, min_age_minutes) * 60)
        for orphan in orphans:
            self.stdout.write(f"{orphan.path}\t{orphan.size}")
            if delete:
                orphan.path.unlink(missing_ok=True)
        total = filesizeformat(sum(orphan.size for orphan in orphans))
        verb = "deleted" if delete else "found"
        self.stderr.write(f"{len(orphans)} orphaned file(s) {verb}, {total}.")
