"""What a platform did in an academic year: its yearly report and its methodical products."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from centre.models import Person
from centre.scope import ScopedQuerySet
from innovation.models.common import outside_period, taken_by_another, year_fk
from innovation.validators import validate_pdf


class YearlyReport(models.Model):
    """What a platform did in an academic year: teams, participants, summary."""

    SCOPE_LOOKUP = "platform__organisation"

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("report status", "draft")
        SUBMITTED = "submitted", pgettext_lazy("report status", "submitted")

    platform = models.ForeignKey(
        "innovation.Platform", verbose_name=_("platform"), on_delete=models.CASCADE, related_name="reports"
    )
    academic_year = year_fk(_("academic year"))
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
            if outside := outside_period(self.platform, self.academic_year_id):
                errors["academic_year"] = outside
            elif taken := taken_by_another(self, "innovation_yearlyreport_one_per_year"):
                errors["academic_year"] = taken
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
        "innovation.Platform", verbose_name=_("platform"), on_delete=models.CASCADE, related_name="products"
    )
    academic_year = year_fk(_("academic year"))
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
            if outside := outside_period(self.platform, self.academic_year_id):
                errors["academic_year"] = outside
            elif taken := taken_by_another(self, "innovation_product_unique_title"):
                errors["title"] = taken
        if errors:
            raise ValidationError(errors)
