"""Orders about children (приказы): the draft an organisation gathers enrolments, leavings or
transfers into, and its signing. Each write is one transaction.

One draft of each kind per organisation and year: ``open_draft`` takes a transaction-level
advisory lock on (organisation, year, kind), so two accepts in the same second add to one
draft instead of making two. Signing takes the same lock, so a child accepted while the
director signs goes either into the signed order (the accept committed first) or into the
next draft (it waits for the signature), never into a signed order after the fact.

An order signed on paper is entered by its number and date: at an accept (``paper_order``:
found by its number, or made signed) or for a whole draft (``order_record_paper``).

Removing a child from a draft enrolment order undoes that enrolment
(``programs.services.leaving.order_remove_enrolment``): the enrolment is deleted (its history stays), the place is
free again and the application goes back to the queue, undecided. A leaving is not undone
from its order: the child is enrolled again instead.
"""

import datetime
from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from centre.errors import database_rules
from centre.locks import advisory_lock
from centre.roles import Action, can
from programs.models import Enrolment, Group, Order


def _lock(key: str) -> None:
    advisory_lock(key)


def _draft_key(organisation_id, academic_year_id, kind) -> str:
    return f"order-draft|{organisation_id}|{academic_year_id}|{kind}"


def open_draft(*, organisation_id: int, academic_year_id: int, kind: str, by) -> Order:
    """The organisation's draft order of this kind and year, made if there is none; the
    caller's transaction holds the lock until it commits."""
    _lock(_draft_key(organisation_id, academic_year_id, kind))
    draft = (
        Order.objects.drafts()
        .filter(organisation_id=organisation_id, academic_year_id=academic_year_id, kind=kind)
        .order_by("pk")
        .first()
    )
    if draft is None:
        draft = Order.objects.create(
            organisation_id=organisation_id,
            academic_year_id=academic_year_id,
            kind=kind,
            # a parent accepting an offer enrols too: the draft is nobody's of the staff then
            created_by=by if getattr(by, "pk", None) and can(by, Action.KEEP_ORDERS) else None,
        )
    return draft


def _check_number_and_date(number: str, signed_on) -> str:
    number = (number or "").strip()
    errors = {}
    if not number:
        errors["number"] = _("Give the order's number.")
    elif len(number) > Order._meta.get_field("number").max_length:
        errors["number"] = _("The order's number is too long: up to 40 characters.")
    if signed_on is None:
        errors["signed_on"] = _("Give the order's date.")
    elif signed_on > timezone.localdate():
        errors["signed_on"] = _("An order cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    return number


def paper_order(
    *, organisation_id: int, academic_year_id: int, kind: str, number: str, signed_on, by
) -> Order:
    """The order signed on paper with this number: found when already entered (then it must
    be of this kind and date), else made signed. Several children of one paper order are
    entered one accept at a time."""
    number = _check_number_and_date(number, signed_on)
    _lock(f"order-number|{organisation_id}|{academic_year_id}|{number.casefold()}")
    existing = Order.objects.filter(
        organisation_id=organisation_id, academic_year_id=academic_year_id, number__iexact=number
    ).first()
    if existing is not None:
        if existing.kind != kind or not existing.on_paper:
            raise ValidationError(
                {
                    "number": _(
                        "The organisation already has order № %(number)s this year (%(order)s): "
                        "give another number."
                    )
                    % {"number": number, "order": existing.get_kind_display()}
                }
            )
        if existing.signed_on != signed_on:
            raise ValidationError(
                {
                    "signed_on": _("Order № %(number)s is dated %(date)s.")
                    % {"number": number, "date": existing.signed_on.strftime("%d.%m.%Y")}
                }
            )
        return existing
    with database_rules(Order):
        return Order.objects.create(
            organisation_id=organisation_id,
            academic_year_id=academic_year_id,
            kind=kind,
            status=Order.Status.SIGNED,
            on_paper=True,
            number=number,
            signed_on=signed_on,
            created_by=by,
        )


def enrolment_order(*, group: Group, by, paper_number: str = "", paper_date=None) -> Order:
    """The order an enrolment into the group points at: the order signed on paper with this
    number and date when they are given, else the draft enrolment order of the group's
    organisation and year."""
    organisation_id = group.club.organisation_id
    if paper_number or paper_date:
        return paper_order(
            organisation_id=organisation_id,
            academic_year_id=group.academic_year_id,
            kind=Order.Kind.ENROLMENT,
            number=paper_number,
            signed_on=paper_date,
            by=by,
        )
    return open_draft(
        organisation_id=organisation_id,
        academic_year_id=group.academic_year_id,
        kind=Order.Kind.ENROLMENT,
        by=by,
    )


def locked_draft(order: Order, by) -> Order:
    """The draft, locked as open_draft locks it, from the user's own organisations."""
    _lock(_draft_key(order.organisation_id, order.academic_year_id, order.kind))
    locked = Order.objects.for_user(by, write=True).select_for_update().filter(pk=order.pk).first()
    if locked is None:
        raise PermissionDenied
    if not locked.is_draft:
        raise ValidationError(_("This order is already signed: %(order)s.") % {"order": locked})
    return locked


def order_children_count(order: Order) -> int:
    """How many children the order covers: its enrolments and its leavings."""
    return (
        Enrolment.objects.filter(order=order).count() + Enrolment.objects.filter(leaving_order=order).count()
    )


def _sign(order: Order, *, by, number: str, signed_on, on_paper: bool, expected_count=None) -> Order:
    number = _check_number_and_date(number, signed_on)
    order = locked_draft(order, by)
    count = order_children_count(order)
    if not count:
        raise ValidationError(_("The order covers no child yet: there is nothing to sign."))
    if expected_count is not None and expected_count != count:
        raise ValidationError(
            _(
                "The draft has changed since the page was opened: it covers %(count)s children now. "
                "Check the list and sign again."
            )
            % {"count": count}
        )
    order.number = number
    order.signed_on = signed_on
    order.status = Order.Status.SIGNED
    order.on_paper = on_paper
    order.signed_by = None if on_paper else by
    order.signed_at = None if on_paper else timezone.now()
    with database_rules(Order):
        order.save(update_fields=["number", "signed_on", "status", "on_paper", "signed_by", "signed_at"])
    return order


@transaction.atomic
def order_sign(*, order: Order, by, number: str, signed_on, expected_count: int | None = None) -> Order:
    """The director signs the draft with its number and date; ``expected_count``: the number of
    children the director saw (a child added meanwhile asks for another look)."""
    if not can(by, Action.SIGN_ORDERS):
        raise PermissionDenied
    return _sign(
        order, by=by, number=number, signed_on=signed_on, on_paper=False, expected_count=expected_count
    )


@transaction.atomic
def order_record_paper(
    *, order: Order, by, number: str, signed_on, expected_count: int | None = None
) -> Order:
    """The draft was printed and signed on paper: its number and date are entered."""
    if not can(by, Action.KEEP_ORDERS):
        raise PermissionDenied
    return _sign(
        order, by=by, number=number, signed_on=signed_on, on_paper=True, expected_count=expected_count
    )


# --- what an order says (its page, the print and the XLSX) ---------------------------------


class OrderLine(NamedTuple):
    """One child of an order as it is printed."""

    number: int
    child: str
    birth_date: datetime.date
    group: str
    starts: datetime.date | None
    ends: datetime.date | None
    funding: str
    reason: str
    enrolment_id: int
    removable: bool
    # a transfer: the group of last year the child moves on from
    previous: str = ""


def order_enrolments(order: Order):
    """The order's children, in the order they are printed: its enrolments (an enrolment or
    a transfer order) or its leavings (a leaving order), two queries at most."""
    related = ("learner", "group__club", "continues__group__club")
    if order.kind == Order.Kind.LEAVING:
        rows = Enrolment.objects.filter(leaving_order=order)
    else:
        rows = Enrolment.objects.filter(order=order)
    return rows.select_related(*related).order_by(
        "learner__surname", "learner__name", "learner__birth_date", "pk"
    )


def order_lines(order: Order, enrolments=None, *, start: int = 1) -> list[OrderLine]:
    """The order's children as printed, numbered from ``start`` (a page of them: its first
    line's number)."""
    enrolments = order_enrolments(order) if enrolments is None else enrolments
    leaving = order.kind == Order.Kind.LEAVING
    removable = order.is_draft and order.kind == Order.Kind.ENROLMENT
    profile = order.organisation.profile
    return [
        OrderLine(
            number=number,
            child=enrolment.learner.full_name,
            birth_date=enrolment.learner.birth_date,
            group=f"{enrolment.group.club.name}: {enrolment.group.name}",
            starts=None if leaving else enrolment.enrolled_on,
            ends=enrolment.left_on if leaving else None,
            funding=profile.funding_label(enrolment.funding),
            reason=enrolment.get_leaving_reason_display() if leaving else "",
            enrolment_id=enrolment.pk,
            removable=removable and enrolment.status == Enrolment.Status.ACTIVE,
            previous=(
                f"{enrolment.continues.group.club.name}: {enrolment.continues.group.name}"
                if enrolment.continues_id
                else ""
            ),
        )
        for number, enrolment in enumerate(enrolments, start=start)
    ]
