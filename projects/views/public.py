"""Public pages: the showcase and a project's page. Only Project.objects.public() reaches
them, and children appear only as Learner.public_name."""

from django.core.paginator import Paginator
from django.db.models import OuterRef, Q, Subquery
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from projects.filters import ShowcaseFilter
from projects.models import Project, ProjectPhoto

PAGE_SIZE = 12


def _with_cover(queryset):
    first_photo = (
        ProjectPhoto.objects.filter(project=OuterRef("pk")).order_by("position", "id").values("pk")[:1]
    )
    return queryset.annotate(cover_photo_id=Subquery(first_photo))


@require_GET
def showcase(request):
    projects = _with_cover(Project.objects.public().with_list_data()).order_by(
        "-academic_year__start", "title"
    )
    filterset = ShowcaseFilter(request.GET or None, queryset=projects)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "projects/showcase.html",
        {"filter": filterset, "page": page, "query": query.urlencode()},
    )


@require_GET
def project(request, pk):
    project = get_object_or_404(
        Project.objects.public().with_list_data().select_related("partner"),
        pk=pk,
    )
    members = list(project.public_members())
    shown = {member.learner_id: member.learner.public_name for member in members}
    results = [
        (result, shown.get(result.learner_id) if result.learner_id else None)
        for result in project.results.select_related("competition").order_by("-date")
        # a child's own result shows only for a child the page may name
        if result.learner_id is None or result.learner_id in shown
    ]
    return render(
        request,
        "projects/project.html",
        {
            "project": project,
            "members": members,
            "photos": project.photos.all(),
            "results": results,
        },
    )


@require_GET
def photo(request, pk):
    """A project photo: for anyone while the project is public, for its editors always."""
    visible = Q(project__in=Project.objects.public().values("pk"))
    if request.user.is_authenticated:
        visible |= Q(project__in=Project.objects.editable_by(request.user).values("pk"))
    item = get_object_or_404(ProjectPhoto.objects.filter(visible), pk=pk)
    response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
    # no shared caches: a withdrawn consent must hide the photo at once
    response["Cache-Control"] = "private, no-cache"
    return response
