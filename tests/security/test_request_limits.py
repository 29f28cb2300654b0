"""Unbounded request bodies (issue 13, finding 6): a body over MAX_REQUEST_BYTES gets 413
before anything reads it, so nothing is parsed or spooled to a temporary file."""

import asyncio
import http.client
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings as django_settings
from django.core.files import uploadedfile
from django.http import multipartparser
from django.urls import reverse

from centre.middleware import limit_asgi_body

pytestmark = pytest.mark.django_db

TWO_GB = 2 * 1024**3
BOUNDARY = "----portal-test-boundary"
# an unmasked CSRF secret as cookie and field: the form's CSRF check passes, so without the
# limit Django parses (and spools) the body to read the token
CSRF = "a" * 32


def multipart(file_bytes: int) -> bytes:
    return (
        (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
            f"{CSRF}\r\n"
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="email"\r\n\r\n'
            "parent@example.org\r\n"
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="attachment"; filename="big.bin"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        ).encode()
        + b"x" * file_bytes
        + f"\r\n--{BOUNDARY}--\r\n".encode()
    )


@pytest.fixture
def spool(settings, tmp_path, monkeypatch):
    """The temporary upload folder, and a record of every body Django started to parse and
    every temporary upload file it opened (deleted or not afterwards)."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    seen = {"parsed": 0, "spooled": 0}
    parser_init = multipartparser.MultiPartParser.__init__
    temporary_init = uploadedfile.TemporaryUploadedFile.__init__

    def parsing(self, *args, **kwargs):
        seen["parsed"] += 1
        parser_init(self, *args, **kwargs)

    def spooling(self, *args, **kwargs):
        seen["spooled"] += 1
        temporary_init(self, *args, **kwargs)

    monkeypatch.setattr(multipartparser.MultiPartParser, "__init__", parsing)
    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", spooling)
    seen["folder"] = Path(tmp_path)
    return seen


def test_a_declared_two_gigabyte_post_to_the_password_reset_form_gets_413_unread(client, spool):
    response = client.post(
        reverse("password_reset"),
        data=multipart(100),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
        CONTENT_LENGTH=str(TWO_GB),
    )
    assert response.status_code == 413
    assert "Слишком большой запрос" in response.content.decode()
    assert "12,0" in response.content.decode()  # the limit, in megabytes
    assert spool["parsed"] == 0 and spool["spooled"] == 0
    assert list(spool["folder"].iterdir()) == []


def test_a_body_within_the_limit_is_read_as_before(client, spool, settings):
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post(
        reverse("password_reset"),
        data=multipart(200 * 1024),
        content_type=f"multipart/form-data; boundary={BOUNDARY}",
    )
    assert response.status_code == 302  # the form was read and answered
    assert spool["parsed"] == 1 and spool["spooled"] == 1  # the spy sees spooling when it happens


def test_a_content_length_that_is_not_a_number_gets_400(client):
    response = client.post(reverse("login"), data=b"x", content_type="text/plain", CONTENT_LENGTH="-5")
    assert response.status_code == 400


def _send(live_server, headers: dict, chunks) -> tuple[int, str]:
    address = urlparse(live_server.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=30)
    connection.putrequest("POST", reverse("password_reset"))
    connection.putheader("Cookie", f"csrftoken={CSRF}")
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    try:
        for chunk in chunks:
            connection.send(chunk)
    except (BrokenPipeError, ConnectionResetError):  # the server answered and closed early
        pass
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    return response.status, body


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_streamed_body_over_a_lowered_limit_is_refused_before_spooling(live_server, spool, settings):
    settings.MAX_REQUEST_BYTES = 256 * 1024
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 16 * 1024  # without the limit this body would be spooled
    body = multipart(1024 * 1024)
    status, text = _send(
        live_server,
        {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}", "Content-Length": str(len(body))},
        (body[start : start + 64 * 1024] for start in range(0, len(body), 64 * 1024)),
    )
    assert status == 413
    assert "256,0" in text  # KB
    assert spool["parsed"] == 0 and spool["spooled"] == 0
    assert list(spool["folder"].iterdir()) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_chunked_body_without_a_length_is_refused(live_server, spool):
    payload = multipart(1000)
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(payload), payload)
    status, text = _send(
        live_server,
        {"Content-Type": f"multipart/form-data; boundary={BOUNDARY}", "Transfer-Encoding": "chunked"},
        [chunked],
    )
    assert status == 411
    assert spool["parsed"] == 0


def test_djangos_own_limits_stay_within_the_request_limit_and_every_upload_fits():
    from innovation.validators import PDF_MAX_BYTES
    from programs.images import MAX_UPLOAD_BYTES
    from projects.uploads import FILE_MAX_BYTES, PHOTO_MAX_BYTES

    limit = django_settings.MAX_REQUEST_BYTES
    assert limit == 12 * 1024 * 1024
    assert limit >= django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    assert limit >= django_settings.FILE_UPLOAD_MAX_MEMORY_SIZE
    # the largest upload the forms accept, with room for the rest of the form
    assert max(PDF_MAX_BYTES, MAX_UPLOAD_BYTES, FILE_MAX_BYTES, PHOTO_MAX_BYTES) + 64 * 1024 < limit


def test_the_deployment_guides_proxy_refuses_the_same_size():
    deploy = (Path(django_settings.BASE_DIR) / "docs" / "deploy.md").read_text(encoding="utf-8")
    sizes = re.findall(r"client_max_body_size\s+(\d+)m;", deploy)
    assert sizes and all(int(size) * 1024 * 1024 == django_settings.MAX_REQUEST_BYTES for size in sizes)
    assert "MAX_REQUEST_BYTES" in deploy


# --- the ASGI application (Django spools an ASGI body before any middleware) --------------


def _run_asgi(headers, messages):
    calls = {"app": 0, "received": []}
    sent = []

    async def app(scope, receive, send):
        calls["app"] += 1
        while True:
            message = await receive()
            calls["received"].append(message["type"])
            if message["type"] == "http.disconnect" or not message.get("more_body"):
                break

    async def receive():
        return messages.pop(0)

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/", "headers": headers}
    asyncio.run(limit_asgi_body(app)(scope, receive, send))
    return calls, sent


def test_the_asgi_application_refuses_a_large_declared_body_without_calling_django():
    calls, sent = _run_asgi([(b"content-length", str(TWO_GB).encode())], [])
    assert calls["app"] == 0
    assert sent[0]["status"] == 413


def test_the_asgi_application_refuses_a_chunked_body_and_cuts_off_a_lying_client(settings):
    calls, sent = _run_asgi([(b"transfer-encoding", b"chunked")], [])
    assert calls["app"] == 0 and sent[0]["status"] == 411
    settings.MAX_REQUEST_BYTES = 2048
    lying = [{"type": "http.request", "body": b"x" * 1500, "more_body": True}] * 2
    calls, sent = _run_asgi([(b"content-length", b"100")], list(lying))
    assert calls["received"] == ["http.request", "http.disconnect"]
