"""Messages to people: stored first (centre.models.OutgoingMessage), sent by the worker.

``send_email`` renders ``templates/emails/<template>_subject.txt``, ``.txt`` and ``.html`` in
the message's language (the active one unless told), stores one row per ``key`` and queues ``centre.tasks.send_message``
once the current transaction commits. The same key twice is one message (a retried request, a
service called again), and a rolled-back transaction queues nothing. Nothing here talks to a
mail server: a slow or broken one never slows or fails the request.

A letter is written in its recipient's language: the caller builds its context (links by
``reverse()`` get that language's /kk/ or /en/ prefix, labels its words) and sends it inside
``translation.override(recipient_language(user))``, or the application's own language for
letters about an application."""

import hashlib
import logging
from functools import partial

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from centre.languages import current_language
from centre.models import OutgoingMessage
from centre.tasks import send_message

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """A link a mail or SMS can carry: PORTAL_URL + the path (``reverse()``'s answer)."""
    return settings.PORTAL_URL + path


def recipient_language(user) -> str:
    """The language to write to ``user`` in: the one they chose (centre.UserPreference), else
    the active language (the request's that triggered the letter; the portal's in the worker)."""
    if user is not None and getattr(user, "pk", None):
        UserPreference = apps.get_model("centre", "UserPreference")
        chosen = UserPreference.objects.filter(user=user).values_list("language", flat=True).first()
        if chosen in dict(settings.LANGUAGES):
            return chosen
    return current_language()


def stored_key(key: str) -> str:
    """``key`` as the column holds it: a longer one (an e-mail address in it) keeps its start
    and ends in a digest of the whole, so two long keys stay two."""
    limit = OutgoingMessage._meta.get_field("key").max_length
    if len(key) <= limit:
        return key
    return f"{key[: limit - 41]}#{hashlib.sha256(key.encode()).hexdigest()[:40]}"


def queue_message(*, key: str, channel: str, to: str, **fields) -> OutgoingMessage:
    """The message stored under ``key`` (made now, or the one made before) and, when it is
    new, its sending queued after the current transaction commits."""
    key = stored_key(key)
    try:
        with transaction.atomic():  # a savepoint: a twin's IntegrityError leaves the caller's work
            message = OutgoingMessage.objects.create(key=key, channel=channel, to=to, **fields)
    except IntegrityError:
        return OutgoingMessage.objects.get(key=key)  # made by a concurrent twin: queued by it
    # robust: a queue that cannot be reached is logged, the committed request still answers
    transaction.on_commit(partial(send_message.enqueue, message.pk), robust=True)
    return message


def render_email(template: str, context: dict, language: str | None = None) -> tuple[str, str, str]:
    """Subject (one line), plain text and HTML of ``templates/emails/<template>*``."""
    context = {"portal_name": settings.PORTAL_NAME, "portal_url": settings.PORTAL_URL, **context}
    with translation.override(language or current_language()):
        subject = render_to_string(f"emails/{template}_subject.txt", context)
        text = render_to_string(f"emails/{template}.txt", context)
        html = render_to_string(f"emails/{template}.html", context)
    subject = " ".join(subject.split())[:255]  # a header: no line breaks
    return subject, text.strip() + "\n", html


def send_email(*, key: str, to: str, template: str, context: dict, language: str | None = None):
    """Queue the e-mail ``template`` to ``to`` once for ``key``; the stored OutgoingMessage,
    or None when there is no address to write to."""
    to = (to or "").strip()
    if not to:
        return None
    language = language or current_language()
    existing = OutgoingMessage.objects.filter(key=stored_key(key)).first()
    if existing is not None:
        return existing  # rendered and queued already: the same event is one message
    subject, text, html = render_email(template, context, language)
    return queue_message(
        key=key,
        channel=OutgoingMessage.Channel.EMAIL,
        to=to,
        subject=subject,
        text=text,
        html=html,
        language=language,
    )
