"""Keeping a year's figures fresh: a refresh is queued for the task worker (never two
waiting for one year) by the page's Refresh button, and by the page itself when none is
done yet or the last done refresh is older than ``settings.STATISTICS_MAX_AGE_MINUTES``;
the page says how old its figures are and whether a refresh is on its way. A refresh
waiting longer than centre.progress.STALLED_AFTER is said to have stalled (the worker may
not be running); the Refresh button queues another in its place, the page does not."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from centre.locks import advisory_lock
from centre.progress import STALLED_AFTER
from programs.models import StatisticsRefresh
from programs.statistics.figures import last_done
from programs.statistics.tasks import refresh_statistics

Status = StatisticsRefresh.Status
WAITING = (Status.QUEUED, Status.RUNNING)


def max_age() -> datetime.timedelta:
    return datetime.timedelta(minutes=getattr(settings, "STATISTICS_MAX_AGE_MINUTES", 60))


def queue_lock_key(academic_year_id: int) -> str:
    return f"statistics-queue:{academic_year_id}"


def waiting(academic_year) -> StatisticsRefresh | None:
    """The year's latest refresh queued or running, if any."""
    return (
        StatisticsRefresh.objects.filter(academic_year=academic_year, status__in=WAITING)
        .order_by("-queued_at", "-pk")
        .first()
    )


def stalled(run: StatisticsRefresh) -> bool:
    """Waiting longer than any refresh takes: the worker may have died with it."""
    return run.queued_at < timezone.now() - STALLED_AFTER


def queue_refresh(academic_year) -> StatisticsRefresh:
    """The year's waiting refresh, or a new one queued for the worker in place of none or of
    one that stalled (the Refresh button; the page queues only when none waits)."""
    with transaction.atomic():
        advisory_lock(queue_lock_key(academic_year.pk))
        run = waiting(academic_year)
        if run is None or stalled(run):
            run = StatisticsRefresh.objects.create(academic_year=academic_year, status=Status.QUEUED)
            # the database backend's row, in this transaction: no refresh without its task
            refresh_statistics.enqueue(run.pk)
        return run


@dataclass(frozen=True)
class Freshness:
    """What the page says about its figures."""

    done: StatisticsRefresh | None  # the refresh the figures come from
    waiting: StatisticsRefresh | None  # one queued or running now
    failed: StatisticsRefresh | None  # the latest refresh, when it failed

    @property
    def running(self) -> bool:
        """A worker computes the figures now (else the waiting one is queued)."""
        return self.waiting is not None and self.waiting.status == StatisticsRefresh.Status.RUNNING

    @property
    def as_of(self):
        return self.done.started_at if self.done else None


def freshness(academic_year, *, queue_when_old: bool = True) -> Freshness:
    """The year's refreshes as the page tells them; a refresh is queued first when none is
    done yet or the last is older than the maximum age (``queue_when_old``)."""
    done = last_done(academic_year)
    run = waiting(academic_year)
    stale = done is None or done.started_at < timezone.now() - max_age()
    if queue_when_old and stale and run is None:
        run = queue_refresh(academic_year)
    latest = (
        StatisticsRefresh.objects.filter(academic_year=academic_year).order_by("-queued_at", "-pk").first()
    )
    failed = latest if latest is not None and latest.status == Status.FAILED else None
    return Freshness(done=done, waiting=run, failed=failed)
