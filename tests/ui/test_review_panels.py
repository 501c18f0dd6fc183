"""The window's review tools (issue 10): defects panel, paths that warn, live coverage, tours, compare.

A small machine with one dead end, traps, an unreachable state and an
ambiguous trigger is written to a temporary file and opened with the real
loader and a real Graphviz layout; everything is driven through the
window's actions and panels and checked on what the canvas draws.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from explorer.findings import counts, findings
from explorer.io.machine_yaml import load_machine
from explorer.ui.main_window import MainWindow
from explorer.ui.style import StateRole, TransitionRole

from .conftest import WindowRecord

#: start --Open--> menu | loop1 (ambiguous); menu --Break--> dead (a dead end);
#: loop1 <-> loop2 (traps); orphan cannot be reached.
REVIEW_V1 = """\
format: 1
name: Review sample
language: en
initial: start
states:
  start: {label: Start}
  menu: {label: Menu}
  dead: {label: Broken}
  loop1: {label: Loop one}
  loop2: {label: Loop two}
  done: {label: Done, final: true}
  orphan: {label: Orphan}
transitions:
  - {id: open-menu, from: start, to: menu, trigger: Open}
  - {id: open-loop, from: start, to: loop1, trigger: Open}
  - {id: finish, from: menu, to: done, trigger: Finish}
  - {id: break, from: menu, to: dead, trigger: Break}
  - {id: cancel, from: menu, to: start, trigger: Cancel}
  - {id: next, from: loop1, to: loop2, trigger: Next}
  - {id: back, from: loop2, to: loop1, trigger: Back}
  - {id: leave, from: orphan, to: done, trigger: Leave}
"""

#: v2: 'help' added (state and transition), 'finish' relabelled, 'break' removed.
REVIEW_V2 = (REVIEW_V1
             .replace("  orphan: {label: Orphan}\n", "  orphan: {label: Orphan}\n  help: {label: Help}\n")
             .replace("trigger: Finish}", "trigger: Finish now}")
             .replace("  - {id: break, from: menu, to: dead, trigger: Break}\n", "")
             + "  - {id: ask, from: menu, to: help, trigger: Ask}\n"
             + "  - {id: thanks, from: help, to: menu, trigger: Thanks}\n")


def _line(start: str) -> int:
    """The line of REVIEW_V1 that starts with ``start`` (1-based), as the loader counts."""
    return next(n for n, line in enumerate(REVIEW_V1.splitlines(), start=1) if line.startswith(start))


@pytest.fixture
def review_file(tmp_path: Path) -> Path:
    path = tmp_path / "review.yaml"
    path.write_text(REVIEW_V1, encoding="utf-8")
    return path


@pytest.fixture
def opened(qtbot, make_window, review_file: Path) -> tuple[MainWindow, WindowRecord]:  # type: ignore[no-untyped-def]
    w, record = make_window()
    w.resize(1600, 1000)
    w.show()
    with qtbot.waitSignal(w.layout_drawn, timeout=30000):
        assert w.open_file(review_file)
    return w, record


def test_the_defects_panel_lists_every_finding_by_kind_and_a_click_selects(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    w, _ = opened
    expected = findings(load_machine(w.path))
    panel = w.defects_panel
    assert panel.findings == expected
    c = counts(expected)
    assert c["dead_end"] == 1 and c["trap"] >= 2 and c["ambiguous_trigger"] == 1 and c["unreachable"] == 1
    groups = panel.groups()
    for kind, n in c.items():
        assert groups[kind].childCount() == n and f"({n})" in groups[kind].text(0)
    dead = groups["dead_end"].child(0)
    assert dead.text(0).startswith(f"dead  ·  review.yaml:{_line('  dead:')}\n")
    assert dead.text(0).endswith("\nBroken (dead) is a dead end: it is not final and has no way out to another state.")
    # The status bar counts every kind that was found; its tooltip every kind, zeros too.
    text = w.counts_label.text()
    assert "1 dead end" in text and f"{c['trap']} traps" in text and "1 ambiguous trigger" in text
    assert "1 unreachable" in text and "timeout conflicts" not in text
    assert "0 timeout conflicts" in w.counts_label.toolTip()

    # Clicking the ambiguous row selects its first transition on the canvas.
    w.defects_dock.show()
    w.defects_dock.raise_()
    amb = groups["ambiguous_trigger"].child(0)
    panel.tree.scrollToItem(amb)
    rect = panel.tree.visualItemRect(amb)
    QTest.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, rect.center())
    assert TransitionRole.SELECTED in w.scene.item_for_transition["open-menu"].roles

    # A filter per kind hides its group.
    panel.filter_actions["trap"].setChecked(False)
    assert groups["trap"].isHidden()
    assert all(row.data(0, Qt.ItemDataRole.UserRole) != ("loop1",) for row in panel.visible_rows())


def test_paths_warn_about_ambiguous_triggers_and_copy_as_procedure(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    w, _ = opened
    # The session panel's path view says where else an ambiguous step may go.
    w.set_target("menu")
    assert "This trigger can also lead to Loop one" in w.session_panel._path_text.text()
    # Path Between States: any From, any To, shown on the canvas.
    w.path_between_action.trigger()
    dialog = w.path_dialog
    dialog.set_states("menu", "done")
    assert dialog.path == ["finish"]
    assert TransitionRole.PATH in w.scene.item_for_transition["finish"].roles
    assert StateRole.PATH_TARGET in w.scene.item_for_state["done"].roles
    dialog.set_states("start", "done")
    assert dialog.path == ["open-menu", "finish"]
    text = w.copy_path_procedure()
    assert QGuiApplication.clipboard().text() == text
    assert text.startswith("## ") and "1. " in text and "2. " in text
    assert "can also lead to **Loop one**" in text
    dialog.close()
    assert TransitionRole.PATH not in w.scene.item_for_transition["finish"].roles


def test_coverage_counts_steps_and_replays_and_resets(qtbot, opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w, _ = opened
    c = w.coverage
    assert c is not None
    reachable_t = len(c.reachable_transitions)
    assert c.taken_reachable == 0 and c.visited_reachable == 1  # the start
    w.coverage_dock.show()
    w.coverage_dock.raise_()
    assert w.controller.fire("open-menu") and w.controller.fire("finish")
    qtbot.waitUntil(lambda: "Transitions taken: 2 of" in w.coverage_panel.transitions_bar.format(), timeout=5000)
    assert c.visited_reachable == 3
    assert "States visited: 3 of 6" in w.coverage_panel.states_bar.format()
    rows = w.coverage_panel.rows()
    assert "loop1" in rows and "cancel" in rows and "finish" not in rows
    # The overlay shows what is left once switched on.
    w.overlay_actions["untaken"].setChecked(True)
    assert TransitionRole.UNTAKEN in w.scene.item_for_transition["cancel"].roles
    assert TransitionRole.UNTAKEN not in w.scene.item_for_transition["finish"].roles
    # Clicking an unvisited state shows the path there (from the start: Done is final).
    w.coverage_panel.path_requested.emit("loop2")
    assert StateRole.PATH_TARGET in w.scene.item_for_state["loop2"].roles
    assert TransitionRole.PATH in w.scene.item_for_transition["next"].roles

    # A replayed scenario counts too.
    scenario = tmp_path / "walk.yaml"
    scenario.write_text("steps:\n  - transition: open-loop\n  - transition: next\n  - transition: back\n",
                        encoding="utf-8")
    assert w.open_scenario(scenario)
    w.controller.prepare_replay(w.session_panel.scenario)
    while w.controller.replay_step():
        pass
    qtbot.waitUntil(lambda: c.taken_reachable == 5, timeout=5000)
    assert {"open-loop", "next", "back"} <= c.taken

    w.reset_coverage_action.trigger()
    assert c.taken_reachable == 0 and c.visited == {w.controller.session.current}
    assert "Transitions taken: 0 of" in w.coverage_panel.transitions_bar.format()
    assert TransitionRole.UNTAKEN in w.scene.item_for_transition["finish"].roles
    assert reachable_t == 7


def test_tours_are_listed_and_one_plays_to_completion(qtbot, opened) -> None:  # type: ignore[no-untyped-def]
    w, _ = opened
    w.tours_action.trigger()
    dialog = w.tours_dialog_widget
    plan = w.tour_plan
    assert dialog.list.count() == len(plan.tours) >= 1
    assert f"{plan.total_steps} steps in all for {plan.lower_bound} transitions" in dialog.summary.text()
    assert "leave" in dialog.uncoverable.text()  # orphan's way out cannot be covered
    w.reset_coverage()
    tour = plan.tours[0]
    assert w.play_tour(0, delay_ms=10)
    qtbot.waitUntil(lambda: not w.controller.is_replaying, timeout=10000)
    assert w.controller.session.taken_transitions() == list(tour)
    assert set(tour) <= w.coverage.taken
    dialog.close()


def test_compare_marks_added_and_changed_and_lists_removed(qtbot, opened, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w, record = opened
    # The open file becomes the new version; the old one is compared with it.
    old = tmp_path / "old.yaml"
    old.write_text(REVIEW_V1, encoding="utf-8")
    w.path.write_text(REVIEW_V2, encoding="utf-8")
    with qtbot.waitSignal(w.layout_drawn, timeout=30000):
        assert w.reload()
    scene = w.scene
    assert w.compare_with(old)
    assert StateRole.DIFF_ADDED in scene.item_for_state["help"].roles
    assert TransitionRole.DIFF_ADDED in scene.item_for_transition["ask"].roles
    assert TransitionRole.DIFF_CHANGED in scene.item_for_transition["finish"].roles
    assert StateRole.DIFF_REMOVED_END in scene.item_for_state["dead"].roles
    assert TransitionRole.DIFF_ADDED not in scene.item_for_transition["cancel"].roles
    removed = w.compare_panel.rows("Removed")
    assert len(removed) == 1 and "Break" in removed[0]
    assert any("trigger" in r for r in w.compare_panel.rows("Changed"))
    assert w.compare_dock.isVisible() and w.leave_compare_action.isEnabled()
    legend = [e.key for e in w.legend.entries]
    assert "diff_added" in legend and "diff_changed" in legend

    # Esc (View > Leave Compare) goes back to the normal view.
    w.leave_compare_action.trigger()
    assert StateRole.DIFF_ADDED not in scene.item_for_state["help"].roles
    assert TransitionRole.DIFF_CHANGED not in scene.item_for_transition["finish"].roles
    assert not w.compare_dock.isVisible() and "diff_added" not in [e.key for e in w.legend.entries]

    # A file that does not load: a message, and the view stays as it was.
    bad = tmp_path / "bad.yaml"
    bad.write_text("states: [\n", encoding="utf-8")
    assert not w.compare_with(bad)
    (error,) = record.take_errors()
    assert "bad.yaml" in error[0] and w.compare is None


def test_render_compare_draws_the_diff_colours(tmp_path: Path) -> None:
    from explorer.ui.style import Palette

    old, new, out = tmp_path / "old.yaml", tmp_path / "new.yaml", tmp_path / "diff.svg"
    old.write_text(REVIEW_V1, encoding="utf-8")
    new.write_text(REVIEW_V2, encoding="utf-8")
    plain = tmp_path / "plain.svg"
    for args in (["render", str(new), "-o", str(plain)],
                 ["render", str(new), "--compare", str(old), "-o", str(out)]):
        result = subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True, text=True,
                                timeout=120)
        assert result.returncode == 0, result.stderr
    svg, before = out.read_text(encoding="utf-8").lower(), plain.read_text(encoding="utf-8").lower()
    for colour in (Palette.diff_added, Palette.diff_changed, Palette.diff_removed):
        assert colour.name() in svg and colour.name() not in before
    assert "added transition (compare)" in svg and "added transition" not in before


def _bundled_v2(tmp_path: Path) -> tuple[Path, Path]:
    """The bundled machine (old) and an edited copy (new): one state and two transitions added,
    a trigger reworded, the last transition removed."""
    from explorer import BUNDLED_MACHINE

    text = BUNDLED_MACHINE.read_text(encoding="utf-8")
    old = tmp_path / "rescue_v1.yaml"
    old.write_text(text, encoding="utf-8")
    last = text.rindex("\n  - from: timed_out\n    to: deleted\n")
    new_text = text[:last + 1]
    new_text = new_text.replace("  deleted:\n", "  survey:\n    label: {de: Umfrage, en: Survey}\n  deleted:\n", 1)
    new_text = new_text.replace("Kunde startet das Applet", "Kunde öffnet das Applet", 1)
    new_text += ("  - {from: closed, to: survey, trigger: {de: Kunde füllt die Umfrage aus, en: Customer fills in "
                 "the survey}, actor: customer}\n"
                 "  - {from: survey, to: deleted, trigger: {de: Umfrage gesendet, en: Survey sent}, actor: customer}\n")
    new = tmp_path / "rescue_v2.yaml"
    new.write_text(new_text, encoding="utf-8")
    return old, new


def test_screenshots_of_the_review_tools(qtbot, make_window, tmp_path: Path, artifacts_dir: Path) -> None:  # type: ignore[no-untyped-def]
    """Pictures of each panel at 1920x1080 to look at (tests/artifacts/review_*.png)."""
    old, new = _bundled_v2(tmp_path)
    w, _ = make_window()
    w.resize(1920, 1080)
    w.show()
    with qtbot.waitSignal(w.layout_drawn, timeout=30000):
        assert w.open_file(new)
    w.view.zoom_fit()

    def shoot(name: str) -> Path:
        QTest.qWait(50)
        path = artifacts_dir / f"review_{name}.png"
        assert w.grab().save(str(path))
        assert path.stat().st_size > 10_000
        return path

    w.defects_dock.raise_()
    group = w.defects_panel.groups()["ambiguous_trigger"]
    assert group.childCount() >= 1
    w.defects_panel.finding_activated.emit(group.child(0).data(0, Qt.ItemDataRole.UserRole))
    shoot("defects")

    for tid in [t.id for t in w.machine.outgoing(w.machine.initial)][:1]:
        w.controller.fire(tid)
    w.overlay_actions["untaken"].setChecked(True)
    w.coverage_dock.raise_()
    qtbot.waitUntil(lambda: w.coverage.taken_reachable >= 1, timeout=5000)
    shoot("coverage")
    w.overlay_actions["untaken"].setChecked(False)

    w.path_between_action.trigger()
    w.path_dialog.set_states("waiting", "deleted")
    w.path_dialog.move(w.geometry().center() - w.path_dialog.rect().center())
    QTest.qWait(50)
    assert w.path_dialog.grab().save(str(artifacts_dir / "review_path_dialog.png"))
    shoot("path")
    w.path_dialog.close()

    w.tours_action.trigger()
    QTest.qWait(50)
    assert w.tours_dialog_widget.grab().save(str(artifacts_dir / "review_tours_dialog.png"))
    w.tours_dialog_widget.close()

    assert w.compare_with(old)
    shoot("compare")
    assert w.compare is not None and not w.compare[2].is_empty
