"""A crawler renders every public page it can reach, anonymously, over the demo data and a
centre-scale generated set, and finds no child's or guardian's personal data in them: the
HTML, the club pages' schema.org JSON-LD (decoded: its text is escaped), and the public
files the pages link to — the groups' iCalendar feeds (.ics) and the open data sets (CSV,
JSON)."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlparse

import pytest
from django.core.management import call_command
from django.utils import dateformat

from centre.models import Guardian, Learner

pytestmark = pytest.mark.django_db

START = ["/", "/clubs/", "/projects/", "/innovation/", "/mentoring/", "/applications/lookup/", "/opendata/"]
PRIVATE_PREFIXES = ("/accounts/", "/admin/", "/staff/", "/cabinet/", "/static/", "/media/", "/applications/")
# public pages under a private prefix: «Проверить заявку» (what it answers to a number and a
# contact: test_parent_pages.py)
PUBLIC_PATHS = ("/applications/lookup/",)
MAX_PAGES = 300
MAX_FILES = 150
# the public files the crawler reads as well as the pages, by their Content-Type
FILE_TYPES = ("text/calendar", "text/csv", "application/json", "application/ld+json")
JSON_LD = re.compile(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', re.DOTALL)


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)


def readable(kind: str, body: bytes) -> str:
    """A public file's text as a reader sees it: JSON decoded (its Cyrillic may be escaped),
    an iCalendar's folded lines joined and its escapes undone, a CSV as it is."""
    text = body.decode("utf-8-sig")
    if "json" in kind:
        return json.dumps(json.loads(text), ensure_ascii=False, indent=0)
    if "calendar" in kind:
        text = text.replace("\r\n ", "").replace("\n ", "")
        return text.replace("\\,", ",").replace("\\;", ";").replace("\\n", "\n")
    return text


def crawl(client, files=None):
    """The public pages (path -> HTML); the public files they link to and the pages' JSON-LD
    blocks go into ``files`` (path -> readable text; a page's blocks under "path#ld+json")."""
    files = {} if files is None else files
    seen, queue, pages = set(), list(START), {}
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        kind = response.get("Content-Type", "")
        if response.status_code == 200 and kind.startswith(FILE_TYPES) and len(files) < MAX_FILES:
            body = b"".join(response.streaming_content) if response.streaming else response.content
            files[path] = readable(kind, body)
        if response.status_code != 200 or "html" not in kind:
            continue
        html = response.content.decode()
        pages[path] = html
        blocks = [readable("json", block.encode()) for block in JSON_LD.findall(html)]
        if blocks:
            files[f"{path}#ld+json"] = "\n".join(blocks)
        parser = Links()
        parser.feed(html)
        for href in parser.hrefs:
            url = urlparse(urljoin(path, href))
            if url.netloc or url.scheme not in ("", "http", "https"):
                continue
            target = url.path + (f"?{url.query}" if url.query else "")
            # follow pagination and filters of the first pages, not every combination
            private = url.path.startswith(PRIVATE_PREFIXES) and url.path not in PUBLIC_PATHS
            # the language switcher: a redirect that would turn the rest of the crawl to /kk/
            if private or target.count("&") > 1 or url.path.startswith("/language/"):
                continue
            queue.append(target)
    return pages


def test_no_public_page_shows_personal_data(client, settings):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("generate_data", scale="centre")
    files = {}
    pages = crawl(client, files)
    assert len(pages) > 50, "the crawler should reach the catalogue, clubs, projects and platforms"
    assert set(PUBLIC_PATHS) <= set(pages)
    assert any(path.endswith(".ics") for path in files), "the crawler should reach the groups' calendars"
    assert any(path.endswith("#ld+json") for path in files), "the club pages should carry JSON-LD"
    opened = [path for path in files if path.startswith("/opendata/")]
    assert len(opened) >= 2, f"the crawler should reach the open data sets, found {opened}"
    text = "\n".join([*pages.values(), *files.values()])
    documents = [*pages.values(), *files.values()]

    # what the pages show that looks like a date, a full name, a phone or an e-mail
    full_names = set(re.findall(r"[А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+ [А-ЯЁ][а-яё]+", text))
    digit_runs = set(re.findall(r"\d{10,}", re.sub(r"[\s()+\-]", "", text)))
    emails = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", text))
    # a date is a child's birth date when the child's surname is on the same page: order and
    # event dates of the innovation pages may fall on somebody's birthday
    dated_words = {}
    for html in documents:
        found = (
            set(re.findall(r"\b\d{2}\.\d{2}\.\d{4}\b", html))
            | set(re.findall(r"\b\d{1,2} [а-яё]+ \d{4}\b", html))
            | set(re.findall(r"\b\d{4}-\d{2}-\d{2}\b", html))
        )
        words = set(re.findall(r"[А-ЯЁа-яё]+", html))
        for shown in found:
            dated_words.setdefault(shown, set()).update(words)

    leaks = []
    for surname, name, patronymic, born in Learner.objects.values_list(
        "surname", "name", "patronymic", "birth_date"
    ):
        for shown in (born.strftime("%d.%m.%Y"), dateformat.format(born, "j E Y"), born.isoformat()):
            if surname in dated_words.get(shown, ()):
                leaks.append(f"birth date {shown} of {surname} {name}")
        if patronymic and f"{surname} {name} {patronymic}" in full_names:
            leaks.append(f"full name {surname} {name} {patronymic}")
    for phone, email in Guardian.objects.values_list("phone", "email"):
        digits = re.sub(r"\D", "", phone)
        if len(digits) >= 10 and any(digits in run for run in digit_runs):
            leaks.append(f"guardian phone {phone}")
        if email and email in emails:
            leaks.append(f"guardian e-mail {email}")
    assert leaks == [], f"{len(leaks)} leaks on {len(pages)} pages and {len(files)} files, e.g. {leaks[:5]}"
