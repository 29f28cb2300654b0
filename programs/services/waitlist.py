"""The waiting list that moves: a freed place is offered to the first in line (queued_at, pk)
with a deadline; the parent accepts or declines by the private link; a lapsed or declined
offer passes the place on. The parent's withdrawal is here too: it frees a place.

Every write is one transaction that locks the group row first, then the application, then
the offer: the order enrolment takes (services.enrolment), so offers, accepts, withdrawals
and staff accepts on one group queue up, and the database's check (enrolled + offered <=
places) is the last line no race crosses. Offers are made inside the caller's transaction
(a savepoint), so nothing is offered for a place whose freeing rolls back. The deadline and
the reminder of each offer are tasks (programs.tasks) scheduled when the offer is made."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from centre.roles import Action, can
from programs.models import Application, Enrolment, Group, Offer
from programs.notifications import Event, notify_applicant
from programs.services.applications import already_decided
from programs.services.enrolment import AcceptChoice, end_enrolment, enrol

# the longest reason simple_history keeps (history_change_reason)
REASON_MAX_LENGTH = 100


def _locked_group(group_id: int) -> Group:
    return Group.objects.select_for_update(of=("self",)).select_related("club").get(pk=group_id)


def offer_freed_places(group: Group | int) -> list[Offer]:
    """Offer each free place of ``group`` to the next application in its waiting list; the
    offers made (none when no place is free or nobody waits). Call it after anything that
    frees a place (a withdrawal, a child leaving, more places, a lapsed or declined offer),
    inside or outside the caller's transaction."""
    group_id = group if isinstance(group, int) else group.pk
    with transaction.atomic():
        group = _locked_group(group_id)
        free = group.free_places
        if free <= 0:
            return []
        line = list(Application.objects.in_line(group_id).select_for_update()[:free])
        if not line:
            return []
        now = timezone.now()
        offers = []
        for application in line:
            offer = Offer.objects.create(
                application=application, group=group, offered_at=now, expires_at=Offer.deadline_from(now)
            )
            application.status = Application.Status.OFFERED
            application.save(update_fields=["status"])
            notify_applicant(application, Event.OFFERED, offer=offer)
            offers.append(offer)
        Group.objects.filter(pk=group_id).update(offered_count=F("offered_count") + len(offers))
        return offers


def _the_offer(offer: Offer | Application) -> Offer:
    """The open offer meant: given, or the application's latest (its open one, if any)."""
    if isinstance(offer, Offer):
        return offer
    found = offer.offers.order_by("-offered_at", "-pk").first()
    if found is None:
        raise ValidationError(_("No place has been offered to this application."))
    return found


def _lock_offer(offer: Offer) -> tuple[Group, Application, Offer]:
    group = _locked_group(offer.group_id)
    application = Application.objects.select_for_update().get(pk=offer.application_id)
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    return group, application, offer


def _not_open(offer: Offer) -> ValidationError:
    return ValidationError(
        _("This offer of a place is no longer open: it is %(status)s.")
        % {"status": offer.get_status_display()}
    )


def _close(offer: Offer, status: str, now: datetime.datetime) -> None:
    """The offer answered or lapsed: its place is no longer held (the caller has the locks)."""
    offer.status = status
    offer.answered_at = now
    offer.save(update_fields=["status", "answered_at"])
    Group.objects.filter(pk=offer.group_id).update(offered_count=F("offered_count") - 1)


@transaction.atomic
def offer_accept(offer: Offer | Application) -> Enrolment:
    """The parent takes the offered place before the deadline: the child is enrolled. A name
    and a date of birth do not prove who the parent is, so when the organisation already knows
    a child of that identity linked to another parent, the parent's yes makes a new record
    (staff link it after checking documents), as staff's "new record" choice does."""
    group, application, offer = _lock_offer(_the_offer(offer))
    if offer.status != Offer.Status.OPEN:
        raise _not_open(offer)
    now = timezone.now()
    if offer.expires_at <= now:
        raise ValidationError(
            _("The time to answer this offer has passed: the place goes to the next in line.")
        )
    offer.status = Offer.Status.ACCEPTED
    offer.answered_at = now
    offer.save(update_fields=["status", "answered_at"])
    return enrol(application, group, by=None, choice=AcceptChoice.NEW, held=True)


@transaction.atomic
def offer_decline(offer: Offer | Application) -> Offer:
    """The parent turns the place down: the application leaves the line (withdrawn) and the
    place goes to the next in line."""
    group, application, offer = _lock_offer(_the_offer(offer))
    if offer.status != Offer.Status.OPEN:
        raise _not_open(offer)
    _close(offer, Offer.Status.DECLINED, timezone.now())
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status"])
    notify_applicant(application, Event.WITHDRAWN)
    offer_freed_places(group.pk)
    return offer


@transaction.atomic
def lapse_offer(offer_id: int, now: datetime.datetime | None = None) -> bool:
    """Lapse the offer if it is still open and past its deadline: the application leaves the
    line and the place goes on. Whether it lapsed (False: answered, or not due yet)."""
    now = now or timezone.now()
    offer = Offer.objects.filter(pk=offer_id).first()
    if offer is None:
        return False
    group, application, offer = _lock_offer(offer)
    if offer.status != Offer.Status.OPEN or offer.expires_at > now:
        return False
    _close(offer, Offer.Status.LAPSED, now)
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status"])
    notify_applicant(application, Event.OFFER_LAPSED, offer=offer)
    offer_freed_places(group.pk)
    return True


@transaction.atomic
def remind_offer(offer_id: int, now: datetime.datetime | None = None) -> bool:
    """Remind the parent of an open offer once, when its reminder time has come; whether the
    reminder went now."""
    now = now or timezone.now()
    offer = Offer.objects.select_for_update().filter(pk=offer_id).select_related("application").first()
    if offer is None or offer.status != Offer.Status.OPEN or offer.reminded_at is not None:
        return False
    if not (offer.offered_at < offer.remind_at <= now < offer.expires_at):
        return False
    offer.reminded_at = now
    offer.save(update_fields=["reminded_at"])
    notify_applicant(offer.application, Event.OFFER_EXPIRING, offer=offer)
    return True


def expire_offers(now: datetime.datetime | None = None) -> int:
    """Lapse every open offer past its deadline (the place goes on) and send due reminders;
    how many lapsed. Idempotent: the safety net behind the deadline tasks. Each offer is its
    own transaction, so one failure leaves the others done."""
    now = now or timezone.now()
    for offer_id in list(Offer.objects.reminder_due(now).values_list("pk", flat=True)):
        remind_offer(offer_id, now)
    lapsed = 0
    for offer_id in list(
        Offer.objects.lapsed_by(now).order_by("expires_at", "pk").values_list("pk", flat=True)
    ):
        lapsed += lapse_offer(offer_id, now)
    return lapsed


@transaction.atomic
def application_withdraw(*, application: Application) -> Application:
    """The parent takes the application back. An enrolled child leaves the group, an open
    offer is cancelled; either way the place goes to the next in line."""
    group = _locked_group(application.group_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.is_live:
        raise already_decided(application)
    freed = False
    if application.status == Application.Status.ACCEPTED:
        for enrolment in Enrolment.objects.active().select_for_update().filter(application=application):
            end_enrolment(enrolment)
            freed = True
    elif application.status == Application.Status.OFFERED:
        for offer in Offer.objects.open().select_for_update().filter(application=application):
            _close(offer, Offer.Status.CANCELLED, timezone.now())
            freed = True
    application.status = Application.Status.WITHDRAWN
    application.save(update_fields=["status"])
    notify_applicant(application, Event.WITHDRAWN)
    if freed:
        offer_freed_places(group.pk)
    return application


@transaction.atomic
def leave_waiting_list(application: Application) -> Application:
    """The parent takes a waiting application back (the line closes up behind it)."""
    _locked_group(application.group_id)
    application = Application.objects.select_for_update().get(pk=application.pk)
    if not application.can_leave_waiting_list():
        raise ValidationError(_("The application is not on the waiting list."))
    return application_withdraw(application=application)


def move_in_line(application: Application, *, before: Application | None, reason: str, by) -> Application:
    """Staff move a waiting application just before ``before`` (None: to the end of the
    line), giving the reason, which the history keeps with the change and its author."""
    if not can(by, Action.WORK_APPLICATIONS):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the application moves in the line.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            {"reason": _("Keep the reason within %(count)s characters.") % {"count": REASON_MAX_LENGTH}}
        )
    with transaction.atomic():
        _locked_group(application.group_id)
        application = Application.objects.select_for_update().get(pk=application.pk)
        if not application.can_be_moved_in_line():
            raise ValidationError(_("Only an application on the waiting list can move in the line."))
        line = list(Application.objects.in_line(application.group_id).exclude(pk=application.pk))
        if before is not None and before.pk not in {other.pk for other in line}:
            raise ValidationError(_("That application is no longer on this waiting list."))
        application.queued_at = _slot_before(line, before)
        application._change_reason = reason
        application._history_user = by
        application.save(update_fields=["queued_at"])
        return application


def _slot_before(line: list[Application], before: Application | None) -> datetime.datetime:
    """A queued_at that sorts just before ``before`` in ``line`` (the rest of the line, in
    order), or after the last one. When two neighbours leave no microsecond between them, the
    rest of the line from ``before`` on moves back by a millisecond each to make room."""
    step = datetime.timedelta(milliseconds=1)
    if not line:
        return timezone.now()
    if before is None:
        return line[-1].queued_at + step
    index = next(i for i, other in enumerate(line) if other.pk == before.pk)
    after = line[index].queued_at
    if index == 0:
        return after - step
    previous = line[index - 1].queued_at
    if after - previous >= datetime.timedelta(microseconds=2):
        return previous + (after - previous) / 2
    for position, other in enumerate(line[index:], start=1):
        # not a move in the line (their order is kept): no history row of their own
        Application.objects.filter(pk=other.pk).update(queued_at=other.queued_at + step * 2 * position)
    return previous + step
