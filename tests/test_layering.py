"""The dependency direction of STYLE.md, checked on the source:
model <- io / analysis / session / layout <- ui <- cli.

Only explorer/ui (and the entry point) import Qt; only layout.py imports
graphviz; nothing below the entry point prints or exits.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "explorer"


def _modules() -> dict[str, ast.Module]:
    return {
        str(p.relative_to(PACKAGE.parent).with_suffix("")).replace("/", "."): ast.parse(p.read_text("utf-8"))
        for p in PACKAGE.rglob("*.py")
    }


def _imports(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _is_ui(name: str) -> bool:
    return name.startswith("explorer.ui") or name in ("explorer.cli", "explorer.__main__")


def test_only_the_ui_and_entry_point_import_qt() -> None:
    offenders = [m for m, tree in _modules().items()
                 if not _is_ui(m) and any(i.startswith("PySide6") for i in _imports(tree))]
    assert offenders == []


def test_only_the_layout_module_imports_graphviz() -> None:
    offenders = [m for m, tree in _modules().items()
                 if m != "explorer.layout" and any(i.split(".")[0] == "graphviz" for i in _imports(tree))]
    assert offenders == []


def test_lower_layers_do_not_import_the_ui_or_cli() -> None:
    # bench.py imports its UI rows dynamically (importlib), so it stays Qt-free itself.
    offenders = {m: sorted(i for i in _imports(tree) if _is_ui(i))
                 for m, tree in _modules().items() if not _is_ui(m)}
    assert {m: i for m, i in offenders.items() if i} == {}


def test_model_depends_on_nothing_of_ours_but_errors() -> None:
    tree = _modules()["explorer.model"]
    ours = {i for i in _imports(tree) if i.startswith("explorer")}
    assert ours <= {"explorer.errors"}


def test_nothing_below_the_entry_point_exits_or_prints() -> None:
    allowed = {"explorer.cli", "explorer.__main__", "explorer.bench"}  # bench prints its table
    offenders = []
    for name, tree in _modules().items():
        if name in allowed:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                f = node.func
                if (isinstance(f, ast.Name) and f.id in ("print", "exit")) or (
                    isinstance(f, ast.Attribute) and f.attr == "exit" and isinstance(f.value, ast.Name)
                    and f.value.id == "sys"
                ):
                    offenders.append(f"{name}:{node.lineno}")
    assert offenders == []
