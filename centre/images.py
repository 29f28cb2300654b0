"""The one photo pipeline: a safe decode of an upload and a clean re-encode, with Pillow.

An upload is trusted only after Pillow has decoded every pixel of it. Its size in pixels is
read from the header first and refused above MAX_PIXELS, so that a small file claiming huge
dimensions (a decompression bomb) is never expanded in memory. JPEG, PNG and WebP are
accepted (the message says so; GIF is not). What is stored is a fresh JPEG: turned upright
by its EXIF orientation, transparency flattened onto white, without the original's metadata
(a phone's photo carries the place where it was taken), no larger than the side asked for.

Club photos (programs.images) and project photos (projects.uploads) both go through here.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

PHOTO_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000  # e.g. 8000 × 5000: more than any camera a centre uses
JPEG_QUALITY = 85
BACKGROUND = (255, 255, 255)  # what a transparent pixel becomes


def not_a_photo() -> ValidationError:
    return ValidationError(
        _("The file is not a photo: upload a JPEG, PNG or WebP image."), code="invalid_image"
    )


def too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image is too large in pixels: at most %(megapixels)s megapixels are accepted.")
        % {"megapixels": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def _check_dimensions(size: tuple[int, int]) -> None:
    width, height = size
    if width < 1 or height < 1 or width * height > MAX_PIXELS:
        raise too_many_pixels()


def decode_image(upload, *, max_bytes: int = MAX_UPLOAD_BYTES, formats=PHOTO_FORMATS) -> Image.Image:
    """The fully decoded image of an uploaded file, or a ValidationError in the user's
    language: ``too_large`` above ``max_bytes``, ``too_many_pixels`` above MAX_PIXELS (judged
    from the header), ``invalid_image`` for anything else that is not a whole picture in
    one of ``formats``. The upload is read from its start and left at its start."""
    size = getattr(upload, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("The file is too large (%(size)s); the largest photo is %(max)s.")
            % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    with warnings.catch_warnings():
        # Pillow only warns between MAX_IMAGE_PIXELS and twice that: make every warning fatal
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format not in formats:
                raise not_a_photo()
            _check_dimensions(image.size)
            image.verify()  # structure and checksums; the image cannot be used after this
            image = Image.open(io.BytesIO(data))
            _check_dimensions(image.size)
            image.load()  # decode every pixel: a truncated or corrupt file fails here
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise too_many_pixels() from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
            raise not_a_photo() from error
    return image


def flattened(image: Image.Image) -> Image.Image:
    """The image upright (by its EXIF orientation) in RGB, transparency on a white ground."""
    image = ImageOps.exif_transpose(image)
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, BACKGROUND)
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


def _jpeg(rgb: Image.Image, longest_side: int) -> bytes:
    copy = rgb.copy()
    copy.thumbnail((longest_side, longest_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)  # no EXIF: none is passed
    return buffer.getvalue()


def jpegs(image: Image.Image, *longest_sides: int) -> list[bytes]:
    """A decoded image (see decode_image) re-encoded as JPEG bytes, one for each longest side
    asked for (a photo and its thumbnail), flattened once."""
    rgb = flattened(image)
    return [_jpeg(rgb, side) for side in longest_sides]


def jpeg_upload(image: Image.Image, longest_side: int) -> SimpleUploadedFile:
    """A decoded image re-encoded as a JPEG file under a random name (the original's name may
    hold a child's), ready for a FileField."""
    (content,) = jpegs(image, longest_side)
    return SimpleUploadedFile(f"{uuid.uuid4().hex}.jpg", content, content_type="image/jpeg")
