"""Demo data of the core: seed 003's city association (Рубцовск) and seed 001's Omsk centre,
each organisation with its own staff, so that the portal's isolation can be seen.

Seed 003 is the report of Рубцовск's city methodological association of the centres of
supplementary education: the centre «Малая Академия» (its structural subdivision is the
children's technopark «Кванториум»), the centre of children's creativity, the tourism
station and the youth centre. Seed 001 is the report of the Omsk centre «Амурский»: its
innovation platforms are its own (innovation/demo.py). The city's education authority reads
the association's centres and changes nothing; Omsk is outside its territory.

The organisations are real public facts from the seeds; every person is invented (no one
named in the seeds appears). Each function is idempotent: it finds records by their natural
keys.
"""

import datetime

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone

from centre.models import (
    CURRENT_YEAR_CACHE_KEY,
    AcademicYear,
    Consent,
    Guardian,
    Guardianship,
    Learner,
    Organisation,
    Person,
    Room,
    Venue,
)
from centre.roles import Role, assign_roles

DEMO_PASSWORD = "demo-2026"

RUBTSOVSK = "Алтайский край, г. Рубцовск"

# key: the organisation's fields. Parents and authorities come before the organisations
# that name them. The order is the order of demo_logins.
ORGANISATIONS = {
    "authority": {
        "name": "Управление образования города Рубцовска",
        "short_name": "Управление образования г. Рубцовска",
        "kind": Organisation.Kind.AUTHORITY,
        "address": RUBTSOVSK,
    },
    "omsk_department": {
        "name": "Департамент образования Администрации города Омска",
        "short_name": "Департамент образования г. Омска",
        "kind": Organisation.Kind.AUTHORITY,
        "address": "г. Омск",
    },
    "centre": {
        "name": "Муниципальное бюджетное учреждение дополнительного образования "
        "«Центр внешкольной работы «Малая Академия»",
        "short_name": "ЦВР «Малая Академия»",
        "kind": Organisation.Kind.CENTRE,
        "address": RUBTSOVSK,
        "authority": "authority",
    },
    "technopark": {
        "name": "Детский технопарк «Кванториум»",
        "short_name": "Кванториум",
        "kind": Organisation.Kind.SUBDIVISION,
        "parent": "centre",
        "address": RUBTSOVSK,
    },
    "creativity": {
        "name": "Муниципальное бюджетное учреждение дополнительного образования «Центр развития творчества»",
        "short_name": "ЦРТ",
        "kind": Organisation.Kind.CENTRE,
        "address": RUBTSOVSK,
        "authority": "authority",
    },
    "tourism": {
        "name": "Муниципальное бюджетное учреждение дополнительного образования «Станция туризма и экскурсий»",
        "short_name": "Станция туризма и экскурсий",
        "kind": Organisation.Kind.CENTRE,
        "address": RUBTSOVSK,
        "authority": "authority",
    },
    "youth": {
        "name": "Муниципальное бюджетное учреждение дополнительного образования «Детско-юношеский центр»",
        "short_name": "Детско-юношеский центр",
        "kind": Organisation.Kind.CENTRE,
        "address": RUBTSOVSK,
        "authority": "authority",
    },
    "amursky": {
        "name": "Бюджетное образовательное учреждение дополнительного образования города Омска "
        "«Центр творчества «Амурский»",
        "short_name": "ЦТ «Амурский»",
        "kind": Organisation.Kind.CENTRE,
        "address": "г. Омск",
        "authority": "omsk_department",
    },
    # partner schools: «Малая Академия» runs clubs in their rooms (programs/demo.py)
    "school1": {
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»",
        "short_name": "МБОУ «СОШ № 1»",
        "kind": Organisation.Kind.SCHOOL,
        "address": "г. Рубцовск",
    },
    "lyceum24": {
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 24»",
        "short_name": "МБОУ «Лицей № 24»",
        "kind": Organisation.Kind.SCHOOL,
        "address": "г. Рубцовск",
    },
}
SCHOOLS = ["school1", "lyceum24"]

# (key, organisation, name, district, rooms). The rooms at a partner school are the venue of
# the centre that runs the clubs there: the centre's staff schedule them, the school is the
# network program's partner.
VENUES = [
    (
        "main",
        "centre",
        "Главный корпус ЦВР",
        "Центральный",
        ["Каб. 101", "Каб. 102", "Актовый зал", "Хореографический зал"],
    ),
    (
        "technopark",
        "technopark",
        "Технопарк «Кванториум»",
        "Центральный",
        ["IT-квантум", "VR/AR-квантум", "Робоквантум", "Хайтек-цех"],
    ),
    ("school1", "centre", "СОШ № 1, кабинет технологии", "Западный", ["Каб. 12"]),
    ("lyceum24", "centre", "Лицей № 24, кабинет информатики", "Южный", ["Каб. 305"]),
    (
        "creativity",
        "creativity",
        "Центр развития творчества",
        "Центральный",
        ["Каб. 5", "Каб. 7", "Студия звукозаписи"],
    ),
    ("tourism", "tourism", "Станция туризма и экскурсий", "Заречный", ["Учебный класс", "Туристский зал"]),
    ("youth", "youth", "Детско-юношеский центр", "Северный", ["Шахматный класс", "Каб. 3"]),
    (
        "amursky",
        "amursky",
        "ЦТ «Амурский», главный корпус",
        "Ленинский",
        ["Каб. 11", "Каб. 14", "Мастерская"],
    ),
]
# where each venue's address comes from (a partner school's rooms are at the school)
VENUE_ADDRESS = {"school1": "school1", "lyceum24": "lyceum24"}

# (username, organisation, role, surname, name, patronymic, position): invented people
DEMO_STAFF = [
    ("director", "centre", Role.DIRECTOR, "Соколова", "Марина", "Викторовна", "Директор"),
    ("deputy", "centre", Role.DIRECTOR, "Орлова", "Татьяна", "Сергеевна", "Заместитель директора по УВР"),
    ("methodist", "centre", Role.METHODIST, "Лебедева", "Ольга", "Николаевна", "Методист"),
    (
        "teacher",
        "centre",
        Role.TEACHER,
        "Киселёв",
        "Андрей",
        "Павлович",
        "Педагог дополнительного образования",
    ),
    ("coordinator", "centre", Role.COORDINATOR, "Гусева", "Наталья", "Ивановна", "Куратор наставничества"),
    ("crt_director", "creativity", Role.DIRECTOR, "Прохорова", "Лариса", "Геннадьевна", "Директор"),
    ("crt_methodist", "creativity", Role.METHODIST, "Щербакова", "Инна", "Валерьевна", "Методист"),
    (
        "crt_teacher",
        "creativity",
        Role.TEACHER,
        "Логинова",
        "Евгения",
        "Романовна",
        "Педагог дополнительного образования",
    ),
    (
        "crt_coordinator",
        "creativity",
        Role.COORDINATOR,
        "Субботина",
        "Алла",
        "Витальевна",
        "Куратор наставничества",
    ),
    ("tourism_director", "tourism", Role.DIRECTOR, "Кудрявцев", "Виктор", "Петрович", "Директор"),
    (
        "tourism_teacher",
        "tourism",
        Role.TEACHER,
        "Рыбаков",
        "Степан",
        "Ильич",
        "Педагог дополнительного образования",
    ),
    ("youth_director", "youth", Role.DIRECTOR, "Назарова", "Оксана", "Леонидовна", "Директор"),
    ("youth_methodist", "youth", Role.METHODIST, "Фомина", "Жанна", "Эдуардовна", "Методист"),
    ("amur_director", "amursky", Role.DIRECTOR, "Крылова", "Галина", "Степановна", "Директор"),
    ("amur_methodist", "amursky", Role.METHODIST, "Савельева", "Нина", "Аркадьевна", "Методист"),
    (
        "amur_teacher",
        "amursky",
        Role.TEACHER,
        "Третьяков",
        "Олег",
        "Валентинович",
        "Педагог дополнительного образования",
    ),
    (
        "authority",
        "authority",
        Role.AUTHORITY,
        "Карпенко",
        "Юрий",
        "Анатольевич",
        "Главный специалист отдела дополнительного образования",
    ),
]
# Staff without a login: teachers named on groups, projects and platforms, by organisation.
DEMO_TEACHERS = {
    "centre": [
        ("Белова", "Елена", "Андреевна"),
        ("Воронцов", "Игорь", "Олегович"),
        ("Дмитриева", "Светлана", "Юрьевна"),
        ("Захаров", "Павел", "Михайлович"),
        ("Ильина", "Анна", "Владимировна"),
        ("Комаров", "Денис", "Сергеевич"),
        ("Мельникова", "Ирина", "Петровна"),
        ("Никитин", "Алексей", "Борисович"),
    ],
    "creativity": [("Тихонова", "Лилия", "Маратовна")],
    "tourism": [("Фадеев", "Глеб", "Эрнестович")],
    "youth": [("Корнилова", "Вера", "Львовна"), ("Шубин", "Эдуард", "Тимурович")],
    "amursky": [("Лаврентьева", "Зоя", "Германовна"), ("Мухин", "Аркадий", "Яковлевич")],
}
# (surname, name, patronymic, birth date, school, class): children of «Малая Академия»
DEMO_LEARNERS = [
    ("Волков", "Артём", "Денисович", datetime.date(2012, 3, 14), "МБОУ «СОШ № 1»", "8А"),
    ("Смирнова", "Дарья", "Алексеевна", datetime.date(2014, 7, 2), "МБОУ «СОШ № 1»", "6Б"),
    ("Фёдоров", "Максим", "Игоревич", datetime.date(2010, 11, 23), "МБОУ «Лицей № 24»", "10А"),
    ("Егорова", "Полина", "Сергеевна", datetime.date(2016, 1, 9), "МБОУ «Лицей № 24»", "4В"),
    ("Тарасов", "Кирилл", "Андреевич", datetime.date(2011, 5, 30), "МБОУ «СОШ № 1»", "9Б"),
    ("Медведева", "Алиса", "Романовна", datetime.date(2013, 9, 17), "МБОУ «Лицей № 24»", "7А"),
]
# a parent with an account of their own (their Guardian record belongs to no organisation)
DEMO_PARENT = ("parent", "Волкова", "Екатерина", "Павловна", "+7 (913) 555-07-07")


def demo_guardian_phone(index: int) -> str:
    """The phone of the mother of DEMO_LEARNERS[index] (the first child's is the parent's)."""
    return f"+7 (913) 555-02-{index:02d}"


def load_core(stdout=None) -> dict:
    """Create the organisations, venues, academic years, staff, users and children."""
    User = get_user_model()

    organisations = {}
    for key, fields in ORGANISATIONS.items():
        values = dict(fields)
        name = values.pop("name")
        for link in ("parent", "authority"):
            values[link] = organisations[values[link]] if link in values else None
        organisations[key], _ = Organisation.objects.update_or_create(name=name, defaults=values)
    centre = organisations["centre"]

    venues = {}
    for key, owner, name, district, rooms in VENUES:
        organisation = organisations[owner]
        address = organisations[VENUE_ADDRESS.get(key, owner)].address
        venue = Venue.objects.filter(name=name).order_by("pk").first()
        if venue is None:
            venue = Venue.objects.create(
                organisation=organisation, name=name, address=address, district=district
            )
        elif (venue.organisation_id, venue.address, venue.district) != (organisation.pk, address, district):
            venue.organisation, venue.address, venue.district = organisation, address, district
            venue.save()
        for room in rooms:
            Room.objects.get_or_create(venue=venue, name=room)
        venues[key] = venue

    years = ensure_academic_years()

    staff = {}
    for username, key, role, surname, name, patronymic, position in DEMO_STAFF:
        user = _demo_user(User, username, name, surname, is_staff=False)
        assign_roles(user, [role])
        person, _ = Person.objects.update_or_create(
            user=user,
            defaults={
                "surname": surname,
                "name": name,
                "patronymic": patronymic,
                "position": position,
                "organisation": organisations[key],
                "email": f"{username}@example.org",
            },
        )
        staff[username] = person
    teachers_of = {}
    for key, people in DEMO_TEACHERS.items():
        logins = [staff[row[0]] for row in DEMO_STAFF if row[1] == key and row[2] == Role.TEACHER]
        teachers_of[key] = logins + [
            Person.objects.get_or_create(
                surname=surname,
                name=name,
                patronymic=patronymic,
                organisation=organisations[key],
                defaults={"position": "Педагог дополнительного образования"},
            )[0]
            for surname, name, patronymic in people
        ]

    admin = _demo_user(User, "admin", "Администратор", "", is_staff=True)
    if not admin.is_superuser:
        admin.is_superuser = True
        admin.save(update_fields=["is_superuser"])

    parent_user = _demo_user(User, DEMO_PARENT[0], DEMO_PARENT[2], DEMO_PARENT[1], is_staff=False)
    assign_roles(parent_user, [Role.PARENT])
    parent, _ = Guardian.objects.update_or_create(
        user=parent_user,
        defaults={
            "organisation": None,
            "surname": DEMO_PARENT[1],
            "name": DEMO_PARENT[2],
            "patronymic": DEMO_PARENT[3],
            "phone": DEMO_PARENT[4],
            "email": "parent@example.org",
        },
    )

    learners = []
    for index, (surname, name, patronymic, born, school, school_class) in enumerate(DEMO_LEARNERS):
        learner, _ = Learner.objects.update_or_create(
            surname=surname,
            name=name,
            patronymic=patronymic,
            birth_date=born,
            # patronymic and school keep a demo child apart from a generated namesake
            school=school,
            defaults={"school_class": school_class, "organisation": centre},
        )
        mother = female_form(surname)
        guardian = (
            parent
            if index == 0
            else recorded_guardian(centre, demo_guardian_phone(index), mother, "Мария", "Ивановна")
        )
        Guardianship.objects.get_or_create(
            guardian=guardian, learner=learner, defaults={"relation": Guardianship.Relation.MOTHER}
        )
        for kind in Consent.Kind.values:
            # the last child has processing consent only: never shown publicly
            if kind == Consent.Kind.PUBLICATION and index == len(DEMO_LEARNERS) - 1:
                continue
            Consent.objects.get_or_create(
                guardian=guardian,
                learner=learner,
                kind=kind,
                defaults={
                    "given_on": years["current"].start,
                    "text": "Согласие оформлено на бумаге.",
                },
            )
        learners.append(learner)

    if stdout:
        stdout.write(
            f"Core: {Organisation.objects.count()} organisations, "
            f"{Person.objects.filter(user__isnull=False).count()} staff logins, {len(learners)} children."
        )
    return {
        "organisations": organisations,
        "centre": centre,
        "technopark": organisations["technopark"],
        "schools": [organisations[key] for key in SCHOOLS],
        "venues": venues,
        "years": years,
        "staff": staff,
        "teachers": teachers_of["centre"],
        "teachers_of": teachers_of,
        "parent": parent,
        "learners": learners,
    }


def ensure_academic_years(first: int = 2013) -> dict:
    """Academic years from 2013/2014 to the one containing today; the latter is current."""
    today = timezone.localdate()
    last = today.year if today.month >= 9 else today.year - 1
    years = {}
    for year in range(first, last + 1):
        academic_year, _ = AcademicYear.objects.get_or_create(
            label=f"{year}/{year + 1}",
            defaults={"start": datetime.date(year, 9, 1), "end": datetime.date(year + 1, 8, 31)},
        )
        years[academic_year.label] = academic_year
    current = years[f"{last}/{last + 1}"]
    if not current.is_current:
        AcademicYear.objects.filter(is_current=True).update(is_current=False)
        AcademicYear.objects.filter(pk=current.pk).update(is_current=True)
        cache.delete(CURRENT_YEAR_CACHE_KEY)
        current.is_current = True
    years["current"] = current
    return years


def female_form(surname: str) -> str:
    """A mother's surname: the feminine form of the child's (Волков → Волкова, Смирнова stays)."""
    return surname if surname.endswith("а") else f"{surname}а"


def recorded_guardian(organisation, phone, surname, name, patronymic) -> Guardian:
    """A parent recorded by an organisation's staff (no account): found by the organisation
    and the phone; a record of an earlier demo without an organisation is given this one."""
    guardian = (
        Guardian.objects.filter(phone=phone, user__isnull=True, organisation=organisation).first()
        or Guardian.objects.filter(phone=phone, user__isnull=True, organisation__isnull=True).first()
    )
    if guardian is None:
        return Guardian.objects.create(
            organisation=organisation, phone=phone, surname=surname, name=name, patronymic=patronymic
        )
    if guardian.organisation_id != organisation.pk:
        guardian.organisation = organisation
        guardian.save(update_fields=["organisation"])
    return guardian


def _demo_user(User, username, first_name, last_name, *, is_staff):
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "email": f"{username}@example.org",
            "is_staff": is_staff,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user
