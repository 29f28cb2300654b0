"""A platform's change history for its page: the platform, its orders and their coverage,
read from django-simple-history's tables in a fixed number of queries."""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from innovation.models import Order, OrderCoverage, Platform

ACTIONS = {"+": _("created"), "~": _("changed"), "-": _("deleted")}


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
    subject: str
    changes: list[Change] = field(default_factory=list)


def platform_history(platform: Platform, order_ids: list[int]) -> list[Entry]:
    entries = []
    sources = [
        (
            Platform.history.filter(id=platform.pk),
            lambda record: _("Platform"),
            ["history_id", "history_date", "history_type", "history_user", "history_change_reason", "id"],
        ),
        (
            Order.history.filter(id__in=order_ids),
            lambda record: _("Order № %(number)s") % {"number": record.number},
            ["history_id", "history_date", "history_type", "history_user", "history_change_reason", "id"],
        ),
        (
            OrderCoverage.history.filter(platform_id=platform.pk),
            lambda record: _("Order for the academic year %(year)s") % {"year": record.academic_year_id},
            ["history_id", "history_date", "history_type", "history_user", "history_change_reason", "id"],
        ),
    ]
    for queryset, subject, skip in sources:
        records = list(queryset.select_related("history_user").order_by("id", "history_date", "history_id"))
        previous = {}
        for record in records:
            before = previous.get(record.id)
            changes = []
            if before is not None and record.history_type == "~":
                delta = record.diff_against(before)
                for change in delta.changes:
                    if change.field in skip:
                        continue
                    model_field = record.instance_type._meta.get_field(change.field)
                    changes.append(
                        Change(
                            field=str(model_field.verbose_name),
                            old=_display(model_field, change.old),
                            new=_display(model_field, change.new),
                        )
                    )
                if not changes:
                    previous[record.id] = record
                    continue
            user = record.history_user
            entries.append(
                Entry(
                    when=record.history_date,
                    who=(user.get_full_name() or user.get_username()) if user else str(_("unknown")),
                    action=str(ACTIONS.get(record.history_type, record.history_type)),
                    subject=str(subject(record)),
                    changes=changes,
                )
            )
            previous[record.id] = record
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return entries


def _display(model_field, value) -> str:
    if value in (None, ""):
        return "—"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return formats.date_format(value, "d.m.Y")
    if isinstance(model_field, models.FileField):
        return str(value).rsplit("/", 1)[-1]
    return str(value)
