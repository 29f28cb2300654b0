"""Groups of a club in an academic year, and their weekly lessons."""

import datetime
import uuid

from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateTimeRangeField, RangeOperators
from django.contrib.postgres.functions import RandomUUID
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, F, Func, OuterRef, Q
from django.db.models.functions import Now
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centre.dates import minutes_between
from centre.models import AcademicYear, Person, Room, Venue
from centre.scope import ScopedQuerySet
from programs.models.clubs import Club
from programs.models.programs import Program
from programs.models.reference import AGE_VALIDATORS, age_range_constraint, age_range_errors


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
    def with_free_places(self):
        # a catalogue entry's enrolled_count already counts the offered places; a group's not
        return self.filter(enrolled_count__lt=F("places") - F("offered_count"))

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
    # places held by open offers to the waiting list (Offer): taken as far as anyone else is
    # concerned, until the offer is accepted (then enrolled) or lapses
    offered_count = models.PositiveSmallIntegerField(_("offered"), default=0, editable=False)
    enrol_from = models.DateField(_("applications from"), null=True, blank=True)
    enrol_until = models.DateField(_("applications until"), null=True, blank=True)
    funding = models.CharField(_("funding"), max_length=20, choices=Funding.choices, default=Funding.FREE)
    price = models.DecimalField(_("price per month"), max_digits=9, decimal_places=2, null=True, blank=True)
    # the group of last year this one was copied from (the next-year wizard): copied once
    copied_from = models.OneToOneField(
        "self",
        verbose_name=_("copied from"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="copy",
    )
    # the exchange's identity (programs/exchange) and the time of its last real change, kept
    # by a trigger that ignores the counters (migration programs 0016)
    uuid = models.UUIDField(default=uuid.uuid4, db_default=RandomUUID(), unique=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_default=Now())

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
            age_range_constraint("programs_group_age_range"),
            models.CheckConstraint(
                condition=Q(enrolled_count__lte=F("places") - F("offered_count")),
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
            # what a lesson's composite foreign key to its group refers to (migration 0011)
            models.UniqueConstraint(
                fields=["id", "academic_year", "teacher"], name="programs_group_year_teacher_key"
            ),
        ]

    def __str__(self):
        return f"{self.club}: {self.name}"

    @property
    def free_places(self) -> int:
        return max(self.places - self.enrolled_count - self.offered_count, 0)

    @property
    def year_start(self) -> datetime.date:
        """The first day of its academic year, from which its children's ages are counted."""
        return self.academic_year.start

    def clean(self):
        errors = age_range_errors(self)
        if self.enrol_from and self.enrol_until and self.enrol_until < self.enrol_from:
            errors["enrol_until"] = _("Applications cannot close before they open.")
        if self.funding == self.Funding.PAID and not self.price:
            errors["price"] = _("Set the price of a paid group.")
        if self.funding != self.Funding.PAID and self.price is not None:
            errors["price"] = _("A free or certificate group has no price.")
        if self.room_id and self.venue_id and self.room.venue_id != self.venue_id:
            errors["room"] = _("This room is in another venue.")
        if self.places is not None and self.places < self.enrolled_count + self.offered_count:
            errors["places"] = _("There are already %(count)s children enrolled: places cannot be fewer.") % {
                "count": self.enrolled_count + self.offered_count
            }
        if errors:
            raise ValidationError(errors)


class TimeRange(Func):
    """tsrange over a fixed day, so PostgreSQL can compare lesson times with &&."""

    function = "programs_time_range"
    output_field = DateTimeRangeField()


class ScheduleSlot(models.Model):
    """A weekly lesson. The group's year and teacher are copied into it so that the database
    itself refuses a teacher or a room in two places at once. The database keeps the copies
    equal to the group's: a composite foreign key (group, year, teacher) to the group's own
    columns, ON UPDATE CASCADE (migration 0011), so a teacher changed in the admin or by a
    queryset update() moves the group's lessons too, and the exclusion constraints check the
    new teacher. A new lesson takes the copies from its group (copy_from_group)."""

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
    # the exchange's schedule (programs/exchange): one weekday a slot
    uuid = models.UUIDField(default=uuid.uuid4, db_default=RandomUUID(), unique=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_default=Now())

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

    @property
    def duration_minutes(self) -> int:
        """The lesson's length in minutes (centre.dates.minutes_between: the package's too)."""
        return minutes_between(self.starts, self.ends)

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
