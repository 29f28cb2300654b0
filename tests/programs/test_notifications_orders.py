"""The parent is told when staff take the child out of a draft enrolment order (the
application goes back to the queue) and when staff end the enrolment from the group's page:
one e-mail each through the worker's path (the task queued in the service's transaction),
none when the change rolls back."""

import datetime
import signal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from centre.models import OutgoingMessage
from centre.roles import Role
from programs.models import Application, LeavingReason
from programs.notifications import Event, send_application_message
from programs.services import application_accept
from programs.services.leaving import enrolment_end, order_remove_enrolment
from tests.programs.factories import ApplicationFactory, ClubFactory, GroupFactory

pytestmark = pytest.mark.django_db

TASK = "programs.notifications.send_application_message"


@pytest.fixture
def signer(make_user):
    return make_user(Role.DIRECTOR, username="signer")


@pytest.fixture
def enrolment(signer):
    application = ApplicationFactory(
        group=GroupFactory(places=2, club=ClubFactory(name="Робоквантум")),
        child_surname="Секретов",
        child_name="Пётр",
        guardian_email="olga@example.org",
    )
    enrolment = application_accept(application=application, by=signer)
    DBTaskResult.objects.filter(task_path=TASK).delete()  # the enrolment's own message
    return enrolment


def event_tasks(event):
    return [
        row
        for row in DBTaskResult.objects.filter(task_path=TASK)
        if row.args_kwargs["kwargs"]["event"] == event
    ]


def run_tasks(capture):
    """The worker's half: the queued message tasks run, the messages stored."""
    with capture(execute=True):
        for row in DBTaskResult.objects.filter(task_path=TASK):
            send_application_message.call(**row.args_kwargs["kwargs"])


def status_url(application):
    return settings.PORTAL_URL + reverse("programs:application_status", kwargs={"token": application.token})


def test_taking_the_child_out_of_the_draft_tells_the_parent_the_application_is_back_in_the_queue(
    enrolment, signer, django_capture_on_commit_callbacks
):
    application = enrolment.application
    order_remove_enrolment(order=enrolment.order, enrolment=enrolment, by=signer)
    assert len(event_tasks(Event.ENROLMENT_UNDONE)) == 1
    run_tasks(django_capture_on_commit_callbacks)
    message = OutgoingMessage.objects.get()
    assert message.to == "olga@example.org"
    assert message.key == f"application:{application.pk}:{Event.ENROLMENT_UNDONE}:enrolment:{enrolment.pk}"
    assert message.subject == "Зачисление в «Робоквантум» отменено: Пётр"
    assert "до подписания приказа" in message.text and "снова в очереди" in message.text
    assert "Статус: новая" in message.text and status_url(application) in message.text
    assert status_url(application) in message.html
    assert "Секретов" not in message.text + message.html  # the first name only
    assert Application.objects.get(pk=application.pk).status == Application.Status.NEW


def test_enrolled_again_and_taken_out_again_is_a_second_mail(
    enrolment, signer, django_capture_on_commit_callbacks
):
    application = enrolment.application
    order_remove_enrolment(order=enrolment.order, enrolment=enrolment, by=signer)
    run_tasks(django_capture_on_commit_callbacks)
    DBTaskResult.objects.all().delete()
    again = application_accept(application=Application.objects.get(pk=application.pk), by=signer)
    order_remove_enrolment(order=again.order, enrolment=again, by=signer)
    run_tasks(django_capture_on_commit_callbacks)
    undone = OutgoingMessage.objects.filter(key__contains=Event.ENROLMENT_UNDONE)
    assert undone.count() == 2


def test_ending_the_enrolment_tells_the_parent_the_date_and_the_reason(
    enrolment, signer, django_capture_on_commit_callbacks
):
    left_on = max(enrolment.enrolled_on, datetime.date.today())
    enrolment_end(enrolment=enrolment, by=signer, reason=LeavingReason.COMPLETED, left_on=left_on)
    assert len(event_tasks(Event.ENROLMENT_ENDED)) == 1
    run_tasks(django_capture_on_commit_callbacks)
    message = OutgoingMessage.objects.get()
    assert message.subject == "Отчисление из «Робоквантум»: Пётр"
    assert "Центр завершил обучение" in message.text
    assert "Причина: в связи с окончанием обучения по программе." in message.text
    assert str(left_on.day) in message.text and status_url(enrolment.application) in message.html
    for english in ("Application", "Hello", " the ", "Reason"):
        assert english not in message.subject + message.text + message.html


def test_a_rolled_back_change_tells_nobody(enrolment, signer):
    with pytest.raises(RuntimeError), transaction.atomic():
        enrolment_end(enrolment=enrolment, by=signer, reason=LeavingReason.OTHER)
        raise RuntimeError("the request failed after the service")
    with pytest.raises(RuntimeError), transaction.atomic():
        order_remove_enrolment(order=enrolment.order, enrolment=enrolment, by=signer)
        raise RuntimeError("the request failed after the service")
    assert DBTaskResult.objects.filter(task_path=TASK).count() == 0


def test_the_group_page_s_end_tells_the_parent(
    methodist_client, enrolment, django_capture_on_commit_callbacks
):
    url = reverse("programs:staff_enrolment_end", args=[enrolment.pk])
    data = {"reason": "other", "left_on": datetime.date.today().isoformat(), "confirmed": "1"}
    assert methodist_client.post(url, data).status_code == 302
    run_tasks(django_capture_on_commit_callbacks)
    assert OutgoingMessage.objects.filter(key__contains=Event.ENROLMENT_ENDED).count() == 1


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


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_mail_of_an_ended_enrolment_reaches_the_mail_server(enrolment, signer, smtp_server):
    enrolment_end(enrolment=enrolment, by=signer, reason=LeavingReason.TRANSFER)
    run_worker()  # the event's task stores the message and queues its sending
    run_worker()
    (letter,) = smtp_server.wait_for(1)
    assert letter.to == ["olga@example.org"] and "Центр завершил обучение" in letter.text
