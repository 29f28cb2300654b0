"""Demo data of the core: a centre modelled on seed 003 (Рубцовск), invented people.

The organisation and its technopark are real public facts from the seeds; every person is
invented. Each function is idempotent: it finds records by their natural keys.
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

# (username, role, surname, name, patronymic, position)
DEMO_STAFF = [
    ("director", Role.DIRECTOR, "Соколова", "Марина", "Викторовна", "Директор"),
    ("deputy", Role.DIRECTOR, "Орлова", "Татьяна", "Сергеевна", "Заместитель директора по УВР"),
    ("methodist", Role.METHODIST, "Лебедева", "Ольга", "Николаевна", "Методист"),
    (
        "teacher",
        Role.TEACHER,
        "Киселёв",
        "Андрей",
        "Павлович",
        "Педагог дополнительного образования",
    ),
    ("coordinator", Role.COORDINATOR, "Гусева", "Наталья", "Ивановна", "Куратор наставничества"),
]
# Staff without a login: teachers named on groups and projects.
DEMO_TEACHERS = [
    ("Белова", "Елена", "Андреевна"),
    ("Воронцов", "Игорь", "Олегович"),
    ("Дмитриева", "Светлана", "Юрьевна"),
    ("Захаров", "Павел", "Михайлович"),
    ("Ильина", "Анна", "Владимировна"),
    ("Комаров", "Денис", "Сергеевич"),
    ("Мельникова", "Ирина", "Петровна"),
    ("Никитин", "Алексей", "Борисович"),
]
# (surname, name, patronymic, birth date, school, class, guardian name, guardian phone)
DEMO_LEARNERS = [
    ("Волков", "Артём", "Денисович", datetime.date(2012, 3, 14), "МБОУ «СОШ № 1»", "8А"),
    ("Смирнова", "Дарья", "Алексеевна", datetime.date(2014, 7, 2), "МБОУ «СОШ № 1»", "6Б"),
    ("Фёдоров", "Максим", "Игоревич", datetime.date(2010, 11, 23), "МБОУ «Лицей № 24»", "10А"),
    ("Егорова", "Полина", "Сергеевна", datetime.date(2016, 1, 9), "МБОУ «Лицей № 24»", "4В"),
    ("Тарасов", "Кирилл", "Андреевич", datetime.date(2011, 5, 30), "МБОУ «СОШ № 1»", "9Б"),
    ("Медведева", "Алиса", "Романовна", datetime.date(2013, 9, 17), "МБОУ «Лицей № 24»", "7А"),
]
DEMO_PARENT = ("parent", "Волкова", "Екатерина", "Павловна", "+7 (913) 555-07-07")


def load_core(stdout=None) -> dict:
    """Create the organisations, venues, academic years, staff, users and children."""
    User = get_user_model()

    centre, _ = Organisation.objects.update_or_create(
        name="Муниципальное бюджетное учреждение дополнительного образования "
        "«Центр внешкольной работы «Малая Академия»",
        defaults={
            "short_name": "ЦВР «Малая Академия»",
            "kind": Organisation.Kind.CENTRE,
            "address": "Алтайский край, г. Рубцовск",
        },
    )
    technopark, _ = Organisation.objects.update_or_create(
        name="Детский технопарк «Кванториум»",
        defaults={
            "short_name": "Кванториум",
            "kind": Organisation.Kind.SUBDIVISION,
            "parent": centre,
            "address": "Алтайский край, г. Рубцовск",
        },
    )
    schools = []
    for name, short in [
        (
            "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»",
            "МБОУ «СОШ № 1»",
        ),
        (
            "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 24»",
            "МБОУ «Лицей № 24»",
        ),
    ]:
        school, _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "short_name": short,
                "kind": Organisation.Kind.SCHOOL,
                "address": "г. Рубцовск",
            },
        )
        schools.append(school)

    venues = {}
    for key, organisation, name, district, rooms in [
        (
            "main",
            centre,
            "Главный корпус ЦВР",
            "Центральный",
            ["Каб. 101", "Каб. 102", "Актовый зал", "Хореографический зал"],
        ),
        (
            "technopark",
            technopark,
            "Технопарк «Кванториум»",
            "Центральный",
            ["IT-квантум", "VR/AR-квантум", "Робоквантум", "Хайтек-цех"],
        ),
        ("school1", schools[0], "СОШ № 1, кабинет технологии", "Западный", ["Каб. 12"]),
        ("lyceum24", schools[1], "Лицей № 24, кабинет информатики", "Южный", ["Каб. 305"]),
    ]:
        venue, _ = Venue.objects.update_or_create(
            organisation=organisation,
            name=name,
            defaults={"address": organisation.address, "district": district},
        )
        for room in rooms:
            Room.objects.get_or_create(venue=venue, name=room)
        venues[key] = venue

    years = ensure_academic_years()

    staff = {}
    for username, role, surname, name, patronymic, position in DEMO_STAFF:
        user = _demo_user(User, username, name, surname, is_staff=False)
        assign_roles(user, [role])
        person, _ = Person.objects.update_or_create(
            user=user,
            defaults={
                "surname": surname,
                "name": name,
                "patronymic": patronymic,
                "position": position,
                "organisation": centre,
                "email": f"{username}@example.org",
            },
        )
        staff[username] = person
    teachers = [staff["teacher"]]
    for surname, name, patronymic in DEMO_TEACHERS:
        person, _ = Person.objects.get_or_create(
            surname=surname,
            name=name,
            patronymic=patronymic,
            defaults={"position": "Педагог дополнительного образования", "organisation": centre},
        )
        teachers.append(person)

    admin = _demo_user(User, "admin", "Администратор", "", is_staff=True)
    if not admin.is_superuser:
        admin.is_superuser = True
        admin.save(update_fields=["is_superuser"])

    parent_user = _demo_user(User, DEMO_PARENT[0], DEMO_PARENT[2], DEMO_PARENT[1], is_staff=False)
    assign_roles(parent_user, [Role.PARENT])
    parent, _ = Guardian.objects.update_or_create(
        user=parent_user,
        defaults={
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
            defaults={"school_class": school_class},
        )
        guardian = parent if index == 0 else _demo_guardian(index, surname)
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
        stdout.write(f"Core: {Organisation.objects.count()} organisations, {len(learners)} children.")
    return {
        "centre": centre,
        "technopark": technopark,
        "schools": schools,
        "venues": venues,
        "years": years,
        "staff": staff,
        "teachers": teachers,
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


def _demo_guardian(index: int, child_surname: str) -> Guardian:
    # A mother's surname: the feminine form of the child's (Волков → Волкова, Смирнова stays).
    surname = child_surname if child_surname.endswith("а") else f"{child_surname}а"
    guardian, _ = Guardian.objects.get_or_create(
        phone=f"+7 (913) 555-02-{index:02d}",
        defaults={"surname": surname, "name": "Мария", "patronymic": "Ивановна"},
    )
    return guardian
