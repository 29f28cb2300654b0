"""Generated clubs, programs, groups, schedules, enrolments and applications (see
centre/generate). Every group's children fit its ages, no group is overbooked, and no
room or teacher is in two places at once: the database's own constraints check each row.

One function a table; each writes named rows (centre.generate.table_row) and returns what
the next ones need."""

import datetime
import uuid
from dataclasses import dataclass

from centre.demo import female_form
from centre.generate import Generator, generate_children, table_row
from centre.models import Relation
from programs.demo.catalogue import CATALOGUE, DemoClub
from programs.models import (
    Application,
    AttendanceMark,
    AttendanceMonth,
    Club,
    Direction,
    Enrolment,
    Group,
    Lesson,
    Profile,
    Program,
    ScheduleSlot,
)

# four groups of one teacher share a room; each group gets two of these eight times
TIMES = [
    (1, "15:00", "16:30"),
    (3, "15:00", "16:30"),
    (2, "16:40", "18:10"),
    (4, "16:40", "18:10"),
    (5, "15:00", "16:30"),
    (6, "11:00", "12:30"),
    (1, "16:40", "18:10"),
    (3, "16:40", "18:10"),
]
FUNDING = [
    Group.Funding.FREE,
    Group.Funding.FREE,
    Group.Funding.FREE,
    Group.Funding.CERTIFICATE,
    Group.Funding.CERTIFICATE,
    Group.Funding.PAID,
]
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


@dataclass(frozen=True)
class GeneratedClub:
    """The c-th generated club: its id, its program's, its organisation's index and id, and
    the demo club it is modelled on."""

    club_id: int
    program_id: int
    organisation_index: int
    organisation_id: int
    model: DemoClub


def generate(gen: Generator) -> None:
    clubs = _clubs_and_programs(gen)
    groups = _groups(gen, clubs)
    _lessons(gen, groups)
    learners = _enrolments(gen, groups, clubs)
    _applications(gen, groups, n_applications=max(len(learners) // 20, 10))
    _register(gen, groups, clubs)


def _clubs_and_programs(gen: Generator) -> list[GeneratedClub]:
    """One club a pair of groups, each with its own program, modelled on the demo catalogue;
    the clubs are spread evenly over the organisations."""
    organisations = gen.data["organisations"]
    count = (gen.scale.groups + 1) // 2
    per_organisation = count / len(organisations)
    first_program = gen.reserve(Program, count)
    first_club = gen.reserve(Club, count)
    clubs = []
    for c in range(count):
        index = min(int(c / per_organisation), len(organisations) - 1)
        clubs.append(
            GeneratedClub(
                club_id=first_club + c,
                program_id=first_program + c,
                organisation_index=index,
                organisation_id=organisations[index],
                model=CATALOGUE[c % len(CATALOGUE)],
            )
        )
    _programs(gen, clubs)
    Row = table_row(Club)
    gen.copy(
        Club,
        (
            Row(
                id=club.club_id,
                name=f"{club.model.club} — ЦДО № {club.organisation_index + 1}",
                slug=f"gen-{gen.scale.name}-{club.model.slug}-{c}",
                kind=club.model.kind,
                organisation_id=club.organisation_id,
                description=club.model.announcement,
            )
            for c, club in enumerate(clubs)
        ),
        label="clubs",
    )
    return clubs


def _programs(gen: Generator, clubs: list[GeneratedClub]) -> None:
    """A program belongs to its groups' club's organisation."""
    directions = {d.slug: d.pk for d in Direction.objects.all()}
    profiles = {(p.direction.slug, p.name): p.pk for p in Profile.objects.select_related("direction")}
    Row = table_row(Program)

    def rows():
        for c, club in enumerate(clubs):
            model = club.model
            yield Row(
                id=club.program_id,
                organisation_id=club.organisation_id,
                title=f"{model.title} (г{c})",
                slug=f"gen-{gen.scale.name}-{model.slug}-{c}",
                direction_id=directions[model.direction],
                profile_id=profiles[(model.direction, model.profile)],
                announcement=model.announcement,
                description=f"{model.announcement} Программа строится на проектной деятельности.",
                goals="Развитие способностей ребёнка через практическую деятельность.",
                expected_results="Ребёнок представляет собственный проект.",
                age_min=model.age_min,
                age_max=model.age_max,
                duration_months=9,
                hours_per_year=144 if model.kind == Club.Kind.QUANTUM else 72,
                group_size_min=8,
                group_size_max=15,
                equipment="",
                image="",
                levels="{" + ",".join(model.levels) + "}",
                is_modular=model.is_modular,
                is_network=model.is_network,
                is_distance=model.is_distance,
                is_adapted=model.is_adapted,
                disabilities="{" + ",".join(model.disabilities) + "}",
                status=Program.Status.PUBLISHED,
                review_comment="",
                renewal="",
                renewal_year_id=None,
                created_by_id=None,
                created_at=gen.now,
                updated_at=gen.now,
            )

    gen.copy(Program, rows(), label="programs")


def _groups(gen: Generator, clubs: list[GeneratedClub]) -> list:
    """Two groups a club. About one group in ten is full; the rest fill to the national
    average of ~38, then are adjusted one by one until the scale's number of children is
    reached exactly (the full ones stay full)."""
    scale, rng, year = gen.scale, gen.rng, gen.data["year"]
    count = scale.groups
    first = gen.reserve(Group, count)
    Row = table_row(Group)
    groups = []
    blocks: dict[int, list[int]] = {}  # each organisation's blocks of four groups (g // 4)
    for g in range(count):
        club = clubs[g // 2]
        mine = blocks.setdefault(club.organisation_index, [])
        if not mine or mine[-1] != g // 4:
            mine.append(g // 4)
        # a teacher of the group's own organisation: the organisation's n-th block of four
        # groups (distinct times, g % 4) has its n-th teacher
        own = gen.data["teachers_of"][club.organisation_index]
        teacher = own[(len(mine) - 1) % len(own)]
        places = rng.choice([20, 40, 45, 45, 50, 50, 60])
        enrolled = (
            places if g % 10 == 0 else min(places, round(scale.learners / count * rng.uniform(0.6, 1.1)))
        )
        funding = FUNDING[g % len(FUNDING)]
        groups.append(
            Row(
                id=first + g,
                club_id=club.club_id,
                program_id=club.program_id,
                academic_year_id=year.pk,
                name=f"Группа {g % 2 + 1}",
                year_of_study=g % 2 + 1,
                teacher_id=teacher,
                venue_id=gen.data["venues"][club.organisation_index],
                room_id=gen.data["rooms"][g // 4],
                age_min=club.model.age_min,
                age_max=club.model.age_max,
                places=places,
                enrolled_count=enrolled,
                offered_count=0,
                enrol_from=year.start - datetime.timedelta(days=30),
                enrol_until=gen.today + datetime.timedelta(days=60)
                if g % 7
                else gen.today - datetime.timedelta(days=5),
                funding=funding,
                price=1500 if funding == Group.Funding.PAID else None,
                copied_from_id=None,
            )
        )
    difference = scale.learners - sum(group.enrolled_count for group in groups)
    step = 1 if difference > 0 else -1
    g = 0
    while difference and g < 50 * count:
        index = g % count
        enrolled = groups[index].enrolled_count + step
        if index % 10 and 0 <= enrolled <= groups[index].places:
            groups[index] = groups[index]._replace(enrolled_count=enrolled)
            difference -= step
        g += 1
    gen.copy(Group, groups, label="groups")
    return groups


def _lessons(gen: Generator, groups: list) -> None:
    """The k-th group of a teacher's four takes times 2k and 2k+1."""
    first = gen.reserve(ScheduleSlot, len(groups) * 2)
    gen.data["first_slot"] = first
    Row = table_row(ScheduleSlot)

    def rows():
        for g, group in enumerate(groups):
            for lesson in range(2):
                weekday, starts, ends = TIMES[(2 * (g % 4) + lesson) % len(TIMES)]
                yield Row(
                    id=first + 2 * g + lesson,
                    group_id=group.id,
                    weekday=weekday,
                    starts=starts,
                    ends=ends,
                    room_id=group.room_id,
                    academic_year_id=group.academic_year_id,
                    teacher_id=group.teacher_id,
                )

    gen.copy(ScheduleSlot, rows(), label="lessons")


def _enrolments(gen: Generator, groups: list, clubs: list[GeneratedClub]) -> range:
    """The groups' children, each a record of the organisation of the group it is enrolled in."""
    places = []
    for g, group in enumerate(groups):
        places.extend([(group.age_min, group.age_max, clubs[g // 2].organisation_id)] * group.enrolled_count)
    learners = generate_children(gen, places)
    first = gen.reserve(Enrolment, len(learners))
    start = gen.data["year"].start
    Row = table_row(Enrolment)

    def rows():
        index = 0
        for group in groups:
            for _ in range(group.enrolled_count):
                yield Row(
                    id=first + index,
                    group_id=group.id,
                    learner_id=learners[index],
                    application_id=None,
                    status=Enrolment.Status.ACTIVE,
                    enrolled_on=start,
                    left_on=None,
                    order_id=None,
                    funding=group.funding,
                    leaving_order_id=None,
                    leaving_reason="",
                    continues_id=None,
                )
                index += 1

    gen.copy(Enrolment, rows(), label="enrolments")
    gen.data["first_enrolment"] = first
    return learners


def _applications(gen: Generator, groups: list, *, n_applications: int) -> None:
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


def _register(gen: Generator, groups: list, clubs: list[GeneratedClub]) -> None:
    """The attendance register of a sample of groups from the year's start to yesterday:
    a Lesson for each of the schedule's lessons that took place (the organisation's days
    off left out, as the register makes them), a mark for every child of the group on each
    (REGISTER_EVERY, BEHIND_EVERY), and the months long past closed."""
    year = gen.data["year"]
    yesterday = gen.today - datetime.timedelta(days=1)
    if yesterday < year.start:
        return
    children: dict[int, int] = {}
    for g, group in enumerate(groups):
        organisation = clubs[g // 2].organisation_index
        children[organisation] = children.get(organisation, 0) + group.enrolled_count
    largest = max(children, key=children.get)
    sample = [
        g
        for g in range(len(groups))
        if clubs[g // 2].organisation_index % REGISTER_EVERY == 0
        or clubs[g // 2].organisation_index == largest
    ]
    firsts, total = [], gen.data["first_enrolment"]
    for group in groups:
        firsts.append(total)
        total += group.enrolled_count
    days = [year.start + datetime.timedelta(days=d) for d in range((yesterday - year.start).days + 1)]
    lessons, marks = [], 0
    for g in sample:
        group, days_off = groups[g], gen.data["days_off"][clubs[g // 2].organisation_id]
        behind = yesterday - datetime.timedelta(days=BEHIND_DAYS) if g % BEHIND_EVERY == 0 else None
        for lesson in range(2):
            weekday, starts, ends = TIMES[(2 * (g % 4) + lesson) % len(TIMES)]
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
