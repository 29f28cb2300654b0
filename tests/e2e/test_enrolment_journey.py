"""Issue 3's journey end to end in Chromium: a parent filters, opens a club and applies; a
methodist accepts in the queue; the parent's private status page says «зачислен»."""

import re

import pytest
from playwright.sync_api import expect

from programs.models import Application
from tests.programs.helpers import birth_date_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_parent_applies_methodist_accepts_parent_sees_enrolled(page, login, parent, methodist, clubs):
    login("parent")
    page.goto("/clubs/?direction=technical&age=11")
    page.get_by_test_id("club-card").first.get_by_role("link", name="Робоквантум").click()
    page.get_by_test_id(f"apply-{clubs.pk}").click()
    page.locator("#id_child_surname").fill("Волков")
    page.locator("#id_child_name").fill("Артём")
    page.locator("#id_child_birth_date").fill(birth_date_for(clubs, 11).isoformat())
    page.locator("#id_consent_processing").check()
    page.locator("#submit-application").click()
    # the confirmation shows what was typed, never a number (a duplicate would look the same)
    expect(page.locator("#status-link")).to_be_visible()
    status_url = page.locator("#status-link").get_attribute("href")
    application = Application.objects.get()
    page.goto(status_url)
    expect(page.locator("h1")).to_contain_text(application.number)

    page.context.clear_cookies()
    login("methodist")
    page.goto("/staff/applications/?status=new")
    page.locator(f"#application-{application.pk}").locator("a.btn-success").click()
    page.locator("#confirm-button").click()  # the confirmation: start date, funding, draft order
    expect(page.locator(".alert-success")).to_contain_text("Волков Артём")

    page.context.clear_cookies()
    page.goto(status_url)
    expect(page.locator("#application-status")).to_have_attribute("data-status", "accepted")
    expect(page.locator("#application-status")).to_contain_text(re.compile("зачислен", re.IGNORECASE))
