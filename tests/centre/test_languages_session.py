"""A signed-in user's choice kept in the session is honoured only while it is one of the
portal's languages: one removed since would send every Russian address to a 404."""

import pytest
from django.test import Client

from centre.languages import SESSION_KEY
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def signed_in_with(language: str) -> Client:
    client = Client()
    client.force_login(UserFactory())
    session = client.session
    session[SESSION_KEY] = language
    session.save()
    return client


def test_a_chosen_language_in_the_session_redirects_a_russian_address():
    response = signed_in_with("en").get("/clubs/")
    assert response.status_code == 302
    assert response["Location"] == "/en/clubs/"


def test_a_language_the_portal_no_longer_has_is_ignored():
    response = signed_in_with("de").get("/clubs/")
    assert response.status_code == 200
    assert '<html lang="ru">' in response.content.decode()
