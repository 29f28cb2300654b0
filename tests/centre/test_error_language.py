"""The refusal of an oversized body in the language of the address it was sent to (issue 17):
it is said before LocaleMiddleware runs (and by the ASGI wrapper before Django), so it reads
the /kk/ or /en/ prefix itself; an unprefixed address is answered in Russian."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from centre.middleware import limit_asgi_body

TWO_GB = 2 * 1024**3


@pytest.fixture(autouse=True)
def portal_language():
    with translation.override(settings.LANGUAGE_CODE):
        yield


def refusal(client, language: str) -> str:
    with translation.override(language):
        url = reverse("login")
    response = client.post(url, data=b"x", content_type="text/plain", CONTENT_LENGTH=str(TWO_GB))
    assert response.status_code == 413
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, words",
    [("ru", "Слишком большой запрос"), ("kk", "Сұрау тым үлкен"), ("en", "The request is too large")],
)
def test_the_refusal_is_in_the_language_of_the_address(client, language, words):
    # an earlier request of another language leaves it active in this thread: not the answer's
    with translation.override("kk" if language != "kk" else "en"):
        assert words in refusal(client, language)


@pytest.mark.parametrize(
    "path, words",
    [("/kk/accounts/login/", "Сұрау тым үлкен"), ("/en/accounts/login/", "too large"), ("/", "Слишком")],
)
def test_the_asgi_refusal_is_in_the_language_of_the_path(path, words):
    sent = []

    async def app(scope, receive, send):  # never called: the body is refused first
        raise AssertionError

    async def send(message):
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": path,
        "headers": [(b"content-length", str(TWO_GB).encode())],
    }

    def run():
        # the thread's language is another one on purpose: the path must decide
        with translation.override("kk" if "kk" not in path else "en"):
            asyncio.run(limit_asgi_body(app)(scope, None, send))

    # a thread of its own: a browser test earlier in the run may leave an event loop running
    # in this one, where asyncio.run() refuses to start
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()
    assert sent[0]["status"] == 413 and words in sent[1]["body"].decode()
