"""The layout sweep: every page the access matrix lets a role open, in Chromium at 390 and
1280 px (and 360 px for the pages a parent lives on), fits the screen's width and has no
serious or critical axe-core violation.

The pages come from the access matrix (tests/security/matrix.py): each GET a role answers
200 to, with its URL's arguments taken from one world of factories (the tenancy matrix's
organisation A, a parent with an application, a public project). A page added to the
portal with URL arguments needs its row in ARGUMENTS below; a page that is no HTML page
its entry in NOT_PAGES.
"""

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.a11y import NARROWEST, WIDTHS, log_in, overflow, problems
from tests.projects.factories import ProjectFactory
from tests.security import matrix
from tests.security.worlds import build_tenancy_world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

#: the roles swept, each logged in as the world's user of that role
SWEPT_ROLES = ("anonymous", "parent", "teacher", "methodist", "director", "coordinator", "authority")

#: URLs that answer a GET with something other than an HTML page of the portal
NOT_PAGES = {
    "healthz": "plain text for the load balancer",
    "robots_txt": "plain text",
    "programs:staff_group_export": "XLSX",
    "projects:photo": "an image",
    "projects:file_download": "a file",
    "projects:diploma": "a scan",
    "projects:achievements_xlsx": "XLSX",
    "projects:gifted_bank_xlsx": "XLSX",
    "innovation:export": "XLSX",
    "mentoring:export": "XLSX",
    "programs:staff_order_export": "XLSX",
    "programs:attendance_timesheet": "XLSX",
    "programs:staff_import_template": "XLSX",
    "programs:staff_import_errors": "XLSX",
    # issue 19: the exchange
    "programs:package_api": "XML, behind a navigator's token",
    "programs:group_calendar": "iCalendar",
    "programs:teacher_calendar": "iCalendar",
    "programs:opendata_csv": "CSV",
    "programs:opendata_json": "JSON",
    "programs:opendata_structure": "CSV",
    "programs:opendata_passport": "CSV",
    "programs:opendata_passport_json": "JSON",
    # issue 17: the statistics' workbook (its page and print view are swept)
    "programs:statistics_export": "XLSX",
}

#: the pages parents (and staff at the door) open most: also checked at 360 px
KEY_PAGES = {
    "home",
    "login",
    "programs:catalogue",
    "programs:club",
    "programs:apply",
    "programs:application_status",
    "programs:application_submitted",
    "programs:cabinet",
    "programs:register",
    "programs:staff_applications",
    "programs:staff_group",
}

#: a URL's arguments from the world (``w``: the tenancy world, its organisation A as ``w.a``)
ARGUMENTS = {
    "password_reset_confirm": lambda w: {"uidb64": "MQ", "token": "set-password"},
    "staff_learner": lambda w: {"pk": w.a.learner.pk},
    "staff_learner_edit": lambda w: {"pk": w.a.learner.pk},
    "programs:club": lambda w: {"slug": w.a.club.slug},
    "programs:apply": lambda w: {"slug": w.a.club.slug, "group_id": w.a.group.pk},
    "programs:application_status": lambda w: {"token": w.a.application.token},
    "programs:application_submitted": lambda w: {"token": w.a.application.token},
    "programs:application_withdraw_confirm": lambda w: {"token": w.a.application.token},
    "programs:offer_decline": lambda w: {"token": w.a.offered.token},
    "programs:confirm_email": lambda w: {"token": "not-a-valid-link"},
    "programs:child_edit": lambda w: {"pk": w.a.child.pk},
    "programs:child_remove": lambda w: {"pk": w.a.child.pk},
    "programs:cabinet_leave": lambda w: {"pk": w.a.enrolled.pk},
    "programs:staff_waiting_list": lambda w: {"pk": w.a.group.pk},
    "programs:staff_leave_request": lambda w: {"pk": w.a.leave.pk},
    "programs:staff_application_reject": lambda w: {"pk": w.a.application.pk},
    "staff_consent_withdraw": lambda w: {"pk": w.a.learner.pk, "consent_pk": w.a.consent.pk},
    "projects:photo_delete": lambda w: {"pk": w.a.project.pk, "photo_pk": w.a.project_photo.pk},
    "projects:file_delete": lambda w: {"pk": w.a.project.pk, "file_pk": w.a.project_file.pk},
    "programs:staff_program": lambda w: {"pk": w.a.program.pk},
    "programs:staff_program_edit": lambda w: {"pk": w.a.program.pk},
    "programs:staff_club_edit": lambda w: {"pk": w.a.club.pk},
    "programs:staff_group": lambda w: {"pk": w.a.group.pk},
    "programs:staff_group_edit": lambda w: {"pk": w.a.group.pk},
    "programs:staff_application": lambda w: {"pk": w.a.application.pk},
    "projects:project": lambda w: {"pk": w.public_project.pk},
    "projects:project_edit": lambda w: {"pk": w.a.project.pk},
    "projects:project_results": lambda w: {"pk": w.a.project.pk},
    "projects:project_media": lambda w: {"pk": w.a.project.pk},
    "projects:competition_edit": lambda w: {"pk": w.a.competition.pk},
    "projects:competition_results": lambda w: {"pk": w.a.competition.pk},
    "innovation:platform": lambda w: {"pk": w.a.platform.pk},
    "innovation:platform_edit": lambda w: {"pk": w.a.platform.pk},
    "innovation:order_create": lambda w: {"pk": w.a.platform.pk},
    "innovation:order_link": lambda w: {"pk": w.a.platform.pk},
    "innovation:order_edit": lambda w: {"pk": w.a.platform.pk, "order_pk": w.a.order.pk},
    "innovation:report_create": lambda w: {"pk": w.a.platform.pk},
    "innovation:report_edit": lambda w: {"pk": w.a.platform.pk, "report_pk": w.a.report.pk},
    "innovation:product_create": lambda w: {"pk": w.a.platform.pk},
    "innovation:product_edit": lambda w: {"pk": w.a.platform.pk, "product_pk": w.a.product.pk},
    "mentoring:program_update": lambda w: {"pk": w.a.mentoring_program.pk},
    "mentoring:pair_detail": lambda w: {"pk": w.a.pair.pk},
    "mentoring:pair_update": lambda w: {"pk": w.a.pair.pk},
    "mentoring:pair_status": lambda w: {"pk": w.a.pair.pk},
    "mentoring:meeting_create": lambda w: {"pk": w.a.pair.pk},
    "mentoring:plan_item_create": lambda w: {"pk": w.a.pair.pk},
    "mentoring:feedback_create": lambda w: {"pk": w.a.pair.pk},
    # the methodist's year
    "programs:staff_next_year_children": lambda w: {"pk": w.a.next_group.pk},
    "programs:staff_order": lambda w: {"pk": w.a.signed_order.pk},
    "programs:staff_order_sign": lambda w: {"pk": w.a.draft_order.pk},
    "programs:staff_order_paper": lambda w: {"pk": w.a.draft_order.pk},
    "programs:staff_order_remove": lambda w: {"pk": w.a.draft_order.pk, "enrolment_pk": w.a.drafted.pk},
    "programs:staff_order_print": lambda w: {"pk": w.a.signed_order.pk},
    "programs:staff_enrolment_end": lambda w: {"pk": w.a.enrolment.pk},
    "programs:attendance_calendar_remove": lambda w: {"pk": w.a.calendar_day.pk},
    "programs:attendance_lesson": lambda w: {"pk": w.a.open_lesson.pk},
    "programs:attendance_lesson_clear": lambda w: {"pk": w.a.open_lesson.pk},
    "programs:attendance_child_rates": lambda w: {"pk": w.a.group.pk},
    "programs:attendance_register": lambda w: month_of(w.a.group, w.a.open_month),
    "programs:attendance_close": lambda w: month_of(w.a.group, w.a.open_month),
    "programs:attendance_reopen": lambda w: month_of(w.a.group, w.a.closed_month),
    "programs:staff_import": lambda w: {"pk": w.a.bad_import.pk},
    "programs:staff_import_run": lambda w: {"pk": w.a.import_batch.pk},
    "programs:staff_next_year_move_undo": lambda w: {"pk": w.a.moved.pk},
    # issue 19: a package uploaded and checked (tests/security/exchange_world.py)
    "programs:staff_package_import": lambda w: {"pk": w.a.package_import.pk},
    "programs:staff_package_import_run": lambda w: {"pk": w.a.package_import.pk},
}


def month_of(group, month):
    return {"pk": group.pk, "year": month.year, "month": month.month}


def get_outcomes(name):
    """The matrix's outcomes of a GET to the URL by role, or None for a POST-only one (a POST
    endpoint whose GET is a confirmation page has them in OTHER_METHOD)."""
    expected = matrix.MATRIX[name]
    if not isinstance(expected, tuple):
        return expected
    method, outcomes = matrix.OTHER_METHOD.get(name, ("POST", None))
    return outcomes if method == "GET" else None


def pages_of(role):
    """The names of the HTML pages the matrix lets ``role`` open with a GET (only those whose
    name contains one of the comma-separated words of $LAYOUT_PAGES, when it is set: a
    shorter sweep of the pages being worked on, e.g. LAYOUT_PAGES=staff_order,attendance_)."""
    only = [word for word in os.environ.get("LAYOUT_PAGES", "").split(",") if word]
    return [
        name
        for name in matrix.MATRIX
        if name not in NOT_PAGES
        and (get_outcomes(name) or {}).get(role) == matrix.OK
        and (not only or any(word in name for word in only))
    ]


def build_world():
    """The tenancy world (its organisation A holds a parent's account with a child, a new
    application, an enrolled child asking to leave, one waiting and one offered a place), and
    a public project."""
    world = build_tenancy_world()
    world.users["parent"] = world.a.parent_user
    world.public_project = ProjectFactory(
        club=world.a.club,
        supervisor=world.a.teacher,
        learners=[world.a.learner],  # who gave the publication consent
        title="Умная теплица",
        is_public=True,
    )
    return world


def test_the_sweep_knows_every_page():
    """Every page with URL arguments has them here, so none is left out of the sweep."""
    routes = matrix.portal_urls()
    unknown = sorted(
        name
        for role in SWEPT_ROLES
        for name in pages_of(role)
        if "<" in routes[name] and name not in ARGUMENTS
    )
    assert not unknown, "Pages the layout sweep cannot open (add them to ARGUMENTS): " + ", ".join(
        sorted(set(unknown))
    )
    assert set(NOT_PAGES) | set(KEY_PAGES) | set(ARGUMENTS) <= set(routes)


@pytest.mark.parametrize("role", SWEPT_ROLES)
def test_every_page_fits_the_screen_and_passes_axe(browser, live_server, role):
    if not pages_of(role):
        pytest.skip("no page of $LAYOUT_PAGES opens for this role")
    world = build_world()
    context = browser.new_context(locale="ru-RU", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    if role != "anonymous":
        log_in(context, world.users[role], live_server.url)
    found, visited = [], 0
    try:
        for name in pages_of(role):
            maker = ARGUMENTS.get(name)
            url = reverse(name, kwargs=maker(world) if maker else {})
            response = page.goto(url)
            if response.status != 200:
                found.append(f"{name} {url}: answered {response.status}")
                continue
            widths = (NARROWEST, *WIDTHS) if name in KEY_PAGES else WIDTHS
            found.extend(f"{name} {url} {line}" for line in problems(page, widths))
            visited += 1
    finally:
        context.close()
    assert not found, f"{len(found)} problems on {visited} pages as {role}:\n" + "\n".join(found)
    assert visited >= (1 if os.environ.get("LAYOUT_PAGES") else 5)


@pytest.mark.parametrize(
    ("role", "path", "status"),
    [("anonymous", "/no-such-page/", 404), ("parent", "/staff/", 403)],
)
def test_error_pages_fit_the_screen_and_pass_axe(browser, live_server, role, path, status):
    world = build_world()
    context = browser.new_context(locale="ru-RU", base_url=live_server.url)
    page = context.new_page()
    if role != "anonymous":
        log_in(context, world.users[role], live_server.url)
    try:
        assert page.goto(path).status == status
        found = problems(page, (NARROWEST, *WIDTHS))
    finally:
        context.close()
    assert not found, "\n".join(found)


# --- the header on a phone -------------------------------------------------------------------


def _header_page(browser, live_server, user, *, width, javascript=True):
    context = browser.new_context(
        locale="ru-RU",
        base_url=live_server.url,
        java_script_enabled=javascript,
        viewport={"width": width, "height": 800},
    )
    log_in(context, user, live_server.url)
    page = context.new_page()
    page.goto("/")
    return context, page


def test_on_a_phone_the_menus_fold_behind_one_button_that_opens_them(browser, live_server, methodist):
    context, page = _header_page(browser, live_server, methodist, width=390)
    try:
        clubs = page.locator("#main-menu").get_by_role("link", name="Кружки")
        staff = page.get_by_test_id("staff-menu")
        expect(clubs).to_be_hidden()
        expect(staff).to_be_hidden()
        # the first screen is the page, not the menus: the heading starts within 200 px
        assert page.locator("main h1").bounding_box()["y"] < 200
        toggler = page.get_by_test_id("menu-toggler")
        expect(toggler).to_have_attribute("aria-expanded", "false")
        toggler.click()
        expect(clubs).to_be_visible()
        expect(staff.get_by_role("link", name="Заявки")).to_be_visible()
        expect(page.get_by_role("button", name="Выйти")).to_be_visible()
        expect(toggler).to_have_attribute("aria-expanded", "true")
        # the brand keeps off the screen's edge
        assert page.locator(".navbar-brand").bounding_box()["x"] >= 8
    finally:
        context.close()


def test_without_javascript_the_menus_stay_open(browser, live_server, methodist):
    context, page = _header_page(browser, live_server, methodist, width=390, javascript=False)
    try:
        expect(page.get_by_test_id("menu-toggler")).to_be_hidden()
        expect(page.locator("#main-menu").get_by_role("link", name="Кружки")).to_be_visible()
        expect(page.get_by_test_id("staff-menu").get_by_role("link", name="Заявки")).to_be_visible()
        expect(page.get_by_role("button", name="Выйти")).to_be_visible()
        assert overflow(page) is None
    finally:
        context.close()


def test_on_a_desktop_the_menus_are_open_without_a_toggler(browser, live_server, methodist):
    context, page = _header_page(browser, live_server, methodist, width=1280)
    try:
        expect(page.get_by_test_id("menu-toggler")).to_be_hidden()
        expect(page.locator("#main-menu").get_by_role("link", name="Кружки")).to_be_visible()
        expect(page.get_by_test_id("staff-menu").get_by_role("link", name="Заявки")).to_be_visible()
    finally:
        context.close()


def test_a_list_becomes_cards_on_a_phone_with_every_button_in_reach(browser, live_server):
    """The staff's group list: below 576 px each row is a card whose cells carry their column's
    name, and nothing needs a sideways scroll."""
    world = build_world()
    context, page = _header_page(browser, live_server, world.users["methodist"], width=390)
    try:
        page.goto(reverse("programs:staff_groups"))
        row = page.locator(f"#group-{world.a.group.pk}")
        expect(page.locator("#group-table thead")).to_be_hidden()
        cell = row.locator("td").nth(1)
        label = cell.evaluate("cell => getComputedStyle(cell, '::before').content")
        assert label == '"Педагог"'
        box = row.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        page.set_viewport_size({"width": 1280, "height": 800})
        expect(page.locator("#group-table thead")).to_be_visible()
    finally:
        context.close()
