"""Parents' applications for a place, and enrolments; the rules of deciding an application."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centre.dates import age_on, working_days_before
from centre.models import Child, Learner, Relation
from centre.scope import ScopedQuerySet
from programs.models.groups import Group
from programs.models.orders import LeavingReason

# the rule "a rejection gives its reason": the database's constraint, Application.clean, the
# service and the form all say it in these words
REASON_NEEDED = _("Give the reason for the rejection.")


def age_in_group(birth_date: datetime.date, group) -> int:
    """A child's full years as a group counts them: on the later of today and the first day
    of the group's academic year. ``group`` is a Group or the record a submission reads
    (programs.catalogue.SubmissionGroup): anything with ``year_start``."""
    return age_on(birth_date, max(timezone.localdate(), group.year_start))


def age_problem(birth_date: datetime.date, group) -> str | None:
    """Why a child born then cannot join the group (its ages), or None; ``group`` as above,
    with ``age_min`` and ``age_max``."""
    age = age_in_group(birth_date, group)
    if group.age_min <= age <= group.age_max:
        return None
    return _("The group is for children aged %(min)s to %(max)s; the child is %(age)s.") % {
        "min": group.age_min,
        "max": group.age_max,
        "age": age,
    }


class ApplicationQuerySet(ScopedQuerySet):
    def live(self):
        return self.filter(status__in=Application.LIVE_STATUSES)

    def overdue(self, now: datetime.datetime | None = None):
        """New applications with no decision after DECISION_WORKING_DAYS working days (the
        rule of Application.is_overdue)."""
        return self.filter(status=Application.Status.NEW, created_at__lt=Application.decision_deadline(now))

    def in_line(self, group_id: int):
        """The group's waiting list in its order: who is offered the next free place first."""
        return self.filter(group_id=group_id, status=Application.Status.WAITING).order_by("queued_at", "pk")

    def of_parent(self, user):
        """The applications a parent's login submitted, newest first, for the cabinet."""
        return (
            self.filter(user=user)
            .select_related("group__club__organisation", "group__academic_year")
            .order_by("-created_at", "-pk")
        )


class Application(models.Model):
    """A parent's заявка for a child's place in a group. Nothing typed is ever lost."""

    SCOPE_LOOKUP = "group__club__organisation"

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACCEPTED = "accepted", pgettext_lazy("application status", "enrolled")
        WAITING = "waiting", _("on the waiting list")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")
        # a freed place is held for the first in line until the offer's deadline (Offer)
        OFFERED = "offered", _("offered a place")

    LIVE_STATUSES = [Status.NEW, Status.ACCEPTED, Status.WAITING, Status.OFFERED]
    # staff accept or reject an application in these statuses (Application.can_be_decided)
    DECIDABLE = (Status.NEW, Status.WAITING)
    # a new application with no decision after this many working days is overdue
    DECISION_WORKING_DAYS = 3
    REASON_NEEDED = REASON_NEEDED

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="applications"
    )
    token = models.UUIDField(_("private link"), default=uuid.uuid4, unique=True, editable=False)
    child_surname = models.CharField(_("child's surname"), max_length=100)
    child_name = models.CharField(_("child's first name"), max_length=100)
    child_patronymic = models.CharField(_("child's patronymic"), max_length=100, blank=True)
    child_birth_date = models.DateField(_("child's date of birth"))
    guardian_surname = models.CharField(_("parent's surname"), max_length=100)
    guardian_name = models.CharField(_("parent's first name"), max_length=100)
    guardian_patronymic = models.CharField(_("parent's patronymic"), max_length=100, blank=True)
    guardian_phone = models.CharField(_("phone"), max_length=40)
    guardian_email = models.EmailField(_("e-mail"), blank=True)
    guardian_relation = models.CharField(
        _("relation to the child"), max_length=20, choices=Relation.choices, blank=True
    )
    consent_processing = models.BooleanField(_("consent to the processing of personal data"))
    consent_text = models.TextField(_("text of the consent"))
    comment = models.TextField(_("comment"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW)
    reject_reason = models.TextField(_("reason for rejection"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("parent's login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    learner = models.ForeignKey(
        Learner,
        verbose_name=_("learner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    # the child as the parent keeps them in the account («Мои дети»), when chosen on the form
    child = models.ForeignKey(
        Child,
        verbose_name=_("child in the parent's account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="applications",
    )
    created_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)
    # what the parent read the form in: the letters about the application are written in it
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="ru", db_default="ru", editable=False
    )
    # the place in the waiting list: the line is ordered by it (then pk); staff moving an
    # application in the line change it and give the reason (kept in the history)
    queued_at = models.DateTimeField(_("in the line since"), default=timezone.now)

    objects = ApplicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="programs_application_queue_idx"),
            models.Index(fields=["group", "status", "queued_at"], name="programs_application_line_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent_processing=True),
                name="programs_application_has_consent",
                violation_error_message=_(
                    "Without consent to the processing of personal data we cannot accept the application."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""),
                name="programs_application_rejected_has_reason",
                violation_error_message=REASON_NEEDED,
            ),
            models.UniqueConstraint(
                "group",
                Lower("child_surname"),
                Lower("child_name"),
                "child_birth_date",
                condition=Q(status__in=["new", "accepted", "waiting", "offered"]),
                name="programs_application_one_live_per_child",
                violation_error_message=_(
                    "An application for this child to this group has already been submitted."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.number} — {self.child_surname} {self.child_name}"

    @property
    def number(self) -> str:
        return f"З-{self.created_at:%Y}-{self.pk:06d}" if self.pk else ""

    @property
    def child_full_name(self) -> str:
        return " ".join(p for p in (self.child_surname, self.child_name, self.child_patronymic) if p)

    @property
    def guardian_full_name(self) -> str:
        return " ".join(p for p in (self.guardian_surname, self.guardian_name, self.guardian_patronymic) if p)

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    def get_status_url(self):
        return reverse("programs:application_status", kwargs={"token": self.token})

    def can_be_decided(self) -> bool:
        """Whether staff may still accept or reject it."""
        return self.status in self.DECIDABLE

    def can_be_waitlisted(self) -> bool:
        return self.status == self.Status.NEW

    def can_be_accepted(self) -> bool:
        """Staff may enrol it: a decidable one into a free place, an offered one into the
        place its offer holds (the parent said yes by phone)."""
        return self.can_be_decided() or self.status == self.Status.OFFERED

    def can_leave_waiting_list(self) -> bool:
        return self.status == self.Status.WAITING

    def can_be_moved_in_line(self) -> bool:
        return self.status == self.Status.WAITING

    def place_in_line(self) -> int | None:
        """Its place in the group's waiting list (1 is offered the next free place); None when
        it is not waiting. One query."""
        if self.status != self.Status.WAITING:
            return None
        ahead = Application.objects.in_line(self.group_id).filter(
            Q(queued_at__lt=self.queued_at) | Q(queued_at=self.queued_at, pk__lt=self.pk)
        )
        return ahead.count() + 1

    @property
    def open_offer(self):
        """The offer of a place awaiting the parent's answer, or None (one query, cached)."""
        if self.status != self.Status.OFFERED:
            return None
        if not hasattr(self, "_open_offer"):
            self._open_offer = self.offers.filter(status="open").order_by("-offered_at").first()
        return self._open_offer

    @property
    def last_offer(self):
        """The latest offer made to it, whatever became of it (for the status page)."""
        if not hasattr(self, "_last_offer"):
            self._last_offer = self.offers.order_by("-offered_at", "-pk").first()
        return self._last_offer

    @classmethod
    def decision_deadline(cls, now: datetime.datetime | None = None) -> datetime.datetime:
        """The moment before which a new application is overdue."""
        return working_days_before(now, cls.DECISION_WORKING_DAYS)

    @property
    def is_overdue(self) -> bool:
        """New with no decision after DECISION_WORKING_DAYS working days."""
        return self.status == self.Status.NEW and self.created_at < self.decision_deadline()

    def child_age(self) -> int | None:
        """The child's full years as the group counts them (age_in_group)."""
        if not self.child_birth_date or not self.group_id:
            return None
        return age_in_group(self.child_birth_date, self.group)

    def clean(self):
        """What the application says by itself; the child's age against the group is the
        submission's check (age_problem, in application_submit), so that validating an
        application reads no group."""
        errors = {}
        if self.child_birth_date and self.child_birth_date > timezone.localdate():
            errors["child_birth_date"] = _("The date of birth cannot be in the future.")
        if self.status == self.Status.REJECTED and not self.reject_reason.strip():
            errors["reject_reason"] = self.REASON_NEEDED
        if errors:
            raise ValidationError(errors)


class EnrolmentQuerySet(ScopedQuerySet):
    def active(self):
        """The enrolments of children who study in their group now."""
        return self.filter(status=Enrolment.Status.ACTIVE)


class Enrolment(models.Model):
    SCOPE_LOOKUP = "group__club__organisation"

    class Status(models.TextChoices):
        ACTIVE = "active", _("studying")
        LEFT = "left", _("left")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="enrolments"
    )
    learner = models.ForeignKey(
        Learner, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="enrolments"
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolment",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    enrolled_on = models.DateField(_("enrolled on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    # the order that enrolled the child (a draft until signed) and the funding source, as the
    # regional navigators ask (decree number, date, start date, funding)
    order = models.ForeignKey(
        "programs.Order",
        verbose_name=_("enrolment order"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enrolments",
    )
    funding = models.CharField(
        _("funding source"), max_length=20, choices=Group.Funding.choices, default=Group.Funding.FREE
    )
    leaving_order = models.ForeignKey(
        "programs.Order",
        verbose_name=_("leaving order"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leavings",
    )
    leaving_reason = models.CharField(
        _("reason for leaving"), max_length=20, choices=LeavingReason.choices, blank=True
    )
    # last year's enrolment this one continues (the next-year wizard): one continuation each
    continues = models.OneToOneField(
        "self",
        verbose_name=_("continues"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continued_by",
    )

    objects = EnrolmentQuerySet.as_manager()
    # the tables keep the names they were created with (the model was "Enrollment")
    history = HistoricalRecords(table_name="programs_historicalenrollment")

    class Meta:
        db_table = "programs_enrollment"
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["group", "learner__surname"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "learner"],
                condition=Q(status="active"),
                name="programs_enrollment_once_per_group",
                violation_error_message=_("The child is already enrolled in this group."),
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("enrolled_on")),
                name="programs_enrollment_left_after_enrolled",
                violation_error_message=_("A child cannot leave before being enrolled."),
            ),
            models.CheckConstraint(
                condition=Q(leaving_order__isnull=True) | (Q(status="left") & ~Q(leaving_reason="")),
                name="programs_enrollment_leaving_has_reason",
                violation_error_message=_("A leaving by order needs its reason."),
            ),
        ]

    def __str__(self):
        return f"{self.learner} — {self.group}"
