"""Reloading the open file: the watcher follows the path through every way editors save."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from explorer.ui.main_window import MainWindow

from .conftest import WindowRecord

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CONSOLE_TEXT = (FIXTURES / "good" / "console.yaml").read_text(encoding="utf-8")


def _version(n: int) -> str:
    """The console machine under the name ``Console vN`` (a change every reader sees)."""
    text = CONSOLE_TEXT.replace("name: Console - session status", f"name: Console v{n}")
    assert text != CONSOLE_TEXT
    return text


def write_in_place(path: Path, text: str, qtbot=None) -> None:  # type: ignore[no-untyped-def]
    with path.open("w", encoding="utf-8") as f:
        f.write(text)


def rename_over(path: Path, text: str, qtbot=None) -> None:  # type: ignore[no-untyped-def]
    """Save as many editors do: a new file beside the old one, renamed over it."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def delete_and_recreate(path: Path, text: str, qtbot=None) -> None:  # type: ignore[no-untyped-def]
    """Delete, let the window see the file gone, then write a new one."""
    path.unlink()
    if qtbot is not None:
        qtbot.wait(100)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def watched(qtbot, make_window, tmp_path: Path) -> tuple[MainWindow, WindowRecord, Path]:  # type: ignore[no-untyped-def]
    window, record = make_window()
    window.show()
    path = tmp_path / "console.yaml"
    path.write_text(_version(1), encoding="utf-8")
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(path)
    assert window.machine is not None and window.machine.name == "Console v1"
    return window, record, path


@pytest.mark.parametrize("save", [write_in_place, rename_over, delete_and_recreate])
def test_every_save_is_reloaded_and_so_is_the_next_edit(qtbot, watched, save: Callable[..., None]) -> None:  # type: ignore[no-untyped-def]
    window, record, path = watched
    with qtbot.waitSignal(window.machine_loaded, timeout=10000):
        save(path, _version(2), qtbot)
    assert window.machine.name == "Console v2"
    # The watcher still follows the path: a further edit, in place, is seen too.
    with qtbot.waitSignal(window.machine_loaded, timeout=10000):
        write_in_place(path, _version(3))
    assert window.machine.name == "Console v3"
    assert record.errors == []


def test_a_missing_file_is_not_reloaded_until_it_is_back(qtbot, watched) -> None:  # type: ignore[no-untyped-def]
    window, record, path = watched
    path.unlink()
    qtbot.wait(600)  # longer than the debounce: nothing to read, nothing reported
    assert window.machine.name == "Console v1" and window.problems.count() == 0
    with qtbot.waitSignal(window.machine_loaded, timeout=10000):
        path.write_text(_version(4), encoding="utf-8")
    assert window.machine.name == "Console v4"
    assert record.errors == []


def test_other_files_in_the_folder_do_not_reload(qtbot, watched) -> None:  # type: ignore[no-untyped-def]
    window, _record, path = watched
    loaded: list[str] = []
    window.machine_loaded.connect(loaded.append)
    (path.parent / "notes.txt").write_text("unrelated", encoding="utf-8")
    qtbot.wait(600)
    assert loaded == []
