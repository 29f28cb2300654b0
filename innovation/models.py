"""Innovation platforms: the status, the acts that grant it each year, reports and products.

An order (приказ, распоряжение ...) is one act of an issuing body; one act often names
several platforms (a department's распоряжение lists every municipal platform of the year)
or is cited for more than one academic year (seed 001 cites the ИРООО order № 378 for both
2013-2014 and 2014-2015). So the act is stored once and an ``OrderCoverage`` row says which
platform it covers for which academic year.

Academic years are referenced by their label (``to_field="label"``), so a period check
(last year not before the first) is a plain CHECK constraint comparing "2013/2014" strings.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centre.models import AcademicYear, Organisation, Person
from centre.scope import ScopedQuerySet
from innovation.validators import validate_pdf

EARLIEST_DATE = datetime.date(1990, 1, 1)


def _year_fk(verbose_name, **extra):
    return models.ForeignKey(
        AcademicYear,
        verbose_name=verbose_name,
        to_field="label",
        on_delete=models.PROTECT,
        related_name="+",
        **extra,
    )


class PlatformKind(models.Model):
    """An editable list: ГИП, РИП, РИП-ИнКО, ФИП, стажировочная площадка ..."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("kind of platform")
        verbose_name_plural = _("kinds of platform")
        ordering = ["name"]

    def __str__(self):
        return self.abbreviation or self.name


class PlatformQuerySet(ScopedQuerySet):
    def live(self):
        """Platforms whose status is in force: granted, active or extended."""
        return self.filter(status__in=Platform.LIVE_STATUSES)

    def public(self):
        """What a centre publishes: everything but applications not yet granted."""
        return self.exclude(status=Platform.Status.APPLIED)

    def covering(self, year: AcademicYear):
        """Platforms whose period includes the academic year."""
        return self.filter(
            Q(last_year__isnull=True) | Q(last_year__gte=year.label), first_year__lte=year.label
        )

    def missing_order_for(self, year: AcademicYear):
        """Live platforms of the year that no order covers for that year."""
        covered = OrderCoverage.objects.filter(platform=OuterRef("pk"), academic_year=year.label)
        return self.live().covering(year).filter(~Exists(covered))

    def missing_report_for(self, year: AcademicYear):
        """Live platforms that worked in the year and have no submitted report for it."""
        submitted = YearlyReport.objects.filter(
            platform=OuterRef("pk"), academic_year=year.label, status=YearlyReport.Status.SUBMITTED
        )
        return self.live().covering(year).filter(~Exists(submitted))

    def ending_between(self, start: datetime.date, end: datetime.date):
        """Live platforms whose last academic year ends within the dates."""
        return self.live().filter(last_year__end__gte=start, last_year__end__lte=end)

    def for_register(self):
        return self.select_related("organisation", "kind", "first_year", "last_year").order_by(
            "organisation__name", "first_year", "level", "theme"
        )


class Platform(models.Model):
    """A status granted to an organisation for an innovation theme."""

    class Level(models.TextChoices):
        MUNICIPAL = "municipal", pgettext_lazy("platform level", "municipal")
        CITY = "city", pgettext_lazy("platform level", "city")
        REGIONAL = "regional", pgettext_lazy("platform level", "regional")
        REPUBLICAN = "republican", pgettext_lazy("platform level", "republican")
        FEDERAL = "federal", pgettext_lazy("platform level", "federal")

    class Status(models.TextChoices):
        APPLIED = "applied", pgettext_lazy("platform status", "applied")
        GRANTED = "granted", pgettext_lazy("platform status", "granted")
        ACTIVE = "active", pgettext_lazy("platform status", "active")
        EXTENDED = "extended", pgettext_lazy("platform status", "extended")
        COMPLETED = "completed", pgettext_lazy("platform status", "completed")
        TERMINATED = "terminated", pgettext_lazy("platform status", "terminated early")

    LIVE_STATUSES = (Status.GRANTED, Status.ACTIVE, Status.EXTENDED)
    FINISHED_STATUSES = (Status.COMPLETED, Status.TERMINATED)
    SCOPE_LOOKUP = "organisation"

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="innovation_platforms",
        help_text=_("The organisation that holds the status."),
    )
    theme = models.CharField(_("theme"), max_length=500)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    kind = models.ForeignKey(
        PlatformKind,
        verbose_name=_("kind"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="platforms",
    )
    network = models.CharField(
        _("network or complex"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the regional innovation complex in education (РИП-ИнКО)."),
    )
    supervising_body = models.CharField(_("supervising body"), max_length=300, blank=True)
    first_year = _year_fk(_("first academic year"))
    last_year = _year_fk(
        _("last academic year"),
        null=True,
        blank=True,
        help_text=_("Leave empty while the term is open."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLIED)
    closed_on = models.DateField(
        _("closed on"),
        null=True,
        blank=True,
        help_text=_("The day the work ended; required when terminated early."),
    )
    responsible = models.ManyToManyField(
        Person, verbose_name=_("responsible staff"), blank=True, related_name="innovation_platforms"
    )
    goals = models.TextField(_("goals and tasks"), blank=True)
    description = models.TextField(_("description"), blank=True)

    history = HistoricalRecords()
    objects = PlatformQuerySet.as_manager()

    class Meta:
        verbose_name = _("innovation platform")
        verbose_name_plural = _("innovation platforms")
        ordering = ["organisation__name", "first_year", "theme"]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_year__isnull=True) | Q(last_year__gte=F("first_year")),
                name="innovation_platform_period_ends_after_start",
                violation_error_message=_("The period cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(status__in=["granted", "active", "extended"]),
                name="innovation_platform_closed_only_when_finished",
                violation_error_message=_("A platform in force cannot have a closing date."),
            ),
            models.CheckConstraint(
                condition=~Q(status="terminated") | Q(closed_on__isnull=False),
                name="innovation_platform_terminated_has_date",
                violation_error_message=_("Give the day the platform was terminated."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "level", "theme"],
                condition=Q(status__in=["applied", "granted", "active", "extended"]),
                name="innovation_platform_unique_open_theme",
                violation_error_message=_(
                    "This organisation already has an open platform with this theme and level."
                ),
            ),
        ]

    def __str__(self):
        return self.theme

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED_STATUSES

    def covers(self, year_label: str) -> bool:
        """Whether the platform's period includes the academic year with this label."""
        if not self.first_year_id or year_label < self.first_year_id:
            return False
        return self.last_year_id is None or year_label <= self.last_year_id

    @property
    def period_label(self) -> str:
        if not self.first_year_id:
            return ""
        if self.last_year_id == self.first_year_id:
            return self.first_year_id
        return f"{self.first_year_id} – {self.last_year_id or '…'}"

    def clean(self):
        errors = {}
        if self.first_year_id and self.last_year_id and self.last_year_id < self.first_year_id:
            errors["last_year"] = _("The period cannot end before it starts.")
        if self.status in self.LIVE_STATUSES and self.closed_on:
            errors["closed_on"] = _("A platform in force cannot have a closing date.")
        if self.status == self.Status.TERMINATED and not self.closed_on:
            errors["closed_on"] = _("Give the day the platform was terminated.")
        if self.closed_on and self.closed_on > timezone.localdate():
            errors["closed_on"] = _("The closing date cannot be in the future.")
        if self.pk and self.status not in self.FINISHED_STATUSES:
            stored = Platform.objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored in self.FINISHED_STATUSES:
                errors["status"] = _(
                    "This platform has been finished; it cannot be given a status in force again. "
                    "Enter a new platform for a new term."
                )
        if errors:
            raise ValidationError(errors)


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
        Platform, through="OrderCoverage", related_name="orders", verbose_name=_("platforms")
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
        if (
            self.issuer
            and self.number
            and self.date
            and self.organisation_id
            and Order.objects.exclude(pk=self.pk)
            .filter(
                organisation_id=self.organisation_id, issuer=self.issuer, number=self.number, date=self.date
            )
            .exists()
        ):
            errors["number"] = _("An order with this issuing body, number and date is already entered.")
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
        Platform, verbose_name=_("platform"), on_delete=models.CASCADE, related_name="coverages"
    )
    academic_year = _year_fk(_("academic year"))

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
        if self.platform_id and self.academic_year_id and not self.platform.covers(self.academic_year_id):
            errors["academic_year"] = _(
                "The academic year %(year)s lies outside the platform's period (%(period)s)."
            ) % {"year": self.academic_year_id, "period": self.platform.period_label}
        elif (
            self.order_id
            and self.platform_id
            and self.academic_year_id
            and OrderCoverage.objects.exclude(pk=self.pk)
            .filter(order_id=self.order_id, platform_id=self.platform_id, academic_year=self.academic_year_id)
            .exists()
        ):
            errors["academic_year"] = _("This order is already recorded for this platform and year.")
        if errors:
            raise ValidationError(errors)


class YearlyReport(models.Model):
    """What a platform did in an academic year: teams, participants, summary."""

    SCOPE_LOOKUP = "platform__organisation"

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("report status", "draft")
        SUBMITTED = "submitted", pgettext_lazy("report status", "submitted")

    platform = models.ForeignKey(
        Platform, verbose_name=_("platform"), on_delete=models.CASCADE, related_name="reports"
    )
    academic_year = _year_fk(_("academic year"))
    teams = models.PositiveSmallIntegerField(_("pedagogical teams"), default=0)
    participants = models.PositiveSmallIntegerField(_("participants"), default=0)
    staff = models.ManyToManyField(
        Person, verbose_name=_("participating staff"), blank=True, related_name="innovation_reports"
    )
    summary = models.TextField(pgettext_lazy("yearly report", "summary"), blank=True)
    dissemination = models.TextField(_("dissemination of experience"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("yearly report")
        verbose_name_plural = _("yearly reports")
        ordering = ["academic_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "academic_year"],
                name="innovation_yearlyreport_one_per_year",
                violation_error_message=_("This platform already has a report for this academic year."),
            ),
            models.CheckConstraint(
                condition=~Q(status="submitted") | Q(submitted_on__isnull=False),
                name="innovation_yearlyreport_submitted_has_date",
                violation_error_message=_("A submitted report needs the day it was submitted."),
            ),
            models.CheckConstraint(
                condition=Q(teams__lte=F("participants")) | Q(participants=0),
                name="innovation_yearlyreport_teams_not_above_participants",
                violation_error_message=_("There cannot be more teams than participants."),
            ),
        ]

    def __str__(self):
        return f"{self.platform} — {self.academic_year_id}"

    def clean(self):
        errors = {}
        if self.platform_id and self.academic_year_id:
            if not self.platform.covers(self.academic_year_id):
                errors["academic_year"] = _(
                    "The academic year %(year)s lies outside the platform's period (%(period)s)."
                ) % {"year": self.academic_year_id, "period": self.platform.period_label}
            elif (
                YearlyReport.objects.exclude(pk=self.pk)
                .filter(platform_id=self.platform_id, academic_year=self.academic_year_id)
                .exists()
            ):
                errors["academic_year"] = _("This platform already has a report for this academic year.")
        if self.status == self.Status.SUBMITTED and not self.submitted_on:
            errors["submitted_on"] = _("A submitted report needs the day it was submitted.")
        if self.submitted_on and self.submitted_on > timezone.localdate():
            errors["submitted_on"] = _("The day of submission cannot be in the future.")
        if self.participants and self.teams > self.participants:
            errors["teams"] = _("There cannot be more teams than participants.")
        if errors:
            raise ValidationError(errors)


class Product(models.Model):
    """A methodical product of a platform: a program, recommendations, a publication ..."""

    SCOPE_LOOKUP = "platform__organisation"

    class Kind(models.TextChoices):
        PROGRAM = "program", _("program")
        RECOMMENDATIONS = "recommendations", _("methodical recommendations")
        PUBLICATION = "publication", _("publication")
        EVENT = "event", _("seminar or master class")
        PROJECT = "project", _("project")
        OTHER = "other", _("other")

    platform = models.ForeignKey(
        Platform, verbose_name=_("platform"), on_delete=models.CASCADE, related_name="products"
    )
    academic_year = _year_fk(_("academic year"))
    kind = models.CharField(_("kind of product"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    link = models.URLField(_("link"), blank=True)
    file = models.FileField(
        _("file (PDF)"), upload_to="innovation/products/%Y/", blank=True, validators=[validate_pdf]
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("methodical product")
        verbose_name_plural = _("methodical products")
        ordering = ["academic_year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "academic_year", "title"],
                name="innovation_product_unique_title",
                violation_error_message=_(
                    "This platform already has a product with this title in this year."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="innovation_product_has_title",
                violation_error_message=_("Give the title of the product."),
            ),
        ]

    def __str__(self):
        return self.title

    def clean(self):
        errors = {}
        if self.platform_id and self.academic_year_id:
            if not self.platform.covers(self.academic_year_id):
                errors["academic_year"] = _(
                    "The academic year %(year)s lies outside the platform's period (%(period)s)."
                ) % {"year": self.academic_year_id, "period": self.platform.period_label}
            elif (
                self.title
                and Product.objects.exclude(pk=self.pk)
                .filter(platform_id=self.platform_id, academic_year=self.academic_year_id, title=self.title)
                .exists()
            ):
                errors["title"] = _("This platform already has a product with this title in this year.")
        if errors:
            raise ValidationError(errors)
