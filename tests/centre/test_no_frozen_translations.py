"""No message translated when its module is imported (issue 17): a module-level constant or a
class attribute (a form's label, a model's choice) made with the eager ``gettext`` is frozen in
the language active when the process started, so a Kazakh page or an English XLSX would show
it in Russian. Those are ``gettext_lazy``; the eager ``gettext`` only inside functions."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
APPS = ("centre", "programs", "innovation", "mentoring", "projects")
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}


def eager_calls_at_import(source: str) -> list[int]:
    """Lines where an eagerly imported gettext runs when the module is imported: a top-level
    statement, or a class body outside its methods (decorators and defaults included)."""
    tree = ast.parse(source)
    eager = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
        if alias.name in EAGER
    }

    def calls(node):
        return [
            inner.lineno
            for inner in ast.walk(node)
            if isinstance(inner, ast.Call) and isinstance(inner.func, ast.Name) and inner.func.id in eager
        ]

    def at_import(nodes):
        lines = []
        for node in nodes:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for part in [*node.decorator_list, *node.args.defaults, *node.args.kw_defaults]:
                    lines += calls(part) if part is not None else []
            elif isinstance(node, ast.ClassDef):
                lines += [line for part in node.decorator_list for line in calls(part)]
                lines += at_import(node.body)
            else:
                lines += calls(node)
        return lines

    return at_import(tree.body) if eager else []


def test_the_check_sees_a_frozen_label_and_passes_one_made_in_a_function():
    source = """
from django.utils.translation import gettext as _, gettext_lazy

TITLE = _("Frozen")
LAZY = gettext_lazy("Fine")


class Form:
    label = _("Frozen too")

    def clean(self, message=_("Frozen default")):
        return _("Fine: at call time")
"""
    assert eager_calls_at_import(source) == [4, 9, 11]


def test_no_module_translates_a_message_when_imported():
    frozen = []
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            lines = eager_calls_at_import(path.read_text(encoding="utf-8"))
            frozen += [f"{path.relative_to(ROOT)}:{line}" for line in lines]
    assert not frozen, f"gettext at import time (use gettext_lazy): {frozen}"
