"""The daily digest of the staff inbox: "my settings" turns it on and off for the user's own
staff record; ``send_digests`` mails it once a day to those who asked, only when something
waits, with the counts of their own organisations and absolute links."""

import datetime
import io
import signal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from centre import inbox
from centre.demo import ensure_academic_years
from centre.models import OutgoingMessage, Person
from centre.roles import Role
from tests.factories import OrganisationFactory
from tests.programs.factories import ApplicationFactory, ClubFactory, GroupFactory, ProgramFactory

pytestmark = pytest.mark.django_db

URL = "staff_preferences"


@pytest.fixture(autouse=True)
def years(db):
    return ensure_academic_years(first=2024)


def wants_digest(user, wanted=True):
    Person.objects.filter(user=user).update(daily_digest=wanted)


def digest_tasks():
    return DBTaskResult.objects.filter(task_path="centre.inbox.send_digest")


# --- my settings ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role_client, status",
    [
        ("anonymous", 302),
        ("parent", 403),
        ("teacher", 200),
        ("methodist", 200),
        ("director", 200),
        ("coordinator", 200),
        ("authority", 200),
    ],
    indirect=["role_client"],
)
def test_my_settings_open_for_staff_only(role_client, status):
    assert role_client.get(reverse(URL)).status_code == status
    response = role_client.post(reverse(URL), {"daily_digest": "on"})
    assert response.status_code == (302 if status == 200 else status)
    assert Person.objects.filter(daily_digest=True).count() == (1 if status == 200 else 0)


def test_the_methodist_turns_the_letter_on_and_off(methodist_client, methodist):
    page = methodist_client.get(reverse(URL)).content.decode()
    assert methodist.email in page and 'name="daily_digest"' in page
    response = methodist_client.post(reverse(URL), {"daily_digest": "on"}, follow=True)
    assert Person.objects.get(user=methodist).daily_digest
    assert "Ежедневное письмо включено" in response.content.decode()
    methodist_client.post(reverse(URL), {})
    assert not Person.objects.get(user=methodist).daily_digest


def test_without_an_address_the_letter_cannot_be_turned_on(client, make_user):
    user = make_user(Role.TEACHER, username="no_mail", email="")
    client.force_login(user)
    page = client.get(reverse(URL)).content.decode()
    assert 'id="digest-no-address"' in page
    response = client.post(reverse(URL), {"daily_digest": "on"})
    assert response.status_code == 200
    assert "нет адреса электронной почты" in response.content.decode()
    assert not Person.objects.get(user=user).daily_digest


def test_the_administrator_without_a_staff_record_is_told_so(client, admin_user):
    client.force_login(admin_user)
    assert 'id="no-person"' in client.get(reverse(URL)).content.decode()
    response = client.post(reverse(URL), {"daily_digest": "on"}, follow=True)
    assert response.status_code == 200 and not Person.objects.filter(daily_digest=True).exists()


def test_the_landing_page_links_my_settings(methodist_client):
    assert f'href="{reverse(URL)}"' in methodist_client.get(reverse("staff_home")).content.decode()


# --- the digest -------------------------------------------------------------------------------


@pytest.fixture
def waiting(methodist, director, teacher):
    """Two new applications (one overdue) in the home organisation, one elsewhere."""
    group = GroupFactory()
    ApplicationFactory(group=group)
    overdue = ApplicationFactory(group=group, created_at=timezone.now() - datetime.timedelta(days=10))
    elsewhere = OrganisationFactory(name="Другой центр")
    ApplicationFactory(group=GroupFactory(club=ClubFactory(organisation=elsewhere)))
    return overdue


def test_the_digest_goes_once_a_day_to_those_who_asked_with_their_counts(
    methodist, director, teacher, waiting, django_capture_on_commit_callbacks
):
    wants_digest(methodist)
    wants_digest(teacher)  # nothing waits for a teacher here: no letter
    with django_capture_on_commit_callbacks(execute=True):
        out = io.StringIO()
        call_command("send_digests", "--now", stdout=out)
        call_command("send_digests", "--now", stdout=io.StringIO())  # the same day again
    assert "Digests queued: 2" in out.getvalue()  # asked: the methodist and the teacher
    message = OutgoingMessage.objects.get()
    assert message.to == methodist.email  # not the director: did not ask
    assert message.key == f"digest:{methodist.pk}:{timezone.localdate():%Y-%m-%d}"
    assert message.subject.startswith("Что ждёт вас")
    assert "Новые заявки: 2" in message.text  # the other organisation's is not counted
    assert "Заявки с просроченным решением: 1" in message.text
    list_url = settings.PORTAL_URL + reverse("programs:staff_applications")
    assert list_url in message.text and list_url in message.html
    assert settings.PORTAL_URL + reverse(URL) in message.text  # how to stop it
    assert waiting.child_surname not in message.text  # counts, no child's data


def test_send_digests_queues_one_task_per_person_and_the_task_mails(
    methodist, director, waiting, django_capture_on_commit_callbacks
):
    wants_digest(methodist)
    wants_digest(director)
    assert inbox.send_digests() == 2
    assert digest_tasks().count() == 2
    assert OutgoingMessage.objects.count() == 0  # counted and written in the worker
    with django_capture_on_commit_callbacks(execute=True):
        for row in digest_tasks():
            assert inbox.send_digest.call(**row.args_kwargs["kwargs"]) == "queued"
    assert set(OutgoingMessage.objects.values_list("to", flat=True)) == {methodist.email, director.email}
    assert inbox.send_digests() == 0  # mailed today: nothing more to queue
    director_mail = OutgoingMessage.objects.get(to=director.email)
    assert "Новые заявки: 2" in director_mail.text


def test_no_letter_for_the_inactive_nor_for_an_empty_inbox(
    methodist, director, make_user, django_capture_on_commit_callbacks
):
    left = make_user(Role.METHODIST, username="left_the_centre")
    wants_digest(methodist)
    wants_digest(left)
    Person.objects.filter(user=left).update(is_active=False)
    ProgramFactory(returned=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert inbox.send_digests(now=True) == 1  # the one who left is not a recipient
    assert list(OutgoingMessage.objects.values_list("to", flat=True)) == [methodist.email]
    OutgoingMessage.objects.all().delete()
    Person.objects.filter(user=methodist).update(daily_digest=False)
    assert inbox.send_digests(now=True) == 0
    wants_digest(director)  # nothing waits for the director: no letter
    with django_capture_on_commit_callbacks(execute=True):
        inbox.send_digests(now=True)
    assert OutgoingMessage.objects.count() == 0


def test_the_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_digests", "--date", "31.12.2026", stdout=io.StringIO())


def test_the_digest_task_queries_do_not_grow_with_the_rows(
    methodist, waiting, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    wants_digest(methodist)
    person = Person.objects.get(user=methodist)
    with django_capture_on_commit_callbacks(execute=False), django_assert_max_num_queries(20) as few:
        inbox.send_digest.call(person_id=person.pk, day=timezone.localdate().isoformat())
    OutgoingMessage.objects.all().delete()
    for _ in range(5):
        ApplicationFactory(group=waiting.group)
        ProgramFactory(returned=True)
    with (
        django_capture_on_commit_callbacks(execute=False),
        django_assert_max_num_queries(len(few.captured_queries)),
    ):
        inbox.send_digest.call(person_id=person.pk, day=timezone.localdate().isoformat())


def test_the_scheduler_task_queues_the_days_digests(methodist, waiting):
    wants_digest(methodist)
    assert inbox.send_all_digests.call() == 1
    assert digest_tasks().count() == 1


def test_my_settings_is_a_few_queries(methodist_client, django_assert_max_num_queries):
    methodist_client.get(reverse(URL))
    with django_assert_max_num_queries(8):
        assert methodist_client.get(reverse(URL)).status_code == 200


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
def test_the_digest_reaches_the_mail_server_through_the_worker(methodist, waiting, smtp_server):
    wants_digest(methodist)
    call_command("send_digests", stdout=io.StringIO())
    run_worker()  # the digest task stores the letter and queues its sending, which runs next
    run_worker()
    (letter,) = smtp_server.wait_for(1)
    assert letter.to == [methodist.email]
    assert "Новые заявки: 2" in letter.text
    assert OutgoingMessage.objects.get().status == OutgoingMessage.Status.SENT
