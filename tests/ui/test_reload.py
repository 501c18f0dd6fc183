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


# -- what a reload keeps ----------------------------------------------------------------


def _walk(window: MainWindow, tmp_path: Path) -> None:
    """Three steps with notes, a target, a scenario loaded and the clock running."""
    controller = window.controller
    assert controller is not None
    for tid in ("connecting-waiting", "pick-up", "active-active"):
        assert controller.fire(tid)
    controller.set_note(0, "the customer agreed")
    controller.set_note(2, "still active")
    controller.set_target("deleted")
    scenario = tmp_path / "walk.yaml"
    scenario.write_text("machine: console.yaml\nsteps:\n  - transition: connecting-waiting\n", encoding="utf-8")
    assert window.open_scenario(scenario)
    controller.run_clock(10)  # the next timeout (90 s) is 9 s of real time away


def test_a_reload_keeps_the_trace_notes_clock_target_and_scenario(qtbot, watched, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, record, path = watched
    _walk(window, tmp_path)
    before = window.controller.session
    history, time = before.history, before.time
    with qtbot.waitSignal(window.machine_loaded, timeout=10000):
        write_in_place(path, "# a comment changes nothing the walk depends on\n" + _version(1))
    controller = window.controller
    assert controller.session is not before  # a new machine object, the same walk
    assert controller.session.history == history
    assert controller.notes() == {0: "the customer agreed", 2: "still active"}
    assert controller.session.current == "active" and controller.session.time >= time
    assert controller.is_running and controller.speed == 10
    assert controller.target == "deleted" and controller.path() is not None
    assert window.session_panel.scenario is not None and window.session_panel.scenario.source.name == "walk.yaml"
    assert window.problems.count() == 0
    assert "Reloaded console.yaml" in window.statusBar().currentMessage()
    controller.pause()
    assert record.errors == []


def test_a_reload_cuts_the_trace_before_the_first_step_that_no_longer_fits(qtbot, watched, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, record, path = watched
    _walk(window, tmp_path)
    window.controller.pause()
    # The second step's transition leaves another state now.
    changed = _version(1).replace("  - id: pick-up\n    from: waiting\n", "  - id: pick-up\n    from: connecting\n")
    assert changed != _version(1)
    with qtbot.waitSignal(window.machine_loaded, timeout=10000):
        write_in_place(path, changed)
    controller = window.controller
    assert [s.transition for s in controller.session.history] == ["connecting-waiting"]
    assert controller.notes() == {0: "the customer agreed"}
    assert controller.session.current == "waiting"
    assert window.session_panel.scenario is not None
    assert window.problems.count() == 1
    message = window.problems.item(0).text()
    assert "step 2 (pick-up" in message and "ends after step 1" in message
    assert record.errors == []


def test_f5_keeps_the_walk_too(qtbot, watched, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, record, _path = watched
    _walk(window, tmp_path)
    window.controller.pause()
    history = window.controller.session.history
    with qtbot.waitSignal(window.machine_loaded, timeout=10000):
        window.reload_action.trigger()
    assert window.controller.session.history == history
    assert window.controller.notes() == {0: "the customer agreed", 2: "still active"}
    assert record.errors == []
