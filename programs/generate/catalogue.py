"""The clubs the generator makes, in Kazakhstan's directions (migration 0018, Типовые
правила): what a station of young technicians, a house of schoolchildren, a school of arts or
of sport and a school's clubs teach. Each with its Russian and Kazakh name and one program."""

from dataclasses import dataclass

from programs.models import Level

S, B, A = Level.STARTER, Level.BASIC, Level.ADVANCED


@dataclass(frozen=True)
class GeneratedClubModel:
    slug: str
    club: str  # the club's Russian name
    club_kk: str  # and its Kazakh one
    kind: str  # Club.Kind
    direction: str  # Direction slug (Kazakhstan's, kz-*)
    profile: str  # Profile name within the direction
    title: str  # the program's
    announcement: str
    age_min: int  # 6 at least, 17 at most: a child is 5 to 17 (seed 004's pupils)
    age_max: int
    levels: tuple[str, ...] = (S, B)
    is_adapted: bool = False
    disabilities: tuple[str, ...] = ()


TECHNICAL = "kz-science-technical"


def _club(slug, club, club_kk, kind, direction, profile, title, announcement, ages, **more):
    return GeneratedClubModel(
        slug, club, club_kk, kind, direction, profile, title, announcement, *ages, **more
    )


TECHNICAL_CLUBS = [
    _club(
        "robotics",
        "Робототехника",
        "Робототехника",
        "club",
        TECHNICAL,
        "Робототехника",
        "Робототехника: от конструктора к соревнованиям",
        "Собираем и программируем роботов, готовимся к республиканским соревнованиям.",
        (8, 15),
        levels=(S, B, A),
    ),
    _club(
        "python",
        "Программирование на Python",
        "Python тілінде бағдарламалау",
        "club",
        TECHNICAL,
        "Программирование",
        "Программирование на Python",
        "Пишем первые программы, игры и чат-ботов.",
        (11, 17),
    ),
    _club(
        "tech-modelling",
        "Техническое моделирование",
        "Техникалық модельдеу",
        "club",
        TECHNICAL,
        "Техническое моделирование",
        "Начальное техническое моделирование",
        "Модели машин и механизмов из картона, дерева и пластика.",
        (9, 14),
    ),
    _club(
        "aviamodel",
        "Авиамоделирование",
        "Авиамодельдеу",
        "club",
        TECHNICAL,
        "Спортивно-техническое моделирование",
        "Авиамоделирование: кордовые и радиоуправляемые модели",
        "Строим летающие модели и выступаем на соревнованиях.",
        (10, 17),
    ),
    _club(
        "radio",
        "Радиоэлектроника",
        "Радиоэлектроника",
        "laboratory",
        TECHNICAL,
        "Радиоэлектроника",
        "Радиоэлектроника и схемотехника",
        "Паяем первые схемы, собираем приёмники и умные устройства.",
        (12, 17),
    ),
]
ARTS_CLUBS = [
    _club(
        "izo",
        "Изостудия «Палитра»",
        "«Палитра» бейнелеу студиясы",
        "studio",
        "kz-arts-aesthetic",
        "Изобразительное искусство",
        "Изобразительное искусство",
        "Рисунок, живопись и композиция для начинающих.",
        (6, 14),
    ),
    _club(
        "choreo",
        "Хореографическая студия",
        "Хореография студиясы",
        "studio",
        "kz-arts-aesthetic",
        "Хореография",
        "Народный и эстрадный танец",
        "Казахский народный танец, классический экзерсис, эстрадные постановки.",
        (6, 16),
    ),
    _club(
        "vocal",
        "Вокальная студия",
        "Вокал студиясы",
        "studio",
        "kz-arts-aesthetic",
        "Вокал",
        "Эстрадный вокал",
        "Постановка голоса, ансамбль, концерты.",
        (7, 17),
    ),
    _club(
        "dombra",
        "Кружок игры на домбре",
        "Домбыра үйірмесі",
        "ensemble",
        "kz-arts-aesthetic",
        "Домбра",
        "Игра на домбре",
        "Кюи и песни на домбре, ансамбль домбристов.",
        (7, 17),
        levels=(S, B, A),
    ),
    _club(
        "dpi",
        "Мастерская декоративно-прикладного искусства",
        "Сәндік-қолданбалы өнер шеберханасы",
        "studio",
        "kz-arts-aesthetic",
        "Декоративно-прикладное искусство",
        "Декоративно-прикладное искусство",
        "Войлок, орнамент, керамика.",
        (7, 14),
    ),
    _club(
        "dpi-ovz",
        "Студия «Особые мастера»",
        "«Ерекше шеберлер» студиясы",
        "studio",
        "kz-arts-aesthetic",
        "Декоративно-прикладное искусство",
        "Декоративно-прикладное искусство для детей с ОВЗ",
        "Адаптированная программа: работа с войлоком и глиной в малой группе.",
        (7, 17),
        levels=(S,),
        is_adapted=True,
        disabilities=("delay", "autism", "musculoskeletal"),
    ),
]
OTHER_CLUBS = [
    _club(
        "ecolog",
        "Юный эколог",
        "Жас эколог",
        "club",
        "kz-ecology-biology",
        "Экология",
        "Юный эколог",
        "Наблюдаем за природой родного края и ставим опыты.",
        (8, 13),
    ),
    _club(
        "naturalist",
        "Юные натуралисты",
        "Жас натуралистер",
        "club",
        "kz-ecology-biology",
        "Юные натуралисты",
        "Юные натуралисты",
        "Живой уголок, теплица и экскурсии в заповедник.",
        (7, 12),
    ),
    _club(
        "tourism",
        "Туристский клуб «Азимут»",
        "«Азимут» туристік клубы",
        "club",
        "kz-tourism",
        "Туризм",
        "Спортивный туризм",
        "Походы, ориентирование, туристская полоса препятствий.",
        (10, 17),
    ),
    _club(
        "kraeved",
        "Юные краеведы",
        "Жас өлкетанушылар",
        "club",
        "kz-tourism",
        "Краеведение",
        "Краеведение: история родного края",
        "Экспедиции, школьный музей, встречи со старожилами.",
        (9, 15),
    ),
    _club(
        "zhas-sarbaz",
        "Военно-патриотический клуб «Жас Сарбаз»",
        "«Жас Сарбаз» әскери-патриоттық клубы",
        "club",
        "kz-military-patriotic",
        "Юные патриоты",
        "Военно-патриотическое воспитание «Жас Сарбаз»",
        "Строевая подготовка, основы безопасности, военно-спортивные игры.",
        (10, 17),
    ),
    _club(
        "leadership",
        "Школа лидерства",
        "Көшбасшылық мектебі",
        "school",
        "kz-social-pedagogical",
        "Школа лидерства",
        "Школа лидерства",
        "Ученическое самоуправление, проекты и дебаты.",
        (12, 17),
    ),
    _club(
        "journalism",
        "Школа юного журналиста",
        "Жас журналист мектебі",
        "school",
        "kz-social-pedagogical",
        "Журналистика",
        "Школа юного журналиста",
        "Школьная газета, видеосюжеты и подкасты на казахском и русском.",
        (12, 17),
    ),
]
# what each kind of organisation teaches: houses of schoolchildren everything but the technical
# clubs (which come by the seed's numbers), the adapted studio too; schools the same but the
# adapted studio; schools of arts the arts, schools of sport tourism and military-patriotic clubs
HOUSE_CLUBS = ARTS_CLUBS + OTHER_CLUBS
SCHOOL_CLUBS = [club for club in HOUSE_CLUBS if not club.is_adapted]
ARTS_SCHOOL_CLUBS = [club for club in ARTS_CLUBS if not club.is_adapted]
SPORT_CLUBS = [club for club in OTHER_CLUBS if club.direction in ("kz-tourism", "kz-military-patriotic")]
