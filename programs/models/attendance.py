"""The attendance register: the lessons a group had (its schedule less the organisation's
days off), a mark per child and lesson, and the months the methodist has closed."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centre.scope import ScopedQuerySet
from programs.models.applications import Enrolment
from programs.models.groups import Group, ScheduleSlot


class Lesson(models.Model):
    """A lesson of a group on a day, made from its schedule when its month's register is
    opened; a mark can only point at one (AttendanceMark.lesson)."""

    SCOPE_LOOKUP = "group__club__organisation"

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="lessons"
    )
    date = models.DateField(_("date"))
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    # the weekly lesson it came from; kept when the schedule changes later
    slot = models.ForeignKey(
        ScheduleSlot,
        verbose_name=_("lesson in the schedule"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["date", "starts"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "date", "starts"],
                name="programs_lesson_once",
                violation_error_message=_("The group already has a lesson at this time."),
            ),
            models.CheckConstraint(
                condition=Q(ends__gt=models.F("starts")), name="programs_lesson_ends_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.starts:%H:%M}"


class AttendanceMark(models.Model):
    SCOPE_LOOKUP = "lesson__group__club__organisation"

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        ILL = "ill", _("absent: illness")
        VALID = "valid", _("absent: valid reason")
        NO_REASON = "no_reason", _("absent: no reason")

    ABSENT = (Status.ILL, Status.VALID, Status.NO_REASON)

    lesson = models.ForeignKey(
        Lesson, verbose_name=_("lesson"), on_delete=models.PROTECT, related_name="marks"
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("child in the group"), on_delete=models.CASCADE, related_name="marks"
    )
    status = models.CharField(_("attendance"), max_length=20, choices=Status.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked at"), auto_now=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attendance mark")
        verbose_name_plural = _("attendance marks")
        constraints = [
            models.UniqueConstraint(
                fields=["lesson", "enrolment"],
                name="programs_mark_once",
                violation_error_message=_("The child is already marked for this lesson."),
            )
        ]
        indexes = [models.Index(fields=["enrolment", "lesson"], name="programs_mark_child_idx")]

    def __str__(self):
        return f"{self.lesson}: {self.get_status_display()}"

    @property
    def is_absent(self) -> bool:
        return self.status in self.ABSENT


class AttendanceMonth(models.Model):
    """A month of a group's register closed by the methodist (the timesheet has gone to the
    accountant): from then on only the methodist changes its marks."""

    SCOPE_LOOKUP = "group__club__organisation"

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="closed_months"
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closed month of the register")
        verbose_name_plural = _("closed months of the register")
        ordering = ["group", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "month"],
                name="programs_attendancemonth_once",
                violation_error_message=_("This month of the register is already closed."),
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="programs_attendancemonth_first_day"),
        ]

    def __str__(self):
        return f"{self.group}: {self.month:%m.%Y}"
