"""Applying the hand-written federal package (packages/quirks.xml): what each object
becomes, the report naming every quirk and every skip with its reason, and a second run
that changes nothing. Administrator's runs (partners create organisations)."""

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from centre.models import Organisation, Person, Venue
from programs.exchange.importing import import_package
from programs.exchange.importing_groups import slot_uuid
from programs.models import Club, Group, Profile, Program, ScheduleSlot
from tests.programs.exchange.import_helpers import (
    CONSTRUCTOR,
    DELETED_PROGRAM,
    DELETED_SLOT,
    FOOTBALL,
    GROUP_1,
    GROUP_2,
    GROUP_OF_UNKNOWN,
    GROUP_WITHOUT_PROGRAM,
    GROUP_WITHOUT_TEACHER,
    PARTNER,
    PROFILE,
    SLOT_MONDAY_THURSDAY,
    SLOT_OF_SKIPPED,
    SLOT_TUESDAY,
    UNKNOWN_FOCUS,
    entries,
    package,
    package_year,
)
from tests.programs.factories import GroupFactory, ScheduleSlotFactory

pytestmark = pytest.mark.django_db


def run(name="quirks.xml", **kwargs):
    with translation.override("ru"):
        return import_package(package(name), **kwargs)


@pytest.fixture
def year():
    return package_year()


def test_every_object_is_created_by_uuid_with_the_values_the_package_gives(year):
    result = run()
    assert result.totals == {"created": 9, "updated": 0, "unchanged": 2, "deleted": 0, "skipped": 5}
    partner = Organisation.objects.get(uuid=PARTNER)
    assert (partner.name, partner.short_name, partner.kind) == (
        "Центр творчества «Вектор»",
        "ЦТ «Вектор»",
        "centre",
    )
    assert (partner.address, partner.website, partner.ogrn) == (
        "г. Омск, ул. Ленина, 10",
        "",
        "1025500000001",
    )
    profile = Profile.objects.get(uuid=PROFILE)
    assert (profile.name, profile.direction.slug) == ("Мини-футбол", "sport")

    constructor = Program.objects.get(uuid=CONSTRUCTOR)
    assert constructor.organisation == partner and constructor.status == "draft"  # «published» in the package
    assert (constructor.age_min, constructor.age_max, constructor.duration_months) == (7, 12, 9)
    assert (constructor.hours_per_year, constructor.group_size_min, constructor.group_size_max) == (72, 8, 15)
    assert constructor.levels == ["starter"] and constructor.direction.slug == "technical"
    assert constructor.is_adapted and constructor.disabilities == ["hearing", "musculoskeletal"]
    assert constructor.profile is None and constructor.goals == ""
    football = Program.objects.get(uuid=FOOTBALL)
    assert football.profile == profile and football.duration_months == 12 and football.age_max == 11
    assert football.levels == ["basic", "advanced"] and football.hours_per_year == 144
    assert not Program.objects.filter(uuid=UNKNOWN_FOCUS).exists()

    first = Group.objects.get(uuid=GROUP_1)
    assert (first.program, first.academic_year, first.name) == (constructor, year, "Конструкторы-1")
    assert (first.age_min, first.age_max, first.places, first.funding, first.price) == (
        7,
        9,
        12,
        "free",
        None,
    )
    assert first.enrol_from is None and first.enrol_until is None
    assert first.teacher.short_name == "Иванова А. П." and first.teacher.user is None
    assert first.teacher.organisation == partner
    assert first.club.name == "Юный конструктор" and first.club.organisation == partner
    assert first.venue == Venue.objects.get(organisation=partner)
    assert first.venue.address == "г. Омск, ул. Ленина, 10"
    second = Group.objects.get(uuid=GROUP_2)
    assert (second.funding, second.price) == ("paid", Decimal("1500.00"))
    assert (second.enrol_from, second.enrol_until) == (datetime.date(2026, 8, 15), datetime.date(2026, 9, 30))
    assert second.teacher.full_name == "Петров Борис Викторович"
    assert (
        Group.objects.filter(
            uuid__in=[GROUP_OF_UNKNOWN, GROUP_WITHOUT_PROGRAM, GROUP_WITHOUT_TEACHER]
        ).count()
        == 0
    )

    tuesday = ScheduleSlot.objects.get(uuid=SLOT_TUESDAY)
    assert (tuesday.group, tuesday.weekday, tuesday.starts, tuesday.ends) == (
        first,
        2,
        datetime.time(9),
        datetime.time(10, 30),
    )
    slots = ScheduleSlot.objects.filter(group=second).order_by("weekday")
    # one slot a day: the first keeps the schedule's uuid, the other's is made from it
    assert [(str(s.uuid), s.weekday, s.starts, s.ends) for s in slots] == [
        (SLOT_MONDAY_THURSDAY, 1, datetime.time(15), datetime.time(16, 30)),
        (str(slot_uuid(slots[0].uuid, 4)), 4, datetime.time(15), datetime.time(16, 30)),
    ]


def test_the_report_names_every_quirk_and_every_reason(year):
    report = entries(run())
    constructor = report[CONSTRUCTOR]
    assert constructor["outcome"] == "created" and constructor["name"] == "Юный конструктор"
    assert constructor["notes"] == [
        "«focusCode»: «TEKHNICHESKOE» прочитан как «tekhnicheskoe».",
        "«levelSet»: одно значение там, где ожидался список.",
        "«ovzTypes»: неизвестный код OvzTypes «complex_disorders» пропущен (его нет и в справочнике самого пакета).",
        "«state» «published»: всё равно импортирована как черновик.",
    ]
    # the profile's focus is written with hyphens, its program's with underscores: one direction
    assert report[PROFILE]["notes"] == []
    assert (
        "«focusCode»: «fizkulturno_sportivnoe» прочитан как «fizkulturno-sportivnoe»."
        in report[FOOTBALL]["notes"]
    )
    assert "«maxAge»: «11.5» взято как 11." in report[FOOTBALL]["notes"]
    assert report[UNKNOWN_FOCUS] | {"notes": []} == {
        "object": "program",
        "uuid": UNKNOWN_FOCUS,
        "name": "Юнармейцы",
        "outcome": "skipped",
        "reason": "Неизвестный код направленности «voenno-patrioticheskoe»: такой направленности на портале нет.",
        "notes": [],
    }
    assert report[GROUP_OF_UNKNOWN]["reason"] == "Её программа не импортирована."
    assert report[GROUP_WITHOUT_PROGRAM]["reason"] == (
        "Её программы (6f1c2d3e-0000-4000-8000-000000000999) нет ни в пакете, ни на портале."
    )
    assert report[GROUP_WITHOUT_TEACHER]["reason"] == "Нет педагога: «dataTeachers» пуст."
    assert report[SLOT_OF_SKIPPED]["reason"] == "Его группа не импортирована."
    assert report[SLOT_TUESDAY]["notes"] == [
        "«weekDays»: одно значение там, где ожидался список.",
        "«timeStart»: «9:00» прочитано как 09:00.",
    ]
    assert report[SLOT_TUESDAY]["name"] == "Юный конструктор: Конструкторы-1, вторник 09:00–10:30"
    assert report[GROUP_1]["notes"] == [
        "Педагог «Иванова А. П.» добавлен в сотрудники, без входа на портал.",
        "Для программы создано объединение «Юный конструктор».",
        "Площадка «ЦТ «Вектор»» создана по адресу организации.",
    ]
    for tombstone in (DELETED_SLOT, DELETED_PROGRAM):
        assert (report[tombstone]["outcome"], report[tombstone]["reason"]) == (
            "unchanged",
            "На портале этого нет: удалять нечего.",
        )


def test_running_it_twice_changes_nothing_the_second_time(year):
    first = run()
    counts = [
        model.objects.count() for model in (Organisation, Person, Venue, Club, Program, Group, ScheduleSlot)
    ]
    times = sorted(Group.objects.values_list("updated_at", flat=True)) + sorted(
        Program.objects.values_list("updated_at", flat=True)
    )
    second = run()
    assert second.totals == {"created": 0, "updated": 0, "unchanged": 11, "deleted": 0, "skipped": 5}
    assert [entry["outcome"] for entry in second.report] == [
        "skipped" if entry["outcome"] == "skipped" else "unchanged" for entry in first.report
    ]
    assert counts == [
        model.objects.count() for model in (Organisation, Person, Venue, Club, Program, Group, ScheduleSlot)
    ]
    assert times == sorted(Group.objects.values_list("updated_at", flat=True)) + sorted(
        Program.objects.values_list("updated_at", flat=True)
    )


def test_the_check_is_the_same_run_rolled_back(year):
    checked = run(dry_run=True)
    assert not Program.objects.filter(uuid__in=[CONSTRUCTOR, FOOTBALL]).exists()
    assert not Organisation.objects.filter(uuid=PARTNER).exists()
    assert checked.report == run().report


def test_a_change_in_the_package_updates_the_record_and_only_it(year):
    run()
    changed = package("quirks.xml").replace(
        b"<name>\xd0\x9a\xd0\xbe\xd0\xbd\xd1\x81\xd1\x82\xd1\x80\xd1\x83\xd0\xba\xd1\x82\xd0\xbe\xd1\x80\xd1\x8b-1</name>",
        "<name>Конструкторы, младшие</name>".encode(),
    )
    with translation.override("ru"):
        result = import_package(changed)
    assert result.totals["updated"] == 1 and entries(result)[GROUP_1]["outcome"] == "updated"
    assert Group.objects.get(uuid=GROUP_1).name == "Конструкторы, младшие"


def test_a_known_teacher_is_found_by_name_and_a_clash_skips_that_slot_alone(year):
    partner = Organisation.objects.create(
        name="Центр творчества «Вектор»", kind="centre", address="г. Омск", uuid=PARTNER
    )
    teacher = Person.objects.create(
        organisation=partner, surname="Иванова", name="Анна", patronymic="Петровна", position="Педагог"
    )
    busy = GroupFactory(
        club__organisation=partner, teacher=teacher, academic_year=year, name="Занятая", room=None
    )
    ScheduleSlotFactory(group=busy, weekday=2, starts=datetime.time(9, 30), ends=datetime.time(10), room=None)
    report = entries(run())
    assert Group.objects.get(uuid=GROUP_1).teacher == teacher
    assert report[SLOT_TUESDAY]["outcome"] == "skipped"
    assert report[SLOT_TUESDAY]["reason"].startswith("У педагога в это время занятие с группой «")
    assert report[SLOT_MONDAY_THURSDAY]["outcome"] == "created"


def test_a_failed_object_leaves_nothing_behind(year):
    # Конструкторы-1 is for ages 7 to 25: refused after its teacher and club were made, in its
    # savepoint; the next group names the same teacher, who must be made again
    content = (
        package("quirks.xml")
        .replace(b"<ageTo>9.0</ageTo>", b"<ageTo>25</ageTo>")
        .replace("Петров Борис Викторович".encode(), "Иванова А. П.".encode())
    )
    with translation.override("ru"):
        report = entries(import_package(content))
    assert report[GROUP_1]["outcome"] == "skipped" and report[GROUP_1]["reason"].startswith("возраст до: ")
    assert report[SLOT_TUESDAY]["reason"] == "Его группа не импортирована."
    assert not Club.objects.filter(name="Юный конструктор").exists()
    assert report[GROUP_2]["outcome"] == "created"
    assert Group.objects.get(uuid=GROUP_2).teacher.short_name == "Иванова А. П."
