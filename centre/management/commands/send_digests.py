"""python manage.py send_digests: the daily e-mail of the staff inbox (centre.inbox) to each
member of staff who asked for it in "my settings". One letter a person a day however often
it runs (docs/deploy.md: a daily timer, in the morning); none on a day when nothing waits."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from centre.inbox import send_digests


class Command(BaseCommand):
    help = "Queue the staff's daily e-mail of what waits for them (once a day per person)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Count and store the letters here rather than in the task worker.",
        )
        parser.add_argument("--date", help="The day the letters are for (YYYY-MM-DD; default: today).")

    def handle(self, *args, **options):
        day = None
        if options["date"]:
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date: {error}") from error
        queued = send_digests(day, now=options["now"])
        self.stdout.write(f"Digests queued: {queued}")
