"""The Russian catalogue is complete, not fuzzy, compiled, and covers the code."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

APPS = ["centre", "programs", "projects", "innovation", "mentoring"]
BASE = Path(settings.BASE_DIR)


def _catalogue(app):
    return BASE / app / "locale" / "ru" / "LC_MESSAGES" / "django.po"


@pytest.mark.parametrize("app", APPS)
def test_every_message_has_a_russian_translation(app):
    po = polib.pofile(str(_catalogue(app)))
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == [], f"{app}: translate these in {_catalogue(app)}"
    assert fuzzy == [], f"{app}: review these fuzzy entries"


@pytest.mark.parametrize("app", APPS)
def test_compiled_catalogue_matches_the_source(app):
    po = polib.pofile(str(_catalogue(app)))
    mo = polib.mofile(str(_catalogue(app).with_suffix(".mo")))
    compiled = {(entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural for entry in mo}
    for entry in po.translated_entries():
        key = (entry.msgctxt, entry.msgid)
        assert key in compiled, f"{app}: {entry.msgid!r} is not in the .mo; run make messages"
        assert compiled[key] == (entry.msgstr or entry.msgstr_plural), (
            f"{app}: {entry.msgid!r} is stale in .mo"
        )


def test_catalogues_cover_every_string_in_the_code(tmp_path):
    """Runs makemessages on a copy of the tree and looks for msgids the catalogues lack."""
    if shutil.which("xgettext") is None:
        if os.environ.get("CI") or os.environ.get("E2E_REQUIRED"):
            pytest.fail("gettext is required in CI to check the catalogues against the code")
        pytest.skip("gettext (xgettext) is not installed here; CI checks this")
    copy = tmp_path / "tree"
    ignore = shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "__pycache__", "tests")
    shutil.copytree(BASE, copy, ignore=ignore)
    env = {**os.environ, "DEBUG": "1"}
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "ru", "--no-obsolete"],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
    )
    missing = {}
    for app in APPS:
        fresh = polib.pofile(str(copy / app / "locale/ru/LC_MESSAGES/django.po"))
        untranslated = [entry.msgid for entry in fresh.untranslated_entries()]
        if untranslated:
            missing[app] = untranslated
    assert missing == {}, "run `make messages` and translate the new strings"


def test_one_msgid_means_the_same_in_every_catalogue():
    """Django merges the apps' catalogues: a msgid translated two ways shows one of them
    everywhere. Give such strings a context (pgettext) instead."""
    seen = {}
    conflicts = []
    for app in APPS:
        for entry in polib.pofile(str(_catalogue(app))).translated_entries():
            key = (entry.msgctxt, entry.msgid)
            value = entry.msgstr or tuple(sorted(entry.msgstr_plural.items()))
            if key in seen and seen[key][1] != value:
                conflicts.append(f"{entry.msgid!r}: {seen[key][0]} {seen[key][1]!r} vs {app} {value!r}")
            seen.setdefault(key, (app, value))
    assert conflicts == []
