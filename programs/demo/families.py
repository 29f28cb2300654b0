"""The demo's invented families: who applies to the demo clubs."""

import datetime
from typing import NamedTuple


class Applicant(NamedTuple):
    """A child and the parent who applies for them."""

    surname: str
    name: str
    birth_date: datetime.date
    guardian_surname: str
    guardian_name: str
    phone: str
    patronymic: str = ""
    status: str = "new"  # what becomes of the application (for the other organisations' families)


# «Малая Академия»'s applicants; their statuses are given out by programs.demo.applications
APPLICANTS = [
    Applicant(
        surname="Белов",
        name="Иван",
        birth_date=datetime.date(2013, 2, 11),
        guardian_surname="Белова",
        guardian_name="Ольга",
        phone="+7 (913) 555-10-01",
    ),
    Applicant(
        surname="Васильева",
        name="Мария",
        birth_date=datetime.date(2014, 6, 5),
        guardian_surname="Васильева",
        guardian_name="Анна",
        phone="+7 (913) 555-10-02",
    ),
    Applicant(
        surname="Громов",
        name="Никита",
        birth_date=datetime.date(2012, 10, 20),
        guardian_surname="Громова",
        guardian_name="Елена",
        phone="+7 (913) 555-10-03",
    ),
    Applicant(
        surname="Данилова",
        name="София",
        birth_date=datetime.date(2015, 3, 28),
        guardian_surname="Данилов",
        guardian_name="Сергей",
        phone="+7 (913) 555-10-04",
    ),
    Applicant(
        surname="Жуков",
        name="Егор",
        birth_date=datetime.date(2011, 8, 14),
        guardian_surname="Жукова",
        guardian_name="Наталья",
        phone="+7 (913) 555-10-05",
    ),
    Applicant(
        surname="Зайцева",
        name="Вера",
        birth_date=datetime.date(2013, 12, 1),
        guardian_surname="Зайцева",
        guardian_name="Юлия",
        phone="+7 (913) 555-10-06",
    ),
    Applicant(
        surname="Исаев",
        name="Тимофей",
        birth_date=datetime.date(2012, 4, 9),
        guardian_surname="Исаева",
        guardian_name="Ксения",
        phone="+7 (913) 555-10-07",
    ),
    Applicant(
        surname="Ковалёва",
        name="Ева",
        birth_date=datetime.date(2014, 9, 30),
        guardian_surname="Ковалёв",
        guardian_name="Роман",
        phone="+7 (913) 555-10-08",
    ),
]

# The other organisations' families. Тарасов Кирилл also studies at «Малая Академия» (centre.demo,
# his mother's phone is the same): the tourism station keeps its own record of him, and
# neither organisation sees the other's.
APPLICANTS_OF = {
    "creativity": [
        Applicant(
            surname="Афанасьева",
            name="Мирослава",
            patronymic="Олеговна",
            birth_date=datetime.date(2014, 4, 16),
            guardian_surname="Афанасьева",
            guardian_name="Инга",
            phone="+7 (913) 555-20-01",
            status="accepted",
        ),
        Applicant(
            surname="Блинов",
            name="Арсений",
            patronymic="Витальевич",
            birth_date=datetime.date(2013, 1, 22),
            guardian_surname="Блинова",
            guardian_name="Регина",
            phone="+7 (913) 555-20-02",
            status="accepted",
        ),
        Applicant(
            surname="Ершова",
            name="Кира",
            patronymic="Павловна",
            birth_date=datetime.date(2015, 10, 3),
            guardian_surname="Ершова",
            guardian_name="Диана",
            phone="+7 (913) 555-20-03",
            status="new",
        ),
    ],
    "tourism": [
        Applicant(
            surname="Тарасов",
            name="Кирилл",
            patronymic="Андреевич",
            birth_date=datetime.date(2011, 5, 30),
            guardian_surname="Тарасова",
            guardian_name="Мария",
            phone="+7 (913) 555-02-04",
            status="accepted",
        ),
        Applicant(
            surname="Гаврилов",
            name="Семён",
            patronymic="Русланович",
            birth_date=datetime.date(2012, 8, 7),
            guardian_surname="Гаврилова",
            guardian_name="Лейла",
            phone="+7 (913) 555-30-02",
            status="accepted",
        ),
        Applicant(
            surname="Лукина",
            name="Таисия",
            patronymic="Григорьевна",
            birth_date=datetime.date(2013, 3, 19),
            guardian_surname="Лукина",
            guardian_name="Эльвира",
            phone="+7 (913) 555-30-03",
            status="new",
        ),
    ],
    "youth": [
        Applicant(
            surname="Горбунов",
            name="Платон",
            patronymic="Артурович",
            birth_date=datetime.date(2010, 12, 2),
            guardian_surname="Горбунова",
            guardian_name="Снежана",
            phone="+7 (913) 555-40-01",
            status="accepted",
        ),
        Applicant(
            surname="Суханова",
            name="Яна",
            patronymic="Эмилевна",
            birth_date=datetime.date(2012, 6, 27),
            guardian_surname="Суханова",
            guardian_name="Марьям",
            phone="+7 (913) 555-40-02",
            status="new",
        ),
    ],
    "amursky": [
        Applicant(
            surname="Зимин",
            name="Савелий",
            patronymic="Робертович",
            birth_date=datetime.date(2011, 11, 11),
            guardian_surname="Зимина",
            guardian_name="Алина",
            phone="+7 (3812) 55-60-01",
            status="accepted",
        ),
        Applicant(
            surname="Калинина",
            name="Эвелина",
            patronymic="Денисовна",
            birth_date=datetime.date(2013, 2, 5),
            guardian_surname="Калинина",
            guardian_name="Карина",
            phone="+7 (3812) 55-60-02",
            status="accepted",
        ),
        Applicant(
            surname="Нестеров",
            name="Мирон",
            patronymic="Эльдарович",
            birth_date=datetime.date(2014, 7, 9),
            guardian_surname="Нестерова",
            guardian_name="Лиана",
            phone="+7 (3812) 55-60-03",
            status="new",
        ),
    ],
}
