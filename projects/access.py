"""Who may touch which project: one helper per guarded object; outsiders get 404."""

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from centre.models import Learner
from centre.roles import Action, can
from programs.models import Club, Enrollment
from projects.models import Competition, Project, ProjectMember, Result


def may_edit_projects(user) -> bool:
    return can(user, Action.EDIT_PROJECTS) or can(user, Action.EDIT_OWN_PROJECTS)


def clubs_for_user(user):
    """Clubs whose projects the user may enter: all for a methodist; for a teacher, the clubs
    where they teach a group (programs.Group.teacher)."""
    if can(user, Action.EDIT_PROJECTS):
        return Club.objects.all()
    person = getattr(user, "person", None)
    if can(user, Action.EDIT_OWN_PROJECTS) and person is not None:
        return Club.objects.filter(pk__in=Club.objects.filter(groups__teacher=person).values("pk"))
    return Club.objects.none()


def learners_for_user(user, project: Project | None = None):
    """Children a user may add to a project: any child for a methodist; for a teacher, the
    children enrolled in the groups of their own clubs, plus those already in the project."""
    if can(user, Action.EDIT_PROJECTS):
        return Learner.objects.all()
    enrolled = Enrollment.objects.filter(
        learner=OuterRef("pk"), group__club__in=clubs_for_user(user).values("pk")
    )
    queryset = Learner.objects.filter(Exists(enrolled))
    if project is not None and project.pk:
        queryset = queryset | Learner.objects.filter(
            pk__in=ProjectMember.objects.filter(project=project).values("learner")
        )
    return queryset.distinct()


def get_project_for_user(request, pk) -> Project:
    return get_object_or_404(Project.objects.editable_by(request.user).select_related("club"), pk=pk)


def get_competition_for_user(request, pk) -> Competition:
    if not can(request.user, Action.EDIT_PROJECTS):
        return get_object_or_404(Competition.objects.none(), pk=pk)
    return get_object_or_404(Competition, pk=pk)


def get_result_for_user(request, pk) -> Result:
    return get_object_or_404(Result.objects.visible_to(request.user).select_related("competition"), pk=pk)
