"""What the portal tells a parent about their application, and when (the seam every service
calls; the messages are queued after the transaction commits, never in the request)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.TextChoices):
    SUBMITTED = "submitted", _("application submitted")
    ACCEPTED = "accepted", _("child enrolled")
    WAITING = "waiting", _("put on the waiting list")
    REJECTED = "rejected", _("application rejected")
    WITHDRAWN = "withdrawn", _("application withdrawn")
    OFFERED = "offered", _("a place offered")
    OFFER_EXPIRING = "offer_expiring", _("the offer of a place expires soon")
    OFFER_LAPSED = "offer_lapsed", _("the offer of a place lapsed")
    LEAVE_APPROVED = "leave_approved", _("leaving the club approved")
    LEAVE_REFUSED = "leave_refused", _("leaving the club refused")


def notify_applicant(application, event: str, **context) -> None:
    """Queue the applicant's message about ``event`` once the current transaction commits
    (nothing is queued if it rolls back). ``context`` carries what the text needs beyond the
    application (an offer, a place in line)."""
    # the queue and the texts come with the notifications work (issue 15); callers are final
    return None
