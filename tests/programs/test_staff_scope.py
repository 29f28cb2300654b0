"""Staff selects offer the clubs, groups, venues and teachers of the user's own organisations
(centre.scope): the application queue, the group list and the timetable; and the queue lists
only their applications (issue 13: scoping narrows access, not only choices)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from centre.models import Organisation, Person
from programs.filters import ApplicationFilter, GroupFilter
from programs.forms.groups import TimetableForm
from tests.factories import OrganisationFactory, PersonFactory, VenueFactory
from tests.programs.factories import ApplicationFactory, CurrentYearFactory, GroupFactory

pytestmark = pytest.mark.django_db

QUEUE = "programs:staff_applications"


@pytest.fixture
def world(methodist):
    """The methodist's centre A with its technopark (a subdivision), and another centre B,
    each with a club, a current group (its teacher and venue of the same organisation) and
    a new application."""
    CurrentYearFactory()
    centre = methodist.person.organisation
    technopark = OrganisationFactory(kind=Organisation.Kind.SUBDIVISION, parent=centre, name="Технопарк А")
    other = OrganisationFactory(name="Центр Б")
    rows = {}
    for key, organisation in (("a", centre), ("sub", technopark), ("b", other)):
        group = GroupFactory(
            name=f"Группа {key}",
            club__name=f"Кружок {key}",
            club__organisation=organisation,
            teacher=PersonFactory(surname=f"Педагог{key}", organisation=organisation),
            venue=VenueFactory(name=f"Корпус {key}", organisation=organisation),
        )
        rows[key] = {
            "group": group,
            "club": group.club,
            "teacher": group.teacher,
            "venue": group.venue,
            "application": ApplicationFactory(group=group),
        }
    rows["centre"], rows["technopark"], rows["other"] = centre, technopark, other
    return rows


def choices(form, field):
    return {obj.pk for obj in form.fields[field].queryset}


def on_page(response):
    return {application.pk for application in response.context["page"].object_list}


# --- the application queue -----------------------------------------------------------------


def test_the_queue_offers_the_clubs_and_groups_of_the_methodists_centre_and_its_subdivision(
    methodist_client, world
):
    response = methodist_client.get(reverse(QUEUE))
    form = response.context["filter"].form
    assert choices(form, "club") == {world["a"]["club"].pk, world["sub"]["club"].pk}
    assert choices(form, "group") == {world["a"]["group"].pk, world["sub"]["group"].pk}
    html = response.content.decode()
    assert f'<option value="{world["a"]["club"].pk}">Кружок a</option>' in html
    assert f'<option value="{world["sub"]["club"].pk}">Кружок sub</option>' in html
    assert f'<option value="{world["b"]["club"].pk}"' not in html
    assert "Кружок b: Группа b</option>" not in html


def test_the_queue_lists_only_the_applications_of_the_users_organisations(methodist_client, world):
    response = methodist_client.get(reverse(QUEUE))
    assert on_page(response) == {world[key]["application"].pk for key in ("a", "sub")}
    html = response.content.decode()
    assert world["a"]["application"].child_surname in html
    assert world["b"]["application"].child_surname not in html


def test_the_queue_filters_by_a_club_of_the_users_organisation(methodist_client, world):
    response = methodist_client.get(reverse(QUEUE), {"status": "new", "club": world["a"]["club"].pk})
    assert response.status_code == 200
    assert not response.context["filter"].form.errors
    assert on_page(response) == {world["a"]["application"].pk}
    response = methodist_client.get(reverse(QUEUE), {"group": world["sub"]["group"].pk})
    assert on_page(response) == {world["sub"]["application"].pk}


def test_a_club_of_another_organisation_is_a_form_error_not_a_server_error(methodist_client, world):
    for params in ({"club": world["b"]["club"].pk}, {"group": world["b"]["group"].pk}):
        response = methodist_client.get(reverse(QUEUE), {"status": "new", **params})
        assert response.status_code == 200
        assert set(response.context["filter"].form.errors) == set(params)
        assert on_page(response) == set()
        assert 'class="invalid-feedback"' in response.content.decode()


def test_a_director_in_the_subdivision_works_for_its_parent_too(director_client, director, world):
    Person.objects.filter(user=director).update(organisation=world["technopark"])
    form = director_client.get(reverse(QUEUE)).context["filter"].form
    assert choices(form, "club") == {world["a"]["club"].pk, world["sub"]["club"].pk}


def test_the_administrator_without_a_person_sees_every_club(client, admin_user, world):
    client.force_login(admin_user)
    response = client.get(reverse(QUEUE), {"club": world["b"]["club"].pk})
    assert response.status_code == 200
    form = response.context["filter"].form
    assert choices(form, "club") == {world[key]["club"].pk for key in ("a", "sub", "b")}
    assert choices(form, "group") == {world[key]["group"].pk for key in ("a", "sub", "b")}
    assert on_page(response) == {world["b"]["application"].pk}


def test_a_filter_built_without_a_request_offers_nothing(world):
    assert choices(ApplicationFilter({}).form, "club") == set()
    assert choices(ApplicationFilter({}).form, "group") == set()
    assert choices(GroupFilter({}).form, "teacher") == set()
    assert choices(TimetableForm(), "venue") == set()


def test_queue_queries_do_not_grow_with_clubs_of_other_organisations_or_own_groups(
    methodist_client, methodist, world
):
    url = reverse(QUEUE)
    with CaptureQueriesContext(connection) as few:
        small = methodist_client.get(url).content.decode()
    for _ in range(15):  # other centres' clubs and groups: never offered, never queried
        GroupFactory(club__organisation=world["other"], venue__organisation=world["other"])
    for _ in range(5):  # more of the methodist's own: offered, in the same queries
        GroupFactory(club__organisation=world["centre"])
    with CaptureQueriesContext(connection) as many:
        large = methodist_client.get(url).content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert large.count("<option") - small.count("<option") == 10  # 5 clubs and 5 groups, no more
    assert len(few.captured_queries) <= 12


# --- the group list and the timetable ------------------------------------------------------


def test_the_group_list_offers_own_clubs_and_teachers(methodist_client, world):
    response = methodist_client.get(reverse("programs:staff_groups"))
    form = response.context["filter"].form
    assert choices(form, "club") == {world["a"]["club"].pk, world["sub"]["club"].pk}
    assert choices(form, "teacher") == {
        world["a"]["teacher"].pk,
        world["sub"]["teacher"].pk,
        Person.objects.get(user__username="methodist").pk,
    }
    response = methodist_client.get(reverse("programs:staff_groups"), {"club": world["sub"]["club"].pk})
    assert [group.pk for group in response.context["page"].object_list] == [world["sub"]["group"].pk]
    response = methodist_client.get(reverse("programs:staff_groups"), {"teacher": world["b"]["teacher"].pk})
    assert response.status_code == 200
    assert "teacher" in response.context["filter"].form.errors
    assert list(response.context["page"].object_list) == []


def test_the_timetable_offers_own_venues_and_teachers(methodist_client, world):
    url = reverse("programs:staff_timetable")
    form = methodist_client.get(url).context["form"]
    assert choices(form, "venue") == {world["a"]["venue"].pk, world["sub"]["venue"].pk}
    assert world["b"]["teacher"].pk not in choices(form, "teacher")
    assert methodist_client.get(url, {"venue": world["sub"]["venue"].pk}).context["form"].is_valid()
    response = methodist_client.get(url, {"venue": world["b"]["venue"].pk})
    assert response.status_code == 200
    assert "venue" in response.context["form"].errors
    assert response.context["rows"] == []


def test_group_list_and_timetable_queries_do_not_grow_with_other_organisations(methodist_client, world):
    pages = [
        (reverse("programs:staff_groups"), {}),
        (reverse("programs:staff_timetable"), {"venue": world["a"]["venue"].pk}),
    ]
    before = []
    for url, params in pages:
        with CaptureQueriesContext(connection) as queries:
            assert methodist_client.get(url, params).status_code == 200
        before.append(len(queries.captured_queries))
    for _ in range(10):
        GroupFactory(
            club__organisation=world["other"],
            venue__organisation=world["other"],
            teacher__organisation=world["other"],
        )
    for (url, params), count in zip(pages, before, strict=True):
        with CaptureQueriesContext(connection) as queries:
            methodist_client.get(url, params)
        assert len(queries.captured_queries) == count, url
