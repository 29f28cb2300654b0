"""Checks for uploaded documents: a scan of an order or a product must be a readable PDF."""

import contextlib

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

PDF_MAX_BYTES = 10 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


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
    except (OSError, ValueError) as error:
        raise ValidationError(_("The file cannot be read. Upload it again."), code="unreadable") from error
    finally:
        if position is not None:
            with contextlib.suppress(OSError, ValueError):
                upload.seek(position)
    if head != PDF_MAGIC:
        raise ValidationError(
            _("The file cannot be read as a PDF document. Upload a scan saved as PDF."),
            code="not_pdf",
        )
