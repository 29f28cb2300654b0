"""The waiting list that moves: a freed place is offered to the first in line (queued_at, pk)
with a deadline; the parent accepts or declines by the private link; a lapsed or declined
offer passes the place on. Each write is one transaction that locks the group row first, the
same lock enrolment takes, so offers, accepts, withdrawals and staff accepts queue up and the
database's check (enrolled + offered <= places) is never the one that has to say no."""

import datetime

from programs.models import Application, Group, Offer


def offer_freed_places(group: Group | int) -> list[Offer]:
    """Offer each free place of ``group`` to the next application in its waiting list; the
    offers made (none when no place is free or nobody waits). Call it after anything that
    frees a place (a withdrawal, a child leaving, more places, a lapsed or declined offer),
    inside or outside the caller's transaction."""
    raise NotImplementedError


def offer_accept(offer: Offer | Application):
    """The parent takes the offered place: the child is enrolled (the Enrolment)."""
    raise NotImplementedError


def offer_decline(offer: Offer | Application) -> Offer:
    """The parent turns the place down: the application leaves the line, the place goes on."""
    raise NotImplementedError


def expire_offers(now: datetime.datetime | None = None) -> int:
    """Lapse every open offer past its deadline (the place goes on) and send due reminders;
    how many lapsed. Idempotent: the safety net behind the deadline tasks."""
    raise NotImplementedError


def leave_waiting_list(application: Application) -> Application:
    """The parent takes a waiting application back."""
    raise NotImplementedError


def move_in_line(application: Application, *, before: Application | None, reason: str, by) -> Application:
    """Staff move a waiting application just before ``before`` (None: to the end of the
    line), giving the reason, which the history keeps."""
    raise NotImplementedError
