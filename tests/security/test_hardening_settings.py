"""The defaults of issue 13: HSTS preload only on request, 12-hour sessions, the request-size
limit, the shared cache (CACHE_URL) and the password-reset limits, each read strictly."""

import json
import os
import shutil
import socket
import subprocess
import sys
import time

import pytest
from django.conf import settings

PRODUCTION = {
    "DATABASE_URL": "postgres://u:p@127.0.0.1:1/db",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "portal.example.org",
}
NAMES = [
    "SECURE_HSTS_PRELOAD",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_AGE",
    "MAX_REQUEST_BYTES",
    "DATA_UPLOAD_MAX_MEMORY_SIZE",
    "FILE_UPLOAD_MAX_MEMORY_SIZE",
    "PASSWORD_RESET_RATE_PER_HOUR",
    "PASSWORD_RESET_ADDRESS_RATE_PER_HOUR",
]


def run(code: str | None, **environment):
    """``manage.py shell -c code`` (``check`` without code) with a clean environment."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DATABASE_URL", "CACHE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"} and key not in NAMES
    }
    env.update(environment)
    return subprocess.run(
        [sys.executable, "manage.py", *(["shell", "--no-imports", "-c", code] if code else ["check"])],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(**environment) -> dict:
    code = (
        "import json; from django.conf import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {NAMES!r}}} | {{'CACHE': s.CACHES['default']['BACKEND']}}))"
    )
    result = run(code, **PRODUCTION, **environment)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_defaults():
    values = production_settings()
    assert values["SECURE_HSTS_PRELOAD"] is False  # a deployer opts in: preload lists are hard to leave
    assert values["SECURE_HSTS_SECONDS"] == 31536000
    assert values["SESSION_COOKIE_AGE"] == 12 * 3600
    assert values["MAX_REQUEST_BYTES"] == 12 * 1024 * 1024
    assert values["DATA_UPLOAD_MAX_MEMORY_SIZE"] <= values["MAX_REQUEST_BYTES"]
    assert (values["PASSWORD_RESET_RATE_PER_HOUR"], values["PASSWORD_RESET_ADDRESS_RATE_PER_HOUR"]) == (5, 20)
    assert values["CACHE"] == "django.core.cache.backends.locmem.LocMemCache"


def test_the_variables_change_them():
    values = production_settings(
        SECURE_HSTS_PRELOAD="1",
        SESSION_HOURS="8",
        MAX_REQUEST_BYTES=str(2 * 1024 * 1024),
        PASSWORD_RESET_RATE_PER_HOUR="3",
        PASSWORD_RESET_ADDRESS_RATE_PER_HOUR="10",
        CACHE_URL="redis://127.0.0.1:6379/1",
    )
    assert values["SECURE_HSTS_PRELOAD"] is True
    assert values["SESSION_COOKIE_AGE"] == 8 * 3600
    assert values["MAX_REQUEST_BYTES"] == values["DATA_UPLOAD_MAX_MEMORY_SIZE"] == 2 * 1024 * 1024
    assert (values["PASSWORD_RESET_RATE_PER_HOUR"], values["PASSWORD_RESET_ADDRESS_RATE_PER_HOUR"]) == (3, 10)
    assert values["CACHE"] == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.parametrize(
    "variable, value, message",
    [
        ("SECURE_HSTS_PRELOAD", "perhaps", "SECURE_HSTS_PRELOAD must be one of"),
        ("SESSION_HOURS", "0", "SESSION_HOURS must be at least 1"),
        ("MAX_REQUEST_BYTES", "12MB", "MAX_REQUEST_BYTES must be a whole number"),
        ("PASSWORD_RESET_RATE_PER_HOUR", "0", "PASSWORD_RESET_RATE_PER_HOUR must be at least 1"),
        ("CACHE_URL", "memcache://127.0.0.1", "CACHE_URL must be a redis://"),
    ],
)
def test_a_bad_value_stops_the_start_with_one_sentence(variable, value, message):
    result = run(None, **PRODUCTION, **{variable: value})
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_the_deploy_check_stays_clean_with_preload_on_request():
    for extra in ({}, {"SECURE_HSTS_PRELOAD": "1"}):
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            cwd=settings.BASE_DIR,
            # DJANGO_ALLOW_ASYNC_UNSAFE: set by the browser tests' process, never in deployment
            env={
                k: v
                for k, v in os.environ.items()
                if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
            }
            | PRODUCTION
            | extra,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_every_new_variable_is_in_the_readme_table():
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    for variable in (
        "MAX_REQUEST_BYTES",
        "SESSION_HOURS",
        "SECURE_HSTS_PRELOAD",
        "CACHE_URL",
        "PASSWORD_RESET_RATE_PER_HOUR",
        "PASSWORD_RESET_ADDRESS_RATE_PER_HOUR",
    ):
        assert f"| `{variable}`" in readme, variable


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    server = shutil.which("redis-server")
    if server is None:
        if os.environ.get("CI") or os.environ.get("E2E_REQUIRED"):
            pytest.fail("CI must run against a real redis-server: .ci/run installs Debian's package")
        pytest.skip("redis-server is not installed here (apt-get install redis-server)")
    port = _free_port()
    process = subprocess.Popen(
        [
            server,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(tmp_path),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_with_cache_url_two_processes_share_one_rate_limit(redis_url):
    """Two separate processes (two gunicorn workers, two servers) count against one limit."""
    code = (
        "from centre.ratelimit import hit; "
        "print(' '.join(str(hit('shared-test', '192.0.2.1', 5, window=3600)[0]) for _ in range(3)))"
    )
    first = run(code, DEBUG="1", CACHE_URL=redis_url)
    second = run(code, DEBUG="1", CACHE_URL=redis_url)
    assert first.returncode == second.returncode == 0, first.stderr + second.stderr
    assert first.stdout.split()[-3:] == ["True", "True", "True"]
    assert second.stdout.split()[-3:] == ["True", "True", "False"]  # the sixth request overall
