"""Organisations (centres, subdivisions, schools, authorities), their venues and rooms."""

import uuid

from django.contrib.postgres.functions import RandomUUID
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from centre.countries import DEFAULT_COUNTRY, Country, CountryProfile, profile_of
from centre.phones import phone_validator
from centre.scope import ScopedQuerySet


class Organisation(models.Model):
    """The centre itself, its structural subdivisions, partner schools and partners."""

    class Kind(models.TextChoices):
        CENTRE = "centre", _("Centre of supplementary education")
        SUBDIVISION = "subdivision", _("Structural subdivision")
        SCHOOL = "school", _("Partner school")
        INDUSTRIAL_PARTNER = "industrial", _("Industrial partner")
        UNIVERSITY = "university", _("University or college")
        AUTHORITY = "authority", _("Education authority")
        # seed 004 counts supplementary education in the system of culture and sport apart
        CULTURE_SPORT = "culture_sport", _("Organisation of culture or sport")
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
    # its country's profile (centre.countries): directions, currency, legal texts, time zone
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=Country.choices,
        default=DEFAULT_COUNTRY,
        db_default=DEFAULT_COUNTRY,
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True, validators=[phone_validator])
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    # a database default too: a migration test's older state of centre_organisation omits it
    ogrn = models.CharField(
        _("OGRN"), max_length=15, blank=True, db_default="", help_text=_("The state registration number.")
    )
    # the exchange's identity (programs/exchange): stable for the life of the record, never
    # the pk; the database's default fills rows written by bulk loads and the migration
    uuid = models.UUIDField(default=uuid.uuid4, db_default=RandomUUID(), unique=True, editable=False)
    # kept by a trigger on every real change (migration centre 0010), a bulk update included
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_default=Now())

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

    @property
    def profile(self) -> CountryProfile:
        """Its country's profile (centre.countries): currency, funding words, legal texts, time zone."""
        return profile_of(self.country)

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
    # a school's building where the organisation's teachers hold lessons (seed 002): its
    # clubs count as clubs at schools in the statistics
    at_school = models.BooleanField(
        _("in a school"),
        default=False,
        db_default=False,
        help_text=_("The building of a general education school, not the organisation's own."),
    )

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
