"""Club photos: a safe decode of the upload, a clean re-encode and a thumbnail, with Pillow.

An upload is trusted only after Pillow has decoded every pixel of it. Its size in pixels is
read from the header first and refused above MAX_PIXELS, so that a small file claiming huge
dimensions (a decompression bomb) is never expanded in memory. The stored photo is a fresh
JPEG without the original's metadata (a phone's photo carries the place where it was taken),
turned upright by its EXIF orientation first.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from programs.models import Club, ClubPhoto

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 8000 × 5000: more than any camera a centre uses
MAX_SIDE = 2400  # the stored photo's longest side
THUMBNAIL_SIDE = 400
ALLOWED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "GIF"})
JPEG_QUALITY = 85


def decode_upload(upload) -> Image.Image:
    """The fully decoded image of an uploaded file, or a ValidationError in Russian."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the largest photo is %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(MAX_UPLOAD_BYTES)},
            code="too_large",
        )
    not_an_image = ValidationError(
        _("The file is not a photo we can read. Upload a JPEG, PNG, WebP or GIF image."),
        code="invalid_image",
    )
    upload.seek(0)
    data = upload.read()
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that: make every warning fatal
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise not_an_image
            _check_dimensions(image.size)
            image.verify()  # structure and checksums; the image cannot be used after this
            image = Image.open(io.BytesIO(data))
            _check_dimensions(image.size)
            image.load()  # decode every pixel: a truncated or corrupt file fails here
        except ValidationError:
            raise
        except (
            UnidentifiedImageError,
            Image.DecompressionBombError,
            Image.DecompressionBombWarning,
        ) as exc:
            if isinstance(exc, UnidentifiedImageError):
                raise not_an_image from exc
            raise _too_many_pixels() from exc
        except (OSError, SyntaxError, ValueError, EOFError) as exc:
            raise not_an_image from exc
    return image


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image is too large in pixels: at most %(megapixels)s megapixels are accepted.")
        % {"megapixels": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def _check_dimensions(size: tuple[int, int]) -> None:
    width, height = size
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        raise _too_many_pixels()


def _as_rgb(image: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(image: Image.Image, longest_side: int) -> bytes:
    copy = image.copy()
    copy.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


def photo_and_thumbnail(image: Image.Image) -> tuple[bytes, bytes]:
    """The re-encoded photo (at most MAX_SIDE) and its thumbnail (THUMBNAIL_SIDE), as JPEG bytes."""
    rgb = _as_rgb(image)
    return _jpeg(rgb, MAX_SIDE), _jpeg(rgb, THUMBNAIL_SIDE)


@transaction.atomic
def club_photo_add(*, club: Club, image: Image.Image, caption: str = "") -> ClubPhoto:
    """Store a decoded image (see decode_upload) as the club's next photo with its thumbnail."""
    photo_bytes, thumb_bytes = photo_and_thumbnail(image)
    stem = f"{club.slug}-{uuid.uuid4().hex[:12]}"
    last = club.photos.order_by("-position").values_list("position", flat=True).first()
    photo = ClubPhoto(club=club, caption=caption, position=(last or 0) + 1)
    photo.image.save(f"{stem}.jpg", ContentFile(photo_bytes), save=False)
    photo.thumbnail.save(f"{stem}.jpg", ContentFile(thumb_bytes), save=False)
    photo.save()
    return photo


def club_photo_delete(*, photo: ClubPhoto) -> None:
    """Remove the record; django-cleanup removes its files once the transaction has committed
    (centre.files)."""
    photo.delete()
