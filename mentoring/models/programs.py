"""Mentoring programs and the people from outside the centre who take part in them."""

from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centre.models import FullNameMixin, Organisation, Person
from centre.scope import ScopedQuerySet
from mentoring.models.choices import Form


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
    def public(self):
        """Programs the public page lists: every program past its draft."""
        return self.exclude(status=MentoringProgram.Status.DRAFT)


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
    mentoring_forms = ArrayField(
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
                condition=Q(mentoring_forms__len__gte=1),
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
        return [Form(value).label for value in self.mentoring_forms]

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("A mentoring program must end after it starts.")})
        if not self.mentoring_forms:
            raise ValidationError({"mentoring_forms": _("Choose at least one form of mentoring.")})
