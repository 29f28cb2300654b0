"""Writes of the mentoring area: each in one transaction, each checking the rules first.

The database refuses what breaks a constraint; these functions explain it first, in
Russian, naming the person, and hold the one rule a constraint cannot: a mentor's limit of
open mentees, counted under a row lock on the mentor.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from centre.models import Learner, Person
from mentoring.models import (
    ExternalPerson,
    Feedback,
    Meeting,
    MentoringProgram,
    Pair,
    Participant,
    PlanItem,
)

Who = Person | Learner | ExternalPerson

# Where a pair may go from each status.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    Pair.Status.PLANNED: (Pair.Status.ACTIVE, Pair.Status.TERMINATED),
    Pair.Status.ACTIVE: (Pair.Status.COMPLETED, Pair.Status.TERMINATED),
    Pair.Status.COMPLETED: (),
    Pair.Status.TERMINATED: (),
}


def _field_for(who: Who) -> str:
    if isinstance(who, Person):
        return "person"
    if isinstance(who, Learner):
        return "learner"
    if isinstance(who, ExternalPerson):
        return "external"
    raise TypeError(f"Not a mentoring participant: {who!r}")


def participant_for(who: Who, role: str) -> Participant:
    return Participant(role=role, **{_field_for(who): who})


def open_mentee_count(mentor: Who) -> int:
    """Mentees in the open pairs this person mentors, across all programs."""
    pairs = Participant.objects.mentors().open().filter(**{_field_for(mentor): mentor}).values("pair_id")
    return Participant.objects.mentees().filter(pair_id__in=pairs).count()


@transaction.atomic
def pair_create(
    *,
    program: MentoringProgram,
    form: str,
    mentor: Who,
    mentees: list[Who],
    start: datetime.date,
    planned_end: datetime.date,
    goals: str,
    status: str = Pair.Status.ACTIVE,
) -> Pair:
    """Form a pair (or a small group): the mentor, the mentees and their places."""
    if status not in Pair.OPEN_STATUSES:
        raise ValidationError({"status": _("A new pair is planned or active.")})
    # Lock the mentor's row: two coordinators adding mentees to one mentor at the same
    # moment queue here, so the count below stays true until this transaction commits.
    type(mentor).objects.select_for_update().get(pk=mentor.pk)
    if program.status == MentoringProgram.Status.COMPLETED:
        raise ValidationError({"program": _("The program is completed: it takes no new pairs.")})
    pair = Pair(
        program=program,
        form=form,
        goals=goals,
        start=start,
        planned_end=planned_end,
        status=status,
    )
    pair.full_clean(validate_constraints=False)
    people = [participant_for(mentor, Participant.Role.MENTOR)]
    people += [participant_for(mentee, Participant.Role.MENTEE) for mentee in mentees]
    _check_people(pair, people)
    pair.save()
    for participant in people:
        participant.pair = pair
        participant.full_clean()
        participant.save()
    return pair


def _check_people(pair: Pair, people: list[Participant]) -> None:
    mentor, mentees = people[0], people[1:]
    if not mentees:
        raise ValidationError(_("Choose at least one mentee."))
    seen = set()
    for participant in people:
        key = (_field_for(participant.who), participant.who.pk)
        if key in seen:
            raise ValidationError(_("The mentor and the mentees must be different people."))
        seen.add(key)
    for participant in people:
        participant.program = pair.program
        participant.form = pair.form
        participant.pair_status = pair.status
        participant.clean()
    for mentee in mentees:
        field = _field_for(mentee.who)
        taken = Participant.objects.mentees().open().filter(program=pair.program, **{field: mentee.who})
        if taken.exists():
            raise ValidationError(
                _("«%(name)s» already has an open pair in this program.") % {"name": mentee.name}
            )
    limit = settings.MENTORING_MAX_MENTEES
    current = open_mentee_count(mentor.who)
    if current + len(mentees) > limit:
        raise ValidationError(
            _("«%(name)s» has %(current)d mentees in open pairs already; the limit is %(limit)d.")
            % {"name": mentor.name, "current": current, "limit": limit}
        )


@transaction.atomic
def pair_set_status(*, pair: Pair, status: str, on: datetime.date | None = None, reason: str = "") -> Pair:
    """Start, complete or terminate a pair; the participants' copies follow by cascade."""
    pair = Pair.objects.select_for_update().get(pk=pair.pk)
    if status not in TRANSITIONS[pair.status]:
        raise ValidationError(
            {
                "status": _("A pair that is %(current)s cannot become %(new)s.")
                % {"current": pair.get_status_display(), "new": Pair.Status(status).label}
            }
        )
    pair.status = status
    if status in Pair.CLOSED_STATUSES:
        pair.actual_end = on or timezone.localdate()
    pair.termination_reason = reason.strip() if status == Pair.Status.TERMINATED else ""
    pair.full_clean()
    pair.save()
    return pair


@transaction.atomic
def meeting_log(
    *,
    pair: Pair,
    by,
    date: datetime.date,
    format: str,
    topic: str,
    duration_minutes: int,
    notes: str = "",
) -> Meeting:
    if not pair.is_open:
        raise ValidationError(_("The pair is closed: it takes no new meetings."))
    meeting = Meeting(
        pair=pair,
        date=date,
        format=format,
        topic=topic,
        notes=notes,
        duration_minutes=duration_minutes,
        logged_by=by,
    )
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def plan_item_add(*, pair: Pair, title: str, due_date: datetime.date) -> PlanItem:
    item = PlanItem(pair=pair, title=title, due_date=due_date)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def plan_item_set_done(*, item: PlanItem, done: bool, on: datetime.date | None = None) -> PlanItem:
    item = PlanItem.objects.select_for_update().get(pk=item.pk)
    item.done_on = (on or timezone.localdate()) if done else None
    item.full_clean()
    item.save(update_fields=["done_on"])
    return item


@transaction.atomic
def feedback_leave(*, participant: Participant, kind: str, satisfaction: int, comments: str = "") -> Feedback:
    feedback = Feedback(participant=participant, kind=kind, satisfaction=satisfaction, comments=comments)
    feedback.full_clean()
    feedback.save()
    return feedback
