"""Smoke checks run by .ci/run against a server given by DATABASE_URL (and in every run)."""

import pytest
from django.db import connection
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.smoke]


def test_database_is_postgresql_with_russian_search():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_tsvector('russian', 'Робототехника') @@ plainto_tsquery('russian', 'робототехнику')"
        )
        assert cursor.fetchone()[0] is True
        cursor.execute("SELECT upper('робот')")
        assert cursor.fetchone()[0] == "РОБОТ"


def test_home_and_healthz_answer(client):
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("healthz")).json() == {"status": "ok"}
