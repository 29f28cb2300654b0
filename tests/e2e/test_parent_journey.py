"""Issue 15's journeys on a phone (Chromium at 390 px), with the mail going over real SMTP
(tests/smtp.py) and the task worker running beside the live server (conftest.task_worker):

- a parent finds a full club, joins its waiting list, gets the mail with the private link,
  follows it, is offered the place another child's withdrawal frees, and takes it;
- a parent lets the offer lapse (its deadline task runs) and the next in line gets the place.

Every page the parents see is checked for width and axe-core's serious findings at 390 px.
"""

import datetime
import re

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from playwright.sync_api import expect

from programs.models import Application, Enrolment, Group, Offer
from programs.services.enrolment import application_accept
from programs.services.waitlist import application_withdraw
from tests.e2e.a11y import assert_fits_and_accessible
from tests.programs.factories import ApplicationFactory, ClubFactory, ProgramFactory, catalogue_group
from tests.programs.helpers import birth_date_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
LINK = re.compile(r"https?://\S+/applications/[0-9a-f-]{36}/")


@pytest.fixture
def phone(browser, live_server, settings):
    """A browser tab the size of a phone; the mail's links point at the live server."""
    settings.PORTAL_URL = live_server.url
    context = browser.new_context(locale="ru-RU", base_url=live_server.url, viewport=PHONE, has_touch=True)
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def full_group(methodist):
    """A robotics club's group with one place, taken by a child already enrolled."""
    group = catalogue_group(
        club=ClubFactory(name="Робоквантум", slug="robots"),
        program=ProgramFactory(title="Робототехника"),
        age_min=10,
        age_max=14,
        places=1,
    )
    taken = ApplicationFactory(group=group, child_surname="Занятов", guardian_email="first@example.org")
    application_accept(application=taken, by=methodist)
    return group


def status_link(letter):
    """The private status link a letter carries, as a path on the live server."""
    found = LINK.search(letter.text)
    assert found, f"no status link in the letter:\n{letter.text}"
    assert found.group(0) in letter.html, "the HTML part carries the same link"
    return re.sub(r"^https?://[^/]+", "", found.group(0))


def letters_to(smtp_server, address, count):
    """The letters to ``address`` once ``count`` have come: each a different letter."""
    found = smtp_server.wait_for(count, timeout=20, to=address)
    subjects = [letter.subject for letter in found]
    assert len(set(subjects)) == len(subjects), f"a letter came twice: {subjects}"
    return found


def assert_russian_with_only_the_first_name(letter, application):
    # in Russian: Cyrillic words beyond the number (З-…) and the names, no English words
    subject = letter.subject
    for name in (application.number, application.child_name, application.group.club.name):
        subject = subject.replace(name, "")
    assert re.search(r"[а-яё]{4,}", subject, re.IGNORECASE), f"not Russian: {letter.subject}"
    words = re.sub(r"\S+://\S+", "", letter.subject + letter.text)  # not the links
    assert not re.search(r"\b(Application|place|offer)\b", words), words
    for text in (letter.text, letter.html):
        assert application.child_name in text
        assert application.child_surname not in text
        assert f"{application.child_birth_date:%d.%m.%Y}" not in text


def test_a_parent_joins_the_waiting_list_follows_the_mail_and_takes_a_freed_place(
    phone, full_group, smtp_server, task_worker
):
    page = phone
    # finds the club with the catalogue's search, on a phone
    page.goto("/clubs/")
    page.get_by_label("Поиск").fill("робот")
    page.locator("#apply-filters").click()
    card = page.get_by_test_id("club-card").filter(has_text="Робоквантум")
    expect(card.get_by_test_id("card-enrolment")).to_have_attribute("data-state", "waiting")
    assert_fits_and_accessible(page, widths=(390,))
    card.get_by_role("link", name="Робоквантум").click()
    assert_fits_and_accessible(page, widths=(390,))
    page.get_by_test_id(f"waiting-list-{full_group.pk}").click()

    page.locator("#id_child_surname").fill("Волков")
    page.locator("#id_child_name").fill("Артём")
    page.locator("#id_child_birth_date").fill(birth_date_for(full_group, 11).isoformat())
    page.locator("#id_guardian_surname").fill("Волкова")
    page.locator("#id_guardian_name").fill("Мария")
    page.locator("#id_guardian_phone").fill("+7 913 555-01-01")
    page.locator("#id_guardian_email").fill("volkova@example.org")
    page.locator("#id_guardian_relation").select_option("mother")
    page.locator("#id_consent_processing").check()
    assert_fits_and_accessible(page, widths=(390,))
    page.locator("#submit-application").click()
    expect(page.locator("#status-link")).to_be_visible()
    assert_fits_and_accessible(page, widths=(390,))
    application = Application.objects.get(guardian_email="volkova@example.org")
    assert application.status == Application.Status.WAITING
    assert application.guardian_relation == "mother"

    # the mail: over SMTP, with the number and the private link, the child's first name only
    (submitted,) = letters_to(smtp_server, "volkova@example.org", 1)
    assert application.number in submitted.subject + submitted.text
    assert_russian_with_only_the_first_name(submitted, application)
    page.goto(status_link(submitted))
    expect(page.locator("#application-status")).to_have_attribute("data-status", "waiting")
    expect(page.locator("#place-in-line")).to_contain_text("1")
    assert_fits_and_accessible(page, widths=(390,))

    # the enrolled child's parent withdraws by their own link, after a page naming the consequence
    page.goto(Application.objects.get(child_surname="Занятов").get_status_url())
    page.locator("#withdraw-button").click()
    expect(page.locator("#confirm-consequence")).to_be_visible()
    assert_fits_and_accessible(page, widths=(390,))
    page.locator("#confirm-button").click()
    expect(page.locator("#application-status")).to_have_attribute("data-status", "withdrawn")

    # the freed place is offered to the first in line, who is told by mail
    offered = letters_to(smtp_server, "volkova@example.org", 2)[-1]
    assert_russian_with_only_the_first_name(offered, application)
    offer = Offer.objects.get(application=application)
    assert offer.status == Offer.Status.OPEN
    page.goto(status_link(offered))
    expect(page.locator("#application-status")).to_have_attribute("data-status", "offered")
    assert_fits_and_accessible(page, widths=(390,))
    expect(page.locator("#offer")).to_contain_text(f"{timezone.localtime(offer.expires_at):%H:%M}")
    page.locator("#offer-accept").click()
    expect(page.locator("#application-status")).to_have_attribute("data-status", "accepted")
    assert_fits_and_accessible(page, widths=(390,))

    offer.refresh_from_db()
    assert offer.status == Offer.Status.ACCEPTED
    assert Enrolment.objects.active().filter(group=full_group, application=application).exists()
    group = Group.objects.get(pk=full_group.pk)
    assert (group.offered_count, Enrolment.objects.active().filter(group=group).count()) == (0, 1)
    task_worker.wait_idle()
    assert not DBTaskResult.objects.failed().exists()


def test_an_offer_left_to_lapse_goes_to_the_next_parent_in_line(phone, full_group, smtp_server, task_worker):
    page = phone
    now = timezone.now()
    first, second = (
        ApplicationFactory(
            group=full_group,
            status=Application.Status.WAITING,
            child_name=name,
            guardian_email=email,
            queued_at=now - datetime.timedelta(days=days),
        )
        for name, email, days in (("Олег", "oleg@example.org", 2), ("Нина", "nina@example.org", 1))
    )
    application_withdraw(application=Application.objects.get(child_surname="Занятов"))
    (offered,) = letters_to(smtp_server, "oleg@example.org", 1)
    offer = Offer.objects.get(application=first, status=Offer.Status.OPEN)

    # the first parent opens the link and does nothing; the deadline passes
    page.goto(status_link(offered))
    expect(page.locator("#application-status")).to_have_attribute("data-status", "offered")
    task_worker.wait_idle()
    assert smtp_server.to("nina@example.org") == []
    passed = timezone.now() - datetime.timedelta(seconds=1)
    Offer.objects.filter(pk=offer.pk).update(
        offered_at=passed - datetime.timedelta(hours=48), expires_at=passed
    )
    deadline = DBTaskResult.objects.filter(task_path="programs.tasks.offer_deadline", status="READY")
    assert deadline.count() == 1
    deadline.update(run_after=passed)

    # the worker lapses it: the first parent is told, the second is offered the place
    lapsed = letters_to(smtp_server, "oleg@example.org", 2)[-1]
    assert lapsed.subject != offered.subject
    assert_russian_with_only_the_first_name(lapsed, first)
    (next_offer,) = letters_to(smtp_server, "nina@example.org", 1)
    assert_russian_with_only_the_first_name(next_offer, second)
    offer.refresh_from_db()
    assert offer.status == Offer.Status.LAPSED
    page.reload()
    expect(page.locator("#application-status")).to_have_attribute("data-status", "withdrawn")
    expect(page.locator("#offer-lapsed")).to_be_visible()
    assert_fits_and_accessible(page, widths=(390,))

    page.goto(status_link(next_offer))
    expect(page.locator("#application-status")).to_have_attribute("data-status", "offered")
    assert_fits_and_accessible(page, widths=(390,))
    page.locator("#offer-accept").click()
    expect(page.locator("#application-status")).to_have_attribute("data-status", "accepted")
    assert Enrolment.objects.active().filter(group=full_group).get().application == second
    task_worker.wait_idle()
    assert not DBTaskResult.objects.failed().exists()
