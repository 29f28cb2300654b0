"""The full federal package: its shape, the values written the package's way, what is in it."""

import io

import pytest
from django.utils import timezone
from lxml import etree

from centre.models import Installation
from programs.exchange import codes
from programs.exchange import export as export_module
from programs.exchange.export import package_chunks, write_package
from programs.models import Program
from tests.programs.exchange.export_world import build_world, objects, parse, uuids

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def export(**kwargs) -> bytes:
    out = io.BytesIO()
    write_package(out, **kwargs)
    return out.getvalue()


def test_the_package_is_well_formed_utf8_with_its_head(world):
    data = export()
    assert data.startswith(b'<?xml version="1.0" encoding="UTF-8"?>')
    root = parse(data)
    assert root.tag == "package"
    assert root.get("datasource") == str(Installation.current().uuid)
    assert root.get("kind") == "full"
    assert root.get("since") is None
    assert int(root.get("created")) > 0
    assert [child.tag for child in root] == ["dictionaries", "objects"]
    assert [child.tag for child in root.find("objects")] == [
        "partners",
        "programDirections",
        "programs",
        "groups",
        "schedules",
    ]
    assert "Робототехника &amp; &lt;ИИ&gt;".encode() in data


def test_every_dictionary_is_written_with_every_item(world):
    root = parse(export())
    dictionaries = root.find("dictionaries")
    assert [element.tag for element in dictionaries] == [d.name for d in codes.DICTIONARIES]
    for dictionary in codes.DICTIONARIES:
        written = [
            (item.findtext("code"), item.findtext("name")) for item in dictionaries.find(dictionary.name)
        ]
        assert written == [(item.code, item.name) for item in dictionary.items]


def test_published_programs_of_current_and_later_years_are_exported(world):
    root = parse(export())
    assert uuids(root, "programs") == {
        str(world.program.uuid),
        str(world.sub_program.uuid),
        str(world.other_program.uuid),
    }
    groups = uuids(root, "groups")
    assert {str(world.free.uuid), str(world.paid.uuid), str(world.certificate.uuid)} <= groups
    assert str(world.past.uuid) not in groups
    assert not any(str(g.uuid) in groups for g in world.draft.groups.all())
    assert len(groups) == 5
    assert uuids(root, "partners") == {
        str(world.centre.uuid),
        str(world.subdivision.uuid),
        str(world.other.uuid),
    }
    assert uuids(root, "programDirections") == {str(world.profile.uuid)}
    slots = uuids(root, "schedules")
    assert slots == {str(slot.uuid) for slot in (*world.free.slots.all(), *world.paid.slots.all())}


def test_every_object_has_the_five_common_fields(world):
    root = parse(export())
    datasource = root.get("datasource")
    for section in root.find("objects"):
        for element in section:
            assert [child.tag for child in element][:5] == [
                "uuid",
                "localId",
                "datasource",
                "lastmodifiedTs",
                "isDeleted",
            ]
            assert element.findtext("datasource") == datasource
            assert element.findtext("isDeleted") == "false"
            assert element.findtext("lastmodifiedTs").isdigit()


def test_every_reference_resolves_and_every_code_is_in_its_dictionary(world):
    root = parse(export())
    partners, programs = uuids(root, "partners"), uuids(root, "programs")
    groups, directions = uuids(root, "groups"), uuids(root, "programDirections")
    for element in objects(root, "programs").values():
        assert element.findtext("partnerUuid") in partners
        assert (element.findtext("directionUuid") or None) in directions | {None}
    for element in objects(root, "groups").values():
        assert element.findtext("programUuid") in programs
    for element in objects(root, "schedules").values():
        assert element.findtext("groupUuid") in groups
    listed = {d.tag: {item.findtext("code") for item in d} for d in root.find("dictionaries")}
    where = {
        ("partners", "typeOrg"): "PartnerTypes",
        ("partners", "departmentCode"): "Departments",
        ("programs", "levelSet/item"): "ProgramLevels",
        ("programs", "ovzTypes/item"): "OvzTypes",
        ("programs", "programRegistries/item"): "ProgramRegistries",
        ("programs", "programType"): "ProgramTypes",
        ("programs", "state"): "ProgramStates",
        ("programs", "focusCode"): "ProgramFocuses",
        ("programDirections", "focusCode"): "ProgramFocuses",
        ("groups", "financingSources/financingSource/source"): "FinancialSources",
    }
    for (section, path), dictionary in where.items():
        for element in objects(root, section).values():
            for found in element.findall(path):
                assert found.text in listed[dictionary], (section, path, found.text)


def test_a_program_written_the_package_s_way(world):
    program = objects(parse(export()), "programs")[str(world.program.uuid)]
    value = program.findtext
    assert value("localId") == str(world.program.pk)
    assert value("partnerUuid") == str(world.centre.uuid)
    assert value("name") == value("fullName") == "Робототехника & <ИИ>"
    assert value("technicalBase") == "Наборы LEGO"
    assert value("duration") == "9" and value("durationunit") == "month"
    assert (value("minPersons"), value("maxPersons")) == ("6", "14")
    assert (value("minAge"), value("maxAge")) == ("7.0", "17.0")
    assert [item.text for item in program.find("levelSet")] == ["initial", "basic"]
    assert value("ovz") == value("invalidAdapted") == "true"
    assert [item.text for item in program.find("ovzTypes")] == ["hearing_impairment", "authism"]
    assert [item.text for item in program.find("programRegistries")] == ["certified", "paid"]
    assert value("certificateRequired") == "true"
    assert value("programType") == "general" and value("state") == "published"
    assert value("focusCode") == "tekhnicheskoe"
    assert value("directionUuid") == str(world.profile.uuid)
    assert value("dateCreate") == timezone.localtime(world.program.created_at).date().isoformat()
    assert value("dateChanged") == timezone.localtime(world.program.updated_at).date().isoformat()
    assert value("lastmodifiedTs") == str(int(world.program.updated_at.timestamp()))


def test_a_program_without_paid_or_certificate_groups_is_in_the_other_registry(world):
    program = objects(parse(export()), "programs")[str(world.other_program.uuid)]
    assert [item.text for item in program.find("programRegistries")] == ["other"]
    assert program.find("ovzTypes") is not None and len(program.find("ovzTypes")) == 0
    assert program.findtext("ovz") == "false"
    assert program.find("directionUuid").text is None


def test_groups_and_their_lessons_written_the_package_s_way(world):
    root = parse(export())
    groups = objects(root, "groups")
    free, paid = groups[str(world.free.uuid)], groups[str(world.paid.uuid)]
    year = world.free.academic_year
    assert free.findtext("programUuid") == str(world.program.uuid)
    assert (free.findtext("ageFrom"), free.findtext("ageTo")) == ("7.0", "10.0")
    assert (free.findtext("sizeMin"), free.findtext("size")) == ("6", "12")
    assert (free.findtext("dateBegin"), free.findtext("dateEnd")) == (
        year.start.isoformat(),
        year.end.isoformat(),
    )
    assert free.findtext("isPfdod") == "false" and free.findtext("isLocked") == "false"
    assert free.find("orderFrom").text is None and len(free.find("orderFrom")) == 0
    assert free.findtext("hoursYear") == "144"
    assert free.findtext("dataTeachers") == "Иванова А. П."
    assert free.findtext("financingSources/financingSource/source") == "budget"
    assert free.findtext("financingSources/financingSource/cost") == "0.00"
    assert paid.findtext("financingSources/financingSource/source") == "paid"
    assert paid.findtext("financingSources/financingSource/cost") == "1500.00"
    assert paid.findtext("orderFrom") == world.paid.enrol_from.isoformat()
    certificate = groups[str(world.certificate.uuid)]
    assert certificate.findtext("isPfdod") == "true"
    assert certificate.findtext("financingSources/financingSource/source") == "pfdod_certificate"
    lessons = [
        e for e in objects(root, "schedules").values() if e.findtext("groupUuid") == str(world.free.uuid)
    ]
    by_day = {e.findtext("weekDays/item"): e for e in lessons}
    assert set(by_day) == {"mon", "wed"}
    monday, wednesday = by_day["mon"], by_day["wed"]
    assert (monday.findtext("timeStart"), monday.findtext("timeEnd")) == ("15:00", "16:30")
    assert monday.findtext("durationLength") == "90" and monday.findtext("duration") == "1"
    assert (wednesday.findtext("timeStart"), wednesday.findtext("durationLength")) == ("09:00", "45")
    assert monday.findtext("periodFrom") == year.start.isoformat()
    assert monday.find("breaks").text is None


def test_a_partner_written_the_package_s_way(world):
    partners = objects(parse(export()), "partners")
    centre = partners[str(world.centre.uuid)]
    assert centre.findtext("publicName") == "Центр «Исток»"
    assert centre.findtext("shortName") == "Исток"
    assert centre.findtext("typeOrg") == "additional"
    assert centre.findtext("departmentCode") == "educations"
    assert centre.findtext("address") == centre.findtext("actualAddress") == "г. Омск, ул. Ленина, 1"
    assert centre.findtext("site") == "https://istok.example.org"
    assert centre.findtext("ogrn") == "1025500000001"
    assert partners[str(world.other.uuid)].findtext("typeOrg") == "general"
    assert partners[str(world.other.uuid)].find("site").text is None


def test_one_organisation_and_its_subdivisions(world):
    root = parse(export(organisation_ids=[world.centre.pk, world.subdivision.pk]))
    assert uuids(root, "programs") == {str(world.program.uuid), str(world.sub_program.uuid)}
    assert uuids(root, "partners") == {str(world.centre.uuid), str(world.subdivision.uuid)}
    assert str(world.other_program.uuid) not in root.getroottree().getroot().xpath("string(.)")


def test_an_empty_catalogue_still_writes_every_list():
    root = parse(export())
    assert [len(section) for section in root.find("objects")] == [0, 0, 0, 0, 0]


def test_the_stream_comes_in_pieces_that_make_the_same_package(world, monkeypatch):
    monkeypatch.setattr(export_module, "PIECE_BYTES", 2000)
    monkeypatch.setattr(export_module, "FLUSH_EVERY", 1)
    pieces = list(package_chunks())
    assert len(pieces) > 3
    assert all(pieces)
    streamed, written = parse(b"".join(pieces)), parse(export())
    for section in ("partners", "programDirections", "programs", "groups", "schedules"):
        assert {uuid: etree.tostring(element) for uuid, element in objects(streamed, section).items()} == {
            uuid: etree.tostring(element) for uuid, element in objects(written, section).items()
        }


def test_texts_xml_cannot_carry_are_cleaned(world):
    Program.objects.filter(pk=world.program.pk).update(description="Строка\x0bс\x08управляющими\x1fзнаками")
    program = objects(parse(export()), "programs")[str(world.program.uuid)]
    assert program.findtext("detailDescription") == "Строкасуправляющимизнаками"


def test_a_stream_closed_halfway_leaves_the_database_usable(world, monkeypatch):
    """A navigator that hangs up: the response closes the generator mid-package."""
    monkeypatch.setattr(export_module, "PIECE_BYTES", 500)
    monkeypatch.setattr(export_module, "FLUSH_EVERY", 1)
    pieces = package_chunks()
    assert next(pieces).startswith(b"<?xml")
    next(pieces)
    pieces.close()
    assert Program.objects.filter(pk=world.program.pk).exists()
    assert parse(export()).get("kind") == "full"


def test_teachers_and_lesson_lengths_are_named_the_portal_s_one_way(world):
    """dataTeachers is Person.short_name and durationLength ScheduleSlot.duration_minutes,
    through the shared helpers (no copy of their own)."""
    from centre.dates import minutes_between
    from centre.models.people import short_name_of

    assert export_module.short_name_of is short_name_of
    assert export_module.minutes_between is minutes_between
    assert not hasattr(export_module, "short_name")
    root = parse(export())
    free = objects(root, "groups")[str(world.free.uuid)]
    assert free.findtext("dataTeachers") == world.free.teacher.short_name
    for slot in world.free.slots.all():
        lesson = objects(root, "schedules")[str(slot.uuid)]
        assert lesson.findtext("durationLength") == str(slot.duration_minutes)


def test_the_exported_years_are_the_portal_s_current_and_later(world, monkeypatch):
    """The groups' years come from AcademicYear.objects.current_and_later(), the one place."""
    from centre.models import AcademicYear
    from centre.models.years import AcademicYearQuerySet

    past_year = world.past.academic_year_id
    monkeypatch.setattr(
        AcademicYearQuerySet,
        "current_and_later",
        lambda self: AcademicYear.objects.filter(pk=past_year).values("pk"),
    )
    assert uuids(parse(export()), "groups") == {str(world.past.uuid)}
