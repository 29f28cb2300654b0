"""The public forms resist abuse: a rate limit per address, bounded fields, CSRF on every form."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from programs.models import Application
from tests.programs.factories import ApplicationFactory, ClubFactory, ProgramFactory, catalogue_group
from tests.programs.helpers import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def group():
    return catalogue_group(
        club=ClubFactory(slug="robots"), program=ProgramFactory(), age_min=8, age_max=14, places=50
    )


def apply_url(group):
    return reverse("programs:apply", kwargs={"slug": group.club.slug, "group_id": group.pk})


def registration(index, **overrides):
    return {
        "surname": "Иванова",
        "name": "Мария",
        "phone": "+7 (913) 555-01-01",
        "relation": "mother",
        "email": f"maria{index}@example.org",
        "username": f"maria{index}",
        "password1": "Kosmos-2026-ok!",
        "password2": "Kosmos-2026-ok!",
        **overrides,
    }


def test_applications_beyond_the_limit_get_a_friendly_429(client, group, settings):
    settings.APPLY_RATE_PER_MINUTE = 3
    for index in range(3):
        response = client.post(apply_url(group), form_data(group, child_name=f"Миша{index}"))
        assert response.status_code == 302
    blocked = client.post(apply_url(group), form_data(group, child_name="Четвёртый"))
    assert blocked.status_code == 429
    assert 'id="too-many-requests"' in blocked.content.decode()
    assert 1 <= int(blocked["Retry-After"]) <= 60
    assert Application.objects.count() == 3
    assert client.get(apply_url(group)).status_code == 200  # reading the form is not limited
    other = client.post(apply_url(group), form_data(group, child_name="Соседка"), REMOTE_ADDR="192.0.2.44")
    assert other.status_code == 302
    assert Application.objects.count() == 4


def test_invalid_posts_count_towards_the_limit_too(client, group, settings):
    settings.APPLY_RATE_PER_MINUTE = 2
    assert client.post(apply_url(group), {}).status_code == 200
    assert client.post(apply_url(group), {}).status_code == 200
    assert client.post(apply_url(group), {}).status_code == 429


def test_registrations_beyond_the_limit_get_a_429(settings):
    settings.APPLY_RATE_PER_MINUTE = 2
    users = get_user_model().objects.count()
    for index in range(2):
        assert Client().post(reverse("programs:register"), registration(index)).status_code == 302
    response = Client().post(reverse("programs:register"), registration(9))
    assert response.status_code == 429
    assert get_user_model().objects.count() == users + 2


def test_a_forged_forwarded_for_does_not_escape_the_limit(client, group, settings):
    settings.APPLY_RATE_PER_MINUTE = 2
    settings.BEHIND_PROXY = True
    statuses = [
        client.post(apply_url(group), {}, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, 203.0.113.5").status_code
        for i in range(3)
    ]
    assert statuses == [200, 200, 429]


@pytest.mark.parametrize("name", ["programs:opendata_csv", "programs:opendata_json"])
def test_open_data_downloads_beyond_the_limit_get_a_429_per_address(name, client, group, settings):
    """The catalogue's data sets are public and costly (the whole catalogue a download): past
    OPENDATA_DOWNLOADS_PER_MINUTE an address gets 429 with Retry-After, a forged
    X-Forwarded-For escapes nothing, another address is counted apart and the passport page
    is not limited."""
    settings.OPENDATA_DOWNLOADS_PER_MINUTE = 2
    settings.BEHIND_PROXY = True
    url = reverse(name)

    def get(i, address="203.0.113.5", path=url):
        return client.get(path, HTTP_X_FORWARDED_FOR=f"10.0.0.{i}, {address}")

    answers = [get(i) for i in range(3)]
    assert [answer.status_code for answer in answers] == [200, 200, 429]
    assert int(answers[-1]["Retry-After"]) > 0
    assert get(9, address="203.0.113.6").status_code == 200
    assert all(get(i, path=reverse("programs:opendata")).status_code == 200 for i in range(4))


def test_the_default_limit_outside_development_is_twenty():
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "APPLY_RATE_PER_MINUTE"}}
    env.update(
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="portal.example.org",
        DATABASE_URL="postgres://u:p@127.0.0.1:1/db",
    )
    code = "from django.conf import settings as s; print(s.APPLY_RATE_PER_MINUTE, s.AXES_FAILURE_LIMIT)"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["20", "5"], result.stderr
    env["APPLY_RATE_PER_MINUTE"] = "often"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0 and "APPLY_RATE_PER_MINUTE must be a whole number" in result.stderr


# --- bounded fields ------------------------------------------------------------------------

LONG = "Я" * 5000


@pytest.mark.parametrize(
    "field",
    [
        "child_surname",
        "child_name",
        "child_patronymic",
        "guardian_surname",
        "guardian_name",
        "guardian_patronymic",
        "guardian_phone",
        "guardian_email",
        "comment",
        "child_birth_date",
    ],
)
def test_every_application_field_is_bounded(client, group, field):
    response = client.post(apply_url(group), form_data(group, **{field: LONG}))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert Application.objects.count() == 0


@pytest.mark.parametrize(
    "field", ["surname", "name", "patronymic", "phone", "email", "username", "password1", "password2"]
)
def test_every_registration_field_is_bounded(client, field):
    users = get_user_model().objects.count()
    data = registration(1, **{field: LONG})
    if field == "password1":
        data["password2"] = LONG
    response = client.post(reverse("programs:register"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors or (field == "password1" and "password2" in errors)
    assert get_user_model().objects.count() == users


def test_a_huge_body_is_refused_before_the_form(client, group, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    response = client.post(apply_url(group), form_data(group, comment="x" * 200_000))
    assert response.status_code == 400
    assert Application.objects.count() == 0


def test_too_many_fields_are_refused(client, group):
    data = form_data(group)
    data.update({f"junk{i}": "1" for i in range(1100)})
    assert client.post(apply_url(group), data).status_code == 400
    assert Application.objects.count() == 0


# --- CSRF on every public form ---------------------------------------------------------------


def test_every_public_form_refuses_a_post_without_the_csrf_token(group, parent):
    application = ApplicationFactory(group=group)
    own = ApplicationFactory(group=group, user=parent, child_surname="Родительский")
    csrf_client = Client(enforce_csrf_checks=True)
    posts = {
        "apply": (apply_url(group), form_data(group)),
        "register": (reverse("programs:register"), registration(1)),
        "login": (reverse("login"), {"username": "parent", "password": "test-pass-123"}),
        "password_reset": (reverse("password_reset"), {"email": "parent@example.org"}),
        "withdraw": (
            reverse("programs:application_withdraw", kwargs={"token": application.token}),
            {"confirm": "on"},
        ),
        "admin_login": (reverse("admin:login"), {"username": "admin", "password": "x"}),
    }
    statuses = {name: csrf_client.post(url, data).status_code for name, (url, data) in posts.items()}
    assert statuses == dict.fromkeys(posts, 403)
    parent_client = Client(enforce_csrf_checks=True)
    parent_client.force_login(parent)
    cabinet = reverse("programs:cabinet_withdraw", kwargs={"pk": own.pk})
    assert parent_client.post(cabinet, {"confirm": "on"}).status_code == 403
    assert parent_client.post(reverse("logout")).status_code == 403
    assert Application.objects.filter(status=Application.Status.WITHDRAWN).count() == 0
    assert Application.objects.count() == 2
    assert "_auth_user_id" in parent_client.session


def test_with_the_token_the_same_post_goes_through(group):
    csrf_client = Client(enforce_csrf_checks=True)
    page = csrf_client.get(apply_url(group))
    token = page.cookies["csrftoken"].value
    response = csrf_client.post(apply_url(group), {**form_data(group), "csrfmiddlewaretoken": token})
    assert response.status_code == 302
    assert Application.objects.count() == 1
