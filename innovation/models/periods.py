"""Academic years on innovation records, and the check that a year lies in a platform's period.

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
