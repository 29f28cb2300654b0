"""Messages to people: stored first (centre.models.OutgoingMessage), sent by the worker.

``send_email`` renders ``templates/emails/<template>_subject.txt``, ``.txt`` and ``.html`` in
the message's language, stores one row per ``key`` and queues ``centre.tasks.send_message``
once the current transaction commits. The same key twice is one message (a retried request, a
service called again), and a rolled-back transaction queues nothing. Nothing here talks to a
mail server: a slow or broken one never slows or fails the request."""

import hashlib
import logging
from functools import partial

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation

from centre.models import OutgoingMessage
from centre.tasks import send_message

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """A link a mail or SMS can carry: PORTAL_URL + the path (``reverse()``'s answer)."""
    return settings.PORTAL_URL + path


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
    with translation.override(language or settings.LANGUAGE_CODE):
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
    language = language or settings.LANGUAGE_CODE
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
