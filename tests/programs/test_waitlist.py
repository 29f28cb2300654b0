"""The waiting list that moves (programs.services.waitlist): a freed place offered to the first
in line with a deadline, accepted, declined or lapsed to the next; held places respected by
staff; the parent leaving the line; staff reordering it with a reason."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

import programs.tasks  # noqa: F401 - connects the offers' scheduling, as ProgramsConfig.ready does
from programs import services
from programs.models import Application, Enrolment, Group, Offer
from programs.notifications import Event
from programs.services import waitlist
from programs.tasks import offer_deadline, offer_reminder
from tests.programs.factories import ApplicationFactory, GroupFactory
from tests.programs.helpers import application_data, group_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(monkeypatch):
    """The notify_applicant calls the services make: (application number, event, context)."""
    calls = []

    def record(application, event, **context):
        calls.append((application.pk, event, context))

    for module in ("waitlist", "enrolment", "applications"):
        monkeypatch.setattr(f"programs.services.{module}.notify_applicant", record)
    return calls


def waiting(group, minutes_ago, **kwargs):
    return ApplicationFactory(
        group=group,
        status=Application.Status.WAITING,
        queued_at=timezone.now() - datetime.timedelta(minutes=minutes_ago),
        **kwargs,
    )


@pytest.fixture
def full_group(home, methodist):
    """One place, taken by an enrolled child; two waiting, the older first in line."""
    group = GroupFactory(places=1, club__organisation=home)
    enrolled = ApplicationFactory(group=group)
    services.application_accept(application=enrolled, by=methodist)
    second = waiting(group, 10)
    first = waiting(group, 20)
    return group, enrolled, first, second


def refreshed(*objects):
    for obj in objects:
        obj.refresh_from_db()
    return objects


def test_a_withdrawal_offers_the_place_to_the_first_in_line_with_a_deadline(full_group, events, settings):
    settings.WAITLIST_OFFER_HOURS = 48
    group, enrolled, first, second = full_group
    assert (first.place_in_line(), second.place_in_line()) == (1, 2)
    before = timezone.now()
    services.application_withdraw(application=enrolled)
    refreshed(group, first, second)
    assert first.status == Application.Status.OFFERED
    assert second.status == Application.Status.WAITING and second.place_in_line() == 1
    offer = Offer.objects.open().get(application=first)
    assert offer.status == Offer.Status.OPEN
    hours = (offer.expires_at - before).total_seconds() / 3600
    assert 48 <= hours < 48.1
    assert (group.enrolled_count, group.offered_count, group.free_places) == (0, 1, 0)
    assert (first.pk, Event.OFFERED, {"offer": offer}) in events
    assert (enrolled.pk, Event.WITHDRAWN, {}) in events


def test_the_line_is_ordered_by_queued_at_then_by_number(home):
    group = GroupFactory(places=1, club__organisation=home)
    same = timezone.now() - datetime.timedelta(hours=1)
    later, earlier = waiting(group, 0), waiting(group, 0)
    Application.objects.filter(pk__in=[later.pk, earlier.pk]).update(queued_at=same)
    refreshed(later, earlier)
    assert (later.place_in_line(), earlier.place_in_line()) == (1, 2)
    [offer] = services.offer_freed_places(group)
    assert offer.application_id == later.pk


def test_no_free_place_no_offer_and_only_as_many_offers_as_places(full_group, home):
    group, _enrolled, first, second = full_group
    assert services.offer_freed_places(group) == []
    Group.objects.filter(pk=group.pk).update(places=5)
    offers = services.offer_freed_places(group.pk)
    assert [offer.application_id for offer in offers] == [first.pk, second.pk]
    group.refresh_from_db()
    assert (group.enrolled_count, group.offered_count) == (1, 2)


def test_the_parent_accepts_the_place_and_the_child_is_enrolled(full_group, events):
    group, enrolled, first, _second = full_group
    services.application_withdraw(application=enrolled)
    enrolment = services.offer_accept(first)
    refreshed(group, first)
    assert enrolment.application_id == first.pk and enrolment.status == Enrolment.Status.ACTIVE
    assert first.status == Application.Status.ACCEPTED and first.decided_by is None
    assert first.offers.get().status == Offer.Status.ACCEPTED
    assert (group.enrolled_count, group.offered_count) == (1, 0)
    assert (first.pk, Event.ACCEPTED, {}) in events
    with pytest.raises(ValidationError, match="уже не действует"):
        services.offer_accept(first.offers.get())


def test_an_offer_past_its_deadline_cannot_be_accepted_and_the_sweep_passes_it_on(full_group, events):
    group, enrolled, first, second = full_group
    services.application_withdraw(application=enrolled)
    offer = Offer.objects.open().get(application=first)
    Offer.objects.filter(pk=offer.pk).update(
        offered_at=timezone.now() - datetime.timedelta(hours=50),
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    with pytest.raises(ValidationError, match="истёк"):
        services.offer_accept(offer)
    assert services.expire_offers() == 1
    assert services.expire_offers() == 0  # idempotent
    refreshed(group, first, second, offer)
    assert offer.status == Offer.Status.LAPSED
    assert first.status == Application.Status.WITHDRAWN
    assert second.status == Application.Status.OFFERED
    assert (group.enrolled_count, group.offered_count) == (0, 1)
    assert (first.pk, Event.OFFER_LAPSED, {"offer": offer}) in [
        (pk, event, {"offer": context.get("offer")}) for pk, event, context in events
    ]


def test_declining_passes_the_place_to_the_next(full_group, events):
    group, enrolled, first, second = full_group
    services.application_withdraw(application=enrolled)
    services.offer_decline(first)
    refreshed(group, first, second)
    assert first.status == Application.Status.WITHDRAWN
    assert first.offers.get().status == Offer.Status.DECLINED
    assert second.status == Application.Status.OFFERED
    assert group.offered_count == 1
    with pytest.raises(ValidationError):
        services.offer_decline(first)


def test_withdrawing_an_offered_application_cancels_the_offer_and_passes_the_place(full_group):
    group, enrolled, first, second = full_group
    services.application_withdraw(application=enrolled)
    services.application_withdraw(application=first)
    refreshed(group, first, second)
    assert first.offers.get().status == Offer.Status.CANCELLED
    assert second.status == Application.Status.OFFERED and group.offered_count == 1


def test_staff_accepts_respect_the_place_an_offer_holds(full_group, methodist):
    group, enrolled, first, _second = full_group
    newcomer = ApplicationFactory(group=group)
    services.application_withdraw(application=enrolled)
    with pytest.raises(ValidationError, match="предложены листу ожидания"):
        services.application_accept(application=newcomer, by=methodist)
    # the parent said yes by phone: staff enrol the offered application into its held place
    services.application_accept(application=first, by=methodist)
    refreshed(group, first, newcomer)
    assert first.status == Application.Status.ACCEPTED
    assert first.offers.get().status == Offer.Status.ACCEPTED
    assert newcomer.status == Application.Status.NEW
    assert (group.enrolled_count, group.offered_count) == (1, 0)


def test_the_parent_leaves_the_waiting_list_and_the_line_closes_up(full_group, events):
    group, _enrolled, first, second = full_group
    services.leave_waiting_list(first)
    refreshed(first, second)
    assert first.status == Application.Status.WITHDRAWN
    assert second.place_in_line() == 1
    assert (first.pk, Event.WITHDRAWN, {}) in events
    with pytest.raises(ValidationError, match="не в листе ожидания"):
        services.leave_waiting_list(first)
    assert Group.objects.get(pk=group.pk).offered_count == 0


def test_staff_move_an_application_in_the_line_with_a_reason_kept_in_the_history(full_group, methodist):
    _group, _enrolled, first, second = full_group
    with pytest.raises(ValidationError) as error:
        services.move_in_line(second, before=first, reason="  ", by=methodist)
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.move_in_line(second, before=first, reason="x" * 101, by=methodist)
    services.move_in_line(second, before=first, reason="Многодетная семья: приоритет", by=methodist)
    refreshed(first, second)
    assert (second.place_in_line(), first.place_in_line()) == (1, 2)
    record = second.history.order_by("-history_date").first()
    assert record.history_change_reason == "Многодетная семья: приоритет"
    assert record.history_user == methodist
    services.move_in_line(second, before=None, reason="Вернули в конец", by=methodist)
    refreshed(first, second)
    assert (first.place_in_line(), second.place_in_line()) == (1, 2)


def test_moving_between_neighbours_with_no_time_between_them_keeps_everyone_else_in_order(home, methodist):
    group = GroupFactory(places=1, club__organisation=home)
    line = [waiting(group, 0) for _ in range(4)]
    same = timezone.now() - datetime.timedelta(hours=1)
    Application.objects.filter(pk__in=[a.pk for a in line]).update(queued_at=same)
    mover = line[3]
    services.move_in_line(mover, before=line[2], reason="Ошибка при вводе", by=methodist)
    order = list(Application.objects.in_line(group.pk).values_list("pk", flat=True))
    assert order == [line[0].pk, line[1].pk, mover.pk, line[2].pk]


def test_only_staff_who_work_applications_move_the_line(full_group, teacher):
    _group, _enrolled, first, second = full_group
    with pytest.raises(PermissionDenied):
        services.move_in_line(second, before=first, reason="Так надо", by=teacher)


def test_more_places_offer_themselves_to_the_line(full_group):
    group, _enrolled, first, _second = full_group
    Group.objects.filter(pk=group.pk).update(places=2)
    services.offer_freed_places(group)
    first.refresh_from_db()
    assert first.status == Application.Status.OFFERED


def test_each_offer_schedules_its_reminder_and_deadline_and_the_tasks_act_once(full_group, settings, events):
    settings.WAITLIST_REMINDER_HOURS = 12
    group, enrolled, first, second = full_group
    services.application_withdraw(application=enrolled)
    offer = Offer.objects.open().get(application=first)
    runs = {
        row.task_path.rsplit(".", 1)[-1]: row.run_after
        for row in DBTaskResult.objects.filter(args_kwargs__kwargs__offer_id=offer.pk)
    }
    assert runs == {"offer_deadline": offer.expires_at, "offer_reminder": offer.remind_at}
    # too early: the deadline task puts itself off, the reminder does nothing yet
    assert offer_deadline.call(offer_id=offer.pk) is False
    assert offer_reminder.call(offer_id=offer.pk) is False
    assert DBTaskResult.objects.filter(args_kwargs__kwargs__offer_id=offer.pk).count() == 3
    now = timezone.now()
    Offer.objects.filter(pk=offer.pk).update(
        offered_at=now - datetime.timedelta(hours=40), expires_at=now + datetime.timedelta(hours=1)
    )
    assert offer_reminder.call(offer_id=offer.pk) is True
    assert offer_reminder.call(offer_id=offer.pk) is False  # once
    assert [e for pk, e, _ in events if pk == first.pk].count(Event.OFFER_EXPIRING) == 1
    Offer.objects.filter(pk=offer.pk).update(expires_at=now - datetime.timedelta(seconds=1))
    assert offer_deadline.call(offer_id=offer.pk) is True
    assert offer_deadline.call(offer_id=offer.pk) is False
    refreshed(first, second)
    assert (first.status, second.status) == (Application.Status.WITHDRAWN, Application.Status.OFFERED)


def test_a_freeing_that_rolls_back_offers_nothing(full_group):
    group, enrolled, first, _second = full_group
    tasks_before = DBTaskResult.objects.count()
    with pytest.raises(RuntimeError), waitlist.transaction.atomic():
        services.application_withdraw(application=enrolled)
        raise RuntimeError
    refreshed(group, first)
    assert first.status == Application.Status.WAITING
    assert not Offer.objects.exists()
    assert DBTaskResult.objects.count() == tasks_before  # no deadline, reminder or message queued
    assert (group.enrolled_count, group.offered_count) == (1, 0)


def test_more_places_saved_on_the_group_page_are_offered_to_the_line(methodist_client, full_group):
    group, _enrolled, first, second = full_group
    data = group_data(
        club=group.club,
        program=group.program,
        year=group.academic_year,
        teacher=group.teacher,
        venue=group.venue,
        room=group.room,
        name=group.name,
        age_min="7",
        age_max="17",
        places="2",
    )
    response = methodist_client.post(reverse("programs:staff_group_edit", args=[group.pk]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    refreshed(group, first, second)
    assert group.places == 2
    assert (first.status, second.status) == (Application.Status.OFFERED, Application.Status.WAITING)
    assert (group.enrolled_count, group.offered_count) == (1, 1)


def test_the_sweep_sends_a_due_reminder_once_and_none_to_an_offer_shorter_than_its_lead(
    full_group, events, settings
):
    settings.WAITLIST_REMINDER_HOURS = 12
    group, _enrolled, first, second = full_group
    Group.objects.filter(pk=group.pk).update(places=3)
    services.offer_freed_places(group)
    now = timezone.now()
    # first: a 48-hour offer with 6 hours left; second: a 5-hour offer with 2 hours left
    Offer.objects.filter(application=first).update(
        offered_at=now - datetime.timedelta(hours=42), expires_at=now + datetime.timedelta(hours=6)
    )
    Offer.objects.filter(application=second).update(
        offered_at=now - datetime.timedelta(hours=3), expires_at=now + datetime.timedelta(hours=2)
    )
    assert services.expire_offers() == 0
    assert services.expire_offers() == 0
    reminded = [pk for pk, event, _context in events if event == Event.OFFER_EXPIRING]
    assert reminded == [first.pk]
    assert Offer.objects.get(application=first).reminded_at is not None


def test_submitting_waitlisting_and_rejecting_tell_the_parent_with_the_place_and_the_reason(
    full_group, events, methodist
):
    group, _enrolled, _first, _second = full_group
    group.refresh_from_db()
    late = services.application_submit(group=group, data=application_data(5))
    assert late.status == Application.Status.WAITING
    assert (late.pk, Event.SUBMITTED, {"place": 3}) in events
    undecided = ApplicationFactory(group=group)
    services.application_waitlist(application=undecided, by=methodist)
    assert (undecided.pk, Event.WAITING, {"place": 4}) in events
    other = ApplicationFactory(group=group)
    services.application_reject(application=other, by=methodist, reason="Возраст не подходит")
    assert (other.pk, Event.REJECTED, {"reason": "Возраст не подходит"}) in events


def test_the_expire_offers_command_is_the_sweep(full_group, capsys):
    group, enrolled, first, _second = full_group
    services.application_withdraw(application=enrolled)
    Offer.objects.filter(application=first).update(
        offered_at=timezone.now() - datetime.timedelta(hours=49),
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    call_command("expire_offers")
    call_command("expire_offers")
    assert capsys.readouterr().out.splitlines() == ["Offers lapsed: 1", "Offers lapsed: 0"]
