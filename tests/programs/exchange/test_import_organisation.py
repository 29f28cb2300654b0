"""An import into one organisation (the methodist's page, ``--organisation``): every program
goes into it, partners are not created, a uuid the portal has in another organisation is
skipped with what depends on it; a program past the draft keeps its text; tombstones delete
what is the organisation's, archive a program children applied to, and skip the rest."""

import pytest
from django.utils import translation

from centre.models import Organisation
from programs.exchange.importing import import_package
from programs.models import Group, Program, ScheduleSlot, Tombstone
from tests.factories import OrganisationFactory
from tests.programs.exchange.import_helpers import (
    CONSTRUCTOR,
    FOOTBALL,
    GROUP_1,
    GROUP_2,
    PARTNER,
    SLOT_MONDAY_THURSDAY,
    SLOT_TUESDAY,
    entries,
    package,
    package_year,
)
from tests.programs.factories import ApplicationFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def run(content=None, **kwargs):
    with translation.override("ru"):
        return import_package(content or package("quirks.xml"), **kwargs)


def tombstones(*pairs) -> bytes:
    """A package of tombstones only: (list, kind, uuid) each."""
    body = "".join(
        f"<{plural}><{kind}><uuid>{uuid}</uuid><localId>1</localId><datasource>d</datasource>"
        f"<lastmodifiedTs>1</lastmodifiedTs><isDeleted>true</isDeleted></{kind}></{plural}>"
        for plural, kind, uuid in pairs
    )
    return f'<?xml version="1.0"?><package datasource="d" created="1" kind="incremental"><objects>{body}</objects></package>'.encode()


@pytest.fixture
def home():
    package_year()
    return OrganisationFactory(name="Дом творчества «Радуга»", address="г. Омск, ул. Мира, 5")


def test_every_program_goes_into_the_organisation_and_no_partner_is_made(home):
    report = entries(run(organisation=home))
    assert not Organisation.objects.filter(uuid=PARTNER).exists()
    assert report[PARTNER]["outcome"] == "unchanged"
    assert report[PARTNER]["reason"] == (
        "Не создаётся: при импорте в организацию все программы попадают в «Дом творчества «Радуга»»."
    )
    assert set(
        Program.objects.filter(uuid__in=[CONSTRUCTOR, FOOTBALL]).values_list("organisation", flat=True)
    ) == {home.pk}
    group = Group.objects.get(uuid=GROUP_1)
    assert group.club.organisation == home and group.teacher.organisation == home
    assert group.venue.organisation == home and group.venue.address == "г. Омск, ул. Мира, 5"


def test_the_organisations_own_partner_entry_changes_nothing(home):
    home.uuid = PARTNER
    home.save()
    report = entries(run(organisation=home))
    home.refresh_from_db()
    assert home.name == "Дом творчества «Радуга»"  # the package calls it «Вектор»
    assert (
        report[PARTNER]["reason"] == "Это организация, в которую импортируется пакет: её запись не меняется."
    )


def test_a_uuid_of_another_organisation_is_skipped_with_what_depends_on_it(home):
    other = ProgramFactory(organisation=OrganisationFactory(), uuid=CONSTRUCTOR, title="Чужая")
    report = entries(run(organisation=home))
    assert report[CONSTRUCTOR]["outcome"] == "skipped"
    assert report[CONSTRUCTOR]["reason"] == "Этот uuid на портале принадлежит другой организации."
    assert report[GROUP_1]["reason"] == "Её программа не импортирована."
    assert report[SLOT_TUESDAY]["reason"] == "Его группа не импортирована."
    other.refresh_from_db()
    assert other.title == "Чужая" and not other.groups.exists()
    assert report[FOOTBALL]["outcome"] == "created"


@pytest.mark.parametrize("status", ["published", "review", "archived"])
def test_a_published_program_keeps_its_text_and_its_groups_and_lessons(home, status):
    run(organisation=home)
    Program.objects.filter(uuid=CONSTRUCTOR).update(status=status, title="Конструктор")
    Group.objects.filter(uuid=GROUP_1).update(places=30)
    ScheduleSlot.objects.filter(uuid=SLOT_TUESDAY).delete()
    report = entries(run(organisation=home))
    assert report[CONSTRUCTOR]["outcome"] == "unchanged"
    with translation.override("ru"):
        label = str(Program.Status(status).label)
    assert (
        report[CONSTRUCTOR]["reason"]
        == f"Программа в статусе «{label}»: её меняют на её странице, а не импортом."
    )
    program = Program.objects.get(uuid=CONSTRUCTOR)
    assert (program.title, program.status) == ("Конструктор", status)
    published = "Программа опубликована: её группы меняют на её странице, а не импортом."
    # the group's change and the lesson made again are not imported: the catalogue is untouched
    assert (report[GROUP_1]["outcome"], report[GROUP_1]["reason"]) == ("skipped", published)
    assert Group.objects.get(uuid=GROUP_1).places == 30
    assert (report[SLOT_TUESDAY]["outcome"], report[SLOT_TUESDAY]["reason"]) == ("skipped", published)
    assert not ScheduleSlot.objects.filter(uuid=SLOT_TUESDAY).exists()
    # a draft program's groups still import
    assert report[GROUP_2]["outcome"] == "unchanged"


def test_an_unchanged_group_of_a_published_program_is_unchanged_its_new_lesson_skipped(home):
    run(organisation=home)
    Program.objects.filter(uuid=CONSTRUCTOR).update(status=Program.Status.PUBLISHED)
    assert {entry["outcome"] for entry in run(organisation=home).report} == {"unchanged", "skipped"}
    ScheduleSlot.objects.filter(uuid=SLOT_TUESDAY).delete()
    report = entries(run(organisation=home))
    assert report[GROUP_1]["outcome"] == "unchanged"
    assert report[SLOT_TUESDAY]["outcome"] == "skipped"
    assert (
        report[SLOT_TUESDAY]["reason"]
        == "Программа опубликована: её группы меняют на её странице, а не импортом."
    )
    assert not ScheduleSlot.objects.filter(uuid=SLOT_TUESDAY).exists()


def test_tombstones_delete_the_organisations_records(home):
    run(organisation=home)
    group = Group.objects.get(uuid=GROUP_2)
    assert group.slots.count() == 2
    result = run(
        tombstones(("schedules", "schedule", SLOT_MONDAY_THURSDAY), ("groups", "group", GROUP_2)),
        organisation=home,
    )
    report = entries(result)
    assert report[SLOT_MONDAY_THURSDAY]["outcome"] == "deleted" and report[GROUP_2]["outcome"] == "deleted"
    assert not Group.objects.filter(uuid=GROUP_2).exists()
    assert not ScheduleSlot.objects.filter(group_id=group.pk).exists()  # both days' slots
    # once gone, the same tombstones change nothing
    assert {
        entry["outcome"] for entry in run(tombstones(("groups", "group", GROUP_2)), organisation=home).report
    } == {"unchanged"}
    # and the group imported again comes back under its uuid, its tombstone removed
    assert Tombstone.objects.filter(uuid=GROUP_2).exists()
    assert entries(run(organisation=home))[GROUP_2]["outcome"] == "created"
    assert not Tombstone.objects.filter(uuid=GROUP_2).exists()


def test_a_program_children_applied_to_is_archived_not_deleted(home):
    run(organisation=home)
    ApplicationFactory(group=Group.objects.get(uuid=GROUP_1))
    report = entries(run(tombstones(("programs", "program", CONSTRUCTOR)), organisation=home))
    assert report[CONSTRUCTOR]["outcome"] == "updated"
    assert (
        report[CONSTRUCTOR]["reason"]
        == "Перенесена в архив, а не удалена: в ней есть зачисленные дети или заявления."
    )
    assert Program.objects.get(uuid=CONSTRUCTOR).status == "archived"
    report = entries(run(tombstones(("programs", "program", FOOTBALL)), organisation=home))
    assert report[FOOTBALL]["outcome"] == "deleted" and not Program.objects.filter(uuid=FOOTBALL).exists()


def test_a_tombstone_of_another_organisations_record_or_of_an_organisation_deletes_nothing(home):
    other = ProgramFactory(organisation=OrganisationFactory(), uuid=CONSTRUCTOR)
    report = entries(
        run(
            tombstones(
                ("programs", "program", CONSTRUCTOR), ("partners", "partner", other.organisation.uuid)
            ),
            organisation=home,
        )
    )
    assert report[CONSTRUCTOR]["reason"] == "Принадлежит другой организации: не удалено."
    assert report[str(other.organisation.uuid)]["reason"] == "Импорт в организацию не удаляет организаций."
    assert (
        Program.objects.filter(pk=other.pk).exists()
        and Organisation.objects.filter(pk=other.organisation_id).exists()
    )


def test_an_incremental_package_finds_what_an_earlier_one_brought(home):
    run(organisation=home)
    group = (
        "<groups><group><uuid>6f1c2d3e-0000-4000-8000-000000000406</uuid><isDeleted>false</isDeleted>"
        f"<programUuid>{CONSTRUCTOR}</programUuid><name>Конструкторы-3</name><ageFrom>8</ageFrom>"
        "<ageTo>10</ageTo><size>10</size><dateBegin>2026-09-01</dateBegin>"
        "<dataTeachers>Иванова А. П.</dataTeachers></group></groups>"
    )
    content = f'<package datasource="d" created="2" kind="incremental"><objects>{group}</objects></package>'
    (entry,) = run(content.encode(), organisation=home).report
    assert entry["outcome"] == "created" and entry["notes"] == []  # the club, teacher and venue found
    created = Group.objects.get(uuid="6f1c2d3e-0000-4000-8000-000000000406")
    assert created.teacher == Group.objects.get(uuid=GROUP_1).teacher


def test_a_broken_database_rule_is_the_objects_reason_in_its_words(home):
    content = (
        package("quirks.xml")
        .replace(b"<ageFrom>7.0</ageFrom>", b"<ageFrom>12</ageFrom>")
        .replace("Футбол, младшие".encode(), "Конструкторы-1".encode())
        .replace(FOOTBALL.encode() + b"</programUuid>", CONSTRUCTOR.encode() + b"</programUuid>")
    )
    report = entries(run(content, organisation=home))
    assert report[GROUP_1]["reason"] == "Верхняя граница возраста не может быть меньше нижней."
    assert report[GROUP_2]["outcome"] == "created"
    # now Конструкторы-1 is right, but the other group already has its name in the club and year
    report = entries(run(organisation=home))
    assert (
        report[GROUP_1]["reason"]
        == "В этом объединении уже есть группа с таким названием в этом учебном году."
    )
    assert not Group.objects.filter(uuid=GROUP_1).exists()
    moved = Group.objects.get(uuid=GROUP_2)  # back in its own program, and in that program's club
    assert (moved.name, str(moved.program.uuid), moved.club.name) == (
        "Футбол, младшие",
        FOOTBALL,
        "Мини-футбол",
    )


def test_a_program_sent_without_its_groups_keeps_its_hours(home):
    run(organisation=home)
    start = package("quirks.xml").index(b"<programs>")
    end = package("quirks.xml").index(b"</programs>") + len(b"</programs>")
    programs_only = (
        b'<package datasource="d" created="2"><objects>'
        + package("quirks.xml")[start:end]
        + b"</objects></package>"
    )
    report = entries(run(programs_only, organisation=home))
    assert report[CONSTRUCTOR]["outcome"] == "unchanged"
    assert Program.objects.get(uuid=CONSTRUCTOR).hours_per_year == 72
