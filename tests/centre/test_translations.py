"""The three catalogues (ru, kk, en) of every app are complete, not fuzzy, compiled, cover the
code and give each msgid one meaning; their headers say their language and plural forms.
Django's own messages its Kazakh catalogue lacks (centre/locale_django/kk) are guarded the
same way."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

APPS = ["centre", "programs", "projects", "innovation", "mentoring"]
LANGUAGES = ["ru", "kk", "en"]
BASE = Path(settings.BASE_DIR)
# (language, nplurals): Russian one/few/many, Kazakh and English one/other
PLURALS = {"ru": 3, "kk": 2, "en": 2}
DJANGO_KK = BASE / "centre" / "locale_django" / "kk" / "LC_MESSAGES" / "django.po"
CYRILLIC = re.compile("[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def _catalogue(app, language="ru", root=BASE):
    return root / app / "locale" / language / "LC_MESSAGES" / "django.po"


CATALOGUES = [(app, language) for app in APPS for language in LANGUAGES]
EVERY_PO = [_catalogue(app, language) for app, language in CATALOGUES] + [DJANGO_KK]


def _id(path):
    return str(path.relative_to(BASE))


def test_every_app_and_language_is_guarded():
    assert [code for code, _name in settings.LANGUAGES] == LANGUAGES
    assert all(path.exists() for path in EVERY_PO)
    assert DJANGO_KK.parents[2] in [Path(path) for path in settings.LOCALE_PATHS]


@pytest.mark.parametrize("path", EVERY_PO, ids=_id)
def test_every_message_is_translated_and_none_is_fuzzy(path):
    po = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == [], f"translate these in {_id(path)}"
    assert fuzzy == [], f"review these fuzzy entries of {_id(path)}"


@pytest.mark.parametrize("path", EVERY_PO, ids=_id)
def test_the_header_says_the_language_and_its_plural_forms(path):
    po = polib.pofile(str(path))
    language = path.parents[1].name
    assert po.metadata.get("Language") == language
    plural_forms = po.metadata.get("Plural-Forms", "")
    assert f"nplurals={PLURALS[language]};" in plural_forms.replace(" ", "")
    for entry in po.translated_entries():
        if entry.msgid_plural:
            assert len(entry.msgstr_plural) == PLURALS[language], (
                f"{_id(path)}: {entry.msgid!r} needs {PLURALS[language]} forms"
            )


def test_kazakh_has_two_plural_forms():
    for app in APPS:
        po = polib.pofile(str(_catalogue(app, "kk")))
        assert po.metadata["Plural-Forms"].replace(" ", "").startswith("nplurals=2;"), app


@pytest.mark.parametrize("path", EVERY_PO, ids=_id)
def test_compiled_catalogue_matches_the_source(path):
    po = polib.pofile(str(path))
    mo = polib.mofile(str(path.with_suffix(".mo")))
    assert mo.metadata.get("Plural-Forms") == po.metadata.get("Plural-Forms"), f"{_id(path)}: stale header"
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in mo}
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"{_id(path)}: {entry.msgid!r} is not in the .mo; run make messages"
        assert compiled[key] == (entry.msgstr or entry.msgstr_plural), (
            f"{_id(path)}: {entry.msgid!r} is stale"
        )


@pytest.mark.parametrize("app", APPS)
def test_english_is_english(app):
    """The English catalogue is filled from the msgids: no Russian or Kazakh slipped in."""
    wrong = [
        entry.msgid
        for entry in polib.pofile(str(_catalogue(app, "en"))).translated_entries()
        if CYRILLIC.search(entry.msgstr or " ".join(entry.msgstr_plural.values()))
        and not CYRILLIC.search(entry.msgid)
    ]
    assert wrong == []


@pytest.mark.parametrize("app", APPS)
def test_the_three_catalogues_hold_the_same_msgids(app):
    keys = {
        language: {
            (entry.msgctxt, entry.msgid)
            for entry in polib.pofile(str(_catalogue(app, language)))
            if not entry.obsolete
        }
        for language in LANGUAGES
    }
    assert keys["kk"] == keys["ru"], f"{app}: kk and ru differ: {sorted(keys['kk'] ^ keys['ru'])[:10]}"
    assert keys["en"] == keys["ru"], f"{app}: en and ru differ: {sorted(keys['en'] ^ keys['ru'])[:10]}"


def test_catalogues_cover_every_string_in_the_code(tmp_path):
    """Runs makemessages for the three languages on a copy of the tree and looks for msgids
    the catalogues lack (gettext is part of the development set-up: CI and here)."""
    assert shutil.which("xgettext"), "gettext (xgettext) is needed to check the catalogues against the code"
    copy = tmp_path / "tree"
    ignore = shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "__pycache__", "tests")
    shutil.copytree(BASE, copy, ignore=ignore)
    env = {**os.environ, "DEBUG": "1"}
    command = [sys.executable, "manage.py", "makemessages", "--no-obsolete"]
    for language in LANGUAGES:
        command += ["-l", language]
    subprocess.run(command, cwd=copy, env=env, check=True, capture_output=True)
    missing = {}
    for app in APPS:
        for language in LANGUAGES:
            fresh = polib.pofile(str(_catalogue(app, language, copy)))
            untranslated = [entry.msgid for entry in fresh.untranslated_entries()]
            untranslated += [entry.msgid for entry in fresh.fuzzy_entries()]
            if untranslated:
                missing[f"{app}/{language}"] = untranslated
    assert missing == {}, "run `make messages` and translate the new strings"


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_msgid_means_the_same_in_every_catalogue(language):
    """Django merges the apps' catalogues: a msgid translated two ways shows one of them
    everywhere. Give such strings a context (pgettext) instead."""
    seen = {}
    conflicts = []
    for app in APPS:
        for entry in polib.pofile(str(_catalogue(app, language))).translated_entries():
            key = (entry.msgctxt, entry.msgid)
            value = entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
            if key in seen and seen[key][1] != value:
                conflicts.append(f"{entry.msgid!r}: {seen[key][0]} {seen[key][1]!r} vs {app} {value!r}")
            seen.setdefault(key, (app, value))
    assert conflicts == []


def test_django_s_kazakh_additions_are_only_what_django_lacks():
    """centre/locale_django/kk holds Django's own msgids that its Kazakh catalogue leaves
    untranslated, nothing of the portal's (those belong in the apps' catalogues)."""
    portal = {
        (entry.msgctxt, entry.msgid) for app in APPS for entry in polib.pofile(str(_catalogue(app, "kk")))
    }
    added = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(DJANGO_KK))}
    assert added and not (added & portal)
