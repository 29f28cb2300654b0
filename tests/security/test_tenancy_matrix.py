"""The tenancy matrix: organisations kept apart, built from the URL configuration itself.

Two organisations, A and B (tests/security/worlds.py), each with one of everything; A's staff
in every role (teacher, methodist, director, coordinator, the education authority whose
territory is A alone, and a teacher who is also the mentoring coordinator) and A's parent
(whose list holds A's child; B's parent's child and applications are another parent's). Then:

- every URL of the access matrix whose route takes an object (``OBJECT_ARGS`` derives the
  arguments from one organisation's records) is requested by each of A's roles with
  GET and with POST, first for A's own object (in a savepoint, rolled back), then for B's:
  where the role reaches A's object (200 or a redirect), B's answers 404; where the role is
  refused A's object, B's is the same refusal or 404. A URL naming two objects is tried with
  A's first object and B's second as well. After every request, B's rows (statuses, names,
  counts) and files are as they were;
- every list and export (a staff URL without an object) is read by each role, as it opens
  and with its filters pointed at B's records (organisation, club, group, teacher, program,
  platform, user) or a search for B's children, and searched for B's people: every HTML
  text, every cell of every sheet of a workbook, every line of a CSV — none of B's
  children's or guardians' surnames, guardians' phones, staff names, records' titles (A's
  own object pages, their forms' choices included, are searched the same way);
- a URL with an object but no entry in ``OBJECT_ARGS`` (nor a reason in
  ``OUTSIDE_TENANCY``) fails ``test_every_object_url_has_arguments`` with its name.

The world is built once for the module (one transaction rolled back at its end); each test
runs in a savepoint of it.
"""

from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from centre.models import Learner, Person
from mentoring.models import Participant
from programs.models import (
    Club,
    Program,
)
from tests.security.helpers import body_text, differences, leaks, snapshot
from tests.security.matrix import (
    FORBIDDEN,
    LOGIN,
    MATRIX,
    NOT_ALLOWED,
    OK,
    REDIRECT,
    matches,
    outcome,
    portal_urls,
    requests_of,
)
from tests.security.tenancy_args import (
    LIST_QUERIES,
    NO_RECORD_ARGS,
    OBJECT_ARGS,
    OUTSIDE_TENANCY,
    POST_DATA,
)
from tests.security.worlds import (
    INSIDER,
    OUTSIDER,
    OUTSIDER_FIRST_NAMES,
    OUTSIDER_RECORDS,
    OUTSIDER_STAFF,
    STAFF_ROLES,
    build_tenancy_world,
    module_world,
)

pytestmark = pytest.mark.django_db

NOT_FOUND = 404


#: A's staff, and A's parent (whose own children and applications B's parent's are not)
ROLES = (*STAFF_ROLES, "parent")
REACHED = (OK, REDIRECT)
#: A search for B's children: it finds «Чужакова», and echoed back in the search field it is
#: never mistaken for the marker
SEARCH = OUTSIDER[:5].lower()


def other_filters(o):
    """The lists' filters pointed at organisation ``o``'s records, and a search for its
    children: a filter that takes another organisation's record must not show its rows."""
    return [
        {"q": SEARCH},
        {"organisation": o.organisation.pk},
        {"club": o.club.pk},
        {"group": o.group.pk},
        {"teacher": o.teacher.pk},
        {"program": o.program.pk},
        {"program": o.mentoring_program.pk},
        {"platform": o.platform.pk},
        {"user": o.methodist_user.pk},
    ]


def object_urls():
    return {name: route for name, route in portal_urls().items() if "<" in route}


def list_urls():
    """Staff URLs without an object (lists, forms, exports): those anonymous is sent to log in from."""
    return sorted(
        name
        for name, route in portal_urls().items()
        if "<" not in route
        and not isinstance(MATRIX.get(name), tuple)
        and MATRIX.get(name, {}).get("anonymous") == LOGIN
    )


# --- the world ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory.mktemp("tenancy")):
        yield build_tenancy_world()


@pytest.fixture
def clients(world, db):
    made = {}
    for role in ROLES:
        made[role] = Client(raise_request_exception=False)
        made[role].force_login(world.users[role])
    return made


def request(client, method, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    if method == "post":
        return client.post(url, POST_DATA.get(name, {}))
    return client.get(url)


def own_answer(client, method, name, kwargs, other=None):
    """The role's answer for A's own object, and what of organisation ``other`` the page
    shows (a form's choices); whatever the request changed is rolled back."""
    with transaction.atomic():
        response = request(client, method, name, kwargs)
        shown = leaks(body_text(response), other) if other and response.status_code == 200 else []
        transaction.set_rollback(True)
    return (outcome(response), shown) if other else outcome(response)


def expected_for_other(own) -> tuple:
    """What B's object may answer, given the answer for A's own object."""
    if own in REACHED or own == 500:
        return (NOT_FOUND,)
    return (own, NOT_FOUND)  # refused for A's own object: the same refusal, or "no such object"


# --- the structure --------------------------------------------------------------------------


def test_every_object_url_has_arguments():
    urls = object_urls()
    missing = sorted(set(urls) - set(OBJECT_ARGS) - set(OUTSIDE_TENANCY))
    assert not missing, (
        "URLs with an object but no tenancy arguments (OBJECT_ARGS or OUTSIDE_TENANCY): "
        + ", ".join(f"{name} ({urls[name]})" for name in missing)
    )
    stale = sorted((set(OBJECT_ARGS) | set(OUTSIDE_TENANCY)) - set(urls))
    assert not stale, "The tenancy matrix names URLs that no longer exist or take no object: " + ", ".join(
        stale
    )
    assert not set(OBJECT_ARGS) & set(OUTSIDE_TENANCY)


def test_every_list_is_read():
    """Every staff URL without an object is searched (none is left out silently)."""
    names = list_urls()
    assert "programs:staff_applications" in names and "projects:gifted_bank_xlsx" in names
    assert set(LIST_QUERIES) <= set(names)
    assert not {name for name in names if "<" in portal_urls()[name]}


def test_the_world_keeps_its_markers_apart(world):
    """B's markers are nowhere in A, the users are A's staff and the authority reads A only."""
    from centre.scope import readable_organisations, staff_organisations

    a, b = world.a, world.b
    assert all(OUTSIDER in surname for surname in b.surnames)
    assert not any(OUTSIDER in surname or OUTSIDER_STAFF in surname for surname in a.surnames)
    assert not set(a.phones) & set(b.phones)
    assert not Learner.objects.filter(organisation=a.organisation, surname__icontains=OUTSIDER).exists()
    assert not Person.objects.filter(organisation=a.organisation, surname__icontains=OUTSIDER_STAFF).exists()
    assert Learner.objects.filter(organisation=b.organisation, surname__icontains=OUTSIDER).count() == 3
    assert OUTSIDER_RECORDS in b.organisation.name and OUTSIDER_RECORDS in b.program.title
    assert not Learner.objects.exclude(organisation=b.organisation).filter(name__in=OUTSIDER_FIRST_NAMES)
    assert {b.learner.name, b.mentee.name, b.application.child_name, b.newcomer.name} == set(
        OUTSIDER_FIRST_NAMES
    )
    assert not Program.objects.exclude(organisation=b.organisation).filter(title__icontains=OUTSIDER_RECORDS)
    assert not Club.objects.exclude(organisation=b.organisation).filter(name__icontains=OUTSIDER_RECORDS)
    for role, user in world.users.items():
        if role == "parent":
            assert user == a.parent_user and a.child.guardian.user == user != b.child.guardian.user
            assert a.application.user == user and b.application.user != user
        elif role == "authority":
            assert readable_organisations(user) and b.organisation.pk not in readable_organisations(user)
            assert a.organisation.pk in readable_organisations(user)
            assert a.organisation.pk not in staff_organisations(user)
        else:
            assert staff_organisations(user) == [a.organisation.pk], role
    assert world.users["teacher"].person == a.group.teacher == a.project.supervisor
    assert a.pair.participants.filter(
        person=world.users["teacher"].person, role=Participant.Role.MENTOR
    ).exists()


# --- objects of the other organisation --------------------------------------------------


@pytest.mark.parametrize("name", sorted(OBJECT_ARGS))
def test_the_other_organisations_object_is_not_found(name, world, clients):
    own_kwargs, other_kwargs = OBJECT_ARGS[name](world.a), OBJECT_ARGS[name](world.b)
    variants = [("B's", other_kwargs)]
    if len(own_kwargs) > 1:
        # A's first object with B's second: the second must be looked up within the first
        mixed = {key: (value if key == "pk" else other_kwargs[key]) for key, value in own_kwargs.items()}
        if mixed != own_kwargs:  # a month of a register is no object: the same for A and B
            variants.append(("A's with B's", mixed))
    before = snapshot(world.b)
    wrong, shown, checked = [], [], 0
    for method in ("get", "post"):
        for role in ROLES:
            client = clients[role]
            own, on_own_page = own_answer(client, method, name, own_kwargs, other=world.b)
            if on_own_page:
                shown.append(
                    f"{method.upper()} {name} A's own object as {role} shows B's " + "; ".join(on_own_page)
                )
            allowed = expected_for_other(own)
            for label, kwargs in variants:
                response = request(client, method, name, kwargs)
                actual = outcome(response)
                checked += 1
                if actual not in allowed:
                    wrong.append(
                        f"{method.upper()} {name} {label} object as {role}: expected "
                        f"{' or '.join(map(str, allowed))} (A's own object answers {own}), got {actual}"
                    )
                if response.status_code == 200 and (found := leaks(body_text(response), world.b)):
                    shown.append(
                        f"{method.upper()} {name} {label} object as {role} shows B's " + "; ".join(found)
                    )
    changed = differences(before, snapshot(world.b))
    assert not (wrong or shown or changed), "\n".join(
        [f"{len(wrong)} of {checked} answers for the other organisation's object are wrong:", *wrong, *shown]
        + (["B's records changed: " + "; ".join(changed)] if changed else [])
    )


@pytest.mark.parametrize("name", sorted(OBJECT_ARGS))
def test_the_own_organisations_object_answers_as_the_access_matrix_says(name, world, clients):
    """The control: A's own object answers each role as the access matrix says (so a 404 for B's
    is tenancy, not a page that is broken or refused here)."""
    wrong = []
    for method, outcomes in requests_of(name):
        for role in ROLES:
            own = own_answer(clients[role], method, name, OBJECT_ARGS[name](world.a))
            if not matches(outcomes[role], own):
                wrong.append(
                    f"{method.upper()} {name} for A's own object as {role}: expected {outcomes[role]}, "
                    f"got {own}"
                )
    assert not wrong, "\n".join(wrong)


#: staff URLs that change only the user's own settings, never a record of the territory
OWN_SETTINGS = {
    "staff_preferences": "the user's own daily digest (their staff record, not A's)",
    **dict.fromkeys(["programs:staff_calendar_feed_new", "programs:staff_calendar_feed_revoke"], "own feed"),
}


def staff_only_urls():
    """The URLs of the staff area: those a parent is refused (but the user's own settings)."""
    return sorted(
        name
        for name, expected in MATRIX.items()
        if (expected[1] if isinstance(expected, tuple) else expected)["parent"] == FORBIDDEN
        and name not in OWN_SETTINGS
    )


# what the authority does write, none of it a record of its territory's organisations (the
# test still sends them and checks A's rows stay)
AUTHORITY_WRITES = {
    "programs:statistics_pupils": "the authority's own figure: its territory's schoolchildren",
    "programs:statistics_refresh": "a recomputation of figures derived from the records",
}


def test_the_authority_changes_nothing_in_its_territory(world, clients):
    """A member of the education authority reads A (its territory) and changes nothing: a POST
    to any staff URL, with A's objects, is refused (403, 404 or 405) and A's rows stay."""
    client = clients["authority"]
    before = snapshot(world.a)
    wrong = []
    for name in staff_only_urls():
        arguments = OBJECT_ARGS.get(name) or NO_RECORD_ARGS.get(name)
        kwargs = arguments(world.a) if arguments else {}
        answer = outcome(request(client, "post", name, kwargs))
        if name not in AUTHORITY_WRITES and answer not in (FORBIDDEN, NOT_FOUND, NOT_ALLOWED):
            wrong.append(f"POST {name} as authority: {answer}")
    changed = differences(before, snapshot(world.a))
    assert not wrong and not changed, "\n".join(
        wrong + (["A's records changed: " + "; ".join(changed)] if changed else [])
    )
    assert len(staff_only_urls()) > 60


# --- lists and exports --------------------------------------------------------------------


@pytest.mark.parametrize("name", list_urls())
def test_lists_and_exports_name_none_of_the_other_organisations_people(name, world, clients):
    wrong = []

    def read(role, query):
        url = reverse(name) + (f"?{urlencode(query)}" if query else "")
        response = clients[role].get(url)
        if response.status_code >= 500:
            wrong.append(f"GET {url} as {role}: {response.status_code}")
        elif found := leaks(body_text(response), world.b):
            wrong.append(f"GET {url} as {role} shows B's " + "; ".join(found))
        return response.status_code == 200

    for role in ROLES:
        reached = [read(role, query) for query in [{}, *LIST_QUERIES.get(name, [])]]
        if any(reached):  # the role reads the list: its filters pointed at B's records too
            for query in other_filters(world.b):
                read(role, query)
    assert not wrong, f"{name}:\n" + "\n".join(wrong)


# The lists that name children, read by the roles that may read them: A's children are there,
# so the search for B's children above is not vacuous.
NAMES_CHILDREN = {
    "programs:staff_applications": "methodist",
    "projects:gifted_bank": "methodist",
    "projects:gifted_bank_xlsx": "director",
    "mentoring:export": "methodist",  # a coordinator sees children in the public name form
    "programs:staff_leave_requests": "director",
    "programs:children": "parent",
    "programs:cabinet": "parent",
}


@pytest.mark.parametrize(("name", "role"), sorted(NAMES_CHILDREN.items()))
def test_the_lists_that_name_children_name_the_own_organisations(name, role, world, clients):
    response = clients[role].get(reverse(name))
    assert response.status_code == 200
    assert INSIDER.lower() in body_text(response).lower(), f"{name} as {role} names none of A's children"
