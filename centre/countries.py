"""The countries an installation or an organisation can be in. Which one it is decides, as
data and never as an ``if`` in a template, the directions list, the currency and its format,
the names of authorities and acts, the funding kinds, the consent and erasure texts and the
time zone: ``profile_of(code)`` (docs/decisions.md, "A country profile")."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Country(models.TextChoices):
    RUSSIA = "RU", _("Russia")
    KAZAKHSTAN = "KZ", _("Kazakhstan")


DEFAULT_COUNTRY = Country.RUSSIA
