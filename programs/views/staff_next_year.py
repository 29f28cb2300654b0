"""The methodist's wizard of the next academic year, in server-rendered steps that need no
JavaScript: choose the programs and next year's application window (the start page), see
what will be copied, with every clash (the preview: each group's window editable), confirm
the copy; then, group by group, choose who moves on and who leaves, and confirm.

The forms live here: they exist only for these pages (programs.services.next_year does the
writes)."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_http_methods

from centre.audit import record_personal_data_access
from centre.forms import DateInput, show_errors
from centre.models import AcademicYear
from centre.pagination import paginate
from centre.roles import Action, action_required
from programs.models import Enrolment, Group
from programs.services import next_year as service
from programs.services.next_year import Decision

WINDOW_ORDER = gettext_lazy("Applications cannot close before they open.")


def _window_error(form, enrol_from, enrol_until, field):
    if enrol_from and enrol_until and enrol_until < enrol_from:
        form.add_error(field, WINDOW_ORDER)


class ChooseForm(forms.Form):
    """The first step: which programs' groups to copy, and next year's application window for
    all of them (each group's can be changed in the preview)."""

    programs = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Programs whose groups go on into the next year"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("Choose at least one program.")},
    )
    enrol_from = forms.DateField(
        label=gettext_lazy("Applications for next year from"), required=False, widget=DateInput()
    )
    enrol_until = forms.DateField(
        label=gettext_lazy("Applications for next year until"), required=False, widget=DateInput()
    )

    def __init__(self, *args, user, year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programs"].queryset = service.programs_to_copy(user, year)

    def clean(self):
        data = super().clean()
        _window_error(self, data.get("enrol_from"), data.get("enrol_until"), "enrol_until")
        return data


class CopyForm(forms.Form):
    """The preview's form: for each group that can be copied, whether to copy it and its own
    application window."""

    def __init__(self, *args, plans, enrol_from=None, enrol_until=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.all_plans = plans
        self.plans = [plan for plan in plans if plan.can_copy]
        for plan in self.plans:
            pk = plan.group.pk
            self.fields[f"copy_{pk}"] = forms.BooleanField(
                label=_("Copy «%(group)s»") % {"group": plan.group}, required=False, initial=True
            )
            self.fields[f"from_{pk}"] = forms.DateField(
                label=_("applications from"), required=False, initial=enrol_from, widget=DateInput()
            )
            self.fields[f"until_{pk}"] = forms.DateField(
                label=_("applications until"), required=False, initial=enrol_until, widget=DateInput()
            )

    def rows(self):
        """Each plan with its three bound fields (None for a group copied before or blocked)."""
        fields = {plan.group.pk: plan for plan in self.plans}
        for plan in self.all_plans:
            pk = plan.group.pk
            if pk in fields:
                yield plan, self[f"copy_{pk}"], self[f"from_{pk}"], self[f"until_{pk}"]
            else:
                yield plan, None, None, None

    def clean(self):
        data = super().clean()
        for plan in self.plans:
            pk = plan.group.pk
            _window_error(self, data.get(f"from_{pk}"), data.get(f"until_{pk}"), f"until_{pk}")
        if self.plans and not any(data.get(f"copy_{plan.group.pk}") for plan in self.plans):
            raise ValidationError(_("Choose at least one group to copy."))
        return data

    def windows(self):
        data = self.cleaned_data
        return {
            plan.group.pk: (data.get(f"from_{plan.group.pk}"), data.get(f"until_{plan.group.pk}"))
            for plan in self.plans
            if data.get(f"copy_{plan.group.pk}")
        }


class MoveForm(forms.Form):
    """For each child still studying in last year's group: moves on, leaves, or later."""

    def __init__(self, *args, enrolments, initial_decision, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = enrolments
        for enrolment in enrolments:
            self.fields[f"e_{enrolment.pk}"] = forms.ChoiceField(
                label=enrolment.learner.full_name,
                choices=Decision.choices,
                initial=initial_decision,
                widget=forms.RadioSelect,
            )

    def rows(self):
        for enrolment in self.enrolments:
            yield enrolment, self[f"e_{enrolment.pk}"]

    def decisions(self) -> dict[int, str]:
        return {enrolment.pk: self.cleaned_data[f"e_{enrolment.pk}"] for enrolment in self.enrolments}


def _no_year(request):
    return render(request, "programs/staff/next_year/start.html", {"year": None})


@require_GET
@action_required(Action.PLAN_NEXT_YEAR)
def next_year_start(request):
    year = AcademicYear.objects.current()
    if year is None:
        return _no_year(request)
    return _start_page(request, year, ChooseForm(user=request.user, year=year))


def _start_page(request, year, form):
    next_year = service.find_next_year(year)
    copies = service.copies_in(request.user, next_year) if next_year else Group.objects.none()
    return render(
        request,
        "programs/staff/next_year/start.html",
        {
            "year": year,
            "next_year": next_year,
            "next_label": service.next_year_label(year),
            "form": form,
            "page": paginate(request, copies),
        },
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_NEXT_YEAR)
def next_year_preview(request):
    year = AcademicYear.objects.current()
    if year is None:
        return _no_year(request)
    choose = ChooseForm(request.GET, user=request.user, year=year)
    if not choose.is_valid():
        return _start_page(request, year, choose)
    programs = choose.cleaned_data["programs"]
    next_year = service.find_next_year(year)
    groups = service.groups_to_copy(request.user, year, [program.pk for program in programs])
    plans = service.plan_copies(groups, next_year)
    window = {
        "enrol_from": choose.cleaned_data["enrol_from"],
        "enrol_until": choose.cleaned_data["enrol_until"],
    }
    context = {
        "year": year,
        "next_year": next_year,
        "next_label": service.next_year_label(year),
        "plans": plans,
        "back": reverse("programs:staff_next_year"),
    }
    if request.method == "POST":
        form = CopyForm(request.POST, plans=plans, **window)
        if form.is_valid():
            if not request.POST.get("confirmed"):
                return render(
                    request,
                    "programs/staff/next_year/copy_confirm.html",
                    {**context, "form": form, "details": _copy_details(form, plans)},
                )
            try:
                result = service.groups_copy(
                    by=request.user, year=year, program_ids=[p.pk for p in programs], windows=form.windows()
                )
            except ValidationError as error:
                show_errors(form, error)
            else:
                return render(
                    request, "programs/staff/next_year/copy_done.html", {**context, "result": result}
                )
    else:
        form = CopyForm(plans=plans, **window)
    return render(request, "programs/staff/next_year/preview.html", {**context, "form": form})


def _copy_details(form, plans) -> list[str]:
    chosen = set(form.windows())
    lines = []
    for plan in plans:
        if plan.group.pk not in chosen:
            continue
        kept = len(plan.lessons) - len(plan.clashes)
        line = ngettext(
            "«%(group)s»: year of study %(year)s, %(count)s lesson a week",
            "«%(group)s»: year of study %(year)s, %(count)s lessons a week",
            kept,
        ) % {"group": plan.group, "year": plan.year_of_study, "count": kept}
        for lesson in plan.clashes:
            line += "; " + _("not copied: %(lesson)s — %(why)s") % {
                "lesson": lesson.slot,
                "why": lesson.clash,
            }
        lines.append(line)
    return lines


def _copy_for_user(request, pk) -> Group:
    """A group of the user's own organisations that the wizard copied (404 otherwise)."""
    return get_object_or_404(
        Group.objects.for_user(request.user, write=True)
        .filter(copied_from__isnull=False)
        .select_related("club", "academic_year", "copied_from__program", "copied_from__academic_year"),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_NEXT_YEAR)
def next_year_children(request, pk):
    copy = _copy_for_user(request, pk)
    source = copy.copied_from
    everyone = list(service.children_of(copy))
    undecided = [e for e in everyone if e.status == Enrolment.Status.ACTIVE and not _moved(e)]
    done = [e for e in everyone if e not in undecided]
    for enrolment in done:
        enrolment.undoable = _moved(enrolment) and service.can_undo_move(enrolment.continued_by)
    if everyone:
        record_personal_data_access(
            request,
            source,
            description=_("Children of the group moving on to the next year (%(count)s)")
            % {"count": len(everyone)},
        )
    initial = service.default_decision(source)
    context = {
        "copy": copy,
        "source": source,
        "done": done,
        "program_ends": service.program_ends_with(source),
        "back": reverse("programs:staff_next_year"),
    }
    if request.method == "POST":
        form = MoveForm(request.POST, enrolments=undecided, initial_decision=initial)
        if form.is_valid():
            decisions = form.decisions()
            if not request.POST.get("confirmed"):
                return render(
                    request,
                    "programs/staff/next_year/children_confirm.html",
                    {**context, "form": form, "details": _move_details(decisions, undecided, copy)},
                )
            try:
                result = service.children_move(by=request.user, copy=copy, decisions=decisions)
            except ValidationError as error:
                show_errors(form, error)
            else:
                _say_moved(request, result)
                return redirect("programs:staff_next_year_children", pk=copy.pk)
    else:
        form = MoveForm(enrolments=undecided, initial_decision=initial)
    return render(request, "programs/staff/next_year/children.html", {**context, "form": form})


def _moved(enrolment) -> bool:
    try:
        return enrolment.continued_by is not None
    except Enrolment.DoesNotExist:
        return False


def _move_details(decisions, enrolments, copy) -> list[str]:
    names = {e.pk: e.learner.full_name for e in enrolments}
    moving = [names[pk] for pk, decision in decisions.items() if decision == Decision.MOVE]
    leaving = [names[pk] for pk, decision in decisions.items() if decision == Decision.LEAVE]
    lines = []
    if moving:
        lines.append(
            _("Move on into «%(group)s» from %(date)s, by the draft transfer order: %(names)s")
            % {
                "group": copy,
                "date": copy.academic_year.start.strftime("%d.%m.%Y"),
                "names": ", ".join(moving),
            }
        )
    if leaving:
        lines.append(
            _("Leave today, the program completed, by the draft leaving order: %(names)s")
            % {"names": ", ".join(leaving)}
        )
    if not lines:
        lines.append(_("Nobody is moved or leaves: every child is left for later."))
    return lines


def _say_moved(request, result) -> None:
    if result.moved:
        messages.success(
            request,
            ngettext(
                "%(count)s child moved on, in the draft transfer order.",
                "%(count)s children moved on, in the draft transfer order.",
                len(result.moved),
            )
            % {"count": len(result.moved)},
        )
    if result.left:
        messages.success(
            request,
            ngettext(
                "%(count)s child left, in the draft leaving order.",
                "%(count)s children left, in the draft leaving order.",
                len(result.left),
            )
            % {"count": len(result.left)},
        )
    if result.already:
        messages.info(
            request,
            ngettext(
                "%(count)s child was already moved on or had left: nothing changed for them.",
                "%(count)s children were already moved on or had left: nothing changed for them.",
                len(result.already),
            )
            % {"count": len(result.already)},
        )
    if result.enrolled:
        messages.warning(
            request,
            _("Already enrolled in next year's group otherwise, not moved: %(names)s")
            % {"names": ", ".join(e.learner.full_name for e in result.enrolled)},
        )


@require_http_methods(["GET", "POST"])
@action_required(Action.PLAN_NEXT_YEAR)
def next_year_move_undo(request, pk):
    """Undo one child's move on (pk: next year's enrolment) while the transfer order is a draft."""
    enrolment = get_object_or_404(
        Enrolment.objects.for_user(request.user, write=True)
        .filter(continues__isnull=False)
        .select_related("learner", "group__club", "order"),
        pk=pk,
    )
    back = reverse("programs:staff_next_year_children", args=[enrolment.group_id])
    error = None
    if request.method == "POST" and request.POST.get("confirmed"):
        try:
            service.move_undo(by=request.user, enrolment=enrolment)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request,
                _("The move of %(child)s is undone: decide about the child again.")
                % {"child": enrolment.learner.full_name},
            )
            return redirect(back)
    return render(
        request,
        "programs/staff/next_year/move_undo_confirm.html",
        {"enrolment": enrolment, "back": back, "error": error, "undoable": service.can_undo_move(enrolment)},
    )
