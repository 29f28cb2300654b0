"""Background work (django-tasks, database backend; the worker is ``manage.py db_worker``)."""

import datetime
import logging
import smtplib

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from centre.models import OutgoingMessage

logger = logging.getLogger(__name__)

MAX_RETRY_DELAY = datetime.timedelta(hours=1)
# a queued message older than this with no task to send it was lost (see queue_lost_messages)
LOST_AFTER = datetime.timedelta(minutes=10)


@task()
def send_password_reset(*, email: str, domain: str, use_https: bool, language: str) -> None:
    """Mail a password-reset link to the accounts of ``email``, if there are any.

    The account lookup happens here, in the worker, and not in the request: the reset page
    does the same work and answers in the same time whether the address is known or not."""
    form = PasswordResetForm({"email": email})
    if not form.is_valid():
        return
    with translation.override(language):
        form.save(
            domain_override=domain,
            use_https=use_https,
            subject_template_name="registration/password_reset_subject.txt",
            email_template_name="registration/password_reset_email.html",
        )


def retry_delay(attempts: int) -> datetime.timedelta:
    """The wait after the ``attempts``-th failed try: NOTIFY_RETRY_SECONDS, doubling, at most an hour."""
    return min(
        datetime.timedelta(seconds=settings.NOTIFY_RETRY_SECONDS * 2 ** (attempts - 1)), MAX_RETRY_DELAY
    )


def deliver(message: OutgoingMessage) -> None:
    """Hand the message to the mail server or the SMS backend; raises when they refuse."""
    if message.channel == OutgoingMessage.Channel.SMS:
        import_string(settings.SMS_BACKEND)().send(to=message.to, text=message.text)
        return
    # EMAIL_TIMEOUT when the deployment sets one; a worker never hangs on a silent server
    connection = get_connection(timeout=settings.EMAIL_TIMEOUT or settings.NOTIFY_SMTP_TIMEOUT)
    mail = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"Auto-Submitted": "auto-generated"},
        connection=connection,
    )
    if message.html:
        mail.attach_alternative(message.html, "text/html")
    mail.send()


def is_permanent(error: Exception) -> bool:
    """The mail server refused this message itself (a 5xx answer to the address or the
    text): trying it again will not help. A refused login or sender is the deployment's
    fault, not the message's: those are retried."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _answer in error.recipients.values())
    return isinstance(error, smtplib.SMTPDataError) and error.smtp_code >= 500


@task()
def send_message(message_id: int) -> str:
    """Send the stored message ``message_id`` unless it is sent (or failed) already.

    The row is locked while it is sent, so two runs of this task (a retry and an
    administrator's retry, two workers) never send it twice. A failure is recorded on the row
    and the task queues itself again after a growing delay (django-tasks does not retry), up
    to NOTIFY_MAX_ATTEMPTS tries (one, when the server refuses the message for good); then
    the row is FAILED and waits for an administrator."""
    with transaction.atomic():
        message = OutgoingMessage.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status != OutgoingMessage.Status.QUEUED:
            return "skipped"
        message.attempts += 1
        try:
            deliver(message)
        except Exception as error:  # whatever the server or provider raised: recorded, retried
            message.last_error = f"{type(error).__name__}: {error}"[:2000]
            if message.attempts >= settings.NOTIFY_MAX_ATTEMPTS or is_permanent(error):
                message.status = OutgoingMessage.Status.FAILED
                logger.error("Message %s failed after %s attempts: %s", message.pk, message.attempts, error)
            else:
                # queued in this transaction (the database backend's row): the retry and the
                # attempt's record are saved together or not at all
                run_after = timezone.now() + retry_delay(message.attempts)
                send_message.using(run_after=run_after).enqueue(message.pk)
                logger.warning(
                    "Message %s not sent (attempt %s), retrying: %s", message.pk, message.attempts, error
                )
            message.save(update_fields=["attempts", "last_error", "status"])
            return message.status
        message.status = OutgoingMessage.Status.SENT
        message.sent_at = timezone.now()
        message.save(update_fields=["attempts", "status", "sent_at"])
        return message.status


def retry_messages(messages) -> int:
    """Queue the given failed messages again with a fresh count of attempts (the admin's
    action); sent ones are never touched. How many were queued."""
    queued = 0
    with transaction.atomic():
        for message in messages.select_for_update().filter(status=OutgoingMessage.Status.FAILED):
            message.status = OutgoingMessage.Status.QUEUED
            message.attempts = 0
            message.save(update_fields=["status", "attempts"])
            send_message.enqueue(message.pk)
            queued += 1
    return queued


def queue_lost_messages(now: datetime.datetime | None = None) -> int:
    """Queue again every message still waiting after LOST_AFTER that no task will send: its
    queueing after the commit failed (the database went away just then) or the worker died
    while sending it (its task stays RUNNING). The safety net run from a timer
    (``manage.py send_queued_messages``); how many were queued."""
    now = now or timezone.now()
    since = now - LOST_AFTER
    alive = DBTaskResult.objects.filter(task_path=send_message.module_path).filter(
        Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING, started_at__gte=since)
    )
    pending = {
        task.args_kwargs["args"][0] for task in alive.only("args_kwargs") if task.args_kwargs.get("args")
    }
    lost = (
        OutgoingMessage.objects.filter(status=OutgoingMessage.Status.QUEUED, created_at__lt=since)
        .exclude(pk__in=pending)
        .values_list("pk", flat=True)
    )
    queued = 0
    for message_id in lost:
        send_message.enqueue(message_id)
        queued += 1
    return queued
