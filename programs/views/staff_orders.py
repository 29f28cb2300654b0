"""Orders about children, as methodists keep them and directors sign them: the list, one
order's page with its children, signing (the director) or entering the number and date of an
order signed on paper (the methodist), taking a child out of a draft enrolment order, the
printable order and its XLSX; and staff ending a child's enrolment from the group's page.

Every confirmation is a page of its own (GET asks, POST with confirmed=1 acts)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from openpyxl import Workbook

from centre.audit import Access, record_personal_data_access
from centre.forms import show_errors
from centre.history import history_of
from centre.models import Organisation
from centre.pagination import paginate
from centre.roles import Action, action_required, can
from centre.workbooks import append_row, header_row, xlsx_response
from programs.access import get_order_for_user, orders_for_user
from programs.forms.orders import EndEnrolmentForm, SignForm
from programs.models import Enrolment, Order
from programs.services.leaving import enrolment_end, order_remove_enrolment
from programs.services.orders import order_enrolments, order_lines, order_record_paper, order_sign

ORDER_ROLES = (Action.KEEP_ORDERS, Action.SIGN_ORDERS)


def _count(field: str):
    rows = (
        Enrolment.objects.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def issuer(order: Order):
    """The legal entity that issues the order: a structural subdivision's orders are its parent
    organisation's (the subdivision is named under it)."""
    organisation = order.organisation
    if organisation.kind == Organisation.Kind.SUBDIVISION and organisation.parent_id:
        return organisation.parent
    return organisation


def order_heading(order: Order) -> str:
    """What the order is about, as printed under its number: its title, else by its kind."""
    if order.title:
        return order.title
    return {
        Order.Kind.ENROLMENT: _("On the enrolment of learners"),
        Order.Kind.LEAVING: _("On the leaving of learners"),
        Order.Kind.TRANSFER: _("On the transfer of learners to the next year of study"),
    }[order.kind]


@require_GET
@action_required(*ORDER_ROLES)
def order_list(request):
    orders = orders_for_user(request.user).annotate(enrolled=_count("order"), leaving=_count("leaving_order"))
    status, kind = request.GET.get("status", ""), request.GET.get("kind", "")
    if status in Order.Status.values:
        orders = orders.filter(status=status)
    if kind in Order.Kind.values:
        orders = orders.filter(kind=kind)
    page = paginate(request, orders.order_by("status", "-academic_year__start", "-signed_on", "-pk"))
    return render(
        request,
        "programs/staff/orders/order_list.html",
        {
            "page": page,
            "status": status,
            "kind": kind,
            "statuses": Order.Status.choices,
            "kinds": Order.Kind.choices,
        },
    )


def _detail_context(request, order, *, paged=True):
    """The order's children: a page of them (the order's page, the signing), or every one (the
    printed order, which is the document)."""
    if paged:
        page = paginate(request, order_enrolments(order))
        lines = order_lines(order, page.object_list, start=page.start_index())
        count = page.paginator.count
    else:
        page = None
        lines = order_lines(order)
        count = len(lines)
    if lines:
        record_personal_data_access(
            request, order, description=_("Children of an order (%(count)s)") % {"count": len(lines)}
        )
    return {"order": order, "heading": order_heading(order), "lines": lines, "count": count, "page": page}


@require_GET
@action_required(*ORDER_ROLES)
def order_detail(request, pk):
    order = get_order_for_user(request, pk)
    context = _detail_context(request, order)
    context |= {
        "can_sign": order.is_draft and can(request.user, Action.SIGN_ORDERS),
        "can_keep": order.is_draft and can(request.user, Action.KEEP_ORDERS),
        "history": history_of(order),
    }
    return render(request, "programs/staff/orders/order_detail.html", context)


def _signing(request, pk, *, paper: bool):
    order = get_order_for_user(request, pk)
    back = reverse("programs:staff_order", args=[order.pk])
    if not order.is_draft:
        messages.error(request, _("This order is already signed: %(order)s.") % {"order": order})
        return redirect(back)
    context = _detail_context(request, order)
    form = SignForm(
        request.POST if request.method == "POST" else None, initial={"children": context["count"]}
    )
    if request.method == "POST" and request.POST.get("confirmed") and form.is_valid():
        service = order_record_paper if paper else order_sign
        try:
            order = service(order=order, by=request.user, **form.service_kwargs())
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("%(order)s is signed.") % {"order": order})
            return redirect(back)
    if paper:
        question = _("Enter the number and date of the order signed on paper?")
        consequence = _(
            "The draft becomes the order signed on paper with this number and date; no child can "
            "be added to it or taken out of it afterwards."
        )
        label = _("Save the number and date")
    else:
        question = _("Sign the order?")
        consequence = _(
            "The order is signed with your name, its number and date; no child can be added to it or "
            "taken out of it afterwards. Children accepted later go into a new draft."
        )
        label = _("Sign the order")
    return render(
        request,
        "programs/staff/orders/order_sign.html",
        context
        | {"form": form, "question": question, "consequence": consequence, "label": label, "back": back},
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.SIGN_ORDERS)
def order_sign_view(request, pk):
    return _signing(request, pk, paper=False)


@require_http_methods(["GET", "POST"])
@action_required(Action.KEEP_ORDERS)
def order_paper_view(request, pk):
    return _signing(request, pk, paper=True)


@require_http_methods(["GET", "POST"])
@action_required(Action.KEEP_ORDERS)
def order_remove(request, pk, enrolment_pk):
    """Take a child out of a draft enrolment order: the enrolment is undone."""
    order = get_order_for_user(request, pk)
    enrolment = get_object_or_404(
        Enrolment.objects.filter(order=order).select_related("learner", "group__club", "application"),
        pk=enrolment_pk,
    )
    back = reverse("programs:staff_order", args=[order.pk])
    if request.method == "POST" and request.POST.get("confirmed"):
        try:
            order_remove_enrolment(order=order, enrolment=enrolment, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("%(child)s is taken out of the draft: the enrolment is undone.")
                % {"child": enrolment.learner.short_name},
            )
        return redirect(back)
    return render(
        request,
        "programs/staff/orders/order_remove.html",
        {
            "order": order,
            "enrolment": enrolment,
            "back": back,
            "question": _("Take %(child)s out of the draft order?") % {"child": enrolment.learner.full_name},
            "consequence": _(
                "The enrolment in the group «%(group)s» is undone: the place is free again and "
                "offered to the waiting list, and the application goes back to the queue undecided "
                "(accept it again or reject it with a reason the parent reads)."
            )
            % {"group": enrolment.group},
        },
    )


@require_GET
@action_required(*ORDER_ROLES)
def order_print(request, pk):
    """The order as printed: the centre's header, the number and date, the children."""
    order = get_order_for_user(request, pk)
    context = _detail_context(request, order, paged=False)
    return render(request, "programs/staff/orders/order_print.html", context | {"issuer": issuer(order)})


@require_GET
@action_required(*ORDER_ROLES)
def order_export(request, pk):
    order = get_order_for_user(request, pk)
    lines = order_lines(order)
    record_personal_data_access(
        request,
        order,
        Access.EXPORT,
        description=_("Order's children (%(count)s), XLSX") % {"count": len(lines)},
    )
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Order")[:31]
    if issuer(order) != order.organisation:
        append_row(sheet, [issuer(order).name])
    append_row(sheet, [order.organisation.name])
    append_row(sheet, [str(order), order_heading(order)])
    append_row(sheet, [])
    leaving = order.kind == Order.Kind.LEAVING
    titles = [_("No."), _("Child"), _("Date of birth"), _("Group")]
    titles += [_("End date"), _("Reason for leaving")] if leaving else [_("Start date"), _("Funding source")]
    header_row(sheet, titles, widths=(6, 36, 14, 40, 14, 30))
    first = sheet.max_row + 1
    for line in lines:
        tail = [line.ends, line.reason] if leaving else [line.starts, line.funding]
        append_row(sheet, [line.number, line.child, line.birth_date, line.group, *tail])
    for row in sheet.iter_rows(min_row=first):
        for cell in (row[2], row[4]):
            cell.number_format = "DD.MM.YYYY"
    name = f"order-{order.number or order.pk}.xlsx"
    return xlsx_response(workbook, name)


@require_http_methods(["GET", "POST"])
@action_required(Action.KEEP_ORDERS)
def enrolment_end_view(request, pk):
    """Staff end a child's enrolment with a reason; it goes into the draft leaving order."""
    enrolment = get_object_or_404(
        Enrolment.objects.for_user(request.user, write=True)
        .active()
        .select_related("learner", "group__club"),
        pk=pk,
    )
    back = reverse("programs:staff_group", args=[enrolment.group_id])
    form = EndEnrolmentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and request.POST.get("confirmed") and form.is_valid():
        try:
            enrolment_end(
                enrolment=enrolment,
                by=request.user,
                reason=form.cleaned_data["reason"],
                left_on=form.cleaned_data["left_on"],
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("%(child)s has left the group; the leaving is in the draft leaving order.")
                % {"child": enrolment.learner.short_name},
            )
            return redirect(back)
    return render(
        request,
        "programs/staff/orders/enrolment_end.html",
        {
            "enrolment": enrolment,
            "form": form,
            "back": back,
            "question": _("End the enrolment of %(child)s in the group «%(group)s»?")
            % {"child": enrolment.learner.full_name, "group": enrolment.group},
            "consequence": _(
                "The child leaves the group on the end date, the place is offered to the waiting list, "
                "and the leaving goes into the draft leaving order for the director to sign."
            ),
        },
    )
