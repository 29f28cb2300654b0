"""SMS: one interface, the backend chosen by ``SMS_BACKEND``.

``send_sms`` stores the message and queues it like an e-mail (centre.notify); the worker hands
it to the backend. A provider is a class with ``send(*, to, text)`` that raises on failure
(the worker retries); until one is configured the logging backend writes each SMS to the log."""

import logging

from centre.models import OutgoingMessage
from centre.notify import queue_message
from centre.phones import phone_digits

logger = logging.getLogger(__name__)


class SmsBackend:
    """What a provider implements: deliver ``text`` to the phone ``to`` (digits, 7… for
    Russia) or raise."""

    def send(self, *, to: str, text: str) -> None:
        raise NotImplementedError


class LoggingBackend(SmsBackend):
    """Development and tests: the SMS goes to the log (logger ``centre.sms``), nowhere else."""

    def send(self, *, to: str, text: str) -> None:
        logger.info("SMS to +%s: %s", to, text)


class MemoryBackend(SmsBackend):
    """Tests: every SMS kept in ``MemoryBackend.outbox`` as ``(to, text)``."""

    outbox: list[tuple[str, str]] = []

    def send(self, *, to: str, text: str) -> None:
        self.outbox.append((to, text))


def send_sms(*, key: str, to: str, text: str):
    """Queue an SMS to the phone ``to`` once for ``key``; the stored OutgoingMessage, or None
    when the phone has no digits."""
    digits = phone_digits(to)
    if not digits:
        return None
    return queue_message(key=key, channel=OutgoingMessage.Channel.SMS, to=digits, text=text)
