"""What the exchange keeps of every exported record by itself: a uuid never derived from the
pk, the time of the last real change (a trigger, so a queryset update() counts too), and a
tombstone when the row is deleted, whatever deleted it (migrations centre 0010, programs 0016)."""

import datetime

import pytest
from django.db import connection
from django.db.models import F

from centre.models import Installation, Organisation
from programs.models import Group, Program, ScheduleSlot, Tombstone
from tests.programs.factories import GroupFactory, ScheduleSlotFactory

pytestmark = pytest.mark.django_db


def _age_rows(table: str, pk: int) -> None:
    """Set a row's change time a day back, so that a change made now shows."""
    with connection.cursor() as cursor:
        # the trigger ignores a change of updated_at alone
        cursor.execute(f"UPDATE {table} SET updated_at = now() - interval '1 day' WHERE id = %s", [pk])


@pytest.fixture
def slot():
    return ScheduleSlotFactory(weekday=2, starts=datetime.time(15), ends=datetime.time(16))


def test_every_record_gets_its_own_uuid_which_saving_keeps(slot):
    group = slot.group
    other = GroupFactory()
    assert group.uuid != other.uuid
    before = group.uuid
    group.name = "Группа Б"
    group.save()
    group.refresh_from_db()
    assert group.uuid == before
    assert {group.program.uuid, group.club.organisation.uuid, slot.uuid}.isdisjoint({None})


def test_a_queryset_update_of_a_real_field_moves_the_change_time(slot):
    group = slot.group
    _age_rows("programs_group", group.pk)
    aged = Group.objects.get(pk=group.pk).updated_at
    Group.objects.filter(pk=group.pk).update(places=F("places") + 1)
    assert Group.objects.get(pk=group.pk).updated_at > aged


def test_the_counters_and_a_no_op_leave_the_change_time(slot):
    group = slot.group
    _age_rows("programs_group", group.pk)
    aged = Group.objects.get(pk=group.pk).updated_at
    Group.objects.filter(pk=group.pk).update(enrolled_count=F("enrolled_count") + 1)
    Group.objects.filter(pk=group.pk).update(name=F("name"))
    assert Group.objects.get(pk=group.pk).updated_at == aged


def test_a_save_that_changes_nothing_keeps_the_change_time(slot):
    """auto_now sends a new updated_at with every save(); the trigger keeps the old one when
    nothing else changed (a form saved as it was is no change for a navigator)."""
    group = slot.group
    _age_rows("programs_group", group.pk)
    _age_rows("programs_program", group.program_id)
    aged = Group.objects.get(pk=group.pk).updated_at
    Group.objects.get(pk=group.pk).save()
    program = Program.objects.get(pk=group.program_id)
    program_aged = program.updated_at
    program.save()
    assert Group.objects.get(pk=group.pk).updated_at == aged
    assert Program.objects.get(pk=group.program_id).updated_at == program_aged
    changed = Group.objects.get(pk=group.pk)
    changed.places += 1
    changed.save()
    assert Group.objects.get(pk=group.pk).updated_at > aged


def test_programs_organisations_and_slots_are_tracked_too(slot):
    program, organisation = slot.group.program, slot.group.club.organisation
    for table, pk in (
        ("programs_program", program.pk),
        ("centre_organisation", organisation.pk),
        ("programs_scheduleslot", slot.pk),
    ):
        _age_rows(table, pk)
    aged = {
        "program": Program.objects.get(pk=program.pk).updated_at,
        "organisation": Organisation.objects.get(pk=organisation.pk).updated_at,
        "slot": ScheduleSlot.objects.get(pk=slot.pk).updated_at,
    }
    Program.objects.filter(pk=program.pk).update(title="Новое название")
    Organisation.objects.filter(pk=organisation.pk).update(phone="+7 900 000-00-00")
    ScheduleSlot.objects.filter(pk=slot.pk).update(ends=datetime.time(16, 30))
    assert Program.objects.get(pk=program.pk).updated_at > aged["program"]
    assert Organisation.objects.get(pk=organisation.pk).updated_at > aged["organisation"]
    assert ScheduleSlot.objects.get(pk=slot.pk).updated_at > aged["slot"]


def test_deleting_a_group_leaves_tombstones_of_it_and_its_lessons(slot):
    group = slot.group
    owner, group_id = group.program.organisation_id, group.pk
    slot_uuid = slot.uuid
    group.delete()
    # other tests' committed deletions may have left tombstones: only these two are asked about
    stones = {stone.kind: stone for stone in Tombstone.objects.filter(uuid__in=[group.uuid, slot_uuid])}
    assert set(stones) == {Tombstone.Kind.GROUP, Tombstone.Kind.SCHEDULE}
    assert stones[Tombstone.Kind.GROUP].uuid == group.uuid
    assert stones[Tombstone.Kind.GROUP].local_id == group_id
    assert stones[Tombstone.Kind.SCHEDULE].uuid == slot.uuid
    assert {stone.organisation_id for stone in stones.values()} == {owner}


def test_a_raw_delete_leaves_a_tombstone_as_well(slot):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM programs_scheduleslot WHERE id = %s", [slot.pk])
    stone = Tombstone.objects.get(uuid=slot.uuid)
    assert stone.kind == Tombstone.Kind.SCHEDULE
    assert stone.organisation_id == slot.group.program.organisation_id


def test_the_installation_keeps_one_uuid():
    first = Installation.current().uuid
    assert Installation.current().uuid == first
    assert Installation.objects.count() == 1
