"""Staff pages: projects with members, results, photos and files; competitions and their
results. Methodists reach every project; a teacher only those of the clubs where they teach
a group (others' projects answer 404)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from centre import choosers
from centre.forms import show_errors
from centre.pagination import paginate
from centre.roles import Action, action_required, can
from projects import services
from projects.access import (
    EDITORS,
    editable_projects,
    editable_results,
    get_competition_for_user,
    get_project_for_user,
    get_result_for_user,
)
from projects.filters import ResultFilter, StaffProjectFilter
from projects.forms import (
    CompetitionForm,
    CompetitionResultFormSet,
    MemberFormSet,
    PhotoForm,
    ProjectFileForm,
    ProjectForm,
    ProjectResultFormSet,
)
from projects.models import Competition, Project, Result
from projects.reports import results_for_projects


@action_required(*EDITORS)
def project_list(request):
    projects = editable_projects(request.user).with_list_data().order_by("-academic_year__start", "title")
    projects = projects.annotate(public_now=Exists(Project.objects.public().filter(pk=OuterRef("pk"))))
    filterset = StaffProjectFilter(request.GET or None, queryset=projects, request=request)
    page = paginate(request, filterset.qs)
    results = results_for_projects([p.pk for p in page.object_list])
    rows = [(project, results.get(project.pk, [])) for project in page.object_list]
    return render(
        request,
        "projects/staff/project_list.html",
        {
            "filter": filterset,
            "page": page,
            "rows": rows,
            "can_edit_all": can(request.user, Action.EDIT_PROJECTS),
        },
    )


def _project_form_page(request, project):
    if request.method == "POST":
        form = ProjectForm(request.POST, instance=project, user=request.user)
        members = MemberFormSet(request.POST, instance=form.instance, user=request.user, prefix="members")
        if choosers.searching(request, form, members):
            pass  # a search for a person: the same page with the matches, nothing saved
        # the form first: it sets the format the member formset checks
        elif form.is_valid() and members.is_valid():
            try:
                saved = services.project_save(form=form, members=members, user=request.user)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The project is saved."))
                return redirect("projects:project_edit", pk=saved.pk)
    else:
        form = ProjectForm(instance=project, user=request.user)
        members = MemberFormSet(instance=project, user=request.user, prefix="members")
    without_consent = list(project.members_without_consent()) if project.pk else []
    return render(
        request,
        "projects/staff/project_form.html",
        {
            "form": form,
            "members": members,
            "project": project,
            "without_consent": without_consent,
            "is_public_now": bool(project.pk) and Project.objects.public().filter(pk=project.pk).exists(),
        },
    )


@action_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def project_create(request):
    return _project_form_page(request, Project())


@action_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def project_edit(request, pk):
    project = get_project_for_user(request, pk)
    return _project_form_page(request, project)


def _results_page(request, owner, formset_class, template):
    """The results formset of a project or of a competition (``owner``). A conflict the
    database finds on saving (another editor's result saved meanwhile) is shown above the
    rows as ``save_errors``; the rows keep what was typed."""
    save_errors = []
    if request.method == "POST":
        formset = formset_class(
            request.POST, request.FILES, instance=owner, prefix="results", user=request.user
        )
        if not choosers.searching(request, formset) and formset.is_valid():
            try:
                services.results_save(formset=formset)
            except ValidationError as error:
                save_errors = error.messages
            else:
                messages.success(request, _("The results are saved."))
                return redirect(request.path)
    else:
        formset = formset_class(instance=owner, prefix="results", user=request.user)
    name = owner._meta.model_name
    return render(request, template, {name: owner, "formset": formset, "save_errors": save_errors})


@action_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def project_results(request, pk):
    project = get_project_for_user(request, pk)
    return _results_page(request, project, ProjectResultFormSet, "projects/staff/project_results.html")


@action_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def project_media(request, pk):
    project = get_project_for_user(request, pk)
    photo_form, file_form = PhotoForm(prefix="photo"), ProjectFileForm(prefix="file")
    if request.method == "POST":
        if request.POST.get("kind") == "photo":
            photo_form = PhotoForm(request.POST, request.FILES, prefix="photo")
            if photo_form.is_valid():
                services.photo_add(
                    project=project,
                    image=photo_form.cleaned_data["image"],
                    caption=photo_form.cleaned_data["caption"],
                )
                messages.success(request, _("The photo is added."))
                return redirect("projects:project_media", pk=project.pk)
        else:
            file_form = ProjectFileForm(request.POST, request.FILES, prefix="file")
            if file_form.is_valid():
                services.file_add(form=file_form, project=project)
                messages.success(request, _("The file is added."))
                return redirect("projects:project_media", pk=project.pk)
    return render(
        request,
        "projects/staff/project_media.html",
        {
            "project": project,
            "photo_form": photo_form,
            "file_form": file_form,
            "photos": project.photos.all(),
            "files": project.files.all(),
        },
    )


def _delete_page(request, project, *, question, consequence, label, photo=None):
    """The confirmation before a photo or a file is deleted (includes/confirm.html): a page of
    its own, so a slip of the finger on a phone deletes nothing."""
    return render(
        request,
        "projects/staff/media_delete.html",
        {
            "project": project,
            "photo": photo,
            "question": question,
            "consequence": consequence,
            "label": label,
        },
    )


@action_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def photo_delete(request, pk, photo_pk):
    """GET: the confirmation; POST: the deletion."""
    project = get_project_for_user(request, pk)
    photo = get_object_or_404(project.photos, pk=photo_pk)
    if request.method == "GET":
        return _delete_page(
            request,
            project,
            photo=photo,
            question=_("Delete the photo?"),
            consequence=_(
                "The photo leaves the project and its public page. It cannot be restored: to show it "
                "again, upload it again."
            ),
            label=_("Delete the photo"),
        )
    services.photo_delete(photo=photo)
    messages.success(request, _("The photo is deleted."))
    return redirect("projects:project_media", pk=project.pk)


@action_required(*EDITORS)
@require_http_methods(["GET", "POST"])
def file_delete(request, pk, file_pk):
    """GET: the confirmation; POST: the deletion."""
    project = get_project_for_user(request, pk)
    item = get_object_or_404(project.files, pk=file_pk)
    if request.method == "GET":
        return _delete_page(
            request,
            project,
            question=_("Delete the file «%(title)s»?") % {"title": item.title},
            consequence=_(
                "The file is deleted from the project for every member of staff. It cannot be restored."
            ),
            label=_("Delete the file"),
        )
    services.file_delete(item=item)
    messages.success(request, _("The file is deleted."))
    return redirect("projects:project_media", pk=project.pk)


def _private_download(field, name):
    response = FileResponse(field.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    return response


@action_required(*EDITORS)
def file_download(request, pk, file_pk):
    project = get_project_for_user(request, pk)
    item = get_object_or_404(project.files, pk=file_pk)
    return _private_download(item.file, item.file.name.rsplit("/", 1)[-1])


@action_required(*EDITORS)
def diploma_download(request, pk):
    result = get_result_for_user(request, pk)
    if not result.diploma:
        return get_object_or_404(Result.objects.none(), pk=pk)
    return _private_download(result.diploma, result.diploma.name.rsplit("/", 1)[-1])


@action_required(*EDITORS)
def result_list(request):
    results = editable_results(request.user).with_list_data().order_by("-date", "id")
    filterset = ResultFilter(request.GET or None, queryset=results, request=request)
    page = paginate(request, filterset.qs)
    return render(request, "projects/staff/result_list.html", {"filter": filterset, "page": page})


@action_required(*EDITORS)
def competition_list(request):
    competitions = (
        Competition.objects.for_user(request.user)
        .select_related("academic_year", "direction")
        .order_by("-starts_on", "title")
    )
    page = paginate(request, competitions)
    return render(
        request,
        "projects/staff/competition_list.html",
        {"page": page, "can_edit": can(request.user, Action.EDIT_PROJECTS)},
    )


def _competition_form_page(request, competition):
    if request.method == "POST":
        form = CompetitionForm(request.POST, instance=competition, user=request.user)
        if not choosers.searching(request, form) and form.is_valid():
            try:
                saved = services.competition_save(form=form)
            except ValidationError as error:
                show_errors(form, error)
            else:
                messages.success(request, _("The competition is saved."))
                return redirect("projects:competition_edit", pk=saved.pk)
    else:
        form = CompetitionForm(instance=competition, user=request.user)
    return render(request, "projects/staff/competition_form.html", {"form": form, "competition": competition})


@action_required(Action.EDIT_PROJECTS)
@require_http_methods(["GET", "POST"])
def competition_create(request):
    return _competition_form_page(request, Competition())


@action_required(Action.EDIT_PROJECTS)
@require_http_methods(["GET", "POST"])
def competition_edit(request, pk):
    return _competition_form_page(request, get_competition_for_user(request, pk))


@action_required(Action.EDIT_PROJECTS)
@require_http_methods(["GET", "POST"])
def competition_results(request, pk):
    competition = get_competition_for_user(request, pk)
    return _results_page(
        request, competition, CompetitionResultFormSet, "projects/staff/competition_results.html"
    )
