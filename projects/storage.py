"""Where project photos, files and diploma scans are kept: outside MEDIA_ROOT.

Nothing here is reachable by a guessed /media/ address. Photos are served by a view that asks
whether the project is public (or the user may edit it); files and diploma scans, which carry
children's full names, only to staff who may edit the project.
"""

from pathlib import Path

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property


@deconstructible
class PrivateStorage(FileSystemStorage):
    """A file system storage beside MEDIA_ROOT (``<MEDIA_ROOT>/../private``), or
    ``settings.PRIVATE_MEDIA_ROOT`` when set. It follows setting changes in tests."""

    def __init__(self):
        super().__init__(base_url=None)

    @cached_property
    def base_location(self):
        configured = getattr(settings, "PRIVATE_MEDIA_ROOT", None)
        return str(configured or Path(settings.MEDIA_ROOT).parent / "private")

    @cached_property
    def location(self):
        return str(Path(self.base_location).resolve())

    def url(self, name):  # pragma: no cover - never exposed
        raise ValueError("private files have no public URL")


private_storage = PrivateStorage()


def get_private_storage():
    return private_storage
