"""python manage.py send_queued_messages: the safety net behind the send task. Queues again the
e-mails and SMS that wait with no task to send them (lost between a commit and its queueing, or
by a worker killed mid-send); running it twice queues nothing more. Run it every few minutes
from a timer (docs/deploy.md)."""

from django.core.management.base import BaseCommand

from centre.tasks import queue_lost_messages


class Command(BaseCommand):
    help = "Queue again the outgoing messages that no task will send."

    def handle(self, *args, **options):
        self.stdout.write(f"Messages queued again: {queue_lost_messages()}")
