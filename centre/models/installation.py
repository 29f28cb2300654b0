"""The installation itself: one row, made on first use, whose uuid names this portal to the
systems it exchanges records with (the federal package's ``datasource``)."""

import uuid

from django.core.cache import cache
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from centre.countries import DEFAULT_COUNTRY, INSTALLATION_COUNTRY_KEY, Country, CountryProfile, profile_of


class Installation(models.Model):
    uuid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # the country of pages that belong to no organisation (registration, the home page) and
    # the default of a new organisation
    country = models.CharField(
        _("country"),
        max_length=2,
        choices=Country.choices,
        default=DEFAULT_COUNTRY,
        db_default=DEFAULT_COUNTRY,
    )

    class Meta:
        verbose_name = _("installation")
        verbose_name_plural = _("installation")
        constraints = [models.CheckConstraint(condition=Q(id=1), name="centre_installation_one_row")]

    def __str__(self):
        return str(self.uuid)

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        cache.delete(INSTALLATION_COUNTRY_KEY)

    @property
    def profile(self) -> CountryProfile:
        """Its country's profile (centre.countries)."""
        return profile_of(self.country)

    @classmethod
    def current(cls) -> "Installation":
        """The one row, made the first time it is asked for (kept for ever after: a
        datasource's uuid must not change)."""
        installation, _created = cls.objects.get_or_create(pk=1)
        return installation
