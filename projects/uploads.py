"""Checks and re-encoding for uploads: photos are decoded by Pillow and saved anew as JPEG
(which also drops EXIF data such as a phone's GPS position); files have a size limit and an
allowed list of kinds, judged by content where it is cheap to do so."""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_MAX_PIXELS = 40_000_000
PHOTO_MAX_SIDE = 2000
PHOTO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
FILE_MAX_BYTES = 10 * 1024 * 1024
FILE_EXTENSIONS = {"pdf", "docx", "pptx", "xlsx", "odt", "odp", "jpg", "jpeg", "png", "zip", "stl"}
DIPLOMA_EXTENSIONS = {"pdf", "jpg", "jpeg", "png"}
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


def _too_many_pixels() -> ValidationError:
    return ValidationError(_("The photo has too many pixels."), code="too_many_pixels")


def _check_pixels(image) -> None:
    """Refuse from the header's size alone, before a single pixel is expanded in memory."""
    if image.width < 1 or image.height < 1 or image.width * image.height > PHOTO_MAX_PIXELS:
        raise _too_many_pixels()


def reencode_photo(upload) -> SimpleUploadedFile:
    """Decode the upload with Pillow and return it re-encoded as a JPEG no larger than
    PHOTO_MAX_SIDE on its longer side. Anything Pillow cannot decode is refused."""
    _check_size(upload, PHOTO_MAX_BYTES)
    not_image = ValidationError(
        _("The file is not a photo: upload a JPEG, PNG or WebP image."), code="not_an_image"
    )
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            if probe.format not in PHOTO_FORMATS:
                raise not_image
            _check_pixels(probe)
            probe.verify()
        upload.seek(0)
        with warnings.catch_warnings(), Image.open(upload) as image:
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            _check_pixels(image)
            image.load()
            image = ImageOps.exif_transpose(image)
            image = image.convert("RGB")
            image.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
            buffer = io.BytesIO()
            image.save(buffer, format="JPEG", quality=85, optimize=True)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
        raise not_image from error
    return SimpleUploadedFile(f"{uuid.uuid4().hex}.jpg", buffer.getvalue(), content_type="image/jpeg")


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
        try:
            with warnings.catch_warnings(), Image.open(upload) as probe:
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                if probe.format not in {"JPEG", "PNG"}:
                    raise UnidentifiedImageError(probe.format)
                _check_pixels(probe)
                probe.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _too_many_pixels() from error
        except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as error:
            raise ValidationError(
                _("The file is not a photo: upload a JPEG, PNG or WebP image."), code="not_an_image"
            ) from error
        finally:
            upload.seek(0)
