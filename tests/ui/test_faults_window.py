"""The window with a broken Graphviz: the error is reported, the picture stays, the window goes on.

Fake ``dot`` programs come from the ``fake_dot`` fixture (tests/conftest.py).
Every Graphviz run of the window, the neighbourhood view of a big machine
included, happens in the thread pool; a hanging dot is stopped by the timeout
or by Cancel.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

import explorer.layout
from explorer.generate import generate_machine, machine_to_yaml
from explorer.layout import TIMEOUT_ENV
from explorer.ui.main_window import NEIGHBOURHOOD_THRESHOLD, MainWindow

from .conftest import WindowRecord

FakeDot = Callable[[str], Path]

MACHINE_TEXT = """\
name: faults
initial: a
states: {a: , b: , c: {final: true}}
transitions:
  - {from: a, to: b, trigger: go}
  - {from: b, to: c, trigger: stop}
"""


@pytest.fixture
def shown(qtbot, make_window, tmp_path: Path) -> tuple[MainWindow, WindowRecord]:  # type: ignore[no-untyped-def]
    """A window showing a three-state machine, laid out by the real dot."""
    path = tmp_path / "faults.yaml"
    path.write_text(MACHINE_TEXT, encoding="utf-8")
    window, record = make_window()
    window.show()
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(path)
    return window, record


def _other_direction(window: MainWindow) -> None:
    """Ask for a new layout the way a user does: the other direction in the View menu."""
    for action in window.direction_group.actions():
        if not action.isChecked():
            action.trigger()
            return
    raise AssertionError("no other direction to choose")


def test_a_broken_dot_is_reported_and_the_picture_stays(
    dot_fault: str, dot_fault_message: Mapping[str, str], qtbot,  # type: ignore[no-untyped-def]
    shown: tuple[MainWindow, WindowRecord], fake_dot: FakeDot, monkeypatch: pytest.MonkeyPatch,
) -> None:
    fault = dot_fault
    window, record = shown
    scene = window.scene
    assert scene is not None and set(scene.item_for_state) == {"a", "b", "c"}
    real_path = os.environ["PATH"]
    fake_dot(fault)
    monkeypatch.setenv(TIMEOUT_ENV, "1")
    with qtbot.waitSignal(window.layout_finished, timeout=30000) as finished:
        _other_direction(window)
    assert finished.args == [False]
    errors = record.take_errors()
    assert len(errors) == 1
    title, message, _details = errors[0]
    assert title == "Layout failed" and dot_fault_message[fault] in message.lower(), message
    assert window.scene is scene and set(scene.item_for_state) == {"a", "b", "c"}
    assert not window.busy.isVisible()

    # Still usable: with Graphviz repaired, the next layout is drawn.
    monkeypatch.setenv("PATH", real_path)
    with qtbot.waitSignal(window.layout_finished, timeout=30000) as finished:
        _other_direction(window)
    assert finished.args == [True]
    assert window.scene is not scene and set(window.scene.item_for_state) == {"a", "b", "c"}


@pytest.fixture
def graphviz_threads(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """For each Graphviz run from now on: True when it ran on the UI (main) thread."""
    runs: list[bool] = []
    lock = threading.Lock()
    real = explorer.layout.run_graphviz

    def spy(*args: Any, **kwargs: Any) -> dict[str, Any]:
        with lock:
            runs.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(explorer.layout, "run_graphviz", spy)
    return runs


def test_a_big_machine_with_a_hanging_dot_leaves_the_window_free_and_cancel_stops_it(
    qtbot, make_window, tmp_path: Path, fake_dot: FakeDot, graphviz_threads: list[bool],  # type: ignore[no-untyped-def]
) -> None:
    big = generate_machine(NEIGHBOURHOOD_THRESHOLD + 30, seed=9)
    path = tmp_path / "big.yaml"
    path.write_text(machine_to_yaml(big), encoding="utf-8")
    fake_dot("hangs")  # the default timeout (over 30 s) would outlast this test: only Cancel ends it
    window, record = make_window()
    window.show()
    drawn: list[None] = []
    window.layout_drawn.connect(lambda: drawn.append(None))
    # Before, the neighbourhood view ran here, on the UI thread, until dot answered.
    assert window.open_file(path, background=False)
    assert window.machine is not None and len(window.machine.states) == len(big.states)
    assert window.busy.isVisible() and drawn == []
    qtbot.waitUntil(lambda: len(graphviz_threads) == 2, timeout=10000)  # the neighbourhood and the full layout
    with qtbot.waitSignal(window.layout_finished, timeout=10000) as finished:
        window.cancel_button.click()
    assert finished.args == [False]
    assert not window.busy.isVisible() and drawn == [] and record.take_errors() == []
    assert graphviz_threads == [False, False]


def test_the_neighbourhood_view_and_the_full_layout_run_off_the_ui_thread(
    qtbot, make_window, tmp_path: Path, graphviz_threads: list[bool],  # type: ignore[no-untyped-def]
) -> None:
    big = generate_machine(NEIGHBOURHOOD_THRESHOLD + 30, seed=11)
    path = tmp_path / "big.yaml"
    path.write_text(machine_to_yaml(big), encoding="utf-8")
    window, record = make_window()
    window.show()
    with qtbot.waitSignal(window.layout_finished, timeout=60000) as finished:
        assert window.open_file(path, background=False)
    assert finished.args == [True]
    assert window.scene is not None and set(window.scene.item_for_state) == {s.id for s in big.states}
    # The neighbourhood layout always runs Graphviz (it is not cached); the full one may come from the cache.
    assert graphviz_threads and not any(graphviz_threads)
    assert record.errors == []
