"""Reading a federal package: its bytes → plain records, whatever shape the sender wrote.

Real packages differ from the shape we write (programs/exchange/export.py) in ways the
reader accepts, each named in the record's notes for the import report:

- an element that occurs once where a list is expected (``<levelSet>basic</levelSet>``, a
  lone ``<program>`` straight under ``<objects>``), or several items (``<item>`` or repeated);
- an empty element (``<site/>``, ``<site></site>``, whitespace, a JSON ``{}``): no value;
- every number and boolean as text: ``"6.0"`` for 6, ``"true"``/``"false"`` (also 1/0);
- a time with a one-digit hour (``9:00``), or with seconds;
- focus codes with underscores for hyphens, in any case (codes.Dictionary.ours);
- codes we do not know (an OvzTypes code missing from the federal list): kept, reported.

The JSON rendering of a package (the usual XML-to-JSON: a single value or a list, ``{}`` for
an empty element, attributes as ``@name``) is read the same way.

The XML is parsed with defusedxml: no DTD (so no entity expansion, no external entity, no
network), and the bytes are limited to IMPORT_MAX_MEGABYTES before anything is parsed.
"""

import datetime
import json
import re
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.conf import settings
from django.utils.translation import gettext as _

# the package's object lists, in the order they are applied (a record's references first)
KINDS = ("partner", "programDirection", "program", "group", "schedule")
LISTS = {
    "partner": "partners",
    "programDirection": "programDirections",
    "program": "programs",
    "group": "groups",
    "schedule": "schedules",
}
TRUE = {"true", "1", "yes", "да", "y", "t"}
FALSE = {"false", "0", "no", "нет", "n", "f"}
TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$")
# a package is about 6 elements deep (package/objects/groups/group/financingSources/…)
MAX_DEPTH = 32
# the largest and smallest powers of ten a package's number may have (money, hours, ages):
# beyond them a number is refused before any arithmetic (int() of 1e99999999 never ends)
MAX_EXPONENT = 15


def too_deep() -> "PackageError":
    return PackageError(_("The file nests its elements too deeply to be a package."))


class PackageError(ValueError):
    """The file cannot be read as a package at all: nothing is imported."""


class Unreadable(ValueError):
    """A value of one object cannot be read: the object is skipped with this reason."""


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _tree(element, depth: int = 0):
    """An element as the XML-to-JSON renderings have it: its text ("" when empty), or a dict
    of its children by name, a name that occurs several times holding a list. PackageError
    deeper than MAX_DEPTH."""
    children = list(element)
    if not children:
        return (element.text or "").strip()
    if depth >= MAX_DEPTH:
        raise too_deep()
    value: dict = {}
    for child in children:
        name = _local(child.tag)
        item = _tree(child, depth + 1)
        if name in value:
            if not isinstance(value[name], _Repeated):
                value[name] = _Repeated([value[name]])
            value[name].append(item)
        else:
            value[name] = item
    return value


class _Repeated(list):
    """A list made of an element repeated in the XML."""


def parse(content: bytes) -> dict:
    """The package's root as a dict (its attributes among its children's names)."""
    limit = settings.IMPORT_MAX_MEGABYTES
    if len(content) > limit * 1024 * 1024:
        raise PackageError(_("The file is larger than %(limit)s MB.") % {"limit": limit})
    head = content.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"["):
        return _parse_json(content)
    try:
        root = fromstring(content, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as error:
        raise PackageError(_("The file declares a DTD or entities: such a package is not read.")) from error
    except (ParseError, ValueError) as error:
        raise PackageError(_("The file is not well-formed XML: %(error)s") % {"error": error}) from error
    except RecursionError:
        raise too_deep() from None
    if _local(root.tag) != "package":
        raise PackageError(_("The file is not a package: its root element is not «package»."))
    body = _tree(root)
    if not isinstance(body, dict):
        body = {}
    for name, value in root.attrib.items():
        body.setdefault(_local(name), value)
    return body


def _parse_json(content: bytes) -> dict:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except RecursionError:
        raise too_deep() from None
    except (UnicodeDecodeError, ValueError) as error:
        raise PackageError(_("The file is not valid JSON: %(error)s") % {"error": error}) from error
    if isinstance(data, dict) and isinstance(data.get("package"), dict):
        data = data["package"]
    if not isinstance(data, dict) or not ("objects" in data or "dictionaries" in data):
        raise PackageError(_("The file is not a package: it has no «objects»."))
    return {key.lstrip("@"): value for key, value in data.items()}


def as_list(value) -> list:
    """A single value or a list as a list; an empty element as an empty list."""
    if value is None or value == "" or value == {}:
        return []
    if isinstance(value, list):
        return [item for item in value if item not in (None, "", {})]
    return [value]


@dataclass
class Record:
    """One object of the package: its element's values by name, and what reading it met."""

    kind: str
    values: dict
    notes: list = field(default_factory=list)

    def note(self, message: str) -> None:
        if message not in self.notes:
            self.notes.append(message)

    def raw(self, name: str):
        return self.values.get(name)

    # ---- plain values -------------------------------------------------------------------

    def text(self, name: str, *, max_length: int | None = None) -> str:
        value = self.raw(name)
        if isinstance(value, list):
            values = [v for v in as_list(value) if isinstance(v, str)]
            if len(values) > 1:
                self.note(_("«%(field)s»: several values, the first taken.") % {"field": name})
            value = values[0] if values else ""
        if isinstance(value, dict):
            value = ""  # an empty element (JSON {}), or one with children where text belongs
        text = "" if value is None else str(value).strip()
        if max_length and len(text) > max_length:
            self.note(
                _("«%(field)s»: longer than %(limit)s characters, cut.")
                % {"field": name, "limit": max_length}
            )
            text = text[:max_length].rstrip()
        return text

    def is_deleted(self) -> bool:
        """A tombstone (``isDeleted`` true); a value neither true nor false is not one."""
        try:
            return bool(self.boolean("isDeleted", False))
        except Unreadable:
            return False

    def uuid(self, name: str = "uuid") -> uuid.UUID | None:
        text = self.text(name)
        if not text:
            return None
        try:
            return uuid.UUID(text)
        except ValueError:
            raise Unreadable(
                _("«%(field)s»: «%(value)s» is not a uuid.") % {"field": name, "value": text}
            ) from None

    def boolean(self, name: str, default: bool | None = None) -> bool | None:
        text = self.text(name).lower()
        if not text:
            return default
        if text in TRUE:
            return True
        if text in FALSE:
            return False
        raise Unreadable(
            _("«%(field)s»: «%(value)s» is neither true nor false.") % {"field": name, "value": text}
        )

    def decimal(self, name: str) -> Decimal | None:
        text = self.text(name).replace(" ", "").replace(",", ".")
        if not text:
            return None
        shown = text if len(text) <= 40 else text[:40] + "…"
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise Unreadable(_("«%(field)s»: «%(value)s» is not a number.") % {"field": name, "value": shown})
        # asked of the number's form alone, before any arithmetic on it
        if number and (number.adjusted() > MAX_EXPONENT or number.as_tuple().exponent < -MAX_EXPONENT):
            raise Unreadable(
                _("«%(field)s»: «%(value)s» is too large or too small a number for a package.")
                % {"field": name, "value": shown}
            )
        return number

    def integer(self, name: str) -> int | None:
        """A whole number written as the package writes numbers: "15", "6.0" (a fraction is
        dropped and said so)."""
        number = self.decimal(name)
        if number is None:
            return None
        whole = int(number)
        if whole != number:
            self.note(
                _("«%(field)s»: «%(value)s» taken as %(whole)s.")
                % {"field": name, "value": self.text(name), "whole": whole}
            )
        return whole

    def date(self, name: str) -> datetime.date | None:
        text = self.text(name)
        if not text:
            return None
        for pattern in ("%Y-%m-%d", "%d.%m.%Y"):
            try:
                return datetime.datetime.strptime(text[:10], pattern).date()
            except ValueError:
                continue
        raise Unreadable(_("«%(field)s»: «%(value)s» is not a date.") % {"field": name, "value": text})

    def time(self, name: str) -> datetime.time | None:
        text = self.text(name)
        if not text:
            return None
        match = TIME.match(text)
        try:
            value = datetime.time(int(match[1]), int(match[2]), int(match[3] or 0)) if match else None
        except ValueError:
            value = None
        if value is None:
            raise Unreadable(_("«%(field)s»: «%(value)s» is not a time.") % {"field": name, "value": text})
        if text != value.strftime("%H:%M"):
            self.note(
                _("«%(field)s»: «%(value)s» read as %(time)s.")
                % {"field": name, "value": text, "time": value.strftime("%H:%M")}
            )
        return value

    # ---- lists --------------------------------------------------------------------------

    def codes(self, name: str) -> list[str]:
        """A list of codes, however written: ``<item>`` elements, the element repeated, one
        bare value (said so), a JSON list, or text separated by commas."""
        value = self.raw(name)
        if isinstance(value, dict):
            items = []
            for inner in value.values():
                items += as_list(inner)
        else:
            items = as_list(value)
            if isinstance(value, str) and value.strip():
                self.note(_("«%(field)s»: a single value where a list was expected.") % {"field": name})
        codes = []
        for item in items:
            if isinstance(item, dict):
                item = item.get("code") or item.get("value") or ""
            for code in re.split(r"[,;]", str(item)):
                if code.strip():
                    codes.append(code.strip())
        return codes

    def rows(self, name: str, inner: str) -> list[dict]:
        """A list of compound values (financingSources/financingSource): dicts of text."""
        value = self.raw(name)
        if isinstance(value, dict) and inner in value:
            value = value[inner]
        elif isinstance(value, dict) and value:
            self.note(_("«%(field)s»: a single value where a list was expected.") % {"field": name})
        rows = []
        for item in as_list(value):
            if isinstance(item, dict):
                rows.append({key: v if isinstance(v, str) else "" for key, v in item.items()})
        return rows


@dataclass
class Package:
    datasource: str
    created: str
    kind: str
    since: str
    # the package's own dictionaries: name → the codes it lists
    dictionaries: dict
    records: list
    # what the reader met on the whole (an object list written without its list element …)
    notes: list


def read_package(content: bytes) -> Package:
    """The package's records in the order they are applied: partners, profiles, programs,
    groups, schedules (each kind in the file's order). PackageError when it is no package."""
    body = parse(content)
    notes = []
    objects = body.get("objects")
    if isinstance(objects, list):
        objects = objects[0] if objects and isinstance(objects[0], dict) else {}
    if not isinstance(objects, dict):
        objects = {}
    records = []
    for kind in KINDS:
        holder = objects.get(LISTS[kind])
        if isinstance(holder, dict):
            items = as_list(holder.get(kind))
        elif isinstance(holder, list):  # a JSON rendering without the inner element's name
            items = as_list(holder)
        else:
            items = []
        if kind in objects:
            notes.append(
                _("«%(kind)s» elements straight under «objects», without «%(list)s»: read all the same.")
                % {"kind": kind, "list": LISTS[kind]}
            )
            items += as_list(objects[kind])
        for item in items:
            records.append(Record(kind, item if isinstance(item, dict) else {}))
    if "objects" not in body:
        raise PackageError(_("The file is not a package: it has no «objects»."))
    dictionaries = {}
    raw_dictionaries = body.get("dictionaries")
    if isinstance(raw_dictionaries, dict):
        for name, holder in raw_dictionaries.items():
            items = as_list(holder.get("item")) if isinstance(holder, dict) else as_list(holder)
            dictionaries[name] = {
                str(item.get("code", "")).strip() for item in items if isinstance(item, dict)
            } - {""}

    def attribute(name):
        value = body.get(name)
        return value.strip() if isinstance(value, str) else ""

    return Package(
        datasource=attribute("datasource"),
        created=attribute("created"),
        kind=attribute("kind") or "full",
        since=attribute("since"),
        dictionaries=dictionaries,
        records=records,
        notes=notes,
    )
