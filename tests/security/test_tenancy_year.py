"""The tenancy matrix's checks of the methodist's year that are no URL's row: the blanks of
the imports, the next year's wizard given the other organisation's records, and the staff
inbox's counts. Organisations A and B of worlds.py, as in test_tenancy_matrix.py (whose
roles they log in as: the world is built once for this module)."""

import re
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from programs.models import Group, Program
from tests.security.helpers import body_text, differences, leaks, snapshot
from tests.security.test_tenancy_matrix import ROLES
from tests.security.worlds import OUTSIDER, OUTSIDER_RECORDS, build_tenancy_world, module_world

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory.mktemp("tenancy-year")):
        yield build_tenancy_world()


@pytest.fixture
def clients(world, db):
    made = {}
    for role in ROLES:
        made[role] = Client(raise_request_exception=False)
        made[role].force_login(world.users[role])
    return made


# --- the blanks of the imports ------------------------------------------------------------


@pytest.mark.parametrize("kind", ["programs", "groups", "learners"])
def test_the_import_templates_name_none_of_the_other_organisations_records(kind, world, clients):
    """A blank to fill in may list the organisation's own groups or programs to choose from:
    never another organisation's."""
    response = clients["methodist"].get(reverse("programs:staff_import_template", kwargs={"kind": kind}))
    assert response.status_code == 200
    assert not leaks(body_text(response), world.b)


# --- the next year's wizard ---------------------------------------------------------------


def test_the_wizard_copies_and_moves_none_of_the_other_organisations(world, clients):
    """A's methodist names B's program, B's group and B's child in the wizard's steps: B's
    program is no choice, B's group is not copied and B's child not moved, nothing of B is
    shown and B's records stay as they were."""
    a, b = world.a, world.b
    client = clients["methodist"]
    before = snapshot(b)
    preview = reverse("programs:staff_next_year_preview")
    shown = []
    response = client.get(preview, {"programs": b.program.pk})
    assert response.status_code == 200
    shown += leaks(body_text(response), b)
    steps = [
        (
            f"{preview}?{urlencode({'programs': b.program.pk})}",
            {f"copy_{b.group.pk}": "on", "confirmed": "1"},
        ),
        (
            f"{preview}?{urlencode({'programs': a.program.pk})}",
            {f"copy_{b.group.pk}": "on", "confirmed": "1"},
        ),
        (
            reverse("programs:staff_next_year_children", kwargs={"pk": a.next_group.pk}),
            {f"e_{b.enrolment.pk}": "move", f"e_{b.drafted.pk}": "leave", "confirmed": "1"},
        ),
    ]
    for url, data in steps:
        response = client.post(url, data)
        assert response.status_code in (200, 302), url
        if response.status_code == 200:
            shown += leaks(body_text(response), b)
    assert not Group.objects.filter(copied_from=b.group).exclude(pk=b.next_group.pk).exists()
    changed = differences(before, snapshot(b))
    assert not shown and not changed, "; ".join(shown + changed)


# --- the staff inbox ----------------------------------------------------------------------


def _landing(client) -> str:
    """The landing page, without what differs from one request to the next."""
    cache.clear()  # counts kept for a while per organisation are counted afresh
    html = clients_get(client, reverse("staff_home"))
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return re.sub(r'nonce="[^"]+"', "", html)


def clients_get(client, url) -> str:
    response = client.get(url)
    assert response.status_code in (200, 403), (url, response.status_code)
    return response.content.decode()


def test_what_waits_in_the_other_organisation_counts_nothing_on_the_landing_page(world, clients):
    """Each of A's roles reads its landing page; then more waits in B (new applications, a
    program for approval, a returned one, a draft order with a child, a request to leave, a
    register with a child unmarked): A's pages are the same, to the digit."""
    from programs.models import Application, Enrolment, LeaveRequest, Lesson
    from tests.factories import LearnerFactory
    from tests.programs.factories import ApplicationFactory, ProgramFactory

    b = world.b
    before = {role: _landing(clients[role]) for role in ROLES}

    for n in range(3):
        ApplicationFactory(group=b.group, child_surname=f"{OUTSIDER}ов{n}", status=Application.Status.NEW)
    ProgramFactory(
        organisation=b.organisation, title=f"На утверждение {OUTSIDER_RECORDS}", status=Program.Status.REVIEW
    )
    ProgramFactory(
        organisation=b.organisation,
        title=f"Возвращена {OUTSIDER_RECORDS}",
        status=Program.Status.RETURNED,
        review_comment="Доработать",
    )
    late = LearnerFactory(organisation=b.organisation, surname=f"{OUTSIDER}ин-Поздний", name="Пелагея")
    enrolment = Enrolment.objects.create(
        group=b.group, learner=late, order=b.draft_order, enrolled_on=b.group.academic_year.start
    )
    LeaveRequest.objects.create(enrolment=b.drafted, reason="Переезд")
    assert Lesson.objects.filter(group=b.group).exists() and enrolment.pk  # a child without marks

    after = {role: _landing(clients[role]) for role in ROLES}
    changed = [role for role in ROLES if before[role] != after[role]]
    assert not changed, "A's landing page changed when more waited in B, for: " + ", ".join(changed)
    # the pages do count: A's own new application is on the methodist's
    assert reverse("programs:staff_applications") in before["methodist"]
