"""Open data: the public catalogue as a data set, one row a catalogue group, with its passport
and structure laid out as the Russian open-data methodical recommendations (version 3.0) ask:
a passport (meta: identifier, title, description, owner, publisher, format, links, created,
modified, structure version, licence), the data (CSV and JSON) and its structure (field, its
English and Russian description, its format).

A row holds what the public club page shows and nothing more: no child's data, no staff
contact (a teacher by the short name the page shows), no counts of enrolments (free places
change by the minute and are no change of a record; the club page has them live).

The rows are read in one query (the lessons as an array beside each group) through a server-
side cursor: `rows()` streams, memory does not grow with the catalogue."""

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.expressions import ArraySubquery
from django.core.cache import cache
from django.db.models import Max, OuterRef
from django.db.models.functions import JSONObject
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centre.countries import profile_of
from centre.models import Installation, Organisation
from centre.models.people import short_name_of
from programs.exchange.codes import WEEKDAYS
from programs.models import Group, ScheduleSlot, Tombstone

CHUNK_SIZE = 2000
# the recommendations this data set is laid out by
STANDARD_VERSION = "http://opendata.gosmonitor.ru/standard/3.0"
# the structure's version: the day its fields were fixed (a new field → a new date)
STRUCTURE_VERSION = "20261201"
LICENCE_NAME = "Creative Commons Attribution 4.0 (CC BY 4.0)"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ru"
SET_CODE = "clubs-catalogue"
MODIFIED_CACHE_KEY = "opendata:modified"


@dataclass(frozen=True)
class Field:
    name: str  # the column's name in the CSV and the key in the JSON
    title: str  # what it means (an English msgid; the structure gives it in both languages)
    format: str  # string | integer | number | boolean | date (ISO 8601)


FIELDS = (
    Field("group_uuid", _("Identifier of the group (stable)"), "string"),
    Field("group", _("Group name"), "string"),
    Field("program_uuid", _("Identifier of the program (stable)"), "string"),
    Field("program", _("Program title"), "string"),
    Field("direction", _("Direction of the program"), "string"),
    Field("profile", _("Profile of the program"), "string"),
    Field("levels", _("Levels of the program: starter, basic, advanced (separated by ;)"), "string"),
    Field("adapted", _("Adapted for children with disabilities"), "boolean"),
    Field("distance", _("With distance learning"), "boolean"),
    Field("hours_per_year", _("Hours a year"), "integer"),
    Field("club", _("Club name"), "string"),
    Field("club_url", _("Address of the club's page"), "string"),
    Field("organisation", _("Organisation that runs the club"), "string"),
    Field("organisation_ogrn", _("OGRN of the organisation"), "string"),
    Field("academic_year", _("Academic year"), "string"),
    Field("date_begin", _("First day of the academic year"), "date"),
    Field("date_end", _("Last day of the academic year"), "date"),
    Field("year_of_study", _("Year of study"), "integer"),
    Field("age_from", _("Children's age from, years"), "integer"),
    Field("age_to", _("Children's age to, years"), "integer"),
    Field("teacher", _("Teacher (surname and initials)"), "string"),
    Field("venue", _("Venue"), "string"),
    Field("address", _("Address of the venue"), "string"),
    Field("district", _("District"), "string"),
    Field(
        "schedule",
        _("Lessons a week: day (mon…sun), start and end, e.g. «tue 16:40-18:10» (separated by ;)"),
        "string",
    ),
    Field("places", _("Places in the group"), "integer"),
    Field(
        "funding",
        _("Funding: free, certificate (a PFDO certificate in Russia, a voucher in Kazakhstan) or paid"),
        "string",
    ),
    Field("price", _("Price a month, in the currency of the next column (paid groups only)"), "number"),
    Field("currency", _("Currency of the price, ISO 4217 (RUB, KZT)"), "string"),
    Field("enrol_from", _("Applications from"), "date"),
    Field("enrol_until", _("Applications until"), "date"),
)
FIELD_NAMES = tuple(field.name for field in FIELDS)

# what a row is read from: the group, its program, club, year, teacher, venue (values(), no models)
_VALUES = {
    "group_uuid": "uuid",
    "group": "name",
    "program_uuid": "program__uuid",
    "program": "program__title",
    "direction": "program__direction__name",
    "profile": "program__profile__name",
    "levels": "program__levels",
    "adapted": "program__is_adapted",
    "distance": "program__is_distance",
    "hours_per_year": "program__hours_per_year",
    "club": "club__name",
    "club_slug": "club__slug",
    "organisation": "club__organisation__name",
    "organisation_ogrn": "club__organisation__ogrn",
    "academic_year": "academic_year__label",
    "date_begin": "academic_year__start",
    "date_end": "academic_year__end",
    "year_of_study": "year_of_study",
    "age_from": "age_min",
    "age_to": "age_max",
    "teacher_surname": "teacher__surname",
    "teacher_name": "teacher__name",
    "teacher_patronymic": "teacher__patronymic",
    "venue": "venue__name",
    "address": "venue__address",
    "district": "venue__district",
    "places": "places",
    "funding": "funding",
    "price": "price",
    "country": "club__organisation__country",
    "enrol_from": "enrol_from",
    "enrol_until": "enrol_until",
}


def catalogue_groups():
    """The data set's groups: the public catalogue's (current year, published program)."""
    return Group.objects.in_catalogue()


def _lessons() -> ArraySubquery:
    slots = ScheduleSlot.objects.filter(group_id=OuterRef("pk")).order_by("weekday", "starts", "pk")
    return ArraySubquery(slots.values(as_json=JSONObject(day="weekday", starts="starts", ends="ends")))


def _teacher(row: dict) -> str:
    # as Person.short_name names them, from plain values: one way of naming a teacher
    return short_name_of(row.pop("teacher_surname"), row.pop("teacher_name"), row.pop("teacher_patronymic"))


def club_url_parts() -> tuple[str, str]:
    """The club page's address before and after its slug (reverse() once, not once a row)."""
    marker = "slug-marker"
    before, after = f"{settings.PORTAL_URL}{reverse('programs:club', kwargs={'slug': marker})}".split(marker)
    return before, after


def rows() -> Iterator[dict]:
    """The data set's rows, one a catalogue group, in FIELDS' order and types: dates as dates,
    the lessons as a list of {day, starts, ends}, the price a Decimal or None."""
    before, after = club_url_parts()
    queryset = catalogue_groups().values(*_VALUES.values()).annotate(lessons=_lessons())
    for values in queryset.order_by("pk").iterator(chunk_size=CHUNK_SIZE):
        row = {key: values[path] for key, path in _VALUES.items()}
        row["lessons"] = values["lessons"]
        row["teacher"] = _teacher(row)
        row["club_url"] = f"{before}{row.pop('club_slug')}{after}"
        row["schedule"] = [
            {"day": WEEKDAYS[lesson["day"]], "starts": lesson["starts"][:5], "ends": lesson["ends"][:5]}
            for lesson in row.pop("lessons")
        ]
        row["currency"] = profile_of(row.pop("country")).currency
        row["group_uuid"] = str(row["group_uuid"])
        row["program_uuid"] = str(row["program_uuid"])
        yield {name: row[name] for name in FIELD_NAMES}


def _text(value) -> str:
    return "" if value is None else str(value)


def _boolean(value) -> str:
    return "" if value is None else ("true" if value else "false")


def _date(value) -> str:
    return value.isoformat() if value else ""


def _items(value) -> str:
    return ";".join(value or ())


def _week(value) -> str:
    return ";".join(f"{lesson['day']} {lesson['starts']}-{lesson['ends']}" for lesson in value)


# each field's cell, chosen once (not a chain of type checks a cell: 62,000 rows of 30)
_CELLS = tuple(
    (
        field.name,
        {"schedule": _week, "levels": _items}.get(
            field.name, {"boolean": _boolean, "date": _date}.get(field.format, _text)
        ),
    )
    for field in FIELDS
)


def csv_values(row: dict) -> list[str]:
    """A row as the CSV's cells: booleans true/false, lists joined by «;», dates ISO, empty
    for none."""
    return [cell(row[name]) for name, cell in _CELLS]


def json_values(row: dict) -> dict:
    """A row as a JSON object: the same fields, the price a number, dates ISO strings."""
    data = dict(row)
    for name in ("date_begin", "date_end", "enrol_from", "enrol_until"):
        data[name] = data[name].isoformat() if data[name] else None
    data["price"] = float(data["price"]) if data["price"] is not None else None
    return data


# --- the passport ------------------------------------------------------------------------


def modified() -> datetime.datetime | None:
    """The newest change of the published catalogue: of its groups, their programs, lessons,
    profiles and organisations, and of what was deleted from it (cached as long as a
    visitor's page). Records without a change time of their own (a club's, venue's or
    teacher's name) do not move it: the data are sent in full, never answered «not modified»."""
    found = cache.get(MODIFIED_CACHE_KEY)
    if found is None:
        times = catalogue_groups().aggregate(
            # (names of no field: an aggregate named «program» would hide the relation)
            group_changed=Max("updated_at"),
            program_changed=Max("program__updated_at"),
            profile_changed=Max("program__profile__updated_at"),
            organisation_changed=Max("club__organisation__updated_at"),
            lesson_changed=Max("slots__updated_at"),
        )
        times["deleted"] = Tombstone.objects.exclude(kind=Tombstone.Kind.PARTNER).aggregate(
            time=Max("deleted_at")
        )["time"]
        found = max((time for time in times.values() if time is not None), default=False)
        cache.set(MODIFIED_CACHE_KEY, found, settings.VISITOR_PAGE_CACHE_SECONDS)
    return found or None


def owner() -> Organisation | None:
    """The centre that publishes the data set (as the home page names it)."""
    return (
        Organisation.objects.filter(kind=Organisation.Kind.CENTRE, parent__isnull=True).order_by("id").first()
    )


@dataclass(frozen=True)
class PassportLine:
    property: str  # the recommendations' name of the property (meta.csv)
    title: str  # its name on the passport page
    value: str
    url: str = ""  # a link, when the value is one


def _local(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def version_stamp(moment: datetime.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y%m%dT%H%M") if moment else STRUCTURE_VERSION


def passport() -> list[PassportLine]:
    """The data set's passport, in the recommendations' order of properties."""
    centre = owner()
    installation = Installation.current()
    changed = modified()
    identifier = f"{(centre.ogrn if centre and centre.ogrn else installation.uuid)}-{SET_CODE}"
    publisher = centre.name if centre else settings.PORTAL_NAME
    data_url = f"{settings.PORTAL_URL}{reverse('programs:opendata_csv')}"
    json_url = f"{settings.PORTAL_URL}{reverse('programs:opendata_json')}"
    structure_url = f"{settings.PORTAL_URL}{reverse('programs:opendata_structure')}"
    stamp = version_stamp(changed)
    return [
        PassportLine("standardversion", _("Version of the methodical recommendations"), STANDARD_VERSION),
        PassportLine("identifier", _("Identifier of the data set"), identifier),
        PassportLine(
            "title", _("Title of the data set"), str(_("Clubs and groups of supplementary education"))
        ),
        PassportLine(
            "description",
            _("Description of the data set"),
            str(
                _(
                    "The public catalogue of clubs: one row a group of a published program of the current "
                    "academic year, with its program, club, organisation, ages, teacher, venue, lessons, "
                    "places, funding and price, and the dates applications are taken."
                )
            ),
        ),
        PassportLine("creator", _("Owner of the data set"), publisher),
        PassportLine("publishername", _("Person responsible"), publisher),
        PassportLine("publisherphone", _("Phone of the person responsible"), centre.phone if centre else ""),
        PassportLine("publishermbox", _("E-mail of the person responsible"), centre.email if centre else ""),
        PassportLine("format", _("Format of the data"), "csv", data_url),
        PassportLine(f"data-{stamp}-structure-{STRUCTURE_VERSION}", _("The data, CSV"), data_url, data_url),
        PassportLine(
            f"data-{stamp}-structure-{STRUCTURE_VERSION}.json", _("The data, JSON"), json_url, json_url
        ),
        PassportLine(
            f"structure-{STRUCTURE_VERSION}", _("Description of the structure"), structure_url, structure_url
        ),
        PassportLine(
            "created",
            _("Date of the first publication"),
            timezone.localdate(installation.created_at).isoformat(),
        ),
        PassportLine("modified", _("Date of the last change"), _local(changed)),
        PassportLine(
            "provenance",
            _("What changed last"),
            str(_("The catalogue is published as it is: each change of a program or group appears at once.")),
        ),
        PassportLine("valid", _("Date the data are valid for"), timezone.localdate().isoformat()),
        PassportLine(
            "subject",
            _("Keywords"),
            str(_("supplementary education, clubs, children, groups, schedule, catalogue")),
        ),
        PassportLine("structureversion", _("Version of the structure"), STRUCTURE_VERSION),
        PassportLine("license", _("Licence"), LICENCE_NAME, LICENCE_URL),
    ]
