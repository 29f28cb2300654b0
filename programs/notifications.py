"""What the portal tells a parent about their application, and when (the seam every service
calls), and the staff's daily mail of overdue decisions.

``notify_applicant`` costs the service one INSERT and no rendering: it queues
``send_application_message`` in the caller's transaction (the database backend's row), so
the task exists exactly when the change commits and not at all when it rolls back. The
worker renders the texts and stores and sends the messages (centre.notify)."""

import datetime
import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from centre.countries import local_time_zone
from centre.models import OutgoingMessage
from centre.notify import absolute_url, recipient_language, send_email
from centre.roles import ROLE_ACTIONS, Action
from centre.sms import send_sms
from programs.models import Application, LeaveRequest, LeavingReason, Offer

logger = logging.getLogger(__name__)


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
    # staff took the child out of a draft enrolment order: the application is back in the queue
    ENROLMENT_UNDONE = "enrolment_undone", _("enrolment undone before the order was signed")
    # staff ended the enrolment (from the group's page, with a reason): a leaving order follows
    ENROLMENT_ENDED = "enrolment_ended", _("enrolment ended by the centre")


# a place held for a few days: worth an SMS as well as the e-mail
SMS_EVENTS = {Event.OFFERED, Event.OFFER_EXPIRING}


def message_key(application, event: str, **context) -> str:
    """The event's name for the message: one e-mail per application and event, per offer for
    an offer's events, per request for a leave request's, per entry for the waiting list."""
    key = f"application:{application.pk}:{event}"
    if offer := context.get("offer"):
        key += f":offer:{offer.pk}"
    if leave_request := context.get("leave_request"):
        key += f":leave:{leave_request.pk}"
    if enrolment_id := context.get("enrolment_id"):
        key += f":enrolment:{enrolment_id}"  # enrolled again and undone again: told again
    if event == Event.WAITING:
        key += f":{application.queued_at:%Y%m%d%H%M%S%f}"  # put back in line later: told again
    return key


def forget_application_messages(application_ids) -> int:
    """Delete the stored messages of these applications (their address, the child's first
    name, the private link): the erasure of a child calls it. Queued ones go too; an event
    task still waiting finds an anonymised application with no address and sends nothing.
    How many were deleted."""
    keys = Q()
    for pk in application_ids:
        keys |= Q(key__startswith=f"application:{pk}:")
    if not keys:
        return 0
    return OutgoingMessage.objects.filter(keys).delete()[0]


def notify_applicant(application, event: str, **context) -> None:
    """Queue the applicant's message about ``event``: it is made and sent by the worker once
    the current transaction commits (nothing is queued if it rolls back). ``context`` carries
    what the text needs beyond the application: ``place`` (in line), ``reason`` (of a
    rejection), ``offer``, ``leave_request``; for an enrolment undone or ended by staff
    ``enrolment_id``, ``left_on`` and ``leaving_reason`` (a LeavingReason value).

    Never raises: a message that cannot be queued is logged, and the caller's work (the
    submission, the decision) goes on unharmed."""
    try:
        event = Event(event)
        offer, leave_request = context.get("offer"), context.get("leave_request")
        left_on = context.get("left_on")
        send_application_message.enqueue(
            application_id=application.pk,
            event=event.value,
            key=message_key(application, event, **context),
            status=application.status,  # as it is now: the mail tells this event, not a later one
            place=context.get("place"),
            reason=context.get("reason", application.reject_reason) or "",
            offer_id=offer.pk if offer else None,
            leave_request_id=leave_request.pk if leave_request else None,
            left_on=left_on.isoformat() if left_on else None,
            leaving_reason=context.get("leaving_reason", ""),
        )
    except Exception:
        logger.exception("Could not queue the %s message of application %s", event, application.pk)


def email_context(
    application,
    event: str,
    *,
    status: str,
    place,
    reason: str,
    offer,
    leave_request,
    left_on=None,
    leaving_reason="",
) -> dict:
    """What the texts may say: the child's first name only, the club and group, the number,
    the status at the event and the private link (absolute), and the event's details."""
    group = application.group
    return {
        "event": event,
        "first_name": application.child_name,
        "number": application.number,
        "club": group.club.name,
        "group": group.name,
        "status": Application.Status(status).label,
        "status_url": absolute_url(application.get_status_url()),
        "place": place,
        "reason": reason,
        "deadline": timezone.localtime(offer.expires_at) if offer else None,
        "leave_on": leave_request.leave_on if leave_request else None,
        "comment": leave_request.staff_comment if leave_request else "",
        "left_on": left_on,
        "leaving_reason": LeavingReason(leaving_reason).label
        if leaving_reason in LeavingReason.values
        else "",
    }


def sms_text(data: dict) -> str:
    deadline = data["deadline"]
    return gettext("A place in «%(club)s» for %(first_name)s is held until %(deadline)s. Answer: %(url)s") % {
        "club": data["club"],
        "first_name": data["first_name"],
        "deadline": deadline.strftime("%d.%m %H:%M") if deadline else "—",
        "url": data["status_url"],
    }


@task()
def send_application_message(
    *,
    application_id: int,
    event: str,
    key: str,
    status: str,
    place: int | None = None,
    reason: str = "",
    offer_id: int | None = None,
    leave_request_id: int | None = None,
    left_on: str | None = None,
    leaving_reason: str = "",
) -> str:
    """The worker's half of ``notify_applicant``: render the e-mail (and the SMS of an offer)
    and store them under ``key`` for centre.tasks.send_message. An application erased
    meanwhile gets nothing; the same key twice is one message."""
    application = (
        Application.objects.select_related("group__club__organisation", "user")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return "gone"
    if event == Event.WAITING and place is None:
        place = application.place_in_line()
    # in the language the parent applied in: the words, the dates and the links (/kk/…)
    language = application.language or settings.LANGUAGE_CODE
    leave_request = LeaveRequest.objects.filter(pk=leave_request_id).first() if leave_request_id else None
    # dates and times on the group's organisation's country's clock, whoever triggered the
    # event (a member of staff in another zone, a parent's request, the worker)
    zone = local_time_zone(application.group.club.organisation.profile)
    with translation.override(language), timezone.override(zone):
        data = email_context(
            application,
            event,
            status=status,
            place=place,
            reason=reason,
            offer=Offer.objects.filter(pk=offer_id).first() if offer_id else None,
            leave_request=leave_request,
            left_on=datetime.date.fromisoformat(left_on) if left_on else None,
            leaving_reason=leaving_reason,
        )
        to = application.guardian_email or (application.user.email if application.user else "")
        send_email(key=key, to=to, template=f"application_{event}", context=data, language=language)
        if event in SMS_EVENTS and application.guardian_phone:
            send_sms(key=f"{key}:sms", to=application.guardian_phone, text=sms_text(data))
    return "queued"


# the overdue applications a staff member's daily mail names; the rest are counted
OVERDUE_LISTED = 20


def staff_deciding_applications():
    """Active logins with an e-mail whose role works the application queue (methodists,
    directors), in a fixed order. Administrators without such a role are not mailed."""
    roles = [role for role, actions in ROLE_ACTIONS.items() if Action.WORK_APPLICATIONS in actions]
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=roles)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def notify_overdue_staff(now=None) -> int:
    """Mail each member of staff who decides applications the list of their organisations'
    applications overdue for a decision (Application.is_overdue): one e-mail a day each,
    whatever the number of runs (the key names the day). How many e-mails were queued."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    queued = 0
    for user in staff_deciding_applications():
        key = f"overdue:{user.pk}:{day:%Y-%m-%d}"
        if OutgoingMessage.objects.filter(key=key).exists():
            continue  # mailed today already
        # in the language the member of staff chose, links included
        with translation.override(recipient_language(user)):
            queued += mail_overdue(user, key, now)
    return queued


def mail_overdue(user, key: str, now) -> int:
    """One member of staff's overdue mail (1), or nothing when none of theirs is overdue (0)."""
    list_url = absolute_url(reverse("programs:staff_applications")) + "?overdue=on"
    overdue = (
        Application.objects.for_user(user, write=True)
        .overdue(now)
        .select_related("group__club")
        .order_by("created_at", "pk")
    )
    rows = list(overdue[: OVERDUE_LISTED + 1])
    if not rows:
        return 0
    count = len(rows) if len(rows) <= OVERDUE_LISTED else overdue.count()
    applications = [
        {
            "number": application.number,
            "club": application.group.club.name,
            "group": application.group.name,
            "submitted": timezone.localtime(application.created_at),
            "url": absolute_url(reverse("programs:staff_application", kwargs={"pk": application.pk})),
        }
        for application in rows[:OVERDUE_LISTED]
    ]
    send_email(
        key=key,
        to=user.email,
        template="staff_overdue",
        context={
            "count": count,
            "more": count - len(applications),
            "applications": applications,
            "days": Application.DECISION_WORKING_DAYS,
            "list_url": list_url,
        },
    )
    return 1
