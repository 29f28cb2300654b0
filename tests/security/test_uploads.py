"""Crafted bad files against every upload path: club photos, project photos, project files and
diploma scans, innovation order and product PDFs. Nothing bad is stored; what is stored has a
random name and is served as what it is, never as HTML."""

import io
import re
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from centre.demo import ensure_academic_years
from innovation.models import Order
from innovation.validators import validate_pdf
from programs.images import decode_upload
from programs.models import ClubPhoto
from projects.models import ProjectFile, ProjectPhoto
from projects.uploads import DIPLOMA_EXTENSIONS, check_document, reencode_photo
from tests.innovation.factories import PDF_BYTES, PlatformFactory
from tests.programs.factories import ClubFactory
from tests.projects.factories import ProjectFactory

pytestmark = pytest.mark.django_db


def png(width=32, height=24, color="blue") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg(width=32, height=24) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "green").save(buffer, format="JPEG")
    return buffer.getvalue()


def bomb_png(side=20_000) -> bytes:
    """A valid PNG of side × side black pixels (400 megapixels) that is only a few hundred KB."""
    import struct

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)  # 1-bit greyscale
    row = b"\x00" + b"\x00" * (side // 8)
    raw = zlib.compress(row * side, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", raw) + chunk(b"IEND", b"")


TEXT_AS_JPG = ("photo.jpg", b"Just some text pretending to be a photo\n" * 20)
HTML_AS_PDF = ("order.pdf", b"<!doctype html><html><script>alert(document.cookie)</script></html>")
SVG_WITH_SCRIPT = (
    "drawing.png",
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><rect width="9" height="9"/></svg>',
)
HTML_AS_PNG = ("image.png", b"<html><body onload=alert(1)>hi</body></html>")
TRUNCATED_JPEG = ("cut.jpg", jpeg(400, 300)[:300])

BAD_IMAGES = [TEXT_AS_JPG, SVG_WITH_SCRIPT, HTML_AS_PNG, TRUNCATED_JPEG, ("bomb.png", None)]
BAD_IDS = ["text-named-jpg", "svg-with-script", "html-named-png", "truncated-jpeg", "decompression-bomb"]


def upload(name, content, content_type="application/octet-stream"):
    if content is None:
        content = bomb_png()
    return SimpleUploadedFile(name, content, content_type=content_type)


def test_the_bomb_is_small_on_disk_and_huge_in_memory():
    data = bomb_png()
    assert len(data) < 1_000_000
    import struct

    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk
    assert width * height == 400_000_000
    with pytest.raises(Image.DecompressionBombError):
        Image.open(io.BytesIO(data))  # Pillow's own guard; ours refuses far below it


# --- club photos (programs/images.py) ------------------------------------------------------


@pytest.mark.parametrize("name, content", BAD_IMAGES, ids=BAD_IDS)
def test_club_photos_refuse_crafted_files(name, content):
    with pytest.raises(ValidationError):
        decode_upload(upload(name, content))


def test_club_photos_refuse_an_oversize_file():
    with pytest.raises(ValidationError) as error:
        decode_upload(upload("big.jpg", b"\xff\xd8" + b"0" * (10 * 1024 * 1024 + 1)))
    assert error.value.code == "too_large"


@pytest.mark.parametrize("name, content", BAD_IMAGES, ids=BAD_IDS)
def test_the_club_photo_page_stores_nothing_bad(methodist_client, settings, tmp_path, name, content):
    settings.MEDIA_ROOT = tmp_path
    club = ClubFactory()
    url = reverse("programs:staff_club_photo_upload", kwargs={"pk": club.pk})
    response = methodist_client.post(url, {"image": upload(name, content), "caption": "x"})
    assert response.status_code == 200
    assert response.context["photo_form"].errors["image"]
    assert ClubPhoto.objects.count() == 0
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_good_club_photo_is_re_encoded_under_a_random_name(methodist_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    club = ClubFactory(slug="robots")
    url = reverse("programs:staff_club_photo_upload", kwargs={"pk": club.pk})
    response = methodist_client.post(url, {"image": upload("Иванов Петя 5Б.png", png()), "caption": ""})
    assert response.status_code == 302
    photo = ClubPhoto.objects.get()
    assert re.fullmatch(r"clubs/robots-[0-9a-f]{12}\.jpg", photo.image.name)
    assert "Иванов" not in photo.image.name
    assert photo.image.read()[:3] == b"\xff\xd8\xff"  # JPEG, whatever was sent


# --- project photos, files and diplomas (projects/uploads.py) -----------------------------


@pytest.mark.parametrize("name, content", BAD_IMAGES, ids=BAD_IDS)
def test_project_photos_refuse_crafted_files(name, content):
    with pytest.raises(ValidationError):
        reencode_photo(upload(name, content))


def test_project_photos_refuse_an_oversize_file():
    with pytest.raises(ValidationError) as error:
        reencode_photo(upload("big.jpg", b"\xff\xd8" + b"0" * (5 * 1024 * 1024 + 1)))
    assert error.value.code == "file_too_large"


def test_a_project_photo_is_re_encoded_as_jpeg_under_a_random_name():
    result = reencode_photo(upload("Сидорова Аня.png", png(3000, 1000)))
    assert re.fullmatch(r"[0-9a-f]{32}\.jpg", result.name)
    with Image.open(result) as image:
        assert image.format == "JPEG" and max(image.size) == 2000


BAD_DOCUMENTS = [
    HTML_AS_PDF,
    ("slides.pptx", b"<html><script>alert(1)</script></html>"),
    ("page.html", b"<html></html>"),
    ("drawing.svg", SVG_WITH_SCRIPT[1]),
    TEXT_AS_JPG,
    SVG_WITH_SCRIPT,
    ("bomb.png", None),
    ("empty.pdf", b""),
    ("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024)),
]
BAD_DOCUMENT_IDS = [
    "html-named-pdf",
    "html-named-pptx",
    "html",
    "svg",
    "text-named-jpg",
    "svg-named-png",
    "decompression-bomb",
    "empty",
    "oversize",
]


@pytest.mark.parametrize("name, content", BAD_DOCUMENTS, ids=BAD_DOCUMENT_IDS)
def test_project_files_refuse_crafted_files(name, content):
    with pytest.raises(ValidationError):
        check_document(upload(name, content))


@pytest.mark.parametrize("name, content", BAD_DOCUMENTS, ids=BAD_DOCUMENT_IDS)
def test_diploma_scans_refuse_crafted_files(name, content):
    with pytest.raises(ValidationError):
        check_document(upload(name, content), extensions=DIPLOMA_EXTENSIONS)


def test_good_documents_pass():
    check_document(upload("talk.pdf", b"%PDF-1.4 slides"))
    check_document(upload("talk.pptx", b"PK\x03\x04 zipped slides"))
    check_document(upload("scan.jpg", jpeg()), extensions=DIPLOMA_EXTENSIONS)


@pytest.fixture
def project(methodist):
    return ProjectFactory()


@pytest.mark.parametrize("name, content", BAD_IMAGES, ids=BAD_IDS)
def test_the_project_media_page_stores_no_bad_photo(
    methodist_client, project, settings, tmp_path, name, content
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    url = reverse("projects:project_media", kwargs={"pk": project.pk})
    response = methodist_client.post(url, {"kind": "photo", "photo-image": upload(name, content)})
    assert response.status_code == 200
    assert ProjectPhoto.objects.count() == 0
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


@pytest.mark.parametrize("name, content", BAD_DOCUMENTS[:4], ids=BAD_DOCUMENT_IDS[:4])
def test_the_project_media_page_stores_no_bad_file(
    methodist_client, project, settings, tmp_path, name, content
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    url = reverse("projects:project_media", kwargs={"pk": project.pk})
    data = {"kind": "file", "file-title": "Отчёт", "file-file": upload(name, content)}
    assert methodist_client.post(url, data).status_code == 200
    assert ProjectFile.objects.count() == 0


def test_a_project_file_is_stored_privately_under_a_random_name_and_sent_as_an_attachment(
    methodist_client, project, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    url = reverse("projects:project_media", kwargs={"pk": project.pk})
    data = {"kind": "file", "file-title": "Отчёт", "file-file": upload("Петров Иван.pdf", b"%PDF-1.4 x")}
    assert methodist_client.post(url, data).status_code == 302
    item = ProjectFile.objects.get()
    assert re.fullmatch(r"projects/files/[0-9a-f]{32}\.pdf", item.file.name)
    assert str(tmp_path) in item.file.path  # outside MEDIA_ROOT
    response = methodist_client.get(
        reverse("projects:file_download", kwargs={"pk": project.pk, "file_pk": item.pk})
    )
    assert response["Content-Disposition"].startswith("attachment")
    assert "html" not in response["Content-Type"]
    assert response["X-Content-Type-Options"] == "nosniff"


# --- innovation PDFs (innovation/validators.py) --------------------------------------------

BAD_PDFS = [
    HTML_AS_PDF,
    ("order.pdf", b"%PDF-1.4 but cut short before the end"),
    ("order.pdf", SVG_WITH_SCRIPT[1]),
    ("order.pdf", jpeg()),
    ("order.pdf", b""),
    ("order.pdf", PDF_BYTES + b"0" * (10 * 1024 * 1024)),
]
BAD_PDF_IDS = ["html", "truncated", "svg", "jpeg", "empty", "oversize"]


@pytest.mark.parametrize("name, content", BAD_PDFS, ids=BAD_PDF_IDS)
def test_order_scans_refuse_crafted_files(name, content):
    with pytest.raises(ValidationError):
        validate_pdf(upload(name, content))


@pytest.fixture
def years(db):
    """Academic years from 2013/2014 to the current one, keyed by label; "current" too."""
    return ensure_academic_years(first=2013)


@pytest.fixture
def current(years):
    return years["current"]


@pytest.fixture
def platform(years, current):
    first = current.first_calendar_year
    return PlatformFactory(first_year=years[f"{first - 1}/{first}"])


def order_data(current, file):
    import datetime

    from django.utils import timezone

    return {
        "academic_year": current.label,
        "kind": Order.Kind.DIRECTIVE,
        "issuer": "Департамент образования",
        "number": "ДО/1-р",
        "date": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
        "title": "Об инновационных площадках",
        "file": file,
    }


@pytest.mark.parametrize("name, content", BAD_PDFS, ids=BAD_PDF_IDS)
def test_the_order_form_stores_no_bad_pdf(
    methodist_client, platform, current, settings, tmp_path, name, content
):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    url = reverse("innovation:order_create", kwargs={"pk": platform.pk})
    response = methodist_client.post(url, order_data(current, upload(name, content)))
    assert response.status_code == 200
    assert Order.objects.count() == 0
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_a_good_order_scan_is_stored_under_a_random_pdf_name(
    methodist_client, platform, current, settings, tmp_path
):  # noqa: F811
    settings.MEDIA_ROOT = tmp_path
    url = reverse("innovation:order_create", kwargs={"pk": platform.pk})
    response = methodist_client.post(url, order_data(current, upload("приказ Иванова.html.pdf", PDF_BYTES)))
    assert response.status_code == 302
    name = Order.objects.get().file.name
    assert re.fullmatch(r"innovation/orders/\d{4}/[0-9a-f]{32}\.pdf", name), name


def test_uploaded_media_are_never_served_as_html(rf, tmp_path):
    """Stored names end in .jpg or .pdf, so a file is typed by its name, whatever its bytes."""
    from django.views.static import serve

    (tmp_path / "clubs").mkdir()
    (tmp_path / "clubs" / "x.jpg").write_bytes(b"<html><script>alert(1)</script>")
    (tmp_path / "clubs" / "y.pdf").write_bytes(b"<html><script>alert(1)</script>")
    for name, expected in (("clubs/x.jpg", "image/jpeg"), ("clubs/y.pdf", "application/pdf")):
        response = serve(rf.get(f"/media/{name}"), name, document_root=tmp_path)
        assert response["Content-Type"] == expected
