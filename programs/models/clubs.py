"""Clubs (объединения) and their photos."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from centre.languages import localized
from centre.models import Organisation
from centre.scope import ScopedQuerySet


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
    # a Kazakh centre names its clubs in both languages (seeds 000, 002)
    name_kk = models.CharField(_("name in Kazakh"), max_length=200, blank=True, db_default="")
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
        return localized(self)

    def get_absolute_url(self):
        return reverse("programs:club", kwargs={"slug": self.slug})


class ClubPhoto(models.Model):
    SCOPE_LOOKUP = "club__organisation"

    club = models.ForeignKey(Club, verbose_name=_("club"), on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="clubs/")
    thumbnail = models.ImageField(_("thumbnail"), upload_to="clubs/thumbs/", blank=True)
    # the catalogue card's picture (16:9), made at upload; cards fall back to the thumbnail
    card = models.ImageField(_("card picture"), upload_to="clubs/cards/", blank=True)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("club photo")
        verbose_name_plural = _("club photos")
        ordering = ["position", "id"]

    def __str__(self):
        return self.caption or self.image.name
