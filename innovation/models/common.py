"""What the innovation records share: the academic-year field, the check that a year lies in
the platform's period, and the check that no other row holds a unique constraint's values.

Academic years are referenced by their label (``to_field="label"``), so a period check
(last year not before the first) is a plain CHECK constraint comparing "2013/2014" strings.
"""

from django.db import models
from django.utils.translation import gettext as _

from centre.models import AcademicYear


def year_fk(verbose_name, **extra):
    return models.ForeignKey(
        AcademicYear,
        verbose_name=verbose_name,
        to_field="label",
        on_delete=models.PROTECT,
        related_name="+",
        **extra,
    )


def outside_period(platform, year_label: str) -> str | None:
    """Why a record of this academic year cannot belong to the platform, or None if it can."""
    if platform.covers(year_label):
        return None
    return _("The academic year %(year)s lies outside the platform's period (%(period)s).") % {
        "year": year_label,
        "period": platform.period_label,
    }


def taken_by_another(record, constraint_name: str) -> str | None:
    """The message of the record's unique constraint ``constraint_name`` when another row
    already holds the same values; None when none does or one of the values is still empty.

    A form leaves out of its own checks every constraint on a field it does not show (the
    platform, the organisation), so ``clean()`` asks this, on the field the user can change."""
    constraint = next(c for c in record._meta.constraints if c.name == constraint_name)
    values = {name: getattr(record, record._meta.get_field(name).attname) for name in constraint.fields}
    if not all(values.values()):
        return None
    if type(record).objects.exclude(pk=record.pk).filter(**values).exists():
        return constraint.violation_error_message
    return None
