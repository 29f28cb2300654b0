"""The statistics of an academic year, precomputed (programs/statistics): one row per
organisation and direction, and one per organisation for all its directions, the lines of
form 1-ДОП before a territory sums them. A refresh replaces a year's rows in one
transaction, so a reader sees the old figures or the new, never a mixture; the page shows
when the figures it reads were taken (docs/performance.md says why precomputed)."""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centre.models import AcademicYear, Organisation
from programs.models.reference import Direction


class StatisticsRefresh(models.Model):
    """One computation of a year's figures, queued, running, done or failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    academic_year = models.ForeignKey(
        AcademicYear, verbose_name=_("academic year"), on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    queued_at = models.DateTimeField(_("queued"), default=timezone.now)
    # the figures are the records as they were at this moment
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("statistics refresh")
        verbose_name_plural = _("statistics refreshes")
        ordering = ["-queued_at"]
        indexes = [
            models.Index(fields=["academic_year", "status", "-finished_at"], name="programs_statrefresh_idx")
        ]

    def __str__(self):
        return f"{self.academic_year} {self.get_status_display()}"


class StatisticsRow(models.Model):
    """An organisation's figures in a year for one direction, or (direction empty) for all
    its directions together, where a child in two directions counts once."""

    academic_year = models.ForeignKey(
        AcademicYear, verbose_name=_("academic year"), on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="+"
    )
    direction = models.ForeignKey(
        Direction,
        verbose_name=_("direction"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    clubs_at_schools = models.PositiveIntegerField(_("clubs at schools"), default=0)
    clubs_at_centres = models.PositiveIntegerField(_("clubs at the organisation"), default=0)
    groups = models.PositiveIntegerField(_("groups"), default=0)
    learners = models.PositiveIntegerField(_("children"), default=0)
    enrolments = models.PositiveIntegerField(_("enrolments"), default=0)
    girls = models.PositiveIntegerField(_("girls"), default=0)
    boys = models.PositiveIntegerField(_("boys"), default=0)
    disabled = models.PositiveIntegerField(_("children with disabilities"), default=0)
    age_5_9 = models.PositiveIntegerField(_("aged 5 to 9"), default=0)
    age_10_14 = models.PositiveIntegerField(_("aged 10 to 14"), default=0)
    age_15_17 = models.PositiveIntegerField(_("aged 15 to 17"), default=0)
    teachers = models.PositiveIntegerField(_("teachers"), default=0)

    class Meta:
        verbose_name = _("statistics row")
        verbose_name_plural = _("statistics rows")
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "organisation", "direction"],
                condition=Q(direction__isnull=False),
                name="programs_statrow_one_per_direction",
            ),
            models.UniqueConstraint(
                fields=["academic_year", "organisation"],
                condition=Q(direction__isnull=True),
                name="programs_statrow_one_total",
            ),
        ]

    def __str__(self):
        return f"{self.academic_year} {self.organisation_id} {self.direction_id}"
