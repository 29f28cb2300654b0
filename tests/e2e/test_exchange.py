"""Issue 19's journeys in Chromium on a phone (390 px), each page checked with axe:

- a parent on a club's page follows «Добавить в календарь» of one group and gets an iCalendar
  file whose events, expanded over the year, are that group's lessons and no other group's;
- a teacher opens their calendar feed page from the staff home page, makes an address, makes a
  new one after the confirmation (the old one is then 404) and stops it;
- a visitor follows the footer's «Открытые данные» to the data passport and downloads the CSV:
  one row a catalogue group;
- a methodist uploads a federal package, sees the check's report name the unknown focus code,
  confirms the import (the worker runs it) and finds the imported program among hers, a draft.
"""

import csv
import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from django.conf import settings
from icalendar import Calendar
from playwright.sync_api import expect

from programs.models import PackageImport, Program, TeacherFeed
from programs.services import attendance
from tests.e2e.a11y import assert_fits_and_accessible, log_in
from tests.programs.exchange.import_helpers import CONSTRUCTOR, UNKNOWN_FOCUS, package, package_year
from tests.programs.factories import ClubFactory, ProgramFactory, catalogue_group

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PHONE = {"width": 390, "height": 844}
AT_390 = (390,)


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        locale="ru-RU", base_url=live_server.url, viewport=PHONE, has_touch=True, accept_downloads=True
    )
    tab = context.new_page()
    tab.set_default_timeout(30_000)
    yield tab
    context.close()


def follow_to_file(page, link) -> tuple[dict, bytes]:
    """Clicks a link to a file (a calendar, a CSV): the browser downloads it rather than show
    it. Returns the answer's headers and the bytes the browser saved."""
    href = link.get_attribute("href")
    with (
        page.expect_response(lambda response: response.url.endswith(href)) as answer,
        page.expect_download() as download,
    ):
        link.click()
    response = answer.value
    assert response.status == 200, response.url
    with open(download.value.path(), "rb") as saved:
        return response.headers, saved.read()


def lessons_of(content: bytes, year) -> set:
    """The feed's events over the year as (date, starts, ends, summary) in the centre's zone."""
    zone = ZoneInfo(settings.TIME_ZONE)
    found = set()
    events = recurring_ical_events.of(Calendar.from_ical(content)).between(
        year.start, year.end + datetime.timedelta(days=1)
    )
    for event in events:
        starts, ends = event["DTSTART"].dt.astimezone(zone), event["DTEND"].dt.astimezone(zone)
        found.add((starts.date(), starts.time(), ends.time(), str(event["SUMMARY"])))
    return found


def planned(group) -> set:
    return {
        (lesson.date, lesson.starts, lesson.ends)
        for month in attendance.year_months(group)
        for lesson in attendance.planned_lessons(group, month)
    }


# --- (1) a parent adds a group's lessons to their calendar ----------------------------------


def test_a_parent_adds_one_groups_lessons_to_a_calendar_from_the_club_page(phone):
    page = phone
    club = ClubFactory(name="Робоквантум", slug="robots")
    program = ProgramFactory(title="Робототехника")
    mondays = catalogue_group(club=club, program=program, name="Группа по понедельникам", weekdays=(1,))
    fridays = catalogue_group(
        club=club, program=program, name="Группа по пятницам", weekdays=(5,), starts=datetime.time(17)
    )

    page.goto("/clubs/robots/")
    assert_fits_and_accessible(page, widths=AT_390)
    link = page.get_by_test_id(f"group-calendar-{mondays.pk}")
    expect(link).to_have_text("Добавить в календарь")
    expect(link).to_have_attribute("type", "text/calendar")
    expect(page.get_by_test_id(f"group-calendar-{fridays.pk}")).to_be_visible()
    assert link.bounding_box()["width"] <= PHONE["width"]

    headers, content = follow_to_file(page, link)
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    assert headers["content-disposition"] == f'inline; filename="robots-{mondays.pk}.ics"'
    lessons = lessons_of(content, mondays.academic_year)
    assert lessons, "the feed has no lessons"
    # that group's lessons, all of them, and nothing of the Friday group
    assert {lesson[:3] for lesson in lessons} == planned(mondays)
    assert {lesson[0].isoweekday() for lesson in lessons} == {1}
    assert all("Группа по понедельникам" in lesson[3] for lesson in lessons)
    uids = {str(event["UID"]) for event in Calendar.from_ical(content).walk("VEVENT")}
    assert {uid.split("@")[0] for uid in uids} == {str(slot.uuid) for slot in mondays.slots.all()}
    # the club page is still there, whole, after the download
    expect(page).to_have_url(re.compile(r"/clubs/robots/$"))
    assert_fits_and_accessible(page, widths=AT_390)


# --- (2) a teacher's own feed: made, renewed, stopped -----------------------------------------


def feed_address(page) -> str:
    address = page.locator("#feed-address").input_value()
    assert "/calendar/" in address and address.endswith(".ics")
    return address


def feed_token_in_db() -> str:
    return TeacherFeed.objects.get().token


def test_a_teacher_makes_renews_and_stops_the_address_of_their_lessons(phone, live_server, teacher):
    page = phone
    group = catalogue_group(teacher=teacher.person, name="Группа 1", club=ClubFactory(name="Робоквантум"))
    catalogue_group(name="Чужая группа")  # another teacher's: not in the feed
    log_in(page.context, teacher, live_server.url)

    page.goto("/staff/")
    page.locator("#calendar-feed-link").click()
    expect(page).to_have_url(f"{live_server.url}/staff/calendar/")
    expect(page.locator("#calendar-contents")).to_contain_text("1 группа")
    assert_fits_and_accessible(page, widths=AT_390)
    assert not TeacherFeed.objects.exists()

    page.locator("#feed-make").get_by_role("button").click()
    first = feed_address(page)
    assert_fits_and_accessible(page, widths=AT_390)
    answer = page.request.get(first)
    assert answer.status == 200 and answer.headers["content-type"].startswith("text/calendar")
    lessons = lessons_of(answer.body(), group.academic_year)
    assert {lesson[:3] for lesson in lessons} == planned(group)
    assert not any("Чужая группа" in lesson[3] for lesson in lessons)

    # a new address: asked first, then the old one stops
    page.locator("#feed-renew").click()
    expect(page.locator("#confirm-title")).to_be_visible()
    assert_fits_and_accessible(page, widths=AT_390)
    assert first.endswith(f"/calendar/{feed_token_in_db()}.ics")  # the GET changed nothing
    page.locator("#confirm-button").click()
    second = feed_address(page)
    assert second != first
    assert page.request.get(first).status == 404
    assert page.request.get(second).status == 200
    assert_fits_and_accessible(page, widths=AT_390)

    # stopped: asked first, then the page offers to make one again and the address is gone
    page.locator("#feed-revoke").click()
    expect(page.locator("#confirm-title")).to_be_visible()
    assert_fits_and_accessible(page, widths=AT_390)
    page.locator("#confirm-button").click()
    expect(page.locator("#feed-make")).to_be_visible()
    expect(page.locator("#feed-address")).to_have_count(0)
    assert not TeacherFeed.objects.exists()
    assert page.request.get(second).status == 404
    assert_fits_and_accessible(page, widths=AT_390)


# --- (3) a visitor downloads the open data ----------------------------------------------------


def test_a_visitor_finds_the_open_data_in_the_footer_and_downloads_the_csv(phone, clubs):
    page = phone
    page.goto("/")
    page.locator("#opendata-link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Открытые данные: кружки и группы")
    expect(page.locator("#opendata-passport tbody tr").first).to_be_visible()
    assert_fits_and_accessible(page, widths=AT_390)

    link = page.locator("#opendata-files").get_by_role("link", name="Данные, CSV")
    headers, content = follow_to_file(page, link)
    assert headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    assert sorted(row["club"] for row in rows) == ["Ансамбль «Радуга»", "Лего для малышей", "Робоквантум"]
    robots = next(row for row in rows if row["club"] == "Робоквантум")
    assert (robots["group_uuid"], robots["program"]) == (str(clubs.uuid), "Робототехника")
    assert robots["club_url"].endswith("/clubs/robots/")
    assert_fits_and_accessible(page, widths=AT_390)


# --- (4) a methodist imports a federal package ------------------------------------------------


def test_a_methodist_imports_a_federal_package_after_its_check(phone, live_server, methodist, task_worker):
    page = phone
    package_year()  # the package's groups begin in 2026/2027
    log_in(page.context, methodist, live_server.url)

    page.goto("/staff/imports/")
    page.locator("#package-imports-link").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_fits_and_accessible(page, widths=AT_390)
    page.locator("#new-package-import").click()
    assert_fits_and_accessible(page, widths=AT_390)
    page.locator("#id_file").set_input_files(
        {"name": "вектор.xml", "mimeType": "application/xml", "buffer": package("quirks.xml")}
    )
    page.locator("#package-import-upload").click()

    # the page refreshes itself until the worker has checked the package
    expect(page.locator("#package-import-checked")).to_be_visible()
    expect(page.locator("#package-import-status")).to_have_attribute("data-status", "checked")
    unknown = page.locator(f'#package-report tr[data-uuid="{UNKNOWN_FOCUS}"]')
    expect(unknown).to_have_attribute("data-outcome", "skipped")
    expect(unknown).to_contain_text("Неизвестный код направленности «voenno-patrioticheskoe»")
    expect(page.locator(f'#package-report tr[data-uuid="{CONSTRUCTOR}"]')).to_have_attribute(
        "data-outcome", "created"
    )
    assert_fits_and_accessible(page, widths=AT_390)
    assert not Program.objects.filter(uuid=CONSTRUCTOR).exists()  # the check saved nothing

    page.locator("#package-import-run").click()
    expect(page.locator("#confirm-title")).to_have_text("Импортировать пакет?")
    assert_fits_and_accessible(page, widths=AT_390)
    page.locator("#confirm-button").click()
    expect(page.locator("#package-import-done")).to_be_visible()
    expect(page.locator(f'#package-report tr[data-uuid="{UNKNOWN_FOCUS}"]')).to_have_attribute(
        "data-outcome", "skipped"
    )
    assert_fits_and_accessible(page, widths=AT_390)

    task_worker.wait_idle()
    imported = PackageImport.objects.get()
    assert (imported.status, imported.created_by) == ("done", methodist)
    program = Program.objects.get(uuid=CONSTRUCTOR)
    assert program.organisation == methodist.person.organisation
    assert not Program.objects.filter(uuid=UNKNOWN_FOCUS).exists()

    page.goto("/staff/programs/")
    row = page.locator(f"#program-{program.pk}")
    expect(row).to_contain_text("Юный конструктор")
    expect(row.locator("[data-status]")).to_have_attribute("data-status", "draft")
    expect(row.locator("[data-status]")).to_have_text("черновик")
    assert_fits_and_accessible(page, widths=AT_390)
