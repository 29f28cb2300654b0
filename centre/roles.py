"""Who may do what: the one place that says it.

A role is a Django auth group with a fixed code name, created by a migration. Views ask
questions of this module (``can(user, Action.EDIT_PROGRAMS)``), never of group names.
"""

from collections.abc import Iterable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    METHODIST = "methodist", _("methodist")
    DIRECTOR = "director", _("director or deputy")
    TEACHER = "teacher", _("teacher")
    COORDINATOR = "coordinator", _("mentoring coordinator")
    PARENT = "parent", _("parent")
    AUTHORITY = "authority", _("education authority")


class Action(models.TextChoices):
    VIEW_STAFF_AREA = "view_staff_area", _("open the staff area")
    EDIT_PROGRAMS = "edit_programs", _("enter and edit programs, clubs and groups")
    EDIT_OWN_GROUPS = "edit_own_groups", _("edit the schedule of one's own groups")
    APPROVE_PROGRAMS = "approve_programs", _("approve and publish programs")
    WORK_APPLICATIONS = "work_applications", _("work the application queue")
    EDIT_PROJECTS = "edit_projects", _("enter projects, competitions and results")
    EDIT_OWN_PROJECTS = "edit_own_projects", _("enter the projects of one's own clubs")
    VIEW_GIFTED_BANK = "view_gifted_bank", _("read the bank of gifted children")
    VIEW_INNOVATION = "view_innovation", _("read the innovation platforms dashboard")
    EDIT_INNOVATION = "edit_innovation", _("enter innovation platforms, orders and reports")
    MANAGE_MENTORING = "manage_mentoring", _("create mentoring programs and pairs")
    LOG_OWN_MENTORING = "log_own_mentoring", _("log meetings of one's own mentoring pairs")
    VIEW_PERSONAL_DATA = "view_personal_data", _("read children's personal data")
    VIEW_REGISTERS = "view_registers", _("read the registers and statistics of the territory")
    VIEW_AUDIT_LOG = "view_audit_log", _("read the log of access to personal data")
    USE_CABINET = "use_cabinet", _("use the parent's cabinet")
    KEEP_ORDERS = "keep_orders", _("draft orders about children and enter orders signed on paper")
    SIGN_ORDERS = "sign_orders", _("sign orders about children")
    MARK_OWN_ATTENDANCE = "mark_own_attendance", _("mark attendance in the registers of one's own groups")
    VIEW_ATTENDANCE = "view_attendance", _("read the attendance of the organisation's groups and children")
    MANAGE_ATTENDANCE = "manage_attendance", _("keep the academic calendar, close months of the registers")
    IMPORT_RECORDS = "import_records", _("import programs, groups and learners from files")
    PLAN_NEXT_YEAR = "plan_next_year", _("copy groups into the next academic year and move children on")
    # form 1-ДОП's figures of one's organisation (a director) or territory (an authority):
    # not VIEW_REGISTERS, which methodists have too
    VIEW_STATISTICS = "view_statistics", _("read the statistics of one's organisation or territory")
    RECORD_PUPILS = "record_pupils", _("record the number of schoolchildren of the territory")


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.METHODIST: frozenset(
        {
            Action.VIEW_STAFF_AREA,
            Action.EDIT_PROGRAMS,
            Action.EDIT_OWN_GROUPS,
            Action.WORK_APPLICATIONS,
            Action.EDIT_PROJECTS,
            Action.EDIT_OWN_PROJECTS,
            Action.VIEW_GIFTED_BANK,
            Action.VIEW_INNOVATION,
            Action.EDIT_INNOVATION,
            Action.MANAGE_MENTORING,
            Action.VIEW_PERSONAL_DATA,
            Action.VIEW_REGISTERS,
            Action.KEEP_ORDERS,
            Action.MARK_OWN_ATTENDANCE,
            Action.VIEW_ATTENDANCE,
            Action.MANAGE_ATTENDANCE,
            Action.IMPORT_RECORDS,
            Action.PLAN_NEXT_YEAR,
        }
    ),
    Role.DIRECTOR: frozenset(
        {
            Action.VIEW_STAFF_AREA,
            Action.APPROVE_PROGRAMS,
            Action.WORK_APPLICATIONS,
            Action.VIEW_GIFTED_BANK,
            Action.VIEW_INNOVATION,
            Action.EDIT_INNOVATION,
            Action.MANAGE_MENTORING,
            Action.VIEW_PERSONAL_DATA,
            Action.VIEW_REGISTERS,
            # the director (and deputy) read the log of who read children's data; methodists,
            # whose reads it records, do not
            Action.VIEW_AUDIT_LOG,
            Action.KEEP_ORDERS,
            Action.SIGN_ORDERS,
            Action.VIEW_ATTENDANCE,
            Action.VIEW_STATISTICS,
        }
    ),
    Role.TEACHER: frozenset(
        {
            Action.VIEW_STAFF_AREA,
            Action.EDIT_OWN_GROUPS,
            Action.EDIT_OWN_PROJECTS,
            Action.LOG_OWN_MENTORING,
            Action.MARK_OWN_ATTENDANCE,
        }
    ),
    Role.COORDINATOR: frozenset({Action.VIEW_STAFF_AREA, Action.MANAGE_MENTORING, Action.LOG_OWN_MENTORING}),
    Role.PARENT: frozenset({Action.USE_CABINET}),
    # reads the registers and statistics of its territory's organisations (centre.scope) and
    # changes none of their records, only its own figure of the territory's schoolchildren;
    # no child's contact data (no VIEW_PERSONAL_DATA)
    Role.AUTHORITY: frozenset(
        {
            Action.VIEW_STAFF_AREA,
            Action.VIEW_REGISTERS,
            Action.VIEW_INNOVATION,
            Action.VIEW_STATISTICS,
            Action.RECORD_PUPILS,
        }
    ),
}

#: Actions of a parent's own login only: a staff member or an administrator is not a parent
#: here even with the parent role (they use the staff pages).
PARENT_ONLY = frozenset({Action.USE_CABINET})


def roles_of(user) -> frozenset[str]:
    """The role codes of a user, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_portal_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True)) & frozenset(Role.values)
        user._portal_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(roles_of(user) & set(roles))


def can(user, action: str) -> bool:
    """Whether the user's roles allow an action. Superusers (administrators) may do all but
    the PARENT_ONLY actions, which only a parent may take (``is_parent``)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if action in PARENT_ONLY:
        return is_parent(user)
    if user.is_superuser:
        return True
    return any(action in ROLE_ACTIONS[role] for role in roles_of(user))


def is_staff_member(user) -> bool:
    return can(user, Action.VIEW_STAFF_AREA)


def is_parent(user) -> bool:
    """A parent's login, the one definition: the parent role and no staff role (an
    administrator counts as staff)."""
    return has_role(user, Role.PARENT) and not is_staff_member(user)


def action_required(*actions: str):
    """View decorator: anonymous users go to log in; a user allowed none of the actions gets 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not any(can(request.user, action) for action in actions):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # who the page opens for: the staff landing page offers only what it would not refuse
        wrapper.allows = lambda user: any(can(user, action) for action in actions)
        return wrapper

    return decorator


def assign_roles(user, roles: Iterable[str]) -> None:
    from django.contrib.auth.models import Group

    # get_or_create: a flushed test database may have lost the groups the migration made
    user.groups.add(*(Group.objects.get_or_create(name=role)[0] for role in roles))
    for attribute in ("_portal_roles", "_readable_organisations"):
        user.__dict__.pop(attribute, None)
