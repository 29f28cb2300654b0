"""Programs, clubs, groups, schedules, applications and enrolments."""

import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateTimeRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, Func, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from centre.models import AcademicYear, Learner, Organisation, Person, Room, Venue
from centre.scope import ScopedQuerySet
from centre.search import prefix_query

AGE_VALIDATORS = [MinValueValidator(3), MaxValueValidator(18)]


class Direction(models.Model):
    """Направленность. Data, not code: Kazakhstan uses another list."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("code"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class Profile(models.Model):
    direction = models.ForeignKey(
        Direction, verbose_name=_("direction"), on_delete=models.PROTECT, related_name="profiles"
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        ordering = ["direction__position", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["direction", "name"],
                name="programs_profile_unique_name",
                violation_error_message=_("This direction already has a profile with this name."),
            )
        ]

    def __str__(self):
        return self.name


class Level(models.TextChoices):
    STARTER = "starter", _("starter")
    BASIC = "basic", _("basic")
    ADVANCED = "advanced", _("advanced")


class Disability(models.TextChoices):
    HEARING = "hearing", _("hearing impairment")
    SIGHT = "sight", _("visual impairment")
    SPEECH = "speech", _("speech impairment")
    MUSCULOSKELETAL = "musculoskeletal", _("musculoskeletal disorder")
    DELAY = "delay", _("delayed mental development")
    AUTISM = "autism", _("autism spectrum disorder")
    INTELLECTUAL = "intellectual", _("intellectual disability")


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
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
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
            models.CheckConstraint(
                condition=Q(age_max__gte=F("age_min")),
                name="programs_program_age_range",
                violation_error_message=_("The upper age cannot be below the lower age."),
            ),
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
                violation_error_message=_("Say what to change when returning a program."),
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
                violation_error_message=_("Say what to change when returning a program."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_level_labels(self) -> list[str]:
        return [Level(level).label for level in self.levels]

    def clean(self):
        errors = {}
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            errors["age_max"] = _("The upper age cannot be below the lower age.")
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


class Club(models.Model):
    """An объединение: club, studio, section, laboratory, quantum, ensemble, theatre."""

    SCOPE_LOOKUP = "organisation"

    class Kind(models.TextChoices):
        CLUB = "club", pgettext_lazy("club kind", "club")
        STUDIO = "studio", _("studio")
        SECTION = "section", _("section")
        LABORATORY = "laboratory", _("laboratory")
        QUANTUM = "quantum", _("quantum")
        ENSEMBLE = "ensemble", _("ensemble")
        THEATRE = "theatre", _("theatre")
        SCHOOL = "school", _("school")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("address on the site"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CLUB)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation or subdivision"),
        on_delete=models.PROTECT,
        related_name="clubs",
    )
    description = models.TextField(_("description"), blank=True)
    search = models.GeneratedField(
        expression=SearchVector("name", weight="A", config="russian")
        + SearchVector("description", weight="C", config="russian"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("club")
        verbose_name_plural = _("clubs")
        ordering = ["name"]
        indexes = [
            GinIndex(fields=["search"], name="programs_club_search_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programs:club", kwargs={"slug": self.slug})


class ClubPhoto(models.Model):
    SCOPE_LOOKUP = "club__organisation"

    club = models.ForeignKey(Club, verbose_name=_("club"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="clubs/")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="clubs/thumbs/", blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("club photo")
        verbose_name_plural = _("club photos")
        ordering = ["position", "id"]

    def __str__(self):
        return self.caption or self.image.name


class PlacesQuerySet(models.QuerySet):
    """Filters on the enrolment window, free places and ages, which a group and its catalogue
    entry name alike."""

    def open_for_enrolment(self, on: datetime.date | None = None):
        day = on or timezone.localdate()
        return self.filter(
            Q(enrol_from__isnull=True) | Q(enrol_from__lte=day),
            Q(enrol_until__isnull=True) | Q(enrol_until__gte=day),
        )

    def with_free_places(self):
        return self.filter(enrolled_count__lt=F("places"))

    def for_age(self, age: int):
        return self.filter(age_min__lte=age, age_max__gte=age)


class GroupQuerySet(PlacesQuerySet, ScopedQuerySet):
    def in_catalogue(self):
        """Groups a parent may see: current year, published program.

        The year is compared by its id, not joined by is_current: with a literal id
        PostgreSQL knows that most groups match and picks hash joins (3× faster at
        national scale)."""
        return self.filter(
            academic_year_id=AcademicYear.objects.current_id(), program__status=Program.Status.PUBLISHED
        )

    def on_weekday(self, weekday: int):
        return self.filter(Exists(ScheduleSlot.objects.filter(group=OuterRef("pk"), weekday=weekday)))

    def taught_by(self, person):
        return self.filter(teacher=person)


class Group(models.Model):
    SCOPE_LOOKUP = "club__organisation"

    class Funding(models.TextChoices):
        FREE = "free", _("free (budget)")
        CERTIFICATE = "certificate", _("personalised financing certificate")
        PAID = "paid", _("paid")

    club = models.ForeignKey(Club, verbose_name=_("club"), on_delete=models.PROTECT, related_name="groups")
    program = models.ForeignKey(
        Program, verbose_name=_("program"), on_delete=models.PROTECT, related_name="groups"
    )
    academic_year = models.ForeignKey(
        AcademicYear, verbose_name=_("academic year"), on_delete=models.PROTECT, related_name="groups"
    )
    name = models.CharField(_("group name"), max_length=100)
    year_of_study = models.PositiveSmallIntegerField(
        _("year of study"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    teacher = models.ForeignKey(
        Person, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="groups"
    )
    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.PROTECT, related_name="groups")
    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.SET_NULL, null=True, blank=True, related_name="groups"
    )
    age_min = models.PositiveSmallIntegerField(_("age from"), validators=AGE_VALIDATORS)
    age_max = models.PositiveSmallIntegerField(_("age to"), validators=AGE_VALIDATORS)
    places = models.PositiveSmallIntegerField(
        _("places"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    enrolled_count = models.PositiveSmallIntegerField(_("enrolled"), default=0, editable=False)
    enrol_from = models.DateField(_("applications from"), null=True, blank=True)
    enrol_until = models.DateField(_("applications until"), null=True, blank=True)
    funding = models.CharField(_("funding"), max_length=20, choices=Funding.choices, default=Funding.FREE)
    price = models.DecimalField(
        _("price per month, roubles"), max_digits=9, decimal_places=2, null=True, blank=True
    )

    objects = GroupQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["club__name", "year_of_study", "name"]
        indexes = [
            models.Index(fields=["academic_year", "club"], name="programs_group_year_club_idx"),
            models.Index(fields=["age_min", "age_max"], name="programs_group_age_idx"),
            models.Index(fields=["teacher", "academic_year"], name="programs_group_teacher_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(age_max__gte=F("age_min")),
                name="programs_group_age_range",
                violation_error_message=_("The upper age cannot be below the lower age."),
            ),
            models.CheckConstraint(
                condition=Q(enrolled_count__lte=F("places")),
                name="programs_group_not_overbooked",
                violation_error_message=_("The group has no free places."),
            ),
            models.CheckConstraint(
                condition=Q(enrol_until__isnull=True)
                | Q(enrol_from__isnull=True)
                | Q(enrol_until__gte=F("enrol_from")),
                name="programs_group_enrolment_window",
                violation_error_message=_("Applications cannot close before they open."),
            ),
            models.CheckConstraint(
                condition=(Q(funding="paid") & Q(price__isnull=False) & Q(price__gt=0))
                | (~Q(funding="paid") & Q(price__isnull=True)),
                name="programs_group_price_if_paid",
                violation_error_message=_(
                    "A paid group needs a price; a free or certificate group has none."
                ),
            ),
            models.UniqueConstraint(
                fields=["club", "academic_year", "name"],
                name="programs_group_unique_name",
                violation_error_message=_("This club already has a group with this name in this year."),
            ),
        ]

    def __str__(self):
        return f"{self.club}: {self.name}"

    @property
    def free_places(self) -> int:
        return max(self.places - self.enrolled_count, 0)

    def enrolment_open_on(self, day: datetime.date) -> bool:
        return (self.enrol_from is None or self.enrol_from <= day) and (
            self.enrol_until is None or self.enrol_until >= day
        )

    def clean(self):
        errors = {}
        if self.age_min is not None and self.age_max is not None and self.age_max < self.age_min:
            errors["age_max"] = _("The upper age cannot be below the lower age.")
        if self.enrol_from and self.enrol_until and self.enrol_until < self.enrol_from:
            errors["enrol_until"] = _("Applications cannot close before they open.")
        if self.funding == self.Funding.PAID and not self.price:
            errors["price"] = _("Set the price of a paid group.")
        if self.funding != self.Funding.PAID and self.price is not None:
            errors["price"] = _("A free or certificate group has no price.")
        if self.room_id and self.venue_id and self.room.venue_id != self.venue_id:
            errors["room"] = _("This room is in another venue.")
        if self.places is not None and self.places < self.enrolled_count:
            errors["places"] = _("There are already %(count)s children enrolled: places cannot be fewer.") % {
                "count": self.enrolled_count
            }
        if errors:
            raise ValidationError(errors)


class TimeRange(Func):
    """tsrange over a fixed day, so PostgreSQL can compare lesson times with &&."""

    function = "programs_time_range"
    output_field = DateTimeRangeField()


class ScheduleSlot(models.Model):
    """A weekly lesson. Year, teacher and room are copied from the group so that the
    database itself refuses a teacher or a room in two places at once."""

    SCOPE_LOOKUP = "group__club__organisation"

    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("Monday")
        TUESDAY = 2, _("Tuesday")
        WEDNESDAY = 3, _("Wednesday")
        THURSDAY = 4, _("Thursday")
        FRIDAY = 5, _("Friday")
        SATURDAY = 6, _("Saturday")
        SUNDAY = 7, _("Sunday")

    group = models.ForeignKey(Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="slots")
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    starts = models.TimeField(_("starts"))
    ends = models.TimeField(_("ends"))
    room = models.ForeignKey(Room, verbose_name=_("room"), on_delete=models.PROTECT, null=True, blank=True)
    academic_year = models.ForeignKey(AcademicYear, on_delete=models.CASCADE, editable=False)
    teacher = models.ForeignKey(Person, on_delete=models.CASCADE, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("lesson in the schedule")
        verbose_name_plural = _("schedule")
        ordering = ["weekday", "starts"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends__gt=F("starts")),
                name="programs_slot_ends_after_start",
                violation_error_message=_("A lesson must end after it starts."),
            ),
            ExclusionConstraint(
                name="programs_slot_room_free",
                expressions=[
                    (F("academic_year"), RangeOperators.EQUAL),
                    (F("room"), RangeOperators.EQUAL),
                    (F("weekday"), RangeOperators.EQUAL),
                    (TimeRange(F("starts"), F("ends")), RangeOperators.OVERLAPS),
                ],
                condition=Q(room__isnull=False),
                violation_error_message=_("The room is taken at this time by another group."),
            ),
            ExclusionConstraint(
                name="programs_slot_teacher_free",
                expressions=[
                    (F("academic_year"), RangeOperators.EQUAL),
                    (F("teacher"), RangeOperators.EQUAL),
                    (F("weekday"), RangeOperators.EQUAL),
                    (TimeRange(F("starts"), F("ends")), RangeOperators.OVERLAPS),
                ],
                violation_error_message=_("The teacher has another group at this time."),
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def save(self, *args, **kwargs):
        self.copy_from_group()
        super().save(*args, **kwargs)

    def clashes(self):
        """Other lessons that would share this lesson's room or teacher at the same time."""
        if not (self.group_id and self.weekday and self.starts and self.ends) or self.ends <= self.starts:
            return ScheduleSlot.objects.none()
        group = self.group
        same_time = Q(weekday=self.weekday, starts__lt=self.ends, ends__gt=self.starts)
        who = Q(teacher_id=group.teacher_id)
        if self.room_id:
            who |= Q(room_id=self.room_id)
        return (
            ScheduleSlot.objects.filter(same_time & who, academic_year_id=group.academic_year_id)
            .exclude(pk=self.pk)
            .select_related("group__club", "room")
        )

    def copy_from_group(self):
        if self.group_id:
            self.academic_year_id = self.group.academic_year_id
            self.teacher_id = self.group.teacher_id

    def get_constraints(self):
        # clean() names the clashing group; the exclusion constraints still hold in the database
        return [
            (model, [c for c in constraints if not isinstance(c, ExclusionConstraint)])
            for model, constraints in super().get_constraints()
        ]

    def clean(self):
        self.copy_from_group()
        if self.starts and self.ends and self.ends <= self.starts:
            raise ValidationError({"ends": _("A lesson must end after it starts.")})
        clash = self.clashes().first()
        if clash is not None:
            if self.room_id and clash.room_id == self.room_id:
                message = _("Room %(room)s is taken at this time by the group «%(group)s» (%(when)s).")
            else:
                message = _("The teacher has the group «%(group)s» at this time (%(when)s).")
            raise ValidationError(message % {"room": clash.room, "group": clash.group, "when": clash})


class CatalogueEntryQuerySet(PlacesQuerySet):
    def current(self):
        return self.filter(academic_year_id=AcademicYear.objects.current_id())

    def on_weekday(self, weekday: int):
        return self.filter(weekdays__contains=[weekday])


class CatalogueEntry(models.Model):
    """A group of a published program as the public catalogue filters, sorts and searches
    it: one narrow row with what it needs of the group, its program, club, venue and
    lessons. Written only by the database: triggers on those tables keep it in step with
    every write, bulk loads included (migration 0006). One table to read instead of a
    semi-join over five keeps a catalogue page's cost nearly flat from a centre to a
    country. The search words are kept beside it (CatalogueSearch): here they would make
    every row three times wider and every scan slower."""

    group = models.OneToOneField(
        Group, primary_key=True, on_delete=models.DO_NOTHING, related_name="catalogue_entry"
    )
    club = models.ForeignKey(Club, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    club_name = models.CharField(max_length=200)
    club_slug = models.CharField(max_length=120)
    program = models.ForeignKey(Program, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    direction = models.ForeignKey(
        Direction, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    profile = models.ForeignKey(
        Profile, on_delete=models.DO_NOTHING, db_constraint=False, null=True, related_name="+"
    )
    levels = ArrayField(models.CharField(max_length=20))
    adapted = models.BooleanField()
    age_min = models.PositiveSmallIntegerField()
    age_max = models.PositiveSmallIntegerField()
    funding = models.CharField(max_length=20)
    price = models.DecimalField(max_digits=9, decimal_places=2, null=True)
    venue = models.ForeignKey(Venue, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    district = models.CharField(max_length=120)
    weekdays = ArrayField(models.PositiveSmallIntegerField())
    places = models.PositiveSmallIntegerField()
    enrolled_count = models.PositiveSmallIntegerField()
    enrol_from = models.DateField(null=True)
    enrol_until = models.DateField(null=True)

    objects = CatalogueEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")
        default_permissions = ()
        indexes = [
            # a page of clubs by name is read in index order and stops after twenty clubs
            models.Index(fields=["academic_year", "club_name", "club"], name="programs_entry_name_idx"),
            # a parent's usual question, a direction for a child's age: counted from the index
            # alone (16 ms to 7 ms at national scale); PostgreSQL 18 skip-scans it by age alone
            models.Index(
                fields=["academic_year", "direction", "age_min", "age_max"],
                include=["club", "club_name", "funding", "places", "enrolled_count"],
                name="programs_entry_dir_age_idx",
            ),
        ]

    def __str__(self):
        return f"{self.club_name}: {self.group_id}"


class CatalogueSearch(models.Model):
    """The words of a catalogue entry's program and club, for the catalogue's search: kept
    beside the entries, not in them, so that the entries stay narrow for every other
    filter. Written only by the database, with the entries (migration 0006)."""

    group = models.OneToOneField(
        Group, primary_key=True, on_delete=models.DO_NOTHING, related_name="catalogue_search"
    )
    # a search with no other filter ranks clubs from these rows alone
    club = models.ForeignKey(Club, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    club_name = models.CharField(max_length=200)
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    search = SearchVectorField()

    class Meta:
        verbose_name = _("catalogue search words")
        verbose_name_plural = _("catalogue search words")
        default_permissions = ()
        indexes = [GinIndex(fields=["search"], name="programs_catalogue_search_idx")]

    def __str__(self):
        return str(self.group_id)


class ApplicationQuerySet(ScopedQuerySet):
    def live(self):
        return self.filter(status__in=Application.LIVE_STATUSES)

    def overdue(self, now: datetime.datetime | None = None):
        """New applications with no decision after three working days."""
        from programs.services import working_days_before

        return self.filter(status=Application.Status.NEW, created_at__lt=working_days_before(now, 3))


class Application(models.Model):
    """A parent's заявка for a child's place in a group. Nothing typed is ever lost."""

    SCOPE_LOOKUP = "group__club__organisation"

    class Status(models.TextChoices):
        NEW = "new", _("new")
        ACCEPTED = "accepted", pgettext_lazy("application status", "enrolled")
        WAITING = "waiting", _("on the waiting list")
        REJECTED = "rejected", _("rejected")
        WITHDRAWN = "withdrawn", _("withdrawn")

    LIVE_STATUSES = [Status.NEW, Status.ACCEPTED, Status.WAITING]

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
    created_at = models.DateTimeField(_("submitted"), default=timezone.now, db_index=True)

    objects = ApplicationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="programs_application_queue_idx")]
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
                violation_error_message=_("Give the reason for the rejection."),
            ),
            models.UniqueConstraint(
                "group",
                Lower("child_surname"),
                Lower("child_name"),
                "child_birth_date",
                condition=Q(status__in=["new", "accepted", "waiting"]),
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

    def child_age(self) -> int | None:
        if not self.child_birth_date or not self.group_id:
            return None
        day = max(timezone.localdate(), self.group.academic_year.start)
        born = self.child_birth_date
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.child_birth_date and self.child_birth_date > today:
            errors["child_birth_date"] = _("The date of birth cannot be in the future.")
        elif self.child_birth_date and self.group_id:
            age = self.child_age()
            group = self.group
            if not group.age_min <= age <= group.age_max:
                errors["child_birth_date"] = _(
                    "The group is for children aged %(min)s to %(max)s; the child is %(age)s."
                ) % {"min": group.age_min, "max": group.age_max, "age": age}
        if self.status == self.Status.REJECTED and not self.reject_reason.strip():
            errors["reject_reason"] = _("Give the reason for the rejection.")
        if errors:
            raise ValidationError(errors)


class Enrollment(models.Model):
    SCOPE_LOOKUP = "group__club__organisation"

    class Status(models.TextChoices):
        ACTIVE = "active", _("studying")
        LEFT = "left", _("left")

    group = models.ForeignKey(
        Group, verbose_name=_("group"), on_delete=models.PROTECT, related_name="enrollments"
    )
    learner = models.ForeignKey(
        Learner, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="enrollments"
    )
    application = models.OneToOneField(
        Application,
        verbose_name=_("application"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrollment",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    enrolled_on = models.DateField(_("enrolled on"), default=timezone.localdate)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
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
        ]

    def __str__(self):
        return f"{self.learner} — {self.group}"
