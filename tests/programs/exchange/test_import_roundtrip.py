"""The round trip: our export, imported into a portal without those records, exported again,
gives the same objects — every uuid, every field the package carries — save our own record
keeping (localId, lastmodifiedTs, and the dates the copies were made and changed)."""

import io

import pytest
from django.utils import translation
from lxml import etree

from centre.models import Organisation, Person, Room, Venue
from programs.exchange.export import write_package
from programs.exchange.importing import import_package
from programs.models import Club, Group, Profile, Program, ScheduleSlot, Tombstone
from tests.programs.exchange.export_world import build_world

pytestmark = pytest.mark.django_db

LISTS = ("partners", "programDirections", "programs", "groups", "schedules")
# what is ours, not the record's: the sender's keys and change times
OWN = {"localId", "lastmodifiedTs", "dateCreate", "dateChanged"}


def export() -> bytes:
    out = io.BytesIO()
    write_package(out)
    return out.getvalue()


def package_objects(content: bytes) -> dict:
    """Each list's objects by uuid, each object its fields as written (children kept as XML)."""
    root = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    found = {}
    for name in LISTS:
        found[name] = {
            element.findtext("uuid"): {
                child.tag: etree.tostring(child, encoding="unicode").strip()
                for child in element
                if child.tag not in OWN
            }
            for element in root.find("objects").find(name)
        }
    return found


def empty_the_portal():
    """Every record the package carries goes (the academic years and directions stay, as on
    any installation)."""
    ScheduleSlot.objects.all().delete()
    Group.objects.all().delete()
    Club.objects.all().delete()
    Program.objects.all().delete()
    Room.objects.all().delete()
    Venue.objects.all().delete()
    Person.objects.all().delete()
    Organisation.objects.filter(parent__isnull=False).delete()
    Organisation.objects.all().delete()
    Profile.objects.filter(name="Робототехника").delete()


def test_export_import_into_an_empty_portal_export_again_gives_the_same_objects():
    build_world()
    first = export()
    before = package_objects(first)
    assert all(before[name] for name in LISTS)  # the world has something of each kind
    empty_the_portal()
    assert not Organisation.objects.exists() and not Program.objects.exists()

    with translation.override("ru"):
        result = import_package(first)
    assert result.totals["skipped"] == 0, [entry for entry in result.report if entry["outcome"] == "skipped"]
    # imported programs are drafts: the director publishes them (here, all at once)
    assert set(Program.objects.values_list("status", flat=True)) == {"draft"}
    Program.objects.update(status=Program.Status.PUBLISHED)
    after = package_objects(export())

    for name in LISTS:
        assert after[name].keys() == before[name].keys(), name
        for uuid, fields in before[name].items():
            assert after[name][uuid] == fields, (name, uuid)
    # the records came back under their own uuids: their tombstones are gone
    assert not Tombstone.objects.filter(uuid__in=list(before["programs"]) + list(before["groups"])).exists()

    # and the same package once more changes nothing
    with translation.override("ru"):
        again = import_package(first)
    assert {entry["outcome"] for entry in again.report} == {"unchanged"}
