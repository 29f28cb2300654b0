"""The rush with notifications on: a mail sink and one task worker started by the benchmark,
and the queue's delay (a submission stored → its mail handed to the SMTP server).

Each rush submission carries its own e-mail address, so each one queues a message: its
transaction stores one task row (``send_application_message``); the worker runs it, which
renders and stores the mail (an OutgoingMessage) and queues ``send_message``, which hands the
mail to the SMTP server. The worker is ``manage.py db_worker`` as ``make run`` and
docs/deploy.md start it, one process, its mail pointed at an aiosmtpd sink on 127.0.0.1
(tests/smtp.py's). After the rush the worker is given time to drain the queue; the delay of
each submission is ``OutgoingMessage.sent_at`` (set right after the SMTP server accepted the
mail) minus ``Application.created_at``."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
RUSH_EMAIL_DOMAIN = "rush.example.org"
# a submission queues the first (it renders and stores the mail), which queues the second
MAKE_TASK = "programs.notifications.send_application_message"
SEND_TASK = "centre.tasks.send_message"
DRAIN_SECONDS = int(os.environ.get("BENCH_DRAIN_SECONDS", "180"))


class Notifications:
    """The sink and the worker for one rush: ``start()``, the rush, ``finish(club_id)``."""

    def __init__(self, out: Path):
        self.out = out
        self.sink = None
        self.worker = None
        self.started_at = None

    def start(self):
        sys.path.insert(0, str(BASE))
        from tests.smtp import SMTPSink

        self.sink = SMTPSink().start()
        env = {**os.environ, **self.sink.environ(), "NOTIFY_SMTP_TIMEOUT": "10"}
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.log = open(self.out / "worker.log", "w")  # noqa: SIM115
        self.worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--no-reload",
                "--interval",
                "1",
                "--no-startup-delay",
            ],
            cwd=BASE,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self.started_at = time.time()
        return self

    def stop(self):
        if self.worker is not None and self.worker.poll() is None:
            os.killpg(self.worker.pid, signal.SIGTERM)
            try:
                self.worker.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.worker.pid, signal.SIGKILL)
        if self.sink is not None:
            self.sink.stop()

    def finish(self, club_id: int, rush_ended_at: float) -> dict:
        """Wait for the rush's messages to leave (at most DRAIN_SECONDS), stop, and measure.
        Requests still in the server when locust stopped may queue messages a little later:
        the queue counts as drained when nothing is queued and no message came for 2 s."""
        from django_tasks_db.models import DBTaskResult

        from centre.models import OutgoingMessage

        messages = OutgoingMessage.objects.filter(to__endswith="@" + RUSH_EMAIL_DOMAIN)
        pending = DBTaskResult.objects.filter(
            task_path__in=[MAKE_TASK, SEND_TASK], status__in=["READY", "RUNNING"]
        )
        deadline = time.monotonic() + DRAIN_SECONDS
        seen, quiet_since = -1, time.monotonic()
        while time.monotonic() < deadline and self.worker.poll() is None:
            count = messages.count()
            if count != seen:
                seen, quiet_since = count, time.monotonic()
            busy = pending.exists() or messages.filter(status=OutgoingMessage.Status.QUEUED).exists()
            if not busy and time.monotonic() - quiet_since >= 2:
                break
            time.sleep(0.5)
        drained_after = round(time.time() - rush_ended_at, 1)
        alive = self.worker.poll() is None  # a dead worker's log (worker.log) says why
        self.stop()
        return measure(club_id, messages, self.sink, drained_after, worker_alive=alive)


def percentile(values, share):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(club_id, messages, sink, drained_after, *, worker_alive=True):
    from collections import Counter

    from centre.models import OutgoingMessage
    from programs.models import Application

    submitted = dict(
        Application.objects.filter(group__club_id=club_id, guardian_email__endswith="@" + RUSH_EMAIL_DOMAIN)
        .values_list("guardian_email", "created_at")
        .iterator()
    )
    # the first message to each address is its submission's (an accept's mail comes after it)
    first_sent, times = {}, []
    for to, sent_at in (
        messages.filter(status=OutgoingMessage.Status.SENT).order_by("sent_at").values_list("to", "sent_at")
    ):
        first_sent.setdefault(to, sent_at)
        times.append(sent_at)
    span = (times[-1] - times[0]).total_seconds() if len(times) > 1 else 0
    delays = [
        (first_sent[address] - created_at).total_seconds()
        for address, created_at in submitted.items()
        if address in first_sent
    ]
    letters = sink.messages
    per_message = Counter((tuple(letter.rcpt_tos), letter.subject) for letter in letters)
    statuses = Counter(messages.values_list("status", flat=True))
    return {
        "submissions_with_email": len(submitted),
        "messages": sum(statuses.values()),
        "sent": statuses.get(OutgoingMessage.Status.SENT, 0),
        "queued_left": statuses.get(OutgoingMessage.Status.QUEUED, 0),
        "failed": statuses.get(OutgoingMessage.Status.FAILED, 0),
        "received_by_smtp": len(letters),
        "duplicated": sum(count - 1 for count in per_message.values() if count > 1),
        "without_mail": len(set(submitted) - set(first_sent)),
        "delay_p50_s": _round(percentile(delays, 0.5)),
        "delay_p95_s": _round(percentile(delays, 0.95)),
        "delay_max_s": _round(max(delays) if delays else None),
        # the worker's pace while it had mail to send (first to last handed over)
        "sent_per_second": round(len(times) / span, 1) if span else None,
        "drained_after_rush_s": drained_after,
        "worker_alive": worker_alive,
    }


def _round(value):
    return None if value is None else round(value, 2)


def markdown(queue: dict) -> str:
    if not queue:
        return ""
    return (
        f"Notifications during the rush: {queue['messages']} messages for "
        f"{queue['submissions_with_email']} submissions with an e-mail, {queue['sent']} handed to SMTP "
        f"({queue['received_by_smtp']} received, {queue['duplicated']} duplicated), {queue['queued_left']} "
        f"still queued, {queue['failed']} failed, {queue['without_mail']} submissions without a mail; "
        f"delay from submission to SMTP p50 {queue['delay_p50_s']} s, p95 {queue['delay_p95_s']} s, "
        f"max {queue['delay_max_s']} s; one worker sent {queue['sent_per_second']} a second (the queue was empty "
        f"{queue['drained_after_rush_s']} s after the rush ended)."
    )
