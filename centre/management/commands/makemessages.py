"""makemessages that gives each app its own catalogue, templates included.

Django files a template under templates/<app>/ into the project's default catalogue; here
it goes to <app>/locale/ like the app's Python code, and the shared layout (base.html,
includes/, registration/) goes to centre/locale/. ``--app NAME`` refreshes one catalogue
only, so work on one area never rewrites another area's file.
"""

import os
from pathlib import Path

from django.conf import settings
from django.core.management.commands import makemessages

APPS = ("centre", "programs", "projects", "innovation", "mentoring")


class Command(makemessages.Command):
    # A guessed translation of a similar string reads as a wrong one: no fuzzy matching.
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--app", choices=APPS, help="Refresh only this app's catalogue.")

    def handle(self, *args, **options):
        self.only_app = options.pop("app", None)
        options["ignore_patterns"] = [
            *options.get("ignore_patterns", []),
            ".venv/*",
            "var/*",
            "tests/*",
        ]
        options.setdefault("extensions", ["html", "txt", "py"])
        if not options.get("extensions"):
            options["extensions"] = ["html", "txt", "py"]
        return super().handle(*args, **options)

    def find_files(self, root):
        base = Path(settings.BASE_DIR).resolve()
        kept = []
        for translatable in super().find_files(root):
            relative = Path(os.path.abspath(translatable.dirpath)).relative_to(base).parts
            if relative and relative[0] == "templates":
                app = relative[1] if len(relative) > 1 and relative[1] in APPS else "centre"
            elif relative and relative[0] in APPS:
                app = relative[0]
            else:
                continue
            if self.only_app and app != self.only_app:
                continue
            translatable.locale_dir = str(base / app / "locale")
            kept.append(translatable)
        return sorted(kept)
