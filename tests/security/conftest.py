import contextlib
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command

from centre.models import Consent, Guardianship, Learner
from programs import services
from programs.models import Application
from tests.factories import GuardianFactory, LearnerFactory
from tests.security.pgserver import SeparateServer


@pytest.fixture(autouse=True)
def fresh_counters():
    """Rate-limit counters live in the cache: every test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True, scope="module")
def no_separate_server_left_behind():
    """Every separate PostgreSQL server a module starts is stopped and its folder deleted by the module's
    end (after the module's own fixtures are torn down), whether its tests passed, failed or erred."""
    before = len(SeparateServer.started)
    yield
    left = []
    for server in SeparateServer.started[before:]:
        if not server.closed:
            left.append(f"{server.root} was never closed")
            with contextlib.suppress(RuntimeError):
                server.close()
        left += server.leftovers()
    assert not left, f"separate PostgreSQL servers left behind: {left}"


@pytest.fixture
def demo(settings):
    """The demo loaded; its parent, teacher, methodist and director by username."""
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    User = get_user_model()
    return {name: User.objects.get(username=name) for name in ("parent", "teacher", "methodist", "director")}


@pytest.fixture
def artyom(demo):
    """Волков Артём of the demo: in a public project and a mentoring pair, his mother's
    application accepted, so that he is enrolled in a group too."""
    learner = Learner.objects.get(surname="Волков", name="Артём")
    application = Application.objects.get(
        child_surname="Волков", child_name="Артём", child_birth_date=learner.birth_date
    )
    services.application_accept(application=application, by=demo["methodist"])
    application.refresh_from_db()
    assert application.learner_id == learner.pk
    return learner


@pytest.fixture
def child(db):
    """Карпов Семён with his mother and both consents, outside the demo."""
    learner = LearnerFactory(
        surname="Карпов", name="Семён", birth_date=datetime.date(2013, 4, 5), school="Гимназия № 3"
    )
    guardian = GuardianFactory(surname="Карпова", phone="+7 (913) 777-77-77")
    Guardianship.objects.create(guardian=guardian, learner=learner, relation=Guardianship.Relation.MOTHER)
    Consent.objects.create(guardian=guardian, learner=learner, kind=Consent.Kind.PROCESSING)
    Consent.objects.create(guardian=guardian, learner=learner, kind=Consent.Kind.PUBLICATION)
    return learner
