"""A real SMTP server for tests: aiosmtpd on 127.0.0.1 on a free port, in its own thread.

``smtp_server`` starts one for a test and points Django's mail settings at it (the SMTP
backend, not the locmem outbox), so a mail goes over a socket as in production::

    def test_mail(smtp_server):
        ...  # something sends a mail
        (letter,) = smtp_server.wait_for(1)
        assert letter.to == ["parent@example.org"] and "/status/" in letter.text

    def test_retry(smtp_server):
        smtp_server.refuse()           # every delivery answered 451 (a temporary failure)
        ...                            # the send fails; smtp_server.refused counts attempts
        smtp_server.accept()           # deliveries work again

A subprocess (a ``db_worker``, the benchmark's worker) gets the same server through
``smtp_server.environ()``: the EMAIL_* variables centre/settings.py reads.
"""

import socket
import threading
import time
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from email.utils import getaddresses

import pytest
from aiosmtpd.controller import Controller

HOST = "127.0.0.1"
TEMPORARY_FAILURE = "451 4.3.0 Try again later"
PERMANENT_FAILURE = "554 5.7.1 Delivery refused"


@dataclass
class Letter:
    """One accepted delivery: the envelope and the parsed message."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage
    received_at: float = field(default_factory=time.time)  # epoch seconds, for delays

    @property
    def subject(self):
        # a folded, encoded header parses with the fold's leading space
        return str(self.message["Subject"] or "").strip()

    @property
    def to(self):
        return [address for _name, address in getaddresses(self.message.get_all("To", []))]

    def _part(self, subtype):
        part = self.message.get_body(preferencelist=(subtype,))
        return part.get_content() if part is not None and part.get_content_subtype() == subtype else ""

    @property
    def text(self):
        """The text/plain body ('' if the message has none)."""
        return self._part("plain")

    @property
    def html(self):
        """The text/html body ('' if the message has none)."""
        return self._part("html")

    @property
    def headers(self):
        return dict(self.message.items())


class SMTPSink:
    """The aiosmtpd handler and its controller; thread-safe (the server runs in its thread)."""

    def __init__(self):
        self.letters: list[Letter] = []
        self.refused = 0  # deliveries answered with a failure
        self._answer = None  # None: accept; else the SMTP reply every DATA gets
        self._condition = threading.Condition()
        self._controller = None
        self.host = HOST
        self.port = None

    # aiosmtpd's hook: called for each message after DATA
    async def handle_DATA(self, server, session, envelope):
        with self._condition:
            if self._answer is not None:
                self.refused += 1
                self._condition.notify_all()
                return self._answer
            message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
            self.letters.append(Letter(envelope.mail_from, list(envelope.rcpt_tos), message))
            self._condition.notify_all()
        return "250 Message accepted for delivery"

    def start(self, port=None):
        # aiosmtpd checks readiness by connecting to the port it was given, so port 0 will not
        # do: take a free one from the OS (a rare race with another process: try again).
        for _attempt in range(5):
            self.port = port or _free_port()
            controller = Controller(self, hostname=HOST, port=self.port, ready_timeout=10)
            try:
                controller.start()
            except (OSError, RuntimeError):
                if port:
                    raise
                continue
            self._controller = controller
            return self
        raise RuntimeError("no free port for the test SMTP server")

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    # the switch
    def refuse(self, answer=TEMPORARY_FAILURE):
        """Answer every delivery with ``answer`` (451 by default: a temporary failure)."""
        with self._condition:
            self._answer = answer

    def accept(self):
        with self._condition:
            self._answer = None

    def clear(self):
        with self._condition:
            self.letters.clear()
            self.refused = 0

    # reading what arrived
    @property
    def messages(self):
        with self._condition:
            return list(self.letters)

    def wait_for(self, count=1, timeout=10.0, *, to=None):
        """Block until at least ``count`` letters arrived (addressed to ``to``, if given);
        return them all (AssertionError on timeout, naming what came)."""
        deadline = time.monotonic() + timeout
        with self._condition:
            while len(found := self._addressed(to)) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"expected {count} letter(s){f' to {to}' if to else ''} at the test SMTP server "
                        f"within {timeout} s, got {len(found)} (refused {self.refused}; all subjects: "
                        f"{[letter.subject for letter in self.letters]})"
                    )
                self._condition.wait(left)
            return found

    def _addressed(self, to):
        if to is None:
            return list(self.letters)
        to = to.lower()
        return [letter for letter in self.letters if to in (r.lower() for r in letter.rcpt_tos)]

    def wait_for_refusals(self, count=1, timeout=10.0):
        deadline = time.monotonic() + timeout
        with self._condition:
            while self.refused < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"expected {count} refused delivery(ies), got {self.refused}")
                self._condition.wait(left)
            return self.refused

    def to(self, address):
        """The letters addressed to ``address`` (envelope recipients, case-insensitive)."""
        with self._condition:
            return self._addressed(address)

    # pointing Django at it
    def settings(self):
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": self.host,
            "EMAIL_PORT": self.port,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
            "EMAIL_TIMEOUT": 5,
        }

    def environ(self):
        """The environment variables for a subprocess (centre/settings.py reads them)."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": self.host,
            "EMAIL_PORT": str(self.port),
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_USE_TLS": "0",
        }

    def __enter__(self):
        return self.start() if self._controller is None else self

    def __exit__(self, *exc):
        self.stop()


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A running SMTP server for this test, with Django's mail settings pointed at it."""
    with SMTPSink() as sink:
        for name, value in sink.settings().items():
            setattr(settings, name, value)
        yield sink
