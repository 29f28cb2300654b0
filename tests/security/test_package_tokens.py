"""The navigators' package API (``programs:package_api``): a token is the only key, and a
token is one organisation's.

Organisations A and B of worlds.py (each with an active and a revoked token, a deleted group
and lesson whose tombstones the triggers wrote: exchange_world.py). No token, a wrong one, a
revoked one, another scheme, the token's digest instead of its secret: 401 with
``WWW-Authenticate``, for anonymous and for every signed-in role alike (a session is no key).
A's token: a package of A (its program, group and lesson are there: the control) naming none
of B's records, uuids or tombstones, even asked for B by a query string; no child's or
guardian's data of A's either. Past ``PACKAGE_API_PER_MINUTE`` requests a minute a token gets
429 with ``Retry-After``; another token is counted apart.
"""

import datetime
import re
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from programs.models import PackageToken
from tests.security.helpers import body_text, leaks
from tests.security.worlds import INSIDER, build_tenancy_world, module_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory.mktemp("package-tokens")):
        yield build_tenancy_world()


def api(client=None, *, secret=None, scheme="Bearer", **query):
    client = client or Client(raise_request_exception=False)
    url = reverse("programs:package_api") + (f"?{urlencode(query)}" if query else "")
    headers = {"Authorization": f"{scheme} {secret}"} if secret is not None else {}
    return client.get(url, headers=headers)


def package_text(response) -> str:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/xml")
    assert "no-store" in response["Cache-Control"], "a package is kept by no cache"
    return body_text(response)


def b_uuids(b) -> set[str]:
    """Every uuid of B's exported records and of its tombstones."""
    records = [b.organisation, b.program, b.group, b.slot, b.draft_program, b.draft_group, b.draft_slot]
    return {str(record.uuid) for record in records} | set(b.tombstone_uuids)


def since_yesterday():
    return (timezone.now() - datetime.timedelta(days=1)).isoformat(timespec="seconds")


# --- no key, a wrong key ------------------------------------------------------------------


def test_no_wrong_or_revoked_token_is_refused_with_401(world, db):
    a, b = world.a, world.b
    refused = {
        "no header": api(),
        "an empty token": api(secret=""),
        "a made-up token": api(secret="not-a-token-at-all"),
        "A's revoked token": api(secret=a.revoked_secret),
        "B's revoked token": api(secret=b.revoked_secret),
        "the token's digest, not its secret": api(secret=a.package_token.key_hash),
        "the token's prefix": api(secret=a.package_token.prefix),
        "another scheme": api(secret=a.package_secret, scheme="Basic"),
        "the secret with a character more": api(secret=a.package_secret + "x"),
    }
    wrong = [
        f"{label}: {response.status_code}"
        for label, response in refused.items()
        if response.status_code != 401 or not response.get("WWW-Authenticate")
    ]
    assert not wrong, "answers that should be 401 with WWW-Authenticate: " + "; ".join(wrong)
    for response in refused.values():
        assert not leaks(body_text(response), b) and "<objects" not in body_text(response)
    assert PackageToken.objects.get(pk=a.revoked_token.pk).last_used_at is None


def test_a_signed_in_user_without_a_token_is_refused_with_401(world, db):
    """A session is no key: every role of A, the administrator's too, gets 401."""
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("package-admin", "a@example.org", "x")
    for role, user in [*world.users.items(), ("admin", admin)]:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        assert api(client).status_code == 401, role
        # nor is another user's session with a revoked token
        assert api(client, secret=world.a.revoked_secret).status_code == 401, role


def test_a_revoked_token_stops_at_once(world, db):
    a = world.a
    token, secret = PackageToken.issue(organisation=a.organisation, name="Отзываемый")
    assert api(secret=secret).status_code == 200
    PackageToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
    assert api(secret=secret).status_code == 401


# --- one organisation's token -------------------------------------------------------------


@pytest.mark.parametrize("incremental", [False, True], ids=["full", "since"])
def test_a_token_exports_its_organisations_records_and_none_of_anothers(incremental, world, db):
    a, b = world.a, world.b
    params = {"since": since_yesterday()} if incremental else {}
    text = package_text(api(secret=a.package_secret, **params))
    # the control: A's published program, its group and lesson are there
    for record in (a.organisation, a.program, a.group, a.slot):
        assert str(record.uuid) in text, f"A's {type(record).__name__} is not in A's package"
    assert a.program.title in text
    if incremental:  # A's own tombstones are in its incremental package
        assert a.tombstone_uuids <= set(_uuids(text)), "A's tombstones are not in A's package since yesterday"
    found = sorted(b_uuids(b) & set(_uuids(text)))
    assert not found, f"A's package names B's uuids: {found}"
    assert not leaks(text, b), leaks(text, b)
    # nor A's unpublished program (an incremental package may name its uuid as a tombstone:
    # a record changed since then and not exported is withdrawn, by its uuid alone)
    assert a.draft_program.title not in text and a.draft_group.name not in text
    if not incremental:
        assert str(a.draft_program.uuid) not in text


def test_a_query_string_cannot_widen_a_token_to_another_organisation(world, db):
    a, b = world.a, world.b
    for query in (
        {"organisation": b.organisation.pk},
        {"organisation_id": b.organisation.pk},
        {"organisation": f"{a.organisation.pk},{b.organisation.pk}"},
        {"datasource": str(b.organisation.uuid)},
    ):
        response = api(secret=a.package_secret, **query)
        if response.status_code == 200:
            text = body_text(response)
            assert not (b_uuids(b) & set(_uuids(text))) and not leaks(text, b), query
        else:
            assert response.status_code == 400, (query, response.status_code)


def test_b_token_yields_b_and_not_a(world, db):
    """The same from the other side: B's token gets B's records, none of A's."""
    a, b = world.a, world.b
    text = package_text(api(secret=b.package_secret, since=since_yesterday()))
    assert str(b.group.uuid) in text and b.tombstone_uuids <= set(_uuids(text))
    a_records = {str(r.uuid) for r in (a.organisation, a.program, a.group, a.slot)} | a.tombstone_uuids
    assert not a_records & set(_uuids(text))
    assert a.program.title not in text


def test_the_package_names_no_childs_or_guardians_data(world, db):
    a = world.a
    text = package_text(api(secret=a.package_secret))
    assert INSIDER.lower() not in text.lower(), "A's package names a child or a guardian of A"
    for phone in a.phones:
        assert phone not in text and phone[-9:] not in text, phone
    for guardian in a.guardians:
        assert guardian.surname not in text
        assert not guardian.email or guardian.email not in text


def test_a_used_token_is_marked_and_the_other_is_not(world, db):
    a, b = world.a, world.b
    PackageToken.objects.filter(pk__in=[a.package_token.pk, b.package_token.pk]).update(last_used_at=None)
    before = timezone.now()
    package_text(api(secret=a.package_secret))
    assert PackageToken.objects.get(pk=a.package_token.pk).last_used_at >= before
    assert PackageToken.objects.get(pk=b.package_token.pk).last_used_at is None


def test_the_token_is_a_header_never_a_query_string(world, db):
    """A secret in a query string ends up in the web server's log: it is no key."""
    a = world.a
    for name in ("token", "key", "access_token", "api_key"):
        assert api(**{name: a.package_secret}).status_code == 401, name


def test_a_bad_since_is_400_with_a_message(world, db):
    response = api(secret=world.a.package_secret, since="вчера")
    assert response.status_code == 400
    assert body_text(response).strip()


def test_the_api_changes_nothing(world, db):
    """Read-only: a POST, PUT or DELETE with a valid token changes nothing and is refused."""
    a = world.a
    client = Client(raise_request_exception=False)
    headers = {"Authorization": f"Bearer {a.package_secret}"}
    url = reverse("programs:package_api")
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(url, headers=headers)
        assert response.status_code in (401, 403, 405), (method, response.status_code)


# --- the rate limit -----------------------------------------------------------------------


def test_past_the_limit_a_token_gets_429_and_another_token_does_not(world, db, settings):
    a, b = world.a, world.b
    settings.PACKAGE_API_PER_MINUTE = 3
    answers = [api(secret=a.package_secret).status_code for _ in range(3)]
    assert answers == [200, 200, 200]
    refused = api(secret=a.package_secret)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "<objects" not in body_text(refused)
    # another token (of another organisation, or of the same) is counted apart
    assert api(secret=b.package_secret).status_code == 200
    other, secret = PackageToken.issue(organisation=a.organisation, name="Второй навигатор")
    assert api(secret=secret).status_code == 200


def test_the_limit_is_a_setting_from_the_environment(settings):
    assert isinstance(settings.PACKAGE_API_PER_MINUTE, int) and settings.PACKAGE_API_PER_MINUTE >= 1


def _uuids(text: str) -> list[str]:
    return re.findall(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", text.lower())


def test_the_world_keeps_each_organisations_tokens_and_tombstones(world, db):
    """The world itself: a secret finds its own organisation's active token only, a revoked
    one finds none, and each organisation's tombstones are written as its own."""
    from programs.models import Tombstone

    a, b = world.a, world.b
    assert PackageToken.objects.for_key(a.package_secret) == a.package_token
    assert PackageToken.objects.for_key(b.package_secret).organisation == b.organisation
    assert PackageToken.objects.for_key(a.revoked_secret) is None
    assert PackageToken.objects.for_key(a.package_token.key_hash) is None
    for o in (a, b):
        kept = Tombstone.objects.filter(uuid__in=o.tombstone_uuids)
        assert set(kept.values_list("organisation_id", flat=True)) == {o.organisation.pk}
    assert not a.tombstone_uuids & b.tombstone_uuids
