"""Innovation platforms: the status granted to an organisation for a theme, and its kinds."""

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
from innovation.models.common import year_fk
from innovation.models.orders import OrderCoverage
from innovation.models.reports import YearlyReport


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
    first_year = year_fk(_("first academic year"))
    last_year = year_fk(
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
