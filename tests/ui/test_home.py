"""The tests leave nothing in the user's home: every place the program writes lies in the run's own home."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

from explorer import BUNDLED_MACHINE
from explorer.layout import default_cache_dir

#: The run's home (tests/conftest.py's TEST_HOME), as the environment names it.
TEST_HOME = Path(os.environ["HOME"])


def _inside_test_home(path: str | Path) -> bool:
    return Path(path).resolve().is_relative_to(TEST_HOME.resolve())


def test_home_cache_and_settings_point_into_the_test_home(qt_test_paths: Path) -> None:
    assert TEST_HOME == qt_test_paths and TEST_HOME.name.startswith("explorer-tests-home-")
    assert _inside_test_home(Path.home()) and _inside_test_home(os.path.expanduser("~"))
    assert _inside_test_home(default_cache_dir())
    for location in (QStandardPaths.StandardLocation.CacheLocation, QStandardPaths.StandardLocation.ConfigLocation,
                     QStandardPaths.StandardLocation.AppDataLocation):
        assert _inside_test_home(QStandardPaths.writableLocation(location)), location
    assert _inside_test_home(QSettings("StateExplorer", "State Explorer").fileName())


def test_the_window_s_layout_cache_is_written_inside_the_test_home(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window, _ = make_window()
    before = {p for p in Path(TEST_HOME).rglob("*") if p.is_file()}
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(BUNDLED_MACHINE)
    cache = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    assert _inside_test_home(cache)
    # The layout was cached (now or by an earlier test of this run), and only there.
    assert any(p.is_file() for p in Path(cache).rglob("*"))
    assert all(_inside_test_home(p) for p in Path(TEST_HOME).rglob("*") if p not in before)


def test_programs_started_by_tests_write_their_cache_in_the_test_home() -> None:
    child_home = subprocess.run([sys.executable, "-c", "from explorer.layout import default_cache_dir; "
                                 "print(default_cache_dir())"], capture_output=True, text=True, timeout=60)
    assert _inside_test_home(child_home.stdout.strip())
