"""`make bench` in its shortest form produces a results file with every key page and the rush.

Timings are not asserted (they belong to the benchmark, not the tests); what must hold in
any run is: every page answered without failures, and the rush lost nothing and overbooked
nothing, and every submission's mail reached the benchmark's SMTP sink once. It runs against
a database of its own on the same server.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg2
import pytest
from django.conf import settings
from psycopg2 import sql

BASE = Path(settings.BASE_DIR)
PAGES = {
    "floor",
    "home",
    "catalogue",
    "catalogue_filtered",
    "catalogue_search",
    "club",
    "catalogue_filtered_uncached",
    "catalogue_search_uncached",
    "club_uncached",
    "showcase",
    "dashboard",
}


@pytest.fixture
def bench_database():
    db = settings.DATABASES["default"]
    name = "bench_selftest"
    params = {
        "dbname": "postgres",
        "user": db["USER"],
        "password": db["PASSWORD"],
        "host": db["HOST"],
        "port": db["PORT"] or None,
    }
    conn = psycopg2.connect(**params)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        cursor.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    host = db["HOST"]
    netloc = f"{db['USER']}:{db['PASSWORD']}@" + ("" if host.startswith("/") else f"{host}:{db['PORT']}")
    url = f"postgres://{netloc}/{name}" + (f"?host={host}" if host.startswith("/") else "")
    yield url
    with conn.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    conn.close()


def test_short_bench_reports_every_page_and_a_clean_rush(bench_database, tmp_path):
    env = {**os.environ, "DATABASE_URL": bench_database, "BENCH_PORT": "8188", "BENCH_OUT": str(tmp_path)}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        # 5 s a page: locust writes its CSV once a second, so a 2 s run on a busy machine
        # sometimes ended before a row for the page was written (KeyError: 'floor')
        [sys.executable, "bench/run.py", "--scale", "centre", "--duration", "5", "--workers", "2"],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,  # a busy machine: the rush, the queue's draining and the staff sweep
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    results = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    assert set(results["pages"]) == PAGES
    for name, page in results["pages"].items():
        assert page["requests"] > 0, name
        assert page["failures"] == 0, name
        assert page["queries"] <= 15, name
    rush = results["rush"]
    assert rush["submissions"] > 0
    assert rush["server_errors"] == 0
    assert rush["lost"] == 0
    assert rush["overbooked_groups"] == 0
    assert rush["enrolled"] <= rush["places"]
    # notifications on: every stored submission's mail reached the SMTP sink, once
    queue = rush["notifications"]
    assert queue["submissions_with_email"] > 0
    assert queue["without_mail"] == 0, queue
    assert queue["queued_left"] == queue["failed"] == queue["duplicated"] == 0, queue
    assert queue["received_by_smtp"] == queue["sent"] == queue["messages"], queue
    assert queue["delay_p95_s"] is not None
    assert "Notifications during the rush" in (tmp_path / "results.md").read_text(encoding="utf-8")
    assert "| catalogue |" in (tmp_path / "results.md").read_text(encoding="utf-8")
    staff = results["staff"]
    assert staff["failed"] == [], staff["failed"]
    roles = {row["role"] for row in staff["pages"]}
    assert {"methodist", "director", "teacher", "coordinator"} <= roles
    assert len(staff["pages"]) > len(roles)  # each role reached pages beyond its landing page
    assert "Staff sweep" in (tmp_path / "results.md").read_text(encoding="utf-8")
