"""No page of the methodist's year lists an unbounded set of people.

Every URL of the year's modules (orders, the attendance register, the next year, imports) is
in one of the classes below, each with the reason its lists stay bounded; a URL added
without a class fails ``test_every_page_of_the_year_is_classified``. The paginated pages
are opened and must come a page at a time (``centre.pagination.paginate``, at most 50 rows);
an order with more children than a page must show one page of them (its printable order and
XLSX, the document, every child).

The tenancy world (worlds.py) is built once for the module; each test runs in a savepoint.
"""

import re

import pytest
from django.core.paginator import Page
from django.urls import reverse

from centre.pagination import PAGE_SIZE
from programs import urls_attendance, urls_imports, urls_next_year, urls_orders
from programs.models import Enrolment, Group
from tests.factories import LearnerFactory
from tests.programs.factories import GroupFactory
from tests.security.helpers import login
from tests.security.worlds import build_tenancy_world, module_world

pytestmark = pytest.mark.django_db

#: the most rows a page of a list may show
MOST = 50


def month_of(group, month):
    return {"pk": group.pk, "year": month.year, "month": month.month}


#: lists that come a page at a time: (the role that reads them, their arguments)
PAGINATED = {
    "programs:staff_orders": ("director", lambda a: {}),
    "programs:staff_imports": ("methodist", lambda a: {}),
    "programs:staff_import": ("methodist", lambda a: {"pk": a.bad_import.pk}),  # the file's rows
    "programs:attendance_groups": ("methodist", lambda a: {}),
    "programs:attendance_rates": ("director", lambda a: {}),
    "programs:attendance_child_rates": ("methodist", lambda a: {"pk": a.group.pk}),
    "programs:attendance_calendar": ("methodist", lambda a: {}),  # days, 50 a page
    "programs:staff_next_year": ("methodist", lambda a: {}),  # the groups copied
    "programs:staff_next_year_preview": ("methodist", lambda a: {}),  # without a choice: the start
}
#: the children of one group: at most its places (Group.places is at most 500 by its validator)
ONE_GROUP = {
    "programs:attendance_register": "the children of the group in a month of its register",
    "programs:attendance_lesson": "the children of the group enrolled on the lesson's day",
    "programs:attendance_timesheet": "the group's month as a timesheet (XLSX)",
    "programs:attendance_group": "a redirect to the group's current month",
    "programs:staff_next_year_children": "the children of last year's group the copy continues",
}
#: the documents whose whole is the point: an order's every child is printed on it, an
#: uploaded file is given back whole with its errors
DOCUMENTS = {
    "programs:staff_order_print": "the printable order",
    "programs:staff_order_export": "the order as XLSX",
    "programs:staff_import_errors": "the uploaded file itself with its errors (at most IMPORT_MAX_ROWS)",
}
#: pages about one child or no one
NO_LIST = {
    "programs:staff_order_remove": "the confirmation of one child taken out of a draft",
    "programs:staff_enrolment_end": "the confirmation of one child's leaving",
    "programs:attendance_close": "a confirmation",
    "programs:attendance_lesson_clear": "the confirmation of a lesson's marks removed (no names)",
    "programs:attendance_reopen": "a confirmation",
    "programs:attendance_calendar_remove": "a confirmation of one day",
    "programs:staff_import_create": "the upload form",
    "programs:staff_import_run": "the confirmation of an import (its count, no rows)",
    "programs:staff_import_template": "a blank to fill in",
    "programs:staff_next_year_move_undo": "the confirmation of one child's move undone",
}
#: an order's page and its signing pages list its children, a page at a time
ORDER_PAGES = {
    "programs:staff_order": ("methodist", "the order's page"),
    "programs:staff_order_sign": ("director", "the director's confirmation"),
    "programs:staff_order_paper": ("methodist", "the paper order's number and date"),
}


def year_urls() -> set[str]:
    modules = (urls_orders, urls_attendance, urls_next_year, urls_imports)
    return {f"programs:{pattern.name}" for module in modules for pattern in module.urlpatterns}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory.mktemp("bounded")):
        yield build_tenancy_world()


def test_every_page_of_the_year_is_classified():
    classes = (PAGINATED, ONE_GROUP, DOCUMENTS, NO_LIST, ORDER_PAGES)
    classified = [name for cls in classes for name in cls]
    assert len(classified) == len(set(classified)), "a URL is in two classes"
    missing = sorted(year_urls() - set(classified))
    assert not missing, "Pages of the methodist's year without a class here: " + ", ".join(missing)
    assert not set(classified) - year_urls(), "classes name URLs that no longer exist"


def test_a_group_has_at_most_500_places():
    places = Group._meta.get_field("places")
    assert max(v.limit_value for v in places.validators if hasattr(v, "limit_value")) <= 500


@pytest.mark.parametrize("name", sorted(PAGINATED))
def test_the_lists_come_a_page_at_a_time(name, world, db):
    role, arguments = PAGINATED[name]
    response = login(world.users[role]).get(reverse(name, kwargs=arguments(world.a)))
    assert response.status_code == 200
    pages = [value for context in response.context for value in context.flatten().values()]
    pages = [value for value in pages if isinstance(value, Page)]
    assert pages, f"{name} as {role} shows no page of a list (centre.pagination.paginate)"
    assert all(page.paginator.per_page <= MOST for page in pages), name


@pytest.fixture
def large_order(world, db):
    """A's draft enrolment order with 60 children (Многодетов0…59) of one group."""
    a = world.a
    group = GroupFactory(
        club=a.club, program=a.program, teacher=a.teacher, venue=a.venue, places=100, name="Большая группа"
    )
    learners = [
        LearnerFactory(organisation=a.organisation, surname=f"Многодетов{n}", name="Иван") for n in range(60)
    ]
    Enrolment.objects.bulk_create(
        Enrolment(group=group, learner=learner, order=a.draft_order, funding=group.funding)
        for learner in learners
    )
    Group.objects.filter(pk=group.pk).update(enrolled_count=60)
    return a.draft_order


@pytest.mark.parametrize("name", sorted(ORDER_PAGES))
def test_a_large_order_shows_its_children_a_page_at_a_time(name, world, large_order):
    role, _what = ORDER_PAGES[name]
    response = login(world.users[role]).get(reverse(name, kwargs={"pk": large_order.pk}))
    assert response.status_code == 200
    shown = set(re.findall(r"Многодетов\d+", response.content.decode()))
    assert shown, f"{name} names none of the order's children"
    assert len(shown) <= PAGE_SIZE, f"{name} as {role} names {len(shown)} children on one page"


@pytest.mark.parametrize("name", sorted(name for name in DOCUMENTS if "order" in name))
def test_the_order_as_a_document_has_every_child(name, world, large_order):
    """The printable order and its XLSX are the document: every child, none left out."""
    from tests.security.helpers import body_text

    response = login(world.users["methodist"]).get(reverse(name, kwargs={"pk": large_order.pk}))
    assert response.status_code == 200
    assert len(set(re.findall(r"Многодетов\d+", body_text(response)))) == 60
