"""Student projects, competitions and results; the log of who read the bank of gifted children.

Personal data rule (domain.md, issue 4): a project is public only when it is flagged public
and every one of its members has a valid, unwithdrawn publication consent from a guardian.
If one member lacks it, the whole project is hidden — not only that child — because its
photos, team size and results would still point at the child. See docs/decisions.md.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centre.models import AcademicYear, Consent, Guardianship, Learner, Organisation, Person
from centre.scope import ScopedQuerySet, readable_organisations, staff_organisations
from programs.models import Club, Direction, Group
from projects.storage import get_private_storage


def publication_consent_exists(learner_ref="learner"):
    """An Exists() that is true when the learner referred to has a valid, unwithdrawn
    publication consent given by one of the child's own guardians."""
    return Exists(
        Consent.objects.valid()
        .publication()
        .filter(learner=OuterRef(learner_ref))
        .filter(
            Exists(Guardianship.objects.filter(guardian=OuterRef("guardian"), learner=OuterRef("learner")))
        )
    )


def clubs_in_direction(direction):
    """Clubs that teach a program of a direction (a club's direction comes from its programs)."""
    return Club.objects.filter(
        Exists(Group.objects.filter(club=OuterRef("pk"), program__direction=direction))
    )


def direction_of_club_subquery(club_ref="club"):
    return models.Subquery(
        Group.objects.filter(club=OuterRef(club_ref))
        .order_by("program__direction__position")
        .values("program__direction__name")[:1]
    )


def _upload_to(folder):
    def path(instance, filename):
        suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
        return f"projects/{folder}/{uuid.uuid4().hex}.{suffix}"

    path.__name__ = f"upload_{folder}"
    path.__qualname__ = path.__name__
    return path


def upload_photo(instance, filename):
    return _upload_to("photos")(instance, filename)


def upload_file(instance, filename):
    return _upload_to("files")(instance, filename)


def upload_diploma(instance, filename):
    return _upload_to("diplomas")(instance, filename)


class ProjectType(models.Model):
    """Тип проекта: an editable list, seeded by a data migration."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("project type")
        verbose_name_plural = _("project types")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ProjectQuerySet(ScopedQuerySet):
    def public(self):
        """Flagged public, and no member without a valid publication consent."""
        member_without_consent = ProjectMember.objects.filter(project=OuterRef("pk")).filter(
            ~publication_consent_exists("learner")
        )
        return self.filter(is_public=True).filter(~Exists(member_without_consent))

    def of_teacher(self, person):
        """Projects of the clubs where the person teaches a group (any academic year)."""
        return self.filter(club__in=Club.objects.filter(groups__teacher=person).values("pk"))

    def editable_by(self, user):
        """Projects of the user's organisations (centre.scope) that the user may change: all
        of them for a methodist, those of the clubs where they teach for a teacher."""
        from centre.roles import Action, can

        scoped = self.for_user(user, write=True)
        if can(user, Action.EDIT_PROJECTS):
            return scoped
        person = getattr(user, "person", None) if user.is_authenticated else None
        if can(user, Action.EDIT_OWN_PROJECTS) and person is not None:
            return scoped.of_teacher(person)
        return self.none()

    def in_direction(self, direction):
        return self.filter(club__in=clubs_in_direction(direction).values("pk"))

    def with_list_data(self):
        return self.select_related("type", "club", "academic_year", "supervisor").annotate(
            direction_name=direction_of_club_subquery("club"),
            member_count=models.Count("memberships", distinct=True),
        )

    def with_result(self, *, level=None, outcome=None):
        results = Result.objects.filter(project=OuterRef("pk"))
        if level:
            results = results.filter(competition__level=level)
        if outcome:
            results = results.filter(outcome=outcome)
        return self.filter(Exists(results))


class Project(models.Model):
    class Format(models.TextChoices):
        INDIVIDUAL = "individual", _("individual")
        GROUP = "group", pgettext_lazy("project kind", "group")

    class Stage(models.TextChoices):
        IDEA = "idea", _("idea")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")
        PRESENTED = "presented", _("presented")

    title = models.CharField(_("title"), max_length=250)
    summary = models.TextField(_("summary"), max_length=4000)
    type = models.ForeignKey(
        ProjectType, verbose_name=_("project type"), on_delete=models.PROTECT, related_name="projects"
    )
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.GROUP)
    members = models.ManyToManyField(
        Learner, through="ProjectMember", verbose_name=_("members"), related_name="projects"
    )
    supervisor = models.ForeignKey(
        Person,
        verbose_name=_("supervising teacher"),
        on_delete=models.PROTECT,
        related_name="supervised_projects",
    )
    club = models.ForeignKey(Club, verbose_name=_("club"), on_delete=models.PROTECT, related_name="projects")
    academic_year = models.ForeignKey(
        AcademicYear, verbose_name=_("academic year"), on_delete=models.PROTECT, related_name="projects"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.IDEA)
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("industrial partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partner_projects",
    )
    partner_case = models.TextField(_("the partner's case"), max_length=4000, blank=True)
    SCOPE_LOOKUP = "club__organisation"

    is_public = models.BooleanField(
        _("show publicly"),
        default=False,
        help_text=_(
            "The project appears on the public showcase only if every member's guardian has given "
            "a valid consent to publication."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords()

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("student project")
        verbose_name_plural = _("student projects")
        ordering = ["-academic_year__start", "title"]
        indexes = [
            models.Index(fields=["academic_year", "club"], name="projects_project_year_club_idx"),
            models.Index(fields=["is_public", "academic_year"], name="projects_project_public_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(partner_case="") | Q(partner__isnull=False),
                name="projects_project_case_needs_partner",
                violation_error_message=_("A partner's case needs the industrial partner it comes from."),
            ),
            models.UniqueConstraint(
                fields=["club", "academic_year", "title"],
                name="projects_project_unique_title",
                violation_error_message=_("This club already has a project with this title in this year."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("projects:project", kwargs={"pk": self.pk})

    def get_staff_url(self):
        return reverse("projects:project_edit", kwargs={"pk": self.pk})

    def public_members(self):
        """Members that a public page may name: only those with a valid publication consent.
        With the whole-project rule of ``public()`` this is every member of a public project;
        it is still checked here so that no template can show a child without consent."""
        return (
            self.memberships.filter(publication_consent_exists("learner"))
            .select_related("learner")
            .order_by("learner__name", "learner__surname")
        )

    def clean(self):
        errors = {}
        if self.partner_case.strip() and not self.partner_id:
            errors["partner"] = _("A partner's case needs the industrial partner it comes from.")
        if errors:
            raise ValidationError(errors)


class ProjectMember(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("team leader")
        ENGINEER = "engineer", _("engineer or programmer")
        DESIGNER = "designer", _("designer")
        RESEARCHER = "researcher", _("researcher")
        SPEAKER = "speaker", _("speaker")
        MEMBER = "member", _("member")

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="memberships"
    )
    learner = models.ForeignKey(
        Learner, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="project_memberships"
    )
    role = models.CharField(
        _("role in the project"), max_length=20, choices=Role.choices, default=Role.MEMBER
    )
    history = HistoricalRecords()

    SCOPE_LOOKUP = "project__club__organisation"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        ordering = ["project", "learner__surname", "learner__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "learner"],
                name="projects_projectmember_unique",
                violation_error_message=_("This child is already a member of the project."),
            ),
            models.UniqueConstraint(
                fields=["project"],
                condition=Q(role="leader"),
                name="projects_projectmember_one_leader",
                violation_error_message=_("A project has only one team leader."),
            ),
        ]

    def __str__(self):
        return f"{self.learner} — {self.project}"


class ProjectPhoto(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="photos"
    )
    image = models.ImageField(_("photo"), upload_to=upload_photo, storage=get_private_storage)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    SCOPE_LOOKUP = "project__club__organisation"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("project photo")
        verbose_name_plural = _("project photos")
        ordering = ["position", "id"]

    def __str__(self):
        return self.caption or self.image.name


class ProjectFile(models.Model):
    """A presentation, a report or a drawing: for staff only, never on public pages."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="files"
    )
    file = models.FileField(_("file"), upload_to=upload_file, storage=get_private_storage)
    title = models.CharField(_("title"), max_length=200)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    SCOPE_LOOKUP = "project__club__organisation"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("project file")
        verbose_name_plural = _("project files")
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.title


class Level(models.TextChoices):
    INSTITUTIONAL = "institutional", _("institutional")
    MUNICIPAL = "municipal", _("municipal")
    REGIONAL = "regional", _("regional")
    INTERREGIONAL = "interregional", _("interregional")
    NATIONAL = "national", _("national")
    INTERNATIONAL = "international", _("international")


#: Levels whose wins and prizes feed the bank of gifted children.
GIFTED_LEVELS = [Level.REGIONAL, Level.INTERREGIONAL, Level.NATIONAL, Level.INTERNATIONAL]


class Outcome(models.TextChoices):
    WINNER = "winner", _("winner")
    PRIZE = "prize", _("prize-winner")
    LAUREATE = "laureate", _("laureate or diploma")
    PARTICIPANT = "participant", _("participant")


#: Outcomes that feed the bank of gifted children.
GIFTED_OUTCOMES = [Outcome.WINNER, Outcome.PRIZE]


class CompetitionQuerySet(ScopedQuerySet):
    def in_year(self, year):
        return self.filter(academic_year=year)


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

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        verbose_name = _("competition")
        verbose_name_plural = _("competitions")
        ordering = ["-starts_on", "title"]
        indexes = [models.Index(fields=["academic_year", "level"], name="projects_comp_year_level_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="projects_competition_ends_after_start",
                violation_error_message=_("A competition cannot end before it starts."),
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

    @property
    def is_gifted_level(self) -> bool:
        return self.level in GIFTED_LEVELS

    def set_academic_year(self):
        if self.starts_on:
            year = AcademicYear.objects.containing(self.starts_on)
            if year is not None:
                self.academic_year = year

    def clean(self):
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("A competition cannot end before it starts.")
        if self.starts_on:
            self.set_academic_year()
            if self.academic_year_id is None:
                errors["starts_on"] = _(
                    "No academic year contains this date; ask an administrator to add the year."
                )
        if errors:
            raise ValidationError(errors)


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

    def visible_to(self, user):
        """The results a project editor works with: a methodist those of their
        organisations, a teacher those of their own clubs' projects."""
        from centre.roles import Action, can

        if can(user, Action.EDIT_PROJECTS):
            return self.for_user(user, write=True)
        return self.filter(project__in=Project.objects.editable_by(user).values("pk"))


class Result(models.Model):
    """One result at a competition: of a whole project's team (learner empty), or of one
    child (with or without a project). A team result credits every member of the project."""

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
                violation_error_message=_("A winner takes the first place."),
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

    @property
    def is_gifted(self) -> bool:
        return self.competition.level in GIFTED_LEVELS and self.outcome in GIFTED_OUTCOMES

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
            errors["learner"] = _("This child is not a member of the project.")
        if self.outcome == Outcome.WINNER and self.place not in (None, 1):
            errors["place"] = _("A winner takes the first place.")
        if errors:
            raise ValidationError(errors)


class GiftedBankView(models.Model):
    """Who opened or exported the bank of gifted children, when, and with which filters."""

    class Format(models.TextChoices):
        PAGE = "page", _("page")
        XLSX = "xlsx", _("XLSX export")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.PROTECT, related_name="+"
    )
    viewed_at = models.DateTimeField(_("viewed at"), auto_now_add=True, db_index=True)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.PAGE)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("children shown"), default=0)

    class Meta:
        verbose_name = _("view of the bank of gifted children")
        verbose_name_plural = _("views of the bank of gifted children")
        ordering = ["-viewed_at"]

    def __str__(self):
        return f"{self.user} — {self.viewed_at:%d.%m.%Y %H:%M}"
