"""Club photos: Pillow decodes every upload; non-images and decompression bombs are refused;
the stored photo is a clean JPEG and the thumbnail is at most 400 px."""

import io
import os
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from programs import images
from programs.models import ClubPhoto
from tests.programs.factories import ClubFactory

pytestmark = pytest.mark.django_db


def picture(fmt="JPEG", size=(1200, 800), mode="RGB", color=(200, 30, 30), **save):
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def png_claiming(width, height):
    """A tiny, well-formed PNG header that claims a huge canvas: a decompression bomb."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def error_code(content, **kwargs):
    with pytest.raises(ValidationError) as caught:
        images.decode_upload(upload(content, **kwargs))
    return caught.value.code


# --- decoding ------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_real_pictures_decode(fmt):
    image = images.decode_upload(upload(picture(fmt, mode="RGB")))
    assert image.size == (1200, 800)


def test_a_gif_is_refused_as_the_message_says():
    # the message names JPEG, PNG and WebP: a GIF is not among them
    assert error_code(picture("GIF", mode="RGB"), name="x.gif") == "invalid_image"


def test_a_text_file_named_jpg_is_refused():
    assert error_code(b"This is not a photo, just text.\n" * 10) == "invalid_image"


def test_an_html_file_posing_as_an_image_is_refused():
    assert error_code(b"<html><script>alert(1)</script></html>", name="x.png", content_type="image/png") == (
        "invalid_image"
    )


def test_a_huge_dimension_png_is_refused_before_decoding():
    content = png_claiming(100_000, 100_000)
    assert len(content) < 200
    assert error_code(content, name="bomb.png") == "too_many_pixels"


def test_a_picture_just_over_the_pixel_limit_is_refused():
    # within Pillow's own limit, above ours: still refused, by dimensions alone
    assert error_code(png_claiming(8_000, 5_001), name="big.png") == "too_many_pixels"


def test_a_truncated_jpeg_is_refused():
    content = picture("JPEG")
    assert error_code(content[: len(content) // 2]) == "invalid_image"


def test_an_unlisted_format_is_refused():
    assert error_code(picture("BMP"), name="x.bmp") == "invalid_image"


def test_an_oversized_file_is_refused_without_reading_it(monkeypatch):
    monkeypatch.setattr(images, "MAX_UPLOAD_BYTES", 1000)
    assert error_code(picture("PNG")) == "too_large"


def test_errors_are_translatable_messages():
    with pytest.raises(ValidationError) as caught:
        images.decode_upload(upload(b"nonsense"))
    assert caught.value.messages and "JPEG" in caught.value.messages[0]


# --- re-encoding and the thumbnail ---------------------------------------------------------


def test_a_photo_is_stored_as_a_clean_jpeg_with_a_400px_thumbnail():
    club = ClubFactory(slug="robo")
    exif = Image.Exif()
    exif[0x010F] = "Secret camera maker"  # Make
    source = picture("JPEG", size=(3000, 2000), exif=exif.tobytes())
    photo = images.club_photo_add(
        club=club, image=images.decode_upload(upload(source)), caption="Соревнования"
    )
    stored = Image.open(photo.image.path)
    thumb = Image.open(photo.thumbnail.path)
    assert (stored.format, thumb.format) == ("JPEG", "JPEG")
    assert max(stored.size) == images.MAX_SIDE
    assert thumb.size == (400, 267)
    assert not stored.getexif()
    assert photo.image.name.startswith("clubs/robo-") and photo.thumbnail.name.startswith(
        "clubs/thumbs/robo-"
    )
    assert (photo.caption, photo.position) == ("Соревнования", 1)


def test_a_transparent_png_gets_a_white_background():
    club = ClubFactory()
    source = picture("PNG", size=(100, 50), mode="RGBA", color=(0, 0, 0, 0))
    photo = images.club_photo_add(club=club, image=images.decode_upload(upload(source, name="t.png")))
    thumb = Image.open(photo.thumbnail.path).convert("RGB")
    assert thumb.size == (100, 50)  # never enlarged
    assert thumb.getpixel((50, 25)) == (255, 255, 255)


def test_a_sideways_phone_photo_is_turned_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to view
    source = picture("JPEG", size=(600, 300), exif=exif.tobytes())
    photo_bytes, thumb_bytes = images.photo_and_thumbnail(images.decode_upload(upload(source)))
    assert Image.open(io.BytesIO(photo_bytes)).size == (300, 600)
    assert Image.open(io.BytesIO(thumb_bytes)).size == (200, 400)


def test_photos_are_numbered_in_order():
    club = ClubFactory()
    first = images.club_photo_add(club=club, image=images.decode_upload(upload(picture())))
    second = images.club_photo_add(club=club, image=images.decode_upload(upload(picture())))
    assert (first.position, second.position) == (1, 2)


# --- through the club page -----------------------------------------------------------------


@pytest.mark.parametrize(
    "role_client, expected, stored",
    [
        ("anonymous", 302, 0),
        ("parent", 403, 0),
        ("teacher", 403, 0),
        ("methodist", 302, 1),
        ("director", 403, 0),
    ],
    indirect=["role_client"],
)
def test_only_a_methodist_uploads_photos(role_client, expected, stored):
    club = ClubFactory()
    response = role_client.post(
        reverse("programs:staff_club_photo_upload", args=[club.pk]),
        {"image": upload(picture()), "caption": ""},
    )
    assert response.status_code == expected
    assert ClubPhoto.objects.filter(club=club).count() == stored


def test_methodist_uploads_a_photo_and_sees_its_thumbnail(methodist_client):
    club = ClubFactory()
    response = methodist_client.post(
        reverse("programs:staff_club_photo_upload", args=[club.pk]),
        {
            "image": upload(picture("PNG"), name="robots.png", content_type="image/png"),
            "caption": "Наши роботы",
        },
        follow=True,
    )
    photo = ClubPhoto.objects.get(club=club)
    assert photo.thumbnail.name.endswith(".jpg")
    html = response.content.decode()
    assert photo.thumbnail.url in html
    assert 'alt="Наши роботы"' in html


@pytest.mark.parametrize(
    "content, name",
    [
        (b"GIF89a but really just text", "fake.jpg"),
        (b"plain text " * 50, "notes.jpg"),
        (png_claiming(60_000, 60_000), "bomb.png"),
        (b"", "empty.jpg"),
    ],
)
def test_bad_uploads_are_refused_on_the_page_and_nothing_is_stored(
    methodist_client, media_in_tmp, content, name
):
    club = ClubFactory()
    response = methodist_client.post(
        reverse("programs:staff_club_photo_upload", args=[club.pk]), {"image": upload(content, name=name)}
    )
    assert response.status_code == 200
    assert response.context["photo_form"].errors["image"]
    assert not ClubPhoto.objects.exists()
    assert not [path for path in media_in_tmp.rglob("*") if path.is_file()]


def test_a_missing_file_is_explained_in_russian(methodist_client):
    club = ClubFactory()
    response = methodist_client.post(
        reverse("programs:staff_club_photo_upload", args=[club.pk]), {"caption": "x"}
    )
    assert "Обязательное поле." in response.content.decode()
    assert not ClubPhoto.objects.exists()


def test_methodist_removes_a_photo_and_its_files(methodist_client, django_capture_on_commit_callbacks):
    club = ClubFactory()
    photo = images.club_photo_add(club=club, image=images.decode_upload(upload(picture())))
    paths = [photo.image.path, photo.thumbnail.path]
    with django_capture_on_commit_callbacks(execute=True):
        response = methodist_client.post(
            reverse("programs:staff_club_photo_delete", args=[club.pk, photo.pk])
        )
    assert response.status_code == 302
    assert not ClubPhoto.objects.exists()
    assert not [path for path in paths if os.path.exists(path)]


def test_a_photo_of_another_club_is_not_removed(methodist_client):
    photo = images.club_photo_add(club=ClubFactory(), image=images.decode_upload(upload(picture())))
    other = ClubFactory()
    response = methodist_client.post(reverse("programs:staff_club_photo_delete", args=[other.pk, photo.pk]))
    assert response.status_code == 404
    assert ClubPhoto.objects.count() == 1


def test_club_page_queries_do_not_grow_with_photos(methodist_client, django_assert_max_num_queries):
    club = ClubFactory()
    images.club_photo_add(club=club, image=images.decode_upload(upload(picture(size=(50, 50)))))
    url = reverse("programs:staff_club_edit", args=[club.pk])
    with django_assert_max_num_queries(8) as few:
        methodist_client.get(url)
    for _ in range(5):
        images.club_photo_add(club=club, image=images.decode_upload(upload(picture(size=(50, 50)))))
    with django_assert_max_num_queries(len(few.captured_queries)):
        methodist_client.get(url)
