"""The people of a pair: one row each, pointing at a staff member, a learner or an external person."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from centre.models import Consent, Learner, Person
from centre.roles import Action, can
from centre.scope import ScopedQuerySet
from mentoring.models.choices import FORM_FIT, OPEN_PAIR_STATUSES, SIDE_FIELD, Form, PairStatus, Side
from mentoring.models.programs import ExternalPerson, MentoringProgram


class ParticipantQuerySet(ScopedQuerySet):
    def mentors(self):
        return self.filter(role=Participant.Role.MENTOR)

    def mentees(self):
        return self.filter(role=Participant.Role.MENTEE)

    def open(self):
        return self.filter(pair_status__in=OPEN_PAIR_STATUSES)


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
        "mentoring.Pair", verbose_name=_("pair"), on_delete=models.CASCADE, related_name="participants"
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
        _("status of the pair"), max_length=20, choices=PairStatus.choices, editable=False
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
