"""Who may see and change the mentoring records: the helpers every staff view calls first
(404 for what lies outside the user's organisations)."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from centre.models import Person
from centre.roles import Action, can
from mentoring.models import MentoringProgram, Pair, Participant


def person_of(user) -> Person | None:
    """The staff record of a logged-in user, or None."""
    try:
        return user.person
    except (Person.DoesNotExist, AttributeError):
        return None


@dataclass(frozen=True)
class PairAccess:
    pair: Pair
    manage: bool
    own: Participant | None  # the user's own place in the pair, if any

    @property
    def can_log(self) -> bool:
        """Log meetings and tick plan items: the coordinator's side, or the pair's mentor."""
        return self.manage or (self.own is not None and self.own.role == Participant.Role.MENTOR)

    def managed(self) -> Pair:
        """The pair, for a view of the coordinator's side only (403 for the pair's own people)."""
        if not self.manage:
            raise PermissionDenied
        return self.pair

    def logged(self) -> Pair:
        """The pair, for a view that logs meetings or ticks the plan (``can_log``, else 403)."""
        if not self.can_log:
            raise PermissionDenied
        return self.pair


def get_pair_for_user(request, pk, *, write: bool = False) -> PairAccess:
    """The pair with its people, for a user allowed to see it; 404 for everyone else.

    Only pairs of the user's organisations are found (``write``: of those they may change,
    for every view that changes the pair or adds to it), whatever the user's role; within
    them, a manager sees every pair and anyone else only their own.

    Views call it after ``@action_required(MANAGE_MENTORING, LOG_OWN_MENTORING)``, which has
    already sent anonymous users to log in and refused parents.
    """
    pairs = Pair.objects.for_user(request.user, write=write).with_people()
    pair = get_object_or_404(pairs, pk=pk)
    manage = can(request.user, Action.MANAGE_MENTORING)
    person = person_of(request.user)
    own = None
    if person is not None:
        own = next((p for p in pair.participants.all() if p.person_id == person.pk), None)
    if not manage and own is None:
        raise Http404
    return PairAccess(pair=pair, manage=manage, own=own)


def get_program_for_user(request, pk, *, write: bool = False) -> MentoringProgram:
    """A program of the user's organisations (``write``: of those they may change), else 404.

    Views call it after ``@action_required(MANAGE_MENTORING)``."""
    return get_object_or_404(MentoringProgram.objects.for_user(request.user, write=write), pk=pk)
