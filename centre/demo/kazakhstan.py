"""The demo's Kazakh centres, from seeds 000 and 002 (Republic of Kazakhstan, country "KZ").

Seed 000 is a report of the city centre of technical creativity «Прогресс» of Актобе (the
project method, teachers' workshops and creative laboratories). Seed 002 is a report of the
school of technical creativity of Костанай, whose teachers hold lessons at distant schools
so that primary pupils need not travel: those rooms are the school's venues at a school
(``Venue.at_school``), its own clubs and teachers, not clubs of the schools.

The organisations' names and cities are the seeds'. Everything else is invented and said so
in docs/decisions.md: every person (no one is named in the seeds), the streets' house
numbers, the schools' numbers, and the education authorities (the seeds name none: their
names end in «(демо)»). Idempotent: records are found by their natural keys, as in
centre.demo."""

from centre.demo.records import DemoStaff, DemoVenue, FullName
from centre.models import Organisation, Person, Room, Venue
from centre.roles import Role, assign_roles

KZ = "KZ"
AKTOBE = "Актюбинская область, г. Актобе"
KOSTANAY = "Костанайская область, г. Костанай"

# key: the organisation's fields; authorities before the centres that name them; the order is
# the order of demo_logins
ORGANISATIONS = {
    "aktobe_authority": {
        "name": "Отдел образования города Актобе (демо)",
        "short_name": "Отдел образования г. Актобе (демо)",
        "kind": Organisation.Kind.AUTHORITY,
        "address": AKTOBE,
    },
    "progress": {
        # seed 000: «Городской Центр технического творчества г. Актобе», «Прогресс»
        "name": "Городской центр технического творчества «Прогресс» г. Актобе",
        "short_name": "ГЦТТ «Прогресс»",
        "kind": Organisation.Kind.CENTRE,
        "address": AKTOBE,
        "authority": "aktobe_authority",
    },
    "kostanay_authority": {
        "name": "Отдел образования города Костаная (демо)",
        "short_name": "Отдел образования г. Костаная (демо)",
        "kind": Organisation.Kind.AUTHORITY,
        "address": KOSTANAY,
    },
    "kostanay_stt": {
        # seed 002: «школа технического творчества в городе Костанае»
        "name": "Школа технического творчества города Костаная",
        "short_name": "Школа технического творчества г. Костаная",
        "kind": Organisation.Kind.CENTRE,
        "address": KOSTANAY,
        "authority": "kostanay_authority",
    },
}

# (the venue, whether it is a school's building). Streets are real, house and school numbers
# invented; the districts are Актобе's two city districts and Костанай's microdistricts.
VENUES = [
    (
        DemoVenue(
            "progress",
            "progress",
            "ГЦТТ «Прогресс», главный корпус",
            "район Астана",
            [
                "Лаборатория робототехники",
                "Лаборатория радиоэлектроники",
                "Авиамодельная мастерская",
                "Каб. 12",
            ],
            "г. Актобе, ул. Маресьева, 84",
        ),
        False,
    ),
    (
        DemoVenue(
            "kostanay_stt",
            "kostanay_stt",
            "Школа технического творчества, главный корпус",
            "Центр",
            ["Картодром", "Судомодельная мастерская", "Каб. 5"],
            "г. Костанай, ул. Байтурсынова, 65",
        ),
        False,
    ),
    # seed 002: «мы рекомендуем своих педагогов для проведения занятий на базе той или иной школы»
    (
        DemoVenue(
            "kostanay_school12",
            "kostanay_stt",
            "Общеобразовательная школа № 12 (занятия школы технического творчества)",
            "мкр. Юбилейный",
            ["Каб. 104"],
            "г. Костанай, мкр. Юбилейный, 37",
        ),
        True,
    ),
    (
        DemoVenue(
            "kostanay_school21",
            "kostanay_stt",
            "Общеобразовательная школа № 21 (занятия школы технического творчества)",
            "мкр. Кунай",
            ["Каб. 7"],
            "г. Костанай, мкр. Кунай, 12",
        ),
        True,
    ),
]

TEACHER = "Педагог дополнительного образования"

# invented people
STAFF = [
    DemoStaff("aktobe_director", "progress", Role.DIRECTOR, "Жумабаева", "Гульнар", "Сериковна", "Директор"),
    DemoStaff(
        "aktobe_methodist", "progress", Role.METHODIST, "Утебаева", "Айгерим", "Каиржановна", "Методист"
    ),
    DemoStaff("aktobe_teacher", "progress", Role.TEACHER, "Сейткалиев", "Ерлан", "Маратович", TEACHER),
    DemoStaff(
        "aktobe_authority",
        "aktobe_authority",
        Role.AUTHORITY,
        "Нурланова",
        "Динара",
        "Асхатовна",
        "Главный специалист по дополнительному образованию",
    ),
    DemoStaff(
        "kostanay_director", "kostanay_stt", Role.DIRECTOR, "Ахметов", "Бауыржан", "Темирович", "Директор"
    ),
    DemoStaff(
        "kostanay_methodist", "kostanay_stt", Role.METHODIST, "Ким", "Светлана", "Викторовна", "Методист"
    ),
    DemoStaff("kostanay_teacher", "kostanay_stt", Role.TEACHER, "Оспанов", "Данияр", "Ерикович", TEACHER),
    DemoStaff(
        "kostanay_authority",
        "kostanay_authority",
        Role.AUTHORITY,
        "Бекова",
        "Жанар",
        "Муратовна",
        "Главный специалист по дополнительному образованию",
    ),
]
# staff without a login, named on groups
TEACHERS = {
    "progress": [
        FullName("Иманбаев", "Асет", "Ривхатович"),
        FullName("Петренко", "Ольга", "Игоревна"),
        FullName("Сарсенова", "Камила", "Бериковна"),
    ],
    "kostanay_stt": [
        FullName("Мусин", "Арман", "Кайратович"),
        FullName("Шевченко", "Виталий", "Андреевич"),
        FullName("Абдрахманова", "Алия", "Нурлановна"),
    ],
}


def load_kazakhstan(context, *, demo_user) -> dict:
    """The Kazakh organisations, venues, staff (logins with the demo password) and teachers.
    They join the context's ``organisations``, ``venues``, ``staff`` and ``teachers_of`` (the
    programs' demo signs each organisation's orders by its own staff); the dict returned
    names the Kazakh ones."""
    organisations = {}
    for key, fields in ORGANISATIONS.items():
        values = dict(fields)
        name = values.pop("name")
        authority = values.pop("authority", None)
        values["authority"] = organisations[authority] if authority else None
        values["country"] = KZ
        organisations[key], _ = Organisation.objects.update_or_create(name=name, defaults=values)

    venues = {}
    for row, at_school in VENUES:
        venue, _ = Venue.objects.update_or_create(
            name=row.name,
            organisation=organisations[row.organisation],
            defaults={"address": row.address, "district": row.district, "at_school": at_school},
        )
        for room in row.rooms:
            Room.objects.get_or_create(venue=venue, name=room)
        venues[row.key] = venue

    staff = {}
    for row in STAFF:
        user = demo_user(row.username, row.name, row.surname)
        assign_roles(user, [row.role])
        staff[row.username], _ = Person.objects.update_or_create(
            user=user,
            defaults={
                "surname": row.surname,
                "name": row.name,
                "patronymic": row.patronymic,
                "position": row.position,
                "organisation": organisations[row.organisation],
                "email": f"{row.username}@example.org",
            },
        )
    teachers_of = {}
    for key, people in TEACHERS.items():
        logins = [
            staff[row.username] for row in STAFF if row.organisation == key and row.role == Role.TEACHER
        ]
        teachers_of[key] = logins + [
            Person.objects.get_or_create(
                surname=person.surname,
                name=person.name,
                patronymic=person.patronymic,
                organisation=organisations[key],
                defaults={"position": TEACHER},
            )[0]
            for person in people
        ]

    context["organisations"].update(organisations)
    context["venues"].update(venues)
    context["staff"].update(staff)
    context["teachers_of"].update(teachers_of)
    return {"organisations": organisations, "venues": venues, "staff": staff, "teachers_of": teachers_of}
