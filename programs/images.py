"""Club photos: the upload decoded and re-encoded by the portal's one photo pipeline
(centre.images), a thumbnail and a catalogue card's picture beside the photo, and the club's
photo records."""

import io
import uuid

from django.core.files.base import ContentFile
from django.db import transaction
from PIL import Image, ImageOps

from centre.images import JPEG_QUALITY, MAX_UPLOAD_BYTES, decode_image, flattened, jpegs
from programs.models import Club, ClubPhoto

MAX_SIDE = 2400  # the stored photo's longest side
THUMBNAIL_SIDE = 400
# the catalogue card's picture: the card's 16:9 frame, sharp on a phone's screen (a card is
# 360 px wide there) and on a two-column desktop grid; cut from the middle of the photo
CARD_SIZE = (640, 360)


def decode_upload(upload) -> Image.Image:
    """The fully decoded image of an uploaded club photo, or a ValidationError in Russian."""
    return decode_image(upload, max_bytes=MAX_UPLOAD_BYTES)


def photo_and_thumbnail(image: Image.Image) -> tuple[bytes, bytes]:
    """The re-encoded photo (at most MAX_SIDE) and its thumbnail (THUMBNAIL_SIDE), as JPEG bytes."""
    photo, thumbnail = jpegs(image, MAX_SIDE, THUMBNAIL_SIDE)
    return photo, thumbnail


def card_picture(image: Image.Image) -> bytes:
    """The catalogue card's picture of a decoded image: CARD_SIZE exactly, cut to the frame
    from the middle (never stretched), as JPEG bytes without the original's metadata."""
    card = ImageOps.fit(flattened(image), CARD_SIZE, Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    card.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return buffer.getvalue()


@transaction.atomic
def club_photo_add(*, club: Club, image: Image.Image, caption: str = "") -> ClubPhoto:
    """Store a decoded image (see decode_upload) as the club's next photo with its thumbnail
    and its card picture."""
    photo_bytes, thumb_bytes = photo_and_thumbnail(image)
    stem = f"{club.slug}-{uuid.uuid4().hex[:12]}"
    last = club.photos.order_by("-position").values_list("position", flat=True).first()
    photo = ClubPhoto(club=club, caption=caption, position=(last or 0) + 1)
    photo.image.save(f"{stem}.jpg", ContentFile(photo_bytes), save=False)
    photo.thumbnail.save(f"{stem}.jpg", ContentFile(thumb_bytes), save=False)
    photo.card.save(f"{stem}.jpg", ContentFile(card_picture(image)), save=False)
    photo.save()
    return photo


def club_photo_delete(*, photo: ClubPhoto) -> None:
    """Remove the record; django-cleanup removes its files once the transaction has committed
    (centre.files)."""
    photo.delete()
