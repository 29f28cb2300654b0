"""programs.notifications: the parent's e-mail for every event of an application — one task
row queued in the service's transaction (nothing rendered there), the message made and sent by
the worker, never failing the service, one message per event, nothing about the child but the
first name."""

import datetime
import io
import signal

import pytest
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from centre.models import OutgoingMessage
from centre.sms import MemoryBackend
from centre.tasks import send_message
from programs.models import Application, LeaveRequest, Offer
from programs.notifications import (
    SMS_EVENTS,
    Event,
    forget_application_messages,
    notify_applicant,
    notify_overdue_staff,
    send_application_message,
)
from programs.services import application_accept
from tests.factories import OrganisationFactory
from tests.programs.factories import ApplicationFactory, ClubFactory, catalogue_group
from tests.programs.helpers import form_data
from tests.smtp import PERMANENT_FAILURE

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return catalogue_group(club=ClubFactory(name="Робоквантум", slug="robots"), places=10)


@pytest.fixture
def application(group):
    return ApplicationFactory(
        group=group,
        child_surname="Секретов",
        child_name="Пётр",
        child_patronymic="Тайнович",
        child_birth_date=datetime.date(timezone.localdate().year - 10, 3, 17),
        guardian_email="olga@example.org",
    )


def offer_for(application, **fields):
    now = timezone.now()
    fields = {"offered_at": now, "expires_at": now + datetime.timedelta(hours=48), **fields}
    return Offer.objects.create(application=application, group=application.group, **fields)


def context_for(event, application, methodist):
    """What each service passes with the event."""
    if event in (Event.OFFERED, Event.OFFER_EXPIRING, Event.OFFER_LAPSED):
        return {"offer": offer_for(application)}
    if event in (Event.LEAVE_APPROVED, Event.LEAVE_REFUSED):
        enrolment = application_accept(application=application, by=methodist)
        event_tasks().delete()  # the enrolment's own message is not this test's
        leave = LeaveRequest.objects.create(
            enrolment=enrolment, reason="переезд", staff_comment="Ждём вас снова"
        )
        return {"leave_request": leave}
    if event == Event.WAITING:
        return {"place": 3}
    if event == Event.REJECTED:
        return {"reason": "Группа для другого возраста"}
    return {}


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


def send_tasks():
    return DBTaskResult.objects.filter(task_path="centre.tasks.send_message")


def event_tasks():
    return DBTaskResult.objects.filter(task_path="programs.notifications.send_application_message")


def make_messages():
    """Run the queued event tasks as the worker would (inside this test's transaction)."""
    for result in event_tasks().filter(status="READY"):
        send_application_message.call(**result.args_kwargs["kwargs"])
        result.delete()


def notified(application, event, **context):
    """notify_applicant, then the worker's half: the stored messages."""
    notify_applicant(application, event, **context)
    make_messages()


@pytest.mark.parametrize("event", list(Event))
def test_every_event_is_one_email_with_the_first_name_the_number_and_the_private_link(
    event, application, methodist, django_capture_on_commit_callbacks
):
    context = context_for(event, application, methodist)
    with django_capture_on_commit_callbacks(execute=True):
        notified(application, event, **context)
    message = OutgoingMessage.objects.get(channel=OutgoingMessage.Channel.EMAIL)
    status_url = settings.PORTAL_URL + reverse(
        "programs:application_status", kwargs={"token": application.token}
    )
    assert message.to == "olga@example.org"
    assert message.key.startswith(f"application:{application.pk}:{event}")
    assert message.subject and "\n" not in message.subject
    for body in (message.text, message.html):
        assert "Пётр" in body
        assert application.number in body
        assert status_url in body
        assert "«Робоквантум»" in body
        # nothing about the child beyond the first name
        for secret in ("Секретов", "Тайнович", "17.03", "17 марта", str(application.child_birth_date)):
            assert secret not in body and secret not in message.subject
    assert "<p" in message.html and "<p" not in message.text
    # in Russian: no English sentence left untranslated
    assert message.text.startswith("Здравствуйте!") and "Статус заявки" in message.text
    for english in ("Application", "Hello", " the ", " is ", "Status"):
        assert english not in message.subject + message.text + message.html
    # one task a message (an offer's event is an SMS too)
    assert send_tasks().count() == OutgoingMessage.objects.count() == (2 if event in SMS_EVENTS else 1)


def test_the_events_details_are_in_the_text(application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notified(application, Event.WAITING, place=3)
        notified(application, Event.REJECTED, reason="Группа для другого возраста")
        offer = offer_for(application, expires_at=timezone.now() + datetime.timedelta(days=2))
        notified(application, Event.OFFERED, offer=offer)
    texts = {m.key.split(":")[2]: m.text for m in OutgoingMessage.objects.filter(channel="email")}
    assert "место в очереди — 3." in texts["waiting"]
    assert "Группа для другого возраста" in texts["rejected"]
    deadline = timezone.localtime(offer.expires_at)
    assert f"{deadline:%H:%M}" in texts["offered"] and str(deadline.day) in texts["offered"]


def test_an_offer_is_also_an_sms_and_each_offer_its_own_message(
    application, settings, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "centre.sms.MemoryBackend"
    MemoryBackend.outbox.clear()
    first, second = offer_for(application, status=Offer.Status.LAPSED), offer_for(application)
    with django_capture_on_commit_callbacks(execute=True):
        notified(application, Event.OFFERED, offer=first)
        notified(application, Event.OFFERED, offer=first)  # the same event again: no second mail
        notified(application, Event.OFFERED, offer=second)
    assert OutgoingMessage.objects.filter(channel="email").count() == 2
    sms = OutgoingMessage.objects.filter(channel="sms")
    assert sms.count() == 2
    for message in OutgoingMessage.objects.all():
        send_message.call(message.pk)
    assert len(mail.outbox) == 2 and len(MemoryBackend.outbox) == 2
    to, text = MemoryBackend.outbox[0]
    assert to.startswith("7") and application.get_status_url() in text and "Секретов" not in text


def test_no_email_address_no_mail(group, django_capture_on_commit_callbacks):
    application = ApplicationFactory(group=group, guardian_email="")
    with django_capture_on_commit_callbacks(execute=True):
        notified(application, Event.SUBMITTED)
    assert OutgoingMessage.objects.count() == 0


def test_submitting_the_form_queues_one_task_and_renders_and_sends_nothing_in_the_request(
    client, group, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("programs:apply", kwargs={"slug": group.club.slug, "group_id": group.pk}),
            form_data(group),
        )
    assert response.status_code == 302
    application = Application.objects.get()
    assert OutgoingMessage.objects.count() == 0 and mail.outbox == []  # the worker's work
    (queued,) = event_tasks()
    assert queued.args_kwargs["kwargs"]["key"] == f"application:{application.pk}:submitted"
    assert "Соколов" not in str(queued.args_kwargs)  # the task row carries ids, not the child's data

    application.status = Application.Status.ACCEPTED  # decided before the worker got to it
    application.save()
    with django_capture_on_commit_callbacks(execute=True):
        make_messages()
    message = OutgoingMessage.objects.get()
    assert message.to == "irina@example.org"
    assert str(Application.Status.NEW.label) in message.text  # the status the event had
    assert send_tasks().get().args_kwargs["args"] == [message.pk]
    send_message.call(message.pk)
    (sent,) = mail.outbox
    assert application.number in sent.body and "Миша" in sent.body and "Соколов" not in sent.body


def test_queueing_that_fails_never_fails_the_callers_transaction(application, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("broken")

    monkeypatch.setattr("programs.notifications.message_key", broken)
    with transaction.atomic():
        notify_applicant(application, Event.WAITING)
        # the caller's transaction goes on and commits its own work
        Application.objects.filter(pk=application.pk).update(comment="после уведомления")
    assert Application.objects.get(pk=application.pk).comment == "после уведомления"
    assert event_tasks().count() == 0
    assert "Could not queue the waiting message" in caplog.text


def test_an_application_erased_before_the_worker_gets_nothing(
    application, django_capture_on_commit_callbacks
):
    notify_applicant(application, Event.SUBMITTED)
    application.delete()
    with django_capture_on_commit_callbacks(execute=True):
        make_messages()
    assert OutgoingMessage.objects.count() == 0


def test_a_rolled_back_service_sends_nothing(application, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        notify_applicant(application, Event.ACCEPTED)
        assert event_tasks().count() == 1  # queued in the transaction ...
        raise RuntimeError
    assert event_tasks().count() == 0  # ... and gone with it
    assert callbacks == [] and OutgoingMessage.objects.count() == 0 and send_tasks().count() == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_with_a_failing_then_a_working_smtp_server_sends_once(application, smtp_server, settings):
    settings.NOTIFY_RETRY_SECONDS = 60
    notify_applicant(application, Event.SUBMITTED)  # autocommit: queued at once

    smtp_server.refuse()
    run_worker()  # makes the message, then tries it
    message = OutgoingMessage.objects.get()
    assert smtp_server.refused == 1 and smtp_server.messages == []
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.QUEUED and message.attempts == 1
    assert "451" in message.last_error
    retry = send_tasks().get(status="READY")
    assert retry.run_after > timezone.now() + datetime.timedelta(seconds=50)  # backoff, not at once

    smtp_server.accept()
    run_worker()  # the retry is not due yet: nothing is tried
    assert smtp_server.messages == [] and smtp_server.refused == 1

    send_tasks().filter(status="READY").update(run_after=timezone.now())  # its time comes
    run_worker()
    (letter,) = smtp_server.wait_for(1)
    assert letter.to == ["olga@example.org"] and application.number in letter.text
    assert application.number in letter.html
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT and message.attempts == 2

    send_message.enqueue(message.pk)  # a duplicate run (an admin's retry, a second worker)
    run_worker()
    assert len(smtp_server.messages) == 1  # not duplicated
    assert not send_tasks().filter(status="READY").exists()  # nothing left behind


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_after_the_last_attempt_the_message_is_failed_and_an_admins_retry_sends_it(
    application,
    smtp_server,
    settings,
    admin_client,
):
    settings.NOTIFY_RETRY_SECONDS = 0
    settings.NOTIFY_MAX_ATTEMPTS = 3
    smtp_server.refuse()
    notify_applicant(application, Event.SUBMITTED)
    run_worker()  # retries due at once: the batch runs all three attempts
    message = OutgoingMessage.objects.get()
    assert smtp_server.refused == 3
    assert message.status == OutgoingMessage.Status.FAILED and message.attempts == 3
    assert not send_tasks().filter(status="READY").exists()  # no fourth attempt queued

    changelist = reverse("admin:centre_outgoingmessage_changelist")
    page = admin_client.get(changelist, {"status__exact": "failed"})
    assert application.number in page.content.decode() or "olga@example.org" in page.content.decode()
    smtp_server.accept()
    admin_client.post(changelist, {"action": "retry", "_selected_action": [message.pk]})
    run_worker()
    assert len(smtp_server.wait_for(1)) == 1
    message.refresh_from_db()
    assert message.status == OutgoingMessage.Status.SENT


def overdue_application(group, days_ago=10, **fields):
    return ApplicationFactory(
        group=group, created_at=timezone.now() - datetime.timedelta(days=days_ago), **fields
    )


def test_staff_get_one_mail_a_day_with_their_organisations_overdue_applications(
    group, methodist, teacher, make_user, django_capture_on_commit_callbacks
):
    other_organisation = OrganisationFactory(name="Другой центр")
    other_director = make_user("director", username="other_director")
    other_director.person.organisation = other_organisation
    other_director.person.save()
    mine = overdue_application(group)
    overdue_application(group, days_ago=0)  # new today: not overdue
    decided = overdue_application(group, status=Application.Status.REJECTED, reject_reason="нет мест")
    theirs = overdue_application(catalogue_group(club=ClubFactory(organisation=other_organisation)))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("notify_overdue", stdout=io.StringIO())
        call_command("notify_overdue", stdout=io.StringIO())  # the same day again: nothing more
    messages = {message.to: message for message in OutgoingMessage.objects.all()}
    assert set(messages) == {methodist.email, other_director.email}  # not the teacher
    mail_of_methodist = messages[methodist.email]
    assert mail_of_methodist.key.startswith(f"overdue:{methodist.pk}:")
    assert mine.number in mail_of_methodist.text and mine.number in mail_of_methodist.html
    assert theirs.number not in mail_of_methodist.text and decided.number not in mail_of_methodist.text
    assert (
        settings.PORTAL_URL + reverse("programs:staff_application", kwargs={"pk": mine.pk})
        in mail_of_methodist.text
    )
    assert mine.child_surname not in mail_of_methodist.text  # no child's data in the mail
    assert theirs.number in messages[other_director.email].text
    assert mine.number not in messages[other_director.email].text
    assert send_tasks().count() == 2


def test_the_overdue_mail_names_twenty_and_counts_the_rest(
    group, methodist, django_capture_on_commit_callbacks
):
    for _ in range(22):
        overdue_application(group)
    with django_capture_on_commit_callbacks(execute=True):
        notify_overdue_staff()
    message = OutgoingMessage.objects.get()
    assert message.text.count(" З-") == 20
    assert message.subject == "22 заявки ждут решения"
    assert "больше 3 рабочих дней" in message.text and "И ещё 2." in message.text


def test_no_overdue_no_mail(group, methodist, django_capture_on_commit_callbacks):
    overdue_application(group, days_ago=0)
    with django_capture_on_commit_callbacks(execute=True):
        assert notify_overdue_staff() == 0
    assert OutgoingMessage.objects.count() == 0


def test_erasing_forgets_the_applications_messages(application, group, django_capture_on_commit_callbacks):
    other = ApplicationFactory(group=group, guardian_email="other@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        notified(application, Event.SUBMITTED)
        notified(application, Event.OFFERED, offer=offer_for(application))
        notified(other, Event.SUBMITTED)
    assert OutgoingMessage.objects.count() == 4  # two e-mails and an SMS, the other's e-mail
    assert forget_application_messages([application.pk]) == 3
    assert list(OutgoingMessage.objects.values_list("to", flat=True)) == ["other@example.org"]
    assert forget_application_messages([]) == 0


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_message_the_server_refuses_for_good_fails_at_once(application, smtp_server, settings):
    settings.NOTIFY_RETRY_SECONDS = 0
    smtp_server.refuse(PERMANENT_FAILURE)
    notify_applicant(application, Event.SUBMITTED)
    run_worker()
    message = OutgoingMessage.objects.get()
    assert smtp_server.refused == 1  # not tried six times
    assert message.status == OutgoingMessage.Status.FAILED and "554" in message.last_error
