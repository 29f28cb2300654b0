"""Staff pages of programs: the methodist's list and forms, the director's review."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from centre.forms import show_errors
from centre.history import history_of
from centre.pagination import paginate
from centre.roles import Action, action_required, can
from centre.scope import in_scope
from programs import services
from programs.access import get_program_for_user
from programs.filters import ProgramFilter
from programs.forms.programs import ApprovalForm, ModuleFormSet, ProgramForm, ReturnForm
from programs.models import Program


@require_GET
@action_required(Action.EDIT_PROGRAMS, Action.APPROVE_PROGRAMS, Action.VIEW_REGISTERS)
def program_list(request):
    programs = (
        Program.objects.for_user(request.user)
        .select_related("direction", "renewal_year")
        .annotate(module_count=Count("modules"))
    )
    filterset = ProgramFilter(request.GET, queryset=programs.order_by("title", "pk"), request=request)
    page = paginate(request, filterset.qs if filterset.is_valid() else programs.none())
    return render(
        request,
        "programs/staff/program_list.html",
        {
            "filter": filterset,
            "page": page,
            "can_edit": can(request.user, Action.EDIT_PROGRAMS),
            "can_approve": can(request.user, Action.APPROVE_PROGRAMS),
        },
    )


@require_GET
@action_required(Action.EDIT_PROGRAMS, Action.APPROVE_PROGRAMS, Action.VIEW_REGISTERS)
def program_detail(request, pk):
    program = get_program_for_user(request, pk)
    return _render_detail(request, program)


def _render_detail(request, program, *, approval_form=None, return_form=None):
    renewing = program.is_renewing
    # a reader of the territory (the education authority) gets the page without its forms
    own = in_scope(program, request.user, write=True)
    can_approve = own and can(request.user, Action.APPROVE_PROGRAMS) and program.awaits_decision()
    editor = own and can(request.user, Action.EDIT_PROGRAMS)
    renewal_target = None
    if editor and program.can_be_sent_for_renewal():
        renewal_target = services.program_renewal_target(program)
    if can_approve and approval_form is None:
        approval_form = ApprovalForm(prefix="approval", year=program.renewal_year if renewing else None)
    return render(
        request,
        "programs/staff/program_detail.html",
        {
            "program": program,
            "modules": program.modules.all(),
            "approvals": program.approvals.select_related("academic_year", "approved_by"),
            "authors": program.authors.all(),
            "partners": program.partners.all(),
            "can_edit": editor and program.can_be_edited(),
            "can_submit": editor and program.can_be_submitted(),
            "renewal_target": renewal_target,
            "renewing": renewing,
            "can_approve": can_approve,
            "approval_form": approval_form,
            "return_form": return_form or (ReturnForm(prefix="return") if can_approve else None),
            "history": history_of(program),
        },
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.EDIT_PROGRAMS)
def program_create(request):
    return _program_form(request, Program(created_by=request.user))


@require_http_methods(["GET", "POST"])
@action_required(Action.EDIT_PROGRAMS)
def program_edit(request, pk):
    return _program_form(request, get_program_for_user(request, pk, for_edit=True))


def _program_form(request, program):
    if request.method == "POST":
        form = ProgramForm(request.POST, instance=program, user=request.user)
        formset = ModuleFormSet(request.POST, instance=program, prefix="modules")
        if form.is_valid() and formset.is_valid():
            program = services.program_save(form=form, modules=formset, by=request.user)
            messages.success(request, _("The program is saved."))
            return redirect("programs:staff_program", pk=program.pk)
    else:
        form = ProgramForm(instance=program, user=request.user)
        formset = ModuleFormSet(instance=program, prefix="modules")
    return render(
        request,
        "programs/staff/program_form.html",
        {"form": form, "formset": formset, "program": program if program.pk else None},
    )


@require_POST
@action_required(Action.EDIT_PROGRAMS)
def program_submit(request, pk):
    """Send a draft or returned program for the director's review; a published one, for the
    director's approval for another academic year (it stays published meanwhile)."""
    program = get_program_for_user(request, pk, write=True)
    try:
        if program.status == Program.Status.PUBLISHED:
            program = services.program_renewal_submit(program=program, by=request.user)
            message = _(
                "The program is sent to the director for approval for %(year)s. Until then it stays "
                "published as approved for its current year."
            ) % {"year": program.renewal_year}
        else:
            services.program_submit_for_review(program=program, by=request.user)
            message = _("The program is sent to the director for review.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, message)
    return redirect("programs:staff_program", pk=program.pk)


@require_GET
@action_required(Action.APPROVE_PROGRAMS)
def review_queue(request):
    programs = (
        Program.objects.for_user(request.user, write=True)
        .awaiting_review()
        .select_related("direction", "created_by", "renewal_year")
        .annotate(module_count=Count("modules"))
        .order_by("updated_at", "pk")
    )
    return render(request, "programs/staff/review_queue.html", {"page": paginate(request, programs)})


@require_POST
@action_required(Action.APPROVE_PROGRAMS)
def program_approve(request, pk):
    """Approve a program under review and publish it, or approve a published one for the
    academic year it was sent for."""
    program = get_program_for_user(request, pk, write=True)
    renewing = program.is_renewing
    form = ApprovalForm(
        request.POST, prefix="approval", instance=None, year=program.renewal_year if renewing else None
    )
    if form.is_valid():
        approval = form.save(commit=False)
        try:
            if renewing:
                services.program_renewal_approve(program=program, by=request.user, approval=approval)
            else:
                services.program_publish(program=program, by=request.user, approval=approval)
        except ValidationError as error:
            show_errors(form, error)
        else:
            if renewing:
                message = _("The program is approved for %(year)s.") % {"year": approval.academic_year}
            else:
                message = _("The program is approved and published.")
            messages.success(request, message)
            return redirect("programs:staff_program", pk=program.pk)
    return _render_detail(request, program, approval_form=form)


@require_POST
@action_required(Action.APPROVE_PROGRAMS)
def program_return(request, pk):
    program = get_program_for_user(request, pk, write=True)
    form = ReturnForm(request.POST, prefix="return")
    if form.is_valid():
        send_back = services.program_renewal_return if program.is_renewing else services.program_return
        try:
            send_back(program=program, by=request.user, comment=form.cleaned_data["review_comment"])
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, _("The program is returned to the methodist with your comment."))
            return redirect("programs:staff_review")
    return _render_detail(request, program, return_form=form)
