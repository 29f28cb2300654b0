"""The worker's side of the statistics (django-tasks, the default queue `make run`'s worker
serves): a queued refresh is computed outside the request."""

from django.utils import timezone
from django_tasks import task

from programs.models import StatisticsRefresh
from programs.statistics.compute import refresh

Status = StatisticsRefresh.Status


@task()
def refresh_statistics(refresh_id: int) -> str:
    """Compute the queued refresh's year; "skipped" when it is no longer queued (taken by
    another worker, or gone with its year)."""
    claimed = StatisticsRefresh.objects.filter(pk=refresh_id, status=Status.QUEUED).update(
        status=Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return "skipped"
    run = StatisticsRefresh.objects.select_related("academic_year").get(pk=refresh_id)
    return refresh(run.academic_year, run=run).status
