"""The core's generated records: a Kazakh education authority and the organisations of its
territory (centres, culture and sport, schools; seed004.py) with a venue each, their
calendars, the territory's schoolchildren, the academic years; and, at the areas' request,
the teachers with a room each (generate_staff) and the children (people.py)."""

import datetime
from dataclasses import dataclass

from centre.countries import Country
from centre.demo import ensure_academic_years
from centre.generate.generator import Generator, table_row
from centre.generate.names import CITIES, DISTRICTS, STREETS
from centre.models import CalendarDay, Organisation, Person, Room, TerritoryPupils, Venue

KZ = Country.KAZAKHSTAN.value
# Kazakhstan's public holidays within an academic year that begins in September: (month, day, note)
HOLIDAYS = [
    (10, 25, "День Республики"),
    (12, 16, "День Независимости"),
    (1, 1, "Новый год"),
    (1, 2, "Новый год"),
    (1, 7, "Рождество Христово"),
    (3, 8, "Международный женский день"),
    *((3, day, "Наурыз мейрамы") for day in (21, 22, 23)),
    (5, 1, "Праздник единства народа Казахстана"),
    (5, 7, "День защитника Отечества"),
    (5, 9, "День Победы"),
]
# every seventh organisation also cancelled a day of lessons (a quarantine): the second
# Wednesday of October
CANCELLED_EVERY = 7
GENERATED = "масштабные данные"  # in every generated organisation's name: invented, not real


@dataclass(frozen=True)
class Territory:
    """The generated organisations by kind, as index ranges into gen.data["organisations"]
    (stations, houses, culture and sport, schools, in that order)."""

    stations: range
    houses: range
    culture_sport: range
    schools: range

    @property
    def centres(self) -> range:
        return range(self.stations.start, self.houses.stop)


def generate_core(gen: Generator) -> None:
    """The authority, its territory's organisations with a venue each, their calendars, the
    territory's schoolchildren and the academic years."""
    gen.data["year"] = ensure_academic_years()["current"]
    gen.data["authority"] = _authority(gen)
    gen.data["territory"], gen.data["organisations"] = _organisations(gen)
    gen.data["venues"] = _venues(gen, gen.data["organisations"])
    gen.data["days_off"] = _calendar(gen, gen.data["organisations"])
    _pupils(gen)


def _authority(gen: Generator) -> int:
    first = gen.reserve(Organisation, 1)
    Row = table_row(Organisation)
    nation = gen.scale.name == "nation"
    name = "Министерство образования и науки Республики Казахстан" if nation else "Управление образования"
    gen.copy(
        Organisation,
        [
            Row(
                id=first,
                name=f"{name} ({GENERATED})",
                short_name="МОН РК" if nation else "УО",
                kind=Organisation.Kind.AUTHORITY,
                parent_id=None,
                authority_id=None,
                country=KZ,
                address="г. Астана",
                phone="",
                email="",
                website="",
                ogrn="",
            )
        ],
        label="education authority",
    )
    return first


def organisation_names(territory: Territory, index: int) -> tuple[str, str, str]:
    """The index-th generated organisation's full and short name and its kind."""
    for part, full, short, kind in (
        (territory.stations, "Станция юных техников", "СЮТ", Organisation.Kind.CENTRE),
        (territory.houses, "Дом школьников", "ДШ", Organisation.Kind.CENTRE),
        (territory.schools, "Школа-гимназия", "ШГ", Organisation.Kind.SCHOOL),
    ):
        if index in part:
            n = index - part.start + 1
            return f"{full} № {n} ({GENERATED})", f"{short} № {n}", kind
    n = index - territory.culture_sport.start + 1
    if n % 2:
        return f"Детская школа искусств № {n} ({GENERATED})", f"ДШИ № {n}", Organisation.Kind.CULTURE_SPORT
    return (
        f"Детско-юношеская спортивная школа № {n} ({GENERATED})",
        f"ДЮСШ № {n}",
        Organisation.Kind.CULTURE_SPORT,
    )


def _organisations(gen: Generator) -> tuple[Territory, range]:
    f = gen.scale.figures
    bounds = [0]
    for count in (f.stations, f.houses, f.culture_sport, f.schools):
        bounds.append(bounds[-1] + count)
    territory = Territory(*(range(a, b) for a, b in zip(bounds, bounds[1:], strict=False)))
    count = bounds[-1]
    first = gen.reserve(Organisation, count)
    Row = table_row(Organisation)

    def rows():
        for i in range(count):
            name, short_name, kind = organisation_names(territory, i)
            yield Row(
                id=first + i,
                name=name,
                short_name=short_name,
                kind=kind,
                parent_id=None,
                authority_id=gen.data["authority"],
                country=KZ,
                address=f"г. {CITIES[i % len(CITIES)]}",
                phone="",
                email="",
                website="",
                ogrn="",
            )

    gen.copy(Organisation, rows(), label="organisations")
    return territory, range(first, first + count)


def _venues(gen: Generator, organisations: range) -> range:
    """One venue an organisation; a school's is a school's building (its clubs are clubs at schools)."""
    territory = gen.data["territory"]
    first = gen.reserve(Venue, len(organisations))
    Row = table_row(Venue)
    gen.copy(
        Venue,
        (
            Row(
                id=first + i,
                organisation_id=organisation,
                name=f"Здание: {organisation_names(territory, i)[1]}",
                address=f"г. {CITIES[i % len(CITIES)]}, {STREETS[i % len(STREETS)]}, {i % 90 + 1}",
                district=DISTRICTS[i % len(DISTRICTS)],
                at_school=i in territory.schools,
            )
            for i, organisation in enumerate(organisations)
        ),
        label="venues",
    )
    return range(first, first + len(organisations))


def _pupils(gen: Generator) -> None:
    """The territory's schoolchildren this year (the authority would enter them)."""
    first = gen.reserve(TerritoryPupils, 1)
    Row = table_row(TerritoryPupils)
    gen.copy(
        TerritoryPupils,
        [
            Row(
                id=first,
                authority_id=gen.data["authority"],
                academic_year_id=gen.data["year"].pk,
                pupils=gen.scale.figures.pupils,
                entered_by_id=None,
                entered_at=gen.now,
            )
        ],
        label="schoolchildren of the territory",
    )


def generate_staff(gen: Generator, teachers: list[int]) -> tuple[range, range]:
    """Teachers, the n-th of the organisation of index teachers[n], and a room for each at
    their organisation's venue (a teacher's groups meet there at distinct times). Returns
    the teachers' ids and the rooms' (the n-th room is the n-th teacher's)."""
    organisations, venues = gen.data["organisations"], gen.data["venues"]
    first = gen.reserve(Person, len(teachers))
    Row = table_row(Person)

    def rows():
        for i, index in enumerate(teachers):
            surname, name, patronymic = gen.person_name()
            yield Row(
                id=first + i,
                surname=surname,
                name=name,
                patronymic=patronymic,
                user_id=None,
                position="Педагог дополнительного образования",
                organisation_id=organisations[index],
                email="",
                phone="",
                is_active=True,
                daily_digest=False,
            )

    gen.copy(Person, rows(), label="teachers")
    first_room = gen.reserve(Room, len(teachers))
    RoomRow = table_row(Room)
    gen.copy(
        Room,
        (
            RoomRow(id=first_room + i, venue_id=venues[index], name=f"Каб. {i + 1}", capacity=30)
            for i, index in enumerate(teachers)
        ),
        label="rooms",
    )
    return range(first, first + len(teachers)), range(first_room, first_room + len(teachers))


def holidays(year) -> list[tuple[datetime.date, str]]:
    """The public holidays within an academic year (HOLIDAYS dated)."""
    first = year.start.year
    return [
        (datetime.date(first if month >= 9 else first + 1, month, day), note) for month, day, note in HOLIDAYS
    ]


def cancelled_day(year) -> datetime.date:
    """The day of lessons cancelled by every CANCELLED_EVERY-th organisation: the second
    Wednesday of the year's October."""
    first = datetime.date(year.start.year, 10, 1)
    return first + datetime.timedelta(days=(2 - first.weekday()) % 7 + 7)


def _calendar(gen: Generator, organisations: range) -> dict[int, set[datetime.date]]:
    """Every organisation's academic calendar: the public holidays, and for one in
    CANCELLED_EVERY a day of lessons cancelled. Returns each organisation's days off."""
    year = gen.data["year"]
    days = holidays(year)
    cancelled = cancelled_day(year)
    plan = []
    for i, organisation in enumerate(organisations):
        plan += [(organisation, date, CalendarDay.Kind.HOLIDAY, note) for date, note in days]
        if i % CANCELLED_EVERY == 0:
            plan.append((organisation, cancelled, CalendarDay.Kind.CANCELLED, "Карантин"))
    first = gen.reserve(CalendarDay, len(plan))
    Row = table_row(CalendarDay)
    gen.copy(
        CalendarDay,
        (
            Row(id=first + i, organisation_id=organisation, date=date, kind=kind, note=note)
            for i, (organisation, date, kind, note) in enumerate(plan)
        ),
        label="calendar days",
    )
    common = {date for date, _note in days}
    return {
        organisation: common | ({cancelled} if i % CANCELLED_EVERY == 0 else set())
        for i, organisation in enumerate(organisations)
    }
