"""The test SMTP server (tests/smtp.py) itself: Django's mail reaches it over a socket, the
switch refuses deliveries with a temporary failure and lets them through again."""

import smtplib

import pytest
from django.core.mail import EmailMultiAlternatives, get_connection, send_mail
from django.urls import reverse
from django_tasks_db.models import DBTaskResult


def test_a_mail_sent_by_django_arrives_with_its_text_and_html(smtp_server):
    # a subject long enough to be folded into several encoded words
    subject = "Пётр is enrolled in «Робоквантум»: заявка № 12"
    letter = EmailMultiAlternatives(subject, "Ссылка: http://x/s/abc/", to=["parent@example.org"])
    letter.attach_alternative("<p>Ссылка: <a href='http://x/s/abc/'>статус</a></p>", "text/html")
    assert letter.send() == 1

    (received,) = smtp_server.wait_for(1)
    assert received.subject == subject
    assert received.to == received.rcpt_tos == ["parent@example.org"]
    assert "http://x/s/abc/" in received.text
    assert "<a href='http://x/s/abc/'>" in received.html
    assert smtp_server.to("PARENT@example.org") == [received]


def test_a_refusing_server_fails_the_send_and_counts_it_then_accepts_again(smtp_server):
    smtp_server.refuse()
    with pytest.raises(smtplib.SMTPDataError) as refused:
        send_mail("Первое", "текст", None, ["a@example.org"])
    assert refused.value.smtp_code == 451
    assert smtp_server.refused == 1 and smtp_server.messages == []

    smtp_server.accept()
    send_mail("Второе", "текст", None, ["a@example.org"])
    assert [letter.subject for letter in smtp_server.wait_for(1)] == ["Второе"]


def test_wait_for_names_what_arrived_when_it_times_out(smtp_server):
    with pytest.raises(AssertionError, match="got 0"):
        smtp_server.wait_for(1, timeout=0.2)


def test_a_stopped_server_refuses_the_connection(smtp_server):
    smtp_server.stop()
    with pytest.raises(OSError):
        get_connection(timeout=2).open()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_task_worker_thread_sends_a_queued_mail_through_the_server(
    client, parent, smtp_server, task_worker
):
    client.post(reverse("password_reset"), {"email": parent.email})
    (letter,) = smtp_server.wait_for(1)
    assert letter.rcpt_tos == [parent.email]
    assert "/accounts/reset/" in letter.text
    task_worker.wait_idle()
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


def test_wait_for_one_recipient_ignores_the_others(smtp_server):
    send_mail("Другому", "текст", None, ["other@example.org"])
    send_mail("Тебе", "текст", None, ["me@example.org"])
    assert [letter.subject for letter in smtp_server.wait_for(1, to="ME@example.org")] == ["Тебе"]
    with pytest.raises(AssertionError, match="to me@example.org"):
        smtp_server.wait_for(2, timeout=0.2, to="me@example.org")
