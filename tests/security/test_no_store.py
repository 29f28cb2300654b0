"""Personal data is not left in a browser's or a proxy's cache (issue 13, finding 10): every
page answered to a logged-in user carries ``Cache-Control: no-store, private``; anonymous
public pages keep theirs."""

import pytest
from django.urls import reverse
from django.utils.cache import get_max_age

from programs.services import application_accept
from tests.factories import LearnerFactory
from tests.programs.factories import ApplicationFactory, GroupFactory

pytestmark = pytest.mark.django_db


def assert_not_stored(response):
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives, response.get("Cache-Control")
    assert get_max_age(response) == 0


@pytest.fixture
def accepted(methodist):
    group = GroupFactory(places=3)
    application = ApplicationFactory(group=group)
    application_accept(application=application, by=methodist)
    return application


def test_staff_pages_and_exports_with_childrens_data_are_not_stored(methodist_client, accepted):
    learner = accepted.group.enrolments.get().learner
    for url in (
        reverse("staff_learner", args=[learner.pk]),
        reverse("programs:staff_application", args=[accepted.pk]),
        reverse("programs:staff_applications"),
        reverse("programs:staff_group", args=[accepted.group_id]),
        reverse("programs:staff_group_export", args=[accepted.group_id]),
        reverse("projects:gifted_bank_xlsx"),
    ):
        response = methodist_client.get(url)
        assert response.status_code == 200, url
        assert_not_stored(response)


def test_the_parents_cabinet_and_a_logged_in_users_public_page_are_not_stored(parent_client):
    for url in (reverse("programs:cabinet"), reverse("programs:catalogue"), reverse("home")):
        response = parent_client.get(url)
        assert response.status_code == 200, url
        assert_not_stored(response)


def test_error_pages_of_a_logged_in_user_are_not_stored_either(methodist_client):
    response = methodist_client.get(reverse("staff_learner", args=[LearnerFactory().pk + 1000]))
    assert response.status_code == 404
    assert_not_stored(response)


def test_anonymous_public_pages_keep_their_caching(client, settings):
    settings.VISITOR_PAGE_CACHE_SECONDS = 30
    first = client.get(reverse("programs:catalogue"))
    second = client.get(reverse("programs:catalogue"))
    assert first.status_code == second.status_code == 200
    assert "no-store" not in first.get("Cache-Control", "")
    assert second["X-Page-Cache"] == "hit"  # the visitor cache still serves them
    assert "no-store" not in client.get(reverse("home")).get("Cache-Control", "")
