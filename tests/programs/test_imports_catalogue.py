"""Imports of programs and of groups with their schedules: drafts of the organisation, the
names of clubs, programs, teachers and venues it knows, lessons checked for clashes, and
nothing saved when a row is bad."""

import datetime

import pytest

from programs.imports.blanks import filled_workbook
from programs.imports.schedule import parse_schedule
from programs.models import Group, ImportBatch, Program, ScheduleSlot
from programs.services.imports import import_file
from tests.factories import OrganisationFactory, PersonFactory, RoomFactory, VenueFactory, home_organisation
from tests.programs.factories import (
    ClubFactory,
    CurrentYearFactory,
    DirectionFactory,
    ProgramFactory,
    ScheduleSlotFactory,
)

pytestmark = pytest.mark.django_db


def workbook(rows):
    headers = list(dict.fromkeys(header for row in rows for header in row))
    return filled_workbook(headers, [[row.get(header) for header in headers] for row in rows])


def run(kind, rows, methodist, *, dry_run=False):
    return import_file(
        kind=kind, content=workbook(rows), organisation=home_organisation(), by=methodist, dry_run=dry_run
    )


@pytest.fixture(autouse=True)
def technical():
    return DirectionFactory(slug="technical")


def program_row(title, **cells):
    return {
        "Название программы": title,
        "Направленность": "Техническая",
        "Краткое описание": "Роботы и программирование.",
        "Описание": "Собираем и программируем роботов.",
        "Возраст от": 10,
        "Возраст до": 14,
        "Срок освоения, месяцев": 9,
        "Часов в год": 144,
        "Уровни": "стартовый, базовый",
        **cells,
    }


def test_programs_come_in_as_drafts_of_the_organisation(methodist):
    outcome = run(
        "programs",
        [program_row("Робототехника"), program_row("Схемотехника", **{"Наполняемость до": 12})],
        methodist,
    )
    assert outcome.ok, outcome.errors
    assert outcome.totals == {"created": 2}
    program = Program.objects.get(title="Робототехника")
    assert (program.status, program.organisation, program.created_by) == (
        "draft",
        home_organisation(),
        methodist,
    )
    assert program.levels == ["starter", "basic"] and program.slug
    assert Program.objects.get(title="Схемотехника").group_size_max == 12


def test_a_bad_program_row_saves_none_and_a_title_is_not_imported_twice(methodist):
    ProgramFactory(title="Робототехника")
    rows = [
        program_row("Схемотехника"),
        program_row("робототехника"),
        program_row(
            "Мультипликация", **{"Возраст от": 15, "Направленность": "Кулинарная", "Уровни": "высший"}
        ),
        program_row("Адаптивная", **{"Адаптированная": "да"}),
    ]
    outcome = run("programs", rows, methodist)
    assert Program.objects.count() == 1
    found = {(e["row"], e["column"]): e["message"] for e in outcome.errors}
    assert found[(3, "Название программы")] == "У организации уже есть программа с таким названием."
    assert found[(4, "Направленность")] == "Не найдено в организации: направленность «Кулинарная»."
    assert found[(4, "Уровни")].startswith("«высший» — не одно из значений:")
    assert (5, "Виды нарушений") in found
    assert (2, "Название программы") not in found


def test_the_upper_age_below_the_lower_is_said_under_its_column(methodist):
    outcome = run("programs", [program_row("Робототехника", **{"Возраст от": 15})], methodist)
    assert [(e["row"], e["column"]) for e in outcome.errors] == [(2, "Возраст до")]


@pytest.fixture
def places():
    venue = VenueFactory(name="Главный корпус")
    return {
        "club": ClubFactory(name="Робоквантум"),
        "program": ProgramFactory(title="Робототехника"),
        "teacher": PersonFactory(surname="Кузнецова", name="Ольга", patronymic="Ивановна"),
        "venue": venue,
        "room": RoomFactory(venue=venue, name="101"),
        "year": CurrentYearFactory(),
    }


def group_row(name, **cells):
    return {
        "Объединение": "Робоквантум",
        "Программа": "Робототехника",
        "Название группы": name,
        "Педагог": "Кузнецова Ольга Ивановна",
        "Площадка": "Главный корпус",
        "Кабинет": "101",
        "Возраст от": 10,
        "Возраст до": 14,
        "Мест": 12,
        **cells,
    }


def test_groups_come_in_with_their_schedules(methodist, places):
    rows = [
        group_row("Группа 1", **{"Расписание": "Пн 15:00–16:30; Чт 15.00-16.30"}),
        group_row(
            "Группа 2",
            **{
                "Педагог": "Кузнецова О. И.",
                "Кабинет": "",
                "Расписание": "вторник 10:00—11:30",
                "Финансирование": "платно",
                "Стоимость в месяц, руб.": "1 500,50",
            },
        ),
    ]
    outcome = run("groups", rows, methodist)
    assert outcome.ok, outcome.errors
    assert outcome.totals == {"created": 2, "lessons": 3}
    first = Group.objects.get(name="Группа 1")
    assert (first.academic_year, first.teacher, first.room) == (
        places["year"],
        places["teacher"],
        places["room"],
    )
    assert [(s.weekday, s.starts, s.ends, s.room) for s in first.slots.all()] == [
        (1, datetime.time(15), datetime.time(16, 30), places["room"]),
        (4, datetime.time(15), datetime.time(16, 30), places["room"]),
    ]
    second = Group.objects.get(name="Группа 2")
    assert (second.funding, str(second.price), second.room) == ("paid", "1500.50", None)


def test_a_clash_with_another_group_or_an_earlier_row_is_refused(methodist, places):
    ScheduleSlotFactory(
        group__room=places["room"], group__venue=places["venue"], weekday=1, room=places["room"]
    )
    rows = [
        group_row("Группа 1", **{"Расписание": "Пн 15:30–17:00"}),
        group_row("Группа 2", **{"Кабинет": "", "Расписание": "Ср 15:00–16:30"}),
        group_row("Группа 3", **{"Кабинет": "", "Расписание": "Ср 16:00–17:00"}),
        group_row("Группа 4", **{"Расписание": "Пт 15:00"}),
        group_row("Группа 2"),
    ]
    outcome = run("groups", rows, methodist)
    assert (
        not Group.objects.filter(name__startswith="Группа ")
        .exclude(pk=ScheduleSlot.objects.get().group_id)
        .exists()
    )
    found = {(e["row"], e["column"]): e["message"] for e in outcome.errors}
    assert found[(2, "Расписание")].startswith(
        "понедельник 15:30–17:00: Помещение Главный корпус, 101 в это время занято"
    )
    assert "«Робоквантум: Группа 2»" in found[(4, "Расписание")]
    assert found[(5, "Расписание")].startswith("Не удаётся прочитать занятие «Пт 15:00»")
    assert (
        found[(6, "Название группы")]
        == "В этом объединении уже есть группа с таким названием в этом учебном году."
    )
    assert (3, "Расписание") not in found


def test_names_of_another_organisation_are_not_found(methodist, places):
    other = OrganisationFactory()
    ClubFactory(organisation=other, name="Чужой клуб")
    PersonFactory(organisation=other, surname="Чужой", name="Педагог", patronymic="")
    rows = [group_row("Группа 1", **{"Объединение": "Чужой клуб", "Педагог": "Чужой Педагог"})]
    outcome = run("groups", rows, methodist)
    assert {e["column"] for e in outcome.errors} == {"Объединение", "Педагог"}
    assert not Group.objects.exists()


def test_two_teachers_of_one_name_are_told_apart(methodist, places):
    PersonFactory(surname="Кузнецова", name="Ольга", patronymic="Ивановна")
    outcome = run("groups", [group_row("Группа 1")], methodist)
    [problem] = outcome.errors
    assert problem["column"] == "Педагог" and "несколько записей" in problem["message"]


@pytest.mark.parametrize(
    "text, lessons",
    [
        ("Пн 15:00–16:30; Чт 15:00–16:30", [(1, "15:00", "16:30"), (4, "15:00", "16:30")]),
        ("суббота 9.30 - 11.00\nВс 12:00—13:00", [(6, "09:30", "11:00"), (7, "12:00", "13:00")]),
        ("", []),
    ],
)
def test_the_schedule_cell_is_read(text, lessons):
    assert [
        (lesson.weekday, f"{lesson.starts:%H:%M}", f"{lesson.ends:%H:%M}") for lesson in parse_schedule(text)
    ] == lessons


@pytest.mark.parametrize("text", ["Пн", "Xy 10:00-11:00", "Пн 25:00-26:00", "Пн 16:00-15:00"])
def test_a_schedule_that_cannot_be_read_is_refused(text):
    with pytest.raises(ValueError):
        parse_schedule(text)


def test_the_kinds_have_their_resources():
    assert set(ImportBatch.Kind.values) == {"programs", "groups", "learners"}
