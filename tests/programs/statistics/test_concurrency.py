"""The year's lock for real (two connections, committed transactions): while a refresh holds
it with the year's rows replaced but not committed, a second refresh waits and a reader sees
the old totals whole; once it commits, the reader sees the new ones, and the second refresh
runs after it. Two pages queueing at once leave one queued refresh and one task."""

import importlib
import threading
import time

import pytest
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from centre.locks import advisory_lock
from programs.models import Enrolment, StatisticsRefresh
from programs.statistics import figures, queue_refresh, refresh
from programs.statistics.compute import compute_rows, year_lock_key
from tests.factories import LearnerFactory
from tests.programs.statistics import world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
Status = StatisticsRefresh.Status
# the module, not the function the package names figures
figures_module = importlib.import_module("programs.statistics.figures")


def _in_thread(work):
    """Run ``work`` on a thread of its own (its own connection); the thread and its result."""
    outcome = {}

    def runner():
        try:
            outcome["value"] = work()
        except Exception as error:  # pragma: no cover - shown by the assertion below
            outcome["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=runner)
    thread.start()
    return thread, outcome


def _totals(academic_year):
    result = figures(academic_year, None)
    return result.totals.learners, result.totals.enrolments, sum(line.learners for line in result.directions)


def test_the_years_lock_serialises_refreshes_and_readers_see_old_or_new():
    known = world.build()
    refresh(known.year)
    old = _totals(known.year)
    assert old[0] == world.TOTAL["learners"]
    # one more child in group g1: the new figures differ from the old in every total
    Enrolment.objects.create(
        group=known.groups[0], learner=LearnerFactory(organisation=known.a), enrolled_on=known.year.start
    )
    with transaction.atomic():
        advisory_lock(year_lock_key(known.year.pk))
        compute_rows(known.year)  # the year's rows deleted and written again, not committed
        second, second_outcome = _in_thread(lambda: refresh(known.year))
        reader, read = _in_thread(lambda: _totals(known.year))
        reader.join(timeout=30)
        assert read == {"value": old}  # the old figures whole, not half of the year's rows
        time.sleep(1)
        assert second.is_alive()  # the second refresh waits for the year's lock
        committed_at = time.time()
    second.join(timeout=60)
    assert not second.is_alive() and "error" not in second_outcome
    run = second_outcome["value"]
    assert run.status == Status.DONE
    assert run.started_at.timestamp() >= committed_at - 0.01  # its figures are of after the first
    new = _totals(known.year)
    assert new == (old[0] + 1, old[1] + 1, old[2] + 1)


def test_two_pages_queueing_at_once_leave_one_queued_refresh():
    known = world.build()
    barrier = threading.Barrier(4)

    def queue():
        barrier.wait(timeout=30)
        return queue_refresh(known.year).pk

    threads = [_in_thread(queue) for _ in range(4)]
    for thread, _outcome in threads:
        thread.join(timeout=60)
    assert all("error" not in outcome for _thread, outcome in threads)
    assert len({outcome["value"] for _thread, outcome in threads}) == 1
    assert StatisticsRefresh.objects.filter(academic_year=known.year, status=Status.QUEUED).count() == 1
    assert DBTaskResult.objects.filter(task_path="programs.statistics.tasks.refresh_statistics").count() == 1


def test_the_moment_and_the_rows_are_of_one_refresh(monkeypatch):
    known = world.build()
    first = refresh(known.year)
    old = _totals(known.year)
    Enrolment.objects.create(
        group=known.groups[0], learner=LearnerFactory(organisation=known.a), enrolled_on=known.year.start
    )
    real_last_done = figures_module.last_done

    def last_done_then_a_refresh_commits(academic_year):
        done = real_last_done(academic_year)
        thread, outcome = _in_thread(lambda: refresh(academic_year))  # another connection
        thread.join(timeout=60)
        assert outcome["value"].status == Status.DONE
        return done

    monkeypatch.setattr(figures_module, "last_done", last_done_then_a_refresh_commits)
    result = figures(known.year, None)
    # the old refresh's moment with the old refresh's rows, not with the new ones
    assert result.as_of == first.started_at
    assert result.totals.learners == old[0]
    monkeypatch.setattr(figures_module, "last_done", real_last_done)
    assert figures(known.year, None).totals.learners == old[0] + 1
