"""centre.notify and centre.sms: a message is stored once per key, queued only after the
transaction commits, and the worker (centre.tasks.send_message) sends it once — retrying a
failing server with a growing delay, never sending a sent message again."""

import datetime
import io
import signal
import threading
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from centre.models import OutgoingMessage
from centre.notify import send_email
from centre.sms import MemoryBackend, send_sms
from centre.tasks import queue_lost_messages, retry_delay, send_message

pytestmark = pytest.mark.django_db

RETRIED_ONE = "1 сообщение снова поставлено в очередь."
NOTICE = {
    "subject": "Заявка\nпринята",
    "lines": ["Первая строка <b>", "Вторая"],
    "url": "http://x/a?b=1&c=2",
    "url_label": "Ссылка",
}


def send_tasks():
    return DBTaskResult.objects.filter(task_path="centre.tasks.send_message")


def run_worker():
    """``manage.py db_worker --batch``: run what is ready, then stop (signal handlers restored)."""
    handlers = {
        number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def test_send_email_stores_the_rendered_message_and_queues_it_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = send_email(key="test:1", to=" parent@example.org ", template="notice", context=NOTICE)
        assert send_tasks().count() == 0  # nothing queued before the commit
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.to == "parent@example.org"
    assert message.subject == "Заявка принята"  # one header line
    assert "Первая строка <b>" in message.text  # plain text is not escaped
    assert "Это письмо отправлено автоматически" in message.text  # the layout, in Russian
    assert "Первая строка &lt;b&gt;" in message.html
    assert "http://x/a?b=1&amp;c=2" in message.html and "http://x/a?b=1&c=2" in message.text
    assert message.status == OutgoingMessage.Status.QUEUED
    assert send_tasks().get().args_kwargs["args"] == [message.pk]


def test_the_same_key_is_one_message_queued_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        first = send_email(key="test:1", to="a@example.org", template="notice", context=NOTICE)
        second = send_email(key="test:1", to="a@example.org", template="notice", context=NOTICE)
    assert first.pk == second.pk and len(callbacks) == 1
    assert OutgoingMessage.objects.count() == 1 and send_tasks().count() == 1


def test_a_rolled_back_transaction_queues_nothing(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        send_email(key="test:1", to="a@example.org", template="notice", context=NOTICE)
        raise RuntimeError
    assert callbacks == [] and OutgoingMessage.objects.count() == 0 and send_tasks().count() == 0


def test_no_address_no_message(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert send_email(key="test:1", to="", template="notice", context=NOTICE) is None
        assert send_sms(key="sms:1", to="—", text="x") is None
    assert OutgoingMessage.objects.count() == 0


def test_the_worker_sends_a_queued_email_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send_email(key="test:1", to="a@example.org", template="notice", context=NOTICE)
    assert send_message.call(message.pk) == "sent"
    assert send_message.call(message.pk) == "skipped"  # a second run of the task sends nothing
    (sent,) = mail.outbox
    assert sent.to == ["a@example.org"] and sent.subject == "Заявка принята"
    assert sent.alternatives[0].mimetype == "text/html"
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT and message.sent_at and message.attempts == 1


def test_send_sms_goes_through_the_configured_backend(settings, django_capture_on_commit_callbacks):
    settings.SMS_BACKEND = "centre.sms.MemoryBackend"
    MemoryBackend.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        message = send_sms(key="sms:1", to="8 (913) 111-22-33", text="Код: 1234")
    assert message.channel == OutgoingMessage.Channel.SMS and message.to == "79131112233"
    assert send_message.call(message.pk) == "sent"
    assert MemoryBackend.outbox == [("79131112233", "Код: 1234")]


def test_the_logging_backend_logs_the_sms(caplog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = send_sms(key="sms:1", to="+7 913 111 22 33", text="Код: 1234")
    with caplog.at_level("INFO", logger="centre.sms"):
        send_message.call(message.pk)
    assert "+79131112233: Код: 1234" in caplog.text


def test_the_retry_delay_doubles_up_to_an_hour(settings):
    settings.NOTIFY_RETRY_SECONDS = 60
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 7, 20)] == [60, 120, 240, 3600, 3600]


def stored(key="m:1", *, minutes_ago=0, **fields):
    created_at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    return OutgoingMessage.objects.create(
        key=key, to="a@example.org", text="…", created_at=created_at, **fields
    )


def test_lost_messages_are_queued_again_once():
    lost = stored("lost", minutes_ago=20)
    stored("young", minutes_ago=1)  # its task may still be on the way
    stored("sent", minutes_ago=20, status=OutgoingMessage.Status.SENT)
    stored("failed", minutes_ago=20, status=OutgoingMessage.Status.FAILED)
    waiting = stored("retry", minutes_ago=20)
    send_message.using(run_after=timezone.now() + datetime.timedelta(minutes=5)).enqueue(waiting.pk)
    dead = stored("dead worker", minutes_ago=40)
    send_message.enqueue(dead.pk)
    send_tasks().filter(args_kwargs__args=[dead.pk]).update(
        status="RUNNING", started_at=timezone.now() - datetime.timedelta(minutes=30)
    )

    assert queue_lost_messages() == 2
    assert sorted(task.args_kwargs["args"][0] for task in send_tasks().filter(status="READY")) == sorted(
        [lost.pk, waiting.pk, dead.pk]
    )
    assert queue_lost_messages() == 0  # run again: nothing more
    call_command("send_queued_messages", stdout=io.StringIO())
    assert send_tasks().filter(status="READY").count() == 3


def test_the_admin_lists_messages_filters_failed_ones_and_retries_only_those(admin_client):
    failed = stored(
        "failed", status=OutgoingMessage.Status.FAILED, subject="Не ушло", attempts=6, last_error="451"
    )
    sent = stored("sent", status=OutgoingMessage.Status.SENT, subject="Ушло", attempts=1)
    changelist = reverse("admin:centre_outgoingmessage_changelist")
    page = admin_client.get(changelist, {"status__exact": "failed"}).content.decode()
    assert "Не ушло" in page and "Ушло<" not in page
    assert admin_client.get(reverse("admin:centre_outgoingmessage_add")).status_code == 403
    detail = admin_client.get(
        reverse("admin:centre_outgoingmessage_change", args=[failed.pk])
    ).content.decode()
    assert "451" in detail and 'name="last_error"' not in detail  # shown, not editable

    response = admin_client.post(
        changelist, {"action": "retry", "_selected_action": [failed.pk, sent.pk]}, follow=True
    )
    assert [str(message) for message in response.context["messages"]] == [RETRIED_ONE]
    failed.refresh_from_db()
    sent.refresh_from_db()
    assert failed.status == OutgoingMessage.Status.QUEUED and failed.attempts == 0
    assert sent.status == OutgoingMessage.Status.SENT and sent.attempts == 1
    assert [task.args_kwargs["args"] for task in send_tasks()] == [[failed.pk]]


@pytest.mark.parametrize("role_client", ["anonymous", "parent", "methodist", "director"], indirect=True)
def test_only_an_administrator_sees_the_messages(role_client):
    stored("m", subject="Секретная ссылка")
    response = role_client.get(reverse("admin:centre_outgoingmessage_changelist"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_key_longer_than_the_column_is_still_one_message_per_key(django_capture_on_commit_callbacks):
    long_address = "a" * 180 + "@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        first = send_email(
            key=f"confirm:{long_address}:1", to="a@example.org", template="notice", context=NOTICE
        )
        again = send_email(
            key=f"confirm:{long_address}:1", to="a@example.org", template="notice", context=NOTICE
        )
        other = send_email(
            key=f"confirm:{long_address}:2", to="a@example.org", template="notice", context=NOTICE
        )
    assert first.pk == again.pk != other.pk
    assert len(first.key) == len(other.key) == 200


class SlowBackend(MemoryBackend):
    """An SMS provider that takes its time: a second sender arrives while the first sends."""

    def send(self, *, to, text):
        time.sleep(0.3)
        super().send(to=to, text=text)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_sending_one_message_at_once_send_it_once(settings):
    settings.SMS_BACKEND = "tests.centre.test_notify.SlowBackend"
    MemoryBackend.outbox.clear()
    message = send_sms(key="sms:race", to="+7 913 111 22 33", text="Место ждёт")  # autocommit: queued
    barrier = threading.Barrier(3)
    answers = []

    def worker():
        try:
            barrier.wait(timeout=10)
            answers.append(send_message.call(message.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(answers) == ["sent", "skipped", "skipped"]
    assert MemoryBackend.outbox == [("79131112233", "Место ждёт")]
    message.refresh_from_db()
    assert message.attempts == 1
