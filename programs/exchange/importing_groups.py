"""Applying a package's groups and schedules.

A group needs what the package does not carry as records: its club (one per program, found
or made by the program's title in the organisation), an academic year containing its
``dateBegin``, a venue (the organisation's first, or one made from its address) and a
teacher named by ``dataTeachers`` (a member of staff of the organisation by name, added
without a login when absent). A schedule with several weekdays becomes one slot a day: the
first keeps the schedule's uuid, the others get uuid5(uuid, day).

The groups and lessons of a program past the draft (published, under review, archived) are
not created or changed (Published): they would be in the public catalogue at once. One that
would stay as it is is reported unchanged."""

import datetime
import re
import uuid
from decimal import Decimal

from django.utils.translation import gettext as _

from centre.models import AcademicYear, Person, Venue
from programs.exchange.codes import FINANCIAL_SOURCES, WEEKDAY_NUMBERS, WEEKDAYS
from programs.exchange.importing_base import EDITABLE, Published, Skip, assign, required, validate
from programs.exchange.reading import Record, Unreadable
from programs.models import Club, Group, Program, ScheduleSlot
from programs.slugs import unique_slug

DAY_NAMES = {
    "пн": 1, "вт": 2, "ср": 3, "чт": 4, "пт": 5, "сб": 6, "вс": 7,
    "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6, "sunday": 7,
}  # fmt: skip


def weekday_number(code: str) -> int | None:
    text = code.strip().lower()
    if text.isdigit() and 1 <= int(text) <= 7:
        return int(text)
    return WEEKDAY_NUMBERS.get(text) or DAY_NAMES.get(text)


def slot_uuid(key: uuid.UUID, weekday: int) -> uuid.UUID:
    """The uuid of a schedule's slot on another of its days than the first."""
    return uuid.uuid5(key, WEEKDAYS[weekday])


def slots_of(record: Record) -> list[Record]:
    """A schedule record per weekday it names (itself when it names one or none)."""
    days = record.codes("weekDays")
    try:
        key = record.uuid()
    except Unreadable:
        key = None
    if len(days) <= 1 or key is None:
        return [record]
    record.note(_("Several weekdays: one slot a day, the first with the schedule's uuid."))
    slots = []
    for position, day in enumerate(days):
        values = dict(record.values, weekDays={"item": day})
        number = weekday_number(day)
        if position and number:
            values["uuid"] = str(slot_uuid(key, number))
        slots.append(Record("schedule", values, notes=list(record.notes)))
    return slots


def _normal(name: str) -> str:
    return " ".join(name.lower().replace("ё", "е").replace(".", ". ").split())


def teacher_for(run, organisation, record) -> Person:
    """The organisation's member of staff the group's ``dataTeachers`` names: one who works
    there, found by full name, short name or "surname name"; added without a login when no
    one of that name is on the staff. A name only a dismissed member of staff has skips the
    group (it is not given to them, and no namesake is made)."""
    text = record.text("dataTeachers")
    if not text:
        raise Skip(_("No teacher: «dataTeachers» is empty."))
    names = [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]
    if len(names) > 1:
        record.note(_("«dataTeachers»: several teachers, the first is the group's."))
    wanted = _normal(names[0])
    staff = run.cache.get(("staff", organisation.pk))
    if staff is None:
        staff = {}
        # those who work there first: a dismissed namesake is only what is left
        for person in Person.objects.filter(organisation=organisation).order_by("-is_active", "pk"):
            for name in (person.full_name, person.short_name, f"{person.surname} {person.name}"):
                staff.setdefault(_normal(name), person)
        run.cache[("staff", organisation.pk)] = staff
    if wanted in staff:
        person = staff[wanted]
        if not person.is_active:
            raise Skip(
                _(
                    "Teacher «%(name)s» is dismissed: the group is not imported; name a working teacher in the package."
                )
                % {"name": names[0]}
            )
        return person
    parts = names[0].replace(".", ". ").split()
    person = Person.objects.create(
        organisation=organisation,
        surname=parts[0][:100],
        name=(parts[1] if len(parts) > 1 else "")[:100],
        patronymic=" ".join(parts[2:])[:100],
        position=_("Teacher of supplementary education"),
    )
    staff[wanted] = person
    record.note(_("Teacher «%(name)s» added to the staff, without a login.") % {"name": names[0]})
    return person


def editable(run, program_id: int, status: str | None = None) -> bool:
    """Whether the program's groups and lessons may be imported (its status read once a run)."""
    key = ("status", program_id)
    if status is not None:
        run.cache[key] = status
    elif key not in run.cache:
        run.cache[key] = Program.objects.filter(pk=program_id).values_list("status", flat=True).first()
    return run.cache[key] in EDITABLE


def year_containing(run, day: datetime.date):
    """The academic year containing the day (the years are read once a run)."""
    years = run.cache.get("years")
    if years is None:
        years = run.cache["years"] = list(AcademicYear.objects.all())
    return next((year for year in years if year.start <= day <= year.end), None)


def venue_for(run, organisation, record) -> Venue:
    cached = run.cache.get(("venue", organisation.pk))
    if cached is not None:
        return cached
    venue = Venue.objects.filter(organisation=organisation).order_by("pk").first()
    if venue is not None:
        run.cache[("venue", organisation.pk)] = venue
        return venue
    address = organisation.address or run.partner_address(organisation)
    if not address:
        raise Skip(_("The organisation has no venue, and the package gives no address to make one."))
    venue = Venue.objects.create(
        organisation=organisation, name=str(organisation)[:200], address=address[:300]
    )
    record.note(_("Venue «%(name)s» made from the organisation's address.") % {"name": venue.name})
    return venue


def club_for(run, program, record) -> Club:
    title = program.title[:200]
    key = ("club", program.organisation_id, title)
    if key in run.cache:
        return run.cache[key]
    club = Club.objects.filter(organisation_id=program.organisation_id, name=title).order_by("pk").first()
    if club is None:
        club = Club.objects.create(
            organisation_id=program.organisation_id, name=title, slug=unique_slug(Club, title)
        )
        record.note(_("Club «%(name)s» made for the program.") % {"name": title})
    run.cache[key] = club
    return club


def funding_of(record) -> tuple[str, Decimal | None]:
    sources = []
    for row in record.rows("financingSources", "financingSource"):
        code = (row.get("source") or "").strip()
        ours = FINANCIAL_SOURCES.ours(code) if code else None
        if code and ours is None and not FINANCIAL_SOURCES.knows(code):
            record.note(_("«financingSources»: unknown code «%(code)s», left out.") % {"code": code})
        if ours:
            sources.append((ours, row.get("cost", "")))
    if len({ours for ours, _cost in sources}) > 1:
        record.note(_("«financingSources»: several sources, the group keeps one."))
    if record.boolean("isPfdod") or any(ours == Group.Funding.CERTIFICATE for ours, _cost in sources):
        return Group.Funding.CERTIFICATE, None
    for ours, cost in sources:
        if ours == Group.Funding.PAID:
            price = Record("group", {"cost": cost}).decimal("cost")
            if not price or price <= 0:
                raise Skip(_("A paid group without its cost in «financingSources»."))
            return Group.Funding.PAID, price.quantize(Decimal("0.01"))
    return Group.Funding.FREE, None


def apply_group(run, record, key):
    name = required(record.text("name", max_length=100), "name")
    program = run.resolve("program", record.text("programUuid"))
    if not run.owns(program.organisation_id):
        raise Skip(_("Its program belongs to another organisation."))
    existing = Group.objects.filter(uuid=key).select_related("club").first()
    if existing is not None and (
        not run.owns(existing.club.organisation_id)
        or existing.club.organisation_id != program.organisation_id
    ):
        raise Skip(_("The portal has this uuid in another organisation."))
    open_to_import = editable(run, program.pk, program.status) and (
        existing is None or existing.program_id == program.pk or editable(run, existing.program_id)
    )
    if existing is None and not open_to_import:
        raise Published()
    begin = required(record.date("dateBegin"), "dateBegin")
    year = year_containing(run, begin)
    if year is None:
        raise Skip(_("No academic year of the portal contains %(date)s («dateBegin»).") % {"date": begin})
    organisation = program.organisation
    teacher = teacher_for(run, organisation, record)
    funding, price = funding_of(record)
    places = record.integer("size")
    if not places:
        places = program.group_size_max
        record.note(_("«size» is empty: the program's largest group size is the group's places."))
    values = {
        "name": name,
        "program_id": program.pk,
        "academic_year_id": year.pk,
        "teacher_id": teacher.pk,
        "age_min": record.integer("ageFrom") or program.age_min,
        "age_max": record.integer("ageTo") or program.age_max,
        "places": places,
        "funding": funding,
        "price": price,
        "enrol_from": record.date("orderFrom"),
        "enrol_until": record.date("orderTo"),
    }
    if existing is None or existing.program_id != program.pk:
        # one club a program: a group moved to another program moves to that program's club
        values["club_id"] = club_for(run, program, record).pk
    group = existing or Group(uuid=key, venue=venue_for(run, organisation, record))
    if not assign(group, values):
        return "unchanged", group, name, ""
    if not open_to_import:
        raise Published()
    if group.places < group.enrolled_count + group.offered_count:
        raise Skip(_("Fewer places than children already enrolled."))
    validate(group, exclude=["room", "copied_from"])
    group._history_user = run.by  # the history names who imported it
    group.save()
    return ("updated" if existing else "created"), group, name, ""


def lesson_end(record, starts: datetime.time) -> datetime.time | None:
    minutes = record.integer("durationLength")
    if not minutes:
        return None
    lessons = record.integer("duration") or 1
    breaks = sum(int(b) for b in (record.codes("breaks") or []) if b.isdigit())
    end = datetime.datetime.combine(datetime.date(2000, 1, 3), starts) + datetime.timedelta(
        minutes=minutes * lessons + breaks
    )
    return end.time() if end.date() == datetime.date(2000, 1, 3) else None


def apply_schedule(run, record, key):
    group = run.resolve("group", record.text("groupUuid"))
    club = run.cache.get(("club-of", group.club_id))
    if club is None:
        club = run.cache[("club-of", group.club_id)] = Club.objects.only("organisation_id", "name").get(
            pk=group.club_id
        )
    if not run.owns(club.organisation_id):
        raise Skip(_("Its group belongs to another organisation."))
    days = record.codes("weekDays")
    if not days:
        raise Skip(_("No weekday: «weekDays» is empty."))
    weekday = weekday_number(days[0])
    if weekday is None:
        raise Skip(_("Unknown weekday «%(day)s».") % {"day": days[0]})
    starts = required(record.time("timeStart"), "timeStart")
    ends = record.time("timeEnd") or lesson_end(record, starts)
    if ends is None:
        raise Skip(_("«timeEnd» is empty and the lesson's length is not given."))
    existing = ScheduleSlot.objects.filter(uuid=key).select_related("group__club").first()
    if existing is not None and existing.group.club.organisation_id != club.organisation_id:
        raise Skip(_("The portal has this uuid in another organisation."))
    slot = existing or ScheduleSlot(uuid=key)
    changed = assign(slot, {"group_id": group.pk, "weekday": weekday, "starts": starts, "ends": ends})
    day = ScheduleSlot.Weekday(weekday).label
    name = f"{club.name}: {group.name}, {day} {starts:%H:%M}–{ends:%H:%M}"
    if not changed:
        return "unchanged", slot, name, ""
    if not editable(run, group.program_id) or (
        existing is not None
        and existing.group_id != group.pk
        and not editable(run, existing.group.program_id)
    ):
        raise Published()
    slot.group = group
    slot.clean()
    validate(slot, exclude=["room", "academic_year", "teacher"])
    slot.save()
    return ("updated" if existing else "created"), slot, name, ""
