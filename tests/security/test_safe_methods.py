"""A GET to a page of the methodist's year changes nothing: every URL of its modules (orders,
the register, the next year, imports) and the staff's settings, opened by each staff role of
organisation A with A's own objects, leaves A's records as they were — but for the lessons
the register makes when a month is first opened (``open_month``: a lesson row per lesson of
the schedule, as the brief asks) and the personal-data log's rows of who read what.

The tenancy world (worlds.py) is built once for the module; each test runs in a savepoint.
"""

import pytest
from django.urls import reverse

from tests.security.helpers import differences, login, snapshot
from tests.security.test_bounded_lists import year_urls
from tests.security.test_tenancy_matrix import NO_RECORD_ARGS, OBJECT_ARGS
from tests.security.worlds import STAFF_ROLES, build_tenancy_world, module_world

pytestmark = pytest.mark.django_db

#: what a GET may add: the register's lessons made when a month is opened
MADE_BY_READING = ("programs.Lesson ",)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory.mktemp("safe")):
        yield build_tenancy_world()


def pages():
    return sorted(year_urls() | {"staff_preferences", "staff_home"})


@pytest.mark.parametrize("role", sorted(STAFF_ROLES))
def test_reading_the_pages_of_the_year_changes_nothing(role, world, db):
    client = login(world.users[role])
    before = snapshot(world.a)
    answered = {}
    for name in pages():
        arguments = OBJECT_ARGS.get(name) or NO_RECORD_ARGS.get(name)
        response = client.get(reverse(name, kwargs=arguments(world.a) if arguments else {}))
        answered[name] = response.status_code
        assert response.status_code < 500, f"GET {name} as {role}: {response.status_code}"
    changed = [
        line
        for line in differences(before, snapshot(world.a))
        if not (line.startswith(MADE_BY_READING) and line.endswith(" added"))
    ]
    assert not changed, f"GETs as {role} changed A's records: " + "; ".join(changed)
    assert any(code == 200 for code in answered.values()), answered
