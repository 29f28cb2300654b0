"""The Kazakh centres' clubs, programs and groups for the current academic year (seeds 000
and 002; the organisations are centre.demo.kazakhstan's): clubs in the republic's directions
(the Direction rows with country "KZ", slugs kz-*, programs 0018) named in Russian and
Kazakh, prices in tenge (paid groups with a monthly price, voucher-funded groups and free
ones), the schedules, the Kazakh holidays in their calendars, and their families
(kazakhstan_families.py) with sex and ОВЗ recorded. Idempotent: found by slug and name."""

import datetime
import itertools
from dataclasses import dataclass

from django.utils import timezone

from centre.demo.kazakhstan import STAFF
from centre.roles import Role
from programs.demo.catalogue import A, B, S
from programs.demo.clubs import demo_program, demo_schedule
from programs.demo.kazakhstan_families import load_families
from programs.demo.year import add_holidays
from programs.models import Club, Direction, Group, Profile, Program

FREE, VOUCHER, PAID = Group.Funding.FREE, Group.Funding.CERTIFICATE, Group.Funding.PAID


@dataclass(frozen=True)
class KazakhClub:
    """A club of a Kazakh centre, its one program and its groups: (funding, monthly price
    in tenge or None) a group."""

    slug: str  # the club's and the program's
    club: str  # in Russian (Club.name)
    club_kk: str  # in Kazakh (Club.name_kk)
    kind: str  # Club.Kind
    where: str  # the venue's key in centre.demo.kazakhstan.VENUES
    direction: str  # a kz-* Direction slug
    profile: str
    title: str
    announcement: str
    age_min: int
    age_max: int
    levels: tuple[str, ...]
    groups: tuple[tuple[str, int | None], ...]
    is_modular: bool = False
    is_network: bool = False
    is_distance: bool = False
    is_adapted: bool = False
    disabilities: tuple[str, ...] = ()


TECH = "kz-science-technical"

# seed 000: a city centre of technical creativity, the project method in its clubs and
# creative laboratories, teachers' workshops
PROGRESS = [
    KazakhClub(
        slug="aktobe-robotics",
        club="Творческая лаборатория робототехники",
        club_kk="Робототехника шығармашылық зертханасы",
        kind=Club.Kind.LABORATORY,
        where="progress",
        direction=TECH,
        profile="Робототехника",
        title="Робототехника: от идеи до проекта",
        announcement="Собираем и программируем роботов; каждый доводит свой проект до соревнований.",
        age_min=9,
        age_max=15,
        levels=(S, B),
        groups=((PAID, 10000), (VOUCHER, None)),
        is_modular=True,
    ),
    KazakhClub(
        slug="aktobe-radio",
        club="Кружок радиоэлектроники",
        club_kk="Радиоэлектроника үйірмесі",
        kind=Club.Kind.CLUB,
        where="progress",
        direction=TECH,
        profile="Радиоэлектроника",
        title="Радиоэлектроника и схемотехника",
        announcement="Паяем первые схемы, собираем приборы и исследовательские проекты.",
        age_min=11,
        age_max=17,
        levels=(B,),
        groups=((FREE, None),),
    ),
    KazakhClub(
        slug="aktobe-aviamodel",
        club="Авиамодельный кружок",
        club_kk="Авиамодельдеу үйірмесі",
        kind=Club.Kind.CLUB,
        where="progress",
        direction=TECH,
        profile="Спортивно-техническое моделирование",
        title="Авиамоделирование",
        announcement="Строим кордовые и свободнолетающие модели, выступаем на соревнованиях.",
        age_min=10,
        age_max=17,
        levels=(S, B, A),
        groups=((FREE, None), (PAID, 8000)),
    ),
    KazakhClub(
        slug="aktobe-start-tech",
        club="Начальное техническое моделирование",
        club_kk="Бастапқы техникалық модельдеу",
        kind=Club.Kind.CLUB,
        where="progress",
        direction=TECH,
        profile="Техническое моделирование",
        title="Начальное техническое моделирование",
        announcement="Первые модели из бумаги, картона и конструктора для младших школьников.",
        age_min=7,
        age_max=10,
        levels=(S,),
        groups=((VOUCHER, None),),
    ),
    KazakhClub(
        slug="aktobe-programming",
        club="Кружок программирования",
        club_kk="Бағдарламалау үйірмесі",
        kind=Club.Kind.CLUB,
        where="progress",
        direction=TECH,
        profile="Программирование",
        title="Программирование на Python",
        announcement="Пишем игры и полезные программы, работаем над групповыми проектами.",
        age_min=12,
        age_max=17,
        levels=(S, B),
        groups=((PAID, 12000),),
    ),
    KazakhClub(
        slug="aktobe-dpi",
        club="Мастерская декоративно-прикладного искусства",
        club_kk="Сәндік-қолданбалы өнер шеберханасы",
        kind=Club.Kind.STUDIO,
        where="progress",
        direction="kz-arts-aesthetic",
        profile="Декоративно-прикладное искусство",
        title="Декоративно-прикладное искусство",
        announcement="Войлок, роспись и национальный орнамент; спокойный темп и малая группа.",
        age_min=7,
        age_max=14,
        levels=(S,),
        groups=((FREE, None),),
        is_adapted=True,
        disabilities=("delay", "musculoskeletal"),
    ),
]

# seed 002: the school of technical creativity sends its teachers to distant schools for the
# primary pupils (venues at a school); contests and exhibitions of technical and
# sport-technical directions at its own building; summer excursions
KOSTANAY = [
    KazakhClub(
        slug="kostanay-start-tech-school12",
        club="Начальное техническое моделирование (школа № 12)",
        club_kk="Бастапқы техникалық модельдеу (№ 12 мектеп)",
        kind=Club.Kind.CLUB,
        where="kostanay_school12",
        direction=TECH,
        profile="Техническое моделирование",
        title="Начальное техническое моделирование для младших школьников",
        announcement="Педагог школы технического творчества ведёт занятия в школе рядом с домом.",
        age_min=7,
        age_max=10,
        levels=(S,),
        groups=((FREE, None), (VOUCHER, None)),
    ),
    KazakhClub(
        slug="kostanay-lego-school21",
        club="Лего-конструирование (школа № 21)",
        club_kk="Лего-құрастыру (№ 21 мектеп)",
        kind=Club.Kind.CLUB,
        where="kostanay_school21",
        direction=TECH,
        profile="Робототехника",
        title="Лего-конструирование",
        announcement="Конструируем и оживляем модели в своей школе, без поездок через весь город.",
        age_min=6,
        age_max=9,
        levels=(S,),
        groups=((VOUCHER, None),),
    ),
    KazakhClub(
        slug="kostanay-karting",
        club="Секция картинга",
        club_kk="Картинг секциясы",
        kind=Club.Kind.SECTION,
        where="kostanay_stt",
        direction=TECH,
        profile="Спортивно-техническое моделирование",
        title="Картинг: устройство карта и вождение",
        announcement="Собираем и обслуживаем карты, тренируемся на картодроме, выступаем на соревнованиях.",
        age_min=10,
        age_max=16,
        levels=(S, B),
        groups=((PAID, 9000),),
    ),
    KazakhClub(
        slug="kostanay-ship",
        club="Кружок судомоделирования",
        club_kk="Кеме модельдеу үйірмесі",
        kind=Club.Kind.CLUB,
        where="kostanay_stt",
        direction=TECH,
        profile="Спортивно-техническое моделирование",
        title="Судомоделирование",
        announcement="Строим модели кораблей и готовим их к выставкам и соревнованиям школ.",
        age_min=10,
        age_max=15,
        levels=(B,),
        groups=((FREE, None),),
    ),
    KazakhClub(
        slug="kostanay-robotics",
        club="Кружок робототехники",
        club_kk="Робототехника үйірмесі",
        kind=Club.Kind.CLUB,
        where="kostanay_stt",
        direction=TECH,
        profile="Робототехника",
        title="Робототехника",
        announcement="Программируем роботов и участвуем в конкурсах технического творчества.",
        age_min=10,
        age_max=15,
        levels=(S, B),
        groups=((PAID, 11000), (VOUCHER, None)),
    ),
    KazakhClub(
        slug="kostanay-kraeved",
        club="Юные краеведы",
        club_kk="Жас өлкетанушылар",
        kind=Club.Kind.CLUB,
        where="kostanay_stt",
        direction="kz-tourism",
        profile="Краеведение",
        title="Краеведение: родной Костанай",
        announcement="Экскурсии и беседы о родном крае, летом — экскурсии для школ города.",
        age_min=9,
        age_max=14,
        levels=(S,),
        groups=((FREE, None),),
    ),
]

CATALOGUES = {"progress": PROGRESS, "kostanay_stt": KOSTANAY}

# the holidays of the Law of the Republic of Kazakhstan «О праздниках в Республике Казахстан»
# that fall on fixed dates (month, first day, last day, name); Курбан айт moves with the
# lunar calendar and the government's transfers of days off change every year: a methodist
# adds them on the calendar page
HOLIDAYS = [
    (10, 25, 25, "День Республики"),
    (12, 16, 16, "День Независимости"),
    (1, 1, 2, "Новый год"),
    (1, 7, 7, "Православное Рождество"),
    (3, 8, 8, "Международный женский день"),
    (3, 21, 23, "Наурыз мейрамы"),
    (5, 1, 1, "Праздник единства народа Казахстана"),
    (5, 7, 7, "День защитника Отечества"),
    (5, 9, 9, "День Победы"),
    (7, 6, 6, "День столицы"),
    (8, 30, 30, "День Конституции"),
]


def load(context, stdout=None) -> list[Group]:
    """The Kazakh centres' clubs, programs, groups, holidays and families; the groups."""
    kazakhstan = context["kazakhstan"]
    year = context["years"]["current"]
    groups = []
    for key, rows in CATALOGUES.items():
        methodist, director = (
            next(
                kazakhstan["staff"][row.username].user
                for row in STAFF
                if row.organisation == key and row.role == role
            )
            for role in (Role.METHODIST, Role.DIRECTOR)
        )
        own = _clubs(
            context, rows, teachers=kazakhstan["teachers_of"][key], author=methodist, director=director
        )
        _holidays(kazakhstan["organisations"][key], year, methodist)
        load_families(key, own, by=methodist)
        groups += own
    if stdout:
        stdout.write(f"Kazakhstan: {len(groups)} groups of {len(CATALOGUES)} centres.")
    return groups


def _clubs(context, rows, *, teachers, author, director) -> list[Group]:
    year = context["years"]["current"]
    directions = {d.slug: d for d in Direction.objects.filter(country="KZ")}
    profiles = {
        (p.direction.slug, p.name): p
        for p in Profile.objects.filter(direction__country="KZ").select_related("direction")
    }
    teacher_cycle = itertools.cycle(teachers)
    groups = []
    for index, row in enumerate(rows):
        venue = context["venues"][row.where]
        club, _ = Club.objects.update_or_create(
            slug=row.slug,
            defaults={
                "name": row.club,
                "name_kk": row.club_kk,
                "kind": row.kind,
                "organisation": venue.organisation,
                "description": f"{row.announcement} Занятия проходят: {venue.name}, {venue.address}.",
            },
        )
        program = demo_program(
            row, venue.organisation, Program.Status.PUBLISHED, author, directions, profiles
        )
        if not program.approvals.filter(academic_year=year).exists():
            program.approvals.create(
                academic_year=year,
                order_number=f"{20 + index}",
                order_date=year.start - datetime.timedelta(days=4),
                council_protocol_number="1",
                council_date=year.start - datetime.timedelta(days=6),
                approved_by=director,
            )
        rooms = itertools.cycle(list(venue.rooms.order_by("pk")))
        for number, (funding, price) in enumerate(row.groups, start=1):
            group = _group(
                club, program, row, number, year, next(teacher_cycle), venue, next(rooms), funding, price
            )
            if not group.slots.exists():
                demo_schedule(group, lessons=2, start_at=2 * len(groups))
            groups.append(group)
    return groups


def _group(club, program, row, number, year, teacher, venue, room, funding, price) -> Group:
    today = timezone.localdate()
    group, _ = Group.objects.get_or_create(
        club=club,
        academic_year=year,
        name=f"Группа {number}",
        defaults={
            "program": program,
            "year_of_study": 1,
            "teacher": teacher,
            "venue": venue,
            "room": room,
            "age_min": row.age_min,
            "age_max": row.age_max,
            "places": 10 if venue.at_school else 12,
            "enrol_from": year.start - datetime.timedelta(days=30),
            "enrol_until": today + datetime.timedelta(days=60),
            "funding": funding,
            "price": price,
        },
    )
    return group


def _holidays(organisation, year, by) -> None:
    """Kazakhstan's holidays in the centre's academic calendar (before programs.demo.year,
    which gives every teaching organisation without a calendar Russia's)."""
    add_holidays(organisation, year, HOLIDAYS, by=by)
