from django.conf import settings

from centre.roles import Action, can


def portal(request):
    """What every page's header needs: the centre's name and the staff menu for this user."""
    user = request.user
    return {
        "portal_name": settings.PORTAL_NAME,
        "staff_menu": {
            "visible": can(user, Action.VIEW_STAFF_AREA),
            "programs": can(user, Action.EDIT_PROGRAMS) or can(user, Action.APPROVE_PROGRAMS),
            "own_groups": can(user, Action.EDIT_OWN_GROUPS),
            "applications": can(user, Action.WORK_APPLICATIONS),
            "orders": can(user, Action.KEEP_ORDERS) or can(user, Action.SIGN_ORDERS),
            "keeps_orders": can(user, Action.KEEP_ORDERS),
            "attendance": can(user, Action.MARK_OWN_ATTENDANCE) or can(user, Action.VIEW_ATTENDANCE),
            "imports": can(user, Action.IMPORT_RECORDS),
            "next_year": can(user, Action.PLAN_NEXT_YEAR),
            "projects": can(user, Action.EDIT_PROJECTS) or can(user, Action.EDIT_OWN_PROJECTS),
            "gifted": can(user, Action.VIEW_GIFTED_BANK),
            "achievements": can(user, Action.EDIT_PROJECTS) or can(user, Action.VIEW_GIFTED_BANK),
            "innovation": can(user, Action.VIEW_INNOVATION),
            "statistics": can(user, Action.VIEW_STATISTICS),
            "mentoring": can(user, Action.MANAGE_MENTORING) or can(user, Action.LOG_OWN_MENTORING),
            "admin": getattr(user, "is_staff", False),
            "audit": can(user, Action.VIEW_AUDIT_LOG),
            "cabinet": can(user, Action.USE_CABINET),
        },
    }
