"""Every page answers in Kazakh and in English with every msgid translated (issue 17).

As the access matrix does (its demo world, MATRIX, requests_of and the URL arguments), the
walk requests each named URL with a GET row, as the first role the matrix expects to get 200,
under /kk/ and under /en/ (reverse inside translation.override). While a request runs,
DjangoTranslation's lookups are watched: a msgid the active language's own catalogue lacks
is a miss (in Kazakh, Django would quietly answer it from the Russian fallback). A miss of
the portal's msgid, or of Django's own one that reaches a Kazakh page (it belongs in
centre/locale_django/kk), fails the walk with the address and the msgid. Each HTML page must
say <html lang="kk"> / "en" and carry the language switcher; no text of a page, workbook or
CSV file may be a Russian msgstr of the portal's catalogues that differs from its msgid and
is no translation of the page's language (Russian that escaped translation, or was never
a msgid). One demo world for the module: the walk is long (about 300 requests)."""

import contextlib
import csv
import io
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.translation import trans_real

from tests.security.demo_world import demo_world
from tests.security.matrix import MATRIX, OK, ROLES, requests_of
from tests.security.worlds import module_world

pytestmark = pytest.mark.django_db

APPS = ["centre", "programs", "projects", "innovation", "mentoring"]
BASE = Path(settings.BASE_DIR)
SEPARATOR = "\x04"  # gettext's context separator, as Django's pgettext sends it


def key_of(entry) -> str:
    return f"{entry.msgctxt}{SEPARATOR}{entry.msgid}" if entry.msgctxt else entry.msgid


@cache
def portal_msgids() -> frozenset:
    """Every msgid (with its context) of the portal's own catalogues."""
    return frozenset(
        key_of(entry)
        for app in APPS
        for entry in polib.pofile(str(BASE / app / "locale" / "ru" / "LC_MESSAGES" / "django.po"))
        if not entry.obsolete
    )


def _foreign_locale_dirs():
    """Django's own catalogues and those of the installed packages (not the portal's)."""
    import django

    yield Path(django.__file__).parent / "conf" / "locale"
    for config in apps.get_app_configs():
        path = Path(config.path)
        if BASE in path.parents and ".venv" not in path.parts:
            continue
        if (path / "locale").is_dir():
            yield path / "locale"


@cache
def foreign_msgids() -> frozenset:
    """Every msgid Django or another installed package translates itself (read from their
    Russian and English catalogues: the English .po lists every msgid, translated or not)."""
    found = set()
    for directory in _foreign_locale_dirs():
        for language in ("ru", "en"):
            for name in ("django.po", "django.mo"):
                path = directory / language / "LC_MESSAGES" / name
                if path.exists():
                    catalogue = polib.pofile(str(path)) if name.endswith(".po") else polib.mofile(str(path))
                    found.update(key_of(entry) for entry in catalogue if entry.msgid)
                    break
    return frozenset(found)


def _texts(app, language):
    """(msgid, msgid_plural, texts) of each entry of a catalogue, whitespace collapsed."""
    for entry in polib.pofile(str(BASE / app / "locale" / language / "LC_MESSAGES" / "django.po")):
        if entry.obsolete or "fuzzy" in entry.flags:
            continue
        forms = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        yield entry, [" ".join(form.split()) for form in forms if form.strip()]


@cache
def escaped_russian(language: str) -> frozenset:
    """The Russian of the portal's catalogues that differs from its msgid and is no
    translation of ``language`` too (Kazakh writes «Телефон» and «Статистика» as Russian
    does): seen on a page in ``language``, it is Russian that escaped translation."""
    russian, own = set(), set()
    for app in APPS:
        for entry, forms in _texts(app, "ru"):
            russian.update(
                text for text in forms if text not in (entry.msgid, entry.msgid_plural) and "%" not in text
            )
        for _entry, forms in _texts(app, language):
            own.update(forms)
    return frozenset(russian - own)


class Misses:
    """Records, while ``recording``, each (language, msgid) a DjangoTranslation was asked for
    and its own catalogue does not hold (a fallback's lookups are recorded under the
    fallback's language, so a Kazakh miss answered from Russian is still a Kazakh miss)."""

    def __init__(self):
        self.found: set[tuple[str, str]] = set()
        self.on = False

    @contextlib.contextmanager
    def recording(self):
        self.on = True
        try:
            yield
        finally:
            self.on = False

    def _note(self, translation, key):
        if self.on and key not in translation._catalog:
            self.found.add((translation.language(), key))

    def _note_plural(self, translation, singular, number):
        if not self.on:
            return
        try:
            translation._catalog.plural(singular, number)
        except KeyError:
            self.found.add((translation.language(), singular))

    @contextlib.contextmanager
    def patched(self):
        """Wraps DjangoTranslation's gettext, ngettext, pgettext and npgettext (Django's own
        pgettext/npgettext reach the object's gettext/ngettext with "context\\x04msgid")."""
        cls = trans_real.DjangoTranslation
        originals = {
            name: cls.__dict__.get(name) for name in ("gettext", "ngettext", "pgettext", "npgettext")
        }
        inherited = {name: getattr(cls, name) for name in originals}
        misses = self

        def gettext(self, message):
            misses._note(self, message)
            return inherited["gettext"](self, message)

        def ngettext(self, msgid1, msgid2, n):
            misses._note_plural(self, msgid1, n)
            return inherited["ngettext"](self, msgid1, msgid2, n)

        def pgettext(self, context, message):
            misses._note(self, f"{context}{SEPARATOR}{message}")
            return inherited["pgettext"](self, context, message)

        def npgettext(self, context, msgid1, msgid2, n):
            misses._note_plural(self, f"{context}{SEPARATOR}{msgid1}", n)
            return inherited["npgettext"](self, context, msgid1, msgid2, n)

        replacements = {
            "gettext": gettext,
            "ngettext": ngettext,
            "pgettext": pgettext,
            "npgettext": npgettext,
        }
        for name, function in replacements.items():
            setattr(cls, name, function)
        try:
            yield self
        finally:
            for name, original in originals.items():
                if original is None:
                    delattr(cls, name)
                else:
                    setattr(cls, name, original)

    def take(self) -> set[tuple[str, str]]:
        found, self.found = self.found, set()
        return found


def where_it_belongs(language: str, key: str) -> str | None:
    """Why a miss matters, or None when it does not: the portal's msgid missing from the
    language's catalogue; Django's (or a package's) own msgid its Kazakh catalogue lacks
    (it shows in Russian: centre/locale_django/kk); a msgid no catalogue knows (run
    make messages). Django's own msgids in English show their msgid, which is English."""
    shown = key.replace(SEPARATOR, " | ")
    if key in portal_msgids():
        return f"{shown!r}: the portal's {language} catalogue lacks it"
    if key in foreign_msgids():
        if language == "en":
            return None
        return f"{shown!r}: Django's own msgid, add it to centre/locale_django/{language}"
    return f"{shown!r}: in no catalogue (make messages, then translate)"


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class VisibleText(HTMLParser):
    """The text nodes of a page (script and style aside) and the attributes people read,
    leaving out what an element marks as another language (the switcher's «Русский» with
    lang="ru" is meant to be Russian on every page)."""

    READ = ("title", "aria-label", "placeholder", "alt")

    def __init__(self, language):
        super().__init__(convert_charrefs=True)
        self.language = language
        self.texts: list[str] = []
        self._open: list[tuple[str, str, bool]] = []  # (tag, language, hidden)

    def _language(self):
        return self._open[-1][1] if self._open else self.language

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        language = (attributes.get("lang") or self._language()).split("-")[0]
        if tag == "html":
            language = self.language  # the page's own, checked apart
        hidden = tag in ("script", "style") or bool(self._open and self._open[-1][2])
        if language == self.language:
            for name in self.READ:
                if attributes.get(name):
                    self.texts.append(" ".join(attributes[name].split()))
        if tag not in VOID:
            self._open.append((tag, language, hidden))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self._open.pop()

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        hidden = bool(self._open and self._open[-1][2])
        if text and not hidden and self._language() == self.language:
            self.texts.append(text)


def visible_texts(html: str, language: str) -> list[str]:
    parser = VisibleText(language)
    parser.feed(html)
    parser.close()
    return parser.texts


# --- the walk ------------------------------------------------------------------------------

#: the 200 pages outside i18n_patterns: the same in every language, not a page to read in
#: one (the switcher's choose_language is outside too, but a redirect)
UNPREFIXED = {"healthz", "robots_txt"}
#: Russian on Kazakh and English pages that is a record's own text, not the interface's
DATA = {
    ("programs:catalogue", "Центр"): "a district of the demo (Kostanay), a filter's choice",
    ("programs:staff_import", "Группа"): "a column's header of the uploaded file, shown as it is",
    ("programs:staff_import", "Дата рождения"): "a column's header of the uploaded file, shown as it is",
    ("projects:project_media", "Отчёт"): "the title of a project's file in the world",
    ("programs:opendata_csv", "Центр"): "a district of the demo (Kostanay), a group's row",
    ("programs:staff_import_errors", "Имя"): "a column's header of the uploaded file, given back as it was",
    (
        "programs:staff_import_errors",
        "Фамилия",
    ): "a column's header of the uploaded file, given back as it was",
}
#: answers in Russian in every language by design (their msgids are still watched)
RUSSIAN_BY_DESIGN = {
    "programs:opendata_structure": "the open data set's files are one data set, the same whatever a browser"
    " asks (programs/views/opendata.py), described in Russian as its passport says",
    "programs:opendata_passport": "the open data set's passport, as the structure file",
    "programs:staff_import_template": "the import's column headers are the file format's own (the import reads"
    " them whatever the interface language); its notes sheet is in the page's language",
}
HTML_LANG = re.compile(r"<html\b[^>]*\blang=\"([^\"]+)\"")


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    with module_world(django_db_blocker, tmp_path_factory.mktemp("walk")):
        call_command("load_demo", stdout=io.StringIO())
        yield demo_world()


def pages():
    """(name, role) of every named URL with a GET row: the first role the matrix expects
    to get 200."""
    found = []
    for name in MATRIX:
        for method, outcomes in requests_of(name):
            if method != "get":
                continue
            role = next((role for role in ROLES if outcomes[role] == OK), None)
            if role is not None:
                found.append((name, role))
    return found


def test_the_walk_reads_enough_pages():
    names = {name for name, _role in pages()}
    assert len(names) > 100
    assert {"home", "programs:catalogue", "staff_home", "programs:staff_group"} <= names


def _content(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def texts_of(content_type: str, content: bytes, language: str) -> list[str]:
    """What a reader reads of an answer: a page's text, a workbook's or a CSV file's cells."""
    if content_type.startswith("text/html"):
        return visible_texts(content.decode(), language)
    if content_type.startswith(XLSX):
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        return [
            " ".join(value.split())
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for value in row
            if isinstance(value, str)
        ] + [sheet.title for sheet in book.worksheets]
    if content_type.startswith("text/csv"):
        rows = csv.reader(
            io.StringIO(content.decode("utf-8-sig")), delimiter=";" if b";" in content[:400] else ","
        )
        return [" ".join(cell.split()) for row in rows for cell in row]
    return []


def read_page(client, url, misses):
    with misses.recording():
        response = client.get(url)
        return response, _content(response)


def test_every_page_answers_in_kazakh_and_english_with_every_msgid_translated(world):
    users, args = world["users"], world["args"]
    clients = {}
    problems, unprefixed, answered = [], set(), 0
    misses = Misses()
    with misses.patched():
        for name, role in pages():
            if role not in clients:
                clients[role] = Client(raise_request_exception=False)
                if role != "anonymous":
                    clients[role].force_login(users[role])
            client = clients[role]
            for language in ("kk", "en"):
                client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
                kwargs = args.get(name, {})
                with translation.override(language):
                    url = reverse(name, kwargs=kwargs() if callable(kwargs) else kwargs)
                    if not url.startswith(f"/{language}/"):
                        unprefixed.add(name)
                        continue
                    response, content = read_page(client, url, misses)
                answered += 1
                problems += check_answer(
                    f"{url} ({name} as {role})", name, language, response, content, misses
                )
    assert not problems, f"{len(problems)} problems on {answered} pages:\n" + "\n".join(problems)
    assert unprefixed == UNPREFIXED
    assert answered > 200


def check_answer(where, name, language, response, content, misses) -> list[str]:
    found = []
    if response.status_code != OK:
        return [f"{where}: answered {response.status_code}, not 200"]
    for miss_language, key in sorted(misses.take()):
        if miss_language != language:
            continue  # the Russian fallback's own lookups, or a letter in another language
        why = where_it_belongs(language, key)
        if why:
            found.append(f"{where}: {why}")
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html"):
        lang = HTML_LANG.search(content.decode())
        if lang is None or lang.group(1) != language:
            found.append(f"{where}: <html lang> is {lang and lang.group(1)!r}")
        if 'data-testid="language-switcher"' not in content.decode():
            found.append(f"{where}: no language switcher")
    russian = escaped_russian(language) if name not in RUSSIAN_BY_DESIGN else frozenset()
    texts = texts_of(content_type, content, language)
    for text in sorted({text for text in texts if text in russian and (name, text) not in DATA}):
        found.append(f"{where}: Russian in the {language} answer: {text!r}")
    return found


# --- the watch itself ----------------------------------------------------------------------


def _portal_entry(plural: bool):
    """A translated entry of the portal's catalogues whose Russian differs from its msgid."""
    po = polib.pofile(str(BASE / "programs" / "locale" / "ru" / "LC_MESSAGES" / "django.po"))
    return next(
        entry
        for entry in po.translated_entries()
        if bool(entry.msgid_plural) == plural and not entry.msgctxt and (entry.msgstr or "x") != entry.msgid
    )


@contextlib.contextmanager
def without_kazakh(*keys):
    """The Kazakh catalogue as if it lacked ``keys`` (plural keys as (msgid, form))."""
    catalogs = trans_real.translation("kk")._catalog._catalogs
    kept = [(catalog, key, catalog.pop(key)) for catalog in catalogs for key in keys if key in catalog]
    assert kept, keys
    try:
        yield
    finally:
        for catalog, key, value in kept:
            catalog[key] = value


def test_the_watch_notes_a_kazakh_miss_that_russian_answers():
    entry = _portal_entry(plural=False)
    misses = Misses()
    with misses.patched(), without_kazakh(entry.msgid), translation.override("kk"):
        with misses.recording():
            shown = translation.gettext(entry.msgid)
        translation.gettext("not watched outside a request")
    assert shown == entry.msgstr  # Django answers it from the Russian fallback, silently
    assert ("kk", entry.msgid) in misses.take()
    assert "not watched outside a request" not in {key for _language, key in misses.take()}
    assert where_it_belongs("kk", entry.msgid).endswith("the portal's kk catalogue lacks it")
    assert trans_real.DjangoTranslation.gettext is not Misses.patched  # put back as it was
    assert "gettext" not in trans_real.DjangoTranslation.__dict__


def test_the_watch_notes_plurals_and_contexts():
    entry = _portal_entry(plural=True)
    misses = Misses()
    with (
        misses.patched(),
        without_kazakh((entry.msgid, 0), (entry.msgid, 1)),
        translation.override("kk"),
        misses.recording(),
    ):
        translation.ngettext(entry.msgid, entry.msgid_plural, 5)
        translation.pgettext("a context nobody wrote", "Nothing")
        translation.npgettext("a context nobody wrote", "one thing", "things", 2)
    found = {key for language, key in misses.take() if language == "kk"}
    assert entry.msgid in found
    assert "a context nobody wrote\x04Nothing" in found and "a context nobody wrote\x04one thing" in found
    assert where_it_belongs("kk", "a context nobody wrote\x04Nothing").endswith(
        "in no catalogue (make messages, then translate)"
    )


def test_django_s_own_msgids_matter_in_kazakh_only():
    assert "This field is required." in foreign_msgids()
    assert where_it_belongs("en", "This field is required.") is None
    assert "centre/locale_django/kk" in where_it_belongs("kk", "This field is required.")


def test_the_visible_text_leaves_out_scripts_and_other_languages():
    html = (
        '<html lang="en"><head><title>Clubs</title><script>var a = "Группа";</script></head>'
        '<body><a lang="ru" title="Русский"><span>Русский</span></a><img alt="Отчёт">'
        '<input placeholder="Группа"><p>Отчёт<br>Группа</p></body></html>'
    )
    assert visible_texts(html, "en") == ["Clubs", "Отчёт", "Группа", "Отчёт", "Группа"]
    assert {"Группа", "Отчёт"} <= escaped_russian("en")
    assert "Телефон" not in escaped_russian("kk")  # Kazakh writes it so too
