"""Demo mentoring: the city's four-year program of seed 003 with pairs of every form.

Seed 003 (Рубцовск, 2020/2021) ends with the decision to write a city program of mentoring
in the centres of supplementary education, for four years. The program below is that
program as the demo centre «ЦВР «Малая Академия»» would run it; its period follows the
current academic year so that the demo stays alive. Every person is invented, and so are
the industrial partner and the college (the seeds name none).

Idempotent: records are found by natural keys; a pair's meetings, plan and feedback are
written only when the pair itself is created.
"""

import datetime

from django.utils import timezone

from centre.demo import female_form, recorded_guardian
from centre.models import Consent, Guardianship, Learner, Organisation, Person
from mentoring import services
from mentoring.models import (
    ExternalPerson,
    Form,
    Meeting,
    MentoringProgram,
    Pair,
    Participant,
)

PROGRAM_TITLE = "Городская программа наставничества в учреждениях дополнительного образования г. Рубцовска"
PROGRAM_GOALS = (
    "Максимально полное раскрытие потенциала личности наставляемого, необходимое для успешной "
    "личной и профессиональной самореализации; помощь педагогическим работникам в их "
    "профессиональном становлении; ранняя профориентация обучающихся технопарка «Кванториум» "
    "через решение реальных кейсов промышленных партнёров. Срок реализации — 4 года."
)

PARTNER = (
    "Общество с ограниченной ответственностью «АлтайРобоТех» (вымышленный промышленный партнёр)",
    "ООО «АлтайРобоТех»",
    Organisation.Kind.INDUSTRIAL_PARTNER,
)
COLLEGE = (
    "Рубцовский колледж цифровых технологий (вымышленная организация)",
    "Колледж цифровых технологий",
    Organisation.Kind.UNIVERSITY,
)
# (surname, name, patronymic, kind, organisation key, position)
EXTERNAL_PEOPLE = [
    ("Шестаков", "Роман", "Евгеньевич", ExternalPerson.Kind.EMPLOYER, "partner", "Инженер-конструктор"),
    ("Гордеева", "Виктория", "Олеговна", ExternalPerson.Kind.EMPLOYER, "partner", "Инженер-технолог"),
    ("Лапин", "Егор", "Михайлович", ExternalPerson.Kind.STUDENT, "college", "Студент 3 курса"),
    ("Юдина", "Алёна", "Игоревна", ExternalPerson.Kind.STUDENT, "college", "Студентка 2 курса"),
]
YOUNG_TEACHER = (
    "Осипова",
    "Ксения",
    "Дмитриевна",
    "Педагог дополнительного образования (молодой специалист)",
)
# (surname, name, patronymic, birth date, guardian phone)
EXTRA_LEARNERS = [
    ("Попов", "Никита", "Сергеевич", datetime.date(2014, 2, 11), "+7 (913) 555-03-01"),
]


def load(context, stdout=None) -> None:
    today = timezone.localdate()
    staff, teachers, learners = context["staff"], context["teachers"], context["learners"]
    current = context["years"]["current"]
    start = current.start.replace(year=current.start.year - 1)

    program, _ = MentoringProgram.objects.update_or_create(
        organisation=context["centre"],
        title=PROGRAM_TITLE,
        start=start,
        defaults={
            "end": start.replace(year=start.year + 4) - datetime.timedelta(days=1),
            "coordinator": staff["coordinator"],
            "goals": PROGRAM_GOALS,
            "mentoring_forms": list(Form.values),
            "status": MentoringProgram.Status.ACTIVE,
        },
    )
    organisations = {
        key: Organisation.objects.update_or_create(
            name=name, defaults={"short_name": short, "kind": kind, "address": "Алтайский край, г. Рубцовск"}
        )[0]
        for key, (name, short, kind) in {"partner": PARTNER, "college": COLLEGE}.items()
    }
    external = {}
    for surname, name, patronymic, kind, organisation, position in EXTERNAL_PEOPLE:
        external[surname], _ = ExternalPerson.objects.update_or_create(
            surname=surname,
            name=name,
            organisation=organisations[organisation],
            defaults={
                "patronymic": patronymic,
                "kind": kind,
                "position": position,
                "host": context["centre"],
            },
        )
    young_teacher, _ = Person.objects.get_or_create(
        surname=YOUNG_TEACHER[0],
        name=YOUNG_TEACHER[1],
        patronymic=YOUNG_TEACHER[2],
        organisation=context["centre"],  # a generated namesake elsewhere is someone else
        defaults={"position": YOUNG_TEACHER[3]},
    )
    extra = [_learner_with_consent(row, context["centre"], current.start) for row in EXTRA_LEARNERS]
    by_surname = {learner.surname: learner for learner in [*learners, *extra]}
    teacher_by_surname = {person.surname: person for person in teachers}

    def ago(days):
        return today - datetime.timedelta(days=days)

    pairs = [
        # A young teacher's first year, with the demo teacher as mentor.
        {
            "form": Form.TEACHER_TEACHER,
            "mentor": staff["teacher"],
            "mentees": [young_teacher],
            "start": ago(70),
            "planned_end": current.end,
            "goals": "Адаптация молодого специалиста в первый год работы: планирование занятий, "
            "ведение журнала, проведение открытого занятия.",
            "meetings": [70, 56, 42, 28, 14, 6],
            "topics": [
                "Знакомство с программой объединения и локальными актами центра",
                "Посещение занятия наставника в Робоквантуме",
                "Разбор конспекта занятия молодого педагога",
                "Работа с родителями: первое родительское собрание",
                "Подготовка кейса для группы стартового уровня",
                "Анализ посещённого занятия",
            ],
            "plan": [
                ("Изучить программу объединения и положение о наставничестве", -55, 57),
                ("Посетить пять занятий наставника", -20, 22),
                ("Провести открытое занятие для методического объединения", 30, None),
                ("Подготовить самоанализ первого полугодия", 45, None),
            ],
            "feedback": [(1, Participant.Role.MENTEE, "interim", 9, "Очень помогают разборы занятий.")],
        },
        # The deputy director mentors the demo teacher before his attestation.
        {
            "form": Form.HEAD_TEACHER,
            "mentor": staff["deputy"],
            "mentees": [staff["teacher"]],
            "start": ago(80),
            "planned_end": current.end,
            "goals": "Подготовка к аттестации на первую квалификационную категорию; обобщение опыта "
            "работы по проектному методу.",
            "meetings": [75, 45, 12],
            "topics": [
                "Требования к аттестации и портфолио педагога",
                "Обобщение опыта: структура статьи",
                "Разбор конкурсных работ обучающихся",
            ],
            "plan": [
                ("Составить портфолио достижений", -30, 35),
                ("Подготовить статью для методического сборника", 40, None),
            ],
            "feedback": [
                (0, Participant.Role.MENTEE, "interim", 8, "Понятный план подготовки к аттестации.")
            ],
        },
        # Technopark students help younger ones (a small group).
        {
            "form": Form.PUPIL_PUPIL,
            "mentor": by_surname["Фёдоров"],
            "mentees": [by_surname["Смирнова"], by_surname["Егорова"]],
            "start": ago(60),
            "planned_end": current.end,
            "goals": "Старший обучающийся IT-квантума помогает младшим освоить основы программирования "
            "и подготовить первый проект.",
            "meetings": [55, 34, 9],
            "topics": ["Первые шаги в Scratch", "Идея первого проекта", "Репетиция защиты проекта"],
            "plan": [("Выбрать тему проекта", -20, 25), ("Представить проект на конференции", 60, None)],
            "feedback": [],
        },
        # A college student mentors a pupil.
        {
            "form": Form.STUDENT_PUPIL,
            "mentor": external["Юдина"],
            "mentees": [by_surname["Попов"]],
            "start": ago(50),
            "planned_end": current.end,
            "goals": "Профориентация: знакомство с профессиями в сфере информационных технологий, "
            "помощь в подготовке к олимпиаде по информатике.",
            "meetings": [44, 13],
            "topics": ["Экскурсия в колледж", "Разбор олимпиадных задач"],
            "plan": [("Участие в муниципальной олимпиаде по информатике", 25, None)],
            "feedback": [],
        },
        # An industrial partner's engineer with the technopark's robotics team.
        {
            "form": Form.EMPLOYER_PUPIL,
            "mentor": external["Шестаков"],
            "mentees": [by_surname["Волков"], by_surname["Тарасов"], by_surname["Медведева"]],
            "start": ago(90),
            "planned_end": current.end,
            "goals": "Решение реального кейса промышленного партнёра в Робоквантуме: манипулятор для "
            "сортировки деталей; подготовка к соревнованиям по робототехнике.",
            "meetings": [84, 63, 42, 21, 4],
            "topics": [
                "Постановка кейса: сортировка деталей на конвейере",
                "Экскурсия на производство партнёра",
                "Выбор датчиков и схемы захвата",
                "Испытания прототипа манипулятора",
                "Подготовка к региональным соревнованиям",
            ],
            "plan": [
                ("Техническое задание на манипулятор", -60, 62),
                ("Прототип манипулятора", -10, 11),
                ("Защита решения перед инженерами партнёра", 35, None),
            ],
            "feedback": [],
        },
        # An employer's engineer mentors a college student.
        {
            "form": Form.EMPLOYER_STUDENT,
            "mentor": external["Гордеева"],
            "mentees": [external["Лапин"]],
            "start": ago(40),
            "planned_end": current.end,
            "goals": "Подготовка выпускной квалификационной работы на материале производства; "
            "помощь студенту в роли помощника педагога Хайтек-цеха.",
            "meetings": [33, 5],
            "topics": ["Выбор темы выпускной работы", "Технологическая карта изделия"],
            "plan": [("Утвердить тему выпускной работы", -20, 21)],
            "feedback": [],
        },
        # A stalled pair: no meeting for 45 days, one step overdue.
        {
            "form": Form.HEAD_TEACHER,
            "mentor": staff["director"],
            "mentees": [teacher_by_surname["Ильина"]],
            "start": ago(120),
            "planned_end": current.end,
            "goals": "Освоение программы социально-гуманитарной направленности и работы с детьми с ОВЗ.",
            "meetings": [110, 80, 45],
            "topics": [
                "Адаптированные программы: требования",
                "Посещение занятия",
                "Разбор индивидуального маршрута ребёнка",
            ],
            "plan": [("Адаптировать программу для детей с ОВЗ", -20, None)],
            "feedback": [],
        },
    ]
    created = 0
    for spec in pairs:
        created += _ensure_pair(program, spec, today)
    created += _ensure_completed_pair(program, teacher_by_surname["Белова"], teacher_by_surname["Комаров"])
    created += _load_creativity_program(context, today)
    if stdout:
        stdout.write(f"Mentoring: {program.pairs.count()} pairs ({created} new).")


CREATIVITY_PROGRAM = "Наставничество молодых педагогов Центра развития творчества"


def _load_creativity_program(context, today) -> int:
    """The centre of children's creativity, which held seed 003's round table on mentoring,
    runs a program of its own: its coordinator sees it and its pair, and «Малая Академия»'s
    staff do not (nor the other way round)."""
    current = context["years"]["current"]
    staff = context["staff"]
    program, _ = MentoringProgram.objects.update_or_create(
        organisation=context["organisations"]["creativity"],
        title=CREATIVITY_PROGRAM,
        start=current.start.replace(year=current.start.year - 1),
        defaults={
            "end": current.end,
            "coordinator": staff["crt_coordinator"],
            "goals": "Адаптация молодых педагогов дополнительного образования в первые два года работы.",
            "mentoring_forms": [Form.TEACHER_TEACHER],
            "status": MentoringProgram.Status.ACTIVE,
        },
    )
    spec = {
        "form": Form.TEACHER_TEACHER,
        "mentor": staff["crt_teacher"],
        "mentees": [context["teachers_of"]["creativity"][1]],
        # began before the Рубцовск centre's newest pairs, which the demo's main logins meet first
        "start": today - datetime.timedelta(days=100),
        "planned_end": current.end,
        "goals": "Первый год молодого педагога: программа студии, открытое занятие, отчётный концерт.",
        "meetings": [95, 60, 20],
        "topics": [
            "Программа студии и журнал",
            "Посещение занятия наставника",
            "Подготовка открытого занятия",
        ],
        "plan": [("Провести открытое занятие", 40, None)],
        "feedback": [],
    }
    return _ensure_pair(program, spec, today)


def _find_pair(program, form, mentor):
    field = (
        "person" if isinstance(mentor, Person) else "learner" if isinstance(mentor, Learner) else "external"
    )
    return Pair.objects.filter(
        program=program,
        form=form,
        participants__role=Participant.Role.MENTOR,
        **{f"participants__{field}": mentor},
    ).first()


def _ensure_pair(program, spec, today) -> int:
    if _find_pair(program, spec["form"], spec["mentor"]):
        return 0
    pair = services.pair_create(
        program=program,
        form=spec["form"],
        mentor=spec["mentor"],
        mentees=spec["mentees"],
        start=spec["start"],
        planned_end=spec["planned_end"],
        goals=spec["goals"],
    )
    for days, topic in zip(spec["meetings"], spec["topics"], strict=True):
        services.meeting_log(
            pair=pair,
            by=None,
            date=today - datetime.timedelta(days=days),
            format=Meeting.Format.IN_PERSON if days % 2 == 0 else Meeting.Format.ONLINE,
            topic=topic,
            duration_minutes=45 if days % 3 else 90,
        )
    # plan steps: (title, due in N days from today (negative: past), done N days ago or None)
    for title, due_in, done_ago in spec["plan"]:
        item = services.plan_item_add(
            pair=pair, title=title, due_date=today + datetime.timedelta(days=due_in)
        )
        if done_ago is not None:
            services.plan_item_set_done(item=item, done=True, on=today - datetime.timedelta(days=done_ago))
    participants = list(pair.participants.order_by("role", "id"))
    mentees = [p for p in participants if p.role == Participant.Role.MENTEE]
    mentor = next(p for p in participants if p.role == Participant.Role.MENTOR)
    for index, role, kind, satisfaction, comments in spec["feedback"]:
        author = mentor if role == Participant.Role.MENTOR else mentees[min(index, len(mentees) - 1)]
        services.feedback_leave(participant=author, kind=kind, satisfaction=satisfaction, comments=comments)
    return 1


def _ensure_completed_pair(program, mentor, mentee) -> int:
    """Last year's pair, completed in May with both sides' final questionnaires."""
    if _find_pair(program, Form.TEACHER_TEACHER, mentor):
        return 0
    start = program.start + datetime.timedelta(days=14)
    pair = services.pair_create(
        program=program,
        form=Form.TEACHER_TEACHER,
        mentor=mentor,
        mentees=[mentee],
        start=start,
        planned_end=program.start + datetime.timedelta(days=270),
        goals="Освоение технологии проектного обучения и подготовка обучающихся к конкурсу.",
    )
    for days, topic in [
        (20, "Проектный метод: с чего начать"),
        (90, "Разбор проектов обучающихся"),
        (200, "Подготовка к городскому конкурсу проектов"),
    ]:
        services.meeting_log(
            pair=pair,
            by=None,
            date=start + datetime.timedelta(days=days),
            format=Meeting.Format.IN_PERSON,
            topic=topic,
            duration_minutes=60,
        )
    item = services.plan_item_add(
        pair=pair, title="Подготовить проект к конкурсу", due_date=start + datetime.timedelta(days=210)
    )
    services.plan_item_set_done(item=item, done=True, on=start + datetime.timedelta(days=205))
    for participant, satisfaction, comments in [
        (
            pair.participants.get(role=Participant.Role.MENTOR),
            9,
            "Наставляемый самостоятельно ведёт проекты.",
        ),
        (pair.participants.get(role=Participant.Role.MENTEE), 8, "Получил опыт подготовки детей к конкурсу."),
    ]:
        services.feedback_leave(
            participant=participant, kind="final", satisfaction=satisfaction, comments=comments
        )
    services.pair_set_status(
        pair=pair, status=Pair.Status.COMPLETED, on=program.start + datetime.timedelta(days=270)
    )
    return 1


def _learner_with_consent(row, centre, given_on) -> Learner:
    surname, name, patronymic, born, phone = row
    learner, _ = Learner.objects.update_or_create(
        surname=surname,
        name=name,
        patronymic=patronymic,
        birth_date=born,
        school="",
        organisation=centre,
    )
    guardian = recorded_guardian(centre, phone, female_form(surname), "Ольга", "Викторовна")
    Guardianship.objects.get_or_create(
        guardian=guardian, learner=learner, defaults={"relation": Guardianship.Relation.MOTHER}
    )
    Consent.objects.get_or_create(
        guardian=guardian,
        learner=learner,
        kind=Consent.Kind.PROCESSING,
        defaults={"given_on": given_on, "text": "Согласие оформлено на бумаге."},
    )
    return learner
