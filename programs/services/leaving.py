"""A child leaving a club: at the parent's request (the parent asks, with a reason; staff
approve — the enrolment ends, the place goes to the next in line — or refuse with a comment),
or ended by staff from the group's page with a reason. Either way the leaving goes into the
draft leaving order (programs.services.orders). Also undoing an enrolment of a draft
enrolment order. Each write is one transaction."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from centre.errors import database_rules
from centre.roles import Action, can
from programs.models import Application, AttendanceMark, Enrolment, Group, LeaveRequest, LeavingReason, Order
from programs.notifications import Event, notify_applicant
from programs.services.enrolment import end_enrolment
from programs.services.orders import locked_draft
from programs.services.waitlist import offer_freed_places

REASON_MAX_LENGTH = 1000


def leaving_enrolment(application: Application) -> Enrolment | None:
    """The active enrolment a parent may ask to end: their enrolled application's."""
    if application.status != Application.Status.ACCEPTED:
        return None
    return Enrolment.objects.active().filter(application=application).select_related("group__club").first()


@transaction.atomic
def leave_request_create(*, application: Application, user, reason: str) -> LeaveRequest:
    """The parent asks that the child of their enrolled application leave the club."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the child is leaving.")})
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError({"reason": _("The reason is too long: up to 1000 characters.")})
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.user_id is None or application.user_id != user.pk:
        raise PermissionDenied
    enrolment = leaving_enrolment(application)
    if enrolment is None:
        raise ValidationError(_("The child is not enrolled by this application: there is nothing to leave."))
    with database_rules(LeaveRequest):
        return LeaveRequest.objects.create(enrolment=enrolment, requested_by=user, reason=reason)


def _close_application(application: Application | None) -> None:
    if application is not None and application.status == Application.Status.ACCEPTED:
        # the child may apply again later: the old application is no longer live
        application.status = Application.Status.WITHDRAWN
        application.save(update_fields=["status"])


def _locked_request(leave: LeaveRequest, by) -> LeaveRequest:
    if not can(by, Action.WORK_APPLICATIONS):
        raise PermissionDenied
    # the user's own organisations only: an education authority decides nothing
    locked = (
        LeaveRequest.objects.for_user(by, write=True)
        .select_for_update(of=("self",))
        .select_related("enrolment__application")
        .filter(pk=leave.pk)
        .first()
    )
    if locked is None:
        raise PermissionDenied
    if locked.status != LeaveRequest.Status.PENDING:
        raise ValidationError(
            _("This request is already decided: %(status)s.") % {"status": locked.get_status_display()}
        )
    return locked


@transaction.atomic
def leave_request_approve(*, leave: LeaveRequest, by, comment: str = "") -> LeaveRequest:
    """The child leaves: the enrolment ends today, the application is no longer live, the
    place is offered to the first in line."""
    # the group first, as enrolment and the waiting list lock it: one order, no deadlock
    group = Group.objects.select_for_update().get(pk=leave.enrolment.group_id)
    leave = _locked_request(leave, by)
    enrolment = Enrolment.objects.select_for_update().get(pk=leave.enrolment_id)
    if enrolment.status == Enrolment.Status.ACTIVE:
        end_enrolment(enrolment, reason=LeavingReason.PARENT_REQUEST, by=by)
    application = enrolment.application
    _close_application(application)
    leave.status = LeaveRequest.Status.APPROVED
    leave.decided_by = by
    leave.decided_at = timezone.now()
    leave.staff_comment = (comment or "").strip()
    leave.save(update_fields=["status", "decided_by", "decided_at", "staff_comment"])
    if application is not None:
        notify_applicant(application, Event.LEAVE_APPROVED, leave_request=leave)
    offer_freed_places(group)
    return leave


@transaction.atomic
def leave_request_refuse(*, leave: LeaveRequest, by, comment: str) -> LeaveRequest:
    """The request is refused, with the comment the parent reads; the child stays."""
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say why the request is refused: the parent reads it.")})
    leave = _locked_request(leave, by)
    leave.status = LeaveRequest.Status.REFUSED
    leave.decided_by = by
    leave.decided_at = timezone.now()
    leave.staff_comment = comment
    leave.save(update_fields=["status", "decided_by", "decided_at", "staff_comment"])
    if leave.enrolment.application is not None:
        notify_applicant(leave.enrolment.application, Event.LEAVE_REFUSED, leave_request=leave)
    return leave


# --- staff end an enrolment, or undo one of a draft order ---------------------------------


@transaction.atomic
def enrolment_end(*, enrolment: Enrolment, by, reason: str, left_on=None) -> Enrolment:
    """Staff end a child's enrolment with a reason (a program completed, a transfer to another
    organisation, the parent's word on paper…): the child leaves on ``left_on`` (today by
    default; not in the future, not before the start), the leaving goes into the draft leaving
    order, the place is offered on."""
    if not can(by, Action.KEEP_ORDERS):
        raise PermissionDenied
    if reason not in LeavingReason.values:
        raise ValidationError({"reason": _("Choose the reason for leaving from the list.")})
    group = (
        Group.objects.for_user(by, write=True)
        .select_for_update(of=("self",))
        .filter(pk=enrolment.group_id)
        .first()
    )
    if group is None:
        raise PermissionDenied
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    if enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError(_("The child has already left the group."))
    left_on = left_on or timezone.localdate()
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": _("The end date cannot be in the future.")})
    if left_on < enrolment.enrolled_on:
        raise ValidationError(
            {
                "left_on": _("The end date cannot be before the start date, %(date)s.")
                % {"date": enrolment.enrolled_on.strftime("%d.%m.%Y")}
            }
        )
    with database_rules(Enrolment):
        end_enrolment(enrolment, reason=reason, by=by, left_on=left_on)
    _close_application(enrolment.application)
    if enrolment.application is not None:
        notify_applicant(
            enrolment.application,
            Event.ENROLMENT_ENDED,
            enrolment_id=enrolment.pk,
            left_on=enrolment.left_on,
            leaving_reason=reason,
        )
    offer_freed_places(group)
    return enrolment


@transaction.atomic
def order_remove_enrolment(*, order: Order, enrolment: Enrolment, by) -> Application | None:
    """Take a child out of a draft enrolment order: the enrolment is undone (deleted, its
    history kept), the place is free and offered on, and the application goes back to the
    queue undecided. Refused once the child has attendance marks or a request to leave: the
    enrolment is ended by a leaving order then."""
    if not can(by, Action.KEEP_ORDERS):
        raise PermissionDenied
    # the group first, as enrolment and the waiting list lock it
    group = Group.objects.select_for_update().get(pk=enrolment.group_id)
    order = locked_draft(order, by)
    if order.kind != Order.Kind.ENROLMENT:
        raise ValidationError(_("Only a child of a draft enrolment order can be taken out of it."))
    enrolment = Enrolment.objects.select_for_update().filter(pk=enrolment.pk, order=order).first()
    if enrolment is None or enrolment.status != Enrolment.Status.ACTIVE:
        raise ValidationError(_("This child is not in the draft any more."))
    if AttendanceMark.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(
            _("The child already has attendance marks: end the enrolment by a leaving order instead.")
        )
    if LeaveRequest.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(_("The parent has asked for the child to leave: decide the request instead."))
    if Enrolment.objects.filter(continues=enrolment).exists():
        raise ValidationError(_("The child has moved on to the next year from this enrolment."))
    application, enrolment_id = enrolment.application, enrolment.pk
    enrolment.delete()
    Group.objects.filter(pk=group.pk).update(enrolled_count=F("enrolled_count") - 1)
    if application is not None and application.status == Application.Status.ACCEPTED:
        application.status = Application.Status.NEW
        application.decided_by = None
        application.decided_at = None
        application.save(update_fields=["status", "decided_by", "decided_at"])
        notify_applicant(application, Event.ENROLMENT_UNDONE, enrolment_id=enrolment_id)
    offer_freed_places(group)
    return application
