"""A small catalogue to export: two organisations (one with a subdivision), published, draft
and past-year records, every kind of funding. Shared by the export tests (and usable by the
import's round trip)."""

import datetime
from dataclasses import dataclass

from lxml import etree

from centre.models import AcademicYear, Organisation
from programs.models import Group, Profile, Program
from tests.factories import OrganisationFactory, PersonFactory, VenueFactory
from tests.programs.factories import (
    ClubFactory,
    CurrentYearFactory,
    DirectionFactory,
    GroupFactory,
    ProgramFactory,
    ScheduleSlotFactory,
)


@dataclass
class World:
    centre: Organisation
    subdivision: Organisation
    other: Organisation
    profile: Profile
    program: Program  # the centre's, published, adapted, with three exported groups
    sub_program: Program  # the subdivision's, published
    draft: Program  # the centre's, a draft: not exported
    other_program: Program  # the other organisation's, published
    free: Group
    paid: Group
    certificate: Group
    past: Group  # last year's: not exported
    next_year: AcademicYear


def make_group(program, *, year, name, teacher=None, **kwargs):
    organisation = program.organisation
    club = ClubFactory(organisation=organisation)
    venue = VenueFactory(organisation=organisation)
    return GroupFactory(
        program=program,
        club=club,
        venue=venue,
        room__venue=venue,
        academic_year=year,
        name=name,
        teacher=teacher or PersonFactory(organisation=organisation),
        **kwargs,
    )


def build_world() -> World:
    current = CurrentYearFactory()
    start = current.start.year
    past = AcademicYear.objects.create(
        label=f"{start - 1}/{start}", start=datetime.date(start - 1, 9, 1), end=datetime.date(start, 8, 31)
    )
    following = AcademicYear.objects.create(
        label=f"{start + 1}/{start + 2}",
        start=datetime.date(start + 1, 9, 1),
        end=datetime.date(start + 2, 8, 31),
    )
    centre = OrganisationFactory(
        name="Центр «Исток»",
        short_name="Исток",
        ogrn="1025500000001",
        phone="+7 (3812) 20-30-40",
        email="istok@example.org",
        website="https://istok.example.org",
        address="г. Омск, ул. Ленина, 1",
    )
    subdivision = OrganisationFactory(
        name="Технопарк «Исток»", kind=Organisation.Kind.SUBDIVISION, parent=centre
    )
    other = OrganisationFactory(name="Школа № 5", kind=Organisation.Kind.SCHOOL)
    direction = DirectionFactory(slug="technical")
    profile = Profile.objects.get_or_create(direction=direction, name="Робототехника")[0]
    program = ProgramFactory(
        organisation=centre,
        title="Робототехника & <ИИ>",
        profile=profile,
        direction=direction,
        levels=["starter", "basic"],
        is_adapted=True,
        disabilities=["hearing", "autism"],
        equipment="Наборы LEGO",
        group_size_min=6,
        group_size_max=14,
        hours_per_year=144,
    )
    teacher = PersonFactory(organisation=centre, surname="Иванова", name="Анна", patronymic="Петровна")
    free = make_group(program, year=current, name="Группа 1", teacher=teacher, age_min=7, age_max=10)
    ScheduleSlotFactory(group=free, weekday=1, starts=datetime.time(15), ends=datetime.time(16, 30))
    ScheduleSlotFactory(group=free, weekday=3, starts=datetime.time(9), ends=datetime.time(9, 45))
    paid = make_group(
        program,
        year=current,
        name="Группа 2",
        funding=Group.Funding.PAID,
        price=1500,
        enrol_from=datetime.date(start, 8, 1),
        enrol_until=datetime.date(start, 9, 15),
    )
    ScheduleSlotFactory(group=paid, weekday=6, starts=datetime.time(10), ends=datetime.time(11))
    certificate = make_group(program, year=following, name="Группа 3", funding=Group.Funding.CERTIFICATE)
    past_group = make_group(program, year=past, name="Группа прошлого года")
    ScheduleSlotFactory(group=past_group, weekday=2)
    sub_program = ProgramFactory(organisation=subdivision, title="Программирование")
    make_group(sub_program, year=current, name="Группа П")
    draft = ProgramFactory(organisation=centre, title="Черновик", status=Program.Status.DRAFT)
    make_group(draft, year=current, name="Группа Ч")
    other_program = ProgramFactory(organisation=other, title="Шахматы")
    make_group(other_program, year=current, name="Группа Ш")
    return World(
        centre=centre,
        subdivision=subdivision,
        other=other,
        profile=profile,
        program=program,
        sub_program=sub_program,
        draft=draft,
        other_program=other_program,
        free=free,
        paid=paid,
        certificate=certificate,
        past=past_group,
        next_year=following,
    )


def parse(data: bytes):
    """The package's root element (a well-formed document, or lxml raises)."""
    return etree.fromstring(data, parser=etree.XMLParser(resolve_entities=False, no_network=True))


def objects(root, kind: str) -> dict[str, etree._Element]:
    """The objects of one list (partners, programs …) by uuid."""
    return {element.findtext("uuid"): element for element in root.find("objects").find(kind)}


def uuids(root, kind: str, *, deleted: bool | None = None) -> set[str]:
    return {
        uuid
        for uuid, element in objects(root, kind).items()
        if deleted is None or (element.findtext("isDeleted") == "true") == deleted
    }
