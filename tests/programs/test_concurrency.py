"""Never more enrolled than places, one live application per child, and one record of a child
and of its parent, when many act in the same second; the waiting list's offers, accepts and
withdrawals racing on one place end with every application in one state: real transactions
on the real PostgreSQL, in parallel threads."""

import datetime
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from centre.models import Guardian, Guardianship, Learner
from centre.roles import Role
from programs.models import Application, Enrolment, Group, Offer
from programs.services import (
    application_accept,
    application_submit,
    application_withdraw,
    expire_offers,
    leave_waiting_list,
    offer_accept,
    offer_decline,
    offer_freed_places,
)
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


# --- the waiting list: offers, accepts, withdrawals and staff accepts on one place ----------


def _assert_one_state_each(group):
    """The group's counts are its rows, never more than its places, and every application is
    in exactly one state: enrolled with one active enrolment, offered with one open offer, or
    neither."""
    group.refresh_from_db()
    active = Enrolment.objects.active().filter(group=group)
    open_offers = Offer.objects.open().filter(group=group)
    assert group.enrolled_count == active.count()
    assert group.offered_count == open_offers.count()
    assert group.enrolled_count + group.offered_count <= group.places
    for application in Application.objects.filter(group=group):
        enrolments = active.filter(application=application).count()
        offers = open_offers.filter(application=application).count()
        expected = {
            Application.Status.ACCEPTED: (1, 0),
            Application.Status.OFFERED: (0, 1),
        }.get(application.status, (0, 0))
        assert (enrolments, offers) == expected, (application.number, application.status)
    # a waiting application is never left behind while a place is free
    if group.free_places:
        assert not Application.objects.in_line(group.pk).exists()


def _one_place_with_a_line(methodist, waiting=3, new=3):
    """A group of one place, taken; ``waiting`` in its line and ``new`` undecided applications."""
    group = GroupFactory(places=1, club__organisation=methodist.person.organisation)
    enrolled = application_submit(group=group, data=application_data(70))
    application_accept(application=enrolled, by=methodist)
    group.refresh_from_db()
    # the group is full: these go to the waiting list in the order submitted
    line = [application_submit(group=group, data=application_data(71 + i)) for i in range(waiting)]
    assert {a.status for a in line} == {Application.Status.WAITING}
    newcomers = [application_submit(group=group, data=application_data(80 + i)) for i in range(new)]
    Application.objects.filter(pk__in=[a.pk for a in newcomers]).update(status=Application.Status.NEW)
    return group, enrolled, line, newcomers


def _race(work):
    outcomes = _run_together(len(work), lambda i: work[i]())
    assert [o for o in outcomes if o[0] == "error"] == []
    return outcomes


def _freed_place_raced(methodist):
    group, enrolled, line, newcomers = _one_place_with_a_line(methodist)
    _race(
        [
            lambda: application_withdraw(application=enrolled),
            lambda: leave_waiting_list(line[1]),
            lambda: offer_freed_places(group.pk),
            lambda: offer_freed_places(group.pk),
            lambda: expire_offers(),
            *[lambda a=a: application_accept(application=a, by=methodist) for a in newcomers],
        ]
    )
    _assert_one_state_each(group)
    group.refresh_from_db()
    # the place is taken again: by a newcomer staff accepted first, or held for the line
    assert group.enrolled_count + group.offered_count == 1


def test_a_freed_place_raced_by_staff_accepts_offers_and_the_line_is_never_overbooked(methodist):
    for _round in range(3):
        _freed_place_raced(methodist)


def _offer_raced(methodist):
    group, enrolled, line, newcomers = _one_place_with_a_line(methodist, waiting=2, new=2)
    application_withdraw(application=enrolled)
    first = line[0]
    later = timezone.now() + datetime.timedelta(hours=100)
    _race(
        [
            lambda: offer_accept(first),
            lambda: offer_accept(first),
            lambda: offer_decline(first),
            lambda: application_withdraw(application=first),
            lambda: application_accept(application=first, by=methodist),
            lambda: expire_offers(now=later),
            *[lambda a=a: application_accept(application=a, by=methodist) for a in newcomers],
        ]
    )
    _assert_one_state_each(group)
    # the held place went to the offer's application or on down the line; a newcomer gets it
    # only when the whole line has gone (the sweep, run "100 hours later", lapses every offer)
    accepted = Application.objects.filter(
        pk__in=[a.pk for a in newcomers], status=Application.Status.ACCEPTED
    )
    if accepted.exists():
        assert not Application.objects.filter(pk__in=[a.pk for a in line]).live().exists(), [
            (a.pk, a.status, list(a.offers.values_list("status", "expires_at")))
            for a in Application.objects.filter(group=group).order_by("pk")
        ]
    assert Enrolment.objects.filter(application=first).count() <= 1


def test_an_offer_answered_twice_declined_withdrawn_and_lapsed_at_once_ends_in_one_state(methodist):
    for _round in range(3):
        _offer_raced(methodist)
