"""The core's generated records: organisations with a venue each and rooms, teachers, the
academic years; and the children with a guardian and consents each, for the areas to enrol."""

import datetime

from centre.demo import ensure_academic_years
from centre.generate.generator import Generator, table_row
from centre.generate.names import CITIES, DISTRICTS
from centre.models import (
    CalendarDay,
    Consent,
    Guardian,
    Guardianship,
    Learner,
    Organisation,
    Person,
    Room,
    Venue,
)

# the state holidays of an academic year that begins in September: (month, day, note)
HOLIDAYS = [
    (11, 4, "День народного единства"),
    (12, 31, "Новогодние каникулы"),
    *((1, day, "Новогодние каникулы") for day in range(1, 9)),
    (2, 23, "День защитника Отечества"),
    (3, 8, "Международный женский день"),
    (5, 1, "Праздник Весны и Труда"),
    (5, 9, "День Победы"),
]
# every seventh organisation also cancelled a day of lessons (a quarantine): the second
# Wednesday of October
CANCELLED_EVERY = 7


def generate_core(gen: Generator) -> None:
    """Organisations with a venue each and rooms, staff, and the academic years."""
    gen.data["year"] = ensure_academic_years()["current"]
    gen.data["organisations"] = _organisations(gen)
    gen.data["venues"] = _venues(gen, gen.data["organisations"])
    gen.data["rooms"] = _rooms(gen, gen.data["venues"])
    gen.data["teachers"] = _teachers(gen, gen.data["organisations"])
    gen.data["days_off"] = _calendar(gen, gen.data["organisations"])


def _organisations(gen: Generator) -> range:
    count = gen.scale.organisations
    first = gen.reserve(Organisation, count)
    Row = table_row(Organisation)
    gen.copy(
        Organisation,
        (
            Row(
                id=first + i,
                name=f"Центр дополнительного образования № {i + 1} (масштабные данные)",
                short_name=f"ЦДО № {i + 1}",
                kind=Organisation.Kind.CENTRE,
                parent_id=None,
                authority_id=None,
                address=f"г. {CITIES[i % len(CITIES)]}",
                phone="",
                email="",
                website="",
                ogrn="",
            )
            for i in range(count)
        ),
        label="organisations",
    )
    return range(first, first + count)


def _venues(gen: Generator, organisations: range) -> range:
    """One venue an organisation."""
    first = gen.reserve(Venue, len(organisations))
    Row = table_row(Venue)
    gen.copy(
        Venue,
        (
            Row(
                id=first + i,
                organisation_id=organisation,
                name=f"Здание ЦДО № {i + 1}",
                address=f"г. {CITIES[i % len(CITIES)]}, ул. Школьная, {i % 90 + 1}",
                district=DISTRICTS[i % len(DISTRICTS)],
            )
            for i, organisation in enumerate(organisations)
        ),
        label="venues",
    )
    return range(first, first + len(organisations))


def _rooms(gen: Generator, venues: range) -> range:
    """One room per four groups: a teacher's four groups share their room at distinct times."""
    count = (gen.scale.groups + 3) // 4
    first = gen.reserve(Room, count)
    groups_per_venue = gen.scale.groups / len(venues)
    Row = table_row(Room)
    gen.copy(
        Room,
        (
            Row(
                id=first + r,
                venue_id=venues[min(int(r * 4 / groups_per_venue), len(venues) - 1)],
                name=f"Каб. {r + 1}",
                capacity=20,
            )
            for r in range(count)
        ),
        label="rooms",
    )
    return range(first, first + count)


def _teachers(gen: Generator, organisations: range) -> range:
    count = gen.scale.teachers
    first = gen.reserve(Person, count)
    per_organisation = count / len(organisations)
    Row = table_row(Person)

    def rows():
        for i in range(count):
            surname, name, patronymic = gen.person_name()
            yield Row(
                id=first + i,
                surname=surname,
                name=name,
                patronymic=patronymic,
                user_id=None,
                position="Педагог дополнительного образования",
                organisation_id=organisations[min(int(i / per_organisation), len(organisations) - 1)],
                email="",
                phone="",
                is_active=True,
                daily_digest=False,
            )

    gen.copy(Person, rows(), label="teachers")
    # each organisation's own teachers, for the areas to give their groups
    gen.data["teachers_of"] = {}
    for i in range(count):
        index = min(int(i / per_organisation), len(organisations) - 1)
        gen.data["teachers_of"].setdefault(index, []).append(first + i)
    return range(first, first + count)


def holidays(year) -> list[tuple[datetime.date, str]]:
    """The state holidays within an academic year (HOLIDAYS dated)."""
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
    """Every organisation's academic calendar: the state holidays, and for one in
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


def generate_children(gen: Generator, places: list[tuple[int, int, int]]) -> range:
    """Children, one guardian each, the guardianship and consents (processing for all,
    publication for about half). `places` gives each child's allowed age range and the
    organisation of the group the caller will enrol them in, in that order: each child is
    that organisation's record, and so is the guardian (centre.models, "Learner")."""
    organisations = [organisation for _age_min, _age_max, organisation in places]
    learners, birth_dates = _learners(gen, places)
    guardians = _guardians(gen, organisations)
    _guardianships(gen, guardians, learners)
    _consents(gen, guardians, learners)
    gen.data["learners"] = learners
    gen.data["guardians"] = guardians
    gen.data["birth_dates"] = birth_dates
    return learners


def _learners(gen: Generator, places) -> tuple[range, list[datetime.date]]:
    first = gen.reserve(Learner, len(places))
    rng = gen.rng
    birth_dates = []
    Row = table_row(Learner)

    def rows():
        for i, (age_min, age_max, organisation) in enumerate(places):
            age = rng.randint(age_min, age_max)
            born = gen.today - datetime.timedelta(days=age * 365 + rng.randint(30, 330))
            birth_dates.append(born)
            surname, name, patronymic = gen.person_name()
            yield Row(
                id=first + i,
                surname=surname,
                name=name,
                patronymic=patronymic,
                organisation_id=organisation,
                birth_date=born,
                school=f"СОШ № {rng.randint(1, 120)}",
                school_class=f"{max(1, min(11, age - 6))}{'АБВГ'[i % 4]}",
                created_at=gen.now,
            )

    gen.copy(Learner, rows(), label="children")
    return range(first, first + len(places)), birth_dates


def _guardians(gen: Generator, organisations: list[int]) -> range:
    """A mother of each child, of the child's organisation."""
    first = gen.reserve(Guardian, len(organisations))
    Row = table_row(Guardian)

    def rows():
        for i, organisation in enumerate(organisations):
            surname, name, patronymic = gen.person_name(girl=True)
            yield Row(
                id=first + i,
                surname=surname,
                name=name,
                patronymic=patronymic,
                organisation_id=organisation,
                phone=f"+7 7{i // 10_000_000 % 10}{i:07d}"[:16],
                email="",
                relation="",
                email_confirmed_at=None,
                user_id=None,
            )

    gen.copy(Guardian, rows(), label="guardians")
    return range(first, first + len(organisations))


def _guardianships(gen: Generator, guardians: range, learners: range) -> None:
    first = gen.reserve(Guardianship, len(learners))
    Row = table_row(Guardianship)
    gen.copy(
        Guardianship,
        (
            Row(
                id=first + i,
                guardian_id=guardian,
                learner_id=learner,
                relation=Guardianship.Relation.MOTHER,
                basis=Guardianship.Basis.APPLICATION,
                linked_by_id=None,
                linked_at=gen.now,
            )
            for i, (guardian, learner) in enumerate(zip(guardians, learners, strict=True))
        ),
        label="guardianships",
    )


def _consents(gen: Generator, guardians: range, learners: range) -> None:
    """Consent to processing for every child, to publication for every other one."""
    pairs = list(zip(guardians, learners, strict=True))
    kinds = [(Consent.Kind.PROCESSING, pair) for pair in pairs]
    kinds += [(Consent.Kind.PUBLICATION, pair) for pair in pairs[::2]]
    first = gen.reserve(Consent, len(kinds))
    given = gen.data["year"].start
    Row = table_row(Consent)
    gen.copy(
        Consent,
        (
            Row(
                id=first + i,
                guardian_id=guardian,
                learner_id=learner,
                kind=kind,
                text="",
                given_on=given,
                valid_until=None,
                withdrawn_at=None,
                created_at=gen.now,
            )
            for i, (kind, (guardian, learner)) in enumerate(kinds)
        ),
        label="consents",
    )
