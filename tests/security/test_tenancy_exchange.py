"""The tenancy of the exchange's URLs that are no row of the tenancy matrix's object URLs: the
public group calendar (only a catalogue group, only under its own club), the teachers'
private feeds (a secret is one teacher's; the feed page shows the user's own address only,
and renewing or revoking touches no one else's), the upload of a package (into the
methodist's own organisation only) and the import itself (another organisation's records,
named by their uuids or by tombstones, are skipped and stay as they were). Organisations A and B of worlds.py with the
exchange's records of exchange_world.py; A's roles as in test_tenancy_matrix.py.

The package API's tokens: test_package_tokens.py."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from programs.exchange.export import write_package
from programs.exchange.importing import import_package
from programs.models import Group, PackageImport, Program, TeacherFeed
from tests.security.exchange_world import EMPTY_PACKAGE
from tests.security.helpers import body_text, differences, leaks, snapshot
from tests.security.test_tenancy_matrix import ROLES
from tests.security.worlds import INSIDER, OUTSIDER_RECORDS, build_tenancy_world, module_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory.mktemp("tenancy-exchange")):
        yield build_tenancy_world()


@pytest.fixture
def clients(world, db):
    made = {"anonymous": Client(raise_request_exception=False)}
    for role in ROLES:
        made[role] = Client(raise_request_exception=False)
        made[role].force_login(world.users[role])
    return made


def ics_text(response) -> str:
    """The calendar's text with its folded lines joined and its escapes undone."""
    text = body_text(response).replace("\r\n ", "").replace("\n ", "")
    return text.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")


def group_calendar(client, club, group):
    return client.get(reverse("programs:group_calendar", kwargs={"slug": club.slug, "group_id": group.pk}))


def teacher_calendar(token):
    return Client(raise_request_exception=False).get(
        reverse("programs:teacher_calendar", kwargs={"token": token})
    )


# --- the public group calendar --------------------------------------------------------------


def test_only_a_catalogue_group_under_its_own_club_has_a_public_calendar(world, clients):
    a, b = world.a, world.b
    wrong = []
    for role, client in clients.items():
        for label, club, group, expected in (
            ("A's group", a.club, a.group, 200),  # the control
            ("B's group", b.club, b.group, 200),  # public: every organisation's catalogue
            ("A's draft program's group", a.club, a.draft_group, 404),
            ("B's draft program's group", b.club, b.draft_group, 404),
            ("B's group under A's club", a.club, b.group, 404),
            ("A's group under B's club", b.club, a.group, 404),
            ("A's next year's group", a.club, a.next_group, 404),
        ):
            response = group_calendar(client, club, group)
            if response.status_code != expected:
                wrong.append(f"{label} as {role}: expected {expected}, got {response.status_code}")
            elif expected == 404 and group.name in body_text(response):
                wrong.append(f"{label} as {role}: the 404 names the group")
    assert not wrong, "\n".join(wrong)


def test_a_group_calendar_names_no_child_and_nothing_of_another_organisation(world, clients):
    a, b = world.a, world.b
    response = group_calendar(clients["anonymous"], a.club, a.group)
    assert response["Content-Type"].startswith("text/calendar")
    text = ics_text(response)
    assert "BEGIN:VEVENT" in text and str(a.slot.uuid) in text  # the control: A's lesson is there
    assert not leaks(text, b), leaks(text, b)
    assert INSIDER.lower() not in text.lower(), "a child's or guardian's surname of A"
    assert not [phone for phone in a.phones if phone in text or phone[-9:] in text]
    assert str(b.slot.uuid) not in text and str(a.draft_slot.uuid) not in text


# --- the teachers' private feeds ------------------------------------------------------------


def test_a_teachers_feed_holds_their_own_groups_only(world, db):
    a, b = world.a, world.b
    response = teacher_calendar(a.teacher_feed.token)
    assert "public" not in response["Cache-Control"], "a secret address kept by a shared cache"
    ours = ics_text(response)
    theirs = ics_text(teacher_calendar(b.teacher_feed.token))
    assert str(a.slot.uuid) in ours and str(b.slot.uuid) in theirs  # the control
    assert str(b.slot.uuid) not in ours and not leaks(ours, b), leaks(ours, b)
    assert str(a.slot.uuid) not in theirs and a.group.name not in theirs
    for text in (ours, theirs):
        assert INSIDER.lower() not in text.lower()
        assert not any(phone[-9:] in text for phone in a.phones + b.phones)


def test_an_unknown_or_changed_token_is_404(world, db):
    a = world.a
    for token in ("x", a.teacher_feed.token[:-1], a.teacher_feed.token + "x", a.teacher_feed.token.upper()):
        if token != a.teacher_feed.token:
            assert teacher_calendar(token).status_code == 404, token


def test_the_feed_page_shows_the_users_own_address_only(world, clients):
    """A's teacher sees their own secret; nobody else of A does (their methodist and director
    included), and nobody sees B's."""
    a, b = world.a, world.b
    url = reverse("programs:staff_calendar_feed")
    for role in ROLES:
        response = clients[role].get(url)
        text = body_text(response) if response.status_code == 200 else ""
        assert b.teacher_feed.token not in text, role
        if role == "teacher":
            assert response.status_code == 200 and a.teacher_feed.token in text
        else:
            assert a.teacher_feed.token not in text, f"{role} sees the teacher's secret address"


def test_renewing_and_revoking_touch_the_users_own_feed_only(world, clients):
    a, b = world.a, world.b
    kept = {feed.pk: feed.token for feed in TeacherFeed.objects.exclude(person=a.teacher)}
    for role in ROLES:
        if role == "teacher":
            continue
        for name in ("programs:staff_calendar_feed_revoke", "programs:staff_calendar_feed_new"):
            clients[role].post(reverse(name), {"confirmed": "1"})
    assert TeacherFeed.objects.get(person=a.teacher).token == a.teacher_feed.token, (
        "another user's POST changed the teacher's feed"
    )
    teacher = clients["teacher"]
    teacher.post(reverse("programs:staff_calendar_feed_new"), {"confirmed": "1"})
    renewed = TeacherFeed.objects.get(person=a.teacher)
    assert renewed.token != a.teacher_feed.token
    assert teacher_calendar(a.teacher_feed.token).status_code == 404  # the old address stops
    assert teacher_calendar(renewed.token).status_code == 200
    teacher.post(reverse("programs:staff_calendar_feed_revoke"), {"confirmed": "1"})
    assert not TeacherFeed.objects.filter(person=a.teacher).exists()
    assert teacher_calendar(renewed.token).status_code == 404
    others = dict(TeacherFeed.objects.exclude(person=a.teacher).values_list("pk", "token"))
    assert {pk: token for pk, token in others.items() if pk in kept} == kept, "another teacher's feed changed"
    assert teacher_calendar(b.teacher_feed.token).status_code == 200


# --- imports of packages --------------------------------------------------------------------


def test_a_methodist_uploads_into_their_own_organisation_only(world, clients):
    """The upload's organisation is a choice of the methodist's own: B's is refused, nothing
    is kept for B; A's (the control) is kept for A."""
    a, b = world.a, world.b
    client = clients["methodist"]
    url = reverse("programs:staff_package_import_create")
    before = PackageImport.objects.filter(organisation=b.organisation).count()
    for organisation in (b.organisation.pk, f"{a.organisation.pk},{b.organisation.pk}"):
        upload = SimpleUploadedFile("Пакет.xml", EMPTY_PACKAGE, content_type="application/xml")
        response = client.post(url, {"organisation": organisation, "file": upload})
        assert response.status_code == 200, organisation  # the form again, with its error
        assert not leaks(body_text(response), b)
    assert PackageImport.objects.filter(organisation=b.organisation).count() == before
    upload = SimpleUploadedFile("Пакет.xml", EMPTY_PACKAGE, content_type="application/xml")
    response = client.post(url, {"organisation": a.organisation.pk, "file": upload})
    assert response.status_code == 302
    assert PackageImport.objects.filter(organisation=a.organisation, file_name="Пакет.xml").exists()


def _tombstones_of(records) -> bytes:
    """A package whose objects are tombstones of ``records`` ((kind, list element, record))."""
    lists = {"partners": [], "programs": [], "groups": [], "schedules": []}
    for kind, element, record in records:
        lists[element].append(
            f"<{kind}><uuid>{record.uuid}</uuid><localId>{record.pk}</localId>"
            f"<datasource>00000000-0000-4000-8000-000000000001</datasource>"
            f"<lastmodifiedTs>1764547200</lastmodifiedTs><isDeleted>true</isDeleted></{kind}>"
        )
    objects = "".join(f"<{name}>{''.join(items)}</{name}>" for name, items in lists.items())
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<package datasource="00000000-0000-4000-8000-000000000001" '
        f'created="1764547200" kind="incremental"><dictionaries/><objects>{objects}</objects></package>'
    ).encode()


def test_a_package_imported_into_a_changes_none_of_bs_records(world, db):
    """A's methodist imports B's own package, renamed, and one of tombstones of B's records:
    objects matched by uuid to another organisation's records are skipped, B's rows stay as
    they were and nothing of B's is copied into A."""
    a, b = world.a, world.b
    out = io.BytesIO()
    write_package(out, organisation_ids=[b.organisation.pk])
    package = out.getvalue()
    assert str(b.program.uuid).encode() in package  # the control: B's program is in it
    renamed = package.replace(OUTSIDER_RECORDS.encode(), "Захвачено".encode())
    tombstones = _tombstones_of(
        [
            ("partner", "partners", b.organisation),
            ("program", "programs", b.program),
            ("group", "groups", b.group),
            ("schedule", "schedules", b.slot),
        ]
    )
    before = snapshot(b)
    methodist = world.users["methodist"]
    reports = {}
    for label, content in (("B's package", renamed), ("B's tombstones", tombstones)):
        result = import_package(content, organisation=a.organisation, by=methodist)
        reports[label] = result.report
    assert not differences(before, snapshot(b)), differences(before, snapshot(b))
    b_keys = {str(r.uuid) for r in (b.organisation, b.program, b.group, b.slot)}
    wrong = [
        f"{label}: {entry['object']} {entry['uuid']} {entry['outcome']}"
        for label, report in reports.items()
        for entry in report
        if entry["uuid"] in b_keys and entry["outcome"] not in ("skipped", "unchanged")
    ]
    assert not wrong, wrong
    assert b_keys <= {entry["uuid"] for report in reports.values() for entry in report}  # not vacuous
    assert not Program.objects.filter(title__contains="Захвачено").exists()
    assert not Group.objects.filter(name__contains="Захвачено").exists()
