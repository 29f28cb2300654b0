"""Security headers on real responses, and no inline script or style on any page of the demo."""

import re
from collections import deque
from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    ("home", {}),
    ("login", {}),
    ("programs:catalogue", {}),
    ("programs:register", {}),
    ("projects:showcase", {}),
    ("innovation:index", {}),
    ("mentoring:index", {}),
]
STAFF_PAGES = [
    ("director", "programs:staff_programs"),
    ("methodist", "programs:staff_groups"),
    ("methodist", "programs:staff_applications"),
    ("methodist", "projects:staff_projects"),
    ("director", "innovation:dashboard"),
    ("methodist", "mentoring:dashboard"),
]


def assert_security_headers(response):
    csp = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["style-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.parametrize("name, kwargs", PUBLIC_PAGES)
def test_public_pages_send_the_security_headers(client, name, kwargs):
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.parametrize("role_client, name", STAFF_PAGES, indirect=["role_client"])
def test_staff_pages_send_the_security_headers(role_client, name):
    response = role_client.get(reverse(name))
    assert response.status_code == 200
    assert_security_headers(response)


def test_error_pages_and_the_health_check_send_them_too(client):
    assert_security_headers(client.get("/no-such-page/"))
    assert_security_headers(client.get(reverse("healthz")))


def test_hsts_is_sent_on_https_as_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 3600
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = False
    response = client.get(reverse("home"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=3600; includeSubDomains"
    assert "Strict-Transport-Security" not in client.get(reverse("home"))  # never on plain HTTP


def test_session_and_csrf_cookies_are_http_only_and_secure_when_configured(client, settings, director):
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    login = client.get(reverse("login"))
    assert login.cookies["csrftoken"]["secure"] is True
    response = client.post(reverse("login"), {"username": "director", "password": "test-pass-123"})
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True and session["httponly"] is True
    assert session["samesite"] == "Lax"


# --- no inline script or style on any page -------------------------------------------------

LINK = re.compile(r'(?:href|action)="([^"#]+)"')
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.S | re.I)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style\b", re.I)
JS_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def inline_code(html: str) -> list[str]:
    found = []
    for attributes, body in SCRIPT.findall(html):
        is_data = re.search(r'type="application/(?:ld\+)?json"', attributes)
        if "src=" not in attributes and not is_data:
            found.append(f"inline <script>: {body[:60]!r}")
        elif body.strip() and not is_data:
            found.append("a <script src> with a body")
    for pattern, label in [
        (EVENT_HANDLER, "event handler attribute"),
        (STYLE_ATTRIBUTE, "style attribute"),
        (STYLE_ELEMENT, "<style> element"),
        (JS_URL, "javascript: URL"),
    ]:
        found += [f"{label}: {match.group(0)[:80]!r}" for match in pattern.finditer(html)]
    return found


def test_the_detector_finds_each_kind_of_inline_code():
    html = (
        '<script>alert(1)</script><button onclick="x()">b</button><p style="color:red">'
        '<style>p{}</style><a href="javascript:alert(1)">x</a>'
    )
    assert len(inline_code(html)) == 5
    assert inline_code('<script src="/static/a.js" defer></script><p class="x">') == []


def crawl(client, starts, prefixes, limit):
    """Every same-site page reachable from the starts by links under the prefixes (GET only)."""
    seen, pages = set(), {}
    queue = deque(starts)
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        assert "Content-Security-Policy" in response, url
        html = response.content.decode()
        pages[url] = html
        for link in LINK.findall(html):
            parsed = urlparse(urljoin(url, link.replace("&amp;", "&")))
            # the language switcher is a redirect that would turn the rest of the crawl to /kk/
            if parsed.netloc or not parsed.path.startswith(prefixes) or parsed.path.startswith("/language/"):
                continue
            if parsed.path.endswith((".xlsx", "/xlsx/")) or "/export" in parsed.path:
                continue
            queue.append(parsed.path + (f"?{parsed.query}" if parsed.query else ""))
    return pages


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


PUBLIC_PREFIXES = ("/clubs/", "/projects/", "/innovation/", "/mentoring/", "/applications/", "/accounts/")


def test_no_public_page_of_the_demo_has_inline_script_or_style(client, demo):
    starts = [reverse("home"), reverse("programs:catalogue"), reverse("projects:showcase")]
    starts += [reverse("innovation:index"), reverse("mentoring:index"), reverse("programs:register")]
    pages = crawl(client, starts, ("/", *PUBLIC_PREFIXES), limit=250)
    assert len(pages) >= 30, sorted(pages)
    assert any(url.startswith("/clubs/") and "/apply/" in url for url in pages)
    problems = {url: inline_code(html) for url, html in pages.items() if inline_code(html)}
    assert problems == {}
    print(f"public pages checked for inline code: {len(pages)}")


def test_no_staff_page_of_the_demo_has_inline_script_or_style(client, demo):
    from django.contrib.auth import get_user_model

    for username in ("methodist", "director"):
        client.force_login(get_user_model().objects.get(username=username))
        pages = crawl(
            client,
            [
                reverse("programs:staff_programs"),
                reverse("innovation:dashboard"),
                reverse("mentoring:dashboard"),
            ],
            ("/staff/", "/mentoring/", "/cabinet/"),
            limit=120,
        )
        assert len(pages) >= 20, sorted(pages)
        problems = {url: inline_code(html) for url, html in pages.items() if inline_code(html)}
        assert problems == {}, username
        print(f"{username}: staff pages checked for inline code: {len(pages)}")
