"""Programs (the documents clubs teach by), their modules and yearly approvals, and the
program life cycle's rules: which program can be edited, sent for review, decided."""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.functions import RandomUUID
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centre.models import AcademicYear, Organisation, Person
from centre.scope import ScopedQuerySet
from centre.search import prefix_query
from programs.models.reference import (
    AGE_VALIDATORS,
    Direction,
    Disability,
    Level,
    Profile,
    age_range_constraint,
    age_range_errors,
)

# the rule "a returned program says what to change": the database's constraints, the services
# and the form say it in these words
CHANGES_NEEDED = _("Say what to change when returning a program.")


class ProgramQuerySet(ScopedQuerySet):
    def published(self):
        return self.filter(status=Program.Status.PUBLISHED)

    def editable(self):
        """Programs a methodist may edit now (the rule of Program.can_be_edited)."""
        return self.filter(status__in=Program.EDITABLE).exclude(renewal=Program.Renewal.REVIEW)

    def awaiting_review(self):
        """Programs the director has to decide on: new ones, and published ones sent for
        approval for another academic year."""
        return self.filter(Q(status=Program.Status.REVIEW) | Q(renewal=Program.Renewal.REVIEW))

    def search(self, text: str):
        query = prefix_query(text)
        return self.filter(search=query) if query is not None else self


class Program(models.Model):
    """A дополнительная общеразвивающая программа: the document a club teaches by, owned by the
    organisation that wrote it and has it approved (its staff alone edit and approve it)."""

    SCOPE_LOOKUP = "organisation"

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEW = "review", _("under review")
        RETURNED = "returned", _("returned for changes")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    class Renewal(models.TextChoices):
        """A published program sent for approval for another academic year (it is approved
        every year): it stays published, as approved for its current year, meanwhile."""

        REVIEW = "review", _("under review")
        RETURNED = "returned", _("returned for changes")

    # the statuses in which a methodist edits the program (not while it is under review for
    # another year's approval either: Program.can_be_edited)
    EDITABLE = (Status.DRAFT, Status.RETURNED, Status.PUBLISHED)
    # the statuses from which it is sent for the director's review
    SUBMITTABLE = (Status.DRAFT, Status.RETURNED)
    CHANGES_NEEDED = CHANGES_NEEDED

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="programs"
    )
    title = models.CharField(_("title"), max_length=250)
    slug = models.SlugField(_("address on the site"), max_length=120, unique=True, allow_unicode=False)
    direction = models.ForeignKey(
        Direction, verbose_name=_("direction"), on_delete=models.PROTECT, related_name="programs"
    )
    profile = models.ForeignKey(
        Profile,
        verbose_name=_("profile"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programs",
    )
    announcement = models.CharField(_("short announcement"), max_length=400)
    description = models.TextField(_("description"))
    goals = models.TextField(_("goals and tasks"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    authors = models.ManyToManyField(Person, verbose_name=_("authors"), blank=True, related_name="programs")
    age_min = models.PositiveSmallIntegerField(_("age from"), validators=AGE_VALIDATORS)
    age_max = models.PositiveSmallIntegerField(_("age to"), validators=AGE_VALIDATORS)
    duration_months = models.PositiveSmallIntegerField(
        _("duration, months"), validators=[MinValueValidator(1), MaxValueValidator(120)]
    )
    hours_per_year = models.PositiveSmallIntegerField(
        _("hours per year"), validators=[MinValueValidator(1), MaxValueValidator(2000)]
    )
    group_size_min = models.PositiveSmallIntegerField(_("group size from"), default=8)
    group_size_max = models.PositiveSmallIntegerField(_("group size to"), default=15)
    equipment = models.TextField(_("equipment"), blank=True)
    image = models.ImageField(_("image"), upload_to="programs/", blank=True)
    levels = ArrayField(
        models.CharField(max_length=20, choices=Level.choices), verbose_name=_("levels"), default=list
    )
    is_modular = models.BooleanField(_("modular"), default=False)
    is_network = models.BooleanField(_("network (with partner organisations)"), default=False)
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partner organisations"), blank=True, related_name="network_programs"
    )
    is_distance = models.BooleanField(_("with distance learning"), default=False)
    is_adapted = models.BooleanField(_("adapted for children with disabilities"), default=False)
    disabilities = ArrayField(
        models.CharField(max_length=20, choices=Disability.choices),
        verbose_name=_("kinds of disabilities"),
        default=list,
        blank=True,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    # db_default: bulk loads (generate_data's COPY) name only the columns they fill
    renewal = models.CharField(
        _("approval for another year"),
        max_length=20,
        choices=Renewal.choices,
        blank=True,
        default="",
        db_default="",
    )
    renewal_year = models.ForeignKey(
        AcademicYear,
        verbose_name=_("academic year of the new approval"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # kept by a trigger too (migration programs 0016): a queryset update() changes it as well
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # the exchange's identity (programs/exchange), never derived from the pk
    uuid = models.UUIDField(default=uuid.uuid4, db_default=RandomUUID(), unique=True, editable=False)
    search = models.GeneratedField(
        expression=SearchVector("title", weight="A", config="russian")
        + SearchVector("announcement", weight="B", config="russian")
        + SearchVector("description", "goals", weight="C", config="russian"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ProgramQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search", "updated_at"])

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["title"]
        indexes = [
            GinIndex(fields=["search"], name="programs_program_search_idx"),
            GinIndex(fields=["levels"], name="programs_program_levels_idx"),
            models.Index(fields=["status", "direction"], name="programs_program_status_idx"),
            # published programs' ids without reading the wide rows (index-only scan)
            models.Index(
                fields=["id"], condition=Q(status="published"), name="programs_program_published_idx"
            ),
        ]
        constraints = [
            age_range_constraint("programs_program_age_range"),
            models.CheckConstraint(
                condition=Q(group_size_max__gte=F("group_size_min")),
                name="programs_program_group_size_range",
                violation_error_message=_("The largest group size cannot be below the smallest."),
            ),
            models.CheckConstraint(
                condition=~Q(levels=[]),
                name="programs_program_has_level",
                violation_error_message=_("Choose at least one level."),
            ),
            models.CheckConstraint(
                condition=Q(is_adapted=True) | Q(disabilities=[]),
                name="programs_program_disabilities_need_adapted",
                violation_error_message=_("Kinds of disabilities are set only for an adapted program."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(review_comment=""),
                name="programs_program_returned_has_comment",
                violation_error_message=CHANGES_NEEDED,
            ),
            models.CheckConstraint(
                condition=Q(renewal="") | Q(status="published"),
                name="programs_program_renewal_of_published",
                violation_error_message=_(
                    "Only a published program can be sent for approval for another academic year."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(renewal="") & Q(renewal_year__isnull=True))
                | (~Q(renewal="") & Q(renewal_year__isnull=False)),
                name="programs_program_renewal_has_year",
                violation_error_message=_("Name the academic year the program is sent for approval for."),
            ),
            models.CheckConstraint(
                condition=~Q(renewal="returned") | ~Q(review_comment=""),
                name="programs_program_renewal_returned_has_comment",
                violation_error_message=CHANGES_NEEDED,
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_renewing(self) -> bool:
        """Whether it waits for the director's approval for another academic year."""
        return self.renewal == self.Renewal.REVIEW

    def can_be_edited(self) -> bool:
        """Whether a methodist may change it now: not under review (for publication or for
        another year's approval) and not archived (ProgramQuerySet.editable, the same rule)."""
        return self.status in self.EDITABLE and not self.is_renewing

    def can_be_submitted(self) -> bool:
        """Whether it can be sent for the director's review (a draft or a returned program)."""
        return self.status in self.SUBMITTABLE

    def can_be_sent_for_renewal(self) -> bool:
        """Whether it can be sent for approval for another academic year."""
        return self.status == self.Status.PUBLISHED and not self.is_renewing

    def awaits_decision(self) -> bool:
        """Whether the director has to approve or return it (ProgramQuerySet.awaiting_review)."""
        return self.status == self.Status.REVIEW or self.is_renewing

    def get_level_labels(self) -> list[str]:
        return [Level(level).label for level in self.levels]

    def clean(self):
        errors = age_range_errors(self)
        if (
            self.group_size_min is not None
            and self.group_size_max is not None
            and self.group_size_max < self.group_size_min
        ):
            errors["group_size_max"] = _("The largest group size cannot be below the smallest.")
        if self.profile_id and self.direction_id and self.profile.direction_id != self.direction_id:
            errors["profile"] = _("This profile belongs to another direction.")
        if self.disabilities and not self.is_adapted:
            errors["disabilities"] = _("Kinds of disabilities are set only for an adapted program.")
        if self.is_adapted and not self.disabilities:
            errors["disabilities"] = _("Name the kinds of disabilities the adapted program is for.")
        if errors:
            raise ValidationError(errors)


class Module(models.Model):
    SCOPE_LOOKUP = "program__organisation"

    class Kind(models.TextChoices):
        INVARIANT = "invariant", _("invariant")
        VARIABLE = "variable", _("variable")

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="modules"
    )
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.INVARIANT)
    hours = models.PositiveSmallIntegerField(_("hours"), validators=[MinValueValidator(1)])
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gte=1),
                name="programs_module_has_hours",
                violation_error_message=_("A module has at least one hour."),
            )
        ]

    def __str__(self):
        return self.title


class Approval(models.Model):
    SCOPE_LOOKUP = "program__organisation"

    """The yearly approval of a program: by order and by the pedagogical council."""

    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.CASCADE, related_name="approvals"
    )
    academic_year = models.ForeignKey(AcademicYear, verbose_name=_("academic year"), on_delete=models.PROTECT)
    order_number = models.CharField(_("order number"), max_length=50)
    order_date = models.DateField(_("order date"))
    council_protocol_number = models.CharField(_("council protocol number"), max_length=50)
    council_date = models.DateField(_("council date"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    approved_at = models.DateTimeField(_("approved at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("approval")
        verbose_name_plural = _("approvals")
        ordering = ["-academic_year__start"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "academic_year"],
                name="programs_approval_one_per_year",
                violation_error_message=_("The program is already approved for this academic year."),
            )
        ]

    def __str__(self):
        return f"{self.program} — {self.academic_year}"

    def clean(self):
        today = timezone.localdate()
        errors = {}
        if self.order_date and self.order_date > today:
            errors["order_date"] = _("The order date cannot be in the future.")
        if self.council_date and self.council_date > today:
            errors["council_date"] = _("The council date cannot be in the future.")
        if errors:
            raise ValidationError(errors)
