"""The application queue of methodists and directors: filters, overdue marking, decisions
(an accept and a rejection each confirmed on a page of its own), and a group's waiting list
with its order."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from centre.audit import record_personal_data_access
from centre.forms import show_errors
from centre.history import history_of
from centre.models import AcademicYear
from centre.pagination import paginate
from centre.roles import Action, action_required, can
from programs import services
from programs.access import get_application_for_user, get_group_for_user
from programs.filters import ApplicationFilter
from programs.forms.applications import AcceptForm, MoveForm, RejectForm
from programs.forms.orders import AcceptOrderForm
from programs.models import Application, Enrolment, Offer
from programs.services.applications import already_decided

# open offers are at most the group's places (500); a page shows this many
MAX_OFFERS_SHOWN = 50


@require_GET
@action_required(Action.WORK_APPLICATIONS)
def application_list(request):
    applications = Application.objects.for_user(request.user, write=True).select_related(
        "group__club", "group__academic_year"
    )
    data = request.GET.copy()
    if "year" not in data and (year := AcademicYear.objects.current()):
        data["year"] = str(year.pk)
    filterset = ApplicationFilter(data, queryset=applications.order_by("-created_at", "-pk"), request=request)
    page = paginate(request, filterset.qs if filterset.is_valid() else applications.none())
    return render(
        request,
        "programs/staff/application_list.html",
        {"filter": filterset, "page": page, "next": request.get_full_path()},
    )


@require_GET
@action_required(Action.WORK_APPLICATIONS)
def application_detail(request, pk):
    application = get_application_for_user(request, pk)
    return _render_detail(request, application)


def _known_records(application):
    """The organisation's records of the applicant's child staff must choose between (see
    services.records_to_choose_from), with each record's current groups."""
    enrolments = Enrolment.objects.active().select_related("group__club")
    records = services.records_to_choose_from(application=application)
    return list(
        records.prefetch_related(Prefetch("enrolments", queryset=enrolments, to_attr="active_enrolments"))
    )


def _accept_form(request, application):
    """The choice between the known records and a new one, on the application page (it posts
    to the accept page, which asks the rest); None when the organisation knows no other child
    of this identity."""
    records = _known_records(application)
    if not records:
        return None
    return AcceptForm(records=records, personal_data=can(request.user, Action.VIEW_PERSONAL_DATA))


def _render_detail(request, application, *, reject_form=None, move_form=None):
    record_personal_data_access(request, application, description=_("Application page"))
    decidable = application.can_be_decided()
    movable = application.can_be_moved_in_line()
    return render(
        request,
        "programs/staff/application_detail.html",
        {
            "application": application,
            "age": application.child_age(),
            "reject_form": reject_form or RejectForm(),
            "accept_form": _accept_form(request, application) if application.can_be_accepted() else None,
            "decidable": decidable,
            "acceptable": application.can_be_accepted(),
            "offer": application.open_offer,
            "place": application.place_in_line(),
            "move_form": (move_form or MoveForm()) if movable else None,
            "can_waitlist": application.can_be_waitlisted(),
            "can_open_learner": can(request.user, Action.VIEW_PERSONAL_DATA),
            "history": history_of(application),
        },
    )


def _back(request, application):
    """Back to the queue the decision was taken from (its filters kept), else to the detail."""
    target = _safe_next(request, request.POST.get("next", ""))
    if target:
        return redirect(target)
    return redirect("programs:staff_application", pk=application.pk)


def _safe_next(request, target):
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return ""


@require_http_methods(["GET", "POST"])
@action_required(Action.WORK_APPLICATIONS)
def application_accept(request, pk):
    """GET or a first POST: the confirmation, with the start date, the funding source, the
    order the child goes into (the draft, or one signed on paper) and, when the organisation
    already knows a child of this identity, the choice between its records; a POST with
    confirmed=1 enrols."""
    application = get_application_for_user(request, pk)
    if not application.can_be_accepted():
        messages.error(request, " ".join(already_decided(application).messages))
        return redirect("programs:staff_application", pk=application.pk)
    records = _known_records(application)
    options = {
        "group": application.group,
        "records": records,
        "personal_data": can(request.user, Action.VIEW_PERSONAL_DATA),
    }
    form = AcceptOrderForm(request.POST if request.method == "POST" else None, **options)
    # the queue the accept was opened from (its filters kept), carried in the form's address
    back = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    action = request.path + (f"?{urlencode({'next': back})}" if back else "")
    confirmed = request.method == "POST" and request.POST.get("confirmed")
    if confirmed and form.is_valid():
        try:
            services.application_accept(
                application=application, by=request.user, **form.service_kwargs(), **form.learner_data()
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # about the group or the application (no place, decided meanwhile), not the form
                messages.error(request, " ".join(error.messages))
                return redirect(back or reverse("programs:staff_application", args=[application.pk]))
            show_errors(form, error)
        else:
            messages.success(
                request,
                _("%(child)s is enrolled in the group «%(group)s».")
                % {"child": application.child_full_name, "group": application.group},
            )
            return redirect(back or reverse("programs:staff_application", args=[application.pk]))
    elif request.method == "POST" and not confirmed:
        # the application page's choice of record (or a first POST): asked again, without errors
        initial = form.initial | {name: value for name, value in request.POST.items() if name in form.fields}
        form = AcceptOrderForm(initial=initial, **options)
    return render(
        request,
        "programs/staff/application_accept.html",
        {
            "application": application,
            "form": form,
            "known_child": bool(records),
            "action": action,
            "cancel_url": back or reverse("programs:staff_application", args=[application.pk]),
            "question": _("Enrol %(child)s in the group «%(group)s»?")
            % {"child": application.child_full_name, "group": application.group},
            "consequence": _(
                "The child takes a place in the group from the start date and the parent is told. "
                "The enrolment goes into the draft enrolment order for the director to sign, or into "
                "the order already signed on paper whose number and date you give."
            ),
        },
    )


@require_POST
@action_required(Action.WORK_APPLICATIONS)
def application_waitlist(request, pk):
    application = get_application_for_user(request, pk)
    try:
        services.application_waitlist(application=application, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Application %(number)s is on the waiting list.") % {"number": application.number}
        )
    return _back(request, application)


@require_http_methods(["GET", "POST"])
@action_required(Action.WORK_APPLICATIONS)
def application_reject(request, pk):
    """GET or a first POST (the reason typed on the application page): the confirmation page,
    the reason still editable; a POST with confirmed=1 rejects."""
    application = get_application_for_user(request, pk)
    if not application.can_be_decided():
        messages.error(request, " ".join(already_decided(application).messages))
        return redirect("programs:staff_application", pk=application.pk)
    form = RejectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and request.POST.get("confirmed"):
        try:
            services.application_reject(
                application=application, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(
                request, _("Application %(number)s is rejected.") % {"number": application.number}
            )
            return redirect("programs:staff_application", pk=application.pk)
    if request.method == "POST" and not request.POST.get("confirmed") and form.is_valid():
        form = RejectForm(initial=form.cleaned_data)  # shown for a last look, without errors
    return render(
        request,
        "programs/staff/application_reject.html",
        {
            "application": application,
            "form": form,
            "question": _("Reject application %(number)s?") % {"number": application.number},
            "consequence": _(
                "The parent is told the reason in a message and on the status page. A rejected "
                "application cannot be reopened: the parent would apply again."
            ),
        },
    )


@require_POST
@action_required(Action.WORK_APPLICATIONS)
def application_move(request, pk):
    """Move a waiting application to another place in its group's line, with the reason."""
    application = get_application_for_user(request, pk)
    form = MoveForm(request.POST)
    if form.is_valid():
        line = list(Application.objects.in_line(application.group_id).exclude(pk=application.pk))
        position = form.cleaned_data["position"]
        before = line[position - 1] if position <= len(line) else None
        try:
            services.move_in_line(
                application, before=before, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            show_errors(form, error)
        else:
            application.refresh_from_db()
            messages.success(
                request,
                _("Application %(number)s is now number %(place)s in the line.")
                % {"number": application.number, "place": application.place_in_line()},
            )
            return redirect("programs:staff_application", pk=application.pk)
    return _render_detail(request, application, move_form=form)


@require_GET
@action_required(Action.WORK_APPLICATIONS)
def waiting_list(request, pk):
    """A group's waiting list in its order, and the places offered to it now."""
    group = get_group_for_user(request, pk, write=True)
    line = Application.objects.for_user(request.user, write=True).in_line(group.pk)
    page = paginate(request, line)
    offers = (
        Offer.objects.open()
        .filter(group=group)
        .select_related("application")
        .order_by("expires_at", "pk")[:MAX_OFFERS_SHOWN]
    )
    return render(
        request,
        "programs/staff/application_line.html",
        {"group": group, "page": page, "offers": list(offers), "first_place": page.start_index()},
    )
