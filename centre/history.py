"""A record's change history for staff pages: who, when, what changed (django-simple-history).

``history_of(obj)`` reads one record's history; ``history_entries(records)`` any queryset of
historical records (e.g. a learner's consents). Both run a fixed number of queries: the
records with their users, then one query per kind of related record named in a change.
Rendered by ``templates/includes/history.html``.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# a context of their own: other catalogues translate "created" as a field name ("дата создания")
ACTIONS = {
    "+": pgettext_lazy("change history", "created"),
    "~": pgettext_lazy("change history", "changed"),
    "-": pgettext_lazy("change history", "deleted"),
}
SKIP = {"history_id", "history_date", "history_type", "history_user", "history_change_reason", "id"}


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class Entry:
    when: datetime.datetime
    who: str
    action: str
    subject: str = ""
    changes: list[Change] = field(default_factory=list)
    # why the change was made, where the change asks for one (staff moving a waiting line)
    reason: str = ""


def history_of(obj, *, limit: int = 50) -> list[Entry]:
    """The history of one record, newest first."""
    return history_entries(obj.history.all(), limit=limit)


def history_entries(records, *, subject=None, limit: int = 50) -> list[Entry]:
    """Entries for a queryset of historical records, newest first; unchanged saves are left out."""
    records = list(records.select_related("history_user").order_by("history_date", "history_id"))
    previous = {}
    pending = []  # (record, [(model_field, old, new)])
    for record in records:
        key = getattr(record, record.instance_type._meta.pk.attname)
        before = previous.get(key)
        previous[key] = record
        changes = []
        if before is not None and record.history_type == "~":
            delta = record.diff_against(before)
            for change in delta.changes:
                if change.field in SKIP:
                    continue
                model_field = record.instance_type._meta.get_field(change.field)
                changes.append((model_field, change.old, change.new))
            if not changes:
                continue
        pending.append((record, changes))
    pending = pending[-limit:] if limit else pending
    names = _related_names(changes for _record, changes in pending)
    entries = []
    for record, changes in reversed(pending):
        user = record.history_user
        entries.append(
            Entry(
                when=record.history_date,
                who=(user.get_full_name() or user.get_username()) if user else str(_("unknown")),
                action=str(ACTIONS.get(record.history_type, record.history_type)),
                subject=str(subject(record)) if subject else "",
                reason=record.history_change_reason or "",
                changes=[
                    Change(
                        field=str(model_field.verbose_name),
                        old=_display(model_field, old, names),
                        new=_display(model_field, new, names),
                    )
                    for model_field, old, new in changes
                ],
            )
        )
    return entries


def _related_names(change_lists) -> dict:
    """str() of every related record named in the changes: one query per related model."""
    wanted = defaultdict(set)
    for changes in change_lists:
        for model_field, old, new in changes:
            if isinstance(model_field, models.ForeignKey):
                wanted[model_field.related_model].update(v for v in (old, new) if v is not None)
    return {
        (model, pk): str(obj)
        for model, pks in wanted.items()
        for pk, obj in model._default_manager.in_bulk(pks).items()
    }


def _display(model_field, value, names) -> str:
    if value in (None, ""):
        return "—"
    if isinstance(model_field, models.ForeignKey):
        return names.get((model_field.related_model, value), _("No. %(number)s") % {"number": value})
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.datetime):
        return formats.date_format(
            timezone.localtime(value) if timezone.is_aware(value) else value, "d.m.Y H:i"
        )
    if isinstance(value, datetime.date):
        return formats.date_format(value, "d.m.Y")
    if isinstance(value, bool):
        return str(_("yes") if value else _("no"))
    if isinstance(value, list):
        return ", ".join(str(dict(model_field.base_field.flatchoices).get(v, v)) for v in value) or "—"
    return str(value)
