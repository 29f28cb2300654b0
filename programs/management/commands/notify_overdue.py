"""python manage.py notify_overdue: mail each methodist and director the applications of their
organisations that wait for a decision past the deadline. One e-mail per person a day however
often it runs (docs/deploy.md: a daily timer, in the morning)."""

from django.core.management.base import BaseCommand

from programs.notifications import notify_overdue_staff


class Command(BaseCommand):
    help = "Mail staff the applications overdue for a decision (once a day per person)."

    def handle(self, *args, **options):
        queued = notify_overdue_staff()
        self.stdout.write(f"E-mails queued: {queued}")
