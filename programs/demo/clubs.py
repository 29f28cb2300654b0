"""Demo clubs, their programs (approved for the current year) and groups with a schedule."""

import datetime
import itertools

from django.utils import timezone

from centre.demo import SCHOOLS
from programs.demo.catalogue import DemoClub
from programs.models import Club, Direction, Group, Module, Profile, Program, ScheduleSlot

# (weekday, start) pairs, cycled through the groups so that no room or teacher clashes.
TIMES = [
    (day, start)
    for start in ("15:00", "16:40", "18:20", "10:00", "11:40", "13:20")
    for day in (1, 3, 5, 2, 4, 6)
]


def load_clubs(
    context, rows: list[DemoClub], *, teachers, author, director, groups_per_club, in_review=None
) -> list[Group]:
    """Clubs, their programs (approved for the current year) and groups with a schedule;
    the program of `in_review` (one of the rows) waits for the director's review instead.

    A club belongs to the organisation that runs it: the one owning its venue, which for a
    club at a partner school is the centre (the school is the network program's partner)."""
    year = context["years"]["current"]
    # a club in a partner school's rooms: the school is its network program's partner
    partners = {key: context["organisations"][key] for key in SCHOOLS}
    directions = {d.slug: d for d in Direction.objects.all()}
    profiles = {(p.direction.slug, p.name): p for p in Profile.objects.select_related("direction")}
    teacher_cycle = itertools.cycle(teachers)
    slot_index = 0
    groups = []
    for index, row in enumerate(rows):
        venue = context["venues"][row.where]
        club, _ = Club.objects.update_or_create(
            slug=row.slug,
            defaults={
                "name": row.club,
                "kind": row.kind,
                "organisation": venue.organisation,
                "description": f"{row.announcement} Занятия проходят: {venue.name}.",
            },
        )
        status = Program.Status.REVIEW if row is in_review else Program.Status.PUBLISHED
        program = demo_program(row, venue.organisation, status, author, directions, profiles)
        if program.is_network and row.where in partners:
            program.partners.add(partners[row.where])
        if status == Program.Status.PUBLISHED and not program.approvals.filter(academic_year=year).exists():
            program.approvals.create(
                academic_year=year,
                order_number=f"{100 + index}-од",
                order_date=year.start - datetime.timedelta(days=3),
                council_protocol_number="1",
                council_date=year.start - datetime.timedelta(days=5),
                approved_by=director,
            )
        room_cycle = itertools.cycle(list(venue.rooms.all()))
        for number in range(1, groups_per_club + 1):
            group = _group(club, program, row, index, number, year, next(teacher_cycle), venue, room_cycle)
            if not group.slots.exists():
                demo_schedule(group, lessons=2, start_at=slot_index)
                slot_index += 2
            groups.append(group)
    return groups


def demo_program(row: DemoClub, organisation, status, author, directions, profiles) -> Program:
    """The club's program and its modules."""
    program, created = Program.objects.update_or_create(
        slug=row.slug,
        defaults={
            "organisation": organisation,
            "title": row.title,
            "direction": directions[row.direction],
            "profile": profiles[(row.direction, row.profile)],
            "announcement": row.announcement,
            "description": f"{row.announcement} Программа рассчитана на детей {row.age_min}–{row.age_max} лет и "
            "строится на проектной деятельности: каждый ребёнок доводит свою идею до результата.",
            "goals": "Цель: развитие интереса и способностей ребёнка через практическую деятельность. "
            "Задачи: освоить базовые умения, выполнить и представить проект.",
            "expected_results": "Ребёнок умеет работать в команде, представляет собственный проект, "
            "участвует в конкурсах и выставках.",
            "age_min": row.age_min,
            "age_max": row.age_max,
            "duration_months": 9 * len(row.levels),
            "hours_per_year": 144 if row.kind == Club.Kind.QUANTUM else 72,
            "group_size_min": 8,
            "group_size_max": 12 if row.kind == Club.Kind.QUANTUM else 15,
            "equipment": "Учебный кабинет, оборудование и расходные материалы объединения.",
            "levels": list(row.levels),
            "status": status,
            "created_by": author,
            "is_modular": row.is_modular,
            "is_network": row.is_network,
            "is_distance": row.is_distance,
            "is_adapted": row.is_adapted,
            "disabilities": list(row.disabilities),
        },
    )
    if created or not program.modules.exists():
        Module.objects.filter(program=program).delete()
        Module.objects.create(
            program=program, title="Введение", kind=Module.Kind.INVARIANT, hours=18, position=1
        )
        Module.objects.create(
            program=program, title="Основной курс", kind=Module.Kind.INVARIANT, hours=36, position=2
        )
        if program.is_modular:
            Module.objects.create(
                program=program, title="Проектный модуль", kind=Module.Kind.VARIABLE, hours=18, position=3
            )
    return program


def _group(club, program, row: DemoClub, index, number, year, teacher, venue, room_cycle) -> Group:
    """The club's `number`-th group: every fifth club has a small, soon full first group,
    every seventh a closed enrolment window; funding and price vary with the club's index."""
    today = timezone.localdate()
    paid = index % 6 == 3
    group, _ = Group.objects.get_or_create(
        club=club,
        academic_year=year,
        name=f"Группа {number}",
        defaults={
            "program": program,
            "year_of_study": number,
            "teacher": teacher,
            "venue": venue,
            "room": next(room_cycle),
            "age_min": row.age_min,
            "age_max": row.age_max,
            "places": 3 if index % 5 == 0 and number == 1 else 12,
            "enrol_from": year.start - datetime.timedelta(days=30),
            "enrol_until": today + datetime.timedelta(days=60)
            if index % 7
            else today - datetime.timedelta(days=10),
            "funding": Group.Funding.PAID
            if paid
            else (Group.Funding.CERTIFICATE if index % 4 == 1 else Group.Funding.FREE),
            "price": 1500 if paid else None,
        },
    )
    return group


def demo_schedule(group, *, lessons, start_at):
    """Two 90-minute lessons a week at the first times free for the room and the teacher."""
    placed = 0
    for offset in range(len(TIMES)):
        weekday, start = TIMES[(start_at + offset) % len(TIMES)]
        hours, minutes = map(int, start.split(":"))
        starts = datetime.time(hours, minutes)
        ends = (
            datetime.datetime.combine(datetime.date(2000, 1, 3), starts) + datetime.timedelta(minutes=90)
        ).time()
        slot = ScheduleSlot(group=group, weekday=weekday, starts=starts, ends=ends, room=group.room)
        if not slot.clashes().exists() and not group.slots.filter(weekday=weekday).exists():
            slot.save()
            placed += 1
            if placed == lessons:
                return
