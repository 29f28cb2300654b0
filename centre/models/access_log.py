"""The log of who read, exported or erased a child's personal data (written by centre.audit)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centre.scope import ScopedQuerySet


class PersonalDataAccessQuerySet(ScopedQuerySet):
    pass


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
