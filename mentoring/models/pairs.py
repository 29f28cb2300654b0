"""Mentoring pairs (or small groups): one mentor and one or more mentees in a program."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centre.scope import ScopedQuerySet
from mentoring.models.activity import Meeting, PlanItem
from mentoring.models.choices import CLOSED_PAIR_STATUSES, OPEN_PAIR_STATUSES, Form, PairStatus
from mentoring.models.participants import Participant
from mentoring.models.programs import MentoringProgram


class PairQuerySet(ScopedQuerySet):
    def open(self):
        """Planned and active pairs: they hold their mentor's and mentees' places."""
        return self.filter(status__in=Pair.OPEN_STATUSES)

    def active(self):
        return self.filter(status=Pair.Status.ACTIVE)

    def for_person(self, person):
        """Pairs a staff member takes part in, as mentor or as mentee."""
        return self.filter(id__in=Participant.objects.filter(person=person).values("pair_id"))

    def with_people(self):
        return self.select_related("program").prefetch_related(
            models.Prefetch(
                "participants",
                queryset=Participant.objects.select_related(
                    "person", "learner", "external__organisation"
                ).order_by("role", "id"),
            )
        )

    def with_figures(self):
        """Last meeting, meeting count, plan progress and overdue items, as subqueries."""
        today = timezone.localdate()
        meetings = Meeting.objects.filter(pair=models.OuterRef("pk"))
        items = PlanItem.objects.filter(pair=models.OuterRef("pk"))

        def count(queryset):
            return models.Subquery(
                queryset.order_by().values("pair").annotate(n=models.Count("pk")).values("n"),
                output_field=models.IntegerField(),
            )

        return self.annotate(
            last_meeting=models.Subquery(meetings.order_by("-date").values("date")[:1]),
            meeting_count=models.functions.Coalesce(count(meetings), 0),
            plan_total=models.functions.Coalesce(count(items), 0),
            plan_done=models.functions.Coalesce(count(items.filter(done_on__isnull=False)), 0),
            plan_overdue=models.functions.Coalesce(
                count(items.filter(done_on__isnull=True, due_date__lt=today)), 0
            ),
        )

    def stalled(self, on: datetime.date | None = None):
        """Active pairs with no meeting (or, without meetings, no start) in the last N days."""
        day = on or timezone.localdate()
        since = day - datetime.timedelta(days=settings.MENTORING_STALLED_DAYS)
        recent = Meeting.objects.filter(pair=models.OuterRef("pk"), date__gt=since)
        return self.active().filter(start__lte=since).exclude(models.Exists(recent))


class Pair(models.Model):
    Status = PairStatus
    OPEN_STATUSES = OPEN_PAIR_STATUSES
    CLOSED_STATUSES = CLOSED_PAIR_STATUSES
    SCOPE_LOOKUP = "program__organisation"

    program = models.ForeignKey(
        MentoringProgram, verbose_name=_("mentoring program"), on_delete=models.PROTECT, related_name="pairs"
    )
    form = models.CharField(_("form of mentoring"), max_length=20, choices=Form.choices)
    goals = models.TextField(_("goals"))
    start = models.DateField(_("starts"))
    planned_end = models.DateField(_("planned end"))
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PairQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentoring pair")
        verbose_name_plural = _("mentoring pairs")
        ordering = ["-start", "id"]
        indexes = [models.Index(fields=["status", "form"], name="mentoring_pair_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end__gte=F("start")),
                name="mentoring_pair_planned_end_after_start",
                violation_error_message=_("The planned end cannot be earlier than the start."),
            ),
            models.CheckConstraint(
                condition=Q(actual_end__isnull=True) | Q(actual_end__gte=F("start")),
                name="mentoring_pair_actual_end_after_start",
                violation_error_message=_("A pair cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "active"], actual_end__isnull=True)
                | Q(status__in=["completed", "terminated"], actual_end__isnull=False),
                name="mentoring_pair_end_matches_status",
                violation_error_message=_(
                    "A completed or terminated pair has an end date; an open pair has none."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="terminated") | ~Q(termination_reason=""),
                name="mentoring_pair_terminated_has_reason",
                violation_error_message=_("Give the reason why the pair was terminated."),
            ),
            # the target of the composite foreign key from Participant (migration 0002)
            models.UniqueConstraint(
                fields=["id", "program", "form", "status"],
                name="mentoring_pair_participant_key",
            ),
        ]

    def __str__(self):
        if not self.pk:
            return str(self.get_form_display())
        return _("%(form)s No. %(number)s") % {"form": self.get_form_display(), "number": self.pk}

    def get_absolute_url(self):
        return reverse("mentoring:pair_detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_stalled(self) -> bool:
        """Active with no meeting for N days; needs ``with_figures()`` (its last_meeting)."""
        if self.status != self.Status.ACTIVE:
            return False
        quiet_since = self.last_meeting or self.start
        return (timezone.localdate() - quiet_since).days >= settings.MENTORING_STALLED_DAYS

    def mentor_participant(self):
        """The mentor row, from prefetched participants when they are there."""
        return next((p for p in self.participants.all() if p.role == Participant.Role.MENTOR), None)

    def mentee_participants(self):
        return [p for p in self.participants.all() if p.role == Participant.Role.MENTEE]

    def clean(self):
        errors = {}
        if self.start and self.planned_end and self.planned_end < self.start:
            errors["planned_end"] = _("The planned end cannot be earlier than the start.")
        if self.start and self.actual_end and self.actual_end < self.start:
            errors["actual_end"] = _("A pair cannot end before it starts.")
        if self.status in self.CLOSED_STATUSES and not self.actual_end:
            errors["actual_end"] = _("Give the day the pair ended.")
        if self.status in self.OPEN_STATUSES and self.actual_end:
            errors["actual_end"] = _("An open pair has no end date yet.")
        if self.status == self.Status.TERMINATED and not self.termination_reason.strip():
            errors["termination_reason"] = _("Give the reason why the pair was terminated.")
        if self.program_id and self.form and self.form not in self.program.mentoring_forms:
            errors["form"] = _("The program «%(program)s» does not use this form of mentoring.") % {
                "program": self.program.title
            }
        if self.program_id and self.start and not (self.program.start <= self.start <= self.program.end):
            errors["start"] = _("The pair must start within the program's period.")
        if errors:
            raise ValidationError(errors)
