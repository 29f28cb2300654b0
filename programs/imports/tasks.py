"""The worker's side of an import (django-tasks): a file is checked, and once the methodist
confirms it, imported, outside the request; the batch's page refreshes itself meanwhile."""

from django_tasks import task

from programs.imports.runs import check_batch, run_batch


@task()
def check_import(batch_id: int, language: str | None = None) -> str:
    batch = check_batch(batch_id, language=language)
    return batch.status if batch else "skipped"


@task()
def run_import(batch_id: int, started_by_id: int | None = None, language: str | None = None) -> str:
    batch = run_batch(batch_id, started_by_id, language=language)
    return batch.status if batch else "skipped"
