"""Orders when many act in the same second (real transactions, parallel threads): accepts in
several groups of one organisation gather into one draft; an accept racing the director's
signature lands in the signed order or in the next draft, never in a signed order afterwards;
two paper orders with one number are one order."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from centre.roles import Role
from programs.models import Enrolment, Order
from programs.services import application_accept
from programs.services.orders import order_sign
from tests.programs.factories import ApplicationFactory, ClubFactory, GroupFactory
from tests.programs.helpers import days, today

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _run_together(works):
    barrier = threading.Barrier(len(works))
    outcomes = []
    lock = threading.Lock()

    def runner(work):
        try:
            barrier.wait(timeout=30)
            outcome = ("ok", work())
        except ValidationError as exc:
            outcome = ("refused", exc)
        except Exception as exc:  # noqa: BLE001 - any other error is a failure to report
            outcome = ("error", exc)
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=runner, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_accepts_in_many_groups_at_once_gather_into_one_draft(make_user):
    staff = make_user(Role.METHODIST)
    club = ClubFactory()
    applications = [ApplicationFactory(group=GroupFactory(club=club)) for _ in range(8)]
    outcomes = _run_together(
        [lambda a=application: application_accept(application=a, by=staff) for application in applications]
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * 8, outcomes
    assert Order.objects.count() == 1
    assert Enrolment.objects.filter(order=Order.objects.get()).count() == 8


def test_an_accept_racing_the_signature_never_joins_a_signed_order(make_user):
    staff = make_user(Role.METHODIST)
    director = make_user(Role.DIRECTOR)
    group = GroupFactory(places=20)
    application_accept(application=ApplicationFactory(group=group), by=staff)
    draft = Order.objects.get()
    late = [ApplicationFactory(group=group) for _ in range(5)]
    works = [lambda: order_sign(order=draft, by=director, number="1", signed_on=today())]
    works += [lambda a=application: application_accept(application=a, by=staff) for application in late]
    outcomes = _run_together(works)
    assert [kind for kind, _ in outcomes] == ["ok"] * 6, outcomes
    draft.refresh_from_db()
    assert not draft.is_draft
    signed_history = draft.history.filter(status="signed").order_by("history_date").first()
    # the children of the signed order are exactly those it had when it was signed
    in_signed = Enrolment.objects.filter(order=draft).count()
    in_next = Enrolment.objects.filter(order__status="draft").count()
    assert in_signed + in_next == 6
    assert signed_history is not None
    assert all(
        enrolment.history.earliest("history_date").history_date < signed_history.history_date
        for enrolment in Enrolment.objects.filter(order=draft)
    )


def test_two_accepts_into_one_new_paper_order_make_one_order(make_user):
    staff = make_user(Role.METHODIST)
    group = GroupFactory()
    applications = [ApplicationFactory(group=group) for _ in range(4)]
    outcomes = _run_together(
        [
            lambda a=application: application_accept(
                application=a, by=staff, paper_number="8-у", paper_date=days(-1)
            )
            for application in applications
        ]
    )
    assert [kind for kind, _ in outcomes] == ["ok"] * 4, outcomes
    order = Order.objects.get()
    assert (order.number, order.on_paper, order.enrolments.count()) == ("8-у", True, 4)
