"""What an education authority records of its territory for a year: the number of its
schoolchildren, so that the statistics can give coverage as a share of them (seed 004:
2,364,966 children, 77.6 % of all pupils)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from centre.models.organisations import Organisation
from centre.models.years import AcademicYear


class TerritoryPupils(models.Model):
    authority = models.ForeignKey(
        Organisation,
        verbose_name=_("education authority"),
        on_delete=models.CASCADE,
        related_name="pupil_counts",
        limit_choices_to={"kind": Organisation.Kind.AUTHORITY},
    )
    academic_year = models.ForeignKey(
        AcademicYear, verbose_name=_("academic year"), on_delete=models.CASCADE, related_name="+"
    )
    pupils = models.PositiveIntegerField(_("schoolchildren of the territory"))
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered"), auto_now=True)

    class Meta:
        verbose_name = _("schoolchildren of a territory")
        verbose_name_plural = _("schoolchildren of territories")
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "academic_year"],
                name="centre_territorypupils_one_a_year",
                violation_error_message=_("The number of schoolchildren of this year is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(pupils__gt=0),
                name="centre_territorypupils_positive",
                violation_error_message=_("The number of schoolchildren must be above zero."),
            ),
        ]

    def __str__(self):
        return f"{self.authority} {self.academic_year}: {self.pupils}"
