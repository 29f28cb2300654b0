"""Imports of XLSX files (programs, groups with schedules, learners with guardians and
consents): the uploaded file, what checking it found row by row, and what importing saved."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from centre.models import Organisation
from centre.scope import ScopedQuerySet


class ImportBatch(models.Model):
    """One uploaded file. Its bytes are kept in the database, not under MEDIA_ROOT: a list of
    children is never a public file. Nothing is saved unless every row is valid."""

    SCOPE_LOOKUP = "organisation"

    class Kind(models.TextChoices):
        PROGRAMS = "programs", _("programs")
        GROUPS = "groups", _("groups with schedules")
        LEARNERS = "learners", _("learners with parents and consents")

    class Status(models.TextChoices):
        CHECKING = "checking", _("being checked")
        INVALID = "invalid", _("has errors, nothing saved")
        VALID = "valid", _("checked, ready to import")
        IMPORTING = "importing", _("being imported")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed, nothing saved")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="imports"
    )
    kind = models.CharField(_("what is imported"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CHECKING)
    file_name = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(_("file contents"), editable=False)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    done_rows = models.PositiveIntegerField(_("rows done"), default=0)
    # [{"row": 7, "column": "Дата рождения", "message": "..."}], in the order of the file
    errors = models.JSONField(_("errors"), default=list, blank=True)
    # {"created": n, "updated": n, "skipped": n}
    totals = models.JSONField(_("totals"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("import of a file")
        verbose_name_plural = _("imports of files")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.get_kind_display()})"
