"""A parent finds a club and applies, in Chromium, without any JavaScript of ours."""

import re

import pytest
from playwright.sync_api import expect

from programs.models import Application, Group
from tests.programs.helpers import birth_date_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_parent_filters_opens_a_club_applies_and_follows_the_status(page, login, parent, clubs):
    login("parent")
    page.goto("/clubs/")
    expect(page.get_by_test_id("club-card")).to_have_count(3)

    page.locator("#id_direction").select_option("technical")
    page.locator("#id_age").fill("11")
    page.locator("#apply-filters").click()
    expect(page).to_have_url(re.compile(r"direction=technical.*age=11"))
    cards = page.get_by_test_id("club-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Робоквантум")

    cards.first.get_by_role("link", name="Робоквантум").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Робоквантум")
    page.get_by_test_id(f"apply-{clubs.pk}").click()

    # the logged-in parent's details are already there
    expect(page.locator("#id_guardian_surname")).to_have_value(parent.guardian.surname)
    page.locator("#id_child_surname").fill("Волков")
    page.locator("#id_child_name").fill("Артём")
    page.locator("#id_child_birth_date").fill(birth_date_for(clubs, 11).isoformat())
    page.locator("#id_consent_processing").check()
    page.locator("#submit-application").click()

    expect(page.locator("#status-link")).to_be_visible()  # no number: a duplicate looks the same
    application = Application.objects.get()
    assert application.user == parent
    assert application.status == Application.Status.NEW

    page.locator("#status-link").click()
    expect(page).to_have_url(re.compile(str(application.token)))
    expect(page.locator("#application-status")).to_have_attribute("data-status", "new")
    # the private page names the child by the first name only (issue 15)
    expect(page.locator("main")).to_contain_text("Артём")
    expect(page.locator("main")).not_to_contain_text("Волков")
    expect(page.get_by_role("heading", level=1)).to_contain_text(application.number)


def test_a_visitor_is_told_the_group_is_full_keeps_typed_values_and_joins_the_waiting_list(page, clubs):
    Group.objects.filter(pk=clubs.pk).update(places=2, enrolled_count=2)
    page.goto(f"/clubs/robots/apply/{clubs.pk}/")
    expect(page.locator("#enrolment-problem")).to_be_visible()
    page.locator("#id_child_surname").fill("Смирнова")
    page.locator("#id_child_name").fill("Дарья")
    page.locator("#id_child_birth_date").fill(birth_date_for(clubs, 12).isoformat())
    page.locator("#id_guardian_surname").fill("Смирнова")
    page.locator("#id_guardian_name").fill("Ольга")
    page.locator("#id_guardian_phone").fill("+7 (913) 555-20-20")
    page.locator("#submit-application").click()  # forgot the consent
    expect(page.locator("#id_consent_processing")).to_have_class(re.compile("is-invalid"))
    expect(page.locator("#id_child_surname")).to_have_value("Смирнова")
    assert Application.objects.count() == 0

    page.locator("#id_consent_processing").check()
    page.locator("#submit-application").click()
    expect(page.locator("#application-status")).to_have_text("в листе ожидания")
    assert Application.objects.get().status == Application.Status.WAITING
