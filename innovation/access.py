"""Who may see and change the innovation records: the helpers every staff view calls first.

Views call them after their ``action_required`` decorator, which has refused the roles that
may not read (or edit) platforms at all; these narrow to the user's organisations (404 for
everything else)."""

from django.shortcuts import get_object_or_404

from centre.roles import Action, can
from centre.scope import in_scope
from innovation.models import Order, Platform


def get_platform_for_user(request, pk, *, write: bool = False) -> Platform:
    """A platform of the user's organisations (``write``: of those they may change), else 404."""
    platforms = Platform.objects.for_user(request.user, write=write)
    return get_object_or_404(platforms.select_related("organisation", "kind"), pk=pk)


def get_order_for_user(request, platform: Platform, pk) -> Order:
    """An act covering the platform that the user may change, else 404."""
    orders = Order.objects.for_user(request.user, write=True).filter(coverages__platform=platform).distinct()
    return get_object_or_404(orders, pk=pk)


def edits_platform(user, platform: Platform) -> bool:
    """Whether the user may change this platform: an authority's member reads its territory's
    platforms and changes none."""
    return can(user, Action.EDIT_INNOVATION) and in_scope(platform, user, write=True)
