"""GET /api/package/: the organisation's package for its API token, nothing without one."""

import datetime
import time

import pytest
from django.contrib.messages import get_messages
from django.db import Error, connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from lxml import html

from programs.exchange import export
from programs.models import PackageToken, Program
from tests.programs.exchange.export_world import build_world, make_group, parse, uuids
from tests.programs.factories import ScheduleSlotFactory

pytestmark = pytest.mark.django_db

URL = "/api/package/"


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def secret(world):
    return PackageToken.issue(organisation=world.centre, name="Навигатор")[1]


def get(client, key=None, scheme="Bearer", **params):
    headers = {"Authorization": f"{scheme} {key}"} if key is not None else {}
    return client.get(URL, params, headers=headers)


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_address():
    assert reverse("programs:package_api") == URL


def test_the_organisation_s_package_streams_as_xml(client, world, secret):
    response = get(client, secret)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    root = parse(body(response))
    assert root.get("kind") == "full"
    # its own and its subdivision's programs, never another organisation's
    assert uuids(root, "programs") == {str(world.program.uuid), str(world.sub_program.uuid)}
    assert uuids(root, "partners") == {str(world.centre.uuid), str(world.subdivision.uuid)}


def test_the_token_scheme_is_accepted_too(client, world, secret):
    assert get(client, secret, scheme="Token").status_code == 200
    assert get(client, secret, scheme="bearer").status_code == 200


@pytest.mark.parametrize("key", [None, "", "not-a-token"])
def test_no_or_a_bad_token_is_401(client, world, secret, key):
    response = get(client, key)
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith('Bearer realm="package"')
    assert b"<package" not in response.content
    assert "Нужен действующий ключ API пакета" in response.content.decode()


def test_a_wrong_scheme_is_401(client, world, secret):
    assert get(client, secret, scheme="Basic").status_code == 401


def test_a_revoked_token_is_401(client, world, secret):
    PackageToken.objects.update(revoked_at=timezone.now())
    response = get(client, secret)
    assert response.status_code == 401
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


@pytest.mark.parametrize("role", ["methodist", "director", "teacher", "parent"])
def test_a_session_is_no_token(client, make_user, world, role):
    client.force_login(make_user(role))
    assert get(client).status_code == 401


def test_an_administrator_s_session_is_no_token(client, admin_user, world):
    client.force_login(admin_user)
    assert get(client).status_code == 401


@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_read_only(client, world, secret, method):
    response = getattr(client, method)(URL, headers={"Authorization": f"Bearer {secret}"})
    assert response.status_code == 405


def test_since_an_iso_time_or_unix_seconds(client, world, secret):
    Program.objects.filter(pk=world.sub_program.pk).update(title="Программирование на Python")
    hour_ago = timezone.localtime() - datetime.timedelta(hours=1)
    in_an_hour = timezone.now() + datetime.timedelta(hours=1)
    root = parse(body(get(client, secret, since=hour_ago.isoformat())))
    assert root.get("kind") == "incremental"
    assert str(world.sub_program.uuid) in uuids(root, "programs")
    empty = parse(body(get(client, secret, since=str(int(in_an_hour.timestamp())))))
    assert empty.get("since") == str(int(in_an_hour.timestamp()))
    assert [len(section) for section in empty.find("objects")] == [0, 0, 0, 0, 0]


@pytest.mark.parametrize("since", ["вчера", "2026-13-01", "", "99999999999999999999"])
def test_a_bad_since_is_400_with_a_message(client, world, secret, since):
    response = get(client, secret, since=since)
    assert response.status_code == 400
    assert "Укажите «since» как время ISO 8601" in response.content.decode()


def test_another_organisation_s_tombstones_are_not_sent(client, world, secret):
    since = timezone.now() - datetime.timedelta(minutes=1)
    other_group = world.other_program.groups.get()
    other_uuid = str(other_group.uuid)
    other_group.delete()
    root = parse(body(get(client, secret, since=since.isoformat())))
    assert other_uuid not in {u for section in root.find("objects") for u in uuids(root, section.tag)}


def test_each_token_has_its_own_rate_limit(client, world, secret, settings):
    settings.PACKAGE_API_PER_MINUTE = 2
    other_secret = PackageToken.issue(organisation=world.other, name="Другой навигатор")[1]
    assert get(client, secret).status_code == 200
    assert get(client, secret).status_code == 200
    limited = get(client, secret)
    assert limited.status_code == 429
    assert int(limited["Retry-After"]) > 0
    assert get(client, other_secret).status_code == 200


def test_its_use_is_recorded(client, world, secret):
    token = PackageToken.objects.get()
    assert token.last_used_at is None
    body(get(client, secret))
    token.refresh_from_db()
    assert token.last_used_at is not None


def count_queries(client, secret) -> int:
    with CaptureQueriesContext(connection) as queries:
        parse(body(get(client, secret)))
    return len(queries)


def test_the_queries_do_not_grow_with_the_catalogue(client, world, secret, settings):
    settings.PACKAGE_API_PER_MINUTE = 100
    count_queries(client, secret)  # the installation's row is made on the first
    before = count_queries(client, secret)
    assert before <= 20
    for number in range(5):
        group = make_group(world.sub_program, year=world.free.academic_year, name=f"Ещё группа {number}")
        ScheduleSlotFactory(group=group, weekday=number + 1)
    assert count_queries(client, secret) == before


# --- the admin: issue (the secret shown once), list, revoke ------------------------------


def test_an_administrator_issues_a_token_and_sees_its_secret_once(client, admin_user, world):
    client.force_login(admin_user)
    response = client.post(
        "/admin/programs/packagetoken/add/",
        {"organisation": world.centre.pk, "name": "Региональный навигатор"},
    )
    # the secret is on the add's own answer, not behind a redirect
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = PackageToken.objects.get()
    assert token.created_by == admin_user and token.organisation == world.centre
    page = html.fromstring(response.content)
    [secret] = page.xpath('//input[@id="package-token-secret"]/@value')
    assert secret.startswith(token.prefix) and len(secret) >= 40
    assert PackageToken.objects.for_key(secret) == token
    # nowhere else: no cookie carries it (the messages cookie is signed, not encrypted)
    assert not [str(message) for message in get_messages(response.wsgi_request)]
    for cookie in (*response.cookies.values(), *client.cookies.values()):
        assert secret not in cookie.value and token.prefix not in cookie.value
    again = client.get(f"/admin/programs/packagetoken/{token.pk}/change/")
    assert secret not in again.content.decode()
    listing = client.get("/admin/programs/packagetoken/")
    assert secret not in listing.content.decode()
    assert get(client, secret).status_code == 200


def test_the_admin_issues_through_the_model_s_one_way(client, admin_user, world, monkeypatch):
    """PackageTokenAdmin makes no secret of its own: PackageToken.issue does."""
    made = []
    issue = PackageToken.issue.__func__

    def spy(cls, **kwargs):
        made.append(kwargs)
        return issue(cls, **kwargs)

    monkeypatch.setattr(PackageToken, "issue", classmethod(spy))
    client.force_login(admin_user)
    client.post("/admin/programs/packagetoken/add/", {"organisation": world.centre.pk, "name": "Навигатор"})
    [kwargs] = made
    assert kwargs["by"] == admin_user and kwargs["token"].pk == PackageToken.objects.get().pk


def test_issue_fills_an_unsaved_token_and_refuses_a_saved_one(world, admin_user):
    token, secret = PackageToken.issue(token=PackageToken(organisation=world.centre, name="Н"), by=admin_user)
    assert token.pk and token.created_by == admin_user
    assert PackageToken.objects.for_key(secret) == token and token.prefix == secret[:8]
    with pytest.raises(ValueError):
        PackageToken.issue(token=token)
    assert PackageToken.objects.for_key(secret) == token


def test_the_list_and_the_revoke_action(client, admin_user, world, secret):
    client.force_login(admin_user)
    token = PackageToken.objects.get()
    listing = client.get("/admin/programs/packagetoken/")
    assert listing.status_code == 200
    assert token.prefix in listing.content.decode()
    response = client.post(
        "/admin/programs/packagetoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.revoked_at is not None
    client.logout()
    assert get(client, secret).status_code == 401


def test_a_token_is_never_deleted_in_the_admin(client, admin_user, world, secret):
    client.force_login(admin_user)
    token = PackageToken.objects.get()
    assert client.post(f"/admin/programs/packagetoken/{token.pk}/delete/", {"post": "yes"}).status_code == 403
    assert PackageToken.objects.filter(pk=token.pk).exists()


def test_the_api_reads_since_with_the_export_s_one_parser():
    from programs.views import package_api

    assert package_api.parse_since is export.parse_since
    assert not hasattr(package_api, "read_since")


# --- a reader that stalls does not hold the snapshot for ever --------------------------------


def test_the_stream_s_transaction_may_wait_a_minute_for_its_reader(client, world, secret, monkeypatch):
    monkeypatch.setattr(export, "PIECE_BYTES", 1)
    monkeypatch.setattr(export, "FLUSH_EVERY", 1)
    pieces = iter(get(client, secret).streaming_content)
    first = next(pieces)
    with connection.cursor() as cursor:
        cursor.execute("SHOW idle_in_transaction_session_timeout")
        assert cursor.fetchone() == ("1min",)
    assert parse(first + b"".join(pieces)).get("kind") == "full"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_stalled_reader_loses_its_session_and_the_next_one_is_served(client, monkeypatch):
    world = build_world()
    key = PackageToken.issue(organisation=world.centre, name="Навигатор")[1]
    monkeypatch.setattr(export, "STREAM_IDLE_SECONDS", 1)
    monkeypatch.setattr(export, "PIECE_BYTES", 1)
    monkeypatch.setattr(export, "FLUSH_EVERY", 1)
    response = get(client, key)
    pieces = iter(response.streaming_content)
    received = [next(pieces)]
    time.sleep(2.5)  # the reader stalls: the database ends the idle transaction's session
    with pytest.raises(Error):
        received.extend(pieces)
    response.close()
    assert b"</package>" not in b"".join(received)
    # the session is gone, not the portal: the next request is served whole
    monkeypatch.setattr(export, "STREAM_IDLE_SECONDS", 60)
    assert parse(body(get(client, key))).get("kind") == "full"
