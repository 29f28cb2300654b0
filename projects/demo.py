"""Demo projects, competitions and results, modelled on the seeds: technopark teams solving a
partner's case, a robotics team at regional contests, a local-history research project, an
arts project, social projects. Competitions and partners are invented but realistic; every
child and parent is invented. Some projects stay hidden from the public on purpose: one
child has no publication consent, another's consent was withdrawn.

Idempotent: records are found by natural keys (title and dates, club and year and title)."""

import datetime
import io

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from centre.demo import female_form, recorded_guardian
from centre.models import Consent, Guardianship, Learner, Organisation
from programs.models import Club, Direction
from projects.models import (
    Competition,
    Project,
    ProjectMember,
    ProjectPhoto,
    ProjectType,
    Result,
)

# surname, name, patronymic, birth date, school, class, guardian name, guardian phone, publication consent
EXTRA_LEARNERS = [
    ("Соболев", "Глеб", "Андреевич", datetime.date(2011, 2, 3), "МБОУ «СОШ № 1»", "9А", "Ирина", "yes"),
    ("Лаптева", "Ксения", "Олеговна", datetime.date(2012, 6, 19), "МБОУ «Лицей № 24»", "8Б", "Галина", "yes"),
    ("Орехов", "Матвей", "Ильич", datetime.date(2010, 12, 8), "МБОУ «Лицей № 24»", "10Б", "Светлана", "yes"),
    ("Пестова", "Ульяна", "Дмитриевна", datetime.date(2013, 4, 25), "МБОУ «СОШ № 1»", "7В", "Оксана", "yes"),
    ("Рябов", "Лев", "Максимович", datetime.date(2011, 9, 11), "МБОУ «СОШ № 1»", "9В", "Алёна", "yes"),
    (
        "Чернова",
        "Злата",
        "Игоревна",
        datetime.date(2012, 1, 29),
        "МБОУ «Лицей № 24»",
        "8А",
        "Вера",
        "withdrawn",
    ),
]

PARTNERS = [
    ("ООО «АлтайАгроМаш»", "АлтайАгроМаш", Organisation.Kind.INDUSTRIAL_PARTNER),
    ("АО «Рубцовский завод запасных частей»", "РЗЗЧ", Organisation.Kind.INDUSTRIAL_PARTNER),
]


def _competitions(first: int):
    """Competitions of the previous (first) and current (first + 1) academic years."""
    prev, cur = first, first + 1
    d = datetime.date
    return {
        "exhibition": (
            "Выставка проектов «Мой первый проект»",
            Competition.Kind.EXHIBITION,
            Competition.Level.INSTITUTIONAL,
            None,
            "ЦВР «Малая Академия»",
            d(prev, 12, 10),
            d(prev, 12, 12),
            False,
        ),
        "city-research": (
            "Городской конкурс исследовательских работ «Юный исследователь»",
            Competition.Kind.CONTEST,
            Competition.Level.MUNICIPAL,
            None,
            "Управление образования города Рубцовска",
            d(prev + 1, 2, 5),
            d(prev + 1, 2, 20),
            False,
        ),
        "robo-region": (
            "Краевые соревнования по робототехнике «РобоАлтай»",
            Competition.Kind.TOURNAMENT,
            Competition.Level.REGIONAL,
            "technical",
            "Краевой центр детского технического творчества",
            d(prev + 1, 3, 14),
            d(prev + 1, 3, 16),
            True,
        ),
        "kraeved-region": (
            "Краевой конкурс краеведческих исследований «Моя малая родина»",
            Competition.Kind.CONTEST,
            Competition.Level.REGIONAL,
            "tourism",
            "Краевая станция юных туристов",
            d(prev + 1, 4, 1),
            d(prev + 1, 4, 25),
            True,
        ),
        "it-olympiad": (
            "Краевая олимпиада школьников по программированию",
            Competition.Kind.OLYMPIAD,
            Competition.Level.REGIONAL,
            "technical",
            "Министерство образования и науки края",
            d(prev + 1, 1, 24),
            d(prev + 1, 1, 24),
            True,
        ),
        "arts-festival": (
            "Межрегиональный фестиваль детского творчества «Сибирские узоры»",
            Competition.Kind.FESTIVAL,
            Competition.Level.INTERREGIONAL,
            "arts",
            "Ассоциация учреждений дополнительного образования Сибири",
            d(prev + 1, 4, 18),
            d(prev + 1, 4, 20),
            False,
        ),
        "engineers-national": (
            "Всероссийский конкурс научно-технического творчества «Инженеры будущего»",
            Competition.Kind.CONTEST,
            Competition.Level.NATIONAL,
            "technical",
            "Всероссийский центр детского технического творчества",
            d(prev + 1, 5, 12),
            d(prev + 1, 5, 15),
            True,
        ),
        "city-autumn": (
            "Городской фестиваль технического творчества «Техноосень»",
            Competition.Kind.FESTIVAL,
            Competition.Level.MUNICIPAL,
            "technical",
            "Управление образования города Рубцовска",
            d(cur, 10, 20),
            d(cur, 10, 22),
            False,
        ),
    }


def load(context, stdout=None):
    current = context["years"]["current"]
    previous = context["years"].get(
        f"{current.first_calendar_year - 1}/{current.first_calendar_year}", current
    )
    learners = list(context["learners"]) + _extra_learners(context["centre"], current)
    by_surname = {learner.surname: learner for learner in learners}
    partners = {
        short: Organisation.objects.update_or_create(name=name, defaults={"short_name": short, "kind": kind})[
            0
        ]
        for name, short, kind in PARTNERS
    }
    directions = {d.slug: d for d in Direction.objects.all()}
    competitions = {}
    for key, (title, kind, level, direction, organiser, starts, ends, official) in _competitions(
        previous.first_calendar_year
    ).items():
        competition, _ = Competition.objects.update_or_create(
            # each organisation records the competitions its children take part in
            organisation=context["centre"],
            title=title,
            starts_on=starts,
            defaults={
                "kind": kind,
                "level": level,
                "direction": directions.get(direction) if direction else None,
                "organiser": organiser,
                "ends_on": ends,
                "is_official": official,
            },
        )
        competitions[key] = competition
    types = {t.name: t for t in ProjectType.objects.all()}
    clubs = {club.slug: club for club in Club.objects.prefetch_related("groups__teacher")}

    def project(slug, title, type_name, fmt, year, stage, public, summary, members, partner=None, case=""):
        club = clubs.get(slug)
        if club is None:
            return None
        group = min(club.groups.all(), key=lambda g: g.pk, default=None)
        supervisor = group.teacher if group else context["teachers"][0]
        item, _ = Project.objects.update_or_create(
            club=club,
            academic_year=year,
            title=title,
            defaults={
                "summary": summary,
                "type": types[type_name],
                "format": fmt,
                "supervisor": supervisor,
                "stage": stage,
                "is_public": public,
                "partner": partner,
                "partner_case": case,
                "created_by": context["staff"]["methodist"].user,
            },
        )
        for surname, role in members:
            ProjectMember.objects.update_or_create(
                project=item, learner=by_surname[surname], defaults={"role": role}
            )
        if not item.photos.exists():
            _photo(item, len(title))
        return item

    G, ONE = Project.Format.GROUP, Project.Format.INDIVIDUAL
    R = ProjectMember.Role
    S = Project.Stage
    robot = project(
        "robokvantum",
        "Автономный робот-сортировщик для склада запчастей",
        "Инженерный",
        G,
        previous,
        S.PRESENTED,
        True,
        "Команда Робоквантума решала реальный кейс партнёра: робот на гусеничном ходу распознаёт "
        "детали по штрихкоду и развозит их по ячейкам склада. Собрали три прототипа, испытали на "
        "макете склада и представили решение инженерам завода.",
        [("Волков", R.LEADER), ("Фёдоров", R.ENGINEER), ("Соболев", R.ENGINEER)],
        partner=partners["РЗЗЧ"],
        case="Сократить время поиска деталей на складе запасных частей: сейчас кладовщик тратит "
        "до 20 минут на один заказ.",
    )
    bot = project(
        "it-kvantum",
        "Чат-бот «Расписание кружков»",
        "Информационный",
        G,
        previous,
        S.COMPLETED,
        True,
        "Телеграм-бот подсказывает, когда и где занятия, и напоминает о переносах. Написан на Python, "
        "данные берёт из открытого расписания центра.",
        [("Смирнова", R.LEADER), ("Тарасов", R.ENGINEER)],
    )
    streets = project(
        "kraeved",
        "Улицы Рубцовска, названные в честь героев",
        "Исследовательский",
        G,
        previous,
        S.PRESENTED,
        True,
        "Юные краеведы изучили историю двенадцати улиц города, поработали в городском архиве и "
        "краеведческом музее, составили пешеходный маршрут с QR-кодами.",
        [("Лаптева", R.RESEARCHER), ("Пестова", R.SPEAKER)],
    )
    fairy = project(
        "izo",
        "Книга-картинка «Сказки Алтая»",
        "Творческий",
        ONE,
        previous,
        S.PRESENTED,
        True,
        "Иллюстрации к пяти сказкам народов Алтая: акварель, гуашь и линогравюра.",
        [("Егорова", R.LEADER)],
    )
    project(
        "volunteer",
        "Зелёный двор",
        "Социальный",
        G,
        current,
        S.IN_PROGRESS,
        True,  # flagged public, yet hidden: one member has no publication consent
        "Благоустройство двора у центра: клумбы, скворечники и субботники с жителями.",
        [("Медведева", R.LEADER), ("Рябов", R.MEMBER)],
    )
    gripper = project(
        "haitek",
        "Захват для учебного манипулятора",
        "Инженерный",
        G,
        previous,
        S.PRESENTED,
        True,  # flagged public, yet hidden: a guardian withdrew the consent
        "Напечатанный на 3D-принтере захват с мягкими пальцами для манипулятора заводской "
        "учебной лаборатории.",
        [("Орехов", R.LEADER), ("Чернова", R.DESIGNER)],
        partner=partners["АлтайАгроМаш"],
        case="Захват для хрупких деталей, который не оставляет следов на окрашенной поверхности.",
    )
    project(
        "vr-ar-kvantum",
        "VR-экскурсия по краеведческому музею",
        "Информационный",
        G,
        current,
        S.IN_PROGRESS,
        True,
        "Сфотографировали залы музея панорамной камерой и собирают виртуальную экскурсию с "
        "озвучкой, которую проведут сами ребята.",
        [("Рябов", R.LEADER), ("Пестова", R.DESIGNER)],
    )
    project(
        "bio-lab",
        "Микрозелень на подоконнике",
        "Практико-ориентированный",
        ONE,
        current,
        S.IDEA,
        False,
        "Сравнение урожайности микрозелени на разных субстратах.",
        [("Лаптева", R.RESEARCHER)],
    )

    def result(key, item, outcome, place, *, learner=None, nomination="", day_offset=0):
        if item is None:
            return
        competition = competitions[key]
        day = min(competition.starts_on + datetime.timedelta(days=day_offset), competition.ends_on)
        Result.objects.update_or_create(
            competition=competition,
            project=item,
            learner=by_surname[learner] if learner else None,
            nomination=nomination,
            defaults={"outcome": outcome, "place": place, "date": day},
        )

    result("exhibition", robot, Result.Outcome.LAUREATE, None)
    result(
        "robo-region", robot, Result.Outcome.WINNER, 1, nomination="Промышленная робототехника", day_offset=2
    )
    result("engineers-national", robot, Result.Outcome.PARTICIPANT, None, day_offset=3)
    result("city-research", bot, Result.Outcome.WINNER, 1, day_offset=10)
    result("it-olympiad", bot, Result.Outcome.PRIZE, 2, learner="Смирнова")
    result("kraeved-region", streets, Result.Outcome.PRIZE, 2, day_offset=20)
    result("city-research", streets, Result.Outcome.LAUREATE, None, day_offset=10)
    result("arts-festival", fairy, Result.Outcome.LAUREATE, None, learner="Егорова", day_offset=2)
    result("robo-region", gripper, Result.Outcome.PRIZE, 3, nomination="Инженерный проект", day_offset=2)
    result("city-autumn", gripper, Result.Outcome.PARTICIPANT, None)
    if stdout:
        stdout.write(
            f"Projects: {Project.objects.count()} projects ({Project.objects.public().count()} public), "
            f"{Competition.objects.count()} competitions, {Result.objects.count()} results."
        )


def _extra_learners(centre, year) -> list[Learner]:
    """More children of «Малая Академия» (the projects are its clubs' and its technopark's)."""
    learners = []
    for index, (surname, name, patronymic, born, school, school_class, mother, consent) in enumerate(
        EXTRA_LEARNERS, start=1
    ):
        learner, _ = Learner.objects.update_or_create(
            surname=surname,
            name=name,
            patronymic=patronymic,
            birth_date=born,
            # patronymic and school keep a demo child apart from a generated namesake
            school=school,
            defaults={"school_class": school_class, "organisation": centre},
        )
        guardian = recorded_guardian(
            centre, f"+7 (913) 555-04-{index:02d}", female_form(surname), mother, "Сергеевна"
        )
        Guardianship.objects.get_or_create(
            guardian=guardian, learner=learner, defaults={"relation": Guardianship.Relation.MOTHER}
        )
        for kind in Consent.Kind.values:
            item, _ = Consent.objects.get_or_create(
                guardian=guardian,
                learner=learner,
                kind=kind,
                defaults={"given_on": year.start, "text": "Согласие оформлено на бумаге."},
            )
            if kind == Consent.Kind.PUBLICATION and consent == "withdrawn" and item.withdrawn_at is None:
                item.withdrawn_at = timezone.now()
                item.save(update_fields=["withdrawn_at"])
        learners.append(learner)
    return learners


PALETTE = [(46, 117, 182), (84, 160, 95), (214, 137, 16), (160, 70, 140), (200, 70, 60)]


def _photo(project, seed: int):
    """A drawn placeholder picture (no real children in demo photos)."""
    colour = PALETTE[seed % len(PALETTE)]
    image = Image.new("RGB", (960, 600), colour)
    draw = ImageDraw.Draw(image)
    for step in range(6):
        offset = 60 + step * 70
        draw.rectangle(
            [offset, offset // 2, offset + 240, offset // 2 + 160], outline=(255, 255, 255), width=6
        )
    draw.ellipse([640, 320, 880, 560], fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    photo = ProjectPhoto(project=project, caption=project.title, position=1)
    photo.image.save("demo.jpg", ContentFile(buffer.getvalue()), save=False)
    photo.save()
