"""Demo projects, competitions and results, modelled on the seeds: technopark teams solving a
partner's case, a robotics team at regional contests, a local-history research project, an
arts project, social projects. Competitions and partners are invented but realistic; every
child and parent is invented. Some projects stay hidden from the public on purpose: one
child has no publication consent, another's consent was withdrawn.

Idempotent: records are found by natural keys (title and dates, club and year and title)."""

import datetime
import io
from typing import NamedTuple

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


class DemoLearner(NamedTuple):
    surname: str
    name: str
    patronymic: str
    birth_date: datetime.date
    school: str
    school_class: str
    mother: str  # the mother's first name (her surname is the child's, her patronymic Сергеевна)
    publication: str  # "yes", or "withdrawn": the publication consent was withdrawn


EXTRA_LEARNERS = [
    DemoLearner(
        "Соболев",
        "Глеб",
        "Андреевич",
        datetime.date(2011, 2, 3),
        "МБОУ «СОШ № 1»",
        "9А",
        mother="Ирина",
        publication="yes",
    ),
    DemoLearner(
        "Лаптева",
        "Ксения",
        "Олеговна",
        datetime.date(2012, 6, 19),
        "МБОУ «Лицей № 24»",
        "8Б",
        mother="Галина",
        publication="yes",
    ),
    DemoLearner(
        "Орехов",
        "Матвей",
        "Ильич",
        datetime.date(2010, 12, 8),
        "МБОУ «Лицей № 24»",
        "10Б",
        mother="Светлана",
        publication="yes",
    ),
    DemoLearner(
        "Пестова",
        "Ульяна",
        "Дмитриевна",
        datetime.date(2013, 4, 25),
        "МБОУ «СОШ № 1»",
        "7В",
        mother="Оксана",
        publication="yes",
    ),
    DemoLearner(
        "Рябов",
        "Лев",
        "Максимович",
        datetime.date(2011, 9, 11),
        "МБОУ «СОШ № 1»",
        "9В",
        mother="Алёна",
        publication="yes",
    ),
    DemoLearner(
        "Чернова",
        "Злата",
        "Игоревна",
        datetime.date(2012, 1, 29),
        "МБОУ «Лицей № 24»",
        "8А",
        mother="Вера",
        publication="withdrawn",
    ),
]

PARTNERS = [
    ("ООО «АлтайАгроМаш»", "АлтайАгроМаш", Organisation.Kind.INDUSTRIAL_PARTNER),
    ("АО «Рубцовский завод запасных частей»", "РЗЗЧ", Organisation.Kind.INDUSTRIAL_PARTNER),
]


class DemoCompetition(NamedTuple):
    key: str  # how the results below name it
    title: str
    kind: str
    level: str
    direction: str | None  # a direction's slug; None: open to several
    organiser: str
    starts_on: datetime.date
    ends_on: datetime.date
    is_official: bool


def _competitions(first: int) -> list[DemoCompetition]:
    """Competitions of the previous (first) and current (first + 1) academic years."""
    prev, cur = first, first + 1
    d = datetime.date
    Kind, Level = Competition.Kind, Competition.Level
    return [
        DemoCompetition(
            "exhibition",
            "Выставка проектов «Мой первый проект»",
            Kind.EXHIBITION,
            Level.INSTITUTIONAL,
            direction=None,
            organiser="ЦВР «Малая Академия»",
            starts_on=d(prev, 12, 10),
            ends_on=d(prev, 12, 12),
            is_official=False,
        ),
        DemoCompetition(
            "city-research",
            "Городской конкурс исследовательских работ «Юный исследователь»",
            Kind.CONTEST,
            Level.MUNICIPAL,
            direction=None,
            organiser="Управление образования города Рубцовска",
            starts_on=d(prev + 1, 2, 5),
            ends_on=d(prev + 1, 2, 20),
            is_official=False,
        ),
        DemoCompetition(
            "robo-region",
            "Краевые соревнования по робототехнике «РобоАлтай»",
            Kind.TOURNAMENT,
            Level.REGIONAL,
            direction="technical",
            organiser="Краевой центр детского технического творчества",
            starts_on=d(prev + 1, 3, 14),
            ends_on=d(prev + 1, 3, 16),
            is_official=True,
        ),
        DemoCompetition(
            "kraeved-region",
            "Краевой конкурс краеведческих исследований «Моя малая родина»",
            Kind.CONTEST,
            Level.REGIONAL,
            direction="tourism",
            organiser="Краевая станция юных туристов",
            starts_on=d(prev + 1, 4, 1),
            ends_on=d(prev + 1, 4, 25),
            is_official=True,
        ),
        DemoCompetition(
            "it-olympiad",
            "Краевая олимпиада школьников по программированию",
            Kind.OLYMPIAD,
            Level.REGIONAL,
            direction="technical",
            organiser="Министерство образования и науки края",
            starts_on=d(prev + 1, 1, 24),
            ends_on=d(prev + 1, 1, 24),
            is_official=True,
        ),
        DemoCompetition(
            "arts-festival",
            "Межрегиональный фестиваль детского творчества «Сибирские узоры»",
            Kind.FESTIVAL,
            Level.INTERREGIONAL,
            direction="arts",
            organiser="Ассоциация учреждений дополнительного образования Сибири",
            starts_on=d(prev + 1, 4, 18),
            ends_on=d(prev + 1, 4, 20),
            is_official=False,
        ),
        DemoCompetition(
            "engineers-national",
            "Всероссийский конкурс научно-технического творчества «Инженеры будущего»",
            Kind.CONTEST,
            Level.NATIONAL,
            direction="technical",
            organiser="Всероссийский центр детского технического творчества",
            starts_on=d(prev + 1, 5, 12),
            ends_on=d(prev + 1, 5, 15),
            is_official=True,
        ),
        DemoCompetition(
            "city-autumn",
            "Городской фестиваль технического творчества «Техноосень»",
            Kind.FESTIVAL,
            Level.MUNICIPAL,
            direction="technical",
            organiser="Управление образования города Рубцовска",
            starts_on=d(cur, 10, 20),
            ends_on=d(cur, 10, 22),
            is_official=False,
        ),
    ]


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
    for row in _competitions(previous.first_calendar_year):
        competition, _ = Competition.objects.update_or_create(
            # each organisation records the competitions its children take part in
            organisation=context["centre"],
            title=row.title,
            starts_on=row.starts_on,
            defaults={
                "kind": row.kind,
                "level": row.level,
                "direction": directions.get(row.direction) if row.direction else None,
                "organiser": row.organiser,
                "ends_on": row.ends_on,
                "is_official": row.is_official,
            },
        )
        competitions[row.key] = competition
    types = {t.name: t for t in ProjectType.objects.all()}
    clubs = {club.slug: club for club in Club.objects.prefetch_related("groups__teacher")}

    def project(slug, title, *, type_name, fmt, year, stage, public, summary, members, partner=None, case=""):
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
        type_name="Инженерный",
        fmt=G,
        year=previous,
        stage=S.PRESENTED,
        public=True,
        summary="Команда Робоквантума решала реальный кейс партнёра: робот на гусеничном ходу распознаёт "
        "детали по штрихкоду и развозит их по ячейкам склада. Собрали три прототипа, испытали на "
        "макете склада и представили решение инженерам завода.",
        members=[("Волков", R.LEADER), ("Фёдоров", R.ENGINEER), ("Соболев", R.ENGINEER)],
        partner=partners["РЗЗЧ"],
        case="Сократить время поиска деталей на складе запасных частей: сейчас кладовщик тратит "
        "до 20 минут на один заказ.",
    )
    bot = project(
        "it-kvantum",
        "Чат-бот «Расписание кружков»",
        type_name="Информационный",
        fmt=G,
        year=previous,
        stage=S.COMPLETED,
        public=True,
        summary="Телеграм-бот подсказывает, когда и где занятия, и напоминает о переносах. Написан на Python, "
        "данные берёт из открытого расписания центра.",
        members=[("Смирнова", R.LEADER), ("Тарасов", R.ENGINEER)],
    )
    streets = project(
        "kraeved",
        "Улицы Рубцовска, названные в честь героев",
        type_name="Исследовательский",
        fmt=G,
        year=previous,
        stage=S.PRESENTED,
        public=True,
        summary="Юные краеведы изучили историю двенадцати улиц города, поработали в городском архиве и "
        "краеведческом музее, составили пешеходный маршрут с QR-кодами.",
        members=[("Лаптева", R.RESEARCHER), ("Пестова", R.SPEAKER)],
    )
    fairy = project(
        "izo",
        "Книга-картинка «Сказки Алтая»",
        type_name="Творческий",
        fmt=ONE,
        year=previous,
        stage=S.PRESENTED,
        public=True,
        summary="Иллюстрации к пяти сказкам народов Алтая: акварель, гуашь и линогравюра.",
        members=[("Егорова", R.LEADER)],
    )
    project(
        "volunteer",
        "Зелёный двор",
        type_name="Социальный",
        fmt=G,
        year=current,
        stage=S.IN_PROGRESS,
        public=True,  # flagged public, yet hidden: one member has no publication consent
        summary="Благоустройство двора у центра: клумбы, скворечники и субботники с жителями.",
        members=[("Медведева", R.LEADER), ("Рябов", R.MEMBER)],
    )
    gripper = project(
        "haitek",
        "Захват для учебного манипулятора",
        type_name="Инженерный",
        fmt=G,
        year=previous,
        stage=S.PRESENTED,
        public=True,  # flagged public, yet hidden: a guardian withdrew the consent
        summary="Напечатанный на 3D-принтере захват с мягкими пальцами для манипулятора заводской "
        "учебной лаборатории.",
        members=[("Орехов", R.LEADER), ("Чернова", R.DESIGNER)],
        partner=partners["АлтайАгроМаш"],
        case="Захват для хрупких деталей, который не оставляет следов на окрашенной поверхности.",
    )
    project(
        "vr-ar-kvantum",
        "VR-экскурсия по краеведческому музею",
        type_name="Информационный",
        fmt=G,
        year=current,
        stage=S.IN_PROGRESS,
        public=True,
        summary="Сфотографировали залы музея панорамной камерой и собирают виртуальную экскурсию с "
        "озвучкой, которую проведут сами ребята.",
        members=[("Рябов", R.LEADER), ("Пестова", R.DESIGNER)],
    )
    project(
        "bio-lab",
        "Микрозелень на подоконнике",
        type_name="Практико-ориентированный",
        fmt=ONE,
        year=current,
        stage=S.IDEA,
        public=False,
        summary="Сравнение урожайности микрозелени на разных субстратах.",
        members=[("Лаптева", R.RESEARCHER)],
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
    for index, row in enumerate(EXTRA_LEARNERS, start=1):
        learner, _ = Learner.objects.update_or_create(
            surname=row.surname,
            name=row.name,
            patronymic=row.patronymic,
            birth_date=row.birth_date,
            # the organisation's own record: a generated namesake elsewhere is another child
            school=row.school,
            organisation=centre,
            defaults={"school_class": row.school_class},
        )
        guardian = recorded_guardian(
            centre, f"+7 (913) 555-04-{index:02d}", female_form(row.surname), row.mother, "Сергеевна"
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
            if (
                kind == Consent.Kind.PUBLICATION
                and row.publication == "withdrawn"
                and item.withdrawn_at is None
            ):
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
