"""Academic years (one current, none overlapping), organisations' academic calendars (the
days without lessons) and the id ranges the generator made."""

import datetime

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, F, Func, Q, Subquery, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centre.scope import ScopedQuerySet

CURRENT_YEAR_CACHE_KEY = "centre:current-academic-year-id"


class AcademicYearQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True).first()

    def current_id(self) -> int | None:
        """The current year's id, cached for a minute: hot public queries compare it as a
        literal. Saving an academic year clears it (AcademicYear.save)."""
        year_id = cache.get(CURRENT_YEAR_CACHE_KEY)
        if year_id is None:
            year_id = self.filter(is_current=True).values_list("id", flat=True).first() or 0
            cache.set(CURRENT_YEAR_CACHE_KEY, year_id, 60)
        return year_id or None

    def current_and_later(self) -> "models.QuerySet":
        """The ids (``values("pk")``) of the current academic year and those after it; without
        a current year, of every year not yet over. One lazy query, fit for ``__in`` (the
        package, the teachers' calendars); the public catalogue stays the current year only."""
        years = self.model._default_manager.all()
        current_start = years.filter(is_current=True).values("start")[:1]
        upcoming = Q(start__gte=Subquery(current_start)) | (
            ~Exists(years.filter(is_current=True)) & Q(end__gte=timezone.localdate())
        )
        return self.filter(upcoming).values("pk")

    def containing(self, day: datetime.date):
        return self.filter(start__lte=day, end__gte=day).first()


class AcademicYear(models.Model):
    label_validator = RegexValidator(r"^\d{4}/\d{4}$", _("Write the academic year as 2025/2026."))

    label = models.CharField(_("academic year"), max_length=9, unique=True, validators=[label_validator])
    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"))
    is_current = models.BooleanField(_("current"), default=False)

    objects = AcademicYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="centre_academicyear_ends_after_start",
                violation_error_message=_("An academic year must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(label__regex=r"^\d{4}/\d{4}$"),
                name="centre_academicyear_label_format",
                violation_error_message=_("Write the academic year as 2025/2026."),
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="centre_academicyear_one_current",
                violation_error_message=_("Only one academic year can be current."),
            ),
            ExclusionConstraint(
                name="centre_academicyear_no_overlap",
                expressions=[
                    (
                        Func(
                            F("start"),
                            F("end"),
                            Value("[]"),
                            function="daterange",
                            output_field=DateRangeField(),
                        ),
                        RangeOperators.OVERLAPS,
                    )
                ],
                violation_error_message=_("This academic year overlaps another one."),
            ),
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(CURRENT_YEAR_CACHE_KEY)

    @property
    def first_calendar_year(self) -> int:
        return int(self.label[:4])

    def clean(self):
        if self.label and self.label_validator.regex.match(self.label):
            first, second = (int(part) for part in self.label.split("/"))
            if second != first + 1:
                raise ValidationError({"label": _("The second year must follow the first, as in 2025/2026.")})
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("An academic year must end after it starts.")})


class GeneratedRange(models.Model):
    """Ids of rows made by `generate_data`, so that `--replace` removes exactly those."""

    table = models.CharField(max_length=100)
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    scale = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("generated data range")
        verbose_name_plural = _("generated data ranges")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_id__gte=F("first_id")), name="centre_generatedrange_ordered"
            )
        ]

    def __str__(self):
        return f"{self.table} {self.first_id}–{self.last_id}"


class CalendarDay(models.Model):
    """A day of an organisation's academic calendar on which its lessons do not take place: a
    holiday (state holidays, the school holidays) or a day cancelled (quarantine, a closure).
    The attendance register and the calendars leave these days out of the schedule."""

    SCOPE_LOOKUP = "organisation"

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("holiday")
        CANCELLED = "cancelled", _("lessons cancelled")

    organisation = models.ForeignKey(
        "centre.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="calendar_days",
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.HOLIDAY)
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("day off in the academic calendar")
        verbose_name_plural = _("academic calendar")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "date"],
                name="centre_calendarday_once",
                violation_error_message=_("This day is already in the organisation's calendar."),
            )
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.get_kind_display()}"
