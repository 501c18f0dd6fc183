"""Pointing at a way out in the session panel lights its edge and label on the canvas, and the reverse."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF
from PySide6.QtGui import QEnterEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from explorer.ui.style import TransitionRole

from .conftest import open_window


def _open(qtbot, make_window):  # type: ignore[no-untyped-def]
    return open_window(qtbot, make_window, 1280, 720, activate=False, timeout=60000)


def test_pointing_at_a_way_out_button_lights_its_edge_and_label(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, make_window)
    scene = window.scene
    buttons = window.session_panel.way_out_buttons
    assert len(buttons) >= 2
    first, second = buttons[0], buttons[1]
    QApplication.sendEvent(first, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))
    item = scene.item_for_transition[first.transition_id]
    assert TransitionRole.HOVERED in item.roles
    assert item.label_shown_at(window.view.zoom)
    # Moving to another button moves the light with it.
    QApplication.sendEvent(first, QEvent(QEvent.Type.Leave))
    QApplication.sendEvent(second, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))
    assert TransitionRole.HOVERED not in item.roles
    assert TransitionRole.HOVERED in scene.item_for_transition[second.transition_id].roles
    QApplication.sendEvent(second, QEvent(QEvent.Type.Leave))
    assert all(TransitionRole.HOVERED not in i.roles for i in scene.item_for_transition.values())


def test_pointing_at_an_edge_on_the_canvas_marks_its_way_out_button(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, make_window)
    scene = window.scene
    buttons = window.session_panel.way_out_buttons
    target = buttons[-1]
    item = scene.item_for_transition[target.transition_id]
    # The mouse on the edge's label (the label is part of the item's shape).
    at = window.view.mapFromScene(item.label_box(1.0).center())
    QTest.mouseMove(window.view.viewport(), at)
    qtbot.waitUntil(lambda: TransitionRole.HOVERED in item.roles, timeout=3000)
    assert [b.property("canvasHover") for b in buttons].count("true") == 1
    assert target.property("canvasHover") == "true"
    QTest.mouseMove(window.view.viewport(), QPoint(2, 2))
    qtbot.waitUntil(lambda: TransitionRole.HOVERED not in item.roles, timeout=3000)
    assert all(b.property("canvasHover") != "true" for b in buttons)
