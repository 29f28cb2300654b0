"""A page number beyond the last gives the last page, never a 500 (issue 13: the catalogue's
``?page=1000000000000000000`` overflowed the database's OFFSET), on every paginated page of
programs: the public catalogue, with or without a search or another order, and the staff
lists."""

import pytest
from django.urls import reverse

from tests.programs.factories import ApplicationFactory, ClubFactory, ProgramFactory, many_groups

pytestmark = pytest.mark.django_db

HUGE = ["1000000000000000000", "99999999999999999999999999", "100001"]
NOT_A_PAGE = ["-5", "0", "abc", "1e30"]  # the first page


@pytest.mark.parametrize("params", [{}, {"sort": "free"}, {"sort": "age"}, {"q": "робот"}])
def test_a_catalogue_page_beyond_the_last_gives_the_last_page(client, params):
    many_groups(25, per_club=1)
    for number in HUGE + NOT_A_PAGE:
        response = client.get(reverse("programs:catalogue"), {**params, "page": number})
        assert response.status_code == 200, number
        page = response.context["page_obj"]
        assert page.number == (1 if number in NOT_A_PAGE else page.paginator.num_pages), number
        if not params.get("q"):
            assert page.paginator.num_pages == 2
            assert len(response.context["cards"]) == (20 if page.number == 1 else 5), number


def test_the_last_page_shows_the_last_clubs(client):
    many_groups(25, per_club=1)
    last = client.get(reverse("programs:catalogue"), {"page": "2"}).content.decode()
    beyond = client.get(reverse("programs:catalogue"), {"page": "1000000000000000000"}).content.decode()
    names = [f"Робоквантум {n}" for n in range(200)]
    assert [name for name in names if f">{name}<" in last] == [
        name for name in names if f">{name}<" in beyond
    ]


@pytest.mark.parametrize(
    "name, client_fixture",
    [
        ("programs:staff_programs", "methodist_client"),
        ("programs:staff_clubs", "methodist_client"),
        ("programs:staff_groups", "methodist_client"),
        ("programs:staff_applications", "methodist_client"),
        ("programs:staff_review", "director_client"),
    ],
)
def test_a_staff_list_page_beyond_the_last_gives_the_last_page(request, name, client_fixture):
    staff = request.getfixturevalue(client_fixture)
    ProgramFactory.create_batch(26, status="review")  # two pages of programs
    ApplicationFactory(group__club=ClubFactory(name="Кружок с заявкой"))
    for number in HUGE + NOT_A_PAGE:
        response = staff.get(reverse(name), {"page": number})
        assert response.status_code == 200, (name, number)
        page = response.context["page"]
        assert page.number in (1, page.paginator.num_pages), (name, number)
        if number in HUGE:
            assert page.number == page.paginator.num_pages
            assert page.object_list, (name, number)
