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
