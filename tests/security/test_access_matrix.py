"""The permission matrix, built from the URL configuration itself.

Every URL pattern of the portal (found by walking ``get_resolver()``) has an explicit
expected outcome for each role: anonymous, parent, teacher, methodist, director, the
mentoring coordinator, the education authority (reads its territory, changes nothing, no
personal data), a user with two roles (a teacher who is also the mentoring coordinator) and
the administrator (a superuser). A URL added without a row here fails
``test_every_url_is_in_the_matrix`` with its name. Pages are requested with GET; POST-only
endpoints with an empty POST, sent after every GET (they change data). For a role allowed to
POST, "done" means the view ran (a page or a redirect other than to the login page). The
demo is loaded once for the module; each test runs in a savepoint of it.

Another organisation's objects (404 to every staff role, lists without its children) are
the tenancy matrix's: test_tenancy_matrix.py. The table itself is matrix.py.

Objects of others answer 404: another parent's application, another teacher's group and
another mentor's pair are tested explicitly below.
"""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import Client
from django.urls import get_resolver, reverse

from centre.demo import DEMO_STAFF
from centre.models import Consent, Learner, Organisation
from centre.roles import Action, Role, can
from centre.scope import readable_organisations, within_staff_organisations
from innovation.models import OrderCoverage, Platform, Product, YearlyReport
from mentoring.models import MentoringProgram, Pair, PlanItem
from programs.models import Application, Club, ClubPhoto, Group, Program
from projects.access import editable_projects
from projects.models import Competition, Project, ProjectFile, ProjectPhoto, Result
from tests.innovation.factories import (
    OrderCoverageFactory,
    OrderFactory,
    PlatformFactory,
    ProductFactory,
    YearlyReportFactory,
)
from tests.security.matrix import (
    DONE,
    FORBIDDEN,
    MATRIX,
    NOT_FOUND,
    OK,
    ROLES,
    matches,
    outcome,
    portal_urls,
    walk,
)
from tests.security.worlds import module_world, png, staff_user

pytestmark = pytest.mark.django_db


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


def _demo_users():
    """The demo's users of each column; the administrator, and the two-role user (and the
    education authority's member, while the demo has none), made here in the demo
    methodist's organisation."""
    User = get_user_model()
    users = {
        name: User.objects.get(username=name)
        for name in ("parent", "teacher", "methodist", "director", "coordinator")
    }
    users["admin"] = User.objects.create_superuser("matrix-admin", "admin@example.org", "x")
    home = users["methodist"].person.organisation
    authority = User.objects.filter(username="authority", groups__name=Role.AUTHORITY).first()
    if authority is None:
        office = Organisation.objects.create(
            name="Управление образования (матрица)", kind=Organisation.Kind.AUTHORITY
        )
        Organisation.objects.filter(pk=home.pk).update(authority=office)
        authority = staff_user("matrix-authority", (Role.AUTHORITY,), office)
    users["authority"] = authority
    users["teacher_coordinator"] = staff_user(
        "matrix-teacher-coordinator", (Role.TEACHER, Role.COORDINATOR), home, surname="Двуролева"
    )
    for role in ("teacher", "director", "coordinator"):
        assert users[role].person.organisation == home, f"the demo {role} works for another organisation"
    assert home.pk in readable_organisations(authority), (
        "the demo authority's territory lacks the methodist's"
    )
    return users


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory.mktemp("matrix")):
        call_command("load_demo", stdout=io.StringIO())
        yield _demo_world()


def _demo_world():
    users = _demo_users()
    teacher, parent, methodist = users["teacher"], users["parent"], users["methodist"]
    home = methodist.person.organisation

    def mine(queryset, lookup):
        """The staff URLs below take objects of the demo methodist's organisations."""
        return within_staff_organisations(queryset, methodist, lookup)

    groups = mine(Group.objects.all(), "club__organisation")
    own_group = groups.filter(teacher__user=teacher).order_by("pk").first()
    other_group = groups.exclude(teacher__user=teacher).order_by("pk").first()
    open_group = (
        mine(Group.objects.in_catalogue(), "club__organisation")
        .open_for_enrolment()
        .with_free_places()
        .select_related("club")
        .first()
    )
    own_application = Application.objects.filter(user=parent).order_by("pk").first()
    other_application = (
        Application.objects.exclude(user=parent).filter(status=Application.Status.NEW).order_by("pk").first()
    )
    queue_application = (
        mine(Application.objects.exclude(user=parent), "group__club__organisation")
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
    editable = editable_projects(teacher).order_by("pk")
    # the diploma goes on a result of one project and the other's pages are visited: a result
    # form showing a diploma scan crashes (500), see the report of issue 8
    results_project = editable.filter(results__isnull=False).first()
    own_project = editable.exclude(pk=results_project.pk).first()
    public_photo = ProjectPhoto.objects.filter(project=public_project).first() or ProjectPhoto.objects.create(
        project=public_project, image=ContentFile(png(), name="p.png")
    )
    own_file = ProjectFile.objects.create(
        project=own_project, title="Отчёт", file=ContentFile(b"%PDF-1.4 report", name="report.pdf")
    )
    result = Result.objects.filter(project=results_project).order_by("pk").first()

    # deleting endpoints get a fresh object for each request, so that every role finds one
    def new_club_photo():
        photo = ClubPhoto.objects.create(club=club, image=ContentFile(png(), name="club.png"))
        return {"pk": club.pk, "photo_pk": photo.pk}

    def new_project_photo():
        photo = ProjectPhoto.objects.create(project=own_project, image=ContentFile(png(), name="own.png"))
        return {"pk": own_project.pk, "photo_pk": photo.pk}

    def new_project_file():
        item = ProjectFile.objects.create(
            project=own_project, title="Отчёт", file=ContentFile(b"%PDF-1.4 report", name="report.pdf")
        )
        return {"pk": own_project.pk, "file_pk": item.pk}

    result.diploma.save("diploma.pdf", ContentFile(b"%PDF-1.4 diploma"), save=True)
    coverage = (
        mine(OrderCoverage.objects.all(), "platform__organisation")
        .select_related("platform")
        .order_by("pk")
        .first()
    )
    if coverage is None:  # the demo's platforms are another organisation's: one of the methodist's own
        coverage = OrderCoverageFactory(
            platform=PlatformFactory(organisation=home), order=OrderFactory(organisation=home)
        )
    platform = coverage.platform
    report = YearlyReport.objects.filter(platform=platform).first() or YearlyReportFactory(platform=platform)
    product = Product.objects.filter(platform=platform).first() or ProductFactory(platform=platform)
    own_pair = Pair.objects.filter(participants__person__user=teacher, status__in=Pair.OPEN_STATUSES).first()
    other_pair = Pair.objects.exclude(participants__person__user=teacher).order_by("pk").first()
    learner = mine(Learner.objects.filter(consents__isnull=False), "organisation").order_by("pk").first()
    program = (
        mine(Program.objects.filter(status=Program.Status.PUBLISHED), "organisation").order_by("pk").first()
    )
    competition = mine(Competition.objects.all(), "organisation").order_by("pk").first()
    mentoring_programs = MentoringProgram.objects.filter(pk=own_pair.program_id)

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
        "projects:competition_edit": {"pk": competition.pk},
        "projects:competition_results": {"pk": competition.pk},
        "innovation:platform": {"pk": platform.pk},
        "innovation:platform_edit": {"pk": platform.pk},
        "innovation:order_create": {"pk": platform.pk},
        "innovation:order_link": {"pk": platform.pk},
        "innovation:order_edit": {"pk": platform.pk, "order_pk": coverage.order_id},
        "innovation:report_create": {"pk": platform.pk},
        "innovation:report_edit": {"pk": report.platform_id, "report_pk": report.pk},
        "innovation:product_create": {"pk": platform.pk},
        "innovation:product_edit": {"pk": product.platform_id, "product_pk": product.pk},
        "mentoring:program_update": {"pk": mentoring_programs.get().pk},
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
    assert can(users["coordinator"], Action.MANAGE_MENTORING) and not can(
        users["coordinator"], Action.EDIT_PROGRAMS
    )
    authority = users["authority"]
    assert can(authority, Action.VIEW_REGISTERS) and can(authority, Action.VIEW_INNOVATION)
    assert not any(
        can(authority, action)
        for action in (
            Action.VIEW_PERSONAL_DATA,
            Action.EDIT_PROGRAMS,
            Action.EDIT_INNOVATION,
            Action.MANAGE_MENTORING,
        )
    )
    both = users["teacher_coordinator"]
    assert can(both, Action.EDIT_OWN_GROUPS) and can(both, Action.MANAGE_MENTORING)
    assert not can(both, Action.VIEW_PERSONAL_DATA)


# --- objects of others ---------------------------------------------------------------------


def _outsiders(world):
    """Per staff role, a demo user of another organisation (one whose scope does not hold the
    demo methodist's): the other centres' staff, and an education authority's member whose
    territory is elsewhere (made here: the demo's Omsk department has no login)."""
    home = world["users"]["methodist"].person.organisation
    found = {}
    for username, _organisation, role, *_rest in DEMO_STAFF:
        user = get_user_model().objects.get(username=username)
        if role not in found and home.pk not in readable_organisations(user):
            found[role] = user
    office = Organisation.objects.create(
        name="Управление образования (другое)", kind=Organisation.Kind.AUTHORITY
    )
    Organisation.objects.exclude(pk=home.pk).filter(kind=Organisation.Kind.CENTRE).update(authority=office)
    Organisation.objects.filter(pk=home.pk).update(authority=None)
    found[Role.AUTHORITY] = staff_user("matrix-other-authority", (Role.AUTHORITY,), office)
    return found


def test_another_organisations_staff_find_none_of_its_objects(world):
    """The demo's other centres: each staff role of another organisation gets 404 for every
    object of the methodist's organisation that the same role of that organisation reaches
    (its own refusal, or 404, where that role is refused)."""
    outsiders = _outsiders(world)
    assert {Role.TEACHER, Role.METHODIST, Role.DIRECTOR, Role.COORDINATOR, Role.AUTHORITY} <= set(outsiders)
    args = world["args"]
    wrong, checked = [], 0
    for name, expected in MATRIX.items():
        method, outcomes = ("post", expected[1]) if isinstance(expected, tuple) else ("get", expected)
        if name not in args or outcomes["parent"] != FORBIDDEN:
            continue  # public pages and the parent's own: no organisation's staff record
        for role, user in outsiders.items():
            client = Client(raise_request_exception=False)
            client.force_login(user)
            kwargs = args[name]
            actual = outcome(
                getattr(client, method)(reverse(name, kwargs=kwargs() if callable(kwargs) else kwargs))
            )
            allowed = (NOT_FOUND,) if outcomes[role] in (OK, DONE) else (outcomes[role], NOT_FOUND)
            checked += 1
            if actual not in allowed:
                wrong.append(f"{method.upper()} {name} as {role} of {user.person.organisation}: {actual}")
    assert not wrong, (
        f"{len(wrong)} of {checked} answers to another organisation's staff are wrong:\n" + "\n".join(wrong)
    )
    assert checked > 200


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
    own = world["args"]["programs:staff_group"]["pk"]
    response = client.post(reverse("programs:staff_group_edit", kwargs={"pk": group.pk}), {"room": ""})
    assert response.status_code == 404
    # the same teacher opens their own group
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
