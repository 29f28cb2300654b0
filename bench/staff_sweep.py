"""The staff sweep: every staff page reached from each demo role's landing page, timed one
request at a time against the benchmark's gunicorn (no concurrency), as issue 13 asks.

For each role's demo login it opens the home page (where a login lands), follows the
portal's own links two steps deep (at most ``MAX_PAGES`` a role, one URL per path so
pagination and filter variants do not crowd out other pages), and requests each page
``repeats`` times. Pages that answer anything but 200 are reported, not timed.
"""

import re
import statistics
import time
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

MAX_PAGES = 60
PUBLIC_SECOND_STEP = 5
SKIP = re.compile(
    r"^/(static|media|admin|accounts/logout|accounts/password)|\.(xlsx|pdf|png|jpe?g|svg)$|/export"
)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)


def page_links(html: str, base: str, host: str) -> list[str]:
    """The portal's own page paths linked from a page: same host, no fragment, no files,
    no downloads, no log-out, in the order they appear."""
    parser = _Links()
    parser.feed(html)
    seen, paths = set(), []
    for href in parser.links:
        url = urlparse(urljoin(base, href))
        if url.netloc and url.netloc != urlparse(host).netloc:
            continue
        if SKIP.search(url.path) or url.path in seen:
            continue
        seen.add(url.path)
        paths.append(url.path + (f"?{url.query}" if url.query else ""))
    return paths


def login(session, host: str, username: str, password: str) -> bool:
    page = session.get(f"{host}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    response = session.post(
        f"{host}/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": token.group(1) if token else "",
        },
        headers={"Referer": f"{host}/accounts/login/"},
        timeout=30,
        allow_redirects=False,
    )
    return response.status_code in (302, 303)


def _is_staff(path: str) -> bool:
    return "/staff/" in path or path.startswith("/staff")


def discover(session, host: str) -> list[str]:
    """Pages reached from the landing page, two steps deep, bounded: every first-step link,
    then the second step's staff pages before its public ones (a catalogue page links to
    dozens of clubs, which would crowd the staff forms out), at most ``PUBLIC_SECOND_STEP``
    of those."""
    landing = session.get(f"{host}/", timeout=60)
    first = page_links(landing.text, f"{host}/", host)
    found = list(dict.fromkeys(["/", *first]))
    staff, public = [], []
    for path in first:
        response = session.get(host + path, timeout=60)
        if response.status_code == 200 and "text/html" in response.headers.get("Content-Type", ""):
            for link in page_links(response.text, host + path, host):
                known = {urlparse(p).path for p in (*found, *staff, *public)}
                if urlparse(link).path not in known:
                    (staff if _is_staff(link) else public).append(link)
    return [*found, *staff, *public[:PUBLIC_SECOND_STEP]][:MAX_PAGES]


def sweep(host: str, logins: dict[str, tuple[str, str]], repeats: int = 20) -> list[dict]:
    """One row per (role, page): p50 and p95 in ms, or the status it answered."""
    import requests

    rows = []
    for role, (username, password) in logins.items():
        session = requests.Session()
        if not login(session, host, username, password):
            rows.append({"role": role, "path": "/accounts/login/", "status": "login failed"})
            continue
        for path in discover(session, host):
            timings, status = [], None
            for _ in range(repeats):
                started = time.perf_counter()
                response = session.get(host + path, timeout=60, allow_redirects=False)
                timings.append((time.perf_counter() - started) * 1000)
                status = response.status_code
                if status != 200:
                    break
            row = {"role": role, "path": path, "status": status}
            if status == 200:
                timings.sort()
                row["p50_ms"] = round(statistics.median(timings), 1)
                row["p95_ms"] = round(timings[max(0, int(len(timings) * 0.95) - 1)], 1)
            rows.append(row)
    return rows


def slowest(rows: list[dict], count: int = 10) -> list[dict]:
    timed = [row for row in rows if "p95_ms" in row]
    return sorted(timed, key=lambda row: row["p95_ms"], reverse=True)[:count]
