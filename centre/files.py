"""Uploaded files follow their records.

- Replacing or deleting an upload removes the old file (django-cleanup, after the transaction
  commits): a replaced diploma scan or project file does not stay on disk, outside erasure and
  inside every backup. ``CleanupConfig`` is django-cleanup's own app config, except that the
  change-history copies of a model (django-simple-history) are left out: a history row names
  a file its live record may still use, and deleting old history must not delete that file.
- ``orphaned_files()`` lists the files under ``MEDIA_ROOT`` and ``PRIVATE_MEDIA_ROOT`` that no
  record names (``manage.py orphaned_files``, which can also delete them).
"""

import time
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django_cleanup import cleanup
from django_cleanup.apps import CleanupConfig as DjangoCleanupConfig
from simple_history.models import HistoricalChanges


def is_history_model(model) -> bool:
    return issubclass(model, HistoricalChanges)


class CleanupConfig(DjangoCleanupConfig):
    default = False

    def ready(self):
        for model in apps.get_models():
            if is_history_model(model):
                cleanup.ignore(model)
        super().ready()


def file_fields():
    """(model, field) for every file or image field of a live (not history) model."""
    for model in apps.get_models():
        if is_history_model(model) or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                yield model, field


def referenced_paths() -> set[Path]:
    """The absolute path of every file a record names."""
    paths = set()
    for model, field in file_fields():
        names = (
            model._default_manager.exclude(**{field.attname: ""})
            .exclude(**{f"{field.attname}__isnull": True})
            .values_list(field.attname, flat=True)
            .iterator(chunk_size=2000)
        )
        for name in names:
            try:
                paths.add(Path(field.storage.path(name)).resolve())
            except NotImplementedError:  # a remote storage: nothing of it lies in the folders
                break
    return paths


def upload_roots() -> list[Path]:
    roots = [Path(settings.MEDIA_ROOT), Path(settings.PRIVATE_MEDIA_ROOT)]
    return [root.resolve() for root in roots]


@dataclass(frozen=True)
class Orphan:
    path: Path
    size: int


def orphaned_files(*, min_age_seconds: int = 3600) -> list[Orphan]:
    """Files under the upload folders that no record names, older than ``min_age_seconds``
    (a file is written before its record commits: a young one may be an upload in progress).
    Dot files (``.gitkeep``) are not uploads and are left out."""
    referenced = referenced_paths()
    newest = time.time() - min_age_seconds
    found = []
    for root in upload_roots():
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            if not path.is_file() or path.name.startswith("."):
                continue
            stat = path.stat()
            if stat.st_mtime > newest:
                continue
            if path.resolve() not in referenced:
                found.append(Orphan(path=path, size=stat.st_size))
    return found
