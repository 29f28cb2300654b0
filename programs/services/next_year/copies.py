"""The copy of groups and their weekly lessons into the next academic year: the plan (what
each copy will be, the clashes found) and the copy itself (programs.services.next_year)."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from centre.dates import years_after
from centre.errors import database_rules
from centre.locks import advisory_lock
from centre.models import AcademicYear
from centre.roles import Action, can
from programs.models import Approval, Group, Program, ScheduleSlot
from programs.models.reference import AGE_VALIDATORS

YEAR_OF_STUDY_MAX = 10
AGE_MAX = AGE_VALIDATORS[1].limit_value


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


def program_ends_with(group: Group) -> bool:
    """Whether the group's program ends with its year of study (the program's duration in
    months): its children are more likely to leave than to move on."""
    return group.year_of_study * 12 >= group.program.duration_months


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
        .select_related("club__organisation", "program", "teacher", "venue", "room", "copy")
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
    advisory_lock(*(f"next-year|{kind}|{organisation_id}" for organisation_id in sorted(organisation_ids)))


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
