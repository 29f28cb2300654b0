"""centre.scope: the organisations a member of staff works for."""

import pytest
from django.contrib.auth.models import AnonymousUser

from centre.models import Organisation, Person
from centre.scope import staff_organisations, within_staff_organisations
from tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tree():
    centre = OrganisationFactory(name="Центр А")
    return {
        "centre": centre,
        "technopark": OrganisationFactory(kind=Organisation.Kind.SUBDIVISION, parent=centre),
        "studio": OrganisationFactory(kind=Organisation.Kind.SUBDIVISION, parent=centre),
        "other": OrganisationFactory(name="Центр Б"),
    }


def test_a_centres_staff_work_for_the_centre_and_its_subdivisions(methodist, tree):
    Person.objects.filter(user=methodist).update(organisation=tree["centre"])
    assert sorted(staff_organisations(methodist)) == sorted(
        [tree["centre"].pk, tree["technopark"].pk, tree["studio"].pk]
    )


def test_a_subdivisions_staff_work_for_it_and_its_parent_only(methodist, tree):
    Person.objects.filter(user=methodist).update(organisation=tree["technopark"])
    assert sorted(staff_organisations(methodist)) == sorted([tree["centre"].pk, tree["technopark"].pk])


def test_a_school_with_a_parent_does_not_bring_the_parent(methodist, tree):
    school = OrganisationFactory(kind=Organisation.Kind.SCHOOL, parent=tree["other"])
    Person.objects.filter(user=methodist).update(organisation=school)
    assert staff_organisations(methodist) == [school.pk]


def test_an_administrator_without_a_person_is_not_narrowed(admin_user, tree):
    assert staff_organisations(admin_user) is None
    assert within_staff_organisations(Organisation.objects.all(), admin_user, "pk").count() == 4


def test_nobody_gets_nothing(tree):
    assert staff_organisations(None) == []
    assert staff_organisations(AnonymousUser()) == []
    assert not within_staff_organisations(Organisation.objects.all(), None, "pk").exists()


def test_the_answer_costs_one_query_per_request(methodist, tree, django_assert_num_queries):
    PersonFactory(organisation=tree["other"])
    with django_assert_num_queries(1):
        first = staff_organisations(methodist)
    with django_assert_num_queries(0):
        assert staff_organisations(methodist) == first
    assert within_staff_organisations(Organisation.objects.all(), methodist, "pk").get().pk == first[0]
