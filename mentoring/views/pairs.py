"""A pair's page and what its mentor, its mentees and the coordinator do there."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from centre.audit import record_personal_data_access
from centre.forms import show_errors
from centre.history import history_of
from centre.roles import Action, action_required
from mentoring import services
from mentoring.access import get_pair_for_user
from mentoring.forms import (
    FeedbackForm,
    MeetingForm,
    PairStatusForm,
    PairUpdateForm,
    PlanItemForm,
)
from mentoring.models import Meeting, Participant, PlanItem
from mentoring.selectors import pair_page

PAIR_ACTIONS = (Action.MANAGE_MENTORING, Action.LOG_OWN_MENTORING)


@require_GET
@action_required(*PAIR_ACTIONS)
def pair_detail(request, pk):
    access = get_pair_for_user(request, pk)
    learners = sum(1 for participant in access.pair.participants.all() if participant.learner_id)
    if learners:
        record_personal_data_access(
            request,
            access.pair,
            description=_("Mentoring pair; learners in it: %(count)s") % {"count": learners},
        )
    return render(
        request,
        "mentoring/pair_detail.html",
        {
            "pair": access.pair,
            "access": access,
            **pair_page(access.pair),
            # the pair's own fields only: its people are not historised, so no child's name is in it
            "history": history_of(access.pair),
        },
    )


def _form_page(request, form, *, title, pair, template="mentoring/form.html"):
    return render(
        request,
        template,
        {"form": form, "title": title, "pair": pair, "back_url": pair.get_absolute_url()},
    )


@action_required(*PAIR_ACTIONS)
def pair_update(request, pk):
    pair = get_pair_for_user(request, pk, write=True).managed()
    if request.method == "POST":
        form = PairUpdateForm(request.POST, instance=pair)
        if form.is_valid():
            form.save()
            messages.success(request, _("The pair is saved."))
            return redirect(pair)
    else:
        form = PairUpdateForm(instance=pair)
    return _form_page(request, form, title=_("Goals and planned end"), pair=pair)


@action_required(*PAIR_ACTIONS)
def pair_status(request, pk):
    pair = get_pair_for_user(request, pk, write=True).managed()
    if request.method == "POST":
        form = PairStatusForm(request.POST, pair=pair)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.pair_set_status(
                    pair=pair, status=data["status"], on=data["on"], reason=data["reason"]
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The status of the pair is changed."))
                return redirect(pair)
    else:
        form = PairStatusForm(pair=pair)
    # a page of its own that says first that closing a pair is for good: its confirmation
    return _form_page(
        request,
        form,
        title=_("Change the status of the pair"),
        pair=pair,
        template="mentoring/pair_status.html",
    )


@action_required(*PAIR_ACTIONS)
def meeting_create(request, pk):
    pair = get_pair_for_user(request, pk, write=True).logged()
    if request.method == "POST":
        form = MeetingForm(request.POST, instance=Meeting(pair=pair))
        if form.is_valid():
            try:
                services.meeting_log(pair=pair, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The meeting is logged."))
                return redirect(pair)
    else:
        form = MeetingForm(instance=Meeting(pair=pair))
    return _form_page(request, form, title=_("Log a meeting"), pair=pair)


@action_required(*PAIR_ACTIONS)
def plan_item_create(request, pk):
    pair = get_pair_for_user(request, pk, write=True).logged()
    if request.method == "POST":
        form = PlanItemForm(request.POST, instance=PlanItem(pair=pair))
        if form.is_valid():
            services.plan_item_add(pair=pair, **form.cleaned_data)
            messages.success(request, _("The step is added to the plan."))
            return redirect(pair)
    else:
        form = PlanItemForm(instance=PlanItem(pair=pair))
    return _form_page(request, form, title=_("Add a step to the plan"), pair=pair)


@require_POST
@action_required(*PAIR_ACTIONS)
def plan_item_toggle(request, pk, item_pk):
    pair = get_pair_for_user(request, pk, write=True).logged()
    item = get_object_or_404(PlanItem, pk=item_pk, pair=pair)
    services.plan_item_set_done(item=item, done=item.done_on is None)
    return redirect(pair)


@action_required(*PAIR_ACTIONS)
def feedback_create(request, pk):
    access = get_pair_for_user(request, pk, write=True)  # a manager, or one of the pair's own people
    pair = access.pair
    participants = Participant.objects.filter(pair=pair).select_related("person", "learner", "external")
    if not access.manage:
        participants = participants.filter(pk=access.own.pk)
    if request.method == "POST":
        form = FeedbackForm(request.POST, participants=participants, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.feedback_leave(
                    participant=data["participant"],
                    kind=data["kind"],
                    satisfaction=data["satisfaction"],
                    comments=data["comments"],
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("Thank you: the feedback is saved."))
                return redirect(pair)
    else:
        form = FeedbackForm(participants=participants, user=request.user)
    return _form_page(request, form, title=_("Feedback on the pair"), pair=pair)
