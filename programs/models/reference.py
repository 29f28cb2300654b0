"""What programs are classified by: directions, profiles, levels, kinds of disabilities."""

import uuid

from django.contrib.postgres.functions import RandomUUID
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from centre.countries import DEFAULT_COUNTRY, Country
from centre.languages import localized
from centre.models import Organisation
from centre.scope import readable_organisations, staff_organisations

# the ages a program or a group is for: from age_min to age_max, 3 to 18
AGE_VALIDATORS = [MinValueValidator(3), MaxValueValidator(18)]
AGE_RANGE_WRONG = _("The upper age cannot be below the lower age.")


def age_range_constraint(name: str) -> models.CheckConstraint:
    """The database's rule that age_max is not below age_min."""
    return models.CheckConstraint(
        condition=Q(age_max__gte=F("age_min")), name=name, violation_error_message=AGE_RANGE_WRONG
    )


def age_range_errors(record) -> dict:
    """The same rule as age_range_constraint, on the age_max field, for clean()."""
    if record.age_min is not None and record.age_max is not None and record.age_max < record.age_min:
        return {"age_max": AGE_RANGE_WRONG}
    return {}


class DirectionQuerySet(models.QuerySet):
    def of_country(self, code):
        """The directions list of a country (centre.countries.Country)."""
        return self.filter(country=code)

    def for_user(self, user, *, write: bool = False):
        """The directions of the countries of the user's organisations (to change: their own;
        to read: with an authority's territory); every list for an administrator. A subquery,
        no query of its own."""
        ids = staff_organisations(user) if write else readable_organisations(user)
        if ids is None:
            return self
        return self.filter(country__in=Organisation.objects.filter(pk__in=ids).values("country"))


class Direction(models.Model):
    """Направленность. Data, not code: Kazakhstan uses another list (the Типовые правила),
    so each direction belongs to a country's list (centre.countries)."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    name_kk = models.CharField(_("name in Kazakh"), max_length=100, blank=True, db_default="")
    name_en = models.CharField(_("name in English"), max_length=100, blank=True, db_default="")
    slug = models.SlugField(_("code"), max_length=50, unique=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=Country.choices,
        default=DEFAULT_COUNTRY,
        db_default=DEFAULT_COUNTRY,
    )
    # the statistics' technical share (seed 004: technical creativity, 3.6 % of pupils)
    is_technical = models.BooleanField(_("technical creativity"), default=False, db_default=False)

    objects = DirectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("direction")
        verbose_name_plural = _("directions")
        ordering = ["position", "name"]

    def __str__(self):
        return localized(self)


class Profile(models.Model):
    direction = models.ForeignKey(
        Direction, verbose_name=_("direction"), on_delete=models.PROTECT, related_name="profiles"
    )
    name = models.CharField(_("name"), max_length=100)
    # the exchange's programDirection (programs/exchange)
    uuid = models.UUIDField(default=uuid.uuid4, db_default=RandomUUID(), unique=True, editable=False)
    updated_at = models.DateTimeField(_("updated"), auto_now=True, db_default=Now())

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
