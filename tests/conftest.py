"""The fixed cast: one user per role, and a logged-in client for each."""

from pathlib import Path

import pytest

from centre import settings as configured
from centre.roles import Role, assign_roles
from tests.factories import GuardianFactory, PersonFactory, UserFactory
from tests.smtp import smtp_server  # noqa: F401  (a fixture for every test directory)

ROLE_USERNAMES = {
    Role.METHODIST: "methodist",
    Role.DIRECTOR: "director",
    Role.TEACHER: "teacher",
    Role.COORDINATOR: "coordinator",
    Role.PARENT: "parent",
    Role.AUTHORITY: "authority",
}


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads and private files of every test (load_demo's photos too) go to the test's
    temporary directory, never to the configured folders (var/media, var/private). A folder a
    module's world has already moved (tests/security/worlds.module_world) stays where its
    files are. Returns the media folder."""
    for name, folder in (("MEDIA_ROOT", "media"), ("PRIVATE_MEDIA_ROOT", "private")):
        if Path(getattr(settings, name)) == Path(getattr(configured, name)):
            setattr(settings, name, tmp_path / folder)
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def russian_to_begin_with():
    """Every test starts in the default language and leaves it so: a request to /kk/ or /en/
    leaves its language active in the thread, and a later test's reverse() would give /en/
    addresses and its pages English."""
    from django.utils import translation

    translation.activate(configured.LANGUAGE_CODE)
    yield
    translation.activate(configured.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    # Real hashers are slow on purpose; tests log users in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache():
    # Cached visitor pages must not leak from one test into the next.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


SEED_MIGRATIONS = [
    ("centre.migrations.0002_roles", "create_roles"),
    ("centre.migrations.0007_learner_organisation_required", "create_authority_role"),
    ("programs.migrations.0002_directions", "create"),
    ("programs.migrations.0018_kazakhstan_directions", "create"),
    ("projects.migrations.0002_project_types", "create"),
]


@pytest.fixture(autouse=True)
def migration_seed_data(request):
    """Transactional tests flush the database; serialized rollback should bring the rows the
    data migrations made back, but after a browser test it sometimes does not. Re-running
    the (idempotent) seeding functions keeps every transactional test on the same ground."""
    marker = request.node.get_closest_marker("django_db")
    if not (marker and marker.kwargs.get("transaction")):
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps

    from programs.models import Direction

    # both lists, and the Kazakh and English names 0018 gives Russia's
    seeded = (
        Direction.objects.filter(country="KZ").exists()
        and Direction.objects.filter(slug="technical").exclude(name_kk="").exists()
    )
    if not seeded:
        for module, function in SEED_MIGRATIONS:
            getattr(import_module(module), function)(apps, None)


@pytest.fixture
def make_user(db):
    def make(role=None, username=None, **extra):
        username = username or ROLE_USERNAMES.get(role)
        user = UserFactory(**({"username": username} if username else {}), **extra)
        if role:
            assign_roles(user, [role])
            if role == Role.PARENT:
                GuardianFactory(user=user, surname=user.username.capitalize())
            else:
                PersonFactory(user=user)
        return user

    return make


@pytest.fixture
def methodist(make_user):
    return make_user(Role.METHODIST)


@pytest.fixture
def director(make_user):
    return make_user(Role.DIRECTOR)


@pytest.fixture
def teacher(make_user):
    return make_user(Role.TEACHER)


@pytest.fixture
def coordinator(make_user):
    return make_user(Role.COORDINATOR)


@pytest.fixture
def parent(make_user):
    return make_user(Role.PARENT)


@pytest.fixture
def authority(make_user):
    """A member of the education authority whose territory holds the home organisation."""
    from centre.models import Organisation
    from tests.factories import OrganisationFactory, home_organisation

    user = make_user(Role.AUTHORITY)
    office = OrganisationFactory(name="Управление образования (тестовое)", kind=Organisation.Kind.AUTHORITY)
    user.person.organisation = office
    user.person.save(update_fields=["organisation"])
    Organisation.objects.filter(pk=home_organisation().pk).update(authority=office)
    return user


@pytest.fixture
def authority_client(client, authority):
    return _client_for(client, authority)


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin", is_staff=True, is_superuser=True)


def _client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def methodist_client(client, methodist):
    return _client_for(client, methodist)


@pytest.fixture
def director_client(client, director):
    return _client_for(client, director)


@pytest.fixture
def teacher_client(client, teacher):
    return _client_for(client, teacher)


@pytest.fixture
def coordinator_client(client, coordinator):
    return _client_for(client, coordinator)


@pytest.fixture
def parent_client(client, parent):
    return _client_for(client, parent)


@pytest.fixture
def role_client(request, client, make_user):
    """Parametrise with a role code, or "anonymous": a client logged in with that role."""
    role = request.param
    if role == "anonymous":
        return client
    client.force_login(make_user(role))
    return client
