import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from centre import env


def test_bool_reader_refuses_a_typo(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env.env_bool("SOME_FLAG")


@pytest.mark.parametrize("raw, expected", [("1", True), ("yes", True), ("off", False), ("0", False)])
def test_bool_reader_understands_common_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert env.env_bool("SOME_FLAG") is expected


def test_int_reader_refuses_words_and_small_numbers(monkeypatch):
    monkeypatch.setenv("SOME_NUMBER", "five")
    with pytest.raises(ImproperlyConfigured, match="whole number"):
        env.env_int("SOME_NUMBER", 1)
    monkeypatch.setenv("SOME_NUMBER", "-1")
    with pytest.raises(ImproperlyConfigured, match="at least 0"):
        env.env_int("SOME_NUMBER", 1, minimum=0)


def test_list_reader_splits_on_commas(monkeypatch):
    monkeypatch.setenv("SOME_LIST", " a.example.org, b.example.org ,")
    assert env.env_list("SOME_LIST") == ["a.example.org", "b.example.org"]


def test_russian_is_the_default_language():
    assert settings.LANGUAGE_CODE == "ru"


def _run_manage(args, **extra_env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(extra_env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_fails_with_one_sentence():
    result = _run_manage(["check"], DATABASE_URL="postgres://u:p@127.0.0.1:1/db")
    assert result.returncode != 0
    assert "Set SECRET_KEY" in result.stderr
    assert "Traceback" not in result.stderr


def test_unreachable_database_url_fails_with_one_sentence():
    result = _run_manage(["migrate"], DEBUG="1", DATABASE_URL="postgres://u:p@127.0.0.1:1/db")
    assert result.returncode != 0
    assert "Cannot reach the database: set DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_database_url_must_be_postgres():
    result = _run_manage(["check"], DEBUG="1", DATABASE_URL="sqlite:///db.sqlite3")
    assert result.returncode != 0
    assert "PostgreSQL only" in result.stderr


def test_deploy_check_is_clean_with_the_documented_production_environment():
    result = _run_manage(
        ["check", "--deploy", "--fail-level", "WARNING"],
        DATABASE_URL="postgres://u:p@127.0.0.1:1/db",
        SECRET_KEY="a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        ALLOWED_HOSTS="portal.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PRODUCTION = {
    "DATABASE_URL": "postgres://u:p@127.0.0.1:1/db",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "portal.example.org",
}


def test_production_settings_are_strict_about_cookies_headers_and_logins():
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.X_FRAME_OPTIONS, "
        "s.SECURE_REFERRER_POLICY, s.AXES_FAILURE_LIMIT, int(s.AXES_COOLOFF_TIME.total_seconds()), "
        "s.APPLY_RATE_PER_MINUTE, s.CONTENT_SECURITY_POLICY['DIRECTIVES']['script-src'])"
    )
    result = _run_manage(["shell", "--no-imports", "-c", code], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "True",
        "True",
        "31536000",
        "DENY",
        "same-origin",
        "5",
        "900",
        "20",
        "[\"'self'\"]",
    ]


def test_login_throttling_settings_are_read_strictly():
    result = _run_manage(["check"], **PRODUCTION, AXES_FAILURE_LIMIT="0")
    assert result.returncode != 0 and "AXES_FAILURE_LIMIT must be at least 1" in result.stderr
    result = _run_manage(["check"], **PRODUCTION, AXES_LOCK_OUT_BY="everyone")
    assert result.returncode != 0 and "AXES_LOCK_OUT_BY must be one of" in result.stderr
    code = "from django.conf import settings as s; print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, s.AXES_LOCKOUT_PARAMETERS)"
    result = _run_manage(
        ["shell", "--no-imports", "-c", code],
        **PRODUCTION,
        AXES_FAILURE_LIMIT="3",
        AXES_COOLOFF_MINUTES="60",
        AXES_LOCK_OUT_BY="ip",
    )
    assert result.stdout.strip() == "3 1:00:00 ['ip_address']", result.stderr


def test_float_reader_refuses_words_and_small_numbers(monkeypatch):
    monkeypatch.setenv("SOME_COST", "cheap")
    with pytest.raises(ImproperlyConfigured, match="SOME_COST must be a number"):
        env.env_float("SOME_COST", 1.0)
    monkeypatch.setenv("SOME_COST", "0.01")
    with pytest.raises(ImproperlyConfigured, match="at least 0.1"):
        env.env_float("SOME_COST", 1.0, minimum=0.1)
    monkeypatch.setenv("SOME_COST", "2.5")
    assert env.env_float("SOME_COST", 1.0) == 2.5


@pytest.mark.django_db
def test_connections_tell_the_planner_that_random_reads_are_cheap():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == 1.1
