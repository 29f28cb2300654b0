"""The worker's side of a package import (django-tasks): an uploaded package is checked,
and once the methodist confirms it, imported, outside the request; its page refreshes
itself meanwhile."""

from django_tasks import task

from programs.exchange.importing_runs import check_package_import, run_package_import


@task()
def check_package(package_import_id: int, language: str | None = None) -> str:
    done = check_package_import(package_import_id, language=language)
    return done.status if done else "skipped"


@task()
def run_package(package_import_id: int, started_by_id: int | None = None, language: str | None = None) -> str:
    done = run_package_import(package_import_id, started_by_id, language=language)
    return done.status if done else "skipped"
