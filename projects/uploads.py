"""Checks and re-encoding for uploads: photos go through the portal's photo pipeline
(centre.images: decoded by Pillow, saved anew as JPEG without EXIF data such as a phone's GPS
position); files have a size limit and an allowed list of kinds, judged by content where it
is cheap to do so."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from centre.images import decode_image, jpeg_upload

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_SIDE = 2000
FILE_MAX_BYTES = 10 * 1024 * 1024
FILE_EXTENSIONS = {"pdf", "docx", "pptx", "xlsx", "odt", "odp", "jpg", "jpeg", "png", "zip", "stl"}
DIPLOMA_EXTENSIONS = {"pdf", "jpg", "jpeg", "png"}
SCAN_FORMATS = frozenset({"JPEG", "PNG"})  # a diploma scan: stored as sent, checked like a photo
ZIP_BASED = {"docx", "pptx", "xlsx", "odt", "odp", "zip"}  # office documents are ZIP archives


def _check_size(upload, limit):
    size = getattr(upload, "size", 0) or 0
    if size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")


def reencode_photo(upload) -> SimpleUploadedFile:
    """Decode the upload (centre.images) and return it re-encoded as a JPEG no larger than
    PHOTO_MAX_SIDE on its longer side. Anything Pillow cannot decode is refused."""
    _check_size(upload, PHOTO_MAX_BYTES)
    return jpeg_upload(decode_image(upload, max_bytes=PHOTO_MAX_BYTES), PHOTO_MAX_SIDE)


def check_document(upload, *, extensions=frozenset(FILE_EXTENSIONS)) -> None:
    """A file of an allowed kind, no larger than FILE_MAX_BYTES; a PDF must start like one."""
    if upload is None or getattr(upload, "_committed", False):
        return
    _check_size(upload, FILE_MAX_BYTES)
    name = getattr(upload, "name", "") or ""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in extensions:
        raise ValidationError(
            _("Files of this kind are not accepted; allowed: %(kinds)s."),
            code="bad_extension",
            params={"kinds": ", ".join(sorted(extensions))},
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if extension == "pdf" and not head.startswith(b"%PDF-"):
        raise ValidationError(_("The file cannot be read as a PDF document."), code="not_pdf")
    if extension in ZIP_BASED and not head.startswith(b"PK\x03\x04"):
        raise ValidationError(
            _("The file is not a %(kind)s document: its content does not match its name."),
            code="bad_content",
            params={"kind": extension.upper()},
        )
    if extension in {"jpg", "jpeg", "png"}:
        # a scan is decoded in full (pixel limit first), like a photo, though stored as sent
        decode_image(upload, max_bytes=FILE_MAX_BYTES, formats=SCAN_FORMATS)
