"""Never more enrolled than places, and one live application per child, when many act in
the same second: real transactions on the real PostgreSQL, in parallel threads."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from programs.models import Application, Enrollment, Group
from programs.services import application_accept, application_submit
from tests.programs.builders import application_data, make_group

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _run_together(count, work):
    barrier = threading.Barrier(count)
    outcomes = []
    lock = threading.Lock()

    def runner(index):
        try:
            barrier.wait(timeout=30)
            result = work(index)
            outcome = ("ok", result)
        except ValidationError as exc:
            outcome = ("refused", exc)
        except Exception as exc:  # noqa: BLE001 - any other error is a failure to report
            outcome = ("error", exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=runner, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_staff_accepting_at_once_never_overbook(methodist):
    group = make_group(places=3)
    applications = [application_submit(group=group, data=application_data(i)) for i in range(12)]
    outcomes = _run_together(12, lambda i: application_accept(application=applications[i], by=methodist))
    kinds = [kind for kind, _ in outcomes]
    assert kinds.count("error") == 0, [o for o in outcomes if o[0] == "error"]
    assert kinds.count("ok") == 3
    assert kinds.count("refused") == 9
    group.refresh_from_db()
    assert group.enrolled_count == 3
    assert Enrollment.objects.filter(group=group).count() == 3
    assert Application.objects.filter(status=Application.Status.ACCEPTED).count() == 3


def test_parents_submitting_at_once_lose_nothing_and_duplicate_nothing():
    group = make_group(places=2)
    # ten different children and, at the same moment, five copies of one child's application
    outcomes = _run_together(
        15, lambda i: application_submit(group=group, data=application_data(i if i < 10 else 99))
    )
    kinds = [kind for kind, _ in outcomes]
    assert kinds.count("error") == 0, [o for o in outcomes if o[0] == "error"]
    assert kinds.count("ok") == 11
    assert kinds.count("refused") == 4
    assert Application.objects.filter(group=group).count() == 11
    assert Group.objects.get(pk=group.pk).enrolled_count == 0
