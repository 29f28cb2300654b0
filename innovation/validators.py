"""Checks for uploaded documents: a scan of an order or a product must be a readable PDF.

A file that passes is also given a random name (``<32 hex>.pdf``) before it is stored: the
name a user chose may carry a person's name, or end in ``.html``; the stored name says
nothing and always ends in ``.pdf``, so the file is served as a PDF (as an attachment by the
proxy, see docs/deploy.md), never as a page.
"""

import contextlib
import uuid

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"
PDF_END = b"%%EOF"  # every PDF writer ends the file (and each incremental update) with it


def validate_pdf(upload) -> None:
    """A PDF no larger than 10 MB, judged by its content, not by its name."""
    if isinstance(upload, FieldFile) and upload._committed:
        return  # already stored: it was checked when it was uploaded
    size = getattr(upload, "size", None)
    if size is not None and size > PDF_MAX_BYTES:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="file_too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(PDF_MAX_BYTES)},
        )
    if size == 0:
        raise ValidationError(_("The file is empty."), code="file_empty")
    position = upload.tell() if hasattr(upload, "tell") else None
    try:
        upload.seek(0)
        head = upload.read(len(PDF_MAGIC))
        has_end = _contains(upload, PDF_END)
    except (OSError, ValueError) as error:
        raise ValidationError(_("The file cannot be read. Upload it again."), code="unreadable") from error
    finally:
        if position is not None:
            with contextlib.suppress(OSError, ValueError):
                upload.seek(position)
    if head != PDF_MAGIC or not has_end:
        raise ValidationError(
            _("The file cannot be read as a PDF document. Upload a scan saved as PDF."),
            code="not_pdf",
        )
    upload.name = f"{uuid.uuid4().hex}.pdf"


def _contains(upload, marker: bytes, chunk_size: int = 1024 * 1024) -> bool:
    """Whether the rest of the file holds the marker, read in chunks (the file is ≤ 10 MB)."""
    carry = b""
    while chunk := upload.read(chunk_size):
        if marker in carry + chunk:
            return True
        carry = chunk[-len(marker) :]
    return False
