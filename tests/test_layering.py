"""The dependency direction of STYLE.md: model <- io / analysis / session / layout <- ui <- cli.

The layers, "only explorer.ui and the entry point import Qt" and "only
explorer.layout imports graphviz" are import-linter contracts in
pyproject.toml; the tests run ``lint-imports`` on the package and show that
the contracts do break on a copy with offending imports. What import-linter
cannot see (nothing below the entry point prints or exits) stays an AST check.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "explorer"
#: The console script import-linter installs, beside this Python.
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint_imports(cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    # --no-cache: no .import_linter_cache folder left in the checkout.
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--config", str(cwd / "pyproject.toml")],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_the_import_contracts_are_kept() -> None:
    result = _lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "3 kept, 0 broken" in result.stdout


def test_the_import_contracts_break_on_offending_imports(tmp_path: Path) -> None:
    """A copy of the package where the bench imports the ui (the old cycle), the
    model imports Qt and the analysis imports graphviz: each contract reports it."""
    shutil.copytree(PACKAGE, tmp_path / "explorer", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    for module, line in (("bench.py", "import explorer.ui.scene"), ("model.py", "import PySide6.QtCore"),
                         ("analysis.py", "import graphviz")):
        path = tmp_path / "explorer" / module
        path.write_text(path.read_text(encoding="utf-8") + f"\n{line}  # offending\n", encoding="utf-8")
    # The copy comes first on the path, before the installed (editable) package.
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = _lint_imports(tmp_path, env)
    assert result.returncode != 0
    assert "0 kept, 3 broken" in result.stdout, result.stdout + result.stderr
    for offence in ("explorer.bench -> explorer.ui.scene", "explorer.model -> PySide6",
                    "explorer.analysis -> graphviz"):
        assert offence in result.stdout, offence


def test_nothing_below_the_entry_point_exits_or_prints() -> None:
    allowed = {"explorer.cli", "explorer.__main__", "explorer.bench"}  # bench prints its table
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        name = str(path.relative_to(ROOT).with_suffix("")).replace("/", ".")
        if name in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                if (isinstance(f, ast.Name) and f.id in ("print", "exit")) or (
                    isinstance(f, ast.Attribute) and f.attr == "exit" and isinstance(f.value, ast.Name)
                    and f.value.id == "sys"
                ):
                    offenders.append(f"{name}:{node.lineno}")
    assert offenders == []
