"""The shape of the code base (issue 14): no module over 500 lines outside migrations, and no
import cycle inside an app. Read from the files with ast; nothing is imported or run."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 500
APPS = ("centre", "programs", "projects", "innovation", "mentoring")
# Directories that hold no code of ours (or code Django writes: migrations).
NOT_OURS = {".git", ".venv", "venv", "var", "node_modules", "build", "dist", "__pycache__", "migrations"}


def our_modules(top: Path = ROOT):
    """Every .py file of the repository but migrations and the directories above."""
    for path in sorted(top.rglob("*.py")):
        parts = path.relative_to(top).parts[:-1]
        if any(part in NOT_OURS or part.startswith(".") or part.endswith(".egg-info") for part in parts):
            continue
        yield path


def test_the_walk_sees_the_code_and_skips_migrations():
    found = {path.relative_to(ROOT).as_posix() for path in our_modules()}
    assert {"manage.py", "centre/settings.py", "tests/test_architecture.py"} <= found
    assert any(name.startswith("bench/") for name in found)
    assert not any("/migrations/" in name for name in found)


def test_no_module_outside_migrations_is_over_500_lines():
    long = {
        path.relative_to(ROOT).as_posix(): count
        for path in our_modules()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, f"Modules over {MAX_LINES} lines (split them by subject into a package): " + ", ".join(
        f"{name} ({count})" for name, count in sorted(long.items(), key=lambda item: -item[1])
    )


# --- the import graph ----------------------------------------------------------------------


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules(app: str, root: Path = ROOT) -> dict[str, Path]:
    return {module_name(path, root): path for path in our_modules(root / app)}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def import_nodes(tree: ast.Module, *, in_functions: bool):
    """The import statements run when the module is imported (the module body, class bodies,
    if/try/with blocks; not `if TYPE_CHECKING:`), and with `in_functions` those inside
    functions too."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)) and not in_functions:
            continue
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
        else:
            stack.extend(ast.iter_child_nodes(node))


def imported_modules(name: str, path: Path, node: ast.Import | ast.ImportFrom, known: set[str]):
    """The modules of `known` that the statement `node` of module `name` imports."""
    if isinstance(node, ast.Import):
        targets = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
            package = package[: len(package) - (node.level - 1)]
            base = ".".join([*package, base] if base else package)
        # `from a import b` imports the module a.b when there is one, else the name b of a
        targets = [
            f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names
        ]
    for target in targets:
        # `import a.b.c` of a module we know, or the nearest known module above a name
        while target and target not in known:
            target = target.rpartition(".")[0]
        if target and target != name:
            yield target


def import_graph(app: str, *, in_functions: bool = False, root: Path = ROOT) -> dict[str, set[str]]:
    modules = app_modules(app, root)
    known = set(modules)
    graph = {name: set() for name in modules}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in import_nodes(tree, in_functions=in_functions):
            graph[name].update(imported_modules(name, path, node, known))
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each strongly connected component of more than one module (Tarjan)."""
    index, low, on_stack, stack, components = {}, {}, set(), [], []

    def connect(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                connect(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(set(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return [_a_cycle_in(graph, component) for component in components]


def _a_cycle_in(graph, component):
    """A shortest path from the component's first module back to itself, inside the component."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for target in sorted(graph[node] & component):
            if target == start:
                return [*paths[node], start]
            if target not in paths:
                paths[target] = [*paths[node], target]
                queue.append(target)
    raise AssertionError(f"no cycle found in {sorted(component)}")


def test_the_cycle_finder_names_a_cycle():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert cycles(graph) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_import_graph_reads_relative_and_package_imports(tmp_path):
    package = tmp_path / "app"
    (package / "models").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "models" / "__init__.py").write_text("from .group import Group\n")
    (package / "models" / "group.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.services import x\nclass Group: ...\n"
    )
    (package / "services.py").write_text(
        "from app.models import Group\nfrom . import models\n\ndef later():\n    from app import views\n"
    )
    (package / "views.py").write_text("import app.services\n")
    graph = import_graph("app", root=tmp_path)
    assert graph["app.models"] == {"app.models.group"}
    assert graph["app.models.group"] == set()  # only under TYPE_CHECKING
    assert graph["app.services"] == {"app.models"}  # the import inside a function does not count
    assert graph["app.views"] == {"app.services"}
    assert cycles(graph) == []
    assert cycles(import_graph("app", root=tmp_path, in_functions=True)) == [
        ["app.services", "app.views", "app.services"]
    ]


@pytest.mark.parametrize("app", APPS)
def test_no_import_cycle_inside_an_app(app):
    found = cycles(import_graph(app))
    assert not found, f"Import cycles inside {app}: " + "; ".join(" -> ".join(cycle) for cycle in found)


@pytest.mark.parametrize("app", APPS)
def test_no_import_inside_a_function_closes_a_cycle(app):
    """An import moved into a function to dodge a cycle is still the cycle."""
    found = cycles(import_graph(app, in_functions=True))
    assert not found, f"Import cycles inside {app}, counting imports inside functions: " + "; ".join(
        " -> ".join(cycle) for cycle in found
    )
