"""The generated applications and the attendance register of a sample of groups (see
programs/generate)."""

import datetime
import uuid

from centre.demo import female_form
from centre.generate import Generator, table_row
from centre.models import Relation
from programs.generate.plan import TIMES, Plan
from programs.models import Application, AttendanceMark, AttendanceMonth, Lesson

# the register is kept for the groups of every REGISTER_EVERY-th organisation and of the one
# with the most children (the benchmark's); one of their groups in BEHIND_EVERY has not marked
# its last BEHIND_DAYS days; the months that ended more than CLOSED_AFTER ago are closed
REGISTER_EVERY = 20
BEHIND_EVERY = 8
BEHIND_DAYS = 7
CLOSED_AFTER = datetime.timedelta(days=30)
# a mark's status by its share: mostly present, some ill, a few with and without a reason
MARK_SHARES = [
    (AttendanceMark.Status.PRESENT, 0.85),
    (AttendanceMark.Status.ILL, 0.07),
    (AttendanceMark.Status.VALID, 0.04),
    (AttendanceMark.Status.NO_REASON, 0.04),
]
APPLICATION_STATUSES = [
    Application.Status.NEW,
    Application.Status.NEW,
    Application.Status.WAITING,
    Application.Status.REJECTED,
    Application.Status.WITHDRAWN,
]


def applications(gen: Generator, groups: list, *, n_applications: int) -> None:
    """About one per twenty children, in every undecided status."""
    rng = gen.rng
    first = gen.reserve(Application, n_applications)
    Row = table_row(Application)

    def rows():
        for a in range(n_applications):
            group = groups[rng.randrange(len(groups))]
            status = APPLICATION_STATUSES[a % len(APPLICATION_STATUSES)]
            surname, name, patronymic = gen.person_name()
            age = rng.randint(group.age_min, group.age_max)
            yield Row(
                id=first + a,
                group_id=group.id,
                token=uuid.UUID(int=rng.getrandbits(128), version=4),
                child_surname=surname,
                child_name=name,
                child_patronymic=patronymic,
                child_birth_date=gen.today - datetime.timedelta(days=age * 365 + 100 + a % 200),
                guardian_surname=female_form(surname),
                guardian_name="Ольга",
                guardian_patronymic="",
                guardian_phone=f"+7 70{a:08d}"[:16],
                guardian_email="",
                guardian_relation=Relation.MOTHER,
                consent_processing=True,
                consent_text="Согласие дано.",
                comment="",
                status=status,
                reject_reason="Нет свободных мест подходящего уровня."
                if status == Application.Status.REJECTED
                else "",
                decided_by_id=None,
                decided_at=gen.now
                if status in (Application.Status.WAITING, Application.Status.REJECTED)
                else None,
                user_id=None,
                learner_id=None,
                child_id=None,
                created_at=(submitted := gen.now - datetime.timedelta(hours=a % 240)),
                queued_at=submitted,
            )

    gen.copy(Application, rows(), label="applications")


def register(gen: Generator, plan: Plan, groups: list) -> None:
    """The attendance register of a sample of groups from the year's start to yesterday:
    a Lesson for each of the schedule's lessons that took place (the organisation's days
    off left out, as the register makes them), a mark for every child of the group on each
    (REGISTER_EVERY, BEHIND_EVERY), and the months long past closed."""
    year = gen.data["year"]
    yesterday = gen.today - datetime.timedelta(days=1)
    if yesterday < year.start:
        return
    organisation_of = [plan.organisation_of(group) for group in plan.groups]
    children: dict[int, int] = {}
    for g, group in enumerate(plan.groups):
        children[organisation_of[g]] = children.get(organisation_of[g], 0) + group.new
    largest = max(children, key=children.get)
    sample = [
        g
        for g in range(len(groups))
        if organisation_of[g] % REGISTER_EVERY == 0 or organisation_of[g] == largest
    ]
    firsts, total = [], gen.data["first_enrolment"]
    for group in groups:
        firsts.append(total)
        total += group.enrolled_count
    days = [year.start + datetime.timedelta(days=d) for d in range((yesterday - year.start).days + 1)]
    lessons, marks = [], 0
    for g in sample:
        group, days_off = groups[g], gen.data["days_off"][group_organisation(gen, plan, g)]
        behind = yesterday - datetime.timedelta(days=BEHIND_DAYS) if g % BEHIND_EVERY == 0 else None
        for lesson in range(2):
            weekday, starts, ends = TIMES[2 * plan.groups[g].position + lesson]
            for day in days:
                if day.isoweekday() == weekday and day not in days_off:
                    marked = behind is None or day <= behind
                    lessons.append((g, day, starts, ends, gen.data["first_slot"] + 2 * g + lesson, marked))
                    marks += group.enrolled_count if marked else 0
    first_lesson = gen.reserve(Lesson, len(lessons))
    LessonRow = table_row(Lesson)
    gen.copy(
        Lesson,
        (
            LessonRow(
                id=first_lesson + i, group_id=groups[g].id, date=day, starts=starts, ends=ends, slot_id=slot
            )
            for i, (g, day, starts, ends, slot, _marked) in enumerate(lessons)
        ),
        label="register lessons",
    )
    first_mark = gen.reserve(AttendanceMark, marks)
    MarkRow = table_row(AttendanceMark)
    statuses = [status for status, _share in MARK_SHARES]
    weights = [share for _status, share in MARK_SHARES]
    rng, timezone = gen.rng, gen.now.tzinfo

    def mark_rows():
        n = 0
        for i, (g, day, _starts, ends, _slot, marked) in enumerate(lessons):
            if not marked:
                continue
            hour, minute = map(int, ends.split(":"))
            at = datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone)
            chosen = rng.choices(statuses, weights, k=groups[g].enrolled_count)
            for child, status in enumerate(chosen):
                yield MarkRow(
                    id=first_mark + n,
                    lesson_id=first_lesson + i,
                    enrolment_id=firsts[g] + child,
                    status=status,
                    marked_by_id=None,
                    marked_at=at,
                )
                n += 1

    gen.copy(AttendanceMark, mark_rows(), label="attendance marks")
    months = []
    month = year.start
    while _next_month(month) <= gen.today - CLOSED_AFTER:
        months.append(month)
        month = _next_month(month)
    first_month = gen.reserve(AttendanceMonth, len(sample) * len(months))
    MonthRow = table_row(AttendanceMonth)
    gen.copy(
        AttendanceMonth,
        (
            MonthRow(
                id=first_month + i * len(months) + m,
                group_id=groups[g].id,
                month=month,
                closed_by_id=None,
                closed_at=gen.now,
            )
            for i, g in enumerate(sample)
            for m, month in enumerate(months)
        ),
        label="closed months",
    )


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)


def group_organisation(gen: Generator, plan: Plan, g: int) -> int:
    """The g-th group's organisation's id."""
    return gen.data["organisations"][plan.organisation_of(plan.groups[g])]
