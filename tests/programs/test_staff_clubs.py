"""Staff pages of clubs: the register, the club form (the address made from the name) and who
may read or change them."""

import pytest
from django.urls import reverse

from programs.models import Club
from tests.factories import OrganisationFactory
from tests.programs.factories import ClubFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role_client, create, read",
    [
        ("anonymous", 302, 302),
        ("parent", 403, 403),
        ("teacher", 403, 403),
        ("methodist", 200, 200),
        ("director", 403, 200),  # reads the registers (the club pages without their forms)
    ],
    indirect=["role_client"],
)
def test_only_a_methodist_edits_clubs(role_client, create, read):
    club = ClubFactory()
    assert role_client.get(reverse("programs:staff_club_create")).status_code == create
    for url in (reverse("programs:staff_clubs"), reverse("programs:staff_club_edit", args=[club.pk])):
        assert role_client.get(url).status_code == read, url
    if read == 200:
        html = role_client.get(reverse("programs:staff_club_edit", args=[club.pk])).content.decode()
        assert club.name in html
        assert ('id="club-form"' in html) is (create == 200)
        assert ('id="photo-form"' in html) is (create == 200)


@pytest.mark.parametrize("role_client", ["anonymous", "parent", "teacher", "director"], indirect=True)
def test_others_cannot_post_a_club(role_client):
    organisation = OrganisationFactory()
    role_client.post(
        reverse("programs:staff_club_create"),
        {"name": "Шахматы", "slug": "", "kind": "club", "organisation": organisation.pk},
    )
    assert not Club.objects.filter(name="Шахматы").exists()


def test_methodist_creates_and_edits_a_club(methodist_client, home):
    organisation = home
    response = methodist_client.post(
        reverse("programs:staff_club_create"),
        {
            "name": "Шахматная школа",
            "slug": "",
            "kind": "school",
            "organisation": organisation.pk,
            "description": "",
        },
    )
    club = Club.objects.get(name="Шахматная школа")
    assert response["Location"] == reverse("programs:staff_club_edit", args=[club.pk])
    assert club.slug == "shakhmatnaia-shkola"
    response = methodist_client.post(
        reverse("programs:staff_club_edit", args=[club.pk]),
        {
            "name": "Шахматы",
            "slug": club.slug,
            "kind": "club",
            "organisation": organisation.pk,
            "description": "Ход",
        },
    )
    assert response.status_code == 302
    club.refresh_from_db()
    assert (club.name, club.kind, club.description) == ("Шахматы", "club", "Ход")


@pytest.mark.parametrize(
    "overrides, field",
    [({"name": ""}, "name"), ({"kind": "circus"}, "kind"), ({"organisation": ""}, "organisation")],
)
def test_bad_club_input_saves_nothing(methodist_client, home, overrides, field):
    data = {"name": "Шахматы", "slug": "", "kind": "club", "organisation": home.pk}
    data.update(overrides)
    response = methodist_client.post(reverse("programs:staff_club_create"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not Club.objects.exists()


def test_a_taken_club_address_is_refused(methodist_client, home):
    ClubFactory(slug="shakhmaty")
    data = {"name": "Шахматы", "slug": "shakhmaty", "kind": "club", "organisation": home.pk}
    response = methodist_client.post(reverse("programs:staff_club_create"), data)
    assert "slug" in response.context["form"].errors
    assert Club.objects.count() == 1


def test_club_list_searches_and_counts_in_fixed_queries(methodist_client, django_assert_max_num_queries):
    ClubFactory(name="Робототехника")
    ClubFactory(name="Хор", description="Поём")
    url = reverse("programs:staff_clubs")
    assert [c.name for c in methodist_client.get(url, {"q": "робот"}).context["page"].object_list] == [
        "Робототехника"
    ]
    with django_assert_max_num_queries(8) as few:
        methodist_client.get(url)
    ClubFactory.create_batch(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        methodist_client.get(url)
