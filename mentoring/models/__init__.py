"""Mentoring records: programs, pairs and their people, plans, meetings, feedback.

The target model of mentoring (Минпросвещения Р-145) runs mentoring in programs; a pair
(наставническая пара) — or a small group — is one mentor and one or more mentees. Each side
is a staff member, a child, or an external person (a university student, an employer's
engineer), so a pair's people are ``Participant`` rows, each pointing at exactly one of them.

A participant row repeats its pair's program, form and status. A composite foreign key
(see migration 0002) ties those copies to the pair, ON UPDATE CASCADE, so the database can
hold the rules that need them: a mentee has one open pair per program, and the form of the
pair fits who the mentor and the mentees are.
"""

from mentoring.models.activity import Feedback, Meeting, PlanItem
from mentoring.models.choices import (
    CLOSED_PAIR_STATUSES,
    FORM_FIT,
    OPEN_PAIR_STATUSES,
    SIDE_FIELD,
    Form,
    PairStatus,
    Side,
)
from mentoring.models.pairs import Pair, PairQuerySet
from mentoring.models.participants import Participant, ParticipantQuerySet
from mentoring.models.programs import ExternalPerson, MentoringProgram, MentoringProgramQuerySet

__all__ = [
    "CLOSED_PAIR_STATUSES",
    "FORM_FIT",
    "OPEN_PAIR_STATUSES",
    "SIDE_FIELD",
    "ExternalPerson",
    "Feedback",
    "Form",
    "Meeting",
    "MentoringProgram",
    "MentoringProgramQuerySet",
    "Pair",
    "PairQuerySet",
    "PairStatus",
    "Participant",
    "ParticipantQuerySet",
    "PlanItem",
    "Side",
]
