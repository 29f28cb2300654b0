"""python manage.py expire_offers: the safety net behind the offers' deadline tasks. Lapses every
open offer past its deadline (its place goes to the next in line) and sends the reminders that
are due; running it twice does nothing more the second time. Run it every few minutes from a
timer (docs/deploy.md) in case the task worker was down."""

from django.core.management.base import BaseCommand

from programs.services import expire_offers


class Command(BaseCommand):
    help = "Lapse the waiting list's offers past their deadline and send the reminders that are due."

    def handle(self, *args, **options):
        lapsed = expire_offers()
        self.stdout.write(f"Offers lapsed: {lapsed}")
