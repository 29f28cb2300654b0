"""Club photos: the upload decoded and re-encoded by the portal's one photo pipeline
(centre.images), a thumbnail beside the photo, and the club's photo records."""

import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image

from centre.images import MAX_UPLOAD_BYTES, decode_image, jpegs
from programs.models import Club, ClubPhoto

MAX_SIDE = 2400  # the stored photo's longest side
THUMBNAIL_SIDE = 400


def decode_upload(upload) -> Image.Image:
    """The fully decoded image of an uploaded club photo, or a ValidationError in Russian."""
    return decode_image(upload, max_bytes=MAX_UPLOAD_BYTES)


def photo_and_thumbnail(image: Image.Image) -> tuple[bytes, bytes]:
    """The re-encoded photo (at most MAX_SIDE) and its thumbnail (THUMBNAIL_SIDE), as JPEG bytes."""
    photo, thumbnail = jpegs(image, MAX_SIDE, THUMBNAIL_SIDE)
    return photo, thumbnail


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
