"""Issue 17's language journeys in Chromium on a phone (390 px), every page checked for width
and axe-core's serious findings:

- a Kazakh-speaking parent opens the home page, switches to Қаз with the switcher in the
  header (no menu to open), browses the catalogue in Kazakh, filters it by one of
  Kazakhstan's directions, opens a Kazakh centre's club (its Kazakh name, a price in tenge),
  sends the empty application form and reads the errors in Kazakh, then applies; an
  unprefixed address later lands on /kk/ (the choice remembered), and Рус brings the Russian
  pages back;
- a member of staff chooses English on the staff pages; signed out and signed in again from a
  fresh browser (no cookie), the portal is still English: the preference is restored.

The expected words are the Kazakh and English catalogues' own (``in_language``), each checked
to be a translation and not the msgid, so a missing translation fails here too.
"""

import io
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import gettext, pgettext
from playwright.sync_api import expect

from centre.demo import DEMO_PASSWORD
from centre.models import AcademicYear, Organisation, Person, UserPreference
from programs.models import Application, Direction, Group
from programs.statistics import figures, refresh
from tests.e2e.a11y import assert_fits_and_accessible
from tests.factories import OrganisationFactory, VenueFactory
from tests.programs.factories import ClubFactory, DirectionFactory, ProgramFactory, catalogue_group
from tests.programs.helpers import birth_date_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
AT_390 = (390,)
KAZAKH_LETTERS = re.compile("[әғқңөұүһі]", re.IGNORECASE)
CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)

CLUB_RU = "Творческая лаборатория робототехники"
CLUB_KK = "Робототехника шығармашылық зертханасы"
TECH_KK = "Ғылыми-техникалық"  # kz-science-technical's Kazakh name (programs 0018)


def in_language(code, msgid, context=None):
    """The catalogue's translation of ``msgid`` into ``code``; fails when there is none."""
    with translation.override(code):
        text = pgettext(context, msgid) if context else gettext(msgid)
    assert text != msgid or code == "en", f"no {code} translation of {msgid!r}"
    return text


def context_for(browser, live_server, locale):
    return browser.new_context(locale=locale, base_url=live_server.url, viewport=PHONE, has_touch=True)


@pytest.fixture
def phone(browser, live_server):
    """A Kazakh-speaking parent's phone."""
    context = context_for(browser, live_server, "kk-KZ")
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    yield tab
    context.close()


@pytest.fixture
def kazakh_club():
    """A Kazakh centre (country KZ) with a robotics laboratory named in Russian and Kazakh, in
    Kazakhstan's scientific and technical direction, one paid group at 10 000 ₸ a month; and a
    Russian centre's club in Russia's technical direction, which the direction filter leaves out."""
    # Kazakhstan's six directions (a browser test's flush may lose the migration's rows)
    import_module("programs.migrations.0018_kazakhstan_directions").create(apps, None)
    centre = OrganisationFactory(
        name="Городской центр технического творчества «Прогресс»",
        address="г. Актобе",
        country="KZ",
    )
    club = ClubFactory(name=CLUB_RU, name_kk=CLUB_KK, slug="aktobe-robotics", organisation=centre)
    group = catalogue_group(
        club=club,
        program=ProgramFactory(
            organisation=centre,
            title="Робототехника: от идеи до проекта",
            direction=Direction.objects.get(slug="kz-science-technical"),
        ),
        venue=VenueFactory(organisation=centre, address="г. Актобе, пр. Абилкайыр хана, 36"),
        funding=Group.Funding.PAID,
        price=10000,
        age_min=9,
        age_max=15,
    )
    catalogue_group(
        club=ClubFactory(name="Робоквантум", slug="robots"),
        program=ProgramFactory(title="Робототехника", direction=DirectionFactory(slug="technical")),
        age_min=10,
        age_max=14,
    )
    return group


def switch_to(page, short):
    """Chooses a language with the header's switcher, on a phone without opening the menu."""
    link = page.get_by_test_id("language-switcher").locator("a", has_text=short)
    expect(link).to_be_visible()
    link.click()
    page.wait_for_load_state()


def assert_language(page, code):
    expect(page.locator("html")).to_have_attribute("lang", code)
    active = page.get_by_test_id("language-switcher").locator("[aria-current=true]")
    expect(active).to_have_attribute("lang", code)


def headings(page) -> list[str]:
    return [text.strip() for text in page.locator("main h1, main h2").all_inner_texts()]


def test_a_kazakh_parent_switches_to_kazakh_browses_applies_and_the_choice_is_remembered(
    phone, kazakh_club, live_server
):
    page = phone
    group = kazakh_club
    page.goto("/")
    assert_fits_and_accessible(page, widths=AT_390)
    toggler = page.get_by_test_id("menu-toggler")
    expect(toggler).to_have_attribute("aria-expanded", "false")
    switch_to(page, "Қаз")

    # the home page in Kazakh, at its /kk/ address; the menu was never opened
    assert re.search(r"/kk/$", page.url), page.url
    assert_language(page, "kk")
    expect(toggler).to_have_attribute("aria-expanded", "false")
    expect(page.locator("main h2").first).to_have_text(in_language("kk", "Clubs"))
    assert any(KAZAKH_LETTERS.search(text) for text in headings(page)), headings(page)
    assert_fits_and_accessible(page, widths=AT_390)

    # the catalogue, filtered by one of Kazakhstan's directions named in Kazakh
    page.goto("/kk/clubs/")
    assert_language(page, "kk")
    expect(page.locator("main h1")).to_have_text(in_language("kk", "Clubs"))
    assert_fits_and_accessible(page, widths=AT_390)
    page.locator("#id_direction").select_option(label=TECH_KK)
    page.locator("#apply-filters").click()
    assert "/kk/clubs/" in page.url and "direction=kz-science-technical" in page.url, page.url
    cards = page.get_by_test_id("club-card")
    expect(cards).to_have_count(1)
    card = cards.first
    expect(card).to_have_attribute("data-slug", "aktobe-robotics")
    expect(card).to_contain_text(TECH_KK)
    expect(card).to_contain_text(re.compile(r"10\s000\s₸"))
    expect(card.get_by_role("heading")).to_have_text(CLUB_KK)
    assert_fits_and_accessible(page, widths=AT_390)

    # the club: its Kazakh name, the price in tenge
    card.get_by_role("link", name=CLUB_KK).click()
    assert re.search(r"/kk/clubs/aktobe-robotics/$", page.url), page.url
    assert_language(page, "kk")
    expect(page.locator("main h1")).to_have_text(CLUB_KK)
    group_card = page.locator(f"#group-{group.pk}")
    expect(group_card).to_contain_text(re.compile(r"10\s000\s₸"))
    expect(group_card).not_to_contain_text("₽")
    expect(page.locator("#groups-heading")).to_have_text(in_language("kk", "Groups and schedule"))
    assert_fits_and_accessible(page, widths=AT_390)

    # the application form: sent empty, its errors are Kazakh
    apply = page.get_by_test_id(f"apply-{group.pk}")
    expect(apply).to_have_text(in_language("kk", "Apply", "enrol in a group"))
    apply.click()
    assert_language(page, "kk")
    expect(page.locator("main h1")).to_have_text(in_language("kk", "Application for a place"))
    assert_fits_and_accessible(page, widths=AT_390)
    page.locator("#submit-application").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(in_language("kk", "The form was not saved. Please correct:"))
    expect(summary).to_contain_text(in_language("kk", "This field is required."))
    assert KAZAKH_LETTERS.search(summary.inner_text())
    assert not re.search(r"\b(required|field|consent)\b", summary.inner_text(), re.IGNORECASE)
    assert_fits_and_accessible(page, widths=AT_390)

    page.locator("#id_child_surname").fill("Серікұлы")
    page.locator("#id_child_name").fill("Әлихан")
    page.locator("#id_child_birth_date").fill(birth_date_for(group, 11).isoformat())
    page.locator("#id_guardian_surname").fill("Серікова")
    page.locator("#id_guardian_name").fill("Айгүл")
    page.locator("#id_guardian_phone").fill("+7 701 555-01-01")
    page.locator("#id_guardian_email").fill("aigul@example.org")
    page.locator("#id_guardian_relation").select_option("mother")
    page.locator("#id_consent_processing").check()
    page.locator("#submit-application").click()
    expect(page.locator("#status-link")).to_be_visible()
    assert "/kk/" in page.url, page.url
    assert_language(page, "kk")
    assert_fits_and_accessible(page, widths=AT_390)
    application = Application.objects.get(guardian_email="aigul@example.org")
    assert application.group == group
    assert application.language == "kk"  # the letters about it go in Kazakh

    # later: a Russian address (a bookmark, a link) lands in Kazakh
    page.goto("/clubs/")
    assert re.search(r"/kk/clubs/$", page.url), page.url
    assert_language(page, "kk")
    page.goto(f"/clubs/{group.club.slug}/")
    assert re.search(r"/kk/clubs/aktobe-robotics/$", page.url), page.url

    # Рус: the Russian pages again, where they always were, and that choice is remembered too
    switch_to(page, "Рус")
    assert re.search(r"^[^?]*://[^/]+/clubs/aktobe-robotics/$", page.url), page.url
    assert_language(page, "ru")
    expect(page.locator("main h1")).to_have_text(CLUB_RU)
    expect(page.locator("#groups-heading")).to_have_text("Группы и расписание")
    assert_fits_and_accessible(page, widths=AT_390)
    page.goto("/clubs/")
    assert re.search(r"://[^/]+/clubs/$", page.url), page.url
    assert_language(page, "ru")
    expect(page.locator("main h1")).to_have_text("Кружки")
    expect(page.locator("#id_direction option", has_text="Научно-техническое")).to_have_count(1)
    assert_fits_and_accessible(page, widths=AT_390)


def sign_in(page, username, *, labels=("Имя пользователя", "Пароль", "Войти")):
    user_label, password_label, button = labels
    page.goto("/accounts/login/")
    assert_fits_and_accessible(page, widths=AT_390)
    page.get_by_label(user_label).fill(username)
    page.get_by_label(password_label).fill("test-pass-123")
    page.locator("main").get_by_role("button", name=button).click()
    page.wait_for_load_state()


def assert_english_staff_page(page, path, heading_msgid):
    page.goto(path)
    assert f"/en{path}" in page.url, page.url
    assert_language(page, "en")
    expect(page.locator("main h1")).to_have_text(in_language("en", heading_msgid))
    for text in headings(page):
        assert not CYRILLIC.search(text), f"{page.url}: a Russian heading on an English page: {text}"
    assert_fits_and_accessible(page, widths=AT_390)


def test_a_member_of_staff_who_chose_english_finds_it_again_in_a_fresh_browser(
    browser, live_server, methodist
):
    context = context_for(browser, live_server, "ru-RU")
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, "methodist")
        page.goto("/staff/")
        assert_language(page, "ru")
        expect(page.locator("main h1")).to_have_text("Работа")
        switch_to(page, "Eng")
        assert re.search(r"/en/staff/$", page.url), page.url
        assert UserPreference.objects.get(user=methodist).language == "en"
        assert_english_staff_page(page, "/staff/", "Staff area")
        assert_english_staff_page(page, "/staff/groups/", "Groups")

        # signs out (the button is in the folding menu on a phone)
        page.get_by_test_id("menu-toggler").click()
        page.get_by_role("button", name="Log out").click()
        page.wait_for_load_state()
    finally:
        context.close()

    # another browser, no language cookie: the sign-in page is Russian, the portal after it English
    fresh = context_for(browser, live_server, "ru-RU")
    page = fresh.new_page()
    page.set_default_timeout(15_000)
    try:
        sign_in(page, "methodist")
        assert re.search(r"/en/$", page.url), page.url
        assert_language(page, "en")
        assert_fits_and_accessible(page, widths=AT_390)
        assert_english_staff_page(page, "/staff/", "Staff area")
    finally:
        fresh.close()


# --- the demo's Kazakh centre (seed 000) ---------------------------------------------------

AKTOBE = "Городской центр технического творчества «Прогресс» г. Актобе"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())


def test_on_the_demo_a_kazakh_parent_finds_aktobes_robotics_and_its_director_its_statistics(
    phone, demo, browser, live_server
):
    """The demo's Aktobe centre (centre.demo.kazakhstan) as a parent finds it in Kazakh — its
    laboratory under its Kazakh name in Kazakhstan's technical direction, the paid group in
    tenge and the other on a voucher — and as its director reads its statistics in Kazakh."""
    page = phone
    page.goto("/")
    switch_to(page, "Қаз")
    page.goto("/kk/clubs/")
    page.locator("#id_direction").select_option(label=TECH_KK)
    page.locator("#apply-filters").click()
    card = page.get_by_test_id("club-card").filter(has_text=CLUB_KK)
    expect(card).to_have_count(1)
    expect(card).to_contain_text(re.compile(r"10\s000\s₸"))
    expect(page.locator("#results")).not_to_contain_text("₽")
    assert_fits_and_accessible(page, widths=AT_390)
    card.get_by_role("link", name=CLUB_KK).first.click()
    expect(page.locator("main h1")).to_have_text(CLUB_KK)
    groups = page.get_by_test_id("group-card")
    expect(groups.filter(has_text=re.compile(r"10\s000\s₸"))).to_have_count(1)
    expect(groups.filter(has_text="ваучер")).not_to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("₽")
    assert_fits_and_accessible(page, widths=AT_390)

    # the director (demo_logins: aktobe_director) reads the centre's figures in Kazakh
    progress = Organisation.objects.get(name=AKTOBE)
    year = AcademicYear.objects.current()
    refresh(year)
    director = Person.objects.get(user__username="aktobe_director")
    assert director.organisation == progress
    context = context_for(browser, live_server, "kk-KZ")
    try:
        staff = context.new_page()
        staff.set_default_timeout(15_000)
        staff.goto("/kk/accounts/login/")
        staff.locator("#id_username").fill("aktobe_director")
        staff.locator("#id_password").fill(DEMO_PASSWORD)
        staff.locator("main").get_by_role("button", name=in_language("kk", "Log in")).click()
        staff.wait_for_load_state()
        staff.goto("/kk/staff/statistics/")
        assert_language(staff, "kk")
        expect(staff.locator("#statistics-scope")).to_have_text(str(progress))
        technical = staff.locator("[data-testid=statistics-table] tr[data-line='kz-science-technical']")
        expect(technical.locator("th")).to_have_text(TECH_KK)
        learners = int(technical.locator("td[data-column=learners]").inner_text().replace("\u00a0", ""))
        expected = figures(year, [progress.pk, *progress.subdivisions.values_list("pk", flat=True)])
        line = next(line for line in expected.directions if line.direction.slug == "kz-science-technical")
        assert learners == line.learners > 0
        expect(staff.locator("main")).not_to_contain_text("Костана")
        assert_fits_and_accessible(staff, widths=AT_390)
    finally:
        context.close()
