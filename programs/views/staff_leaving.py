"""Parents' requests that a child leave a club, as the staff who work the queue decide them:
the list of their organisations' requests and one request's page with the decision (the
page is the confirmation: nothing changes before its form is sent)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from centre.audit import record_personal_data_access
from centre.forms import show_errors
from centre.pagination import paginate
from centre.roles import Action, action_required
from programs.access import get_leave_request_for_user, leave_requests_for_user
from programs.forms.parents import LeaveDecisionForm
from programs.models import LeaveRequest
from programs.services.leaving import leave_request_approve, leave_request_refuse


@require_GET
@action_required(Action.WORK_APPLICATIONS)
def leave_request_list(request):
    show = request.GET.get("show")
    requests = leave_requests_for_user(request.user).order_by("-created_at", "-pk")
    if show != "all":
        requests = requests.filter(status=LeaveRequest.Status.PENDING)
    page = paginate(request, requests)
    return render(request, "programs/staff/leave_list.html", {"page": page, "show_all": show == "all"})


def _detail(request, leave, form=None):
    record_personal_data_access(request, leave.enrolment.learner, description=_("Request to leave a club"))
    return render(
        request,
        "programs/staff/leave_detail.html",
        {"leave": leave, "enrolment": leave.enrolment, "form": form or LeaveDecisionForm()},
    )


@require_GET
@action_required(Action.WORK_APPLICATIONS)
def leave_request_detail(request, pk):
    return _detail(request, get_leave_request_for_user(request, pk))


@require_POST
@action_required(Action.WORK_APPLICATIONS)
def leave_request_decide(request, pk):
    leave = get_leave_request_for_user(request, pk)
    form = LeaveDecisionForm(request.POST)
    if form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if form.cleaned_data["decision"] == LeaveDecisionForm.APPROVE:
                leave_request_approve(leave=leave, by=request.user, comment=comment)
                text = _("The request is approved: %(child)s has left the group.")
            else:
                leave_request_refuse(leave=leave, by=request.user, comment=comment)
                text = _("The request is refused: %(child)s stays in the group.")
        except ValidationError as error:
            show_errors(form, error)
        else:
            messages.success(request, text % {"child": leave.enrolment.learner.short_name})
            return redirect("programs:staff_leave_requests")
    return _detail(request, leave, form)
