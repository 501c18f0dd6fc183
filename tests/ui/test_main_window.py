"""The main window on the bundled machine: real Graphviz layout, real widgets, offscreen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from explorer import BUNDLED_MACHINE
from explorer.ui.main_window import MainWindow
from explorer.ui.scene import TransitionItem
from explorer.ui.view import GraphView

from .conftest import LayoutsRequested, WindowRecord, no_layouts

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def opened(qtbot, make_window) -> tuple[MainWindow, WindowRecord]:  # type: ignore[no-untyped-def]
    """A quiet window (no dialogs; errors and layouts recorded) showing the bundled machine."""
    w, record = make_window()
    w.resize(1600, 1000)
    w.show()
    with qtbot.waitSignal(w.layout_drawn, timeout=30000):
        assert w.open_file(BUNDLED_MACHINE)
    assert len(record.layouts) == 1
    return w, record


@pytest.fixture
def window(opened: tuple[MainWindow, WindowRecord]) -> MainWindow:
    return opened[0]


def _clickable_point(view: GraphView, item: TransitionItem) -> QPoint | None:
    for percent in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8, 0.15, 0.85):
        pos = view.mapFromScene(item.path.pointAtPercent(percent))
        items = view.items(pos)
        if items and items[0] is item:
            return pos
    return None


def test_every_transition_of_the_bundled_machine_has_an_item(window: MainWindow) -> None:
    assert window.machine is not None and window.scene is not None
    assert set(window.scene.item_for_transition) == {t.id for t in window.machine.transitions}
    assert len(window.scene.item_for_transition) == 62
    assert set(window.scene.item_for_state) == {s.id for s in window.machine.states}
    assert "62 transitions" in window.counts_label.text()
    assert "1 unreachable" in window.counts_label.text()


def test_clicking_a_state_selects_it_and_shows_it_in_the_inspector(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    scene, view = window.scene, window.view
    assert scene is not None
    pos = view.mapFromScene(scene.item_for_state["collaboration"].scenePos())
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert window.highlight().selected == "collaboration"
    assert "Zusammenarbeit" in window.inspector.toPlainText()
    assert "selected" in scene.item_for_state["collaboration"].roles


def test_overlay_toggle_restyles_without_a_new_layout(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    scene = window.scene
    assert scene is not None
    with no_layouts(window, monkeypatch):
        assert "unreachable" in scene.item_for_state["invitation"].roles
        window.overlay_actions["unreachable"].trigger()
        assert "unreachable" not in scene.item_for_state["invitation"].roles
        window.overlay_actions["timeouts"].trigger()
        assert "timeout" not in scene.item_for_transition["reconnecting-offline"].roles
        window.overlay_actions["timeouts"].trigger()
        assert "timeout" in scene.item_for_transition["reconnecting-offline"].roles
    assert window.scene is scene


def test_the_no_layouts_guard_fails_when_a_layout_is_requested(qtbot, opened, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    """The guard above can fail: a layout inside it (here a new direction) is reported in this thread."""
    window, record = opened
    with pytest.raises(LayoutsRequested, match="layout requested"):
        with no_layouts(window, monkeypatch), qtbot.waitSignal(window.layout_finished, timeout=30000):
            next(a for a in window.direction_group.actions() if not a.isChecked()).trigger()
    # Graphviz was refused in the worker (unless the cache answered): the failure is an error, not a dialog.
    assert all(title == "Layout failed" for title, _, _ in record.take_errors())


def test_the_no_layouts_guard_sees_graphviz_run_in_any_thread(window: MainWindow,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Even a Graphviz run that bypasses the window (a worker thread, no signal) fails the guard."""
    import threading

    assert window.machine is not None
    with pytest.raises(LayoutsRequested, match="Graphviz ran in worker"):
        with no_layouts(window, monkeypatch):
            worker = threading.Thread(target=lambda: _try_graphviz(window), name="worker")
            worker.start()
            worker.join(10)


def _try_graphviz(window: MainWindow) -> None:
    import explorer.layout
    from explorer.errors import LayoutError

    assert window.machine is not None
    try:
        explorer.layout.run_graphviz(explorer.layout.to_dot(window.machine, window.layout_options()), "dot")
    except LayoutError:
        pass  # refused, and recorded by the guard


def test_clicking_a_way_out_on_the_canvas_fires_it(qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    assert window.controller is not None and window.scene is not None
    item = window.scene.item_for_transition["connecting-waiting"]
    assert "available" in item.roles
    pos = _clickable_point(window.view, item)
    assert pos is not None
    with no_layouts(window, monkeypatch):
        QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    assert window.controller.session.current == "waiting"
    assert "current" in window.scene.item_for_state["waiting"].roles
    assert "taken" in window.scene.item_for_transition["connecting-waiting"].roles


def test_a_bad_file_leaves_the_open_machine_in_place(opened) -> None:  # type: ignore[no-untyped-def]
    window, record = opened
    machine, scene = window.machine, window.scene
    bad = FIXTURES / "bad" / "three_problems.yaml"
    assert not window.open_file(bad)
    assert window.machine is machine and window.scene is scene
    [(title, text, details)] = record.take_errors()
    assert bad.name in title
    assert f"{bad}:" in text and text.count(str(bad)) == 3 and "stays open" in text
    assert details.count(str(bad)) == 3
    assert window.problems.count() == 3


def test_errors_are_shown_in_a_dialog_that_does_not_block(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    """The dialog is one listener of error_reported: reconnected, it opens without a nested event loop."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    window, record = make_window()
    window.error_reported.connect(window.show_error)
    window.show()
    window.error_reported.emit("Export failed", "disk full", "")  # returns: no modal exec()
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert [(b.text(), b.informativeText()) for b in boxes] == [("Export failed", "disk full")]
    assert record.take_errors() == [("Export failed", "disk full", "")]
    boxes[0].close()


def test_path_to_a_state_and_unreachable_target(window: MainWindow) -> None:
    assert window.controller is not None and window.scene is not None
    window.set_target("deleted")
    path = window.controller.path()
    assert path and window.scene.item_for_transition[path[0]].roles >= {"path"}
    window.set_target("invitation")
    assert window.controller.path() is None


def test_language_switch_relabels_in_place(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    scene = window.scene
    assert scene is not None
    assert scene.item_for_state["active"].text.replace("\n", " ") == "Aktiv"
    with no_layouts(window, monkeypatch):
        next(a for a in window.language_group.actions() if a.data() == "en").trigger()
    assert scene.item_for_state["active"].text.replace("\n", " ") == "Active"
    assert window.scene is scene


def test_reload_of_a_broken_file_keeps_the_last_good_version(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    copy = tmp_path / "machine.yaml"
    copy.write_text(BUNDLED_MACHINE.read_text(encoding="utf-8"), encoding="utf-8")
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(copy)
    machine = window.machine
    copy.write_text("name: [unclosed\n", encoding="utf-8")
    assert not window.reload(auto=True)
    assert window.machine is machine
    assert window.problems.count() >= 1 and f"{copy}:" in window.problems.item(0).text()


def test_recent_files_and_view_choices_persist(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    w, _ = make_window("s.ini")
    with qtbot.waitSignal(w.layout_drawn, timeout=30000):
        w.open_file(BUNDLED_MACHINE)
    w.overlay_actions["ambiguous"].trigger()
    w.close()
    w2, _ = make_window("s.ini")
    assert str(BUNDLED_MACHINE.resolve()) in w2.recent_files()
    assert not w2.overlay_actions["ambiguous"].isChecked()


def test_labels_that_matter_are_readable_and_apart_at_fit(window: MainWindow) -> None:
    """At fit-to-window on a 1920x1080-like window: state labels and the labels
    of the ways out are at least 14 px high on screen, and those labels do not
    overlap each other or any state."""
    from explorer.ui import style as st

    assert window.controller is not None and window.scene is not None
    window.resize(1920, 1080)
    window.view.zoom_fit()
    for tid in ("connecting-waiting", "waiting-active"):
        window.controller.fire(tid)
    scene, zoom = window.scene, window.view.zoom
    assert st.STATE_FONT_PX * zoom >= 14, f"state labels {st.STATE_FONT_PX * zoom:.1f} px at fit"
    emphasised = [scene.item_for_transition[t.id] for t in window.controller.session.available()]
    assert len(emphasised) >= 8
    boost = min(max(st.MIN_SCREEN_LABEL_PX / (st.EDGE_FONT_PX * zoom), 1.0), st.MAX_LABEL_BOOST)
    assert st.EDGE_FONT_PX * boost * zoom >= 14 - 1e-6
    rects = []
    for item in emphasised:
        r = item.label_rect(bold=True)
        c = r.center()
        r.setSize(r.size() * boost)
        r.moveCenter(c)
        rects.append((item.transition_id, r))
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            assert not ra.intersects(rb), f"labels of {a} and {b} overlap"
        for sid, state in scene.item_for_state.items():
            box = state.mapRectToScene(state.shape().boundingRect())  # the box as drawn
            assert not ra.intersects(box), f"label of {a} covers state {sid}"


def test_dropping_a_machine_file_opens_it(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, QUrl
    from PySide6.QtGui import QDropEvent

    door = FIXTURES / "scenarios" / "door.yaml"
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(door))])
    event = QDropEvent(QPointF(100, 100), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        window.dropEvent(event)
    assert window.machine is not None and window.machine.name == "Door"
    assert str(door.resolve()) == window.recent_files()[0]


def test_exported_picture_shows_the_session_highlights(window: MainWindow, tmp_path: Path) -> None:
    from explorer.ui.export import export_picture
    from explorer.ui.style import CURRENT_FILL

    assert window.controller is not None and window.scene is not None
    window.controller.fire("connecting-waiting")
    out = tmp_path / "shown.svg"
    export_picture(window.scene, out)
    svg = out.read_text(encoding="utf-8")
    assert "Wartend" in svg and CURRENT_FILL.name().lower() in svg.lower()


def test_canvas_numbers_the_ways_out_like_the_panel(window: MainWindow) -> None:
    assert window.controller is not None and window.scene is not None
    window.controller.fire("connecting-waiting")
    buttons = window.session_panel.way_out_buttons
    assert len(buttons) >= 2
    for number, button in enumerate(buttons, start=1):
        assert window.scene.item_for_transition[button.transition_id].number == number
    # The edge left behind loses its number; the drawn label shows the circled digit.
    assert window.scene.item_for_transition["connecting-waiting"].number is None
    first = window.scene.item_for_transition[buttons[0].transition_id]
    picture = _drawn_text(first)
    # The label starts with the circled digit; the badge on the curve shows the plain number.
    assert "① " + first.text.partition("\n")[0] in picture, picture
    assert picture.split()[0] == "1", picture


def test_a_big_file_is_read_off_the_ui_thread(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from explorer.generate import generate_machine
    from explorer.io.machine_yaml import dump_machine

    big = tmp_path / "big.yaml"
    big.write_text(dump_machine(generate_machine(400, "structured", 3)), encoding="utf-8")
    assert big.stat().st_size > 256 * 1024
    old = window.machine
    with qtbot.waitSignal(window.machine_loaded, timeout=30000):
        assert window.open_file(big)
        assert window.machine is old  # still the old one while the file is read
        assert window.busy.isVisibleTo(window)
    assert window.machine is not None and len(window.machine.states) == 400
    # The full layout (a neighbourhood view may be drawn before it, also in the background).
    with qtbot.waitSignal(window.layout_finished, timeout=60000) as finished:
        pass
    assert finished.args == [True]
    assert len(window.scene.item_for_state) == 400  # type: ignore[union-attr]


def test_a_broken_big_file_read_in_the_background_keeps_the_machine(qtbot, window: MainWindow,
                                                                   tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ninitial: a\nstates: {a: {}}\ntransitions:\n  - {from: a, to: b, trigger: t}\n",
                   encoding="utf-8")
    old = window.machine
    assert window.open_file(bad, background=True, show_errors=False)
    qtbot.waitUntil(lambda: window.problems.count() > 0, timeout=10000)
    assert window.machine is old
    assert f"{bad}:5:" in window.problems.item(0).text()


def test_labels_that_matter_stay_inside_the_fitted_picture(window: MainWindow) -> None:
    from explorer.ui import style as st

    assert window.controller is not None and window.scene is not None
    window.resize(1920, 1080)
    window.view.zoom_fit()
    zoom = window.view.zoom
    boost = min(max(st.MIN_SCREEN_LABEL_PX / (st.EDGE_FONT_PX * zoom), 1.0), st.MAX_LABEL_BOOST)
    bounds = window.scene.sceneRect()
    for t in window.controller.session.available():  # the initial state: one way is a long timeout edge
        r = window.scene.item_for_transition[t.id].label_rect(bold=True)
        c = r.center()
        r.setSize(r.size() * boost)
        r.moveCenter(c)
        assert bounds.contains(r), f"label of {t.id} leaves the picture"


def _drawn_text(item: TransitionItem) -> str:
    """The text ``item`` draws, read from an SVG painted by the item itself."""
    import html
    import re

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator
    from PySide6.QtWidgets import QStyleOptionGraphicsItem

    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    painter = QPainter(generator)
    item.paint(painter, QStyleOptionGraphicsItem(), None)
    painter.end()
    svg = bytes(data.data()).decode("utf-8")
    return " ".join(html.unescape(t).strip() for t in re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S))
