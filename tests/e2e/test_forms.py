"""The error summary in a phone's browser (390 px): after a failed submit it has the focus and
is on the screen, with or without JavaScript, and a link in it puts the cursor in its field.
A confirmation page works with JavaScript off."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from centre.models import Consent, Guardianship
from tests.e2e.a11y import HEIGHT, assert_fits_and_accessible, log_in
from tests.factories import GuardianFactory, LearnerFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": HEIGHT}
FOCUSED_ID = "document.activeElement && document.activeElement.id"
ON_SCREEN = """(selector) => {
  const box = document.querySelector(selector).getBoundingClientRect();
  return box.top > -1 && box.top < window.innerHeight;  // a scroll to the top may end a subpixel above
}"""


def wait_on_screen(page, selector):
    """Bootstrap scrolls smoothly where motion is not reduced: the focus lands at once, the
    scroll a moment later; fails if it never brings the element into view."""
    page.wait_for_function(ON_SCREEN, arg=selector, timeout=5_000)


def phone_page(browser, live_server, *, javascript=True):
    context = browser.new_context(
        locale="ru-RU", base_url=live_server.url, viewport=PHONE, java_script_enabled=javascript
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def failed_password_reset(page):
    page.goto(reverse("password_reset"))
    page.get_by_label("Электронная почта").fill("не-адрес")
    page.get_by_role("button", name="Отправить").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_summary_takes_focus_on_a_phone(browser, live_server, javascript):
    context, page = phone_page(browser, live_server, javascript=javascript)
    try:
        failed_password_reset(page)
        summary = page.locator("[data-error-summary]")
        expect(summary).to_be_visible()
        page.wait_for_function(f"{FOCUSED_ID} === 'form-error-summary'")
        wait_on_screen(page, "#form-error-summary")
        assert page.get_by_label("Электронная почта").input_value() == "не-адрес"  # kept
    finally:
        context.close()


def test_a_link_in_the_summary_puts_the_cursor_in_its_field_with_its_label_in_view(
    browser, live_server, methodist
):
    """On a long page with the keyboard up (400 px left of the screen) the field lies far below
    the summary: the link puts the cursor there and shows the field's label too, which an
    in-page anchor alone would scroll above the screen's top."""
    learner = LearnerFactory()
    context, page = phone_page(browser, live_server)
    try:
        page.emulate_media(reduced_motion="reduce")  # no smooth scrolling: positions are final
        log_in(context, methodist, live_server.url)
        page.goto(reverse("staff_learner", args=[learner.pk]))
        page.locator("#erase-form button[type=submit]").click()
        page.wait_for_load_state()
        assert_fits_and_accessible(page, widths=(390,))
        page.set_viewport_size({"width": 390, "height": 400})
        page.locator("[data-error-summary] a[href='#id_reason']").click()
        page.wait_for_function(f"{FOCUSED_ID} === 'id_reason'")
        wait_on_screen(page, "label[for=id_reason]")
    finally:
        context.close()


def test_a_failed_staff_form_low_on_a_long_page_scrolls_its_summary_into_view(
    browser, live_server, methodist
):
    learner = LearnerFactory()
    context, page = phone_page(browser, live_server)
    try:
        log_in(context, methodist, live_server.url)
        page.goto(reverse("staff_learner", args=[learner.pk]))
        page.locator("#erase-form button[type=submit]").click()  # nothing filled in
        page.wait_for_load_state()
        page.wait_for_function(f"{FOCUSED_ID} === 'form-error-summary'")
        wait_on_screen(page, "#form-error-summary")
        assert page.locator("[data-error-summary] a").count() == 2  # the reason, the tick
    finally:
        context.close()


def test_a_consent_is_withdrawn_through_its_confirmation_with_javascript_off(browser, live_server, methodist):
    learner = LearnerFactory()
    guardian = GuardianFactory()
    Guardianship.objects.create(guardian=guardian, learner=learner, relation=Guardianship.Relation.MOTHER)
    consent = Consent.objects.create(guardian=guardian, learner=learner, kind=Consent.Kind.PUBLICATION)
    context, page = phone_page(browser, live_server, javascript=False)
    try:
        log_in(context, methodist, live_server.url)
        page.goto(reverse("staff_learner", args=[learner.pk]))
        page.locator(f"#withdraw-{consent.pk}").click()  # a link now: nothing is withdrawn yet
        page.wait_for_load_state()
        expect(page.locator("#confirm-title")).to_be_visible()
        consent.refresh_from_db()
        assert consent.withdrawn_at is None
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        page.locator("#confirm-button").click()
        page.wait_for_load_state()
        assert page.url.endswith(reverse("staff_learner", args=[learner.pk]))
        consent.refresh_from_db()
        assert consent.withdrawn_at is not None
    finally:
        context.close()
