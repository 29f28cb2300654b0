"""Demo programs, clubs and groups drawn from the seeds: the technopark's quanta, tourism and
local history, arts studios, a club for children with disabilities, technical clubs run at
partner schools; and the clubs of the association's other centres and of the Omsk centre,
each with its own families. Idempotent: records are found by slug and name."""

import datetime
import itertools

from django.utils import timezone

from centre.demo import SCHOOLS
from centre.roles import Role, has_role
from programs.models import (
    Application,
    Club,
    Direction,
    Group,
    Level,
    Module,
    Profile,
    Program,
    ScheduleSlot,
)
from programs.services import CONSENT_TEXT, application_accept

S, B, A = Level.STARTER, Level.BASIC, Level.ADVANCED

# slug, club name, club kind, where (venue key), direction, profile, program title, announcement, ages, levels, extra
CATALOGUE = [
    (
        "it-kvantum",
        "IT-квантум",
        "quantum",
        "technopark",
        "technical",
        "Программирование",
        "IT-квантум: программирование на Python",
        "Пишем первые программы, игры и чат-ботов на Python.",
        (11, 17),
        [S, B],
        {},
    ),
    (
        "vr-ar-kvantum",
        "VR/AR-квантум",
        "quantum",
        "technopark",
        "technical",
        "VR/AR",
        "VR/AR-квантум: виртуальная и дополненная реальность",
        "Создаём 3D-модели и приложения виртуальной реальности.",
        (12, 17),
        [S, B],
        {},
    ),
    (
        "robokvantum",
        "Робоквантум",
        "quantum",
        "technopark",
        "technical",
        "Робототехника",
        "Робоквантум: мобильная робототехника",
        "Собираем и программируем роботов, готовимся к соревнованиям.",
        (10, 16),
        [S, B, A],
        {"is_modular": True},
    ),
    (
        "haitek",
        "Хайтек-цех",
        "quantum",
        "technopark",
        "technical",
        "Хайтек",
        "Хайтек: лазерные и аддитивные технологии",
        "3D-печать, лазерная резка и станки с ЧПУ для инженерных проектов.",
        (12, 17),
        [B, A],
        {},
    ),
    (
        "promdizain",
        "Промдизайнквантум",
        "quantum",
        "technopark",
        "technical",
        "Промышленный дизайн",
        "Промышленный дизайн: от эскиза до прототипа",
        "Придумываем и макетируем полезные вещи.",
        (11, 17),
        [S, B],
        {},
    ),
    (
        "lego-school1",
        "Лего-конструирование в СОШ № 1",
        "club",
        "school1",
        "technical",
        "Робототехника",
        "Лего-конструирование для младших школьников",
        "Первые шаги в технике: конструируем и оживляем модели.",
        (7, 10),
        [S],
        {"is_network": True},
    ),
    (
        "robot-lyceum",
        "Робототехника в Лицее № 24",
        "club",
        "lyceum24",
        "technical",
        "Робототехника",
        "Основы робототехники (сетевая программа)",
        "Занятия в школе рядом с домом — педагог Кванториума приходит к детям.",
        (9, 13),
        [S, B],
        {"is_network": True},
    ),
    (
        "aviamodel",
        "Авиамоделирование",
        "club",
        "main",
        "technical",
        "Авиамоделирование",
        "Авиамоделирование",
        "Строим летающие модели самолётов и планеров.",
        (10, 17),
        [B],
        {},
    ),
    (
        "ekolog",
        "Юный эколог",
        "club",
        "main",
        "science",
        "Экология",
        "Юный эколог",
        "Наблюдаем за природой родного края и ставим опыты.",
        (8, 12),
        [S],
        {},
    ),
    (
        "chem-lab",
        "Лаборатория занимательной химии",
        "laboratory",
        "main",
        "science",
        "Химия",
        "Занимательная химия",
        "Безопасные опыты и первые исследовательские проекты.",
        (10, 14),
        [S, B],
        {},
    ),
    (
        "astro",
        "Астрономический кружок «Орион»",
        "club",
        "main",
        "science",
        "Астрономия",
        "Астрономия для школьников",
        "Звёздное небо, телескоп и космические исследования.",
        (11, 17),
        [B],
        {"is_distance": True},
    ),
    (
        "bio-lab",
        "Биолаборатория",
        "laboratory",
        "technopark",
        "science",
        "Биология",
        "Биоквантум: живые системы",
        "Микроскоп, клетки и исследовательские проекты по биологии.",
        (12, 17),
        [B, A],
        {},
    ),
    (
        "chess",
        "Шахматный клуб «Ладья»",
        "club",
        "main",
        "sport",
        "Шахматы",
        "Шахматы: от новичка до разрядника",
        "Учимся играть, решаем задачи, выступаем на турнирах.",
        (6, 16),
        [S, B, A],
        {"is_modular": True},
    ),
    (
        "football",
        "Секция мини-футбола",
        "section",
        "school1",
        "sport",
        "Спортивные игры",
        "Мини-футбол",
        "Тренировки в спортзале школы, игры и турниры.",
        (8, 14),
        [S, B],
        {},
    ),
    (
        "karate",
        "Секция каратэ",
        "section",
        "main",
        "sport",
        "Единоборства",
        "Каратэ для детей",
        "Дисциплина, сила и уверенность в себе.",
        (7, 15),
        [S, B],
        {},
    ),
    (
        "choreo",
        "Хореографическая студия «Радуга»",
        "studio",
        "main",
        "arts",
        "Хореография",
        "Современная хореография",
        "Танец, пластика и выступления на сцене.",
        (6, 14),
        [S, B],
        {},
    ),
    (
        "izo",
        "Изостудия «Палитра»",
        "studio",
        "main",
        "arts",
        "Изобразительное искусство",
        "Изобразительное искусство",
        "Рисунок, живопись и композиция для начинающих художников.",
        (7, 15),
        [S, B],
        {},
    ),
    (
        "vocal",
        "Вокальная студия «Камертон»",
        "studio",
        "main",
        "arts",
        "Вокал",
        "Эстрадный вокал",
        "Ставим голос и поём на концертах.",
        (8, 17),
        [S, B, A],
        {},
    ),
    (
        "theatre",
        "Театр «Маска»",
        "theatre",
        "main",
        "arts",
        "Театр",
        "Театральное мастерство",
        "Актёрское мастерство, сценическая речь, спектакли.",
        (9, 16),
        [B],
        {},
    ),
    (
        "dpi",
        "Мастерская «Умелые руки»",
        "studio",
        "main",
        "arts",
        "Декоративно-прикладное творчество",
        "Декоративно-прикладное творчество",
        "Бисер, войлок и роспись по дереву.",
        (7, 13),
        [S],
        {},
    ),
    (
        "dpi-ovz",
        "Студия «Особые мастера»",
        "studio",
        "main",
        "arts",
        "Декоративно-прикладное творчество",
        "Ремесло и творчество для детей с ОВЗ",
        "Адаптированная программа: занятия в малой группе, спокойный темп.",
        (7, 17),
        [S],
        {"is_adapted": True, "disabilities": ["delay", "autism", "musculoskeletal"]},
    ),
    (
        "ensemble",
        "Ансамбль народного танца «Сударушка»",
        "ensemble",
        "main",
        "arts",
        "Хореография",
        "Народный танец",
        "Русский и народные танцы, конкурсы и фестивали.",
        (8, 17),
        [B, A],
        {},
    ),
    (
        "tourism",
        "Клуб спортивного туризма «Азимут»",
        "club",
        "main",
        "tourism",
        "Спортивный туризм",
        "Спортивный туризм и ориентирование",
        "Походы, ориентирование и навыки выживания на природе.",
        (10, 17),
        [S, B],
        {},
    ),
    (
        "kraeved",
        "Юные краеведы",
        "club",
        "main",
        "tourism",
        "Краеведение",
        "Краеведение: история родного края",
        "Изучаем историю Рубцовска и Алтайского края, ходим в экспедиции.",
        (10, 15),
        [S, B],
        {},
    ),
    (
        "museum",
        "Школьный музей в Лицее № 24",
        "club",
        "lyceum24",
        "tourism",
        "Музейное дело",
        "Музейное дело",
        "Экскурсоводы и хранители школьного музея.",
        (11, 17),
        [B],
        {"is_network": True},
    ),
    (
        "journalism",
        "Школа юного журналиста",
        "school",
        "main",
        "social",
        "Журналистика",
        "Юный журналист",
        "Пишем статьи, снимаем видео, выпускаем газету центра.",
        (11, 17),
        [S, B],
        {},
    ),
    (
        "english",
        "Английский клуб",
        "club",
        "main",
        "social",
        "Иностранные языки",
        "Английский язык в игре",
        "Разговорный английский через игры и проекты.",
        (7, 12),
        [S, B],
        {},
    ),
    (
        "volunteer",
        "Волонтёрский отряд «Добро»",
        "club",
        "main",
        "social",
        "Волонтёрство",
        "Волонтёрство и социальные проекты",
        "Помогаем людям и животным, делаем социальные проекты.",
        (12, 17),
        [B],
        {},
    ),
    (
        "preschool",
        "Школа раннего развития «Почемучка»",
        "school",
        "main",
        "social",
        "Предшкольная подготовка",
        "Подготовка к школе",
        "Чтение, счёт и развитие речи для будущих первоклассников.",
        (5, 7),
        [S],
        {},
    ),
    (
        "drone",
        "Аэроквантум",
        "quantum",
        "technopark",
        "technical",
        "Авиамоделирование",
        "Аэроквантум: беспилотные летательные аппараты",
        "Собираем и пилотируем квадрокоптеры.",
        (12, 17),
        [B, A],
        {},
    ),
]

# The other organisations' clubs, in the same shape; «where» is the organisation's venue.
OTHER_CATALOGUES = {
    "creativity": [
        (
            "crt-beads",
            "Студия бисероплетения «Бусинка»",
            "studio",
            "creativity",
            "arts",
            "Декоративно-прикладное творчество",
            "Бисероплетение",
            "Плетём украшения, цветы и игрушки из бисера.",
            (7, 14),
            [S, B],
            {},
        ),
        (
            "crt-vocal",
            "Вокальный ансамбль «Звонкие голоса»",
            "ensemble",
            "creativity",
            "arts",
            "Вокал",
            "Ансамблевое пение",
            "Поём в ансамбле, выступаем на городских концертах.",
            (7, 15),
            [S, B],
            {},
        ),
        (
            "crt-tv",
            "Детская телестудия «Кадр»",
            "studio",
            "creativity",
            "social",
            "Журналистика",
            "Детское телевидение",
            "Снимаем и монтируем сюжеты о жизни города.",
            (11, 17),
            [B],
            {},
        ),
    ],
    "tourism": [
        (
            "ste-orienteering",
            "Спортивное ориентирование",
            "section",
            "tourism",
            "tourism",
            "Спортивный туризм",
            "Спортивное ориентирование",
            "Карта, компас и дистанции в парке и в лесу.",
            (9, 17),
            [S, B],
            {},
        ),
        (
            "ste-guides",
            "Юные экскурсоводы",
            "club",
            "tourism",
            "tourism",
            "Краеведение",
            "Экскурсоводы родного города",
            "Готовим и проводим экскурсии по Рубцовску.",
            (10, 16),
            [S],
            {},
        ),
    ],
    "youth": [
        (
            "dyuc-chess",
            "Шахматный клуб «Гамбит»",
            "club",
            "youth",
            "sport",
            "Шахматы",
            "Шахматы для начинающих",
            "Правила, дебюты и первые турниры.",
            (7, 16),
            [S, B],
            {},
        ),
        (
            "dyuc-english",
            "Клуб английского языка «Speak Up»",
            "club",
            "youth",
            "social",
            "Иностранные языки",
            "Разговорный английский",
            "Говорим по-английски о том, что интересно подросткам.",
            (10, 15),
            [S, B],
            {},
        ),
    ],
    "amursky": [
        (
            "amur-nadezhda",
            "Клуб «Надежда»",
            "club",
            "amursky",
            "arts",
            "Декоративно-прикладное творчество",
            "Клуб «Надежда»: творчество и досуг для детей с инвалидностью",
            "Адаптированная программа: мастерские, праздники и занятия в малой группе.",
            (7, 18),
            [S],
            {"is_adapted": True, "disabilities": ["musculoskeletal", "delay"]},
        ),
        (
            "amur-art",
            "Художественная студия «Акварель»",
            "studio",
            "amursky",
            "arts",
            "Изобразительное искусство",
            "Живопись и графика",
            "Рисуем с натуры, готовим работы к выставкам и конкурсам.",
            (8, 16),
            [S, B],
            {},
        ),
        (
            "amur-research",
            "Школа юного исследователя",
            "school",
            "amursky",
            "science",
            "Экология",
            "Учебные исследования младших школьников",
            "Модульная программа: наблюдаем, ставим опыты и защищаем первые исследования.",
            (7, 11),
            [S],
            {"is_modular": True},
        ),
    ],
}

# (weekday, start) pairs, cycled through the groups so that no room or teacher clashes.
TIMES = [
    (day, start)
    for start in ("15:00", "16:40", "18:20", "10:00", "11:40", "13:20")
    for day in (1, 3, 5, 2, 4, 6)
]


def load(context, stdout=None):
    staff = context["staff"]
    groups = _load_catalogue(
        context,
        CATALOGUE,
        teachers=context["teachers"],
        author=staff["methodist"].user,
        director=staff["director"].user,
        groups_per_club=2,
    )
    _demo_applications(context, groups)
    for key, rows in OTHER_CATALOGUES.items():
        people = [
            person for person in staff.values() if person.organisation_id == context["organisations"][key].pk
        ]
        director = next(p.user for p in people if has_role(p.user, Role.DIRECTOR))
        accepting = next((p.user for p in people if has_role(p.user, Role.METHODIST)), director)
        other_groups = _load_catalogue(
            context,
            rows,
            teachers=context["teachers_of"][key],
            author=accepting,
            director=director,
            groups_per_club=1,
        )
        _other_applications(context["organisations"][key], other_groups, APPLICANTS_OF[key], by=accepting)
    if stdout:
        stdout.write(f"Programs: {Program.objects.count()} programs, {Group.objects.count()} groups.")


def _load_catalogue(context, rows, *, teachers, author, director, groups_per_club) -> list:
    """Clubs, their programs (approved for the current year) and groups with a schedule.

    A club belongs to the organisation that runs it: the one owning its venue, which for a
    club at a partner school is the centre (the school is the network program's partner)."""
    today = timezone.localdate()
    year = context["years"]["current"]
    venues = context["venues"]
    # a club in a partner school's rooms: the school is its network program's partner
    partners = {key: context["organisations"][key] for key in SCHOOLS}
    directions = {d.slug: d for d in Direction.objects.all()}
    profiles = {(p.direction.slug, p.name): p for p in Profile.objects.select_related("direction")}
    teacher_cycle = itertools.cycle(teachers)
    slot_index = 0
    groups = []

    for index, (
        slug,
        club_name,
        kind,
        where,
        direction,
        profile,
        title,
        announcement,
        ages,
        levels,
        extra,
    ) in enumerate(rows):
        venue = venues[where]
        organisation = venue.organisation
        club, _ = Club.objects.update_or_create(
            slug=slug,
            defaults={
                "name": club_name,
                "kind": kind,
                "organisation": organisation,
                "description": f"{announcement} Занятия проходят: {venue.name}.",
            },
        )
        status = Program.Status.PUBLISHED
        if rows is CATALOGUE and index == len(CATALOGUE) - 1:
            status = Program.Status.REVIEW  # one waits for the director's review
        program, created = Program.objects.update_or_create(
            slug=slug,
            defaults={
                "organisation": organisation,
                "title": title,
                "direction": directions[direction],
                "profile": profiles[(direction, profile)],
                "announcement": announcement,
                "description": f"{announcement} Программа рассчитана на детей {ages[0]}–{ages[1]} лет и "
                "строится на проектной деятельности: каждый ребёнок доводит свою идею до результата.",
                "goals": "Цель: развитие интереса и способностей ребёнка через практическую деятельность. "
                "Задачи: освоить базовые умения, выполнить и представить проект.",
                "expected_results": "Ребёнок умеет работать в команде, представляет собственный проект, "
                "участвует в конкурсах и выставках.",
                "age_min": ages[0],
                "age_max": ages[1],
                "duration_months": 9 * len(levels),
                "hours_per_year": 144 if kind == "quantum" else 72,
                "group_size_min": 8,
                "group_size_max": 12 if kind == "quantum" else 15,
                "equipment": "Учебный кабинет, оборудование и расходные материалы объединения.",
                "levels": list(levels),
                "status": status,
                "created_by": author,
                **extra,
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
        if program.is_network and where in partners:
            program.partners.add(partners[where])
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
            teacher = next(teacher_cycle)
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
                    "age_min": ages[0],
                    "age_max": ages[1],
                    # every fifth club has a small, soon full group
                    "places": 3 if index % 5 == 0 and number == 1 else 12,
                    "enrol_from": year.start - datetime.timedelta(days=30),
                    "enrol_until": today + datetime.timedelta(days=60)
                    if index % 7
                    else today - datetime.timedelta(days=10),
                    "funding": Group.Funding.PAID
                    if index % 6 == 3
                    else (Group.Funding.CERTIFICATE if index % 4 == 1 else Group.Funding.FREE),
                    "price": 1500 if index % 6 == 3 else None,
                },
            )
            if not group.slots.exists():
                _schedule(group, lessons=2, start_at=slot_index)
                slot_index += 2
            groups.append(group)
    return groups


def _schedule(group, *, lessons, start_at):
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


# child surname, name, birth date, guardian surname, name, phone: invented families
APPLICANTS = [
    ("Белов", "Иван", datetime.date(2013, 2, 11), "Белова", "Ольга", "+7 (913) 555-10-01"),
    ("Васильева", "Мария", datetime.date(2014, 6, 5), "Васильева", "Анна", "+7 (913) 555-10-02"),
    ("Громов", "Никита", datetime.date(2012, 10, 20), "Громова", "Елена", "+7 (913) 555-10-03"),
    ("Данилова", "София", datetime.date(2015, 3, 28), "Данилов", "Сергей", "+7 (913) 555-10-04"),
    ("Жуков", "Егор", datetime.date(2011, 8, 14), "Жукова", "Наталья", "+7 (913) 555-10-05"),
    ("Зайцева", "Вера", datetime.date(2013, 12, 1), "Зайцева", "Юлия", "+7 (913) 555-10-06"),
    ("Исаев", "Тимофей", datetime.date(2012, 4, 9), "Исаева", "Ксения", "+7 (913) 555-10-07"),
    ("Ковалёва", "Ева", datetime.date(2014, 9, 30), "Ковалёв", "Роман", "+7 (913) 555-10-08"),
]

# The other organisations' families: (child surname, name, patronymic, birth date, guardian
# surname, name, phone, status). Тарасов Кирилл also studies at «Малая Академия» (centre.demo,
# his mother's phone is the same): the tourism station keeps its own record of him, and
# neither organisation sees the other's.
APPLICANTS_OF = {
    "creativity": [
        (
            "Афанасьева",
            "Мирослава",
            "Олеговна",
            datetime.date(2014, 4, 16),
            "Афанасьева",
            "Инга",
            "+7 (913) 555-20-01",
            "accepted",
        ),
        (
            "Блинов",
            "Арсений",
            "Витальевич",
            datetime.date(2013, 1, 22),
            "Блинова",
            "Регина",
            "+7 (913) 555-20-02",
            "accepted",
        ),
        (
            "Ершова",
            "Кира",
            "Павловна",
            datetime.date(2015, 10, 3),
            "Ершова",
            "Диана",
            "+7 (913) 555-20-03",
            "new",
        ),
    ],
    "tourism": [
        (
            "Тарасов",
            "Кирилл",
            "Андреевич",
            datetime.date(2011, 5, 30),
            "Тарасова",
            "Мария",
            "+7 (913) 555-02-04",
            "accepted",
        ),
        (
            "Гаврилов",
            "Семён",
            "Русланович",
            datetime.date(2012, 8, 7),
            "Гаврилова",
            "Лейла",
            "+7 (913) 555-30-02",
            "accepted",
        ),
        (
            "Лукина",
            "Таисия",
            "Григорьевна",
            datetime.date(2013, 3, 19),
            "Лукина",
            "Эльвира",
            "+7 (913) 555-30-03",
            "new",
        ),
    ],
    "youth": [
        (
            "Горбунов",
            "Платон",
            "Артурович",
            datetime.date(2010, 12, 2),
            "Горбунова",
            "Снежана",
            "+7 (913) 555-40-01",
            "accepted",
        ),
        (
            "Суханова",
            "Яна",
            "Эмилевна",
            datetime.date(2012, 6, 27),
            "Суханова",
            "Марьям",
            "+7 (913) 555-40-02",
            "new",
        ),
    ],
    "amursky": [
        (
            "Зимин",
            "Савелий",
            "Робертович",
            datetime.date(2011, 11, 11),
            "Зимина",
            "Алина",
            "+7 (3812) 55-60-01",
            "accepted",
        ),
        (
            "Калинина",
            "Эвелина",
            "Денисовна",
            datetime.date(2013, 2, 5),
            "Калинина",
            "Карина",
            "+7 (3812) 55-60-02",
            "accepted",
        ),
        (
            "Нестеров",
            "Мирон",
            "Эльдарович",
            datetime.date(2014, 7, 9),
            "Нестерова",
            "Лиана",
            "+7 (3812) 55-60-03",
            "new",
        ),
    ],
}


def _demo_applications(context, groups):
    """Applications in every status; the first small group ends up full."""
    organisations = [context["centre"], context["technopark"]]
    if Application.objects.filter(group__club__organisation__in=organisations).exists():
        return
    methodist = context["staff"]["methodist"].user
    parent = context["parent"]
    now = timezone.now()
    statuses = ["accepted", "accepted", "accepted", "new", "new", "waiting", "rejected", "withdrawn"]
    full_group = next(g for g in groups if g.places == 3)
    for (surname, name, born, g_surname, g_name, phone), status in zip(APPLICANTS, statuses, strict=True):
        age = full_group.academic_year.start.year - born.year
        target = full_group if status == "accepted" else _group_for_age(groups, age, exclude=full_group)
        application = Application.objects.create(
            group=target,
            child_surname=surname,
            child_name=name,
            child_birth_date=born,
            guardian_surname=g_surname,
            guardian_name=g_name,
            guardian_phone=phone,
            consent_processing=True,
            consent_text=CONSENT_TEXT,
            created_at=now - datetime.timedelta(days=6 if status == "new" and name == "Никита" else 1),
        )
        if status == "accepted":
            application_accept(application=application, by=methodist)
        elif status in ("waiting", "rejected", "withdrawn"):
            Application.objects.filter(pk=application.pk).update(
                status=status,
                decided_by=methodist if status != "withdrawn" else None,
                decided_at=now if status != "withdrawn" else None,
                reject_reason="Ребёнок не подходит по возрасту для выбранного уровня."
                if status == "rejected"
                else "",
            )
    # The demo parent's own child applied too, and is waiting for a decision: to a group of
    # the organisation that keeps the child's record, so that accepting it finds that record.
    learner = context["learners"][0]
    own = [group for group in groups if group.club.organisation_id == learner.organisation_id]
    target = _group_for_age(own, learner.age_on(timezone.localdate()), exclude=full_group)
    Application.objects.create(
        group=target,
        user=parent.user,
        child_surname=learner.surname,
        child_name=learner.name,
        child_patronymic=learner.patronymic,
        child_birth_date=learner.birth_date,
        guardian_surname=parent.surname,
        guardian_name=parent.name,
        guardian_patronymic=parent.patronymic,
        guardian_phone=parent.phone,
        guardian_email=parent.email,
        consent_processing=True,
        consent_text=CONSENT_TEXT,
    )


def _other_applications(organisation, groups, applicants, *, by):
    """An organisation's families: accepted ones become its children (its own records of
    them and of their parents), the rest wait in its queue."""
    if Application.objects.filter(group__club__organisation=organisation).exists():
        return
    for surname, name, patronymic, born, g_surname, g_name, phone, status in applicants:
        age = groups[0].academic_year.start.year - born.year
        target = _group_for_age(groups, age, exclude=None)
        application = Application.objects.create(
            group=target,
            child_surname=surname,
            child_name=name,
            child_patronymic=patronymic,
            child_birth_date=born,
            guardian_surname=g_surname,
            guardian_name=g_name,
            guardian_phone=phone,
            consent_processing=True,
            consent_text=CONSENT_TEXT,
        )
        if status == "accepted":
            application_accept(application=application, by=by)


def _group_for_age(groups, age, *, exclude):
    for group in groups:
        if group != exclude and group.age_min <= age <= group.age_max and group.free_places > 0:
            return group
    return groups[1] if len(groups) > 1 else groups[0]
