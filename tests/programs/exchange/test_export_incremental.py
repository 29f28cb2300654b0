"""The incremental package: what changed since a time, what hangs from it, and tombstones of
what was deleted or withdrawn (unpublished) since then."""

import datetime
import io

import pytest
from django.db import connection
from django.utils import timezone

from programs.exchange.export import write_package
from programs.models import Group, Program, ScheduleSlot, Tombstone
from tests.programs.exchange.export_world import build_world, objects, parse, uuids

pytestmark = pytest.mark.django_db

TABLES = (
    "centre_organisation",
    "programs_profile",
    "programs_program",
    "programs_group",
    "programs_scheduleslot",
)


@pytest.fixture
def world():
    world = build_world()
    # every record was last changed two days ago; the receiver has had everything since then
    # (the triggers keeping updated_at are off for this: they refuse a change of it alone)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending checks: ALTER TABLE refuses them
        for table in TABLES:
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
            cursor.execute(f"UPDATE {table} SET updated_at = now() - interval '2 days'")
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("DELETE FROM programs_tombstone")
    return world


@pytest.fixture
def since():
    return timezone.now() - datetime.timedelta(days=1)


def export(**kwargs):
    out = io.BytesIO()
    write_package(out, **kwargs)
    return parse(out.getvalue())


def all_uuids(root) -> set[str]:
    return {uuid for section in root.find("objects") for uuid in uuids(root, section.tag)}


def test_nothing_changed_gives_empty_lists_and_says_since_when(world, since):
    root = export(since=since)
    assert root.get("kind") == "incremental"
    assert root.get("since") == str(int(since.timestamp()))
    assert [len(section) for section in root.find("objects")] == [0, 0, 0, 0, 0]
    assert len(root.find("dictionaries")) == 9


def test_a_changed_lesson_brings_what_it_hangs_from(world, since):
    slot = world.free.slots.get(weekday=1)
    ScheduleSlot.objects.filter(pk=slot.pk).update(ends=datetime.time(17))
    root = export(since=since)
    assert uuids(root, "schedules") == {str(slot.uuid)}
    assert uuids(root, "groups") == {str(world.free.uuid)}
    assert uuids(root, "programs") == {str(world.program.uuid)}
    assert uuids(root, "partners") == {str(world.centre.uuid)}
    assert uuids(root, "programDirections") == {str(world.profile.uuid)}
    assert objects(root, "schedules")[str(slot.uuid)].findtext("timeEnd") == "17:00"


def test_a_changed_program_brings_its_groups_and_lessons(world, since):
    Program.objects.filter(pk=world.other_program.pk).update(title="Шахматы и шашки")
    root = export(since=since)
    assert uuids(root, "programs") == {str(world.other_program.uuid)}
    assert uuids(root, "groups") == {str(g.uuid) for g in world.other_program.groups.all()}
    assert uuids(root, "partners") == {str(world.other.uuid)}
    assert uuids(root, "programDirections") == set()


def test_a_program_published_since_brings_its_groups(world, since):
    world.draft.status = Program.Status.PUBLISHED
    world.draft.save()
    root = export(since=since)
    assert uuids(root, "programs") == {str(world.draft.uuid)}
    assert uuids(root, "groups") == {str(g.uuid) for g in world.draft.groups.all()}
    assert uuids(root, "groups", deleted=True) == set()


def test_an_unpublished_program_leaves_tombstones_for_it_its_groups_and_lessons(world, since):
    Program.objects.filter(pk=world.program.pk).update(status=Program.Status.ARCHIVED)
    root = export(since=since)
    exported_groups = {world.free, world.paid, world.certificate}
    assert uuids(root, "programs", deleted=True) == {str(world.program.uuid)}
    assert uuids(root, "groups", deleted=True) == {str(g.uuid) for g in exported_groups}
    assert uuids(root, "schedules", deleted=True) == {
        str(slot.uuid) for g in exported_groups for slot in g.slots.all()
    }
    assert str(world.past.uuid) not in all_uuids(root)
    assert uuids(root, "programs", deleted=False) == set()
    tombstone = objects(root, "programs")[str(world.program.uuid)]
    assert [child.tag for child in tombstone] == [
        "uuid",
        "localId",
        "datasource",
        "lastmodifiedTs",
        "isDeleted",
    ]
    assert tombstone.findtext("isDeleted") == "true"
    assert tombstone.findtext("localId") == str(world.program.pk)


def test_an_unpublished_program_is_not_in_a_later_package(world, since):
    Program.objects.filter(pk=world.program.pk).update(status=Program.Status.ARCHIVED)
    later = timezone.now() + datetime.timedelta(seconds=1)
    assert all_uuids(export(since=later)) == set()


def test_deleted_records_leave_tombstones_of_their_organisation_only(world, since):
    slot = world.paid.slots.get()
    slot_uuid, slot_pk = str(slot.uuid), slot.pk
    slot.delete()
    other_group = world.other_program.groups.get()
    other_uuid = str(other_group.uuid)
    other_group.delete()
    root = export(since=since)
    tombstone = objects(root, "schedules")[slot_uuid]
    assert tombstone.findtext("isDeleted") == "true" and tombstone.findtext("localId") == str(slot_pk)
    assert uuids(root, "groups", deleted=True) == {other_uuid}
    # the receiver had the paid group already: its lesson's deletion changed no row of it
    assert uuids(root, "groups", deleted=False) == set()

    mine = export(since=since, organisation_ids=[world.centre.pk, world.subdivision.pk])
    assert uuids(mine, "schedules", deleted=True) == {slot_uuid}
    assert uuids(mine, "groups") == set()
    theirs = export(since=since, organisation_ids=[world.other.pk])
    assert all_uuids(theirs) == {other_uuid}


def test_a_tombstone_older_than_since_is_not_sent(world, since):
    slot = world.paid.slots.get()
    slot.delete()
    Tombstone.objects.filter(uuid=slot.uuid).update(deleted_at=since - datetime.timedelta(hours=1))
    assert all_uuids(export(since=since)) == set()


def test_a_deleted_profile_is_everyone_s(world, since):
    from programs.models import Profile

    profile = Profile.objects.create(direction=world.profile.direction, name="Беспилотники")
    profile_uuid = str(profile.uuid)
    profile.delete()
    root = export(since=since, organisation_ids=[world.other.pk])
    assert uuids(root, "programDirections", deleted=True) == {profile_uuid}


def test_every_reference_of_an_incremental_package_resolves_in_it(world, since):
    ScheduleSlot.objects.filter(group=world.paid).update(ends=datetime.time(11, 30))
    Group.objects.filter(pk=world.certificate.pk).update(places=20)
    Program.objects.filter(pk=world.sub_program.pk).update(goals="Новые цели")
    root = export(since=since)
    partners, programs = uuids(root, "partners"), uuids(root, "programs")
    groups, directions = uuids(root, "groups"), uuids(root, "programDirections")
    assert groups and programs and partners
    for element in objects(root, "programs").values():
        assert element.findtext("partnerUuid") in partners
        assert (element.findtext("directionUuid") or None) in directions | {None}
    for element in objects(root, "groups").values():
        assert element.findtext("programUuid") in programs
    for element in objects(root, "schedules").values():
        assert element.findtext("groupUuid") in groups
    assert str(world.other_program.uuid) not in programs
