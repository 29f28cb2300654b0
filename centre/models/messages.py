"""Messages the portal sends (e-mail, SMS): one row per message, written before it is queued.

The row is the message's memory: the worker sends what it says, marks it sent, and never sends
a sent row again, so a retried task or a task run twice cannot mail twice. Its ``key`` names
the event (an application's status, an offer's reminder), so the same event queued twice makes
one row. Failed sends are retried; an administrator sees every row and its last error."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutgoingMessage(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("SMS")

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed, not retried any more")

    key = models.CharField(_("event"), max_length=200, unique=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    to = models.CharField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    text = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    language = models.CharField(_("language"), max_length=10, default="ru")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("outgoing message")
        verbose_name_plural = _("outgoing messages")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="centre_message_status_idx")]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.to}: {self.subject or self.key}"
