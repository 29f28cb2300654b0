"""The coordinator's side: dashboard, export, programs, external people, new pairs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from centre import choosers
from centre.audit import Access, record_personal_data_access
from centre.forms import show_errors
from centre.history import history_of
from centre.pagination import paginate
from centre.roles import Action, action_required, can
from centre.workbooks import xlsx_response
from mentoring import services
from mentoring.access import get_program_for_user, person_of
from mentoring.export import pairs_workbook
from mentoring.forms import ExternalPersonForm, MentoringProgramForm, PairForm, ProgramFilter
from mentoring.models import MentoringProgram, Pair
from mentoring.selectors import dashboard as dashboard_figures
from mentoring.selectors import export_rows

MANAGE = Action.MANAGE_MENTORING


def _chosen_program(request) -> MentoringProgram | None:
    """The program of the user's organisations the query string names; another's is ignored."""
    chooser = ProgramFilter(request.GET, user=request.user)
    return chooser.cleaned_data["program"] if chooser.is_valid() else None


def _pairs(request, program):
    """The pairs of the user's organisations (of one program, when one is chosen)."""
    pairs = Pair.objects.for_user(request.user)
    return pairs if program is None else pairs.filter(program=program)


@require_GET
@action_required(MANAGE, Action.LOG_OWN_MENTORING)
def dashboard(request):
    """The coordinator's dashboard; a mentor without management rights goes to their pairs."""
    if not can(request.user, MANAGE):
        return redirect("mentoring:my_pairs")
    program = _chosen_program(request)
    pairs = _pairs(request, program)
    page = paginate(request, pairs.with_people().with_figures().order_by("-start", "id"))
    return render(
        request,
        "mentoring/dashboard.html",
        {
            **dashboard_figures(user=request.user, program=program),
            "program": program,
            "programs": MentoringProgram.objects.for_user(request.user).order_by("-start"),
            "page": page,
            "today": timezone.localdate(),
        },
    )


@require_GET
@action_required(MANAGE, Action.LOG_OWN_MENTORING)
def my_pairs(request):
    person = person_of(request.user)
    pairs = (
        Pair.objects.for_user(request.user)
        .for_person(person)
        .with_people()
        .with_figures()
        .order_by("-start", "id")
        if person is not None
        else Pair.objects.none()
    )
    return render(request, "mentoring/my_pairs.html", {"pairs": pairs, "today": timezone.localdate()})


@require_GET
@action_required(MANAGE)
def export(request):
    program = _chosen_program(request)
    pairs = _pairs(request, program)
    rows = list(export_rows(pairs))
    # mentees are children: the export is personal data
    record_personal_data_access(
        request,
        program or Pair,
        Access.EXPORT,
        _("XLSX of the mentoring pairs (%(count)s)") % {"count": len(rows)},
    )
    return xlsx_response(
        pairs_workbook(rows, user=request.user), f"mentoring-{timezone.localdate():%Y-%m-%d}.xlsx"
    )


def _form_page(request, form, *, title, back):
    return render(request, "mentoring/form.html", {"form": form, "title": title, "back": back})


@action_required(MANAGE)
def program_create(request):
    if request.method == "POST":
        form = MentoringProgramForm(request.POST, user=request.user)
        if not choosers.searching(request, form) and form.is_valid():
            program = form.save()
            messages.success(request, _("The program «%(title)s» is saved.") % {"title": program.title})
            return redirect("mentoring:dashboard")
    else:
        form = MentoringProgramForm(user=request.user)
    return _form_page(request, form, title=_("New mentoring program"), back="mentoring:dashboard")


@action_required(MANAGE)
def program_update(request, pk):
    program = get_program_for_user(request, pk, write=True)
    if request.method == "POST":
        form = MentoringProgramForm(request.POST, instance=program, user=request.user)
        if not choosers.searching(request, form) and form.is_valid():
            form.save()
            messages.success(request, _("The program «%(title)s» is saved.") % {"title": program.title})
            return redirect("mentoring:dashboard")
    else:
        form = MentoringProgramForm(instance=program, user=request.user)
    return render(
        request,
        "mentoring/program_form.html",
        {"form": form, "title": program.title, "back": "mentoring:dashboard", "history": history_of(program)},
    )


@action_required(MANAGE)
def external_create(request):
    if request.method == "POST":
        form = ExternalPersonForm(request.POST, user=request.user)
        if not choosers.searching(request, form) and form.is_valid():
            person = form.save()
            messages.success(
                request, _("%(name)s can now be chosen for a pair.") % {"name": person.full_name}
            )
            return redirect("mentoring:pair_create")
    else:
        form = ExternalPersonForm(user=request.user)
    return _form_page(request, form, title=_("New external participant"), back="mentoring:pair_create")


@action_required(MANAGE)
def pair_create(request):
    if request.method == "POST":
        form = PairForm(request.POST, user=request.user)
        if not choosers.searching(request, form) and form.is_valid():
            try:
                pair = services.pair_create(**form.service_kwargs())
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The pair is formed."))
                return redirect(pair)
    else:
        form = PairForm(user=request.user)
    return render(
        request,
        "mentoring/form.html",
        {"form": form, "title": _("New mentoring pair"), "back": "mentoring:dashboard"},
    )
