"""What every kind of object's import shares: the skip with its reason, the name an object
is reported by, and setting a record's fields while telling whether anything changed."""

from django.utils.translation import gettext as _

from programs.exchange.reading import Record, Unreadable


class Skip(Exception):
    """The object is not applied; the argument is the reason, for the report."""


class Published(Skip):
    """A group or lesson of a program past the draft: not created or changed by an import
    (it would be in the public catalogue at once, without the director's review)."""

    def __init__(self):
        super().__init__(_("The program is published: its groups are changed on its page, not by an import."))


# the statuses in which a program's groups and lessons may be imported
EDITABLE = ("draft", "returned")


NAMES = {
    "partner": ("publicName", "shortName"),
    "programDirection": ("name",),
    "program": ("name", "fullName"),
    "group": ("name",),
    "schedule": ("groupUuid",),
}


def record_name(record: Record) -> str:
    """What the report calls an object: its name as the package gives it."""
    for name in NAMES.get(record.kind, ()):
        try:
            text = record.text(name)
        except Unreadable:
            text = ""
        if text:
            return text[:200]
    return ""


def assign(instance, values: dict) -> bool:
    """Set the fields; whether any of them changed (a new record always "changes")."""
    changed = instance._state.adding
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


def validate(instance, *, exclude=()) -> None:
    """The model's field validators (lengths, ages 3 to 18 …), in Python. Not ``clean()``: the
    import makes its own, reported, choices where clean() would refuse. The database's
    constraints are not asked in advance (a query each): a broken one ends the object's
    savepoint with an IntegrityError, reported as the constraint's own sentence."""
    instance.clean_fields(exclude=list(exclude))


def required(value, field: str):
    if value is None or value == "":
        raise Skip(_("«%(field)s» is empty: the object needs it.") % {"field": field})
    return value
