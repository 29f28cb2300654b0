"""What a signed-in user chose for themselves and keeps from device to device: for now the
interface language (a visitor's choice lives in a cookie only)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserPreference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="preference",
    )
    language = models.CharField(_("interface language"), max_length=8, choices=settings.LANGUAGES)

    class Meta:
        verbose_name = _("user's preferences")
        verbose_name_plural = _("users' preferences")

    def __str__(self):
        return f"{self.user}: {self.language}"
