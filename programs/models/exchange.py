"""What the exchange with other systems keeps (programs/exchange, the calendars): tombstones
of exported records, the navigators' API tokens, uploaded packages, teachers' calendar feeds."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from centre.models import Organisation, Person
from centre.scope import ScopedQuerySet


class Tombstone(models.Model):
    """What an incremental package needs of an exported record after its row is gone: written
    by triggers on delete (migration programs 0016), whatever deleted it."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("organisation")
        PROGRAM = "program", _("program")
        GROUP = "group", _("group")
        SCHEDULE = "schedule", _("lesson in the schedule")
        PROGRAM_DIRECTION = "programDirection", _("profile")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    uuid = models.UUIDField(_("identifier"), unique=True)
    local_id = models.BigIntegerField(_("local id"))
    # a plain number, not a key: the organisation may be gone too; the program's organisation
    # for a program, its groups and their lessons, the organisation itself for a partner
    organisation_id = models.BigIntegerField(_("organisation"), null=True, blank=True)
    deleted_at = models.DateTimeField(_("deleted"), default=timezone.now, db_default=models.functions.Now())

    class Meta:
        verbose_name = _("deleted exported record")
        verbose_name_plural = _("deleted exported records")
        default_permissions = ("view",)
        indexes = [models.Index(fields=["deleted_at"], name="programs_tombstone_time_idx")]

    def __str__(self):
        return f"{self.kind} {self.uuid}"


def token_digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class PackageTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def for_key(self, key: str):
        """The active token of this secret, or None."""
        if not key:
            return None
        return self.active().select_related("organisation").filter(key_hash=token_digest(key)).first()


class PackageToken(models.Model):
    """A navigator's read-only key to one organisation's federal package. Only its digest is
    kept: the secret is shown once, when an administrator issues it."""

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="package_tokens"
    )
    name = models.CharField(_("who uses it"), max_length=200)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # the secret's first characters, to tell tokens apart in lists
    prefix = models.CharField(_("begins with"), max_length=8, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("issued"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = PackageTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("package API token")
        verbose_name_plural = _("package API tokens")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(
        cls, *, organisation=None, name: str = "", by=None, token: "PackageToken | None" = None
    ) -> tuple["PackageToken", str]:
        """A new token and its secret (returned once, never stored): the one place a secret is
        made. ``token``: an unsaved one to fill and save (the admin's form's), else a new one
        of ``organisation`` and ``name``."""
        if token is None:
            token = cls(organisation=organisation, name=name)
        elif token.pk is not None:
            raise ValueError("A token's secret is made once: issue a new token instead.")
        key = secrets.token_urlsafe(32)
        token.key_hash, token.prefix, token.created_by = token_digest(key), key[:8], by
        token.save()
        return token, key

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PackageImport(models.Model):
    """One uploaded federal package: its bytes (kept in the database, as an XLSX import's),
    what checking or importing it found object by object, and the totals."""

    SCOPE_LOOKUP = "organisation"

    class Status(models.TextChoices):
        CHECKING = "checking", _("being checked")
        INVALID = "invalid", _("not a package, nothing saved")
        CHECKED = "checked", _("checked, ready to import")
        IMPORTING = "importing", _("being imported")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed, nothing saved")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="package_imports"
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CHECKING)
    file_name = models.CharField(_("file"), max_length=255)
    content = models.BinaryField(_("file contents"), editable=False)
    # [{"object": "group", "uuid": "…", "name": "…", "outcome": "created|updated|unchanged|
    #   deleted|skipped", "reason": "…"}], in the package's order
    report = models.JSONField(_("report"), default=list, blank=True)
    # {"created": n, "updated": n, "unchanged": n, "deleted": n, "skipped": n}
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
        verbose_name = _("import of a package")
        verbose_name_plural = _("imports of packages")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.file_name


class TeacherFeed(models.Model):
    """A teacher's private calendar of their groups' lessons: the secret in its address is
    the only key (a calendar app sends no login). Revoked by deleting the row; a new one has
    a new secret."""

    SCOPE_LOOKUP = "person__organisation"

    person = models.OneToOneField(
        Person, verbose_name=_("teacher"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("teacher's calendar feed")
        verbose_name_plural = _("teachers' calendar feeds")

    def __str__(self):
        return str(self.person)

    @classmethod
    def new_token(cls) -> str:
        return secrets.token_urlsafe(32)
