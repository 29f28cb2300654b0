import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.projects.helpers import image_bytes


@pytest.fixture
def png_upload():
    def make(name="photo.png", **kwargs):
        return SimpleUploadedFile(name, image_bytes(**kwargs), content_type="image/png")

    return make
