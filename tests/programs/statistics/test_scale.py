"""The statistics at a nation's scale: the page and figures() read the same number of queries
whatever the number of organisations and directions with rows, and the territory goes to the
database as a subquery (centre.scope.readable_organisations_query), never as a list of ids."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centre.models import Organisation, Sex
from centre.roles import Role
from centre.scope import forget_organisations, readable_organisations, readable_organisations_query
from programs.models import Direction, Enrolment
from programs.statistics import figures, refresh
from tests.factories import LearnerFactory, OrganisationFactory, VenueFactory
from tests.programs.factories import ClubFactory, GroupFactory, ProgramFactory
from tests.programs.statistics import world
from tests.programs.statistics.helpers import authority_member, director_of, member

pytestmark = pytest.mark.django_db
Kind = Organisation.Kind


@pytest.fixture
def known():
    built = world.build()
    refresh(built.year)
    return built


def _grow(known, size: int = 3) -> list[Organisation]:
    """``size`` more organisations of the territory (a centre, a school, a subdivision of A
    ...), each with a club, a group and a child in a direction of its own; refreshed."""
    others = list(Direction.objects.exclude(pk__in=[known.technical.pk, known.arts.pk]).order_by("pk"))
    added = []
    for index in range(size):
        kind = (Kind.CENTRE, Kind.SCHOOL, Kind.SUBDIVISION)[index % 3]
        organisation = OrganisationFactory(
            kind=kind,
            authority=None if kind == Kind.SUBDIVISION else known.authority,
            parent=known.a if kind == Kind.SUBDIVISION else None,
        )
        venue = VenueFactory(organisation=organisation, at_school=index % 2 == 0)
        program = ProgramFactory(organisation=organisation, direction=others[index % len(others)])
        group = GroupFactory(
            club=ClubFactory(organisation=organisation),
            program=program,
            venue=venue,
            room=None,
            academic_year=known.year,
        )
        learner = LearnerFactory(organisation=organisation, sex=Sex.FEMALE)
        Enrolment.objects.create(group=group, learner=learner, enrolled_on=known.year.start)
        added.append(organisation)
    refresh(known.year)
    return added


def _page_queries(client) -> list[dict]:
    client.get(reverse("programs:statistics"))  # the first queues nothing more afterwards
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("programs:statistics"))
    assert response.status_code == 200
    return captured.captured_queries


def test_the_pages_queries_stay_as_many_when_the_territory_grows(client, known):
    client.force_login(authority_member(known.authority))
    before = _page_queries(client)
    added = _grow(known, size=6)
    after = _page_queries(client)
    assert len(after) == len(before)
    content = client.get(reverse("programs:statistics")).content.decode()
    assert f'data-column="learners">{world.TOTAL["learners"] + len(added)}<' in content


def test_figures_queries_stay_as_many_when_the_territory_grows(known, django_assert_num_queries):
    territory = readable_organisations_query(authority_member(known.authority))  # lazy: no query yet
    with django_assert_num_queries(5):
        small = figures(known.year, territory)
    added = _grow(known, size=6)
    with django_assert_num_queries(5) as captured:
        large = figures(known.year, territory)
    assert large.totals.learners == small.totals.learners + len(added)
    assert len(large.directions) > len(small.directions)
    sums = next(query["sql"] for query in captured.captured_queries if "SUM(" in query["sql"])
    # the territory is a subquery: the statement is as long whatever the number of organisations
    assert '"organisation_id" IN (SELECT' in sums
    assert all(f" {organisation.pk}," not in sums for organisation in added)


def test_figures_of_a_queryset_equal_those_of_its_ids(known):
    user = authority_member(known.authority)
    _grow(known)
    by_query = figures(known.year, readable_organisations_query(user))
    by_ids = figures(known.year, readable_organisations(user))
    assert by_query == by_ids


def _same(user) -> None:
    forget_organisations(user)
    ids = readable_organisations(user)
    query = readable_organisations_query(user)
    if ids is None:
        assert query is None
    else:
        assert sorted(row["pk"] for row in query) == sorted(ids)


def test_the_query_gives_the_same_organisations_as_readable_organisations(known):
    added = _grow(known)  # a centre and a school of the territory, a subdivision of A
    subdivision = next(organisation for organisation in added if organisation.kind == Kind.SUBDIVISION)
    elsewhere = OrganisationFactory(kind=Kind.CENTRE)  # another territory's
    OrganisationFactory(kind=Kind.SUBDIVISION, parent=elsewhere)
    director = director_of(known.a)
    authority = authority_member(known.authority)
    in_subdivision = member(subdivision, Role.METHODIST, "methodist_sub")
    nobody = get_user_model().objects.create_user("nobody_here", password="x")
    administrator = get_user_model().objects.create_superuser("root_stats", password="x")
    for user in (director, authority, in_subdivision, nobody, administrator):
        _same(user)
    assert {row["pk"] for row in readable_organisations_query(director)} == {known.a.pk, subdivision.pk}
    territory = {row["pk"] for row in readable_organisations_query(authority)}
    assert {known.a.pk, known.b.pk, subdivision.pk, *(o.pk for o in added)} <= territory
    assert elsewhere.pk not in territory
    assert {row["pk"] for row in readable_organisations_query(in_subdivision)} == {known.a.pk, subdivision.pk}
