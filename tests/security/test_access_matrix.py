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

import datetime
import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import get_resolver, reverse

from centre.models import Child
from centre.roles import Action, Role, assign_roles, can
from innovation.models import Platform
from mentoring.models import PlanItem
from programs.models import Application, Club, LeaveRequest
from tests.factories import GuardianFactory, UserFactory
from tests.security.demo_world import demo_world, outsiders
from tests.security.matrix import (
    DONE,
    FORBIDDEN,
    MATRIX,
    NOT_FOUND,
    OK,
    OTHER_METHOD,
    ROLES,
    matches,
    outcome,
    portal_urls,
    requests_of,
    walk,
)
from tests.security.worlds import module_world

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
    for name in MATRIX:
        for _method, outcomes in requests_of(name):
            assert set(outcomes) == set(ROLES), name


def test_the_other_methods_are_of_urls_in_the_matrix_and_really_other():
    for name, (method, _outcomes) in OTHER_METHOD.items():
        assert name in MATRIX, name
        assert method in ("GET", "POST") and [m for m, _o in requests_of(name)] in (
            ["get", "post"],
            ["post", "get"],
        ), name


# --- the demo world and the URL arguments --------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory.mktemp("matrix")):
        call_command("load_demo", stdout=io.StringIO())
        yield demo_world()


def clients(world):
    made = {"anonymous": Client(raise_request_exception=False)}
    for role in ROLES[1:]:
        made[role] = Client(raise_request_exception=False)
        made[role].force_login(world["users"][role])
    return made


def test_every_url_answers_every_role_as_the_matrix_says(world):
    by_role = clients(world)
    args = world["args"]
    every = [(name, method, outcomes) for name in MATRIX for method, outcomes in requests_of(name)]
    # the POSTs after every GET: they change data (a confirmation page shown after its POST
    # would find nothing left to confirm)
    gets = [(name, outcomes) for name, method, outcomes in every if method == "get"]
    posts = [(name, outcomes) for name, method, outcomes in every if method == "post"]
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
    assert checked == (len(MATRIX) + len(OTHER_METHOD)) * len(ROLES)


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


#: staff URLs whose arguments name no organisation's record (the same for every organisation)
NO_RECORD = {"programs:staff_import_template": "the blank of a kind of import"}


def test_another_organisations_staff_find_none_of_its_objects(world):
    """The demo's other centres: each staff role of another organisation gets 404 for every
    object of the methodist's organisation that the same role of that organisation reaches
    (its own refusal, or 404, where that role is refused)."""
    found = outsiders(world)
    assert {Role.TEACHER, Role.METHODIST, Role.DIRECTOR, Role.COORDINATOR, Role.AUTHORITY} <= set(found)
    args = world["args"]
    wrong, checked = [], 0
    every = [(url, method, outcomes) for url in MATRIX for method, outcomes in requests_of(url)]
    for name, method, outcomes in every:
        if name not in args or outcomes["parent"] != FORBIDDEN or name in NO_RECORD:
            continue  # public pages and the parent's own: no organisation's staff record
        for role, user in found.items():
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


def test_another_parents_child_and_enrolment_are_not_found(world):
    """A parent reads, changes and removes only the children of their own list, and asks to
    leave a club only for their own child: another parent's answer 404 and stay as they were."""
    other = UserFactory(username="matrix-other-parent")
    assign_roles(other, [Role.PARENT])
    theirs = Child.objects.create(
        guardian=GuardianFactory(user=other, surname="Соседова"),
        surname="Соседов",
        name="Игнат",
        birth_date=datetime.date(2014, 6, 7),
    )
    parent = Client()
    parent.force_login(world["users"]["parent"])
    edited = {"surname": "Захватов", "name": "Игнат", "birth_date": "2014-06-07", "relation": "mother"}
    for name, data in (("programs:child_edit", edited), ("programs:child_remove", {})):
        url = reverse(name, kwargs={"pk": theirs.pk})
        assert parent.get(url).status_code == 404, name
        assert parent.post(url, data).status_code == 404, name
    theirs.refresh_from_db()
    assert theirs.surname == "Соседов"
    listed = parent.get(reverse("programs:children")).content.decode()
    assert "Соседов" not in listed and world["child"].surname in listed
    assert parent.get(reverse("programs:child_edit", kwargs={"pk": world["child"].pk})).status_code == 200

    # the demo parent's enrolled child, as the other parent
    neighbour = Client()
    neighbour.force_login(other)
    url = reverse("programs:cabinet_leave", kwargs={"pk": world["enrolled"].pk})
    assert neighbour.get(url).status_code == 404
    assert neighbour.post(url, {"reason": "Переезд"}).status_code == 404
    assert not LeaveRequest.objects.filter(enrolment__application=world["enrolled"]).exists()
    assert world["child"].surname not in neighbour.get(reverse("programs:children")).content.decode()
    assert parent.get(url).status_code == 200
