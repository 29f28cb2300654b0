"""The Kazakh centres' invented families: who applied to their clubs (in Kazakh or in
Russian), the children enrolled from the year's first day with their sex and ОВЗ recorded
(form 1-ДОП's girls, boys and children with disabilities), and one application of each
centre still waiting. Ages are at the start of the current year, so every child fits its
group whatever the year."""

import datetime
from typing import NamedTuple

from centre.models import Learner, Sex
from programs.demo.applications import _apply, _at
from programs.demo.families import Applicant
from programs.models import Application
from programs.services import application_accept

F, M = Sex.FEMALE, Sex.MALE


class KazakhFamily(NamedTuple):
    surname: str
    name: str
    patronymic: str
    age: int  # on the current year's 1 September
    born: tuple[int, int]  # month (January to August) and day
    sex: str
    disabled: bool
    guardian_surname: str
    guardian_name: str
    phone: str
    club: str  # the club's slug
    language: str = "kk"  # of the application (its letters)
    status: str = "accepted"


FAMILIES = {
    "progress": [
        KazakhFamily(
            "Серикбаев",
            "Алихан",
            "Ерланович",
            12,
            (4, 12),
            M,
            False,
            "Серикбаева",
            "Жанна",
            "+7 (701) 555-31-01",
            "aktobe-robotics",
        ),
        KazakhFamily(
            "Нурпеисова",
            "Аружан",
            "Маратовна",
            11,
            (3, 3),
            F,
            False,
            "Нурпеисова",
            "Салтанат",
            "+7 (701) 555-31-02",
            "aktobe-robotics",
            "ru",
        ),
        KazakhFamily(
            "Касымов",
            "Тимур",
            "Асланович",
            14,
            (2, 19),
            M,
            False,
            "Касымова",
            "Гаухар",
            "+7 (701) 555-31-03",
            "aktobe-aviamodel",
        ),
        KazakhFamily(
            "Жаксылыкова",
            "Амина",
            "Бауыржановна",
            9,
            (6, 25),
            F,
            True,
            "Жаксылыкова",
            "Айнур",
            "+7 (701) 555-31-04",
            "aktobe-dpi",
        ),
        KazakhFamily(
            "Ли",
            "Максим",
            "Олегович",
            8,
            (5, 8),
            M,
            True,
            "Ли",
            "Елена",
            "+7 (701) 555-31-05",
            "aktobe-start-tech",
            "ru",
        ),
        KazakhFamily(
            "Тулегенова",
            "Сабина",
            "Кайратовна",
            15,
            (7, 30),
            F,
            False,
            "Тулегенова",
            "Мадина",
            "+7 (701) 555-31-06",
            "aktobe-programming",
            status="new",
        ),
    ],
    "kostanay_stt": [
        KazakhFamily(
            "Абенов",
            "Ерасыл",
            "Даниярович",
            8,
            (3, 15),
            M,
            False,
            "Абенова",
            "Асель",
            "+7 (705) 555-41-01",
            "kostanay-start-tech-school12",
        ),
        KazakhFamily(
            "Омарова",
            "Айша",
            "Тимуровна",
            7,
            (5, 2),
            F,
            False,
            "Омарова",
            "Дина",
            "+7 (705) 555-41-02",
            "kostanay-lego-school21",
        ),
        KazakhFamily(
            "Кузнецов",
            "Артём",
            "Сергеевич",
            9,
            (1, 10),
            M,
            True,
            "Кузнецова",
            "Ирина",
            "+7 (705) 555-41-03",
            "kostanay-start-tech-school12",
            "ru",
        ),
        KazakhFamily(
            "Жумабекова",
            "Томирис",
            "Аскаровна",
            8,
            (8, 1),
            F,
            False,
            "Жумабекова",
            "Гульмира",
            "+7 (705) 555-41-04",
            "kostanay-start-tech-school12",
        ),
        KazakhFamily(
            "Исмаилов",
            "Рамазан",
            "Русланович",
            13,
            (8, 21),
            M,
            False,
            "Исмаилова",
            "Эльмира",
            "+7 (705) 555-41-05",
            "kostanay-karting",
            "ru",
        ),
        KazakhFamily(
            "Байжанова",
            "Дана",
            "Сериковна",
            11,
            (1, 14),
            F,
            False,
            "Байжанова",
            "Алма",
            "+7 (705) 555-41-06",
            "kostanay-robotics",
            status="new",
        ),
    ],
}


def birth_date(family: KazakhFamily, year) -> datetime.date:
    month, day = family.born
    return datetime.date(year.first_calendar_year - family.age, month, day)


def load_families(key: str, groups, *, by) -> None:
    """The centre's applications (once), then each enrolled child's sex and ОВЗ."""
    year = groups[0].academic_year
    organisation = groups[0].club.organisation
    families = FAMILIES[key]
    if not Application.objects.filter(group__club__organisation=organisation).exists():
        for family in families:
            _application(family, groups, year, by=by)
    for family in families:
        Learner.objects.filter(
            organisation=organisation,
            surname=family.surname,
            name=family.name,
            birth_date=birth_date(family, year),
        ).update(sex=family.sex, disabled=family.disabled)


def _application(family: KazakhFamily, groups, year, *, by) -> None:
    own = [group for group in groups if group.club.slug == family.club]
    group = next((g for g in own if g.free_places > 0), own[0])
    applicant = Applicant(
        surname=family.surname,
        name=family.name,
        patronymic=family.patronymic,
        birth_date=birth_date(family, year),
        guardian_surname=family.guardian_surname,
        guardian_name=family.guardian_name,
        phone=family.phone,
    )
    if family.status != "accepted":
        _apply(group, applicant, language=family.language)
        return
    # applied in late August, enrolled from the first day by the August order (programs.demo.year)
    application = _apply(
        group, applicant, language=family.language, created_at=_at(year.start - datetime.timedelta(days=10))
    )
    application_accept(application=application, by=by, enrolled_on=year.start)
    Application.objects.filter(pk=application.pk).update(
        decided_at=_at(year.start - datetime.timedelta(days=3))
    )
