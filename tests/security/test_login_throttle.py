"""Login throttling with django-axes: lock-out after repeated failures, a clear page, recovery."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "test-pass-123"


def attempt(client, username, password, address="203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address)


def is_logged_in(client):
    return "_auth_user_id" in client.session


def test_five_failures_lock_the_account_from_that_address(client, teacher, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        response = attempt(client, "teacher", "wrong")
        assert response.status_code == 200  # the login form again, with its error
    locked = attempt(client, "teacher", "wrong")
    assert locked.status_code == 429
    html = locked.content.decode()
    assert 'id="lockout"' in html
    assert "вход приостановлен на 15 минут." in html  # the cool-off in minutes
    assert int(locked["Retry-After"]) == 15 * 60
    # even the right password is refused while locked
    response = attempt(client, "teacher", PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_the_lockout_page_names_the_limit_and_offers_a_password_reset(client, teacher):
    for _ in range(5):
        response = attempt(client, "teacher", "wrong")
    html = response.content.decode()
    assert reverse("password_reset") in html
    assert "Пароль введён неверно 5 раз подряд." in html  # the limit, not a digit of "15"
    assert "<script>" not in html


def test_fewer_failures_then_success_logs_in_and_resets_the_count(client, teacher):
    for _ in range(4):
        attempt(client, "teacher", "wrong")
    response = attempt(client, "teacher", PASSWORD)
    assert response.status_code == 302 and is_logged_in(client)
    assert not AccessAttempt.objects.filter(username="teacher").exists()


def test_another_address_or_another_user_is_not_locked(client, teacher, parent):
    for _ in range(5):
        attempt(client, "teacher", "wrong")
    assert attempt(client, "parent", PASSWORD).status_code == 302
    client.logout()
    response = attempt(client, "teacher", PASSWORD, address="198.51.100.20")
    assert response.status_code == 302 and is_logged_in(client)


def test_the_lock_ends_after_the_cool_off(client, teacher):
    for _ in range(5):
        attempt(client, "teacher", "wrong")
    assert attempt(client, "teacher", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    response = attempt(client, "teacher", PASSWORD)
    assert response.status_code == 302 and is_logged_in(client)


def test_the_limit_follows_the_setting(client, teacher, settings):
    settings.AXES_FAILURE_LIMIT = 2
    attempt(client, "teacher", "wrong")
    assert attempt(client, "teacher", "wrong").status_code == 429


def test_the_admin_login_is_throttled_too(client, admin_user):
    url = reverse("admin:login")
    for _ in range(5):
        response = client.post(url, {"username": "admin", "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 429


def test_behind_the_proxy_the_address_is_the_one_the_proxy_saw(client, teacher, settings):
    settings.BEHIND_PROXY = True
    for index in range(5):
        # the client forges a different first entry each time; the proxy appends the real one
        client.post(
            reverse("login"),
            {"username": "teacher", "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"10.0.0.{index}, 203.0.113.7",
        )
    response = client.post(
        reverse("login"),
        {"username": "teacher", "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7",
    )
    assert response.status_code == 429


def test_the_test_client_login_without_a_request_still_works(client, teacher):
    assert client.login(username="teacher", password=PASSWORD)
