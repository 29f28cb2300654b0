"""Student projects: their types, members, photos and files.

Personal data rule (domain.md, issue 4): a project is public only when it is flagged public
and every one of its members has a valid, unwithdrawn publication consent from a guardian.
If one member lacks it, the whole project is hidden — not only that child — because its
photos, team size and results would still point at the child. See docs/decisions.md.
Who may edit which project is said in projects/access.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centre.models import AcademicYear, Learner, Organisation, Person
from centre.scope import ScopedQuerySet
from programs.models import Club
from projects.models.paths import upload_file, upload_photo
from projects.models.queries import clubs_in_direction, direction_of_club_subquery, publication_consent_exists
from projects.storage import get_private_storage

# The sentences of rules the database keeps, written once: on the constraint, and in the
# checks that put them on a field before the database is asked.
CASE_NEEDS_PARTNER = _("A partner's case needs the industrial partner it comes from.")
ONE_LEADER = _("A project has only one team leader.")


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

    def in_direction(self, direction):
        return self.filter(club__in=clubs_in_direction(direction).values("pk"))

    def with_list_data(self):
        return self.select_related("type", "club", "academic_year", "supervisor").annotate(
            direction_name=direction_of_club_subquery("club"),
            member_count=models.Count("memberships", distinct=True),
        )


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
                violation_error_message=CASE_NEEDS_PARTNER,
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

    def public_members(self):
        """Members that a public page may name: only those with a valid publication consent.
        With the whole-project rule of ``public()`` this is every member of a public project;
        it is still checked here so that no template can show a child without consent."""
        return (
            self.memberships.filter(publication_consent_exists("learner"))
            .select_related("learner")
            .order_by("learner__name", "learner__surname")
        )

    def members_without_consent(self):
        """The members without a valid publication consent: while there is one, the project
        stays off the public pages whatever its flag."""
        return (
            Learner.objects.filter(Exists(ProjectMember.objects.filter(project=self, learner=OuterRef("pk"))))
            .exclude(publication_consent_exists("pk"))
            .order_by("surname", "name")
        )

    def clean(self):
        errors = {}
        if self.partner_case.strip() and not self.partner_id:
            errors["partner"] = CASE_NEEDS_PARTNER
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
                violation_error_message=ONE_LEADER,
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
