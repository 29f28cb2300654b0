"""Password reset (issue 13, finding 7): limited per client address and per e-mail, and the
same answer after the same work whether the e-mail belongs to an account or not — the lookup
and the mail happen in the background worker (django-tasks, database backend)."""

import re
import signal

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

pytestmark = pytest.mark.django_db


def reset(client, email, **extra):
    return client.post(reverse("password_reset"), {"email": email}, **extra)


def run_worker():
    """``manage.py db_worker --batch``: run what is queued, then stop (its signal handlers
    are put back, so the test run's Ctrl+C still works)."""
    handlers = {
        number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


def shape(queries):
    """The statements of a request, without their values (ids, times, tokens)."""
    return [re.sub(r"'[^']*'|\b\d+\b", "?", query["sql"]) for query in queries]


def test_a_known_and_an_unknown_email_get_the_same_answer_after_the_same_work(client, parent):
    with CaptureQueriesContext(connection) as known_queries:
        known = reset(client, parent.email)
    with CaptureQueriesContext(connection) as unknown_queries:
        unknown = reset(client, "nobody@example.org")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    # the same statements: neither request looks the account up, both only queue the mail
    assert shape(known_queries.captured_queries) == shape(unknown_queries.captured_queries)
    assert not any("auth_user" in query for query in shape(known_queries.captured_queries))
    assert mail.outbox == []  # nothing is sent while the visitor waits
    assert DBTaskResult.objects.filter(task_path="centre.tasks.send_password_reset").count() == 2
    done = client.get(known["Location"]).content.decode()
    assert "Если учётная запись с этим адресом существует" in done


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_sends_the_link_to_the_account_and_nothing_for_an_unknown_email(client, parent):
    reset(client, parent.email.upper())
    reset(client, "nobody@example.org")
    run_worker()
    assert [message.to for message in mail.outbox] == [[parent.email]]
    letter = mail.outbox[0]
    assert letter.subject == "Восстановление пароля на портале центра"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", letter.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    statuses = set(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_sixth_reset_for_one_email_in_an_hour_sends_nothing(client, parent, settings):
    settings.PASSWORD_RESET_RATE_PER_HOUR = 5
    answers = [reset(client, parent.email, REMOTE_ADDR=f"192.0.2.{index}") for index in range(6)]
    # every request, the sixth too, gets the same page: the limit tells nothing about the account
    assert {answer.status_code for answer in answers} == {302}
    assert {answer["Location"] for answer in answers} == {reverse("password_reset_done")}
    run_worker()
    assert len(mail.outbox) == 5
    # the count is per address of the account, however it is typed; another account is unaffected
    reset(client, f"  {parent.email.upper()}", REMOTE_ADDR="192.0.2.99")
    reset(client, "someone-else@example.org", REMOTE_ADDR="192.0.2.99")
    assert DBTaskResult.objects.count() == 6


def test_one_client_address_beyond_its_hourly_limit_gets_429(client, settings):
    settings.PASSWORD_RESET_ADDRESS_RATE_PER_HOUR = 3
    for index in range(3):
        assert reset(client, f"person{index}@example.org").status_code == 302
    blocked = reset(client, "person9@example.org")
    assert blocked.status_code == 429
    assert 'id="too-many-requests"' in blocked.content.decode()
    assert 0 < int(blocked["Retry-After"]) <= 3600
    assert DBTaskResult.objects.count() == 3
    assert reset(client, "person9@example.org", REMOTE_ADDR="192.0.2.50").status_code == 302
    assert client.get(reverse("password_reset")).status_code == 200  # reading the form is free


def test_a_bad_email_is_a_form_error_and_queues_nothing(client):
    response = reset(client, "not-an-address")
    assert response.status_code == 200
    assert response.context["form"].errors["email"]
    assert DBTaskResult.objects.count() == 0
