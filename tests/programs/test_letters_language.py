"""Letters in their recipient's language (issue 17): a letter about an application in the
language the parent applied in (Application.language), a letter to a member of staff in the
language they chose (centre.UserPreference), else the portal's; the words, the subject and
the links (/kk/…, /en/…) alike."""

import datetime
import re

import pytest
from django.conf import settings
from django.utils import timezone, translation
from django_tasks_db.models import DBTaskResult

from centre import inbox
from centre.demo import ensure_academic_years
from centre.models import Guardian, OutgoingMessage, Person, UserPreference
from centre.notify import recipient_language
from centre.tasks import send_password_reset
from programs.notices import send_program_notice
from programs.notifications import Event, notify_applicant, notify_overdue_staff, send_application_message
from programs.services import programs as program_services
from programs.services.parents import send_email_confirmation
from tests.programs.factories import ApplicationFactory, ClubFactory, ProgramFactory, catalogue_group

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_language_left_active():
    """Each test begins as the worker does, in the portal's language: a request of another
    test (to /kk/) leaves its language active in this thread."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


CYRILLIC = re.compile("[\u0400-\u04ff]")
KAZAKH_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)


def without(text: str, *data: str) -> str:
    """The letter's own words: the records' names and numbers (data, in Russian) taken out."""
    for value in data:
        text = text.replace(value, "")
    return text


def links(text: str) -> list[str]:
    return re.findall(re.escape(settings.PORTAL_URL) + r"(/\S*)", text)


def run(task_path: str, task) -> None:
    """Run the queued tasks of ``task_path`` as the worker would (inside this test)."""
    for result in DBTaskResult.objects.filter(task_path=task_path, status="READY"):
        task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        result.delete()


def prefer(user, language: str) -> None:
    UserPreference.objects.update_or_create(user=user, defaults={"language": language})


@pytest.fixture
def group():
    return catalogue_group(club=ClubFactory(name="Робоквантум", slug="robots"), places=10)


def application_letter(group, language: str) -> OutgoingMessage:
    application = ApplicationFactory(group=group, language=language, guardian_email=f"{language}@example.org")
    notify_applicant(application, Event.SUBMITTED)
    run("programs.notifications.send_application_message", send_application_message)
    return OutgoingMessage.objects.get(to=f"{language}@example.org", channel="email")


def test_a_parent_who_applied_in_kazakh_gets_kazakh_with_kazakh_links(group):
    letter = application_letter(group, "kk")
    assert letter.language == "kk"
    assert "Өтінім" in letter.subject and "алынды" in letter.subject  # «Өтінім … алынды»
    assert "Сәлеметсіз бе!" in letter.text and KAZAKH_LETTERS.search(letter.text)
    assert "Здравствуйте" not in letter.text and "получена" not in letter.subject
    assert links(letter.text) and all(link.startswith("/kk/") for link in links(letter.text))
    assert all(link.startswith("/kk/") for link in links(letter.html))


def test_a_parent_who_applied_in_russian_gets_russian_with_the_russian_links(group):
    letter = application_letter(group, "ru")
    assert letter.language == "ru"
    assert "получена" in letter.subject and "Здравствуйте!" in letter.text
    assert not KAZAKH_LETTERS.search(letter.text + letter.subject)
    assert links(letter.text) and not any(link.startswith(("/kk/", "/en/")) for link in links(letter.text))


def test_a_parent_who_applied_in_english_gets_english(group):
    letter = application_letter(group, "en")
    assert "received" in letter.subject and "Hello!" in letter.text
    assert not CYRILLIC.search(without(letter.subject, letter.subject.split()[1]))  # the number: З-…
    assert all(link.startswith("/en/") for link in links(letter.text))


@pytest.fixture
def waiting(methodist):
    """A new application overdue for a decision in the home organisation."""
    ensure_academic_years(first=2024)
    group = catalogue_group()
    return ApplicationFactory(group=group, created_at=timezone.now() - datetime.timedelta(days=10))


def test_a_member_of_staff_who_chose_english_gets_an_english_digest(methodist, waiting):
    prefer(methodist, "en")
    Person.objects.filter(user=methodist).update(daily_digest=True)
    person = Person.objects.get(user=methodist)
    assert inbox.send_digest.call(person_id=person.pk, day=timezone.localdate().isoformat()) == "queued"
    letter = OutgoingMessage.objects.get(to=methodist.email)
    assert letter.language == "en"
    assert "What waits for you on the portal today:" in letter.text
    assert not CYRILLIC.search(letter.subject), letter.subject
    # the inbox's own labels too, not only the template's words
    listed = [line for line in letter.text.splitlines() if line.startswith("- ")]
    assert listed and not any(CYRILLIC.search(line) for line in listed), listed
    assert all(link.startswith("/en/") for link in links(letter.text))


def test_without_a_choice_the_digest_is_in_the_portals_language(methodist, waiting):
    Person.objects.filter(user=methodist).update(daily_digest=True)
    person = Person.objects.get(user=methodist)
    inbox.send_digest.call(person_id=person.pk, day=timezone.localdate().isoformat())
    letter = OutgoingMessage.objects.get(to=methodist.email)
    assert letter.language == "ru" and "Что ждёт вас на портале сегодня:" in letter.text
    assert not any(link.startswith(("/kk/", "/en/")) for link in links(letter.text))


def test_the_overdue_notice_goes_in_each_recipients_language(methodist, director, waiting):
    prefer(methodist, "en")
    prefer(director, "kk")
    notify_overdue_staff()
    english = OutgoingMessage.objects.get(to=methodist.email)
    kazakh = OutgoingMessage.objects.get(to=director.email)
    assert english.language == "en" and not CYRILLIC.search(english.subject)
    assert all(link.startswith("/en/") for link in links(english.text))
    assert kazakh.language == "kk" and KAZAKH_LETTERS.search(kazakh.subject + kazakh.text)
    assert all(link.startswith("/kk/") for link in links(kazakh.text))


def test_the_directors_notice_of_a_program_is_in_their_language(methodist, director):
    ensure_academic_years(first=2024)
    prefer(director, "en")
    program = ProgramFactory(draft=True, title="Юный инженер")
    program_services.program_submit_for_review(program=program, by=methodist)
    run("programs.notices.send_program_notice", send_program_notice)
    letter = OutgoingMessage.objects.get(to=director.email)
    assert letter.language == "en" and "Юный инженер" in letter.text
    assert "waits for your approval" in letter.subject
    assert not CYRILLIC.search(without(letter.subject, "Юный инженер"))
    assert links(letter.text) and all(link.startswith("/en/") for link in links(letter.text))


def test_the_recipients_language_is_their_choice_else_the_active_one(methodist):
    assert recipient_language(None) == "ru"
    with translation.override("kk"):
        assert recipient_language(methodist) == "kk"  # no choice: the request's
    prefer(methodist, "en")
    with translation.override("kk"):
        assert recipient_language(methodist) == "en"


def test_the_password_reset_link_opens_the_page_of_the_language_it_was_asked_in(parent, mailoutbox):
    send_password_reset.call(email=parent.email, domain="testserver", use_https=False, language="kk")
    (letter,) = mailoutbox
    assert "/kk/" in letter.body and KAZAKH_LETTERS.search(letter.subject + letter.body)


def test_the_email_confirmation_is_in_the_parents_language(parent):
    guardian = Guardian.objects.get(user=parent)
    guardian.email = "confirm@example.org"
    guardian.save(update_fields=["email"])
    with translation.override("kk"):  # registered on a Kazakh page, no choice made
        send_email_confirmation(guardian=guardian)
    letter = OutgoingMessage.objects.get(to="confirm@example.org")
    assert letter.language == "kk" and all(link.startswith("/kk/") for link in links(letter.text))
    OutgoingMessage.objects.all().delete()
    prefer(parent, "en")
    with translation.override("kk"):
        send_email_confirmation(guardian=guardian)
    letter = OutgoingMessage.objects.get(to="confirm@example.org")
    assert letter.language == "en" and links(letter.text)
    assert all(link.startswith("/en/") for link in links(letter.text))
