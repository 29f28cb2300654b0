"""Acts that grant, renew or end a status, and the academic years each covers for a platform."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centre.models import Organisation
from centre.scope import ScopedQuerySet
from innovation.models.common import outside_period, taken_by_another, year_fk
from innovation.validators import validate_pdf

EARLIEST_DATE = datetime.date(1990, 1, 1)


class Order(models.Model):
    """An act that grants, renews or ends a status: one record per organisation, issuer, number
    and date.

    Each organisation keeps its own record of an act, as of a child (docs/decisions.md): a
    department's directive naming the platforms of two centres is entered by each, so one
    centre's correction of a title or scan never changes what the other holds, and an act is
    read and changed only by the staff of its organisation.
    """

    SCOPE_LOOKUP = "organisation"

    class Kind(models.TextChoices):
        ORDER = "order", _("order (prikaz)")
        DIRECTIVE = "directive", _("directive (rasporyazhenie)")
        RESOLUTION = "resolution", _("resolution (postanovlenie)")
        DECISION = "decision", _("decision (reshenie)")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="innovation_orders",
        help_text=_("The organisation whose platforms the act covers and whose staff entered it."),
    )
    kind = models.CharField(_("kind of act"), max_length=20, choices=Kind.choices, default=Kind.ORDER)
    issuer = models.CharField(
        _("issuing body"),
        max_length=300,
        help_text=_("As written in the act, e.g. «Департамент образования Администрации города Омска»."),
    )
    number = models.CharField(_("number"), max_length=60, help_text=_("As written, e.g. «ДО/277-р»."))
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=500, blank=True)
    file = models.FileField(
        _("scanned copy (PDF)"),
        upload_to="innovation/orders/%Y/",
        blank=True,
        validators=[validate_pdf],
    )
    platforms = models.ManyToManyField(
        "innovation.Platform", through="OrderCoverage", related_name="orders", verbose_name=_("platforms")
    )

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = pgettext_lazy("legal act", "order")
        verbose_name_plural = _("orders")
        ordering = ["date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "issuer", "number", "date"],
                name="innovation_order_unique_act",
                violation_error_message=_(
                    "An order with this issuing body, number and date is already entered."
                ),
            ),
            models.CheckConstraint(
                condition=Q(date__gte=EARLIEST_DATE),
                name="innovation_order_date_plausible",
                violation_error_message=_("The date of the order is too far in the past."),
            ),
            models.CheckConstraint(
                condition=~Q(number=""),
                name="innovation_order_has_number",
                violation_error_message=_("Give the number of the order."),
            ),
        ]

    def __str__(self):
        return _("%(kind)s № %(number)s of %(date)s") % {
            "kind": self.get_kind_display_short(),
            "number": self.number,
            "date": self.date.strftime("%d.%m.%Y") if self.date else "",
        }

    def get_kind_display_short(self) -> str:
        return str(ORDER_KIND_SHORT.get(self.kind, self.get_kind_display()))

    def clean(self):
        errors = {}
        if self.issuer:
            self.issuer = " ".join(self.issuer.split())
        if self.number:
            self.number = self.number.strip()
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("An order cannot be dated in the future.")
        elif self.date and self.date < EARLIEST_DATE:
            errors["date"] = _("The date of the order is too far in the past.")
        if taken := taken_by_another(self, "innovation_order_unique_act"):
            errors["number"] = taken
        if errors:
            raise ValidationError(errors)


ORDER_KIND_SHORT = {
    Order.Kind.ORDER: pgettext_lazy("act", "Order"),
    Order.Kind.DIRECTIVE: pgettext_lazy("act", "Directive"),
    Order.Kind.RESOLUTION: pgettext_lazy("act", "Resolution"),
    Order.Kind.DECISION: pgettext_lazy("act", "Decision"),
}


class OrderCoverage(models.Model):
    """The order grants or renews this platform's status for this academic year."""

    SCOPE_LOOKUP = "platform__organisation"

    order = models.ForeignKey(
        Order,
        verbose_name=pgettext_lazy("legal act", "order"),
        on_delete=models.CASCADE,
        related_name="coverages",
    )
    platform = models.ForeignKey(
        "innovation.Platform", verbose_name=_("platform"), on_delete=models.CASCADE, related_name="coverages"
    )
    academic_year = year_fk(_("academic year"))

    history = HistoricalRecords()
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("order for a year")
        verbose_name_plural = _("orders for years")
        ordering = ["academic_year", "order__date"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "platform", "academic_year"],
                name="innovation_ordercoverage_unique",
                violation_error_message=_("This order is already recorded for this platform and year."),
            )
        ]

    def __str__(self):
        return f"{self.order} — {self.platform} ({self.academic_year_id})"

    def clean(self):
        errors = {}
        if self.order_id and self.platform_id and self.order.organisation_id != self.platform.organisation_id:
            errors["order"] = _(
                "The order is another organisation's record: enter the act for this platform."
            )
        outside = (
            outside_period(self.platform, self.academic_year_id)
            if self.platform_id and self.academic_year_id
            else None
        )
        if outside:
            errors["academic_year"] = outside
        elif taken := taken_by_another(self, "innovation_ordercoverage_unique"):
            errors["academic_year"] = taken
        if errors:
            raise ValidationError(errors)
