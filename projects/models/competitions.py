"""Competitions and the results of projects and children at them; which results feed the
bank of gifted children (GIFTED_LEVELS, GIFTED_OUTCOMES)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centre.models import AcademicYear, Learner, Organisation
from centre.scope import ScopedQuerySet, readable_organisations, staff_organisations
from programs.models import Direction
from projects.models.paths import upload_diploma
from projects.models.projects import Project, ProjectMember
from projects.models.queries import clubs_in_direction
from projects.storage import get_private_storage

# The sentences of rules the database keeps, written once: on the constraint, and in the
# checks that put them on a field before the database is asked.
ENDS_BEFORE_START = _("A competition cannot end before it starts.")
WINNER_FIRST = _("A winner takes the first place.")
NOT_A_MEMBER = _("This child is not a member of the project.")


class Competition(models.Model):
    """A contest, olympiad or festival as one organisation records it: the organisation that
    entered it lists, edits and records results at it (for its own children); another
    organisation whose children took part records the event for itself."""

    class Kind(models.TextChoices):
        CONTEST = "contest", _("contest")
        OLYMPIAD = "olympiad", _("olympiad")
        TOURNAMENT = "tournament", _("competition")
        EXHIBITION = "exhibition", _("exhibition")
        FESTIVAL = "festival", _("festival")

    class Level(models.TextChoices):
        INSTITUTIONAL = "institutional", _("institutional")
        MUNICIPAL = "municipal", _("municipal")
        REGIONAL = "regional", _("regional")
        INTERREGIONAL = "interregional", _("interregional")
        NATIONAL = "national", _("national")
        INTERNATIONAL = "international", _("international")

    SCOPE_LOOKUP = "organisation"

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="competitions",
        help_text=_("The organisation whose staff entered the competition and record its results."),
    )
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CONTEST)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    direction = models.ForeignKey(
        Direction,
        verbose_name=_("direction"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="competitions",
        help_text=_("Leave empty for a contest open to several directions."),
    )
    organiser = models.CharField(_("organiser"), max_length=300)
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))
    academic_year = models.ForeignKey(
        AcademicYear,
        verbose_name=_("academic year"),
        on_delete=models.PROTECT,
        related_name="competitions",
        editable=False,
    )
    is_official = models.BooleanField(
        _("on the official list"),
        default=False,
        help_text=_("Included in the official list of recognised olympiads and contests."),
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-starts_on", "title"]
        indexes = [models.Index(fields=["academic_year", "level"], name="projects_comp_year_level_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="projects_competition_ends_after_start",
                violation_error_message=ENDS_BEFORE_START,
            ),
            models.UniqueConstraint(
                fields=["organisation", "title", "starts_on"],
                name="projects_competition_unique",
                violation_error_message=_("This competition is already recorded with these dates."),
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%d.%m.%Y})" if self.starts_on else self.title

    def save(self, *args, **kwargs):
        if self.academic_year_id is None:
            self.set_academic_year()
        super().save(*args, **kwargs)

    def set_academic_year(self):
        if self.starts_on:
            year = AcademicYear.objects.containing(self.starts_on)
            if year is not None:
                self.academic_year = year

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = ENDS_BEFORE_START
        if self.starts_on:
            self.set_academic_year()
            if self.academic_year_id is None:
                errors["starts_on"] = _(
                    "No academic year contains this date; ask an administrator to add the year."
                )
        if errors:
            raise ValidationError(errors)


#: Levels whose wins and prizes feed the bank of gifted children.
GIFTED_LEVELS = [
    Competition.Level.REGIONAL,
    Competition.Level.INTERREGIONAL,
    Competition.Level.NATIONAL,
    Competition.Level.INTERNATIONAL,
]


class ResultQuerySet(ScopedQuerySet):
    def for_user(self, user, *, write: bool = False):
        """Results of the user's organisations: of their projects (a team's) and of their own
        children (a child's) — never a result naming another organisation's child or project.
        A result has no organisation of its own; both of its ties must be within the scope."""
        ids = staff_organisations(user) if write else readable_organisations(user)
        if ids is None:
            return self
        if not ids:
            return self.none()
        return self.filter(
            Q(project__isnull=True) | Q(project__club__organisation__in=ids),
            Q(learner__isnull=True) | Q(learner__organisation__in=ids),
        )

    def with_list_data(self):
        return self.select_related(
            "competition", "competition__academic_year", "project", "project__club", "learner"
        )

    def filter_by(self, *, year=None, club=None, direction=None, level=None, outcome=None):
        queryset = self
        if year:
            queryset = queryset.filter(competition__academic_year=year)
        if club:
            queryset = queryset.filter(project__club=club)
        if direction:
            queryset = queryset.filter(
                Q(competition__direction=direction)
                | Q(project__club__in=clubs_in_direction(direction).values("pk"))
            )
        if level:
            queryset = queryset.filter(competition__level=level)
        if outcome:
            queryset = queryset.filter(outcome=outcome)
        return queryset

    def gifted(self):
        """Wins and prizes at regional level and above."""
        return self.filter(competition__level__in=GIFTED_LEVELS, outcome__in=GIFTED_OUTCOMES)


class Result(models.Model):
    """One result at a competition: of a whole project's team (learner empty), or of one
    child (with or without a project). A team result credits every member of the project."""

    class Outcome(models.TextChoices):
        WINNER = "winner", _("winner")
        PRIZE = "prize", _("prize-winner")
        LAUREATE = "laureate", _("laureate or diploma")
        PARTICIPANT = "participant", _("participant")

    competition = models.ForeignKey(
        Competition, verbose_name=_("competition"), on_delete=models.PROTECT, related_name="results"
    )
    project = models.ForeignKey(
        Project,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="results",
    )
    learner = models.ForeignKey(
        Learner,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="results",
        help_text=_("Leave empty for a result of the whole team."),
    )
    nomination = models.CharField(_("nomination"), max_length=200, blank=True)
    outcome = models.CharField(_("result"), max_length=20, choices=Outcome.choices)
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    date = models.DateField(_("date of the result"))
    diploma = models.FileField(
        _("diploma scan"), upload_to=upload_diploma, storage=get_private_storage, blank=True
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    history = HistoricalRecords()

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["-date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(project__isnull=False) | Q(learner__isnull=False),
                name="projects_result_has_project_or_learner",
                violation_error_message=_("A result belongs to a project, a child or both."),
            ),
            models.CheckConstraint(
                condition=Q(place__isnull=True) | Q(place__gte=1, place__lte=100),
                name="projects_result_place_range",
                violation_error_message=_("A place is a number from 1 to 100."),
            ),
            models.CheckConstraint(
                condition=~Q(outcome="winner") | Q(place__isnull=True) | Q(place=1),
                name="projects_result_winner_first_place",
                violation_error_message=WINNER_FIRST,
            ),
            models.UniqueConstraint(
                fields=["competition", "project", "nomination"],
                condition=Q(learner__isnull=True),
                name="projects_result_unique_team",
                violation_error_message=_("This project already has a result at this competition."),
            ),
            models.UniqueConstraint(
                fields=["competition", "learner", "nomination"],
                condition=Q(learner__isnull=False),
                name="projects_result_unique_learner",
                violation_error_message=_("This child already has a result at this competition."),
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}: {self.competition}"

    def clean(self):
        errors = {}
        if not self.project_id and not self.learner_id:
            errors["learner"] = _("Choose the project, the child or both.")
        if self.competition_id and self.date:
            competition = self.competition
            if not competition.starts_on <= self.date <= competition.ends_on:
                errors["date"] = _(
                    "The date of the result must fall within the competition's dates (%(starts)s – %(ends)s)."
                ) % {
                    "starts": competition.starts_on.strftime("%d.%m.%Y"),
                    "ends": competition.ends_on.strftime("%d.%m.%Y"),
                }
        if (
            self.project_id
            and self.learner_id
            and not ProjectMember.objects.filter(
                project_id=self.project_id, learner_id=self.learner_id
            ).exists()
        ):
            errors["learner"] = NOT_A_MEMBER
        if self.outcome == self.Outcome.WINNER and self.place not in (None, 1):
            errors["place"] = WINNER_FIRST
        if errors:
            raise ValidationError(errors)


#: Outcomes that feed the bank of gifted children.
GIFTED_OUTCOMES = [Result.Outcome.WINNER, Result.Outcome.PRIZE]
