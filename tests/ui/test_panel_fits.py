"""The session panel fits a projector's screen: every control reachable without scrolling the panel.

The main window is shown at 1920x1080 and 1280x720 (a common projector size)
in a state with eight ways out, the clock running (its note shown) and a
target chosen. Every button, picker and spin box of the panel must lie inside
the panel's visible area; the ways out scroll in their own area. Screenshots
go to tests/artifacts/panel_1920.png and panel_1280.png.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QScrollArea, QSpinBox, QTabWidget, QWidget

from explorer import BUNDLED_MACHINE
from explorer.ui.main_window import MainWindow
from explorer.ui.session_panel import WayOutButton


def _walk_to_active(window: MainWindow) -> None:
    controller = window.controller
    assert controller is not None
    machine = controller.machine
    for target in ("waiting", "active"):
        controller.fire(next(t.id for t in machine.outgoing(controller.session.current) if t.target == target))
    assert len(machine.outgoing("active")) >= 5


def _rect_in(widget: QWidget, ancestor: QWidget) -> QRect:
    return QRect(widget.mapTo(ancestor, QPoint(0, 0)), widget.size())


def _controls(panel: QWidget) -> list[QWidget]:
    """The panel's controls a user can see now (way-out buttons scroll in their own area)."""
    kinds = (QAbstractButton, QComboBox, QSpinBox)
    return [w for w in panel.findChildren(QWidget) if isinstance(w, kinds) and w.isVisibleTo(panel)
            and not isinstance(w, WayOutButton) and w.window() is panel.window()
            and not isinstance(w.parent(), (QComboBox, QSpinBox))]


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1280, 720)])
def test_every_control_of_the_panel_is_on_screen(qtbot, make_window, artifacts_dir: Path,  # type: ignore[no-untyped-def]
                                                 width: int, height: int) -> None:
    window, _record = make_window()
    window.resize(width, height)
    window.show()
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(BUNDLED_MACHINE)
    window.set_language("de")
    _walk_to_active(window)
    controller = window.controller
    assert controller is not None
    controller.set_target("closed")
    controller.run_clock(1.0)  # its note ("clock running") is shown
    panel = window.session_panel
    qtbot.waitUntil(lambda: panel.isVisible() and panel.height() > 200)
    qtbot.wait(50)
    assert window.width() == width and window.height() == height
    visible = _rect_in(panel, window).intersected(window.rect())
    assert visible == _rect_in(panel, window), "the panel itself is cut off by the window"
    tabs = panel.findChild(QTabWidget)
    assert tabs is not None
    seen: set[int] = set()
    for index in range(tabs.count()):
        tabs.setCurrentIndex(index)
        QApplication.processEvents()
        for control in _controls(panel):
            rect = _rect_in(control, panel)
            assert panel.rect().contains(rect), f"{control!r} ({control.accessibleName() or ''}) at {rect} " \
                                                f"is outside the panel {panel.rect()} at {width}x{height}"
            seen.add(id(control))
    # Every control was seen on some tab: none hides where no tab shows it.
    kinds = (QAbstractButton, QComboBox, QSpinBox)
    missing = [w for w in panel.findChildren(QWidget) if isinstance(w, kinds) and not isinstance(w, WayOutButton)
               and not isinstance(w.parent(), (QComboBox, QSpinBox)) and not w.isHidden() and id(w) not in seen]
    assert not missing, missing
    # The ways out scroll inside their own area, which is on screen too.
    ways = panel.findChild(QScrollArea, "waysOut")
    assert ways is not None and panel.rect().contains(_rect_in(ways.viewport(), panel))
    assert ways.viewport().height() >= 80
    tabs.setCurrentIndex(0)
    controller.pause()
    qtbot.wait(20)
    picture = window.grab()
    assert picture.width() == width
    assert picture.save(str(artifacts_dir / f"panel_{width}.png"))


def test_the_wheel_changes_no_picker_it_passes_over(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window, _record = make_window()
    window.resize(1280, 720)
    window.show()
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(BUNDLED_MACHINE)
    panel = window.session_panel
    pickers = [w for w in panel.findChildren(QWidget) if isinstance(w, (QComboBox, QSpinBox)) and w.isVisibleTo(panel)]
    assert len(pickers) == 3  # "Go to...", the clock's speed, the administrator's setting
    window.view.setFocus()

    def wheel(widget: QWidget) -> None:
        centre = QPointF(widget.rect().center())
        event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(widget, event)

    def value(widget: QWidget) -> object:
        return widget.currentIndex() if isinstance(widget, QComboBox) else widget.value()

    for picker in pickers:
        assert picker.focusPolicy() == Qt.FocusPolicy.StrongFocus
        before = value(picker)
        wheel(picker)
        assert value(picker) == before, f"{picker!r} changed on a wheel it did not ask for"
    assert window.controller is not None and window.controller.target is None
    # Once focused, the wheel works as usual.
    target = next(p for p in pickers if isinstance(p, QComboBox) and p.findData("closed") >= 0)
    target.setFocus()
    wheel(target)
    assert target.currentIndex() == 1


@pytest.mark.parametrize(("width", "height", "lang"), [(1280, 720, "de"), (713, 720, "de"), (713, 720, "en")])
def test_a_narrow_dock_in_a_short_window_squashes_no_control(qtbot, make_window, artifacts_dir: Path,  # type: ignore[no-untyped-def]
                                                             width: int, height: int, lang: str) -> None:
    """A dock dragged to ~360 px in a 720-px-high window (a restored 713x720 one too): every control keeps its size."""
    window, _record = make_window()
    window.resize(width, height)
    window.show()
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(BUNDLED_MACHINE)
    window.set_language(lang)
    _walk_to_active(window)
    controller = window.controller
    assert controller is not None
    controller.set_target("closed")
    controller.run_clock(1.0)  # its note takes a line at the top
    window.resizeDocks([window.session_dock], [360], Qt.Orientation.Horizontal)
    panel = window.session_panel
    qtbot.waitUntil(lambda: panel.isVisible() and panel.height() > 200)
    qtbot.wait(50)
    assert window.session_dock.width() <= 400  # as narrow as the panel lets it be
    controls = _controls(panel)
    assert len(controls) >= 8  # Wait, Run, speed, timeout, Back, Forward, Restart, Go to… at least
    for control in controls:
        rect = _rect_in(control, panel)
        name = control.accessibleName() or getattr(control, "text", lambda: "")()
        assert panel.rect().contains(rect), f"{name!r} at {rect} is outside the panel {panel.rect()}"
        # Nothing narrower or lower than its text (or number, or arrow) needs.
        need = control.sizeHint() if isinstance(control, QAbstractButton) else control.minimumSizeHint()
        assert control.width() >= need.width() and control.height() >= need.height(), \
            f"{name!r} is {control.size()} but needs {need} at {width}x{height}"
    # The words of a hidden label are still there: on the control they describe.
    spin = panel.findChild(QSpinBox)
    assert spin is not None and spin.toolTip()
    assert window.grab().save(str(artifacts_dir / f"panel_narrow_{width}x{height}_{lang}.png"))
    controller.pause()
