"""The planned clubs, programs, groups, schedules and enrolments as rows (plan.py decides
them). Every group's children fit its ages, no group is overbooked, and no room or teacher
is in two places at once: the database's own constraints check each row."""

import datetime

from centre.generate import Children, Generator, generate_children, generate_staff, table_row
from centre.models import Organisation
from programs.generate.plan import SCHOOL_TECHNICAL, SCHOOLS, TIMES, Plan, ages_of
from programs.models import Club, Direction, Enrolment, Group, Profile, Program, ScheduleSlot

FUNDING = [
    Group.Funding.FREE,
    Group.Funding.FREE,
    Group.Funding.FREE,
    Group.Funding.CERTIFICATE,
    Group.Funding.CERTIFICATE,
    Group.Funding.PAID,
]
PRICE = 8000  # tenge a month, a paid group's


def clubs_and_programs(gen: Generator, plan: Plan) -> tuple[int, int]:
    """A club and its program for each planned club. Returns the first club's and program's id."""
    first_program = gen.reserve(Program, len(plan.clubs))
    first_club = gen.reserve(Club, len(plan.clubs))
    short = dict(
        Organisation.objects.filter(pk__in=gen.data["organisations"]).values_list("pk", "short_name")
    )
    organisations = gen.data["organisations"]
    _programs(gen, plan, first_program)
    Row = table_row(Club)
    gen.copy(
        Club,
        (
            Row(
                id=first_club + c,
                name=f"{club.model.club} — {short[organisations[club.organisation]]}",
                name_kk=f"{club.model.club_kk} — {short[organisations[club.organisation]]}",
                slug=f"gen-{gen.scale.name}-{club.model.slug}-{c}",
                kind=club.model.kind,
                organisation_id=organisations[club.organisation],
                description=club.model.announcement,
            )
            for c, club in enumerate(plan.clubs)
        ),
        label="clubs",
    )
    return first_club, first_program


def _programs(gen: Generator, plan: Plan, first: int) -> None:
    """A program belongs to its club's organisation."""
    directions = {d.slug: d.pk for d in Direction.objects.filter(country="KZ")}
    profiles = {(p.direction.slug, p.name): p.pk for p in Profile.objects.select_related("direction")}
    organisations = gen.data["organisations"]
    Row = table_row(Program)

    def rows():
        for c, club in enumerate(plan.clubs):
            model = club.model
            yield Row(
                id=first + c,
                organisation_id=organisations[club.organisation],
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
                hours_per_year=144 if club.category.technical else 72,
                group_size_min=8,
                group_size_max=max(club.category.places),
                equipment="",
                image="",
                levels="{" + ",".join(model.levels) + "}",
                is_modular=False,
                is_network=False,
                is_distance=False,
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


def groups(gen: Generator, plan: Plan, first_club: int, first_program: int) -> list:
    """The planned groups, each taught by its planned teacher in the teacher's room."""
    year = gen.data["year"]
    teachers, rooms = generate_staff(gen, plan.teachers)
    first = gen.reserve(Group, len(plan.groups))
    venues = gen.data["venues"]
    Row = table_row(Group)
    rows = []
    for g, group in enumerate(plan.groups):
        club = plan.clubs[group.club]
        school = club.category in (SCHOOLS, SCHOOL_TECHNICAL)
        funding = Group.Funding.FREE if school else FUNDING[g % len(FUNDING)]
        rows.append(
            Row(
                id=first + g,
                club_id=first_club + group.club,
                program_id=first_program + group.club,
                academic_year_id=year.pk,
                name=f"Группа {group.year_of_study}",
                year_of_study=group.year_of_study,
                teacher_id=teachers[group.teacher],
                venue_id=venues[club.organisation],
                room_id=rooms[group.teacher],
                age_min=club.model.age_min,
                age_max=club.model.age_max,
                places=group.places,
                enrolled_count=group.enrolled,
                offered_count=0,
                enrol_from=year.start - datetime.timedelta(days=30),
                enrol_until=gen.today + datetime.timedelta(days=60)
                if g % 7
                else gen.today - datetime.timedelta(days=5),
                funding=funding,
                price=PRICE if funding == Group.Funding.PAID else None,
                copied_from_id=None,
            )
        )
    gen.copy(Group, rows, label="groups")
    gen.data["technical_teachers"] = plan.technical_teachers
    return rows


def lessons(gen: Generator, plan: Plan, rows: list) -> None:
    """A group at position k of its teacher's week takes TIMES[2k] and TIMES[2k + 1]."""
    first = gen.reserve(ScheduleSlot, len(rows) * 2)
    gen.data["first_slot"] = first
    Row = table_row(ScheduleSlot)

    def slot_rows():
        for g, (group, row) in enumerate(zip(plan.groups, rows, strict=True)):
            for lesson in range(2):
                weekday, starts, ends = TIMES[2 * group.position + lesson]
                yield Row(
                    id=first + 2 * g + lesson,
                    group_id=row.id,
                    weekday=weekday,
                    starts=starts,
                    ends=ends,
                    room_id=row.room_id,
                    academic_year_id=row.academic_year_id,
                    teacher_id=row.teacher_id,
                )

    gen.copy(ScheduleSlot, slot_rows(), label="lessons")


def enrolments(gen: Generator, plan: Plan, rows: list) -> range:
    """The groups' children, each a record of its group's organisation: a group's own new
    children (those also enrolled in a later group first, aged for both), then its second
    enrolments, children whose first group is its `source`."""
    runs, first_new = [], []
    total = 0
    later_of = {group.source: h for h, group in enumerate(plan.groups) if group.source is not None}
    for g, group in enumerate(plan.groups):
        club = plan.clubs[group.club]
        adapted = club.model.is_adapted
        first_new.append(total)
        if group.dependants:
            low, high = ages_of(plan, g, later_of[g])
            runs.append(Children(group.dependants, low, high, club.organisation, adapted))
        rest = group.new - group.dependants
        runs.append(Children(rest, club.model.age_min, club.model.age_max, club.organisation, adapted))
        total += group.new
    learners = generate_children(gen, runs)
    count = sum(group.enrolled for group in plan.groups)
    first = gen.reserve(Enrolment, count)
    start = gen.data["year"].start
    Row = table_row(Enrolment)

    def enrolment_rows():
        index = 0
        for g, (group, row) in enumerate(zip(plan.groups, rows, strict=True)):
            seconds = first_new[group.source] if group.source is not None else 0
            children = (
                *range(seconds, seconds + group.seconds),
                *range(first_new[g], first_new[g] + group.new),
            )
            for child in children:
                yield Row(
                    id=first + index,
                    group_id=row.id,
                    learner_id=learners[child],
                    application_id=None,
                    status=Enrolment.Status.ACTIVE,
                    enrolled_on=start,
                    left_on=None,
                    order_id=None,
                    funding=row.funding,
                    leaving_order_id=None,
                    leaving_reason="",
                    continues_id=None,
                )
                index += 1

    gen.copy(Enrolment, enrolment_rows(), label="enrolments")
    gen.data["first_enrolment"] = first
    gen.data["second_enrolments"] = count - len(learners)
    return learners
