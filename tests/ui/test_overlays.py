"""Overlays are data: one row of style.OVERLAYS reaches the View menu, the
settings, the legend, the canvas and exported pictures, with no other edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QMenu

from explorer import BUNDLED_MACHINE
from explorer.analysis import Analysis, analyse
from explorer.model import Machine
from explorer.overlays import OverlaySources, analysis_ids, extra_ids
from explorer.ui import style as st
from explorer.ui.export import export_picture
from explorer.ui.main_window import MainWindow
from explorer.ui.style import Highlight, Overlay, StateRole, TransitionRole

#: Throw-away rows: one computed from the analysis, one from ids handed in from outside.
SELF_LOOPS = Overlay("self_loops", TransitionRole.AMBIGUOUS, "Self-loop (test row)", "Self-&loops (test)",
                     analysis_ids("self_loops"), default=True)
PROBE = Overlay("probe", StateRole.DEAD_END, "Probe (test row)", "&Probe (test)", extra_ids("probe"), default=False)


def _menu_texts(window: MainWindow, *path: str) -> list[str]:
    """The entries of a menu reached from the menu bar by titles (without &)."""
    menu: QMenu | None = None
    actions = window.menuBar().actions()
    for title in path:
        action = next(a for a in actions if a.text().replace("&", "") == title)
        menu = action.menu()
        assert menu is not None
        actions = menu.actions()
    return [a.text() for a in actions]


def test_the_table_names_every_overlay_once() -> None:
    names = [o.name for o in st.OVERLAYS]
    assert len(names) == len(set(names))
    assert len({o.settings_key for o in st.OVERLAYS}) == len(names)
    assert {o.name for o in st.OVERLAYS} >= {"unreachable", "dead_ends", "traps", "timeouts", "ambiguous"}


def test_ids_come_from_the_analysis_or_from_outside(bundled_machine: Machine) -> None:
    a = analyse(bundled_machine)
    h = Highlight.from_analysis(a, extra={"coverage": {"active"}})
    assert h.overlays["unreachable"] == a.unreachable and h.overlays["timeouts"] == a.timeouts
    assert extra_ids("coverage")(OverlaySources(a, {"coverage": frozenset({"active"})})) == {"active"}
    assert extra_ids("coverage")(OverlaySources(a)) == frozenset()
    assert analysis_ids("traps")(OverlaySources(None)) == frozenset()
    with pytest.raises(ValueError):
        analysis_ids("no_such_set")


def test_a_new_row_reaches_menu_settings_legend_canvas_and_export(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    monkeypatch.setattr(st, "OVERLAYS", (*st.OVERLAYS, SELF_LOOPS, PROBE))
    QStandardPaths.setTestModeEnabled(True)
    ini = str(tmp_path / "settings.ini")
    w = MainWindow(settings=QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignal(w.layout_drawn, timeout=30000):
        assert w.open_file(BUNDLED_MACHINE)
    scene, analysis = w.scene, w.analysis
    assert scene is not None and isinstance(analysis, Analysis)
    loops = analysis.self_loops - analysis.ambiguous
    assert loops

    # View > Overlays lists the new rows, with their defaults.
    assert {"Self-&loops (test)", "&Probe (test)"} <= set(_menu_texts(w, "View", "Overlays"))
    assert w.overlay_actions["self_loops"].isChecked() and not w.overlay_actions["probe"].isChecked()

    # The legend shows the row that is on, not the one that is off.
    keys = [e.key for e in w.legend.entries]
    assert "self_loops" in keys and "probe" not in keys

    # The canvas: the analysis row marks the self-loops, at full strength under focus.
    for tid in loops:
        roles = scene.item_for_transition[tid].roles
        assert TransitionRole.AMBIGUOUS in roles and TransitionRole.DIMMED not in roles

    # Ids from outside the analysis: handed to the window, shown once switched on.
    w.set_overlay_ids("probe", frozenset({"offline"}))
    assert StateRole.DEAD_END not in scene.item_for_state["offline"].roles
    w.overlay_actions["probe"].setChecked(True)
    assert StateRole.DEAD_END in scene.item_for_state["offline"].roles
    assert "probe" in [e.key for e in w.legend.entries]

    # Exported pictures carry the rows that are on in their legend.
    out = tmp_path / "picture.svg"
    export_picture(scene, out)
    svg = out.read_text(encoding="utf-8")
    assert "Self-loop (test row)" in svg and "Probe (test row)" in svg

    # Switching a row off takes its role off the canvas and its row out of the legend.
    w.overlay_actions["self_loops"].setChecked(False)
    assert all(TransitionRole.AMBIGUOUS not in scene.item_for_transition[t].roles for t in loops)
    assert "self_loops" not in [e.key for e in w.legend.entries]

    # The switches persist under the row's settings key.
    w.close()
    s = QSettings(ini, QSettings.Format.IniFormat)
    assert s.value(SELF_LOOPS.settings_key, type=bool) is False
    assert s.value(PROBE.settings_key, type=bool) is True
    w2 = MainWindow(settings=QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(w2)
    assert not w2.overlay_actions["self_loops"].isChecked() and w2.overlay_actions["probe"].isChecked()
