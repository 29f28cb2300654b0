"""Public pages: the showcase and a project's page. Only Project.objects.public() reaches
them, and children appear only as Learner.public_name."""

from django.db.models import OuterRef, Subquery
from django.http import FileResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from centre.pagination import paginate
from projects.access import get_photo_for_user
from projects.filters import ShowcaseFilter
from projects.models import Project, ProjectPhoto

#: Cards on a showcase page: whole rows of two or three.
SHOWCASE_PAGE_SIZE = 12


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
    page = paginate(request, filterset.qs, SHOWCASE_PAGE_SIZE)
    return render(request, "projects/showcase.html", {"filter": filterset, "page": page})


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
    item = get_photo_for_user(request, pk)
    response = FileResponse(item.image.open("rb"), content_type="image/jpeg")
    # no shared caches: a withdrawn consent must hide the photo at once
    response["Cache-Control"] = "private, no-cache"
    return response
