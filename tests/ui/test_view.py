"""The canvas view: zoom by method and wheel, fit, drag to pan on empty space; and the legend."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from explorer.layout import LayoutOptions, compute_layout
from explorer.model import Machine
from explorer.ui import style as st
from explorer.ui.legend import BASE_ENTRIES, LegendWidget, legend_items
from explorer.ui.scene import GraphScene
from explorer.ui.view import MAX_ZOOM, ZOOM_STEP, GraphView


@pytest.fixture
def view(qtbot, bundled_machine: Machine) -> GraphView:  # type: ignore[no-untyped-def]
    scene = GraphScene(bundled_machine, compute_layout(bundled_machine, LayoutOptions(edge_labels=False)))
    v = GraphView()
    qtbot.addWidget(v)
    v.resize(900, 700)
    v.set_scene_fitting(scene)
    v.show()
    qtbot.waitExposed(v)
    v.zoom_fit()  # again, now that the viewport has its final size
    return v


def test_fit_shows_the_whole_scene(view: GraphView) -> None:
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    scene_rect = view.scene().sceneRect()
    assert visible.contains(scene_rect.adjusted(1, 1, -1, -1))
    assert view.zoom < 1


def test_zoom_methods_and_signal(qtbot, view: GraphView) -> None:  # type: ignore[no-untyped-def]
    fit = view.zoom
    with qtbot.waitSignal(view.zoom_changed, timeout=1000) as blocker:
        view.zoom_in()
    assert view.zoom == pytest.approx(fit * ZOOM_STEP)
    assert blocker.args == [pytest.approx(view.zoom)]
    view.zoom_out()
    assert view.zoom == pytest.approx(fit)
    view.zoom_reset()
    assert view.zoom == pytest.approx(1.0)
    for _ in range(60):
        view.zoom_in()
    assert view.zoom == pytest.approx(MAX_ZOOM)


def test_wheel_zooms_about_the_mouse(qtbot, view: GraphView) -> None:  # type: ignore[no-untyped-def]
    view.zoom_in()  # leave room to scroll, so the anchor is not held back by the scene's edge
    centre = view.viewport().rect().center()
    items = view.scene().item_for_state.values()  # type: ignore[attr-defined]
    item = min(items, key=lambda i: (view.mapFromScene(i.scenePos()) - centre).manhattanLength())
    pos = view.mapFromScene(item.scenePos()) + QPoint(3, 2)
    before = view.zoom
    event = QWheelEvent(QPointF(pos), QPointF(view.viewport().mapToGlobal(pos)), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(view.viewport(), event)
    assert view.zoom == pytest.approx(before * ZOOM_STEP)
    # The state under the mouse stays under the mouse.
    after = view.mapFromScene(item.scenePos()) + QPoint(3, 2)
    assert abs(after.x() - pos.x()) <= 2 and abs(after.y() - pos.y()) <= 2


def test_drag_on_empty_space_pans(qtbot, view: GraphView) -> None:  # type: ignore[no-untyped-def]
    view.zoom_reset()
    scene = view.scene()
    view.centerOn(scene.sceneRect().center())
    start = next(
        QPoint(x, y)
        for x in range(100, 800, 25)
        for y in range(100, 600, 25)
        if not view.items(QPoint(x, y))
    )
    h_before, v_before = view.horizontalScrollBar().value(), view.verticalScrollBar().value()
    QTest.mousePress(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 6):
        QTest.mouseMove(view.viewport(), start + QPoint(-20 * step, -15 * step))
    QTest.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                       start + QPoint(-100, -75))
    assert (view.horizontalScrollBar().value(), view.verticalScrollBar().value()) != (h_before, v_before)


def test_legend_rows_follow_the_overlays(qtbot) -> None:  # type: ignore[no-untyped-def]
    legend = LegendWidget()
    qtbot.addWidget(legend)
    assert legend.entries == legend_items()
    assert [e.key for e in legend.entries] == [e.key for e in BASE_ENTRIES] + [o.name for o in st.OVERLAYS]
    full_height = legend.sizeHint().height()
    legend.set_hidden_overlays({"unreachable", "dead_ends", "traps", "ambiguous"})
    keys = {e.key for e in legend.entries}
    assert "timeouts" in keys and not keys & {"unreachable", "dead_ends", "traps", "ambiguous"}
    assert {"current", "available", "path", "taken", "final", "initial"} <= keys
    assert legend.sizeHint().height() < full_height
    legend.show()
    qtbot.waitExposed(legend)
    image = legend.grab().toImage()
    assert len({image.pixel(x, y) for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)}) > 10
