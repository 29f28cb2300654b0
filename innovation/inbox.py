"""What waits for staff in innovation (centre.inbox): the live platforms of the current
academic year that no order covers yet — the dashboard's first warning, counted in one
query over the platforms the user reads (an education authority's territory too, as on the
dashboard)."""

from django.utils.translation import gettext_lazy as _

from centre import inbox
from centre.models import AcademicYear
from centre.roles import Action, can
from innovation.models import Platform


@inbox.provider
def platforms_without_order(user, today):
    if not can(user, Action.VIEW_INNOVATION):
        return
    year = AcademicYear.objects.filter(pk=AcademicYear.objects.current_id()).first()
    if year is None:
        return
    yield inbox.Item(
        "platforms_without_order",
        _("Innovation platforms without this year's order"),
        Platform.objects.for_user(user).missing_order_for(year).count(),
        inbox.link("innovation:dashboard"),
        rank=50,
    )
