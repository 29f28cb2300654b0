"""The permission matrix, built from the URL configuration itself.

Every URL pattern of the portal (found by walking ``get_resolver()``) has an explicit
expected outcome for each role: anonymous, parent, teacher, methodist, director and the
administrator (a superuser). A URL added without a row here fails
``test_every_url_is_in_the_matrix`` with its name. Pages are requested with GET; POST-only
endpoints with an empty POST, sent after every GET (they change data). For a role allowed to
POST, "done" means the view ran (a page or a redirect other than to the login page).

Objects of others answer 404: another parent's application, another teacher's group and
another mentor's pair are tested explicitly below.
"""

import io
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image

from centre.models import Consent, Learner
from centre.roles import Action, can
from innovation.models import OrderCoverage, Platform, Product, YearlyReport
from mentoring.models import MentoringProgram, Pair, PlanItem
from programs.models import Application, Club, ClubPhoto, Group, Program
from projects.models import Competition, Project, ProjectFile, ProjectPhoto, Result

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "parent", "teacher", "methodist", "director", "admin")

# URL prefixes not in the matrix, each with the reason.
SKIPPED_PREFIXES = {
    "admin/": "Django's admin: its own login and is_staff/permission checks, tested by Django itself",
    "media/": "django.conf.urls.static helper, added only with DEBUG on; uploads are served by the web server",
    "static/": "static files are served by whitenoise before URL resolution",
}

OK, LOGIN, REDIRECT, FORBIDDEN, NOT_FOUND, NOT_ALLOWED = 200, "login", "redirect", 403, 404, 405
DONE = "done"  # a POST the role may send: the view ran (200 or a redirect not to the login page)


def row(anonymous, parent, teacher, methodist, director, admin):
    return dict(zip(ROLES, (anonymous, parent, teacher, methodist, director, admin), strict=True))


PUBLIC = row(OK, OK, OK, OK, OK, OK)
METHODIST_ONLY = row(LOGIN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN, OK)
DIRECTOR_ONLY = row(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK, OK)
QUEUE = row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, OK)  # methodist and director
GROUPS = row(LOGIN, FORBIDDEN, OK, OK, OK, OK)  # the teacher's own group
PROJECT_EDITORS = row(LOGIN, FORBIDDEN, OK, OK, FORBIDDEN, OK)  # the teacher's own club's project
INNOVATION = row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, OK)
PAIR = row(LOGIN, FORBIDDEN, OK, OK, OK, OK)  # the teacher is the pair's mentor
MANAGE_PAIR = row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, OK)
LOGIN_REQUIRED = row(LOGIN, OK, OK, OK, OK, OK)


def post(anonymous, parent, teacher, methodist, director, admin):
    return ("POST", row(anonymous, parent, teacher, methodist, director, admin))


# url name -> expected outcome per role (GET), or ("POST", outcomes)
MATRIX = {
    # core
    "home": PUBLIC,
    "healthz": PUBLIC,
    "robots_txt": PUBLIC,
    "login": PUBLIC,
    "logout": row(NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED, NOT_ALLOWED),  # POST only
    "password_change": LOGIN_REQUIRED,
    "password_change_done": LOGIN_REQUIRED,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,  # an invalid link renders "the link is invalid"
    "password_reset_complete": PUBLIC,
    "staff_audit": DIRECTOR_ONLY,
    "staff_learner": QUEUE,
    "staff_learner_erase": post(LOGIN, FORBIDDEN, FORBIDDEN, DONE, DONE, DONE),
    "staff_consent_withdraw": post(LOGIN, FORBIDDEN, FORBIDDEN, DONE, DONE, DONE),
    # programs: public side and the parent cabinet
    "programs:catalogue": PUBLIC,
    "programs:club": PUBLIC,
    "programs:apply": PUBLIC,
    "programs:application_status": PUBLIC,  # the private link is the key
    "programs:application_submitted": PUBLIC,
    "programs:application_withdraw": post(DONE, DONE, DONE, DONE, DONE, DONE),
    "programs:cabinet": row(LOGIN, OK, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    "programs:register": row(OK, REDIRECT, REDIRECT, REDIRECT, REDIRECT, REDIRECT),
    "programs:cabinet_withdraw": post(LOGIN, DONE, FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN),
    # programs: staff
    "programs:staff_programs": row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, OK),
    "programs:staff_program_create": METHODIST_ONLY,
    "programs:staff_review": DIRECTOR_ONLY,
    "programs:staff_program": row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, OK),
    "programs:staff_program_edit": METHODIST_ONLY,
    "programs:staff_program_submit": post(LOGIN, FORBIDDEN, FORBIDDEN, DONE, FORBIDDEN, DONE),
    "programs:staff_program_approve": post(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, DONE, DONE),
    "programs:staff_program_return": post(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, DONE, DONE),
    "programs:staff_clubs": METHODIST_ONLY,
    "programs:staff_club_create": METHODIST_ONLY,
    "programs:staff_club_edit": METHODIST_ONLY,
    "programs:staff_club_photo_upload": post(LOGIN, FORBIDDEN, FORBIDDEN, DONE, FORBIDDEN, DONE),
    "programs:staff_club_photo_delete": post(LOGIN, FORBIDDEN, FORBIDDEN, DONE, FORBIDDEN, DONE),
    "programs:staff_groups": GROUPS,
    "programs:staff_group_create": METHODIST_ONLY,
    "programs:staff_timetable": GROUPS,
    "programs:staff_group": GROUPS,
    "programs:staff_group_edit": row(LOGIN, FORBIDDEN, OK, OK, FORBIDDEN, OK),
    "programs:staff_group_export": row(LOGIN, FORBIDDEN, FORBIDDEN, OK, OK, OK),  # personal data
    "programs:staff_applications": QUEUE,
    "programs:staff_application": QUEUE,
    "programs:staff_application_accept": post(LOGIN, FORBIDDEN, FORBIDDEN, DONE, DONE, DONE),
    "programs:staff_application_waitlist": post(LOGIN, FORBIDDEN, FORBIDDEN, DONE, DONE, DONE),
    "programs:staff_application_reject": post(LOGIN, FORBIDDEN, FORBIDDEN, DONE, DONE, DONE),
    # projects
    "projects:showcase": PUBLIC,
    "projects:project": PUBLIC,
    "projects:photo": PUBLIC,
    "projects:staff_projects": PROJECT_EDITORS,
    "projects:project_create": PROJECT_EDITORS,
    "projects:project_edit": PROJECT_EDITORS,
    "projects:project_results": PROJECT_EDITORS,
    "projects:project_media": PROJECT_EDITORS,
    "projects:photo_delete": post(LOGIN, FORBIDDEN, DONE, DONE, FORBIDDEN, DONE),
    "projects:file_download": PROJECT_EDITORS,
    "projects:file_delete": post(LOGIN, FORBIDDEN, DONE, DONE, FORBIDDEN, DONE),
    "projects:staff_results": PROJECT_EDITORS,
    "projects:diploma": PROJECT_EDITORS,
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
    "innovation:platform_create": INNOVATION,
    "innovation:platform": INNOVATION,
    "innovation:platform_edit": INNOVATION,
    "innovation:order_create": INNOVATION,
    "innovation:order_link": INNOVATION,
    "innovation:order_edit": INNOVATION,
    "innovation:report_create": INNOVATION,
    "innovation:report_edit": INNOVATION,
    "innovation:product_create": INNOVATION,
    "innovation:product_edit": INNOVATION,
    # mentoring
    "mentoring:index": PUBLIC,
    "mentoring:dashboard": row(LOGIN, FORBIDDEN, REDIRECT, OK, OK, OK),  # a teacher goes to "My pairs"
    "mentoring:export": MANAGE_PAIR,
    "mentoring:program_create": MANAGE_PAIR,
    "mentoring:program_update": MANAGE_PAIR,
    "mentoring:external_create": MANAGE_PAIR,
    "mentoring:pair_create": MANAGE_PAIR,
    "mentoring:my_pairs": PAIR,
    "mentoring:pair_detail": PAIR,
    "mentoring:pair_update": MANAGE_PAIR,
    "mentoring:pair_status": MANAGE_PAIR,
    "mentoring:meeting_create": PAIR,  # the mentor logs meetings
    "mentoring:plan_item_create": PAIR,
    "mentoring:plan_item_toggle": post(LOGIN, FORBIDDEN, DONE, DONE, DONE, DONE),
    "mentoring:feedback_create": PAIR,
}


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


def test_every_url_is_in_the_matrix():
    urls = portal_urls()
    missing = sorted(set(urls) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(urls))
    assert not missing, "URLs missing from the access matrix: " + ", ".join(
        f"{name} ({urls[name]})" for name in missing
    )
    assert not stale, "The access matrix names URLs that no longer exist: " + ", ".join(stale)


def test_the_skipped_prefixes_are_really_there():
    """The skips name real helpers: the admin (always) and the media helper (DEBUG only)."""
    routes = [route for route, _name in walk(get_resolver().url_patterns)]
    assert any(route.startswith("admin/") for route in routes)


def test_the_matrix_covers_every_role_for_every_url():
    for name, expected in MATRIX.items():
        outcomes = expected[1] if isinstance(expected, tuple) else expected
        assert set(outcomes) == set(ROLES), name


# --- the demo world and the URL arguments --------------------------------------------------


def _png(size=(32, 24)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def world(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("load_demo", stdout=io.StringIO())
    User = get_user_model()
    users = {name: User.objects.get(username=name) for name in ("parent", "teacher", "methodist", "director")}
    users["admin"] = User.objects.create_superuser("matrix-admin", "admin@example.org", "x")
    teacher, parent = users["teacher"], users["parent"]

    own_group = Group.objects.filter(teacher__user=teacher).order_by("pk").first()
    other_group = Group.objects.exclude(teacher__user=teacher).order_by("pk").first()
    open_group = (
        Group.objects.in_catalogue().open_for_enrolment().with_free_places().select_related("club").first()
    )
    own_application = Application.objects.filter(user=parent).order_by("pk").first()
    other_application = (
        Application.objects.exclude(user=parent).filter(status=Application.Status.NEW).order_by("pk").first()
    )
    queue_application = (
        Application.objects.exclude(user=parent)
        .filter(status=Application.Status.NEW)
        .exclude(pk=other_application.pk)
        .order_by("pk")
        .first()
    )
    token_application = (
        Application.objects.exclude(pk__in=[own_application.pk, other_application.pk, queue_application.pk])
        .filter(status__in=Application.LIVE_STATUSES)
        .order_by("pk")
        .first()
    )
    club = open_group.club
    public_project = Project.objects.public().order_by("pk").first()
    editable = Project.objects.editable_by(teacher).order_by("pk")
    # the diploma goes on a result of one project and the other's pages are visited: a result
    # form showing a diploma scan crashes (500), see the report of issue 8
    results_project = editable.filter(results__isnull=False).first()
    own_project = editable.exclude(pk=results_project.pk).first()
    public_photo = ProjectPhoto.objects.filter(project=public_project).first() or ProjectPhoto.objects.create(
        project=public_project, image=ContentFile(_png(), name="p.png")
    )
    own_file = ProjectFile.objects.create(
        project=own_project, title="Отчёт", file=ContentFile(b"%PDF-1.4 report", name="report.pdf")
    )
    result = Result.objects.filter(project=results_project).order_by("pk").first()

    # deleting endpoints get a fresh object for each request, so that every role finds one
    def new_club_photo():
        photo = ClubPhoto.objects.create(club=club, image=ContentFile(_png(), name="club.png"))
        return {"pk": club.pk, "photo_pk": photo.pk}

    def new_project_photo():
        photo = ProjectPhoto.objects.create(project=own_project, image=ContentFile(_png(), name="own.png"))
        return {"pk": own_project.pk, "photo_pk": photo.pk}

    def new_project_file():
        item = ProjectFile.objects.create(
            project=own_project, title="Отчёт", file=ContentFile(b"%PDF-1.4 report", name="report.pdf")
        )
        return {"pk": own_project.pk, "file_pk": item.pk}

    result.diploma.save("diploma.pdf", ContentFile(b"%PDF-1.4 diploma"), save=True)
    coverage = OrderCoverage.objects.select_related("platform").order_by("pk").first()
    platform = coverage.platform
    report = YearlyReport.objects.filter(platform=platform).first() or YearlyReport.objects.first()
    product = Product.objects.filter(platform=platform).first() or Product.objects.first()
    own_pair = Pair.objects.filter(participants__person__user=teacher, status__in=Pair.OPEN_STATUSES).first()
    other_pair = Pair.objects.exclude(participants__person__user=teacher).order_by("pk").first()
    learner = Learner.objects.filter(consents__isnull=False).order_by("pk").first()
    program = Program.objects.filter(status=Program.Status.PUBLISHED).order_by("pk").first()

    args = {
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "staff_learner": {"pk": learner.pk},
        "staff_learner_erase": {"pk": learner.pk},
        "staff_consent_withdraw": {
            "pk": learner.pk,
            "consent_pk": Consent.objects.filter(learner=learner).first().pk,
        },
        "programs:club": {"slug": club.slug},
        "programs:apply": {"slug": club.slug, "group_id": open_group.pk},
        "programs:application_status": {"token": own_application.token},
        "programs:application_submitted": {"token": own_application.token},
        "programs:application_withdraw": {"token": token_application.token},
        "programs:cabinet_withdraw": {"pk": own_application.pk},
        "programs:staff_program": {"pk": program.pk},
        "programs:staff_program_edit": {"pk": program.pk},
        "programs:staff_program_submit": {"pk": program.pk},
        "programs:staff_program_approve": {"pk": program.pk},
        "programs:staff_program_return": {"pk": program.pk},
        "programs:staff_club_edit": {"pk": club.pk},
        "programs:staff_club_photo_upload": {"pk": club.pk},
        "programs:staff_club_photo_delete": new_club_photo,
        "programs:staff_group": {"pk": own_group.pk},
        "programs:staff_group_edit": {"pk": own_group.pk},
        "programs:staff_group_export": {"pk": own_group.pk},
        "programs:staff_application": {"pk": queue_application.pk},
        "programs:staff_application_accept": {"pk": queue_application.pk},
        "programs:staff_application_waitlist": {"pk": queue_application.pk},
        "programs:staff_application_reject": {"pk": queue_application.pk},
        "projects:project": {"pk": public_project.pk},
        "projects:photo": {"pk": public_photo.pk},
        "projects:project_edit": {"pk": own_project.pk},
        "projects:project_results": {"pk": own_project.pk},
        "projects:project_media": {"pk": own_project.pk},
        "projects:photo_delete": new_project_photo,
        "projects:file_download": {"pk": own_project.pk, "file_pk": own_file.pk},
        "projects:file_delete": new_project_file,
        "projects:diploma": {"pk": result.pk},
        "projects:competition_edit": {"pk": Competition.objects.order_by("pk").first().pk},
        "projects:competition_results": {"pk": Competition.objects.order_by("pk").first().pk},
        "innovation:platform": {"pk": platform.pk},
        "innovation:platform_edit": {"pk": platform.pk},
        "innovation:order_create": {"pk": platform.pk},
        "innovation:order_link": {"pk": platform.pk},
        "innovation:order_edit": {"pk": platform.pk, "order_pk": coverage.order_id},
        "innovation:report_create": {"pk": platform.pk},
        "innovation:report_edit": {"pk": report.platform_id, "report_pk": report.pk},
        "innovation:product_create": {"pk": platform.pk},
        "innovation:product_edit": {"pk": product.platform_id, "product_pk": product.pk},
        "mentoring:program_update": {"pk": MentoringProgram.objects.order_by("pk").first().pk},
        "mentoring:pair_detail": {"pk": own_pair.pk},
        "mentoring:pair_update": {"pk": own_pair.pk},
        "mentoring:pair_status": {"pk": own_pair.pk},
        "mentoring:meeting_create": {"pk": own_pair.pk},
        "mentoring:plan_item_create": {"pk": own_pair.pk},
        "mentoring:plan_item_toggle": {
            "pk": own_pair.pk,
            "item_pk": PlanItem.objects.filter(pair=own_pair).first().pk,
        },
        "mentoring:feedback_create": {"pk": own_pair.pk},
    }
    return {
        "users": users,
        "args": args,
        "other_group": other_group,
        "other_application": other_application,
        "other_pair": other_pair,
        "own_pair": own_pair,
    }


def clients(world):
    made = {"anonymous": Client(raise_request_exception=False)}
    for role in ROLES[1:]:
        made[role] = Client(raise_request_exception=False)
        made[role].force_login(world["users"][role])
    return made


def outcome(response):
    if response.status_code in (301, 302, 303):
        target = urlparse(response["Location"]).path
        return LOGIN if target == resolve_url(settings.LOGIN_URL) else REDIRECT
    return response.status_code


def matches(expected, actual) -> bool:
    if expected == DONE:
        return actual in (OK, REDIRECT)
    return expected == actual


def test_every_url_answers_every_role_as_the_matrix_says(world):
    by_role = clients(world)
    args = world["args"]
    gets = [(name, expected) for name, expected in MATRIX.items() if not isinstance(expected, tuple)]
    posts = [(name, expected[1]) for name, expected in MATRIX.items() if isinstance(expected, tuple)]
    wrong, checked = [], 0
    for method, entries in (("get", gets), ("post", posts)):
        for name, expected in entries:
            for role in ROLES:
                kwargs = args.get(name, {})
                url = reverse(name, kwargs=kwargs() if callable(kwargs) else kwargs)
                response = getattr(by_role[role], method)(url)
                actual = outcome(response)
                checked += 1
                if not matches(expected[role], actual):
                    wrong.append(
                        f"{method.upper()} {name} as {role}: expected {expected[role]}, got {actual}"
                    )
    assert not wrong, f"{len(wrong)} of {checked} answers differ from the matrix:\n" + "\n".join(wrong)
    assert checked == len(MATRIX) * len(ROLES)


def test_the_roles_in_the_matrix_are_the_roles_the_users_have(world):
    users = world["users"]
    assert can(users["methodist"], Action.EDIT_PROGRAMS) and not can(users["director"], Action.EDIT_PROGRAMS)
    assert can(users["teacher"], Action.EDIT_OWN_GROUPS) and not can(
        users["teacher"], Action.VIEW_PERSONAL_DATA
    )
    assert users["admin"].is_superuser and not can(users["parent"], Action.VIEW_STAFF_AREA)


# --- objects of others ---------------------------------------------------------------------


def test_another_parents_application_is_not_found(world):
    client = Client()
    client.force_login(world["users"]["parent"])
    application = world["other_application"]
    response = client.post(reverse("programs:cabinet_withdraw", kwargs={"pk": application.pk}))
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.status == Application.Status.NEW


def test_another_teachers_group_is_not_found(world):
    client = Client()
    client.force_login(world["users"]["teacher"])
    group = world["other_group"]
    for name in ("programs:staff_group", "programs:staff_group_edit", "programs:staff_group_export"):
        assert client.get(reverse(name, kwargs={"pk": group.pk})).status_code == 404, name
    response = client.post(reverse("programs:staff_group_edit", kwargs={"pk": group.pk}), {"room": ""})
    assert response.status_code == 404
    # the same teacher opens their own group
    own = world["args"]["programs:staff_group"]["pk"]
    assert client.get(reverse("programs:staff_group", kwargs={"pk": own})).status_code == 200


def test_another_mentors_pair_is_not_found(world):
    client = Client()
    client.force_login(world["users"]["teacher"])
    pair = world["other_pair"]
    for name in (
        "mentoring:pair_detail",
        "mentoring:pair_update",
        "mentoring:pair_status",
        "mentoring:meeting_create",
        "mentoring:plan_item_create",
        "mentoring:feedback_create",
    ):
        assert client.get(reverse(name, kwargs={"pk": pair.pk})).status_code == 404, name
    item = PlanItem.objects.filter(pair=pair).first()
    if item is None:
        item = PlanItem.objects.create(pair=pair, title="Шаг", due_date=pair.planned_end)
    before = item.done_on
    response = client.post(reverse("mentoring:plan_item_toggle", kwargs={"pk": pair.pk, "item_pk": item.pk}))
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.done_on == before
    assert (
        client.get(reverse("mentoring:pair_detail", kwargs={"pk": world["own_pair"].pk})).status_code == 200
    )


def test_unknown_platform_and_club_are_not_found_for_staff(world):
    client = Client()
    client.force_login(world["users"]["methodist"])
    missing = Platform.objects.order_by("-pk").first().pk + 1000
    assert client.get(reverse("innovation:platform", kwargs={"pk": missing})).status_code == 404
    missing_club = Club.objects.order_by("-pk").first().pk + 1000
    assert client.get(reverse("programs:staff_club_edit", kwargs={"pk": missing_club})).status_code == 404
