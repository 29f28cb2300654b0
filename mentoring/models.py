"""Mentoring records: programs, pairs and their people, plans, meetings, feedback.

The target model of mentoring (Минпросвещения Р-145) runs mentoring in programs; a pair
(наставническая пара) — or a small group — is one mentor and one or more mentees. Each side
is a staff member, a child, or an external person (a university student, an employer's
engineer), so a pair's people are ``Participant`` rows, each pointing at exactly one of them.

A participant row repeats its pair's program, form and status. A composite foreign key
(see migration 0002) ties those copies to the pair, ON UPDATE CASCADE, so the database can
hold the rules that need them: a mentee has one open pair per program, and the form of the
pair fits who the mentor and the mentees are.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centre.models import Consent, FullNameMixin, Learner, Organisation, Person
from centre.roles import Action, can
from centre.scope import ScopedQuerySet
from mentoring.conf import stalled_days


class ExternalPerson(FullNameMixin):
    """Someone from outside the centre: a university student, an employer's engineer.

    ``organisation`` is where they study or work; ``host`` is the organisation whose
    mentoring they take part in, which keeps the record, as it keeps its children's.
    """

    SCOPE_LOOKUP = "host"

    class Kind(models.TextChoices):
        STUDENT = "student", _("university or college student")
        EMPLOYER = "employer", _("employer's representative")

    kind = models.CharField(_("who they are"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="mentoring_people",
    )
    position = models.CharField(
        _("position or year of study"),
        max_length=200,
        help_text=_("For example: engineer, 3rd-year student."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    host = models.ForeignKey(
        Organisation,
        verbose_name=_("host organisation"),
        on_delete=models.PROTECT,
        related_name="mentoring_guests",
        help_text=_("The organisation whose mentoring programs they take part in."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("external participant")
        verbose_name_plural = _("external participants")
        ordering = ["surname", "name", "patronymic"]


class MentoringProgramQuerySet(ScopedQuerySet):
    def running(self, on: datetime.date | None = None):
        day = on or timezone.localdate()
        return self.filter(status=MentoringProgram.Status.ACTIVE, start__lte=day, end__gte=day)

    def public(self):
        """Programs the public page lists: every program past its draft."""
        return self.exclude(status=MentoringProgram.Status.DRAFT)


class Form(models.TextChoices):
    """Forms of mentoring in the target model."""

    TEACHER_TEACHER = "teacher_teacher", _("teacher–teacher")
    HEAD_TEACHER = "head_teacher", _("head–teacher")
    PUPIL_PUPIL = "pupil_pupil", _("pupil–pupil")
    STUDENT_PUPIL = "student_pupil", _("university student–pupil")
    EMPLOYER_PUPIL = "employer_pupil", _("employer–pupil")
    EMPLOYER_STUDENT = "employer_student", _("employer–university student")


class Side(models.TextChoices):
    """Who a participant is, as far as the form of a pair cares."""

    STAFF = "staff", _("staff member")
    LEARNER = "learner", _("learner")
    STUDENT = "student", _("university or college student")
    EMPLOYER = "employer", _("employer's representative")


# form → (who the mentor is, who the mentees are)
FORM_FIT: dict[str, tuple[str, str]] = {
    Form.TEACHER_TEACHER: (Side.STAFF, Side.STAFF),
    Form.HEAD_TEACHER: (Side.STAFF, Side.STAFF),
    Form.PUPIL_PUPIL: (Side.LEARNER, Side.LEARNER),
    Form.STUDENT_PUPIL: (Side.STUDENT, Side.LEARNER),
    Form.EMPLOYER_PUPIL: (Side.EMPLOYER, Side.LEARNER),
    Form.EMPLOYER_STUDENT: (Side.EMPLOYER, Side.STUDENT),
}
# which column of Participant holds each side
SIDE_FIELD = {
    Side.STAFF: "person",
    Side.LEARNER: "learner",
    Side.STUDENT: "external",
    Side.EMPLOYER: "external",
}


class MentoringProgram(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("mentoring program", "draft")
        ACTIVE = "active", pgettext_lazy("mentoring program", "running")
        COMPLETED = "completed", pgettext_lazy("mentoring program", "completed")

    SCOPE_LOOKUP = "organisation"

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="mentoring_programs",
        help_text=_("The organisation that runs the program: its staff see and change its pairs."),
    )
    title = models.CharField(_("title"), max_length=300)
    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"))
    coordinator = models.ForeignKey(
        Person,
        verbose_name=_("coordinator"),
        on_delete=models.PROTECT,
        related_name="coordinated_mentoring_programs",
    )
    goals = models.TextField(_("goals and tasks"))
    forms = ArrayField(
        models.CharField(max_length=20, choices=Form.choices),
        verbose_name=_("forms of mentoring"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    objects = MentoringProgramQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("mentoring program")
        verbose_name_plural = _("mentoring programs")
        ordering = ["-start", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="mentoring_mentoringprogram_ends_after_start",
                violation_error_message=_("A mentoring program must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(forms__len__gte=1),
                name="mentoring_mentoringprogram_has_forms",
                violation_error_message=_("Choose at least one form of mentoring."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "title", "start"],
                name="mentoring_mentoringprogram_unique_title",
                violation_error_message=_("A program with this title already starts on this day."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def form_labels(self) -> list[str]:
        return [Form(value).label for value in self.forms]

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("A mentoring program must end after it starts.")})
        if not self.forms:
            raise ValidationError({"forms": _("Choose at least one form of mentoring.")})


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
        since = day - datetime.timedelta(days=stalled_days())
        recent = Meeting.objects.filter(pair=models.OuterRef("pk"), date__gt=since)
        return self.active().filter(start__lte=since).exclude(models.Exists(recent))


class Pair(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("mentoring pair", "planned")
        ACTIVE = "active", pgettext_lazy("mentoring pair", "active")
        COMPLETED = "completed", pgettext_lazy("mentoring pair", "completed")
        TERMINATED = "terminated", pgettext_lazy("mentoring pair", "terminated")

    OPEN_STATUSES = (Status.PLANNED, Status.ACTIVE)
    CLOSED_STATUSES = (Status.COMPLETED, Status.TERMINATED)
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
        return f"{self.get_form_display()} №{self.pk}" if self.pk else self.get_form_display()

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
        return (timezone.localdate() - quiet_since).days >= stalled_days()

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
        if self.program_id and self.form and self.form not in self.program.forms:
            errors["form"] = _("The program «%(program)s» does not use this form of mentoring.") % {
                "program": self.program.title
            }
        if self.program_id and self.start and not (self.program.start <= self.start <= self.program.end):
            errors["start"] = _("The pair must start within the program's period.")
        if errors:
            raise ValidationError(errors)


class ParticipantQuerySet(ScopedQuerySet):
    def mentors(self):
        return self.filter(role=Participant.Role.MENTOR)

    def mentees(self):
        return self.filter(role=Participant.Role.MENTEE)

    def open(self):
        return self.filter(pair_status__in=Pair.OPEN_STATUSES)


def _fits(role: str, side_for) -> Q:
    """The condition that a participant's column fits the pair's form, for one role."""
    condition = Q()
    for field in sorted({SIDE_FIELD[sides[side_for]] for sides in FORM_FIT.values()}):
        forms = sorted(form for form, sides in FORM_FIT.items() if SIDE_FIELD[sides[side_for]] == field)
        condition |= Q(role=role, form__in=forms, **{f"{field}__isnull": False})
    return condition


class Participant(models.Model):
    """One person in a pair: the mentor (one per pair) or a mentee."""

    class Role(models.TextChoices):
        MENTOR = "mentor", _("mentor")
        MENTEE = "mentee", _("mentee")

    SCOPE_LOOKUP = "program__organisation"  # the participant's copy of the pair's program

    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="participants"
    )
    role = models.CharField(_("role in the pair"), max_length=10, choices=Role.choices)
    person = models.ForeignKey(
        Person,
        verbose_name=_("staff member"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mentoring_participations",
    )
    learner = models.ForeignKey(
        Learner,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="mentoring_participations",
    )
    external = models.ForeignKey(
        ExternalPerson,
        verbose_name=_("external participant"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
    )
    # Copies of the pair's program, form and status, kept equal by the composite foreign key.
    program = models.ForeignKey(
        MentoringProgram, verbose_name=_("mentoring program"), on_delete=models.PROTECT, editable=False
    )
    form = models.CharField(_("form of mentoring"), max_length=20, choices=Form.choices, editable=False)
    pair_status = models.CharField(
        _("status of the pair"), max_length=20, choices=Pair.Status.choices, editable=False
    )

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["role", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, learner__isnull=True, external__isnull=True)
                | Q(person__isnull=True, learner__isnull=False, external__isnull=True)
                | Q(person__isnull=True, learner__isnull=True, external__isnull=False),
                name="mentoring_participant_exactly_one_kind",
                violation_error_message=_(
                    "A participant is exactly one of: a staff member, a learner or an external person."
                ),
            ),
            models.UniqueConstraint(
                fields=["pair"],
                condition=Q(role="mentor"),
                name="mentoring_participant_one_mentor",
                violation_error_message=_("A pair has one mentor."),
            ),
            *(
                models.UniqueConstraint(
                    fields=["pair", field],
                    name=f"mentoring_participant_once_per_pair_{field}",
                    violation_error_message=_("The mentor and the mentees must be different people."),
                )
                for field in ("person", "learner", "external")
            ),
            *(
                models.UniqueConstraint(
                    fields=["program", field],
                    condition=Q(role="mentee", pair_status__in=["planned", "active"]),
                    name=f"mentoring_participant_one_open_pair_{field}",
                    violation_error_message=_("This mentee already has an open pair in this program."),
                )
                for field in ("person", "learner", "external")
            ),
            models.CheckConstraint(
                condition=_fits("mentor", 0) | _fits("mentee", 1),
                name="mentoring_participant_fits_form",
                violation_error_message=_(
                    "The form of mentoring does not fit who the mentor and mentees are."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.who}"

    @property
    def who(self):
        return self.person or self.learner or self.external

    @property
    def side(self) -> str | None:
        if self.person_id:
            return Side.STAFF
        if self.learner_id:
            return Side.LEARNER
        if self.external_id:
            return Side(self.external.kind)
        return None

    @property
    def name(self) -> str:
        """Full name: shown on staff pages only, a child's only to those who may read
        children's personal data (``name_for``)."""
        who = self.who
        return who.full_name if who else ""

    def name_for(self, user) -> str:
        """The name a staff page shows this user: a child's full name to those who may read
        children's personal data, to anyone else the public form (first name, initial)."""
        if self.learner_id and not can(user, Action.VIEW_PERSONAL_DATA):
            return self.learner.public_name
        return self.name

    def clean(self):
        kinds = sum(1 for field in (self.person_id, self.learner_id, self.external_id) if field)
        if kinds != 1:
            raise ValidationError(
                _("A participant is exactly one of: a staff member, a learner or an external person.")
            )
        if self.form:
            wanted = FORM_FIT[self.form][0 if self.role == self.Role.MENTOR else 1]
            if self.side != wanted:
                message = (
                    _("For the form «%(form)s» the mentor must be: %(wanted)s. «%(name)s» is not.")
                    if self.role == self.Role.MENTOR
                    else _("For the form «%(form)s» the mentees must be: %(wanted)s. «%(name)s» is not.")
                )
                raise ValidationError(
                    message % {"form": Form(self.form).label, "wanted": Side(wanted).label, "name": self.name}
                )
        if self.learner_id and not self.learner_has_consent():
            raise ValidationError(
                _(
                    "«%(name)s» has no valid consent of a parent or guardian to the processing of "
                    "personal data: record it before adding the child to a pair."
                )
                % {"name": self.name}
            )

    def learner_has_consent(self) -> bool:
        return Consent.objects.valid().processing().filter(learner_id=self.learner_id).exists()


class PlanItem(models.Model):
    """A step of the pair's plan (дорожная карта)."""

    SCOPE_LOOKUP = "pair__program__organisation"

    pair = models.ForeignKey(
        Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="plan_items"
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

    pair = models.ForeignKey(Pair, verbose_name=_("pair"), on_delete=models.CASCADE, related_name="meetings")
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
