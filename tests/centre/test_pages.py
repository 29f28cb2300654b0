import pytest
from django.core import mail
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "parent", "teacher", "methodist", "director", "coordinator"]


@pytest.mark.parametrize("role_client", ROLES, indirect=True)
def test_home_page_opens_in_russian_for_every_role(role_client):
    response = role_client.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="ru">' in html
    assert "Кружки" in html
    assert 'href="#content"' in html


@pytest.mark.parametrize(
    "role_client, sees_staff_menu",
    [
        ("anonymous", False),
        ("parent", False),
        ("teacher", True),
        ("methodist", True),
        ("director", True),
    ],
    indirect=["role_client"],
)
def test_staff_menu_shows_only_to_staff(role_client, sees_staff_menu):
    html = role_client.get(reverse("home")).content.decode()
    assert ('data-testid="staff-menu"' in html) is sees_staff_menu


def test_home_page_has_no_cdn_links(client):
    html = client.get(reverse("home")).content.decode()
    assert "cdn" not in html.lower()
    assert "/static/bootstrap/css/bootstrap.min.css" in html


def test_home_page_query_count_is_small(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        client.get(reverse("home"))


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    from django.db import connection
    from django.db.utils import OperationalError

    def broken_cursor(*args, **kwargs):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}


def test_a_database_outage_gives_a_friendly_503_page(client, monkeypatch):
    from django.db.utils import OperationalError

    from centre.views import public

    def broken(*args, **kwargs):
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(public.Organisation.objects, "filter", broken)
    response = client.get(reverse("home"))
    assert response.status_code == 503
    assert "Портал временно недоступен" in response.content.decode()


def test_login_with_wrong_password_shows_a_russian_error(client, methodist):
    response = client.post(reverse("login"), {"username": "methodist", "password": "wrong"})
    assert response.status_code == 200
    assert "Пожалуйста, введите правильные имя пользователя и пароль" in response.content.decode()


def test_login_and_logout(client, methodist):
    response = client.post(reverse("login"), {"username": "methodist", "password": "test-pass-123"})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"].is_authenticated
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert not client.get(reverse("home")).context["user"].is_authenticated


def test_password_change_needs_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_password_change_rejects_a_mismatch_and_keeps_the_old_password(methodist_client, methodist):
    response = methodist_client.post(
        reverse("password_change"),
        {
            "old_password": "test-pass-123",
            "new_password1": "Nov-2026-xyz",
            "new_password2": "other-2026-xyz",
        },
    )
    assert response.status_code == 200
    assert "не совпадают" in response.content.decode()
    methodist.refresh_from_db()
    assert methodist.check_password("test-pass-123")


def test_password_change_works(methodist_client, methodist):
    response = methodist_client.post(
        reverse("password_change"),
        {
            "old_password": "test-pass-123",
            "new_password1": "Nov-2026-xyz",
            "new_password2": "Nov-2026-xyz",
        },
    )
    assert response.status_code == 302
    methodist.refresh_from_db()
    assert methodist.check_password("Nov-2026-xyz")


def test_password_reset_sends_a_russian_letter(client, methodist, settings):
    # the letter is a background task (tests/security/test_password_reset.py runs the worker)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    response = client.post(reverse("password_reset"), {"email": methodist.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "Восстановление пароля" in mail.outbox[0].subject
    assert "/accounts/reset/" in mail.outbox[0].body


def test_unknown_page_is_a_russian_404(client, settings):
    settings.DEBUG = False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_admin_is_closed_to_staff_without_admin_rights(methodist_client):
    response = methodist_client.get(reverse("admin:index"))
    assert response.status_code == 302


@pytest.mark.parametrize(
    "model", ["organisation", "venue", "person", "learner", "guardian", "consent", "academicyear"]
)
def test_admin_lists_core_records_in_russian(client, admin_user, model):
    client.force_login(admin_user)
    response = client.get(reverse(f"admin:centre_{model}_changelist"))
    assert response.status_code == 200
    assert "Выберите" in response.content.decode()


def test_robots_txt_keeps_private_links_out_of_search_engines(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("robots_txt"))
    assert response.status_code == 200
    assert "Disallow: /applications/" in response.content.decode()
    # the teachers' secret calendar addresses and the navigators' API
    assert "Disallow: /calendar/" in response.content.decode()
    assert "Disallow: /api/" in response.content.decode()
