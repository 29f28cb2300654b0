"""A guardian's consent to the processing of a child's personal data."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centre.models.people import Guardian, Guardianship, Learner


class ConsentQuerySet(models.QuerySet):
    def valid(self, on: datetime.date | None = None):
        """Consents in force on a day: given, not expired, not withdrawn."""
        day = on or timezone.localdate()
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            given_on__lte=day,
            withdrawn_at__isnull=True,
        )

    def processing(self):
        return self.filter(kind=Consent.Kind.PROCESSING)

    def publication(self):
        return self.filter(kind=Consent.Kind.PUBLICATION)


class Consent(models.Model):
    """A guardian's written consent for one child. Processing and publication are separate
    documents (152-ФЗ art. 10.1), so each is its own record, never one checkbox."""

    class Kind(models.TextChoices):
        PROCESSING = "processing", _("processing of personal data")
        PUBLICATION = "publication", _("publication of personal data")

    guardian = models.ForeignKey(
        Guardian, verbose_name=_("guardian"), on_delete=models.PROTECT, related_name="consents"
    )
    learner = models.ForeignKey(
        Learner, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("kind of consent"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text the guardian agreed to"), blank=True)
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ConsentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["learner", "kind"], name="centre_consent_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("given_on")),
                name="centre_consent_valid_after_given",
                violation_error_message=_("A consent cannot expire before the day it was given."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.learner}"

    @property
    def is_valid(self) -> bool:
        today = timezone.localdate()
        return (
            self.withdrawn_at is None
            and self.given_on <= today
            and (self.valid_until is None or self.valid_until >= today)
        )

    def clean(self):
        if self.given_on and self.valid_until and self.valid_until < self.given_on:
            raise ValidationError({"valid_until": _("A consent cannot expire before the day it was given.")})
        if (
            self.guardian_id
            and self.learner_id
            and not Guardianship.objects.filter(
                guardian_id=self.guardian_id, learner_id=self.learner_id
            ).exists()
        ):
            raise ValidationError(
                {"guardian": _("Only the child's parent or legal guardian can give this consent.")}
            )
