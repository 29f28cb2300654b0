"""Who may touch which project, result and photo: every access rule of the app, and one
helper per guarded object; outsiders get 404.

Everything starts from ``for_user`` (centre.scope): a methodist works with the projects,
competitions and results of their own organisations, a teacher within them with the
projects of the clubs where they teach a group. Another organisation's object is a 404
whatever the URL, as a missing one."""

from django.db.models import Exists, OuterRef, Q
from django.shortcuts import get_object_or_404

from centre.models import Learner, Organisation, Person
from centre.roles import Action, can
from centre.scope import staff_organisations
from programs.models import Club, Enrolment, Group
from projects.models import Competition, Project, ProjectMember, ProjectPhoto, Result

#: Who reaches the staff pages of projects: a methodist (all of their organisations'
#: projects) and a teacher (those of their own clubs).
EDITORS = (Action.EDIT_PROJECTS, Action.EDIT_OWN_PROJECTS)

#: Kinds of organisation that may be a project's industrial partner.
PARTNER_KINDS = [Organisation.Kind.INDUSTRIAL_PARTNER, Organisation.Kind.UNIVERSITY, Organisation.Kind.OTHER]


def editable_projects(user):
    """Projects of the user's organisations (centre.scope) that the user may change: all
    of them for a methodist, those of the clubs where they teach for a teacher."""
    scoped = Project.objects.for_user(user, write=True)
    if can(user, Action.EDIT_PROJECTS):
        return scoped
    person = getattr(user, "person", None) if user.is_authenticated else None
    if can(user, Action.EDIT_OWN_PROJECTS) and person is not None:
        return scoped.of_teacher(person)
    return Project.objects.none()


def editable_results(user):
    """The results a project editor works with: a methodist those of their
    organisations, a teacher those of their own clubs' projects."""
    if can(user, Action.EDIT_PROJECTS):
        return Result.objects.for_user(user, write=True)
    return Result.objects.filter(project__in=editable_projects(user).values("pk"))


def _with(queryset, *pks):
    """The queryset and the rows an edited record already points at (they stay valid
    choices). The keys are written out, not a subquery: an OR with a subquery makes the
    database read every row of the table."""
    pks = [pk for pk in pks if pk is not None]
    return queryset | queryset.model.objects.filter(pk__in=pks) if pks else queryset


def clubs_for_user(user, project: Project | None = None):
    """Clubs whose projects the user may enter: those of their organisations for a
    methodist; for a teacher, the clubs among them where they teach a group."""
    clubs = Club.objects.for_user(user, write=True)
    if can(user, Action.EDIT_PROJECTS):
        pass
    elif can(user, Action.EDIT_OWN_PROJECTS) and getattr(user, "person", None) is not None:
        clubs = clubs.filter(Exists(Group.objects.filter(club=OuterRef("pk"), teacher=user.person)))
    else:
        return Club.objects.none()
    return _with(clubs, project.club_id if project is not None and project.pk else None)


def learners_for_user(user, project: Project | None = None):
    """Children a user may add to a project: the children of their organisations for a
    methodist; for a teacher, those among them enrolled in the groups of their own clubs.
    The project's current members stay valid choices."""
    learners = Learner.objects.for_user(user, write=True)
    if not can(user, Action.EDIT_PROJECTS):
        enrolled = Enrolment.objects.filter(
            learner=OuterRef("pk"), group__club__in=clubs_for_user(user).values("pk")
        )
        learners = learners.filter(Exists(enrolled))
    members = []
    if project is not None and project.pk:
        members = list(ProjectMember.objects.filter(project=project).values_list("learner_id", flat=True))
    return _with(learners, *members)


def supervisors_for_user(user, project: Project | None = None):
    """Staff of the user's organisations who work there now, and the project's supervisor."""
    staff = Person.objects.for_user(user, write=True).filter(is_active=True)
    return _with(staff, project.supervisor_id if project is not None else None)


def partners_for_user(user, project: Project | None = None):
    """Industrial partners, universities and other outside organisations. They hold no
    child's data and are shared by the organisations of the portal, except one that is a
    part of another organisation (its ``parent``): that one is that organisation's."""
    partners = Organisation.objects.filter(kind__in=PARTNER_KINDS)
    ids = staff_organisations(user)
    if ids is not None:
        partners = partners.filter(Q(parent__isnull=True) | Q(parent__in=ids) | Q(pk__in=ids))
    return _with(partners, project.partner_id if project is not None else None)


def competitions_for_user(user):
    """Competitions the user's organisations recorded (results are entered at these)."""
    return Competition.objects.for_user(user, write=True)


def get_project_for_user(request, pk) -> Project:
    return get_object_or_404(editable_projects(request.user).select_related("club"), pk=pk)


def get_competition_for_user(request, pk) -> Competition:
    """A competition to edit or record results at: the user's organisations' own."""
    if not can(request.user, Action.EDIT_PROJECTS):
        return get_object_or_404(Competition.objects.none(), pk=pk)
    return get_object_or_404(competitions_for_user(request.user).select_related("academic_year"), pk=pk)


def get_result_for_user(request, pk) -> Result:
    return get_object_or_404(editable_results(request.user).select_related("competition"), pk=pk)


def get_photo_for_user(request, pk) -> ProjectPhoto:
    """A project photo: for anyone while the project is public, for its editors always."""
    visible = Q(project__in=Project.objects.public().values("pk"))
    if request.user.is_authenticated:
        visible |= Q(project__in=editable_projects(request.user).values("pk"))
    return get_object_or_404(ProjectPhoto.objects.filter(visible), pk=pk)
