"""The mentoring step of erasing a child (centre.erasure).

A pair names the child only through the learner record, which the core anonymises; the
child's open pairs end, since the organisation no longer holds the child's data (mentoring
asks for a valid processing consent, now withdrawn). Only the erased records' pairs end.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mentoring.models import Pair
from mentoring.services import pair_set_status


def erase_learner(learners, old) -> list[str]:
    today = timezone.localdate()
    ended = 0
    for pair in Pair.objects.filter(
        participants__learner__in=learners, status__in=Pair.OPEN_STATUSES
    ).distinct():
        pair_set_status(
            pair=pair,
            status=Pair.Status.TERMINATED,
            on=max(today, pair.start),
            reason=_("The child's personal data was erased at the guardian's request."),
        )
        ended += 1
    if not ended:
        return []
    return [
        ngettext("%(count)s mentoring pair ended", "%(count)s mentoring pairs ended", ended)
        % {"count": ended}
    ]
