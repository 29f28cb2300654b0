"""Orders of the organisation (приказы) that enrol children, let them leave and move them to
the next year of study: a draft gathers the children, the director signs it off, or the number
and date of an order signed on paper are entered."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centre.models import AcademicYear, Organisation
from centre.scope import ScopedQuerySet


class LeavingReason(models.TextChoices):
    PARENT_REQUEST = "parent_request", _("at the parent's request")
    COMPLETED = "completed", _("the program is completed")
    TRANSFER = "transfer", _("transfer to another organisation")
    OTHER = "other", _("other reason")


class OrderQuerySet(ScopedQuerySet):
    def drafts(self):
        return self.filter(status=Order.Status.DRAFT)

    def signed(self):
        return self.filter(status=Order.Status.SIGNED)


class Order(models.Model):
    """An order about children: its enrolments point at it (``Enrolment.order``), its
    leavings too (``Enrolment.leaving_order``); a transfer to the next year of study does
    both, ending last year's enrolment and beginning next year's."""

    SCOPE_LOOKUP = "organisation"

    class Kind(models.TextChoices):
        ENROLMENT = "enrolment", _("enrolment order")
        LEAVING = "leaving", _("leaving order")
        TRANSFER = "transfer", _("order of transfer to the next year of study")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("signed")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="child_orders"
    )
    academic_year = models.ForeignKey(
        AcademicYear, verbose_name=_("academic year"), on_delete=models.PROTECT, related_name="child_orders"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    number = models.CharField(_("order number"), max_length=40, blank=True)
    signed_on = models.DateField(_("order date"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    # True when the order was signed on paper and its number and date entered afterwards
    on_paper = models.BooleanField(_("signed on paper"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("drafted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    objects = OrderQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("order about children")
        verbose_name_plural = _("orders about children")
        ordering = ["-academic_year__start", "-signed_on", "-id"]
        indexes = [
            models.Index(fields=["organisation", "status", "kind"], name="programs_order_org_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "academic_year", "number"],
                condition=~Q(number=""),
                name="programs_order_number_unique",
                violation_error_message=_(
                    "The organisation already has an order with this number this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(number="") & Q(signed_on__isnull=False)),
                name="programs_order_signed_has_number",
                violation_error_message=_("A signed order needs its number and date."),
            ),
        ]

    def __str__(self):
        if self.number:
            return _("Order № %(number)s of %(date)s") % {
                "number": self.number,
                "date": self.signed_on.strftime("%d.%m.%Y") if self.signed_on else "—",
            }
        return _("Draft %(kind)s") % {"kind": self.get_kind_display()}

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT
