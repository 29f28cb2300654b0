"""The children of a copied group: each moves on into the copy by the transfer order or leaves
by the leaving order; a move is undone while its order is a draft
(programs.services.next_year)."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centre.errors import database_rules
from centre.models import AcademicYear
from centre.roles import Action, can
from programs.models import AttendanceMark, Enrolment, Group, LeavingReason, Order
from programs.services.enrolment import end_enrolment
from programs.services.next_year.copies import program_ends_with
from programs.services.orders import open_draft
from programs.services.waitlist import offer_freed_places


class Decision(models.TextChoices):
    """What becomes of a child of a copied group."""

    MOVE = "move", gettext_lazy("moves on to the next year of study")
    LEAVE = "leave", gettext_lazy("leaves: the program is completed")
    LATER = "later", gettext_lazy("decide later")


# --- the children --------------------------------------------------------------------------


def copies_in(user, year: AcademicYear):
    """The user's organisations' groups of ``year`` copied from last year's, with the number
    of last year's children still studying there and not yet moved on (``undecided``)."""
    waiting = models.Count(
        "copied_from__enrolments",
        filter=models.Q(copied_from__enrolments__status=Enrolment.Status.ACTIVE)
        & models.Q(copied_from__enrolments__continued_by__isnull=True),
    )
    return (
        Group.objects.for_user(user, write=True)
        .filter(academic_year=year, copied_from__isnull=False)
        .select_related("club", "teacher", "copied_from")
        .annotate(undecided=waiting)
        .order_by("club__name", "year_of_study", "name", "pk")
    )


def children_of(copy: Group):
    """The enrolments of the copy's original group that a decision is about: those still
    studying (with their continuation in the copy if they moved on) and those who left, the
    program completed."""
    return (
        Enrolment.objects.filter(group_id=copy.copied_from_id)
        .filter(
            models.Q(status=Enrolment.Status.ACTIVE)
            | models.Q(continued_by__isnull=False)
            | models.Q(leaving_reason=LeavingReason.COMPLETED)
        )
        .select_related("learner", "continued_by", "continued_by__order", "leaving_order")
        .order_by("learner__surname", "learner__name", "pk")
    )


@dataclass
class MoveResult:
    moved: list[Enrolment] = field(default_factory=list)
    left: list[Enrolment] = field(default_factory=list)
    already: list[Enrolment] = field(default_factory=list)  # moved on or left before
    enrolled: list[Enrolment] = field(default_factory=list)  # already in the copy otherwise
    transfer_order: Order | None = None
    leaving_order: Order | None = None


@transaction.atomic
def children_move(*, by, copy: Group, decisions: dict[int, str]) -> MoveResult:
    """Each child of the copy's original group named in ``decisions`` (enrolment id →
    Decision) moves on or leaves. Moving on: a new enrolment in the copy from the first day of
    its year that continues last year's, in the draft transfer order, the funding kept; last
    year's enrolment goes on to its year's end (the register still needs it). Leaving: last
    year's enrolment ends today in the draft leaving order, the program completed, and the
    place is offered on. A child moved on or left before is not touched again (``already``);
    one already enrolled in the copy otherwise (an application) is not moved (``enrolled``).
    All or nothing: too few free places in the copy is a ValidationError."""
    if not can(by, Action.PLAN_NEXT_YEAR):
        raise PermissionDenied
    if copy.copied_from_id is None:
        raise ValidationError(_("This group was not copied from last year's: there is nobody to move on."))
    # both groups locked, the lower key first: enrolment and the waiting list lock groups too
    locked = {
        group.pk: group
        for group in Group.objects.for_user(by, write=True)
        .select_for_update(of=("self",))
        .select_related("club", "academic_year")
        .filter(pk__in=[copy.pk, copy.copied_from_id])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise PermissionDenied
    copy, source = locked[copy.pk], locked[copy.copied_from_id]
    chosen = {pk: decision for pk, decision in decisions.items() if decision != Decision.LATER}
    enrolments = list(
        Enrolment.objects.filter(group=source, pk__in=list(chosen))
        .select_for_update(of=("self",))
        .select_related("learner")
        .order_by("pk")
    )
    moved_before = set(
        Enrolment.objects.filter(continues__in=[e.pk for e in enrolments]).values_list(
            "continues_id", flat=True
        )
    )
    in_copy = set(Enrolment.objects.active().filter(group=copy).values_list("learner_id", flat=True))
    result = MoveResult()
    to_move, to_leave = [], []
    for enrolment in enrolments:
        if enrolment.pk in moved_before or enrolment.status != Enrolment.Status.ACTIVE:
            result.already.append(enrolment)
        elif chosen[enrolment.pk] == Decision.MOVE:
            if enrolment.learner_id in in_copy:
                result.enrolled.append(enrolment)
            else:
                to_move.append(enrolment)
        elif chosen[enrolment.pk] == Decision.LEAVE:
            to_leave.append(enrolment)
    if len(to_move) > copy.free_places:
        raise ValidationError(
            _(
                "The group «%(group)s» of the next year has %(free)s free places: %(count)s children cannot move on into it. Add places to it first or choose fewer children."
            )
            % {"group": copy, "free": copy.free_places, "count": len(to_move)}
        )
    organisation_id = source.club.organisation_id
    if to_move:
        result.transfer_order = open_draft(
            organisation_id=organisation_id,
            academic_year_id=source.academic_year_id,
            kind=Order.Kind.TRANSFER,
            by=by,
        )
        with database_rules(Enrolment, Group):
            for enrolment in to_move:
                result.moved.append(
                    Enrolment.objects.create(
                        group=copy,
                        learner=enrolment.learner,
                        enrolled_on=copy.academic_year.start,
                        order=result.transfer_order,
                        funding=enrolment.funding,
                        continues=enrolment,
                    )
                )
            Group.objects.filter(pk=copy.pk).update(enrolled_count=F("enrolled_count") + len(to_move))
    if to_leave:
        with database_rules(Enrolment, Group):
            for enrolment in to_leave:
                # into the draft leaving order of last year's group (end_enrolment opens it)
                end_enrolment(enrolment, reason=LeavingReason.COMPLETED, by=by)
                result.left.append(enrolment)
        result.leaving_order = to_leave[0].leaving_order
        offer_freed_places(source)
    return result


def can_undo_move(enrolment: Enrolment) -> bool:
    """Whether a move on (next year's enrolment that continues last year's) can be undone: its
    transfer order is still a draft. The one rule the page and the service ask."""
    return enrolment.continues_id is not None and enrolment.order is not None and enrolment.order.is_draft


@transaction.atomic
def move_undo(*, by, enrolment: Enrolment) -> Enrolment:
    """Undo a move on while its transfer order is a draft: next year's enrolment is deleted
    (its history kept) and its place in the copy is free again; last year's, untouched by the
    move, goes on. Refused once the order is signed or the child has attendance marks in the
    copy. Returns last year's enrolment, decided about again."""
    if not can(by, Action.PLAN_NEXT_YEAR):
        raise PermissionDenied
    group = (
        Group.objects.for_user(by, write=True)
        .select_for_update(of=("self",))
        .filter(pk=enrolment.group_id)
        .first()
    )
    if group is None:
        raise PermissionDenied
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("order", "continues")
        .filter(pk=enrolment.pk, group=group)
        .first()
    )
    if enrolment is None or not can_undo_move(enrolment):
        raise ValidationError(_("This move can no longer be undone: its transfer order is signed."))
    if AttendanceMark.objects.filter(enrolment=enrolment).exists():
        raise ValidationError(_("The child already has attendance marks in next year's group."))
    previous = enrolment.continues
    enrolment.delete()
    Group.objects.filter(pk=group.pk).update(enrolled_count=F("enrolled_count") - 1)
    offer_freed_places(group)
    return previous


def default_decision(group: Group) -> str:
    """The choice offered first for a child of last year's ``group``."""
    return Decision.LEAVE if program_ends_with(group) else Decision.MOVE
