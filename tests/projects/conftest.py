import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.projects.helpers import image_bytes


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads and private files go to a temporary directory, never to var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return tmp_path


@pytest.fixture
def png_upload():
    def make(name="photo.png", **kwargs):
        return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/png")

    return make
