import pytest
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from centre.cache import cache_for_visitors

pytestmark = pytest.mark.django_db

calls = []


@cache_for_visitors(60)
def page(request):
    calls.append(request.get_full_path())
    return HttpResponse(f"page {len(calls)}")


@cache_for_visitors(60)
def page_with_form(request):
    calls.append(request.get_full_path())
    return HttpResponse(f"token {get_token(request)}")


def _request(path="/clubs/?q=робот", user=None):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    return request


@pytest.fixture(autouse=True)
def reset_calls():
    calls.clear()


def test_a_visitor_gets_the_cached_copy_of_the_same_url():
    first = page(_request())
    second = page(_request())
    assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert len(calls) == 1
    page(_request("/clubs/?q=танцы"))
    assert len(calls) == 2


def test_logged_in_users_are_never_served_from_the_cache(methodist):
    page(_request())
    response = page(_request(user=methodist))
    assert "X-Page-Cache" not in response
    assert len(calls) == 2


def test_a_page_with_a_pending_message_is_not_cached():
    from django.contrib import messages

    request = _request()
    messages.info(request, "Заявка отозвана")
    page(request)
    page(_request())
    assert len(calls) == 2


def test_a_page_with_a_csrf_token_is_not_cached():
    page_with_form(_request())
    page_with_form(_request())
    assert len(calls) == 2


def test_the_catalogue_is_cached_for_visitors(client, django_assert_num_queries):
    client.get("/clubs/")
    with django_assert_num_queries(0):
        response = client.get("/clubs/")
    assert response["X-Page-Cache"] == "hit"
