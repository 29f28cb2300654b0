"""What waits for staff in mentoring (centre.inbox): the active pairs with no meeting for
MENTORING_STALLED_DAYS — of the user's organisations for a coordinator (as the dashboard
lists them), of the user's own pairs for a mentor. One query."""

from django.utils.translation import gettext_lazy as _

from centre import inbox
from centre.roles import Action, can
from mentoring.access import person_of
from mentoring.models import Pair


@inbox.provider
def stalled_pairs(user, today):
    if can(user, Action.MANAGE_MENTORING):
        pairs, url = Pair.objects.for_user(user), inbox.link("mentoring:dashboard")
    elif can(user, Action.LOG_OWN_MENTORING) and (person := person_of(user)) is not None:
        pairs, url = Pair.objects.for_user(user).for_person(person), inbox.link("mentoring:my_pairs")
    else:
        return
    yield inbox.Item(
        "mentoring_stalled",
        _("Stalled mentoring pairs"),
        pairs.stalled(today).count(),
        url,
        rank=60,
    )
