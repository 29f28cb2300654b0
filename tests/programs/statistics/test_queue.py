"""Fresh figures: the page queues a refresh when none is done or the last is too old, the
Refresh button queues one, never two wait for one year, and the worker's task computes it."""

import datetime
import signal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from programs.models import StatisticsRefresh, StatisticsRow
from programs.statistics import refresh
from programs.statistics.tasks import refresh_statistics
from tests.programs.statistics import world
from tests.programs.statistics.helpers import authority_member, director_of

TASK = "programs.statistics.tasks.refresh_statistics"
Status = StatisticsRefresh.Status


def _tasks():
    return DBTaskResult.objects.filter(task_path=TASK)


def _page(client, year=None):
    return client.get(reverse("programs:statistics"), {"year": year.pk} if year else {})


@pytest.fixture
def known(db):
    return world.build()


@pytest.fixture
def director(client, known):
    client.force_login(director_of(known.a))
    return client


@pytest.mark.django_db
def test_a_page_of_a_year_never_computed_queues_one_refresh_and_says_so(director, known):
    content = _page(director).content.decode()
    assert 'id="statistics-never"' in content
    assert 'id="statistics-waiting"' in content and 'id="statistics-show-new"' in content
    assert 'http-equiv="refresh"' not in content  # never a timed reload of a page being read
    (run,) = StatisticsRefresh.objects.all()
    assert (run.academic_year, run.status) == (known.year, Status.QUEUED)
    assert _tasks().count() == 1
    # opened again (a reader opens it anew; it never reloads itself): the same refresh waits, no second one
    _page(director)
    _page(director)
    assert StatisticsRefresh.objects.count() == 1 and _tasks().count() == 1


@pytest.mark.django_db
def test_the_refresh_button_queues_one_and_never_two(director, known):
    refresh(known.year)
    url = reverse("programs:statistics_refresh")
    response = director.post(url, {"year": known.last_year.pk})
    assert response.status_code == 302 and f"year={known.last_year.pk}" in response["Location"]
    director.post(url, {"year": known.last_year.pk})
    waiting = StatisticsRefresh.objects.filter(status=Status.QUEUED)
    assert [run.academic_year for run in waiting] == [known.last_year]
    assert _tasks().count() == 1


@pytest.mark.django_db
def test_fresh_figures_queue_nothing_old_ones_do(director, known, settings):
    settings.STATISTICS_MAX_AGE_MINUTES = 30
    done = refresh(known.year)
    content = _page(director).content.decode()
    assert "Показатели на" in content and 'id="statistics-waiting"' not in content
    assert not _tasks().exists()
    StatisticsRefresh.objects.filter(pk=done.pk).update(
        started_at=timezone.now() - datetime.timedelta(minutes=31)
    )
    content = _page(director).content.decode()
    assert 'id="statistics-waiting"' in content
    assert _tasks().count() == 1
    # the old figures stay on the page meanwhile
    assert 'data-line="total"' in content and "Показатели на" in content


@pytest.mark.django_db
def test_the_print_view_and_the_workbook_queue_nothing(director, known):
    director.get(reverse("programs:statistics_print"))
    director.get(reverse("programs:statistics_export"))
    assert not StatisticsRefresh.objects.exists()


@pytest.mark.django_db
def test_a_stalled_refresh_is_said_and_the_button_replaces_it(director, known):
    _page(director)
    StatisticsRefresh.objects.update(queued_at=timezone.now() - datetime.timedelta(minutes=20))
    content = _page(director).content.decode()
    assert 'id="statistics-stalled"' in content
    assert StatisticsRefresh.objects.count() == 1  # the page does not pile up more
    director.post(reverse("programs:statistics_refresh"))
    assert StatisticsRefresh.objects.count() == 2 and _tasks().count() == 2


@pytest.mark.django_db
def test_the_task_computes_the_queued_refresh_once(director, known):
    _page(director)
    run = StatisticsRefresh.objects.get()
    assert refresh_statistics.call(run.pk) == Status.DONE
    run.refresh_from_db()
    assert run.status == Status.DONE and run.started_at and run.finished_at
    assert StatisticsRow.objects.filter(academic_year=known.year).count() == 5
    # the same task again (a second worker, a retry) finds nothing queued
    assert refresh_statistics.call(run.pk) == "skipped"
    assert refresh_statistics.call(run.pk + 1000) == "skipped"


@pytest.mark.django_db
def test_a_failed_refresh_is_said_on_the_page(director, known, monkeypatch):
    refresh(known.year)
    _run = StatisticsRefresh.objects.create(academic_year=known.year, status=Status.FAILED, error="boom")
    content = _page(director).content.decode()
    assert 'id="statistics-failed"' in content
    assert 'data-line="total"' in content  # the figures of the refresh before it


def run_worker():
    """``manage.py db_worker --batch``: run what is ready, then stop (signal handlers restored)."""
    handlers = {
        number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
    }
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_computes_what_the_page_queued(client):
    known = world.build()
    client.force_login(authority_member(known.authority))
    assert 'id="statistics-never"' in _page(client).content.decode()
    run_worker()
    assert StatisticsRefresh.objects.get().status == Status.DONE
    content = _page(client).content.decode()
    assert 'id="statistics-never"' not in content and 'id="statistics-waiting"' not in content
    assert "Показатели на" in content
    assert (
        StatisticsRow.objects.get(academic_year=known.year, organisation=known.a, direction=None).learners
        == 8
    )
