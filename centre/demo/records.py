"""The demo's organisations, venues and people, as named records: the organisations are
real public facts from the seeds; every person is invented (no one named in the seeds appears)."""

import datetime
from typing import NamedTuple

from centre.models import Organisation
from centre.roles import Role

DEMO_PASSWORD = "demo-2026"


class DemoVenue(NamedTuple):
    key: str
    organisation: str  # the key of the organisation that runs it
    name: str
    district: str
    rooms: list[str]
    address: str  # street and house: the seeds give none, so these are invented on real streets


class DemoStaff(NamedTuple):
    """A member of staff with a login (their e-mail is <username>@example.org)."""

    username: str
    organisation: str  # key in ORGANISATIONS
    role: str
    surname: str
    name: str
    patronymic: str
    position: str


class FullName(NamedTuple):
    surname: str
    name: str
    patronymic: str


class DemoLearner(NamedTuple):
    surname: str
    name: str
    patronymic: str
    birth_date: datetime.date
    school: str
    school_class: str


class DemoParent(NamedTuple):
    """A parent with an account of their own."""

    username: str
    surname: str
    name: str
    patronymic: str
    phone: str


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
        "address": "г. Рубцовск, ул. Алтайская, 7",  # the rooms the centre uses are there (VENUES)
    },
    "lyceum24": {
        "name": "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 24»",
        "short_name": "МБОУ «Лицей № 24»",
        "kind": Organisation.Kind.SCHOOL,
        "address": "г. Рубцовск, ул. Пролетарская, 183",
    },
}
SCHOOLS = ["school1", "lyceum24"]

# The rooms at a partner school are the venue of the centre that runs the clubs there: the
# centre's staff schedule them, the school is the network program's partner; the address is
# the school's. A catalogue card shows the address and the district.
VENUES = [
    DemoVenue(
        "main",
        "centre",
        "Главный корпус ЦВР",
        "Центральный",
        ["Каб. 101", "Каб. 102", "Актовый зал", "Хореографический зал"],
        "г. Рубцовск, пр. Ленина, 56",
    ),
    DemoVenue(
        "technopark",
        "technopark",
        "Технопарк «Кванториум»",
        "Центральный",
        ["IT-квантум", "VR/AR-квантум", "Робоквантум", "Хайтек-цех"],
        "г. Рубцовск, ул. Комсомольская, 137",
    ),
    DemoVenue(
        "school1",
        "centre",
        "СОШ № 1, кабинет технологии",
        "Западный",
        ["Каб. 12"],
        "г. Рубцовск, ул. Алтайская, 7",
    ),
    DemoVenue(
        "lyceum24",
        "centre",
        "Лицей № 24, кабинет информатики",
        "Южный",
        ["Каб. 305"],
        "г. Рубцовск, ул. Пролетарская, 183",
    ),
    DemoVenue(
        "creativity",
        "creativity",
        "Центр развития творчества",
        "Центральный",
        ["Каб. 5", "Каб. 7", "Студия звукозаписи"],
        "г. Рубцовск, Рубцовский пр., 43",
    ),
    DemoVenue(
        "tourism",
        "tourism",
        "Станция туризма и экскурсий",
        "Заречный",
        ["Учебный класс", "Туристский зал"],
        "г. Рубцовск, ул. Тракторная, 28",
    ),
    DemoVenue(
        "youth",
        "youth",
        "Детско-юношеский центр",
        "Северный",
        ["Шахматный класс", "Каб. 3"],
        "г. Рубцовск, ул. Красная, 62",
    ),
    DemoVenue(
        "amursky",
        "amursky",
        "ЦТ «Амурский», главный корпус",
        "Ленинский",
        ["Каб. 11", "Каб. 14", "Мастерская"],
        "г. Омск, ул. 3-я Енисейская, 32",
    ),
]

# invented people
DEMO_STAFF = [
    DemoStaff("director", "centre", Role.DIRECTOR, "Соколова", "Марина", "Викторовна", "Директор"),
    DemoStaff(
        "deputy", "centre", Role.DIRECTOR, "Орлова", "Татьяна", "Сергеевна", "Заместитель директора по УВР"
    ),
    DemoStaff("methodist", "centre", Role.METHODIST, "Лебедева", "Ольга", "Николаевна", "Методист"),
    DemoStaff(
        "teacher",
        "centre",
        Role.TEACHER,
        "Киселёв",
        "Андрей",
        "Павлович",
        "Педагог дополнительного образования",
    ),
    DemoStaff(
        "coordinator", "centre", Role.COORDINATOR, "Гусева", "Наталья", "Ивановна", "Куратор наставничества"
    ),
    DemoStaff("crt_director", "creativity", Role.DIRECTOR, "Прохорова", "Лариса", "Геннадьевна", "Директор"),
    DemoStaff("crt_methodist", "creativity", Role.METHODIST, "Щербакова", "Инна", "Валерьевна", "Методист"),
    DemoStaff(
        "crt_teacher",
        "creativity",
        Role.TEACHER,
        "Логинова",
        "Евгения",
        "Романовна",
        "Педагог дополнительного образования",
    ),
    DemoStaff(
        "crt_coordinator",
        "creativity",
        Role.COORDINATOR,
        "Субботина",
        "Алла",
        "Витальевна",
        "Куратор наставничества",
    ),
    DemoStaff("tourism_director", "tourism", Role.DIRECTOR, "Кудрявцев", "Виктор", "Петрович", "Директор"),
    DemoStaff(
        "tourism_teacher",
        "tourism",
        Role.TEACHER,
        "Рыбаков",
        "Степан",
        "Ильич",
        "Педагог дополнительного образования",
    ),
    DemoStaff("youth_director", "youth", Role.DIRECTOR, "Назарова", "Оксана", "Леонидовна", "Директор"),
    DemoStaff("youth_methodist", "youth", Role.METHODIST, "Фомина", "Жанна", "Эдуардовна", "Методист"),
    DemoStaff("amur_director", "amursky", Role.DIRECTOR, "Крылова", "Галина", "Степановна", "Директор"),
    DemoStaff("amur_methodist", "amursky", Role.METHODIST, "Савельева", "Нина", "Аркадьевна", "Методист"),
    DemoStaff(
        "amur_teacher",
        "amursky",
        Role.TEACHER,
        "Третьяков",
        "Олег",
        "Валентинович",
        "Педагог дополнительного образования",
    ),
    DemoStaff(
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
        FullName("Белова", "Елена", "Андреевна"),
        FullName("Воронцов", "Игорь", "Олегович"),
        FullName("Дмитриева", "Светлана", "Юрьевна"),
        FullName("Захаров", "Павел", "Михайлович"),
        FullName("Ильина", "Анна", "Владимировна"),
        FullName("Комаров", "Денис", "Сергеевич"),
        FullName("Мельникова", "Ирина", "Петровна"),
        FullName("Никитин", "Алексей", "Борисович"),
    ],
    "creativity": [FullName("Тихонова", "Лилия", "Маратовна")],
    "tourism": [FullName("Фадеев", "Глеб", "Эрнестович")],
    "youth": [FullName("Корнилова", "Вера", "Львовна"), FullName("Шубин", "Эдуард", "Тимурович")],
    "amursky": [FullName("Лаврентьева", "Зоя", "Германовна"), FullName("Мухин", "Аркадий", "Яковлевич")],
}
# children of «Малая Академия»
DEMO_LEARNERS = [
    DemoLearner("Волков", "Артём", "Денисович", datetime.date(2012, 3, 14), "МБОУ «СОШ № 1»", "8А"),
    DemoLearner("Смирнова", "Дарья", "Алексеевна", datetime.date(2014, 7, 2), "МБОУ «СОШ № 1»", "6Б"),
    DemoLearner("Фёдоров", "Максим", "Игоревич", datetime.date(2010, 11, 23), "МБОУ «Лицей № 24»", "10А"),
    DemoLearner("Егорова", "Полина", "Сергеевна", datetime.date(2016, 1, 9), "МБОУ «Лицей № 24»", "4В"),
    DemoLearner("Тарасов", "Кирилл", "Андреевич", datetime.date(2011, 5, 30), "МБОУ «СОШ № 1»", "9Б"),
    DemoLearner("Медведева", "Алиса", "Романовна", datetime.date(2013, 9, 17), "МБОУ «Лицей № 24»", "7А"),
]
# a parent with an account of their own (their Guardian record belongs to no organisation)
DEMO_PARENT = DemoParent("parent", "Волкова", "Екатерина", "Павловна", "+7 (913) 555-07-07")
