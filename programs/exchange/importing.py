"""Applying a federal package (programs/exchange/reading.py gives its records).

The decisions (docs/exchange.md says why):

- One transaction for the package, a savepoint for each object. An object that cannot be
  applied (an unknown focus code, no academic year for its dates, a teacher's clash…) is
  rolled back alone, listed with its reason and skipped; so is every object depending on it
  ("its program was not imported"). The check is the same run rolled back at the end.
- Objects are matched by uuid. A uuid the portal knows in another organisation is skipped.
  Running a package twice reports everything "unchanged" the second time.
- With an organisation (the methodist's page, ``--organisation``), every program goes into
  it and partners are not created; without one (an administrator's command), partners
  create or update organisations by uuid.
- Imported programs are drafts; a program already past the draft (published, under review,
  archived) keeps its text, and its groups and lessons are not created or changed either
  (they would reach the public catalogue at once): they are changed on its page.
- A run takes its organisation's advisory lock first: two imports into one organisation
  never both make the same teacher, club or venue.
- Tombstones (``isDeleted``) delete what they name when it is the organisation's; a program
  with children enrolled is archived instead.
"""

import uuid
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from centre.errors import constraint_error
from centre.locks import advisory_lock
from centre.models import Organisation, Venue
from programs.exchange import importing_catalogue, importing_deletes, importing_groups, report
from programs.exchange.importing_base import Published, Skip, record_name
from programs.exchange.reading import KINDS, Package, Record, Unreadable, read_package
from programs.models import Club, Group, Profile, Program, ScheduleSlot, Tombstone

OUTCOMES = tuple(report.OUTCOMES)
MODELS = {
    "partner": Organisation,
    "programDirection": Profile,
    "program": Program,
    "group": Group,
    "schedule": ScheduleSlot,
}
APPLY = {
    "partner": importing_catalogue.apply_partner,
    "programDirection": importing_catalogue.apply_profile,
    "program": importing_catalogue.apply_program,
    "group": importing_groups.apply_group,
    "schedule": importing_groups.apply_schedule,
}


# what a reference to each kind says when it cannot be followed
NAMES_NONE = {
    "partner": gettext_lazy("It names no organisation («partnerUuid» is empty)."),
    "programDirection": gettext_lazy("It names no profile."),
    "program": gettext_lazy("It names no program («programUuid» is empty)."),
    "group": gettext_lazy("It names no group («groupUuid» is empty)."),
}
NOT_IMPORTED = {
    "partner": gettext_lazy("Its organisation was not imported."),
    "programDirection": gettext_lazy("Its profile was not imported."),
    "program": gettext_lazy("Its program was not imported."),
    "group": gettext_lazy("Its group was not imported."),
}
ABSENT = {
    "partner": gettext_lazy("Its organisation (%(uuid)s) is neither in the package nor in the portal."),
    "programDirection": gettext_lazy("Its profile (%(uuid)s) is neither in the package nor in the portal."),
    "program": gettext_lazy("Its program (%(uuid)s) is neither in the package nor in the portal."),
    "group": gettext_lazy("Its group (%(uuid)s) is neither in the package nor in the portal."),
}


@dataclass
class Result:
    """What a run did: one entry an object (the package's order, deletions last), the totals
    by outcome, and what was said of the package as a whole."""

    report: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def totals(self) -> dict:
        counts = Counter(entry["outcome"] for entry in self.report)
        return {outcome: counts.get(outcome, 0) for outcome in OUTCOMES}


class Run:
    """One application of a package: what each uuid became, and the report."""

    def __init__(self, package: Package, *, organisation=None, by=None):
        self.package = package
        self.organisation = organisation
        self.by = by
        # the package's uuid → our record, for every object applied or found unchanged
        self.found: dict[str, dict] = {kind: {} for kind in KINDS}
        # uuids whose object failed: what depends on them is skipped
        self.failed: dict[str, set] = {kind: set() for kind in KINDS}
        # uuids skipped because their program is published: their dependants say so too
        self.published: dict[str, set] = {kind: set() for kind in KINDS}
        self.result = Result(notes=list(package.notes))
        # the package's uuids that have a tombstone here: a record made under one removes it
        keys = {record.text("uuid").lower() for record in package.records}
        self.tombstones = {
            str(key) for key in Tombstone.objects.filter(uuid__in=_valid(keys)).values_list("uuid", flat=True)
        }
        self.cache: dict = {}
        # a program's hours a year, which the package carries on its groups
        self.hours: dict = {}
        # the partners' addresses, for a venue made for an organisation that has none
        self.addresses: dict = {}
        for record in package.records:
            record.dictionaries = package.dictionaries
            if record.kind == "partner":
                address = record.text("actualAddress") or record.text("address")
                self.addresses[record.text("uuid").lower()] = address
            if record.kind == "group":
                try:
                    hours, program = record.integer("hoursYear"), record.text("programUuid").lower()
                except Unreadable as problem:
                    record.note(str(problem.args[0]))
                    continue
                if hours:
                    self.hours[program] = max(hours, self.hours.get(program, 0))

    def partner_address(self, organisation) -> str:
        """The address the package gives the organisation (or its only partner)."""
        address = self.addresses.get(str(organisation.uuid))
        if not address and len(self.addresses) == 1:
            address = next(iter(self.addresses.values()))
        return address or ""

    def owns(self, organisation_id) -> bool:
        """Whether a record of this organisation is the run's to change."""
        return self.organisation is None or organisation_id == self.organisation.pk

    def resolve(self, kind: str, key):
        """Our record a reference names: applied from the package, or already in the portal
        (and the run's); Skip when it is neither."""
        text = str(key or "").lower()
        if not text:
            raise Skip(str(NAMES_NONE[kind]))
        if text in self.found[kind]:
            return self.found[kind][text]
        if text in self.published[kind]:
            raise Published()
        if text in self.failed[kind]:
            raise Skip(str(NOT_IMPORTED[kind]))
        try:
            existing = MODELS[kind].objects.filter(uuid=text).first()
        except ValidationError:
            existing = None
        if existing is None:
            raise Skip(str(ABSENT[kind]) % {"uuid": text})
        return existing

    def run(self) -> Result:
        records = self.package.records
        for record in records:
            if record.is_deleted():
                continue
            if record.kind == "schedule":
                # one slot a weekday: each its own savepoint, a clash skipping that day alone
                for day in importing_groups.slots_of(record):
                    self.apply(day)
            else:
                self.apply(record)
        # deletions last, the dependants first: a schedule before its group before its program
        for kind in reversed(KINDS):
            for record in records:
                if record.kind == kind and record.is_deleted():
                    self.apply(record, delete=True)
        return self.result

    def apply(self, record: Record, *, delete: bool = False) -> None:
        entry = {
            "object": record.kind,
            "uuid": record.text("uuid").lower(),
            "name": "",
            "outcome": "skipped",
            "reason": "",
        }
        try:
            key = record.uuid()
            if key is None:
                raise Skip(_("The object has no uuid."))
            entry["uuid"] = str(key)
            with transaction.atomic():
                if delete:
                    outcome, name, reason = importing_deletes.apply_tombstone(self, record, key)
                else:
                    outcome, record_found, name, reason = APPLY[record.kind](self, record, key)
                    if outcome == "created" and str(key) in self.tombstones:
                        Tombstone.objects.filter(uuid=key).delete()
                    self.found[record.kind][str(key)] = record_found
            entry.update(outcome=outcome, name=name, reason=reason)
        except Published as problem:
            entry["reason"] = str(problem.args[0])
            self.published[record.kind].add(entry["uuid"])
        except (Skip, Unreadable) as problem:
            entry["reason"] = str(problem.args[0])
        except ValidationError as error:
            entry["reason"] = describe(error, MODELS[record.kind])
        except IntegrityError as error:
            entry["reason"] = " ".join(constraint_error(error, *MODELS.values(), Club, Venue).messages)
        except ProtectedError:
            entry["reason"] = _("Other records depend on it: not deleted.")
        except (ArithmeticError, DataError):
            # a number our bounds let through that Python's or the database's arithmetic refuses
            entry["reason"] = _("A number of the object is out of range: the object is not imported.")
        if entry["outcome"] == "skipped":
            self.failed[record.kind].add(entry["uuid"])
            # what the rolled-back savepoint made (a teacher, a club, a venue) is gone: forget it
            self.cache.clear()
        if not entry["name"]:
            entry["name"] = record_name(record)
        entry["notes"] = list(record.notes)
        self.result.report.append(entry)


def _valid(keys) -> list:
    valid = []
    for key in keys:
        try:
            valid.append(uuid.UUID(key))
        except ValueError:
            continue
    return valid


def describe(error: ValidationError, model) -> str:
    """A model's ValidationError as one line: each field's name and its messages."""
    if not hasattr(error, "error_dict"):
        return " ".join(error.messages)
    parts = []
    for name, messages in error.message_dict.items():
        if name == NON_FIELD_ERRORS:
            parts.append(" ".join(messages))
            continue
        try:
            label = str(model._meta.get_field(name).verbose_name)
        except Exception:
            label = name
        parts.append(f"{label}: {' '.join(messages)}")
    return "; ".join(parts)


def apply_package(package: Package, *, organisation=None, by=None, dry_run: bool = False) -> Result:
    """Apply the package in one transaction (rolled back at the end for ``dry_run``, the
    check): the report of every object."""
    with transaction.atomic():
        # one run at a time into an organisation (or into the whole portal): what it finds or
        # makes by name (teachers, clubs, venues) has no unique rule to stop a second copy
        advisory_lock(f"package-import|{organisation.pk if organisation is not None else 'all'}")
        result = Run(package, organisation=organisation, by=by).run()
        if dry_run:
            transaction.set_rollback(True)
    return result


def import_package(content: bytes, *, organisation=None, by=None, dry_run: bool = False) -> Result:
    """Read and apply a package's bytes; PackageError when it cannot be read at all."""
    return apply_package(read_package(content), organisation=organisation, by=by, dry_run=dry_run)
