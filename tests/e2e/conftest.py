"""Real-browser journeys: Playwright driving Debian's Chromium against a live server.

Without Chromium the tests skip, unless E2E_REQUIRED=1 (CI), where a missing browser fails.
"""

import os
import shutil
import threading
import time

import pytest
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests.programs.factories import ClubFactory, DirectionFactory, ProgramFactory, catalogue_group

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between browser steps are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_CANDIDATES = [
    os.environ.get("CHROMIUM_PATH", ""),
    "/usr/bin/chromium",
    "/usr/bin/chromium-browser",
]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def _chromium_path():
    for candidate in CHROMIUM_CANDIDATES:
        if candidate and shutil.which(candidate):
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    path = _chromium_path()
    if path is None:
        message = "Chromium is not installed (apt-get install chromium); e2e tests need it"
        if os.environ.get("E2E_REQUIRED") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="ru-RU", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def login(page):
    def log_in(username, password="test-pass-123"):
        page.goto("/accounts/login/")
        page.get_by_label("Имя пользователя").fill(username)
        page.get_by_label("Пароль").fill(password)
        page.get_by_role("button", name="Войти").last.click()
        page.wait_for_load_state()

    return log_in


@pytest.fixture
def clubs():
    """Three catalogue clubs (robots 10–14, lego 5–7, dance 7–12); the robots' group is returned."""
    robots = catalogue_group(
        club=ClubFactory(name="Робоквантум", slug="robots"),
        program=ProgramFactory(title="Робототехника", direction=DirectionFactory(slug="technical")),
        age_min=10,
        age_max=14,
    )
    catalogue_group(
        club=ClubFactory(name="Лего для малышей", slug="lego"),
        program=ProgramFactory(title="Лего-конструирование", direction=DirectionFactory(slug="technical")),
        age_min=5,
        age_max=7,
    )
    catalogue_group(
        club=ClubFactory(name="Ансамбль «Радуга»", slug="dance"),
        program=ProgramFactory(title="Хореография", direction=DirectionFactory(slug="arts")),
        age_min=7,
        age_max=12,
    )
    return robots


class TaskWorker:
    """The database backend's own worker loop (``manage.py db_worker``) in a thread: it polls
    the queue as the real worker process does, runs each task as it becomes ready, and runs
    on the test database (a subprocess could not see a transactional test's rows otherwise
    than through a second set of settings). No signal handlers: they belong to the main thread."""

    def __init__(self, interval=0.05):
        self.worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="e2e-worker",
            excluded_queue_names=[],
        )
        self.error = None
        self.thread = threading.Thread(target=self._run, name="task-worker", daemon=True)

    def _run(self):
        try:
            self.worker.run()
        except BaseException as error:  # shown by stop(): a thread's exception is otherwise lost
            self.error = error
        finally:
            connections.close_all()

    def start(self):
        self.thread.start()
        return self

    def wait_idle(self, timeout=15.0):
        """Until no task is ready to run and none is running (tasks scheduled for later wait)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.worker.running_task and not DBTaskResult.objects.ready().exists():
                time.sleep(0.1)  # a task that just finished may have queued another on commit
                if not self.worker.running_task and not DBTaskResult.objects.ready().exists():
                    return
            time.sleep(0.05)
        raise AssertionError(f"the task worker was still busy after {timeout} s")

    def stop(self):
        self.worker.running = False
        self.thread.join(timeout=15)
        if self.error is not None:
            raise self.error


@pytest.fixture
def task_worker(transactional_db):
    """A running task worker for this test (needs a transactional test: it has its own connection)."""
    worker = TaskWorker().start()
    yield worker
    worker.stop()
