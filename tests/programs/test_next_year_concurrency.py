"""The next-year wizard pressed by several methodists in the same second: real transactions on
the real PostgreSQL, in parallel threads. One copy of each group, one next academic year, each
child moved on once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from centre.models import AcademicYear
from centre.roles import Role
from programs.models import Enrolment, Group, Order
from programs.services import next_year
from programs.services.next_year import Decision
from tests.factories import LearnerFactory, OrganisationFactory
from tests.programs.factories import CurrentYearFactory, GroupFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _run_together(count, work):
    barrier = threading.Barrier(count)
    outcomes = []
    lock = threading.Lock()

    def runner(index):
        try:
            barrier.wait(timeout=30)
            outcome = ("ok", work(index))
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


def _copy(user, year, group):
    return next_year.groups_copy(
        by=user, year=year, program_ids=[group.program_id], windows={group.pk: (None, None)}
    )


def test_methodists_copying_at_once_copy_once(make_user):
    year = CurrentYearFactory()
    planners = [make_user(Role.METHODIST, username=f"methodist{i}") for i in range(4)]
    group = GroupFactory(academic_year=year)
    outcomes = _run_together(4, lambda i: _copy(planners[i], year, group))
    assert [kind for kind, _ in outcomes] == ["ok"] * 4, outcomes
    assert sum(len(result.copied) for _, result in outcomes) == 1
    assert sum(len(result.already) for _, result in outcomes) == 3
    assert Group.objects.filter(copied_from=group).count() == 1
    assert AcademicYear.objects.filter(label=next_year.next_year_label(year)).count() == 1


def test_two_organisations_copying_at_once_make_one_next_year(make_user):
    year = CurrentYearFactory()
    planners, groups = [], []
    for index in range(2):
        organisation = OrganisationFactory()
        planner = make_user(Role.METHODIST, username=f"planner{index}")
        planner.person.organisation = organisation
        planner.person.save(update_fields=["organisation"])
        planners.append(planner)
        groups.append(GroupFactory(academic_year=year, club__organisation=organisation))
    outcomes = _run_together(2, lambda i: _copy(planners[i], year, groups[i]))
    assert [kind for kind, _ in outcomes] == ["ok", "ok"], outcomes
    assert AcademicYear.objects.filter(label=next_year.next_year_label(year)).count() == 1
    assert Group.objects.filter(copied_from__in=groups).count() == 2


def test_moving_on_at_once_moves_each_child_once(make_user):
    year = CurrentYearFactory()
    planners = [make_user(Role.METHODIST, username=f"mover{i}") for i in range(3)]
    group = GroupFactory(academic_year=year, places=5)
    children = [
        Enrolment.objects.create(group=group, learner=LearnerFactory(), funding=group.funding)
        for _ in range(4)
    ]
    Group.objects.filter(pk=group.pk).update(enrolled_count=4)
    _copy(planners[0], year, group)
    copy = Group.objects.get(copied_from=group)
    decisions = {children[0].pk: Decision.LEAVE} | {e.pk: Decision.MOVE for e in children[1:]}
    outcomes = _run_together(
        3, lambda i: next_year.children_move(by=planners[i], copy=copy, decisions=decisions)
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * 3, outcomes
    assert Enrolment.objects.filter(group=copy).count() == 3
    copy.refresh_from_db(), group.refresh_from_db()
    assert (copy.enrolled_count, group.enrolled_count) == (3, 3)
    assert Order.objects.filter(kind=Order.Kind.TRANSFER).count() == 1
    assert Order.objects.filter(kind=Order.Kind.LEAVING).count() == 1
