"""What programs are classified by: directions, profiles, levels, kinds of disabilities."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

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
