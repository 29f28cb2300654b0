"""Never more enrolled than places, one live application per child, and one record of a child
and of its parent, when many act in the same second: real transactions on the real
PostgreSQL, in parallel threads."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from centre.models import Guardian, Guardianship, Learner
from centre.roles import Role
from programs.models import Application, Enrolment, Group
from programs.services import application_accept, application_submit
from tests.programs.factories import GroupFactory
from tests.programs.helpers import application_data

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
    group = GroupFactory(places=3)
    applications = [application_submit(group=group, data=application_data(i)) for i in range(12)]
    outcomes = _run_together(12, lambda i: application_accept(application=applications[i], by=methodist))
    kinds = [kind for kind, _ in outcomes]
    assert kinds.count("error") == 0, [o for o in outcomes if o[0] == "error"]
    assert kinds.count("ok") == 3
    assert kinds.count("refused") == 9
    group.refresh_from_db()
    assert group.enrolled_count == 3
    assert Enrolment.objects.filter(group=group).count() == 3
    assert Application.objects.filter(status=Application.Status.ACCEPTED).count() == 3


def test_parents_submitting_at_once_lose_nothing_and_duplicate_nothing():
    group = GroupFactory(places=2)
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


def test_one_childs_applications_to_four_groups_accepted_at_once_make_one_learner_and_one_guardian(
    make_user,
):
    """Issue 13: one parent applied for one child to four groups of one organisation; four
    staff accept at the same moment. Every round: one record of the child, one of the
    parent, four enrolments (the advisory locks on the child's and the parent's identity)."""
    staff = [make_user(Role.METHODIST, username=f"methodist{number}") for number in range(4)]
    groups = [GroupFactory(places=10) for _ in range(4)]
    for round_number in range(5):
        data = application_data(
            40 + round_number,
            # the same child typed a little differently on each form
            child_surname=f"Иванов{40 + round_number}",
            guardian_phone=f"+7 (900) 000-00-{40 + round_number}",
        )
        applications = []
        for index, group in enumerate(groups):
            typed = dict(data)
            if index % 2:
                typed["child_surname"] = f" {data['child_surname'].upper()} "
                typed["guardian_surname"] = data["guardian_surname"].lower()
            applications.append(application_submit(group=group, data=typed))
        outcomes = _run_together(
            4,
            lambda i, applications=applications: application_accept(application=applications[i], by=staff[i]),
        )
        assert [kind for kind, _ in outcomes] == ["ok"] * 4, outcomes
        learners = Learner.objects.with_identity(
            surname=data["child_surname"], name=data["child_name"], birth_date=data["child_birth_date"]
        )
        assert learners.count() == 1, round_number
        assert Guardian.objects.filter(phone=data["guardian_phone"]).count() == 1, round_number
        learner = learners.get()
        assert Enrolment.objects.filter(learner=learner).count() == 4
        assert Guardianship.objects.filter(learner=learner).count() == 1
        assert set(
            Application.objects.filter(pk__in=[a.pk for a in applications]).values_list("learner", flat=True)
        ) == {learner.pk}
