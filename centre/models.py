"""The core records every area shares: organisations, venues, people, consents, years."""

import datetime
import re

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from centre.dates import age_on
from centre.scope import ScopedQuerySet


def phone_digits(phone: str) -> str:
    """A phone as digits, a Russian trunk prefix 8 read as +7: one parent however typed."""
    digits = re.sub(r"\D", "", phone or "")
    if len(digits) == 11 and digits.startswith("8"):
        digits = "7" + digits[1:]
    return digits


phone_validator = RegexValidator(
    r"^\+?[0-9 ()\-]{6,20}$",
    _("Enter a phone number: digits, spaces, brackets and dashes, e.g. +7 (3812) 24-55-10."),
)


class Organisation(models.Model):
    """The centre itself, its structural subdivisions, partner schools and partners."""

    class Kind(models.TextChoices):
        CENTRE = "centre", _("Centre of supplementary education")
        SUBDIVISION = "subdivision", _("Structural subdivision")
        SCHOOL = "school", _("Partner school")
        INDUSTRIAL_PARTNER = "industrial", _("Industrial partner")
        UNIVERSITY = "university", _("University or college")
        AUTHORITY = "authority", _("Education authority")
        OTHER = "other", _("Other organisation")

    name = models.CharField(_("full name"), max_length=300)
    short_name = models.CharField(_("short name"), max_length=120, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subdivisions",
    )
    authority = models.ForeignKey(
        "self",
        verbose_name=_("education authority of its territory"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="territory",
        limit_choices_to={"kind": "authority"},
        help_text=_("Its members read this organisation's registers and statistics and change nothing."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)

    SCOPE_LOOKUP = "pk"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="subdivision") | Q(parent__isnull=False),
                name="centre_organisation_subdivision_has_parent",
                violation_error_message=_("A structural subdivision must name its parent organisation."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("id")),
                name="centre_organisation_not_own_parent",
                violation_error_message=_("An organisation cannot be its own parent."),
            ),
        ]

    def __str__(self):
        return self.short_name or self.name

    def clean(self):
        if self.pk and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An organisation cannot be its own parent.")})
        if self.kind == self.Kind.SUBDIVISION and not self.parent_id:
            raise ValidationError(
                {"parent": _("A structural subdivision must name its parent organisation.")}
            )


class Venue(models.Model):
    """A place where lessons happen: the centre's building, a subdivision, a partner school."""

    SCOPE_LOOKUP = "organisation"

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="venues",
    )
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=300)
    district = models.CharField(_("district"), max_length=120, blank=True, db_index=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"],
                name="centre_venue_unique_name",
                violation_error_message=_("This organisation already has a venue with this name."),
            )
        ]

    def __str__(self):
        return self.name


class Room(models.Model):
    SCOPE_LOOKUP = "venue__organisation"

    venue = models.ForeignKey(Venue, verbose_name=_("venue"), on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("room"), max_length=100)
    capacity = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["venue__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue", "name"],
                name="centre_room_unique_name",
                violation_error_message=_("This venue already has a room with this name."),
            )
        ]

    def __str__(self):
        return f"{self.venue}, {self.name}"


class FullNameMixin(models.Model):
    surname = models.CharField(_("surname"), max_length=100)
    name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.name, self.patronymic) if part)

    @property
    def short_name(self) -> str:
        """«Иванова А. П.» — how staff are named in lists and documents."""
        initials = " ".join(f"{part[0]}." for part in (self.name, self.patronymic) if part)
        return f"{self.surname} {initials}".strip()


class Person(FullNameMixin):
    """A member of staff: teacher, methodist, director, coordinator."""

    SCOPE_LOOKUP = "organisation"

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    position = models.CharField(_("position"), max_length=200)
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="staff"
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[phone_validator])
    is_active = models.BooleanField(_("works at the centre"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["surname", "name", "patronymic"]
        indexes = [models.Index(fields=["surname", "name"], name="centre_person_name_idx")]


class LearnerQuerySet(ScopedQuerySet):
    def with_identity(self, *, surname: str, name: str, birth_date):
        """Children recorded with this surname, first name (in any case) and birth date."""
        return self.annotate(_surname=Upper("surname"), _name=Upper("name")).filter(
            _surname=surname.strip().upper(), _name=name.strip().upper(), birth_date=birth_date
        )


class Learner(FullNameMixin):
    """A child as one organisation knows it. Personal data: never shown on public pages beyond
    name and initial.

    Each organisation keeps its own record of a child (domain.md, "Many organisations"): a
    child enrolled in two organisations is two records, each seen only by its organisation's
    staff with its own enrolments, applications and projects. Staff link a parent to an
    existing record only after checking documents (``Guardianship.basis``)."""

    SCOPE_LOOKUP = "organisation"

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.PROTECT, related_name="learners"
    )
    birth_date = models.DateField(_("date of birth"))
    school = models.CharField(_("school"), max_length=200, blank=True)
    school_class = models.CharField(_("class"), max_length=10, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = LearnerQuerySet.as_manager()

    class Meta:
        verbose_name = _("learner")
        verbose_name_plural = _("learners")
        ordering = ["surname", "name", "patronymic"]
        indexes = [
            models.Index(fields=["surname", "name", "birth_date"], name="centre_learner_ident_idx"),
            # enrolment finds the child as typed, in any case, within the organisation:
            # without it, a seq scan of 2.4 million children at national scale on every accept
            models.Index(
                "organisation",
                Upper("surname"),
                Upper("name"),
                "birth_date",
                name="centre_learner_org_ident_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(birth_date__gte=datetime.date(1990, 1, 1)),
                name="centre_learner_birth_date_plausible",
                violation_error_message=_("The date of birth is too far in the past for a child."),
            )
        ]

    @property
    def public_name(self) -> str:
        """First name and surname initial: the only form a public page may show."""
        return f"{self.name} {self.surname[:1]}." if self.surname else self.name

    def age_on(self, day: datetime.date) -> int:
        return age_on(self.birth_date, day)

    def clean(self):
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("The date of birth cannot be in the future.")})
        if self.birth_date and self.birth_date < datetime.date(1990, 1, 1):
            raise ValidationError({"birth_date": _("The date of birth is too far in the past for a child.")})


class GuardianQuerySet(ScopedQuerySet):
    def for_user(self, user, *, write: bool = False):
        """Guardians of the children of the user's organisations."""
        learners = Learner.objects.for_user(user, write=write)
        return self.filter(pk__in=Guardianship.objects.filter(learner__in=learners).values("guardian"))


class Guardian(FullNameMixin):
    """A parent or legal guardian: the only person who consents for a child.

    A parent's own account has one record with no organisation; a parent who applied
    without an account is recorded by the organisation that accepted the application."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="guardians",
    )
    phone = models.CharField(_("phone"), max_length=40, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="guardian",
    )
    learners = models.ManyToManyField(
        Learner, through="Guardianship", verbose_name=_("children"), related_name="guardians"
    )

    objects = GuardianQuerySet.as_manager()

    class Meta:
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")
        ordering = ["surname", "name", "patronymic"]
        # enrolment finds the parent by phone: 110 ms (a parallel seq scan) at national scale
        indexes = [models.Index(fields=["organisation", "phone"], name="centre_guardian_org_phone_idx")]


class Guardianship(models.Model):
    class Relation(models.TextChoices):
        MOTHER = "mother", _("mother")
        FATHER = "father", _("father")
        GUARDIAN = "guardian", _("legal guardian")

    class Basis(models.TextChoices):
        """Why the parent is linked to the child: the record was made from their own
        application, or staff linked them to an existing record after checking documents."""

        APPLICATION = "application", _("the child's record was made from the parent's application")
        DOCUMENTS = "documents", _("staff checked the documents")

    SCOPE_LOOKUP = "learner__organisation"

    guardian = models.ForeignKey(Guardian, verbose_name=_("guardian"), on_delete=models.CASCADE)
    learner = models.ForeignKey(Learner, verbose_name=_("learner"), on_delete=models.CASCADE)
    relation = models.CharField(
        _("relation"), max_length=20, choices=Relation.choices, default=Relation.GUARDIAN
    )
    basis = models.CharField(
        _("basis of the link"),
        max_length=20,
        choices=Basis.choices,
        default=Basis.APPLICATION,
        db_default=Basis.APPLICATION,
    )
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("linked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    linked_at = models.DateTimeField(_("linked at"), default=timezone.now)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("guardianship")
        verbose_name_plural = _("guardianships")
        constraints = [
            models.UniqueConstraint(
                fields=["guardian", "learner"],
                name="centre_guardianship_unique",
                violation_error_message=_("This guardian is already linked to this child."),
            )
        ]

    def __str__(self):
        return f"{self.guardian} — {self.learner}"


class ConsentQuerySet(models.QuerySet):
    def valid(self, on: datetime.date | None = None):
        """Consents in force on a day: given, not expired, not withdrawn."""
        day = on or timezone.localdate()
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
            given_on__lte=day,
            withdrawn_at__isnull=True,
        )

    def processing(self):
        return self.filter(kind=Consent.Kind.PROCESSING)

    def publication(self):
        return self.filter(kind=Consent.Kind.PUBLICATION)


class Consent(models.Model):
    """A guardian's written consent for one child. Processing and publication are separate
    documents (152-ФЗ art. 10.1), so each is its own record, never one checkbox."""

    class Kind(models.TextChoices):
        PROCESSING = "processing", _("processing of personal data")
        PUBLICATION = "publication", _("publication of personal data")

    guardian = models.ForeignKey(
        Guardian, verbose_name=_("guardian"), on_delete=models.PROTECT, related_name="consents"
    )
    learner = models.ForeignKey(
        Learner, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="consents"
    )
    kind = models.CharField(_("kind of consent"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("text the guardian agreed to"), blank=True)
    given_on = models.DateField(_("given on"), default=timezone.localdate)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    objects = ConsentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_on", "-id"]
        indexes = [models.Index(fields=["learner", "kind"], name="centre_consent_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("given_on")),
                name="centre_consent_valid_after_given",
                violation_error_message=_("A consent cannot expire before the day it was given."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.learner}"

    @property
    def is_valid(self) -> bool:
        today = timezone.localdate()
        return (
            self.withdrawn_at is None
            and self.given_on <= today
            and (self.valid_until is None or self.valid_until >= today)
        )

    def clean(self):
        if self.given_on and self.valid_until and self.valid_until < self.given_on:
            raise ValidationError({"valid_until": _("A consent cannot expire before the day it was given.")})
        if (
            self.guardian_id
            and self.learner_id
            and not Guardianship.objects.filter(
                guardian_id=self.guardian_id, learner_id=self.learner_id
            ).exists()
        ):
            raise ValidationError(
                {"guardian": _("Only the child's parent or legal guardian can give this consent.")}
            )


CURRENT_YEAR_CACHE_KEY = "centre:current-academic-year-id"


class AcademicYearQuerySet(models.QuerySet):
    def current(self):
        return self.filter(is_current=True).first()

    def current_id(self) -> int | None:
        """The current year's id, cached for a minute: hot public queries compare it as a
        literal. Saving an academic year clears it (AcademicYear.save)."""
        from django.core.cache import cache

        year_id = cache.get(CURRENT_YEAR_CACHE_KEY)
        if year_id is None:
            year_id = self.filter(is_current=True).values_list("id", flat=True).first() or 0
            cache.set(CURRENT_YEAR_CACHE_KEY, year_id, 60)
        return year_id or None

    def containing(self, day: datetime.date):
        return self.filter(start__lte=day, end__gte=day).first()


class AcademicYear(models.Model):
    label_validator = RegexValidator(r"^\d{4}/\d{4}$", _("Write the academic year as 2025/2026."))

    label = models.CharField(_("academic year"), max_length=9, unique=True, validators=[label_validator])
    start = models.DateField(_("starts"))
    end = models.DateField(_("ends"))
    is_current = models.BooleanField(_("current"), default=False)

    objects = AcademicYearQuerySet.as_manager()

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="centre_academicyear_ends_after_start",
                violation_error_message=_("An academic year must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(label__regex=r"^\d{4}/\d{4}$"),
                name="centre_academicyear_label_format",
                violation_error_message=_("Write the academic year as 2025/2026."),
            ),
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="centre_academicyear_one_current",
                violation_error_message=_("Only one academic year can be current."),
            ),
            ExclusionConstraint(
                name="centre_academicyear_no_overlap",
                expressions=[
                    (
                        Func(
                            F("start"),
                            F("end"),
                            Value("[]"),
                            function="daterange",
                            output_field=DateRangeField(),
                        ),
                        RangeOperators.OVERLAPS,
                    )
                ],
                violation_error_message=_("This academic year overlaps another one."),
            ),
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        from django.core.cache import cache

        super().save(*args, **kwargs)
        cache.delete(CURRENT_YEAR_CACHE_KEY)

    @property
    def first_calendar_year(self) -> int:
        return int(self.label[:4])

    def clean(self):
        if self.label and self.label_validator.regex.match(self.label):
            first, second = (int(part) for part in self.label.split("/"))
            if second != first + 1:
                raise ValidationError({"label": _("The second year must follow the first, as in 2025/2026.")})
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("An academic year must end after it starts.")})


class GeneratedRange(models.Model):
    """Ids of rows made by `generate_data`, so that `--replace` removes exactly those."""

    table = models.CharField(max_length=100)
    first_id = models.BigIntegerField()
    last_id = models.BigIntegerField()
    scale = models.CharField(max_length=20)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("generated data range")
        verbose_name_plural = _("generated data ranges")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_id__gte=F("first_id")), name="centre_generatedrange_ordered"
            )
        ]

    def __str__(self):
        return f"{self.table} {self.first_id}–{self.last_id}"


class PersonalDataAccessQuerySet(ScopedQuerySet):
    def of_object(self, obj):
        return self.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))


class PersonalDataAccess(models.Model):
    """Who read, exported or erased a child's personal data, and when (domain.md: "who read
    or changed personal data is recorded"). The description names the record, never the data."""

    SCOPE_LOOKUP = "user__person__organisation"

    class Kind(models.TextChoices):
        """What was done with the data (``centre.roles.Action`` is what a role may do)."""

        VIEW = "view", _("view")
        EXPORT = "export", _("export")
        ERASE = "erase", _("erase")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=10, choices=Kind.choices, default=Kind.VIEW)
    object_type = models.CharField(_("kind of record"), max_length=100)
    object_id = models.CharField(_("record number"), max_length=40, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    path = models.CharField(_("address"), max_length=300, blank=True)

    objects = PersonalDataAccessQuerySet.as_manager()

    class Meta:
        verbose_name = _("access to personal data")
        verbose_name_plural = _("accesses to personal data")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="centre_pdaccess_object_idx"),
            models.Index(fields=["user", "at"], name="centre_pdaccess_user_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.object_type} {self.object_id}"
