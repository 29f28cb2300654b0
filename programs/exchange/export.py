"""The federal catalogue package, written as a stream (docs/exchange.md has its shape).

``write_package(out, organisation_ids=, since=)`` writes it to a binary file;
``package_chunks(...)`` yields it in pieces for a streaming response. Both serialise with
lxml's incremental ``etree.xmlfile``: each object is built as a small element, written and
dropped, and every section is read with ``.values()`` over a server-side cursor
(``.iterator(chunk_size=2000)``), so memory stays flat whatever the catalogue's size.

The whole package is read in one REPEATABLE READ snapshot (when the caller is not already in a
transaction): sections agree with each other. Its ``created`` time is the start of the oldest
transaction still running when the snapshot was taken (or now): a change committed after the
snapshot carries a later time, so the next incremental package, asked ``since`` this one's
``created``, never misses it (it may repeat a few, which a receiver takes as unchanged)."""

import contextlib
import datetime
import re
from collections.abc import Iterator

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from lxml import etree

from centre.dates import minutes_between
from centre.models import Installation, Organisation
from centre.models.people import short_name_of
from programs.exchange import codes
from programs.exchange.export_scope import Scope
from programs.models import Group, Tombstone

CHUNK_SIZE = 2000
# what package_chunks gathers before yielding a piece, looking every FLUSH_EVERY objects
PIECE_BYTES = 64 * 1024
FLUSH_EVERY = 100
DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
# a streamed package's transaction may wait this long for its reader between two queries
STREAM_IDLE_SECONDS = 60

# characters XML 1.0 cannot carry (lxml refuses them): dropped from texts
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- values, written the package's way ----------------------------------------------------


def text(value) -> str | None:
    if value is None:
        return None
    value = str(value)
    # most values are printable: only the rest (line breaks, tabs, control characters) is searched
    if not value.isprintable():
        value = _NOT_XML.sub("", value)
    return value or None


def boolean(value) -> str:
    return "true" if value else "false"


def integer(value) -> str | None:
    return None if value is None else str(int(value))


def age(value) -> str | None:
    return None if value is None else f"{float(value):.1f}"


def money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def day(value: datetime.date | datetime.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


def clock(value: datetime.time | None) -> str | None:
    return None if value is None else value.strftime("%H:%M")


def unix(value: datetime.datetime) -> str:
    return str(int(value.timestamp()))


def focus_code(slug: str | None) -> str | None:
    """The direction's ProgramFocuses code (none for a direction the dictionary lacks)."""
    return codes.PROGRAM_FOCUSES.exports.get(slug) if slug else None


# --- elements -------------------------------------------------------------------------------


def _field(parent, name: str, value) -> etree._Element:
    child = etree.SubElement(parent, name)
    child.text = text(value)
    return child


def _items(parent, name: str, values, item: str = "item") -> None:
    child = etree.SubElement(parent, name)
    for value in values:
        _field(child, item, value)


def _head(tag: str, row_uuid, local_id, ts: datetime.datetime, datasource: str, *, deleted: bool):
    element = etree.Element(tag)
    _field(element, "uuid", str(row_uuid))
    _field(element, "localId", str(local_id))
    _field(element, "datasource", datasource)
    _field(element, "lastmodifiedTs", unix(ts))
    _field(element, "isDeleted", boolean(deleted))
    return element


def partner(row: dict, datasource: str):
    element = _head("partner", row["uuid_text"], row["id"], row["updated_at"], datasource, deleted=False)
    for name, value in (
        ("publicName", row["name"]),
        ("shortName", row["short_name"]),
        ("typeOrg", codes.PARTNER_TYPES.code(row["kind"])),
        ("departmentCode", codes.DEPARTMENTS.code("educations")),
        ("address", row["address"]),
        ("actualAddress", row["address"]),
        ("phone", row["phone"]),
        ("site", row["website"]),
        ("email", row["email"]),
        ("ogrn", row["ogrn"]),
    ):
        _field(element, name, value)
    return element


def program_direction(row: dict, datasource: str):
    element = _head(
        "programDirection", row["uuid_text"], row["id"], row["updated_at"], datasource, deleted=False
    )
    _field(element, "focusCode", focus_code(row["direction__slug"]))
    _field(element, "name", row["name"])
    # we keep no order of profiles: they are listed by name
    _field(element, "sortOrder", "0")
    _field(element, "significant", boolean(False))
    return element


def registries(row: dict) -> list[str]:
    found = [
        codes.PROGRAM_REGISTRIES.code(ours)
        for ours, present in (("certified", row["has_certificate"]), ("paid", row["has_paid"]))
        if present
    ]
    return found or [codes.PROGRAM_REGISTRIES.code("other")]


def program(row: dict, datasource: str):
    element = _head("program", row["uuid_text"], row["id"], row["updated_at"], datasource, deleted=False)
    for name, value in (
        ("partnerUuid", row["organisation_uuid_text"]),
        ("name", row["title"]),
        ("fullName", row["title"]),
        ("announce", row["announcement"]),
        ("detailDescription", row["description"]),
        ("goals", row["goals"]),
        ("results", row["expected_results"]),
        ("technicalBase", row["equipment"]),
        ("dateCreate", day(row["created_at"])),
        ("dateChanged", day(row["updated_at"])),
        ("duration", integer(row["duration_months"])),
        ("durationunit", "month"),
        ("minPersons", integer(row["group_size_min"])),
        ("maxPersons", integer(row["group_size_max"])),
        ("minAge", age(row["age_min"])),
        ("maxAge", age(row["age_max"])),
    ):
        _field(element, name, value)
    _items(element, "levelSet", [codes.PROGRAM_LEVELS.code(level) for level in row["levels"]])
    _field(element, "ovz", boolean(row["is_adapted"]))
    _field(element, "invalidAdapted", boolean(row["is_adapted"]))
    _items(element, "ovzTypes", [codes.OVZ_TYPES.code(kind) for kind in row["disabilities"]])
    _items(element, "programRegistries", registries(row))
    _field(element, "certificateRequired", boolean(row["has_certificate"]))
    _field(element, "programType", codes.PROGRAM_TYPES.code("general"))
    _field(element, "state", codes.PROGRAM_STATES.code(row["status"]))
    _field(element, "focusCode", focus_code(row["direction__slug"]))
    _field(element, "directionUuid", row["profile_uuid_text"])
    return element


def group(row: dict, datasource: str):
    element = _head("group", row["uuid_text"], row["id"], row["updated_at"], datasource, deleted=False)
    for name, value in (
        ("programUuid", row["program_uuid_text"]),
        ("name", row["name"]),
        ("ageFrom", age(row["age_min"])),
        ("ageTo", age(row["age_max"])),
        ("sizeMin", integer(row["program__group_size_min"])),
        ("size", integer(row["places"])),
        ("isPfdod", boolean(row["funding"] == Group.Funding.CERTIFICATE)),
        ("dateBegin", day(row["academic_year__start"])),
        ("dateEnd", day(row["academic_year__end"])),
        ("isLocked", boolean(False)),
        ("orderFrom", day(row["enrol_from"])),
        ("orderTo", day(row["enrol_until"])),
        ("hoursYear", integer(row["program__hours_per_year"])),
    ):
        _field(element, name, value)
    sources = etree.SubElement(element, "financingSources")
    source = etree.SubElement(sources, "financingSource")
    _field(source, "source", codes.FINANCIAL_SOURCES.code(row["funding"]))
    _field(source, "cost", money(row["price"] or 0))
    _field(
        element,
        "dataTeachers",
        short_name_of(row["teacher__surname"], row["teacher__name"], row["teacher__patronymic"]),
    )
    return element


def schedule(row: dict, datasource: str):
    element = _head("schedule", row["uuid_text"], row["id"], row["updated_at"], datasource, deleted=False)
    _field(element, "groupUuid", row["group_uuid_text"])
    _field(element, "periodFrom", day(row["group__academic_year__start"]))
    _field(element, "periodTo", day(row["group__academic_year__end"]))
    _items(element, "weekDays", [codes.WEEKDAYS[row["weekday"]]])
    _field(element, "timeStart", clock(row["starts"]))
    _field(element, "timeEnd", clock(row["ends"]))
    _field(element, "duration", "1")
    _field(element, "durationLength", integer(minutes_between(row["starts"], row["ends"])))
    _field(element, "breaks", None)
    return element


# --- sections -------------------------------------------------------------------------------

PARTNER_FIELDS = ("id", "uuid", "updated_at", "name", "short_name", "kind", "address", "phone", "website")
PARTNER_FIELDS += ("email", "ogrn")
PROFILE_FIELDS = ("id", "uuid", "updated_at", "name", "direction__slug")
PROGRAM_FIELDS = (
    *("id", "uuid", "updated_at", "created_at", "organisation__uuid", "title", "announcement"),
    *("description", "goals", "expected_results", "equipment", "duration_months", "group_size_min"),
    *("group_size_max", "age_min", "age_max", "levels", "is_adapted", "disabilities", "status"),
    *("direction__slug", "profile__uuid", "has_certificate", "has_paid"),
)
GROUP_FIELDS = (
    *("id", "uuid", "updated_at", "program__uuid", "name", "age_min", "age_max", "places", "funding"),
    *("price", "academic_year__start", "academic_year__end", "enrol_from", "enrol_until"),
    *("program__group_size_min", "program__hours_per_year"),
    *("teacher__surname", "teacher__name", "teacher__patronymic"),
)
SLOT_FIELDS = ("id", "uuid", "updated_at", "group__uuid", "group__academic_year__start")
SLOT_FIELDS += ("group__academic_year__end", "weekday", "starts", "ends")


def _programs_with_funding(scope: Scope):
    exported = scope.all_groups().filter(program=OuterRef("pk"))
    return scope.programs().annotate(
        has_certificate=Exists(exported.filter(funding=Group.Funding.CERTIFICATE)),
        has_paid=Exists(exported.filter(funding=Group.Funding.PAID)),
    )


def _values(queryset, fields):
    """``.values()`` of the fields, every uuid cast to text by the database (as
    ``<name>_text``, ``__`` read as ``_``): building 400 000 UUID objects only to print them
    was a fifth of the export's time."""
    plain = [name for name in fields if not name.endswith("uuid")]
    texts = {
        f"{name.replace('__', '_')}_text": Cast(name, TextField()) for name in fields if name.endswith("uuid")
    }
    return queryset.values(*plain, **texts)


def sections(scope: Scope):
    """(list element, object element, kind, rows, build) in the package's order."""
    kind = Tombstone.Kind
    return (
        ("partners", kind.PARTNER, _values(scope.partners(), PARTNER_FIELDS), partner),
        (
            "programDirections",
            kind.PROGRAM_DIRECTION,
            _values(scope.profiles(), PROFILE_FIELDS),
            program_direction,
        ),
        ("programs", kind.PROGRAM, _values(_programs_with_funding(scope), PROGRAM_FIELDS), program),
        ("groups", kind.GROUP, _values(scope.groups(), GROUP_FIELDS), group),
        ("schedules", kind.SCHEDULE, _values(scope.slots(), SLOT_FIELDS), schedule),
    )


def _rows(queryset):
    return queryset.order_by("pk").iterator(chunk_size=CHUNK_SIZE)


def _tombstones(scope: Scope, kind: str):
    yield from scope.deleted(kind).iterator(chunk_size=CHUNK_SIZE)
    withdrawn = scope.withdrawn(kind)
    if withdrawn is not None:
        yield from withdrawn.iterator(chunk_size=CHUNK_SIZE)


def installation_uuid() -> str:
    """The installation's uuid, asked before the read-only snapshot: the first export of a new
    installation makes its row."""
    return str(Installation.current().uuid)


def _write(xf, scope: Scope, created: datetime.datetime, datasource: str) -> Iterator[None]:
    """Write the package into an open xmlfile, yielding after every object."""
    attributes = {"datasource": datasource, "created": unix(created)}
    attributes["kind"] = "full" if scope.since is None else "incremental"
    if scope.since is not None:
        attributes["since"] = unix(scope.since)
    with xf.element("package", attributes):
        with xf.element("dictionaries"):
            for dictionary in codes.DICTIONARIES:
                element = etree.Element(dictionary.name)
                for item in dictionary.items:
                    entry = etree.SubElement(element, "item")
                    _field(entry, "code", item.code)
                    _field(entry, "name", item.name)
                xf.write(element)
        yield
        with xf.element("objects"):
            for list_name, kind, rows, build in sections(scope):
                with xf.element(list_name):
                    for row in _rows(rows):
                        xf.write(build(row, datasource))
                        yield
                    if scope.since is not None:
                        for row_uuid, local_id, ts in _tombstones(scope, kind):
                            xf.write(_head(kind, row_uuid, local_id, ts, datasource, deleted=True))
                            yield


@contextlib.contextmanager
def snapshot(*, idle_seconds: float | None = None) -> Iterator[datetime.datetime]:
    """One consistent read of the database for the whole package; gives its ``created``.
    ``idle_seconds``: the database ends the session when the transaction waits longer than that
    between two queries (a stream whose reader stalls: the snapshot is not held for ever)."""
    outer = connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as cursor:
            if not outer:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            if idle_seconds:
                cursor.execute(
                    "SELECT set_config('idle_in_transaction_session_timeout', %s, true)",
                    [f"{int(idle_seconds * 1000)}ms"],
                )
            cursor.execute(
                "SELECT least(now(), (SELECT min(xact_start) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                " AND xact_start IS NOT NULL))"
            )
            (created,) = cursor.fetchone()
        yield created


def parse_since(value: str) -> datetime.datetime:
    """A package's ``since`` (the API's ?since=, the command's --since) as an aware datetime:
    Unix seconds (an earlier package's ``created``), or an ISO time (or date: its midnight),
    in the portal's time zone when it names none; ValueError for anything else."""
    value = (value or "").strip()
    if value.isascii() and value.isdigit():
        try:
            return datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)
        except (OverflowError, OSError) as error:
            raise ValueError(value) from error
    moment = parse_datetime(value)
    if moment is None:
        date = parse_date(value)
        if date is None:
            raise ValueError(value)
        moment = datetime.datetime.combine(date, datetime.time())
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return moment


def organisation_and_subdivisions(organisation_id: int) -> list[int]:
    """The organisation's id and those of its subdivisions (theirs too, at any depth)."""
    found = {organisation_id}
    level = {organisation_id}
    while level:
        level = set(Organisation.objects.filter(parent__in=level).values_list("pk", flat=True)) - found
        found |= level
    return sorted(found)


def _scope(organisation_ids, since) -> Scope:
    ids = None if organisation_ids is None else tuple(sorted(set(organisation_ids)))
    return Scope(organisation_ids=ids, since=since)


def write_package(out, *, organisation_ids=None, since: datetime.datetime | None = None) -> None:
    """Write the package to ``out`` (a binary file or anything with ``write(bytes)``).
    ``organisation_ids``: only these organisations' programs (None: all); ``since``: an
    incremental package of what changed after that time."""
    scope, source = _scope(organisation_ids, since), installation_uuid()
    with snapshot() as created:
        out.write(DECLARATION)
        with etree.xmlfile(out, encoding="utf-8") as xf:
            for _ in _write(xf, scope, created, source):
                pass


class _Pieces:
    def __init__(self):
        self.parts: list[bytes] = []
        self.size = 0

    def write(self, data: bytes) -> None:
        self.parts.append(bytes(data))
        self.size += len(data)

    def take(self) -> bytes:
        data = b"".join(self.parts)
        self.parts, self.size = [], 0
        return data


def package_chunks(*, organisation_ids=None, since: datetime.datetime | None = None) -> Iterator[bytes]:
    """The package as pieces of about PIECE_BYTES, for a StreamingHttpResponse. The reader sets
    the pace: one that stalls longer than STREAM_IDLE_SECONDS between two reads of the database
    loses its session (the package ends without its ``</package>``, which a receiver takes as
    failed) instead of holding the snapshot, a worker and vacuum back for as long as it likes."""
    scope, source = _scope(organisation_ids, since), installation_uuid()
    sink = _Pieces()
    with snapshot(idle_seconds=STREAM_IDLE_SECONDS) as created:
        sink.write(DECLARATION)
        with etree.xmlfile(sink, encoding="utf-8") as xf:
            for count, _ in enumerate(_write(xf, scope, created, source), start=1):
                if count % FLUSH_EVERY == 0:
                    xf.flush()
                    if sink.size >= PIECE_BYTES:
                        yield sink.take()
        if sink.size:
            yield sink.take()
