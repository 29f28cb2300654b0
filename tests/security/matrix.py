"""The access matrix: for every named URL of the portal, the expected outcome for each role
(GET), or ("POST", outcomes) for a POST-only endpoint. Checked by test_access_matrix.py; its
outcome codes are shared with test_tenancy_matrix.py."""

from urllib.parse import urlparse

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import URLPattern, URLResolver, get_resolver

# the columns: "coordinator" is the mentoring coordinator, "authority" a member of the
# education authority whose territory holds the demo methodist's organisation (reads, changes
# nothing, no personal data), "teacher_coordinator" a teacher who is also the mentoring
# coordinator, of the same organisation, who teaches none of the objects below
ROLES = (
    "anonymous",
    "parent",
    "teacher",
    "methodist",
    "director",
    "coordinator",
    "authority",
    "teacher_coordinator",
    "admin",
)

# URL prefixes not in the matrix, each with the reason.
SKIPPED_PREFIXES = {
    "admin/": "Django's admin: its own login and is_staff/permission checks, tested by Django itself",
    "media/": "django.conf.urls.static helper, added only with DEBUG on; uploads are served by the web server",
    "static/": "static files are served by whitenoise before URL resolution",
}

OK, LOGIN, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, "login", "redirect", 403, 404, 405
UNAUTHORIZED = 401  # an API's key is a token, not a session: none sent, every role gets 401
DONE = "done"  # a POST the role may send: the view ran (200 or a redirect not to the login page)
L, F, N = LOGIN, FORBIDDEN, NOT_FOUND


def row(anonymous, parent, teacher, methodist, director, coordinator, authority, teacher_coordinator, admin):
    values = (
        anonymous,
        parent,
        teacher,
        methodist,
        director,
        coordinator,
        authority,
        teacher_coordinator,
        admin,
    )
    return dict(zip(ROLES, values, strict=True))


#                 anon parent teacher meth dir coord auth t+c admin
PUBLIC = row(OK, OK, OK, OK, OK, OK, OK, OK, OK)
LOGIN_REQUIRED = row(L, OK, OK, OK, OK, OK, OK, OK, OK)
METHODIST_ONLY = row(L, F, F, OK, F, F, F, F, OK)
DIRECTOR_ONLY = row(L, F, F, F, OK, F, F, F, OK)
QUEUE = row(L, F, F, OK, OK, F, F, F, OK)  # methodist and director: children's personal data
REGISTERS = row(L, F, F, OK, OK, F, OK, F, OK)  # programs and clubs: the authority reads them
GROUP_LIST = row(L, F, OK, OK, OK, F, OK, OK, OK)  # a teacher's own groups; the registers
OWN_GROUP = row(L, F, OK, OK, OK, F, OK, N, OK)  # the teacher's group; another teacher's is 404
PROJECT_EDITORS = row(L, F, OK, OK, F, F, F, OK, OK)  # lists and forms of projects
OWN_PROJECT = row(L, F, OK, OK, F, F, F, N, OK)  # the teacher's own club's project
INNOVATION = row(L, F, F, OK, OK, F, OK, F, OK)  # reading the platforms
EDIT_INNOVATION = row(L, F, F, OK, OK, F, F, F, OK)
MANAGE_MENTORING = row(L, F, F, OK, OK, OK, F, OK, OK)
PAIR = row(L, F, OK, OK, OK, OK, F, OK, OK)  # the teacher is the pair's mentor
PARENT_ONLY = row(L, OK, F, F, F, F, F, F, F)  # the parent's own data: not even the admin
# the attendance register: a teacher's own groups (another teacher's is 404), the methodist's
# and the director's organisation; the authority reads no child's attendance
REGISTER = row(L, F, OK, OK, OK, F, F, N, OK)
MARKING = row(L, F, OK, OK, F, F, F, N, OK)  # marks: the group's teacher and the methodist
STATISTICS = row(L, F, F, F, OK, F, OK, F, OK)  # form 1-ДОП's figures: director and authority


def post(anonymous, parent, teacher, methodist, director, coordinator, authority, teacher_coordinator, admin):
    return (
        "POST",
        row(
            anonymous,
            parent,
            teacher,
            methodist,
            director,
            coordinator,
            authority,
            teacher_coordinator,
            admin,
        ),
    )


D = DONE

# url name -> expected outcome per role (GET), or ("POST", outcomes)
MATRIX = {
    # core
    "home": PUBLIC,
    "healthz": PUBLIC,
    "robots_txt": PUBLIC,
    # the language switcher: a redirect back to the page in that language, for everyone
    "choose_language": row(*[REDIRECT] * 9),
    "login": PUBLIC,
    "logout": row(*[NOT_ALLOWED] * len(ROLES)),  # POST only
    "password_change": LOGIN_REQUIRED,
    "password_change_done": LOGIN_REQUIRED,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,  # an invalid link renders "the link is invalid"
    "password_reset_complete": PUBLIC,
    "staff_home": row(L, F, OK, OK, OK, OK, OK, OK, OK),  # every staff role's landing page
    "staff_audit": DIRECTOR_ONLY,
    "staff_learner": QUEUE,
    "staff_learner_erase": post(L, F, F, D, D, F, F, F, D),
    # the learner's sex and ОВЗ: the card's readers, in their own organisation (write scope)
    "staff_learner_edit": QUEUE,
    "staff_consent_withdraw": post(L, F, F, D, D, F, F, F, D),
    # the staff member's own settings (the daily digest): no object of anyone else's
    "staff_preferences": row(L, F, OK, OK, OK, OK, OK, OK, OK),
    # programs: public side and the parent cabinet
    "programs:catalogue": PUBLIC,
    "programs:club": PUBLIC,
    "programs:apply": PUBLIC,
    "programs:application_status": PUBLIC,  # the private link is the key
    "programs:application_submitted": PUBLIC,
    "programs:application_withdraw": post(D, D, D, D, D, D, D, D, D),
    "programs:cabinet": row(L, OK, F, F, F, F, F, F, F),
    "programs:register": row(
        OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT
    ),
    "programs:cabinet_withdraw": post(L, D, F, F, F, F, F, F, F),
    "programs:confirm_email": PUBLIC,  # the link from the mail; a bad one renders "link invalid"
    "programs:confirm_email_resend": post(L, D, F, F, F, F, F, F, F),
    "programs:confirm_phone": PARENT_ONLY,  # the code is sent and checked by POST
    "programs:children": PARENT_ONLY,
    "programs:child_add": PARENT_ONLY,
    "programs:child_edit": PARENT_ONLY,
    "programs:child_remove": PARENT_ONLY,  # GET: the confirmation page
    "programs:cabinet_leave": PARENT_ONLY,  # GET: the confirmation page with a reason
    "programs:application_lookup": PUBLIC,
    # the waiting list by the private link (the token is the key)
    "programs:offer_accept": post(D, D, D, D, D, D, D, D, D),
    "programs:offer_decline": PUBLIC,  # GET: the confirmation page of an open offer
    "programs:application_withdraw_confirm": PUBLIC,
    # programs: staff
    "programs:staff_programs": REGISTERS,
    "programs:staff_program_create": METHODIST_ONLY,
    "programs:staff_review": DIRECTOR_ONLY,
    "programs:staff_program": REGISTERS,
    "programs:staff_program_edit": METHODIST_ONLY,
    "programs:staff_program_submit": post(L, F, F, D, F, F, F, F, D),
    "programs:staff_program_approve": post(L, F, F, F, D, F, F, F, D),
    "programs:staff_program_return": post(L, F, F, F, D, F, F, F, D),
    "programs:staff_clubs": REGISTERS,
    "programs:staff_club_create": METHODIST_ONLY,
    "programs:staff_club_edit": REGISTERS,  # the form for methodists, the club's page for readers
    "programs:staff_club_photo_upload": post(L, F, F, D, F, F, F, F, D),
    "programs:staff_club_photo_delete": post(L, F, F, D, F, F, F, F, D),
    "programs:staff_groups": GROUP_LIST,
    "programs:staff_group_create": METHODIST_ONLY,
    "programs:staff_timetable": GROUP_LIST,
    "programs:staff_group": OWN_GROUP,
    "programs:staff_group_edit": row(L, F, OK, OK, F, F, F, N, OK),
    # personal data: the group is found first (another teacher's is 404), then refused
    "programs:staff_group_export": row(L, F, F, OK, OK, F, F, N, OK),
    "programs:staff_applications": QUEUE,
    "programs:staff_application": QUEUE,
    "programs:staff_application_accept": post(L, F, F, D, D, F, F, F, D),
    "programs:staff_application_waitlist": post(L, F, F, D, D, F, F, F, D),
    "programs:staff_application_reject": post(L, F, F, D, D, F, F, F, D),
    "programs:staff_application_move": post(L, F, F, D, D, F, F, F, D),
    "programs:staff_waiting_list": QUEUE,
    "programs:staff_leave_requests": QUEUE,
    "programs:staff_leave_request": QUEUE,
    "programs:staff_leave_decide": post(L, F, F, D, D, F, F, F, D),
    # the methodist's year: the next academic year's wizard (PLAN_NEXT_YEAR)
    "programs:staff_next_year": METHODIST_ONLY,
    "programs:staff_next_year_preview": METHODIST_ONLY,  # GET: the preview of the chosen programs
    "programs:staff_next_year_children": METHODIST_ONLY,  # a copied group: move its children on
    "programs:staff_next_year_move_undo": METHODIST_ONLY,  # GET: the confirmation page
    # orders about children (KEEP_ORDERS: methodist, director; SIGN_ORDERS: director)
    "programs:staff_orders": QUEUE,
    "programs:staff_order": QUEUE,
    "programs:staff_order_sign": DIRECTOR_ONLY,  # GET: the confirmation page of a draft
    "programs:staff_order_paper": QUEUE,  # GET: the number and date of a paper order, of a draft
    "programs:staff_order_remove": QUEUE,  # GET: the confirmation page
    "programs:staff_order_print": QUEUE,
    "programs:staff_order_export": QUEUE,
    "programs:staff_enrolment_end": QUEUE,  # GET: the confirmation page with a reason
    # the attendance register (MARK_OWN_ATTENDANCE, VIEW_ATTENDANCE, MANAGE_ATTENDANCE)
    "programs:attendance_groups": row(L, F, OK, OK, OK, F, F, OK, OK),
    "programs:attendance_rates": QUEUE,
    "programs:attendance_calendar": QUEUE,  # the director reads it, the methodist keeps it
    "programs:attendance_calendar_remove": METHODIST_ONLY,  # GET: the confirmation page
    "programs:attendance_lesson": MARKING,
    "programs:attendance_lesson_clear": MARKING,  # GET: the confirmation page
    "programs:attendance_group": row(L, F, REDIRECT, REDIRECT, REDIRECT, F, F, N, REDIRECT),
    "programs:attendance_child_rates": QUEUE,
    "programs:attendance_register": REGISTER,
    "programs:attendance_close": METHODIST_ONLY,  # GET: the confirmation page
    "programs:attendance_reopen": METHODIST_ONLY,
    "programs:attendance_timesheet": REGISTER,
    # imports of files (IMPORT_RECORDS: the methodist)
    "programs:staff_imports": METHODIST_ONLY,
    "programs:staff_import_create": METHODIST_ONLY,
    "programs:staff_import_template": METHODIST_ONLY,  # XLSX
    "programs:staff_import": METHODIST_ONLY,
    "programs:staff_import_run": METHODIST_ONLY,  # GET: the confirmation page
    "programs:staff_import_errors": METHODIST_ONLY,  # XLSX: the file with its errors
    # the exchange: the federal package for navigators (read-only, by an organisation's API
    # token: a session is no key — test_package_tokens.py sends tokens)
    "programs:package_api": row(*[UNAUTHORIZED] * len(ROLES)),
    # the exchange: iCalendar feeds — a catalogue group's (public), a teacher's (the secret
    # address is the key), the staff member's page of their own feed (made, renewed, revoked
    # after a confirmation page; without groups or a feed the page sends back with a message)
    "programs:group_calendar": PUBLIC,
    "programs:teacher_calendar": PUBLIC,
    "programs:staff_calendar_feed": row(L, F, OK, OK, OK, OK, OK, OK, OK),
    "programs:staff_calendar_feed_new": row(
        L, F, OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT
    ),
    "programs:staff_calendar_feed_revoke": row(
        L, F, OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT
    ),
    # the exchange: imports of federal packages (IMPORT_RECORDS: the methodist)
    "programs:staff_package_imports": METHODIST_ONLY,
    "programs:staff_package_import_create": METHODIST_ONLY,
    "programs:staff_package_import": METHODIST_ONLY,
    "programs:staff_package_import_run": METHODIST_ONLY,  # GET: the confirmation page
    # the exchange: open data (the public catalogue's sets and their passport)
    "programs:opendata": PUBLIC,
    "programs:opendata_csv": PUBLIC,
    "programs:opendata_json": PUBLIC,
    "programs:opendata_structure": PUBLIC,
    "programs:opendata_passport": PUBLIC,
    "programs:opendata_passport_json": PUBLIC,
    # the statistics (VIEW_STATISTICS: the director's organisation, the authority's territory;
    # the administrator's every organisation): the page, its print view and XLSX, the Refresh
    # button (an empty POST queues the current year's refresh) and the authority's number of
    # schoolchildren (RECORD_PUPILS; an empty POST shows the form's errors)
    "programs:statistics": STATISTICS,
    "programs:statistics_print": STATISTICS,
    "programs:statistics_export": STATISTICS,  # XLSX
    "programs:statistics_refresh": post(L, F, F, F, D, F, D, F, D),
    "programs:statistics_pupils": post(L, F, F, F, F, F, D, F, D),
    # projects
    "projects:showcase": PUBLIC,
    "projects:project": PUBLIC,
    "projects:photo": PUBLIC,
    "projects:staff_projects": PROJECT_EDITORS,
    "projects:project_create": PROJECT_EDITORS,
    "projects:project_edit": OWN_PROJECT,
    "projects:project_results": OWN_PROJECT,
    "projects:project_media": OWN_PROJECT,
    "projects:photo_delete": post(L, F, D, D, F, F, F, N, D),
    "projects:file_download": OWN_PROJECT,
    "projects:file_delete": post(L, F, D, D, F, F, F, N, D),
    "projects:staff_results": PROJECT_EDITORS,
    "projects:diploma": OWN_PROJECT,
    "projects:competitions": PROJECT_EDITORS,
    "projects:competition_create": METHODIST_ONLY,
    "projects:competition_edit": METHODIST_ONLY,
    "projects:competition_results": METHODIST_ONLY,
    "projects:achievements": QUEUE,
    "projects:achievements_xlsx": QUEUE,
    "projects:gifted_bank": QUEUE,
    "projects:gifted_bank_xlsx": QUEUE,
    # innovation
    "innovation:index": PUBLIC,
    "innovation:dashboard": INNOVATION,
    "innovation:print": INNOVATION,
    "innovation:export": INNOVATION,
    "innovation:platform_create": EDIT_INNOVATION,
    "innovation:platform": INNOVATION,
    "innovation:platform_edit": EDIT_INNOVATION,
    "innovation:order_create": EDIT_INNOVATION,
    "innovation:order_link": EDIT_INNOVATION,
    "innovation:order_edit": EDIT_INNOVATION,
    "innovation:report_create": EDIT_INNOVATION,
    "innovation:report_edit": EDIT_INNOVATION,
    "innovation:product_create": EDIT_INNOVATION,
    "innovation:product_edit": EDIT_INNOVATION,
    # mentoring
    "mentoring:index": PUBLIC,
    "mentoring:dashboard": row(L, F, REDIRECT, OK, OK, OK, F, OK, OK),  # a mentor goes to "My pairs"
    "mentoring:export": MANAGE_MENTORING,
    "mentoring:program_create": MANAGE_MENTORING,
    "mentoring:program_update": MANAGE_MENTORING,
    "mentoring:external_create": MANAGE_MENTORING,
    "mentoring:pair_create": MANAGE_MENTORING,
    "mentoring:my_pairs": PAIR,
    "mentoring:pair_detail": PAIR,
    "mentoring:pair_update": MANAGE_MENTORING,
    "mentoring:pair_status": MANAGE_MENTORING,
    "mentoring:meeting_create": PAIR,  # the mentor logs meetings
    "mentoring:plan_item_create": PAIR,
    "mentoring:plan_item_toggle": post(L, F, D, D, D, D, F, D, D),
    "mentoring:feedback_create": PAIR,
}

# URLs that answer both methods: the other method's outcome per role. POST endpoints whose GET
# is a confirmation page (includes/confirm.html: nothing changes before it is sent), and pages
# whose POST acts (an empty POST stops at the form's errors or at the confirmation page).
OTHER_METHOD = {
    "staff_consent_withdraw": ("GET", QUEUE),
    "programs:staff_application_reject": ("GET", QUEUE),
    "projects:photo_delete": ("GET", OWN_PROJECT),
    "projects:file_delete": ("GET", OWN_PROJECT),
    "programs:child_add": post(L, D, F, F, F, F, F, F, F),
    "programs:child_edit": post(L, D, F, F, F, F, F, F, F),
    "programs:child_remove": post(L, D, F, F, F, F, F, F, F),
    "programs:cabinet_leave": post(L, D, F, F, F, F, F, F, F),
    "programs:application_lookup": post(D, D, D, D, D, D, D, D, D),
    "programs:offer_decline": post(D, D, D, D, D, D, D, D, D),
    "programs:application_withdraw_confirm": post(D, D, D, D, D, D, D, D, D),
    "staff_preferences": post(L, F, D, D, D, D, D, D, D),  # saves the user's own Person
    # the wizard's POSTs stop at the form's errors or the confirmation page
    "programs:staff_next_year_preview": post(L, F, F, D, F, F, F, F, D),
    "programs:staff_next_year_children": post(L, F, F, D, F, F, F, F, D),
    "programs:staff_next_year_move_undo": post(L, F, F, D, F, F, F, F, D),
    # orders: the POSTs without confirmed=1 show the confirmation page again
    "programs:staff_order_sign": post(L, F, F, F, D, F, F, F, D),
    "programs:staff_order_paper": post(L, F, F, D, D, F, F, F, D),
    "programs:staff_order_remove": post(L, F, F, D, D, F, F, F, D),
    "programs:staff_enrolment_end": post(L, F, F, D, D, F, F, F, D),
    # the register: a lesson's marks, the calendar's days, closing and reopening a month
    "programs:attendance_lesson": post(L, F, D, D, F, F, F, N, D),
    "programs:attendance_lesson_clear": post(L, F, D, D, F, F, F, N, D),
    "programs:attendance_calendar": post(L, F, F, D, D, F, F, F, D),  # the director: sent back
    "programs:attendance_calendar_remove": post(L, F, F, D, F, F, F, F, D),
    "programs:attendance_close": post(L, F, F, D, F, F, F, F, D),
    "programs:attendance_reopen": post(L, F, F, D, F, F, F, F, D),
    # imports: an empty upload stops at the form's errors, a run without confirmed=1 asks again
    "programs:staff_import_create": post(L, F, F, D, F, F, F, F, D),
    "programs:staff_import_run": post(L, F, F, D, F, F, F, F, D),
    # a package's upload: an empty one stops at the form's errors; its run without
    # confirmed=1 asks again
    "programs:staff_package_import_create": post(L, F, F, D, F, F, F, F, D),
    "programs:staff_package_import_run": post(L, F, F, D, F, F, F, F, D),
    # the calendar feed's POSTs without confirmed=1 ask again (or send back: nothing to do)
    "programs:staff_calendar_feed_new": post(L, F, D, D, D, D, D, D, D),
    "programs:staff_calendar_feed_revoke": post(L, F, D, D, D, D, D, D, D),
}


def requests_of(name):
    """(method, outcomes) of every request the matrices make to the URL: its row, then the
    other method's where it answers both."""
    expected = MATRIX[name]
    found = [("post", expected[1]) if isinstance(expected, tuple) else ("get", expected)]
    if name in OTHER_METHOD:
        method, outcomes = OTHER_METHOD[name]
        found.append((method.lower(), outcomes))
    return found


def walk(patterns, prefix="", namespace=None):
    """(route, name) of every URL pattern, following includes recursively."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name


def portal_urls():
    """Every named URL of the portal but the skipped helpers; an unnamed one is an error."""
    found = {}
    for route, name in walk(get_resolver().url_patterns):
        bare = route.lstrip("^")
        if any(bare.startswith(prefix) for prefix in SKIPPED_PREFIXES):
            continue
        assert name, f"The URL pattern {route!r} has no name: name it and add it to the matrix."
        found[name] = route
    return found


def outcome(response):
    if response.status_code in (301, 302, 303):
        target = urlparse(response["Location"]).path
        return LOGIN if target == resolve_url(settings.LOGIN_URL) else REDIRECT
    return response.status_code


def matches(expected, actual) -> bool:
    if expected == DONE:
        return actual in (OK, REDIRECT)
    return expected == actual
