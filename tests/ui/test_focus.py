"""Focus on a session: calm context that stays readable, defects at full strength.

Contrast is computed the WCAG 2 way from the styles the items actually
carry (colours composited with the item's opacity), with a session running
on the bundled machine in the real window.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtGui import QColor

from explorer import BUNDLED_MACHINE
from explorer.analysis import analyse, shortest_path
from explorer.layout import LayoutOptions, compute_layout
from explorer.model import Machine
from explorer.ui import style as st
from explorer.ui.main_window import MainWindow
from explorer.ui.scene import GraphScene, StateItem, TransitionItem
from explorer.ui.style import Focus, Highlight, StateRole, TransitionRole

#: WCAG 2 thresholds: text, and graphical objects.
TEXT_CONTRAST, LINE_CONTRAST = 4.5, 3.0
#: Roles that make an edge part of the story (drawn in colour, not context).
STORY = {TransitionRole.AVAILABLE, TransitionRole.TAKEN, TransitionRole.PATH, TransitionRole.SELECTED,
         TransitionRole.HOVERED}
DIMMED_STATE = {StateRole.DIMMED, StateRole.DIMMED_STRONG}
DIMMED_TRANSITION = {TransitionRole.DIMMED, TransitionRole.DIMMED_STRONG}


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(c: QColor) -> float:
    return 0.2126 * _linear(c.redF()) + 0.7152 * _linear(c.greenF()) + 0.0722 * _linear(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def over(fg: QColor, bg: QColor, opacity: float = 1.0) -> QColor:
    """``fg`` painted on opaque ``bg`` with its own alpha times ``opacity``."""
    a = fg.alphaF() * opacity
    return QColor.fromRgbF(*(a * f + (1 - a) * b for f, b in
                             ((fg.redF(), bg.redF()), (fg.greenF(), bg.greenF()), (fg.blueF(), bg.blueF()))))


def name_contrast(item: StateItem, background: QColor) -> float:
    opacity = item.effectiveOpacity()
    fill = over(item.style.brush.color(), background, opacity)
    return contrast(over(item.style.text_color, fill, opacity), fill)


def edge_contrast(item: TransitionItem, background: QColor) -> float:
    return contrast(over(item.style.pen.color(), background, item.effectiveOpacity()), background)


def label_contrast(item: TransitionItem, color: QColor, background: QColor) -> float:
    opacity = item.effectiveOpacity()
    box = over(st.Palette.label_background, background, opacity)
    return contrast(over(color, box, opacity), box)


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The real window on the bundled machine, two steps into a session heading for "closed"."""
    QStandardPaths.setTestModeEnabled(True)
    w = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1920, 1080)
    w.show()
    with qtbot.waitSignal(w.layout_drawn, timeout=30000):
        assert w.open_file(BUNDLED_MACHINE)
    assert w.controller is not None and w.machine is not None
    m = w.machine
    for tid in [*(shortest_path(m, m.initial, "waiting") or []), *(shortest_path(m, "waiting", "active") or [])]:
        assert w.controller.fire(tid)
    w.set_target("closed")
    return w


def test_focus_defaults_to_light(window: MainWindow) -> None:
    assert window.focus_strength() is Focus.LIGHT
    assert window.highlight().focus is Focus.LIGHT


@pytest.mark.parametrize("level", [Focus.LIGHT, Focus.STRONG])
def test_context_stays_readable_with_focus_on(window: MainWindow, level: Focus) -> None:
    window.set_focus_strength(level)
    scene = window.scene
    assert scene is not None
    background = scene.backgroundBrush().color()
    dimmed_states = [i for i in scene.item_for_state.values() if i.roles & DIMMED_STATE]
    dimmed_edges = [i for i in scene.item_for_transition.values() if i.roles & DIMMED_TRANSITION]
    # A session is running: part of the flow is context (most of the edges).
    assert dimmed_states and len(dimmed_edges) >= len(scene.item_for_transition) // 2

    names = {sid: name_contrast(item, background) for sid, item in scene.item_for_state.items()}
    assert {sid: round(c, 2) for sid, c in names.items() if c < TEXT_CONTRAST} == {}

    context = {tid: item for tid, item in scene.item_for_transition.items() if not item.roles & STORY}
    assert set(context) >= {i.transition_id for i in dimmed_edges}
    edges = {tid: edge_contrast(item, background) for tid, item in context.items()}
    assert {tid: round(c, 2) for tid, c in edges.items() if c < LINE_CONTRAST} == {}

    labels = {tid: label_contrast(item, item.style.label_color, background)
              for tid, item in scene.item_for_transition.items()}
    assert {tid: round(c, 2) for tid, c in labels.items() if c < TEXT_CONTRAST} == {}
    clocks = {tid: label_contrast(item, item.style.timeout_color, background)
              for tid, item in scene.item_for_transition.items() if item.style.show_timeout_mark}
    assert clocks and {tid: round(c, 2) for tid, c in clocks.items() if c < TEXT_CONTRAST} == {}


def test_strong_focus_is_calmer_than_light(window: MainWindow) -> None:
    scene = window.scene
    assert scene is not None
    background = scene.backgroundBrush().color()
    calm_id = next(sid for sid, i in scene.item_for_state.items() if StateRole.DIMMED in i.roles)
    light = name_contrast(scene.item_for_state[calm_id], background)
    window.set_focus_strength(Focus.STRONG)
    assert StateRole.DIMMED_STRONG in scene.item_for_state[calm_id].roles
    assert TEXT_CONTRAST <= name_contrast(scene.item_for_state[calm_id], background) < light
    window.set_focus_strength(Focus.OFF)
    assert not any(i.roles & DIMMED_STATE for i in scene.item_for_state.values())
    assert not any(i.roles & DIMMED_TRANSITION for i in scene.item_for_transition.values())


def _state_marking(item: StateItem) -> tuple[object, ...]:
    s = item.style
    return (item.roles, s.pen.color().name(), s.pen.widthF(), s.pen.style(), tuple(s.pen.dashPattern()),
            s.brush.color().name(), None if s.overlay_brush is None else s.overlay_brush.style(),
            s.text_color.name(), item.effectiveOpacity())


def _edge_marking(item: TransitionItem) -> tuple[object, ...]:
    s = item.style
    return (item.roles, s.pen.color().name(), s.pen.widthF(), s.pen.style(), tuple(s.pen.dashPattern()),
            s.label_color.name(), item.effectiveOpacity())


def _timeout_marking(item: TransitionItem) -> tuple[object, ...]:
    s = item.style
    return (s.pen.style(), tuple(s.pen.dashPattern()), s.show_timeout_mark, s.timeout_color.name(),
            item.effectiveOpacity())


def _markings(scene: GraphScene, h: Highlight) -> dict[str, tuple[object, ...]]:
    out: dict[str, tuple[object, ...]] = {}
    for name in ("unreachable", "dead_ends", "traps"):
        for sid in h.overlays[name]:
            out[sid] = _state_marking(scene.item_for_state[sid])
    for tid in h.overlays["ambiguous"]:
        out[tid] = _edge_marking(scene.item_for_transition[tid])
    for tid in h.overlays["timeouts"]:
        out[f"{tid} (clock)"] = _timeout_marking(scene.item_for_transition[tid])
    return out


def test_defect_and_timeout_marks_are_identical_with_focus_on_and_off(window: MainWindow) -> None:
    scene = window.scene
    assert scene is not None
    h = window.highlight()
    assert h.overlays["unreachable"] and h.overlays["ambiguous"] and h.overlays["timeouts"]
    looks = {}
    for level in Focus:
        window.set_focus_strength(level)
        looks[level] = _markings(scene, window.highlight())
    assert looks[Focus.LIGHT] == looks[Focus.OFF]
    assert looks[Focus.STRONG] == looks[Focus.OFF]


def test_every_defect_kind_keeps_full_strength(qtbot, machine_factory) -> None:  # type: ignore[no-untyped-def]
    """A small machine with a dead end, a trap, an unreachable state, an
    ambiguous trigger and a timeout, a session standing at the start."""
    m: Machine = machine_factory(
        [("start", "a", "go"), ("start", "b", "go"), ("a", "done", "finish"), ("b", "loop", "wait", {"timeout": 60}),
         ("loop", "b", "again"), ("start", "stuck", "fail"), ("lost", "done", "never")],
        finals=["done"],
    )
    a = analyse(m)
    assert a.dead_ends and a.traps and a.unreachable and a.ambiguous and a.timeouts
    scene = GraphScene(m, compute_layout(m, LayoutOptions(edge_labels=False)))
    looks = {}
    for level in Focus:
        h = Highlight.from_analysis(a, current="a", available=frozenset(t.id for t in m.outgoing("a")), focus=level)
        scene.apply(h)
        looks[level] = _markings(scene, h)
    assert looks[Focus.LIGHT] == looks[Focus.OFF] == looks[Focus.STRONG]
    for sid in a.dead_ends | a.traps:
        assert scene.item_for_state[sid].style.pen.color() == st.Palette.defect


def test_focus_strength_persists(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    QStandardPaths.setTestModeEnabled(True)
    ini = str(tmp_path / "s.ini")
    w = MainWindow(settings=QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.set_focus_strength(Focus.STRONG)
    w.close()
    w2 = MainWindow(settings=QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(w2)
    assert w2.focus_strength() is Focus.STRONG
    assert w2.focus_actions[Focus.STRONG].isChecked()
    # Earlier versions stored a bool: "false" means focus off.
    old = QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat)
    old.setValue("view/focus", False)
    old.sync()
    w3 = MainWindow(settings=QSettings(str(tmp_path / "old.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w3)
    assert w3.focus_strength() is Focus.OFF


@pytest.mark.parametrize("level", [Focus.LIGHT, Focus.STRONG])
def test_screenshot_of_calm_context(window: MainWindow, artifacts_dir: Path, level: Focus) -> None:
    """Saved for a person to look at: calm but readable context, defects visible."""
    window.set_focus_strength(level)
    window.view.zoom_fit()
    image = window.grab().toImage()
    out = artifacts_dir / f"focus_{level.value}.png"
    assert image.save(str(out))
    assert image.width() >= 1900 and len({image.pixel(x, y) for x in range(0, image.width(), 7)
                                           for y in range(0, image.height(), 7)}) > 50
