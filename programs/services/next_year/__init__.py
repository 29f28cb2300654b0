"""The next academic year: the chosen programs' groups and their weekly lessons are copied into
it (year of study + 1, the same club, program, teacher, venue, room, places and funding, the
children's ages one year on), each with next year's application window; then each child of a
copied group moves on into the copy by the transfer order, or leaves by the leaving order
(the program completed).

Nothing is done twice: a group has one copy (``Group.copied_from`` is unique) and an
enrolment one continuation (``Enrolment.continues``); a run again says what was already
done. A lesson whose teacher or room is taken in the next year is not copied, and the plan
and the result say so: a clash is reported, never hidden, and never saved.

Each write is one transaction under an advisory lock on the organisation's next year, so two
methodists pressing «Copy» at once copy once.
"""

from programs.services.next_year.copies import (
    AGE_MAX,
    YEAR_OF_STUDY_MAX,
    CopyResult,
    GroupPlan,
    LessonPlan,
    ensure_next_year,
    find_next_year,
    groups_copy,
    groups_to_copy,
    next_year_label,
    plan_copies,
    programs_to_copy,
)
from programs.services.next_year.moves import (
    Decision,
    MoveResult,
    can_undo_move,
    children_move,
    children_of,
    copies_in,
    default_decision,
    move_undo,
    program_ends_with,
)

__all__ = [
    "AGE_MAX",
    "YEAR_OF_STUDY_MAX",
    "CopyResult",
    "Decision",
    "GroupPlan",
    "LessonPlan",
    "MoveResult",
    "can_undo_move",
    "children_move",
    "children_of",
    "copies_in",
    "default_decision",
    "ensure_next_year",
    "find_next_year",
    "groups_copy",
    "groups_to_copy",
    "move_undo",
    "next_year_label",
    "plan_copies",
    "program_ends_with",
    "programs_to_copy",
]
