"""centre.images, the one photo pipeline: what club photos and project photos share."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from centre.images import decode_image, jpeg_upload, jpegs
from programs.images import decode_upload, photo_and_thumbnail
from projects.uploads import reencode_photo


def picture(fmt="PNG", size=(200, 100), mode="RGB", color=(200, 30, 30), **save):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(content, name="photo.png"):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def transparent_png():
    return picture("PNG", mode="RGBA", color=(0, 0, 0, 0))


def with_gps():
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0131] = "Camera app 1.0"  # Software
    return picture("JPEG", exif=exif.tobytes())


def test_a_transparent_png_turns_white_on_both_paths():
    (club_photo, _thumbnail) = photo_and_thumbnail(decode_upload(upload(transparent_png())))
    project_photo = reencode_photo(upload(transparent_png()))
    for content in (club_photo, project_photo.read()):
        with Image.open(io.BytesIO(content)) as image:
            assert image.format == "JPEG"
            assert all(channel > 245 for channel in image.convert("RGB").getpixel((100, 50)))


@pytest.mark.parametrize("check", [decode_upload, reencode_photo], ids=["club", "project"])
def test_a_gif_is_refused_on_both_paths_as_the_message_says(check):
    with pytest.raises(ValidationError) as caught:
        check(upload(picture("GIF"), name="a.gif"))
    assert caught.value.code == "invalid_image"
    assert "GIF" not in caught.value.messages[0] and "WebP" in caught.value.messages[0]


def test_metadata_is_stripped():
    source = with_gps()
    with Image.open(io.BytesIO(source)) as original:
        assert original.getexif()
    (content,) = jpegs(decode_image(upload(source, "phone.jpg")), 100)
    with Image.open(io.BytesIO(content)) as image:
        assert not image.getexif()
        assert image.size == (100, 50)


def test_the_stored_file_has_a_random_name_and_the_asked_size():
    stored = jpeg_upload(decode_image(upload(picture(size=(3000, 1500)), "Иванов.png")), 1000)
    assert "Иванов" not in stored.name and stored.name.endswith(".jpg")
    with Image.open(stored) as image:
        assert image.size == (1000, 500)


def test_the_size_limit_is_the_callers():
    with pytest.raises(ValidationError) as caught:
        decode_image(upload(picture()), max_bytes=100)
    assert caught.value.code == "too_large"
