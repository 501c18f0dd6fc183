"""Start-up: each command imports what it uses and nothing more (issue 13).

Each check runs the real entry point in a fresh interpreter and then looks at
``sys.modules``: what a command imported is what its users wait for at every
start. The heavy ones are Qt (PySide6), networkx and the graphviz package.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "rescue_session_status.yaml"
HEAVY = ("PySide6", "networkx", "graphviz")
#: What reading a YAML machine does not need: the other formats' readers and what they pull in
#: (the XML reader alone imports urllib and http.client).
OTHER_FORMATS = ("explorer.io.csv_format", "explorer.io.scxml", "explorer.io.xstate", "explorer.io.mermaid",
                 "explorer.io.formatkit", "explorer.io.scenario", "xml.sax", "defusedxml", "urllib.request",
                 "http.client", "email")

_PROBE = """
import json, sys
from explorer.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as e:  # --help exits through argparse
    code = e.code
heavy = sorted(m for m in {heavy!r} if m in sys.modules)
print("\\nIMPORTED " + json.dumps({{"code": code, "heavy": heavy}}), file=sys.stderr)
"""


def _imported(*argv: str, cwd: Path, cache: Path | None = None,
              watch: tuple[str, ...] = HEAVY) -> tuple[int, set[str]]:
    """Run ``explorer ARGV`` in a new interpreter; its exit code and which of ``watch`` it imported.

    ``cache``: the cache folder the run uses (default: the test run's).
    """
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    if cache is not None:
        env["XDG_CACHE_HOME"] = str(cache)
    done = subprocess.run([sys.executable, "-c", _PROBE.format(heavy=watch), *argv], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)
    line = next(x for x in done.stderr.splitlines() if x.startswith("IMPORTED "))
    result = json.loads(line.removeprefix("IMPORTED "))
    return result["code"], set(result["heavy"])


def test_help_imports_neither_networkx_nor_qt_nor_graphviz(tmp_path: Path) -> None:
    code, heavy = _imported("--help", cwd=tmp_path)
    assert code == 0
    assert heavy == set()


def test_check_imports_neither_qt_nor_graphviz(tmp_path: Path) -> None:
    code, heavy = _imported("check", str(BUNDLED), cwd=tmp_path)
    assert code == 0
    assert "PySide6" not in heavy and "graphviz" not in heavy
    # Its analysis needs no graph library either.
    assert "networkx" not in heavy


def test_render_of_a_small_machine_does_not_import_networkx(tmp_path: Path) -> None:
    out = tmp_path / "bundled.svg"
    code, heavy = _imported("render", str(BUNDLED), "-o", str(out), cwd=tmp_path, cache=tmp_path / "cache")
    assert code == 0
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")
    assert "PySide6" in heavy and "graphviz" in heavy  # it draws with Qt and lays out with Graphviz
    assert "networkx" not in heavy


def test_a_cached_render_writes_no_dot_source(tmp_path: Path) -> None:
    # The open cache holds machine and layout: the second render neither parses YAML, nor writes DOT
    # (the graphviz package), nor runs dot.
    first, again = tmp_path / "first.svg", tmp_path / "again.svg"
    assert _imported("render", str(BUNDLED), "-o", str(first), cwd=tmp_path, cache=tmp_path / "cache")[0] == 0
    code, heavy = _imported("render", str(BUNDLED), "-o", str(again), cwd=tmp_path, cache=tmp_path / "cache",
                            watch=(*HEAVY, "yaml"))
    assert code == 0
    assert again.read_bytes() == first.read_bytes()
    assert heavy == {"PySide6"}  # not even the YAML reader: the file is only read to be hashed


@pytest.mark.parametrize("command", ["check", "render"])
def test_reading_yaml_imports_no_other_formats_reader(tmp_path: Path, command: str) -> None:
    argv = [command, str(BUNDLED)] + (["-o", str(tmp_path / "x.svg")] if command == "render" else [])
    code, imported = _imported(*argv, cwd=tmp_path, cache=tmp_path / "cache", watch=OTHER_FORMATS)
    assert code == 0
    assert imported == set()


def test_another_format_is_still_read_when_asked_for(tmp_path: Path) -> None:
    # The registry imports a format's reader when that format is used.
    csv = tmp_path / "small.csv"
    csv.write_text("from,to,trigger\na,b,go\n", encoding="utf-8")
    code, imported = _imported("check", str(csv), cwd=tmp_path, watch=OTHER_FORMATS)
    assert code == 0
    assert "explorer.io.csv_format" in imported and "explorer.io.scxml" not in imported


@pytest.mark.parametrize("argv", [["path", str(BUNDLED), "connecting", "deleted"]])
def test_a_command_that_needs_paths_still_gets_networkx(tmp_path: Path, argv: list[str]) -> None:
    code, heavy = _imported(*argv, cwd=tmp_path)
    assert code in (0, 1)
    assert "networkx" in heavy and "PySide6" not in heavy


def test_a_command_pauses_the_collector_only_while_it_runs(capsys: pytest.CaptureFixture[str]) -> None:
    # Commands run without the cyclic collector (start-up, issue 13); whoever called main gets it back.
    import gc

    from explorer.cli import main

    assert gc.isenabled()
    assert main(["check", str(BUNDLED)]) == 0
    assert gc.isenabled()
    assert main(["check", str(BUNDLED.with_name("no-such-machine.yaml"))]) == 1
    assert gc.isenabled()
    assert "Sitzungsstatus" in capsys.readouterr().out


#: What the window's first picture of a cached open does not need: the graph library, Graphviz's
#: package, the scenario reader and PyYAML, exports and dialogs (each imported when first used).
WINDOW_LATER = ("networkx", "graphviz", "yaml", "explorer.io.scenario", "explorer.replay", "explorer.tours",
                "explorer.ui.export", "explorer.ui.export_dialog", "explorer.ui.documents",
                "explorer.ui.review_dialogs")

_WINDOW_PROBE = """
import json, os, sys
from PySide6.QtWidgets import QApplication
from explorer.cli import main

real_exit = os._exit

def report(code):  # the quit-after-paint mode ends the process with os._exit, right after the paint
    windows = [w for w in QApplication.topLevelWidgets() if type(w).__name__ == "MainWindow"]
    scene = windows[0].scene if windows else None
    shown = len(scene.item_for_transition) if scene is not None else 0  # the edges drawn
    later = sorted(m for m in {later!r} if m in sys.modules)
    print("\\nIMPORTED " + json.dumps({{"code": code, "later": later, "shown": shown}}), file=sys.stderr)
    sys.stderr.flush()
    real_exit(code)

os._exit = report
main(sys.argv[1:])
"""


def test_the_window_shows_a_cached_machine_without_importing_what_it_does_not_need(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(tmp_path / "cache"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), STATE_EXPLORER_QUIT_AFTER_PAINT="full")
    runs = []
    for _ in range(2):  # the first open fills the open cache, the second is a cached open
        done = subprocess.run([sys.executable, "-c", _WINDOW_PROBE.format(later=WINDOW_LATER), str(BUNDLED)],
                              cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
        line = next(x for x in done.stderr.splitlines() if x.startswith("IMPORTED "))
        runs.append(json.loads(line.removeprefix("IMPORTED ")))
        assert any((tmp_path / "cache").rglob("*")), "the open wrote no cache"
    first, cached = runs
    for run in runs:
        assert run["code"] == 0
        assert run["shown"] == first["shown"]
    assert first["shown"] > 50  # the bundled machine's transitions, drawn
    assert cached["later"] == []
