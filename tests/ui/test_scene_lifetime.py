"""Scene lifetime: while a layout is slow or after one failed, clicks on the old picture do no harm.

The window keeps showing the previous machine's scene while the next
machine's layout runs; its items must take no more input once the window has
moved on (a new machine, or a new scene), and a scene replaced by another is
retired before it is deleted.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

import explorer.ui.jobs
from explorer import BUNDLED_MACHINE
from explorer.errors import LayoutError
from explorer.ui.main_window import MainWindow

from .conftest import WindowRecord

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CONSOLE = FIXTURES / "good" / "console.yaml"


class Gate:
    """Holds every layout job until opened; then each runs (``fail``: raises a LayoutError)."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.entered = threading.Event()
        self.fail = False

    def open(self) -> None:
        self.opened.set()


@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[Gate]:
    gate = Gate()
    real = explorer.ui.jobs.compute_layout

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        gate.entered.set()
        gate.opened.wait(30)
        if gate.fail:
            raise LayoutError("Graphviz (dot) failed: a fault made by the test")
        return real(*args, **kwargs)

    monkeypatch.setattr(explorer.ui.jobs, "compute_layout", slow)
    yield gate
    gate.open()  # no worker may stay blocked after the test


@pytest.fixture
def shown(qtbot, make_window) -> tuple[MainWindow, WindowRecord]:  # type: ignore[no-untyped-def]
    window, record = make_window()
    # Every open here must lay out (through the gate), not come whole from an earlier test's cache.
    window.open_cache = None
    window.resize(1200, 800)
    window.show()
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(BUNDLED_MACHINE)
    return window, record


def _click_everywhere(window: MainWindow, step: int = 40) -> int:
    """Click (and hover) a grid of points over the canvas; the number of clicks."""
    viewport = window.view.viewport()
    clicks = 0
    for x in range(5, viewport.width(), step):
        for y in range(5, viewport.height(), step):
            pos = QPoint(x, y)
            QTest.mouseMove(viewport, pos)
            QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
            clicks += 1
    return clicks


def test_clicks_while_the_next_machine_is_laid_out_are_harmless(qtbot, shown, gate: Gate) -> None:  # type: ignore[no-untyped-def]
    window, record = shown
    old_scene = window.scene
    assert window.open_file(CONSOLE)
    assert window.machine is not None and window.machine.has_state("connecting")
    assert gate.entered.wait(10)
    # The old picture stays up while the new one is laid out, but it is retired.
    assert window.view.scene() is old_scene and old_scene.retired and window.scene is None
    assert _click_everywhere(window) > 200
    assert window.controller is not None and window.controller.session.current == "connecting"
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        gate.open()
    assert window.scene is not None and window.view.scene() is window.scene and not window.scene.retired
    assert set(window.scene.item_for_state) == {s.id for s in window.machine.states}
    # The replaced scene is deleted once the event loop gets to it; the new one takes clicks.
    qtbot.waitUntil(lambda: not shiboken6.isValid(old_scene), timeout=5000)
    _click_everywhere(window, step=60)
    pos = window.view.mapFromScene(window.scene.item_for_state["active"].sceneBoundingRect().center())
    QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert window.highlight().selected == "active"
    assert record.errors == []


def test_clicks_after_a_failed_layout_are_harmless(qtbot, shown, gate: Gate) -> None:  # type: ignore[no-untyped-def]
    window, record = shown
    gate.fail = True
    with qtbot.waitSignal(window.layout_finished, timeout=30000) as finished:
        assert window.open_file(CONSOLE)
        gate.open()
    assert finished.args == [False]
    [(title, message, _)] = record.take_errors()
    assert title == "Layout failed" and "made by the test" in message
    assert _click_everywhere(window) > 200
    # The old picture took no input meant for the new machine: the walk is where it started.
    assert window.controller is not None and window.controller.session.current == "connecting"
    assert window.highlight().selected is None
    assert record.errors == []
