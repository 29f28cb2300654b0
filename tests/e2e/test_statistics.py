"""Issue 17's statistics in Chromium on a phone (390 px), every page checked for width and
axe-core's serious findings, on the statistics' small known world
(tests/programs/statistics/world.py: an authority X whose territory holds centre A and a
culture and sport organisation B, with hand-computed figures):

- the authority's member finds the statistics in the staff menu, reads this year's form
  1-ДОП table (both organisations), picks last year, sees the SVG chart with its text
  alternative, downloads the XLSX (the same figures), opens the print view; then all of it
  in Kazakh (the headings, the chart, the workbook's headers);
- A's director sees only A's figures, on the page and in the workbook.
"""

import datetime
import io
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook
from playwright.sync_api import expect

from centre.models import Sex, TerritoryPupils
from centre.roles import Role
from programs.models import Enrolment, StatisticsRefresh
from programs.statistics import refresh
from tests.e2e.a11y import assert_fits_and_accessible, log_in
from tests.e2e.conftest import TaskWorker
from tests.factories import LearnerFactory
from tests.programs.statistics import world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
AT_390 = (390,)
NBSP = "\u00a0"


def in_language(code, msgid):
    """The catalogue's translation of ``msgid`` into ``code``; fails when there is none."""
    with translation.override(code):
        text = gettext(msgid)
    assert text != msgid or code == "en", f"no {code} translation of {msgid!r}"
    return text


@pytest.fixture
def known():
    built = world.build()
    refresh(built.year)
    refresh(built.last_year)
    return built


@pytest.fixture
def staff_phone(browser, live_server):
    """Opens a phone-sized browser signed in as ``user``."""
    contexts = []

    def open_as(user):
        context = browser.new_context(
            locale="ru-RU", base_url=live_server.url, viewport=PHONE, has_touch=True, accept_downloads=True
        )
        contexts.append(context)
        log_in(context, user, live_server.url)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        return tab

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture
def member_of(make_user):
    def make(role, organisation, username):
        user = make_user(role, username=username)
        user.person.organisation = organisation
        user.person.save(update_fields=["organisation"])
        return user

    return make


def line_values(page, line) -> dict:
    """The table line's figures by column, as numbers (the share as its text)."""
    row = page.locator(f"[data-testid=statistics-table] tr[data-line='{line}']")
    expect(row).to_have_count(1)
    values = {}
    for column in world.COLUMNS:
        text = row.locator(f"td[data-column={column}]").inner_text()
        values[column] = int(text.replace(NBSP, "").replace(" ", ""))
    values["share"] = row.locator("td[data-column=share]").inner_text().strip()
    return values


def figures_of(expected, share) -> dict:
    return {**expected, "share": share}


def download_workbook(page):
    link = page.locator("#statistics-export")
    expect(link).to_be_visible()
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.endswith(".xlsx"), download.value.suggested_filename
    with open(download.value.path(), "rb") as saved:
        return load_workbook(io.BytesIO(saved.read()), read_only=True).active


def sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def row_named(rows, name) -> list:
    found = [row for row in rows if row and row[0] == name]
    assert len(found) == 1, f"{name!r} in {[row[0] for row in rows if row]}"
    return found[0]


def assert_chart(page, testid, *parts):
    """The SVG chart is drawn, and its text alternative (its accessible name: the title and
    the desc) and its caption say the figures in words."""
    chart = page.get_by_test_id(testid)
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("role", "img")
    assert chart.evaluate("node => node.tagName.toLowerCase()") == "svg"
    assert chart.locator("rect").count() >= 2
    description = chart.locator("desc")
    for part in parts:
        expect(description).to_contain_text(part)
        expect(chart.locator("xpath=ancestor::figure//figcaption")).to_contain_text(part)
    # what a screen reader says of the image: its title and the figures (aria-labelledby)
    expect(chart).to_have_accessible_name(re.compile(".+" + ".*".join(map(re.escape, parts))))


def test_the_staff_menu_leads_the_authority_and_the_director_to_the_statistics(staff_phone, known, member_of):
    for role, organisation, username in (
        (Role.AUTHORITY, known.authority, "authority"),
        (Role.DIRECTOR, known.a, "director"),
    ):
        page = staff_phone(member_of(role, organisation, username))
        page.goto("/staff/")
        page.get_by_test_id("menu-toggler").click()
        link = page.get_by_test_id("staff-menu").locator("a[href$='/staff/statistics/']")
        expect(link).to_be_visible()
        link.click()
        assert re.search(r"/staff/statistics/", page.url), page.url
        expect(page.locator("main h1")).to_have_text(
            in_language("ru", "Statistics of supplementary education")
        )


def test_the_authority_reads_the_statistics_of_its_territory_downloads_and_prints_them(
    staff_phone, known, member_of
):
    page = staff_phone(member_of(Role.AUTHORITY, known.authority, "authority"))
    page.goto("/staff/statistics/")
    expect(page.locator("main h1")).to_have_text(in_language("ru", "Statistics of supplementary education"))
    expect(page.locator("#statistics-scope")).to_contain_text("Отдел образования X")
    expect(page.locator("#statistics-as-of")).to_be_visible()
    expect(page.locator("#statistics-year")).to_have_value(str(known.year.pk))
    assert line_values(page, "total") == figures_of(world.TOTAL, f"33,3{NBSP}%")
    assert line_values(page, "technical") == figures_of(world.A_TECHNICAL, f"13,3{NBSP}%")
    assert line_values(page, "arts") == figures_of(world.ARTS, f"26,7{NBSP}%")
    assert_chart(page, "statistics-direction-chart", "Техническая: 4", "Художественная: 8")
    assert_chart(
        page,
        "statistics-age-chart",
        f"{in_language('ru', '5–9 years')}: 2",
        f"{in_language('ru', '10–14 years')}: 4",
    )
    assert_fits_and_accessible(page, widths=AT_390)

    # the workbook: the same figures, as numbers
    rows = sheet_rows(download_workbook(page))
    assert "2025/2026" in rows[0][0]
    assert row_named(rows, "Техническая")[1:14] == [*world.A_TECHNICAL.values(), 13.3]
    assert row_named(rows, in_language("ru", "All directions (a child once)"))[1:14] == [
        *world.TOTAL.values(),
        33.3,
    ]

    # last year: only A's technical club had groups; no schoolchildren recorded, so no shares
    page.locator("#statistics-year").select_option(str(known.last_year.pk))
    page.locator("#statistics-year").locator("xpath=ancestor::form").get_by_role("button").click()
    assert f"year={known.last_year.pk}" in page.url, page.url
    expect(page.locator("#statistics-year")).to_have_value(str(known.last_year.pk))
    assert line_values(page, "technical") == figures_of(world.LAST_YEAR_A_TECHNICAL, "—")
    expect(page.locator("[data-testid=statistics-table] tr[data-line='arts']")).to_have_count(0)
    expect(page.locator("#statistics-no-pupils")).to_be_visible()
    assert_fits_and_accessible(page, widths=AT_390)
    rows = sheet_rows(download_workbook(page))
    assert "2024/2025" in rows[0][0]
    assert row_named(rows, "Техническая")[1:13] == list(world.LAST_YEAR_A_TECHNICAL.values())

    # the authority records last year's schoolchildren (an empty number first): the shares appear
    page.locator("#statistics-pupils-save").click()
    expect(page.locator("#statistics-pupils")).to_contain_text(
        in_language("ru", "Enter the number of schoolchildren.")
    )
    assert_fits_and_accessible(page, widths=AT_390)
    page.locator("#id_pupils").fill("1000")
    page.locator("#statistics-pupils-save").click()
    assert f"year={known.last_year.pk}" in page.url, page.url
    assert line_values(page, "technical") == figures_of(world.LAST_YEAR_A_TECHNICAL, f"0,2{NBSP}%")
    expect(page.locator("#statistics-no-pupils")).to_have_count(0)
    assert_fits_and_accessible(page, widths=AT_390)
    recorded = TerritoryPupils.objects.get(authority=known.authority, academic_year=known.last_year)
    assert (recorded.pupils, recorded.entered_by.username) == (1000, "authority")

    # the print view of that year
    page.locator("#statistics-print").click()
    assert re.search(rf"/staff/statistics/print/\?year={known.last_year.pk}$", page.url), page.url
    expect(page.locator("main h1")).to_have_text(in_language("ru", "Statistics of supplementary education"))
    assert line_values(page, "technical") == figures_of(world.LAST_YEAR_A_TECHNICAL, f"0,2{NBSP}%")
    expect(page.locator("#statistics-refresh")).to_have_count(0)
    assert_fits_and_accessible(page, widths=AT_390)
    page.emulate_media(media="print")
    expect(page.locator("[data-testid=statistics-table]")).to_be_visible()
    expect(page.locator(".statistics-print .d-print-none").first).to_be_hidden()
    page.emulate_media(media="screen")

    # in Kazakh: the switcher keeps the page and its year
    page.get_by_test_id("language-switcher").locator("a", has_text="Қаз").click()
    assert re.search(rf"/kk/staff/statistics/print/\?year={known.last_year.pk}$", page.url), page.url
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.locator("main h1")).to_have_text(in_language("kk", "Statistics of supplementary education"))
    assert_fits_and_accessible(page, widths=AT_390)
    page.goto(f"/kk/staff/statistics/?year={known.year.pk}")
    expect(page.locator("main h1")).to_have_text(in_language("kk", "Statistics of supplementary education"))
    expect(page.locator("#statistics-table-heading")).to_have_text(
        in_language("kk", "By direction, as in form 1-ДОП")
    )
    table = page.get_by_test_id("statistics-table")
    expect(table.locator("thead")).to_contain_text(in_language("kk", "Teachers"))
    expect(table.locator("tr[data-line='technical'] th")).to_have_text("Техникалық")
    assert line_values(page, "total") == figures_of(world.TOTAL, f"33,3{NBSP}%")
    assert_chart(page, "statistics-direction-chart", "Техникалық: 4", "Көркемдік: 8")
    with translation.override("kk"):
        title = gettext("Children by direction")
    expect(page.get_by_test_id("statistics-direction-chart").locator("title").first).to_have_text(title)
    assert_fits_and_accessible(page, widths=AT_390)
    rows = sheet_rows(download_workbook(page))
    header = next(row for row in rows if row and row[0] == in_language("kk", "Direction"))
    assert header[12] == in_language("kk", "Teachers")
    assert row_named(rows, "Техникалық")[1:14] == [*world.A_TECHNICAL.values(), 13.3]


def test_the_director_sees_only_their_organisation(staff_phone, known, member_of):
    page = staff_phone(member_of(Role.DIRECTOR, known.a, "director"))
    page.goto(f"/staff/statistics/?year={known.year.pk}")
    expect(page.locator("#statistics-scope")).to_have_text("Центр А")
    assert line_values(page, "total") == figures_of(world.A_TOTAL, f"26,7{NBSP}%")
    assert line_values(page, "technical") == figures_of(world.A_TECHNICAL, f"13,3{NBSP}%")
    expect(page.locator("main")).not_to_contain_text("Дворец спорта Б")
    assert_chart(page, "statistics-direction-chart", "Техническая: 4", "Художественная: 6")
    assert_fits_and_accessible(page, widths=AT_390)
    rows = sheet_rows(download_workbook(page))
    assert row_named(rows, in_language("ru", "All directions (a child once)"))[1:13] == list(
        world.A_TOTAL.values()
    )
    assert "Центр А" in rows[1][0] and "Дворец" not in str(rows)
    page.locator("#statistics-print").click()
    assert line_values(page, "total") == figures_of(world.A_TOTAL, f"26,7{NBSP}%")
    assert_fits_and_accessible(page, widths=AT_390)
    # no way to another organisation's figures: the pupils form is the authority's alone
    expect(page.locator("#statistics-pupils")).to_have_count(0)


def test_the_refresh_button_brings_new_records_into_the_figures(
    staff_phone, known, member_of, transactional_db
):
    """Figures are precomputed: a child enrolled after the refresh is not in them until the
    Refresh button's task has run in the worker."""
    page = staff_phone(member_of(Role.AUTHORITY, known.authority, "authority"))
    page.goto(f"/staff/statistics/?year={known.year.pk}")
    assert line_values(page, "total")["learners"] == world.TOTAL["learners"]
    robotics = known.groups[0]
    newcomer = LearnerFactory(organisation=known.a, sex=Sex.FEMALE, birth_date=datetime.date(2014, 5, 1))
    Enrolment.objects.create(group=robotics, learner=newcomer, enrolled_on=known.year.start)
    page.locator("#statistics-refresh").click()
    expect(page.locator("#statistics-waiting")).to_be_visible()
    assert line_values(page, "total")["learners"] == world.TOTAL["learners"]
    assert_fits_and_accessible(page, widths=AT_390)

    worker = TaskWorker().start()
    try:
        worker.wait_idle(timeout=30)
    finally:
        worker.stop()
    assert StatisticsRefresh.objects.filter(academic_year=known.year).latest("queued_at").status == "done"
    page.goto(f"/staff/statistics/?year={known.year.pk}")
    expect(page.locator("#statistics-waiting")).to_have_count(0)
    total = line_values(page, "total")
    assert (total["learners"], total["girls"], total["age_10_14"]) == (
        world.TOTAL["learners"] + 1,
        world.TOTAL["girls"] + 1,
        world.TOTAL["age_10_14"] + 1,
    )
    assert line_values(page, "technical")["learners"] == world.A_TECHNICAL["learners"] + 1
    assert_fits_and_accessible(page, widths=AT_390)
