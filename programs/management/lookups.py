"""What the area's commands look up by what an administrator typed."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _


def user_by_login(login: str | None):
    """The user of ``--user LOGIN`` (recorded as who did it), or None without one."""
    if not login:
        return None
    found = get_user_model().objects.filter(username=login).first()
    if found is None:
        raise CommandError(_("There is no user %(login)s.") % {"login": login})
    return found
