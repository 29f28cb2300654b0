"""Who reaches which record of programs: every ``get_<thing>_for_user`` of the app and the
questions the pages ask about a record (may this user see the group's children?).

Each ``get_<thing>_for_user(request, pk)`` gives the record or 404: another organisation's
record is not found. ``write`` asks for the user's own organisations (where they may change
records), not the territory an education authority reads (centre.scope). Roles are asked of
centre.roles, never of group names.
"""

from django.db.models import F, Prefetch
from django.shortcuts import get_object_or_404

from centre.models import Child, Guardian, Learner
from centre.roles import Action, can
from centre.scope import in_scope
from programs.models import (
    Application,
    Club,
    Enrolment,
    Group,
    ImportBatch,
    LeaveRequest,
    Lesson,
    Order,
    PackageImport,
    Program,
)

# --- programs -----------------------------------------------------------------------------


def get_program_for_user(request, pk, *, write: bool = False, for_edit: bool = False) -> Program:
    """A program of the user's organisations (an education authority reads its territory's
    too); another's is not found (404). Sending, approving, returning and editing ask for
    ``write``: the user's own organisations only. ``for_edit`` finds only a program that can
    be edited now (Program.can_be_edited): not under review (for publication or for another
    year's approval), not archived."""
    programs = Program.objects.for_user(request.user, write=write or for_edit).select_related(
        "organisation", "direction", "profile", "created_by", "renewal_year"
    )
    if for_edit:
        programs = programs.editable()
    return get_object_or_404(programs, pk=pk)


# --- clubs --------------------------------------------------------------------------------


def get_club_for_user(request, pk, *, write: bool = False) -> Club:
    """A club of the user's organisations (an education authority reads its territory's
    too); another's is not found (404). Edits and photos ask for ``write``."""
    return get_object_or_404(
        Club.objects.for_user(request.user, write=write).select_related("organisation"), pk=pk
    )


def edits_club(user, club: Club) -> bool:
    """Whether the user may change the club: an editor of programs of its organisation."""
    return can(user, Action.EDIT_PROGRAMS) and in_scope(club, user, write=True)


# --- groups -------------------------------------------------------------------------------


def sees_all_groups(user) -> bool:
    """Whether the user reads every group of their organisations, not only their own."""
    return (
        can(user, Action.EDIT_PROGRAMS)
        or can(user, Action.WORK_APPLICATIONS)
        or can(user, Action.VIEW_REGISTERS)
    )


def groups_for_user(user, *, write: bool = False):
    """The groups of the user's organisations (``write``: not an authority's territory):
    every one for methodists, directors and readers of the registers; a teacher's own."""
    groups = Group.objects.for_user(user, write=write)
    if sees_all_groups(user):
        return groups
    if can(user, Action.EDIT_OWN_GROUPS):
        return groups.filter(teacher__user=user)
    return groups.none()


def get_group_for_user(request, pk, *, write: bool = False) -> Group:
    """The group, if this user may see it; another organisation's or another teacher's group
    is not found (404). Edits ask for ``write``."""
    groups = groups_for_user(request.user, write=write).select_related(
        "club__organisation", "program", "academic_year", "teacher", "venue", "room"
    )
    return get_object_or_404(groups, pk=pk)


def sees_children(user, group: Group) -> bool:
    """Whether the page lists the group's children: its organisation's staff who work with
    them (a reader of the registers sees numbers, never children)."""
    works_with_children = (
        can(user, Action.VIEW_PERSONAL_DATA)
        or can(user, Action.EDIT_PROGRAMS)
        or can(user, Action.EDIT_OWN_GROUPS)
    )
    return works_with_children and in_scope(group, user, write=True)


# --- applications -------------------------------------------------------------------------


def get_application_for_user(request, pk) -> Application:
    """An application to a group of the user's own organisations, for the staff who work the
    queue; another's is not found (404). The queue is worked, never only read: decisions and
    the page alike ask for the organisations where the user may change records."""
    return get_object_or_404(
        Application.objects.for_user(request.user, write=True).select_related(
            "group__club", "group__academic_year", "group__teacher", "group__venue", "decided_by", "learner"
        ),
        pk=pk,
    )


# --- parents' requests to leave a club (Action.WORK_APPLICATIONS) ---------------------------


def leave_requests_for_user(user):
    """The requests to leave a club of the user's own organisations' groups (decided there:
    not the territory an authority reads), with what their list shows."""
    return LeaveRequest.objects.for_user(user, write=True).select_related(
        "enrolment__group__club", "enrolment__learner", "enrolment__application", "decided_by"
    )


def get_leave_request_for_user(request, pk) -> LeaveRequest:
    """A request to leave a club of the user's own organisations; another's is 404."""
    return get_object_or_404(leave_requests_for_user(request.user), pk=pk)


# --- the parent's cabinet (Action.USE_CABINET) ---------------------------------------------


def get_own_child(request, pk) -> Child:
    """A child of the parent's own list («Мои дети»); any other gives 404."""
    return get_object_or_404(Child.objects.of_parent(request.user), pk=pk)


def get_own_application(request, pk) -> Application:
    """The parent's own application, in the cabinet; any other gives 404."""
    return get_object_or_404(Application.objects.select_related("group__club"), pk=pk, user=request.user)


def get_own_guardian(user) -> Guardian | None:
    """The parent's own Guardian record with the children linked to it (an organisation's
    record of each child, linked from the parent's application or by staff after checking
    documents) and each record's current groups in that record's organisation: nothing of
    another record of the same child, nor of another organisation (a record migrated from
    the one national record of old may still hold an enrolment elsewhere)."""
    enrolments = (
        Enrolment.objects.active()
        .filter(group__club__organisation=F("learner__organisation"))
        .select_related("group__club")
    )
    learners = Learner.objects.order_by("surname", "name").prefetch_related(
        Prefetch("enrolments", queryset=enrolments, to_attr="active_enrolments")
    )
    return (
        Guardian.objects.filter(user=user)
        .prefetch_related(Prefetch("learners", queryset=learners, to_attr="linked_learners"))
        .first()
    )


def orders_for_user(user):
    """Orders of the user's own organisations (orders are written: never a reader's)."""
    return Order.objects.for_user(user, write=True).select_related("organisation__parent", "academic_year")


def get_order_for_user(request, pk) -> Order:
    """An order of the user's own organisations; another's is 404."""
    return get_object_or_404(orders_for_user(request.user).select_related("created_by", "signed_by"), pk=pk)


def register_groups(user, *, write: bool = False):
    """The groups whose registers the user reaches: every group of their organisations for
    those who read attendance (methodist, director), a teacher's own groups otherwise.
    ``write`` (marking): the user's own organisations, and only for those who mark."""
    groups = Group.objects.for_user(user, write=write)
    if write and not can(user, Action.MARK_OWN_ATTENDANCE):
        return groups.none()
    if can(user, Action.VIEW_ATTENDANCE):
        return groups
    if can(user, Action.MARK_OWN_ATTENDANCE):
        return groups.filter(teacher__user=user)
    return groups.none()


def get_register_group(request, pk, *, write: bool = False) -> Group:
    groups = register_groups(request.user, write=write).select_related(
        "club__organisation", "academic_year", "teacher", "program"
    )
    return get_object_or_404(groups, pk=pk)


def get_register_lesson(request, pk, *, write: bool = False) -> Lesson:
    lessons = Lesson.objects.filter(group__in=register_groups(request.user, write=write)).select_related(
        "group__club__organisation", "group__academic_year", "group__teacher"
    )
    return get_object_or_404(lessons, pk=pk)


def get_import_for_user(request, pk) -> ImportBatch:
    """An XLSX import of the user's own organisations (404 for anyone else's)."""
    return get_object_or_404(
        ImportBatch.objects.for_user(request.user, write=True).select_related("organisation", "created_by"),
        pk=pk,
    )


def get_package_import_for_user(request, pk) -> PackageImport:
    """A package of the user's own organisations (404 for anyone else's)."""
    return get_object_or_404(
        PackageImport.objects.for_user(request.user, write=True)
        .select_related("organisation", "created_by")
        .defer("content"),
        pk=pk,
    )
