"""The waiting list that moves: a freed place offered to the first in line with a deadline,
and a parent's request that the child leave a club."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centre.scope import ScopedQuerySet
from programs.models.applications import Application, Enrolment
from programs.models.groups import Group


class OfferQuerySet(ScopedQuerySet):
    def open(self):
        return self.filter(status=Offer.Status.OPEN)

    def lapsed_by(self, now=None):
        """Open offers whose deadline has passed: the sweep lapses them."""
        return self.open().filter(expires_at__lte=now or timezone.now())

    def reminder_due(self, now=None):
        """Open offers not yet reminded whose reminder time has come (Offer.remind_at)."""
        now = now or timezone.now()
        hours = datetime.timedelta(hours=settings.WAITLIST_REMINDER_HOURS)
        # an offer shorter than the reminder's lead gets none (its task is not scheduled either)
        return self.open().filter(
            Q(expires_at__gt=now) & Q(expires_at__gt=F("offered_at") + hours),
            reminded_at__isnull=True,
            expires_at__lte=now + hours,
        )


class Offer(models.Model):
    """A place held for one application from the waiting list until ``expires_at``: the parent
    accepts (the child is enrolled) or declines by the application's private link; a lapsed
    offer passes the place to the next in line. While open, the place counts in the group's
    ``offered_count``."""

    SCOPE_LOOKUP = "group__club__organisation"

    class Status(models.TextChoices):
        OPEN = "open", _("awaiting the parent's answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        LAPSED = "lapsed", _("lapsed")
        CANCELLED = "cancelled", _("cancelled")

    application = models.ForeignKey(
        Application, verbose_name=_("application"), on_delete=models.CASCADE, related_name="offers"
    )
    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="offers")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    offered_at = models.DateTimeField(_("offered at"), default=timezone.now)
    expires_at = models.DateTimeField(_("answer by"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    objects = OfferQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("offer of a place")
        verbose_name_plural = _("offers of a place")
        ordering = ["-offered_at"]
        indexes = [models.Index(fields=["status", "expires_at"], name="programs_offer_deadline_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(status="open"),
                name="programs_offer_one_open_per_application",
                violation_error_message=_("This application already has an open offer of a place."),
            ),
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("offered_at")),
                name="programs_offer_deadline_after_offer",
                violation_error_message=_("An offer's deadline must come after the offer."),
            ),
        ]

    def __str__(self):
        return f"{self.application.number}: {self.get_status_display()}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN and self.expires_at > timezone.now()

    @property
    def remind_at(self) -> datetime.datetime:
        """When the parent is reminded: WAITLIST_REMINDER_HOURS before the deadline."""
        return self.expires_at - datetime.timedelta(hours=settings.WAITLIST_REMINDER_HOURS)

    @staticmethod
    def deadline_from(now: datetime.datetime) -> datetime.datetime:
        return now + datetime.timedelta(hours=settings.WAITLIST_OFFER_HOURS)


class LeaveRequestQuerySet(ScopedQuerySet):
    def pending(self):
        return self.filter(status=LeaveRequest.Status.PENDING)


class LeaveRequest(models.Model):
    """A parent's request that the child leave a club they are enrolled in, with a reason;
    staff decide it (and the leaving is recorded by order, see the methodist's year)."""

    SCOPE_LOOKUP = "enrolment__group__club__organisation"

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for a decision")
        APPROVED = "approved", _("approved: the child has left")
        REFUSED = "refused", _("refused")

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.PROTECT, related_name="leave_requests"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(_("reason"), max_length=1000)
    leave_on = models.DateField(_("leave from"), default=timezone.localdate)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    staff_comment = models.TextField(_("staff comment"), max_length=1000, blank=True)

    objects = LeaveRequestQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("request to leave a club")
        verbose_name_plural = _("requests to leave a club")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"],
                condition=Q(status="pending"),
                name="programs_leave_one_pending_per_enrolment",
                violation_error_message=_("A request to leave this club is already waiting for a decision."),
            ),
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="programs_leave_has_reason",
                violation_error_message=_("Say why the child is leaving."),
            ),
        ]

    def __str__(self):
        return f"{self.enrolment}: {self.get_status_display()}"
