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

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, models, transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centre.dates import years_after
from centre.errors import database_rules
from centre.models import AcademicYear
from centre.roles import Action, can
from programs.models import Approval, Enrolment, Group, LeavingReason, Order, Program, ScheduleSlot
from programs.models.reference import AGE_VALIDATORS
from programs.services.enrolment import end_enrolment
from programs.services.orders import open_draft
from programs.services.waitlist import offer_freed_places

YEAR_OF_STUDY_MAX = 10
AGE_MAX = AGE_VALIDATORS[1].limit_value


class Decision(models.TextChoices):
    """What becomes of a child of a copied group."""

    MOVE = "move", gettext_lazy("moves on to the next year of study")
    LEAVE = "leave", gettext_lazy("leaves: the program is completed")
    LATER = "later", gettext_lazy("decide later")


# --- the year ------------------------------------------------------------------------------


def next_year_label(year: AcademicYear) -> str:
    first = int(year.label[:4]) + 1
    return f"{first}/{first + 1}"


def find_next_year(year: AcademicYear) -> AcademicYear | None:
    """The academic year after ``year`` (its label one on), if it has been made."""
    return AcademicYear.objects.filter(label=next_year_label(year)).first()


def ensure_next_year(year: AcademicYear) -> AcademicYear:
    """The academic year after ``year``, made when absent: the label one on, the dates a year
    later. Call it inside the caller's transaction."""
    found = find_next_year(year)
    if found is not None:
        return found
    # years are everyone's: two organisations copying at once make one
    _lock("year", [year.pk])
    found = find_next_year(year)
    if found is not None:
        return found
    with database_rules(AcademicYear):
        return AcademicYear.objects.create(
            label=next_year_label(year), start=years_after(year.start, 1), end=years_after(year.end, 1)
        )


# --- the plan ------------------------------------------------------------------------------


@dataclass
class LessonPlan:
    slot: ScheduleSlot
    clash: str = ""  # why it is not copied: the teacher's or the room's other group then

    @property
    def copied(self) -> bool:
        return not self.clash


@dataclass
class GroupPlan:
    """One group of this year and what its copy in the next year will be."""

    group: Group
    copy: Group | None  # the copy made by an earlier run: nothing more to do
    lessons: list[LessonPlan] = field(default_factory=list)
    blocked: str = ""  # why the group cannot be copied at all
    approved: bool = False  # whether its program is approved for the next year already

    @property
    def year_of_study(self) -> int:
        return min(self.group.year_of_study + 1, YEAR_OF_STUDY_MAX)

    @property
    def age_min(self) -> int:
        return min(self.group.age_min + 1, AGE_MAX)

    @property
    def age_max(self) -> int:
        return min(self.group.age_max + 1, AGE_MAX)

    @property
    def can_copy(self) -> bool:
        return self.copy is None and not self.blocked

    @property
    def clashes(self) -> list[LessonPlan]:
        return [lesson for lesson in self.lessons if lesson.clash]

    @property
    def teacher_gone(self) -> bool:
        """Whether the teacher no longer works at the centre: the copy keeps them (a group
        needs one), and the preview says to choose another."""
        return not self.group.teacher.is_active

    @property
    def last_year_of_program(self) -> bool:
        return program_ends_with(self.group)


def programs_to_copy(user, year: AcademicYear):
    """The programs of the user's own organisations, not archived, that have groups in
    ``year``."""
    return (
        Program.objects.for_user(user, write=True)
        .exclude(status=Program.Status.ARCHIVED)
        .filter(groups__academic_year=year)
        .distinct()
        .order_by("title", "pk")
    )


def groups_to_copy(user, year: AcademicYear, program_ids):
    return (
        Group.objects.for_user(user, write=True)
        .filter(academic_year=year, program_id__in=list(program_ids))
        .select_related("club", "program", "teacher", "venue", "room", "copy")
        .prefetch_related(models.Prefetch("slots", queryset=ScheduleSlot.objects.select_related("room")))
        .order_by("club__name", "year_of_study", "name", "pk")
    )


def _overlap(a: ScheduleSlot, b: ScheduleSlot) -> bool:
    return a.weekday == b.weekday and a.starts < b.ends and b.starts < a.ends


def _clash_text(taken: ScheduleSlot, lesson: ScheduleSlot, teacher_id: int) -> str:
    if taken.teacher_id == teacher_id:
        message = _("the teacher has the group «%(group)s» then (%(when)s)")
    else:
        message = _("room %(room)s is taken by the group «%(group)s» then (%(when)s)")
    return message % {"group": taken.group, "room": lesson.room, "when": taken}


def plan_copies(groups, next_year: AcademicYear | None) -> list[GroupPlan]:
    """What copying ``groups`` (groups_to_copy) into ``next_year`` would do: for each, its copy
    if already made, the lessons it keeps and the clashes found (the teacher or the room
    taken in the next year by another group at that time), whether a group of the same name
    is already there, and whether its program is approved for the next year (a reminder, not
    a rule). A fixed number of queries, however many groups."""
    groups = list(groups)
    taken: list[ScheduleSlot] = []
    names: set[tuple[int, str]] = set()
    approved: set[int] = set()
    if next_year is not None and groups:
        approved = set(
            Approval.objects.filter(
                academic_year=next_year, program_id__in={g.program_id for g in groups}
            ).values_list("program_id", flat=True)
        )
        teachers = {group.teacher_id for group in groups}
        rooms = {slot.room_id for group in groups for slot in group.slots.all() if slot.room_id}
        taken = list(
            ScheduleSlot.objects.filter(academic_year=next_year)
            .filter(models.Q(teacher_id__in=teachers) | models.Q(room_id__in=rooms))
            .select_related("group__club", "room")
        )
        names = set(
            Group.objects.filter(
                academic_year=next_year, club_id__in={g.club_id for g in groups}
            ).values_list("club_id", "name")
        )
    plans = []
    for group in groups:
        copy = getattr(group, "copy", None)
        plan = GroupPlan(group=group, copy=copy, approved=group.program_id in approved)
        plans.append(plan)
        if copy is not None:
            continue
        if (group.club_id, group.name) in names:
            plan.blocked = _(
                "The club already has a group named «%(name)s» in the next year: rename one of them first."
            ) % {"name": group.name}
            continue
        for slot in group.slots.all():
            lesson = LessonPlan(slot=slot)
            for other in taken:
                same_who = other.teacher_id == group.teacher_id or (
                    slot.room_id and other.room_id == slot.room_id
                )
                if same_who and _overlap(slot, other):
                    lesson.clash = _clash_text(other, slot, group.teacher_id)
                    break
            plan.lessons.append(lesson)
            if lesson.copied:
                # the lessons this run copies take their time too
                taken.append(
                    ScheduleSlot(
                        group=group,
                        weekday=slot.weekday,
                        starts=slot.starts,
                        ends=slot.ends,
                        room_id=slot.room_id,
                        teacher_id=group.teacher_id,
                    )
                )
    return plans


# --- the copy ------------------------------------------------------------------------------


@dataclass
class CopyResult:
    year: AcademicYear
    copied: list[GroupPlan] = field(default_factory=list)
    already: list[GroupPlan] = field(default_factory=list)
    blocked: list[GroupPlan] = field(default_factory=list)

    @property
    def skipped_lessons(self) -> list[tuple[Group, LessonPlan]]:
        return [(plan.group, lesson) for plan in self.copied for lesson in plan.clashes]


def _lock(kind: str, organisation_ids) -> None:
    with connection.cursor() as cursor:
        for organisation_id in sorted(organisation_ids):
            cursor.execute(
                "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))",
                [f"next-year|{kind}|{organisation_id}"],
            )


def _check_window(enrol_from, enrol_until, group) -> None:
    if enrol_from and enrol_until and enrol_until < enrol_from:
        raise ValidationError(
            _("«%(group)s»: applications cannot close before they open.") % {"group": group}
        )


@transaction.atomic
def groups_copy(
    *,
    by,
    year: AcademicYear,
    program_ids,
    windows: dict[int, tuple[datetime.date | None, datetime.date | None]],
) -> CopyResult:
    """Copy the groups of ``year`` of the chosen programs that ``windows`` names (group id →
    next year's enrol_from, enrol_until) into the next academic year, made if absent. A group
    copied before is not copied again (in ``already``); one whose name is taken in the next
    year is not copied (``blocked``); a lesson that clashes is left out (each copied plan's
    ``clashes``). All or nothing."""
    if not can(by, Action.PLAN_NEXT_YEAR):
        raise PermissionDenied
    groups = groups_to_copy(by, year, program_ids).filter(pk__in=list(windows))
    _lock("copy", set(groups.values_list("club__organisation_id", flat=True)))
    next_year = ensure_next_year(year)
    plans = plan_copies(groups, next_year)
    result = CopyResult(year=next_year)
    for plan in plans:
        if plan.copy is not None:
            result.already.append(plan)
            continue
        if plan.blocked:
            result.blocked.append(plan)
            continue
        enrol_from, enrol_until = windows[plan.group.pk]
        _check_window(enrol_from, enrol_until, plan.group)
        source = plan.group
        with database_rules(Group, ScheduleSlot):
            copy = Group.objects.create(
                club=source.club,
                program=source.program,
                academic_year=next_year,
                name=source.name,
                year_of_study=plan.year_of_study,
                teacher=source.teacher,
                venue=source.venue,
                room=source.room,
                age_min=plan.age_min,
                age_max=plan.age_max,
                places=source.places,
                enrol_from=enrol_from,
                enrol_until=enrol_until,
                funding=source.funding,
                price=source.price,
                copied_from=source,
            )
            ScheduleSlot.objects.bulk_create(
                ScheduleSlot(
                    group=copy,
                    weekday=lesson.slot.weekday,
                    starts=lesson.slot.starts,
                    ends=lesson.slot.ends,
                    room_id=lesson.slot.room_id,
                    academic_year=next_year,
                    teacher_id=copy.teacher_id,
                )
                for lesson in plan.lessons
                if lesson.copied
            )
        plan.copy = copy
        result.copied.append(plan)
    return result


# --- the children --------------------------------------------------------------------------


def copies_in(user, year: AcademicYear):
    """The user's organisations' groups of ``year`` copied from last year's, with the number
    of last year's children still studying there and not yet moved on (``undecided``)."""
    waiting = models.Count(
        "copied_from__enrolments",
        filter=models.Q(copied_from__enrolments__status=Enrolment.Status.ACTIVE)
        & models.Q(copied_from__enrolments__continued_by__isnull=True),
    )
    return (
        Group.objects.for_user(user, write=True)
        .filter(academic_year=year, copied_from__isnull=False)
        .select_related("club", "teacher", "copied_from")
        .annotate(undecided=waiting)
        .order_by("club__name", "year_of_study", "name", "pk")
    )


def children_of(copy: Group):
    """The enrolments of the copy's original group that a decision is about: those still
    studying (with their continuation in the copy if they moved on) and those who left, the
    program completed."""
    return (
        Enrolment.objects.filter(group_id=copy.copied_from_id)
        .filter(
            models.Q(status=Enrolment.Status.ACTIVE)
            | models.Q(continued_by__isnull=False)
            | models.Q(leaving_reason=LeavingReason.COMPLETED)
        )
        .select_related("learner", "continued_by", "continued_by__order", "leaving_order")
        .order_by("learner__surname", "learner__name", "pk")
    )


@dataclass
class MoveResult:
    moved: list[Enrolment] = field(default_factory=list)
    left: list[Enrolment] = field(default_factory=list)
    already: list[Enrolment] = field(default_factory=list)  # moved on or left before
    enrolled: list[Enrolment] = field(default_factory=list)  # already in the copy otherwise
    transfer_order: Order | None = None
    leaving_order: Order | None = None


@transaction.atomic
def children_move(*, by, copy: Group, decisions: dict[int, str]) -> MoveResult:
    """Each child of the copy's original group named in ``decisions`` (enrolment id →
    Decision) moves on or leaves. Moving on: a new enrolment in the copy from the first day of
    its year that continues last year's, in the draft transfer order, the funding kept; last
    year's enrolment goes on to its year's end (the register still needs it). Leaving: last
    year's enrolment ends today in the draft leaving order, the program completed, and the
    place is offered on. A child moved on or left before is not touched again (``already``);
    one already enrolled in the copy otherwise (an application) is not moved (``enrolled``).
    All or nothing: too few free places in the copy is a ValidationError."""
    if not can(by, Action.PLAN_NEXT_YEAR):
        raise PermissionDenied
    if copy.copied_from_id is None:
        raise ValidationError(_("This group was not copied from last year's: there is nobody to move on."))
    # both groups locked, the lower key first: enrolment and the waiting list lock groups too
    locked = {
        group.pk: group
        for group in Group.objects.for_user(by, write=True)
        .select_for_update(of=("self",))
        .select_related("club", "academic_year")
        .filter(pk__in=[copy.pk, copy.copied_from_id])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise PermissionDenied
    copy, source = locked[copy.pk], locked[copy.copied_from_id]
    chosen = {pk: decision for pk, decision in decisions.items() if decision != Decision.LATER}
    enrolments = list(
        Enrolment.objects.filter(group=source, pk__in=list(chosen))
        .select_for_update(of=("self",))
        .select_related("learner")
        .order_by("pk")
    )
    moved_before = set(
        Enrolment.objects.filter(continues__in=[e.pk for e in enrolments]).values_list(
            "continues_id", flat=True
        )
    )
    in_copy = set(Enrolment.objects.active().filter(group=copy).values_list("learner_id", flat=True))
    result = MoveResult()
    to_move, to_leave = [], []
    for enrolment in enrolments:
        if enrolment.pk in moved_before or enrolment.status != Enrolment.Status.ACTIVE:
            result.already.append(enrolment)
        elif chosen[enrolment.pk] == Decision.MOVE:
            if enrolment.learner_id in in_copy:
                result.enrolled.append(enrolment)
            else:
                to_move.append(enrolment)
        elif chosen[enrolment.pk] == Decision.LEAVE:
            to_leave.append(enrolment)
    if len(to_move) > copy.free_places:
        raise ValidationError(
            _(
                "The group «%(group)s» of the next year has %(free)s free places: %(count)s children cannot move on into it. Add places to it first or choose fewer children."
            )
            % {"group": copy, "free": copy.free_places, "count": len(to_move)}
        )
    organisation_id = source.club.organisation_id
    if to_move:
        result.transfer_order = open_draft(
            organisation_id=organisation_id,
            academic_year_id=source.academic_year_id,
            kind=Order.Kind.TRANSFER,
            by=by,
        )
        with database_rules(Enrolment, Group):
            for enrolment in to_move:
                result.moved.append(
                    Enrolment.objects.create(
                        group=copy,
                        learner=enrolment.learner,
                        enrolled_on=copy.academic_year.start,
                        order=result.transfer_order,
                        funding=enrolment.funding,
                        continues=enrolment,
                    )
                )
            Group.objects.filter(pk=copy.pk).update(enrolled_count=F("enrolled_count") + len(to_move))
    if to_leave:
        with database_rules(Enrolment, Group):
            for enrolment in to_leave:
                # into the draft leaving order of last year's group (end_enrolment opens it)
                end_enrolment(enrolment, reason=LeavingReason.COMPLETED, by=by)
                result.left.append(enrolment)
        result.leaving_order = to_leave[0].leaving_order
        offer_freed_places(source)
    return result


def program_ends_with(group: Group) -> bool:
    """Whether the group's program ends with its year of study (the program's duration in
    months): its children are more likely to leave than to move on."""
    return group.year_of_study * 12 >= group.program.duration_months


def default_decision(group: Group) -> str:
    """The choice offered first for a child of last year's ``group``."""
    return Decision.LEAVE if program_ends_with(group) else Decision.MOVE
