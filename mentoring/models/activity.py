"""What happens in a pair: the steps of its plan, its meetings, and the feedback of its people."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centre.scope import ScopedQuerySet
from mentoring.models.participants import Participant


class PlanItem(models.Model):
    """A step of the pair's plan (дорожная карта)."""

    SCOPE_LOOKUP = "pair__program__organisation"

    pair = models.ForeignKey(
        "mentoring.Pair", verbose_name=_("pair"), on_delete=models.CASCADE, related_name="plan_items"
    )
    title = models.CharField(_("step"), max_length=300)
    due_date = models.DateField(_("due date"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["due_date", "id"]

    def __str__(self):
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.done_on is None and self.due_date < timezone.localdate()

    def clean(self):
        if self.done_on and self.done_on > timezone.localdate():
            raise ValidationError({"done_on": _("A step cannot be done in the future.")})


class Meeting(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("in person")
        ONLINE = "online", _("online")

    SCOPE_LOOKUP = "pair__program__organisation"

    pair = models.ForeignKey(
        "mentoring.Pair", verbose_name=_("pair"), on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("date"))
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    topic = models.CharField(_("topic"), max_length=300)
    notes = models.TextField(_("notes"), blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"))
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("logged at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["pair", "date"], name="mentoring_meeting_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="mentoring_meeting_duration_range",
                violation_error_message=_("A meeting lasts from 5 minutes to 8 hours."),
            ),
        ]

    def __str__(self):
        return f"{self.date:%d.%m.%Y} {self.topic}"

    def clean(self):
        errors = {}
        if self.duration_minutes is not None and not 5 <= self.duration_minutes <= 480:
            errors["duration_minutes"] = _("A meeting lasts from 5 minutes to 8 hours.")
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("Log a meeting after it has taken place, not in advance.")
        elif self.date and self.pair_id and self.date < self.pair.start:
            errors["date"] = _("The meeting cannot be earlier than the start of the pair.")
        if errors:
            raise ValidationError(errors)


class Feedback(models.Model):
    """A satisfaction questionnaire from one side of the pair."""

    class Kind(models.TextChoices):
        INTERIM = "interim", _("interim")
        FINAL = "final", _("final")

    SCOPE_LOOKUP = "participant__program__organisation"

    participant = models.ForeignKey(
        Participant, verbose_name=_("from"), on_delete=models.CASCADE, related_name="feedback"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.INTERIM)
    satisfaction = models.PositiveSmallIntegerField(_("satisfaction, 1 to 10"))
    comments = models.TextField(_("comments"), blank=True)
    created_at = models.DateTimeField(_("left at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(satisfaction__gte=1, satisfaction__lte=10),
                name="mentoring_feedback_satisfaction_range",
                violation_error_message=_("Rate satisfaction from 1 to 10."),
            ),
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(kind="final"),
                name="mentoring_feedback_one_final",
                violation_error_message=_("This participant has already left final feedback."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.satisfaction}/10"

    def clean(self):
        if self.satisfaction is not None and not 1 <= self.satisfaction <= 10:
            raise ValidationError({"satisfaction": _("Rate satisfaction from 1 to 10.")})
