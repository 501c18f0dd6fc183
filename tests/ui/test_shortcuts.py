"""One table of keys: the window's actions, the session panel's keys, the help and the README read it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QInputDialog, QMessageBox

from explorer import BUNDLED_MACHINE
from explorer.ui.main_window import MainWindow
from explorer.ui.shortcuts import SHORTCUTS, help_rows, keys_for, keys_text
from explorer.ui.style import Focus

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    QStandardPaths.setTestModeEnabled(True)  # no writes to the user's cache or settings
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignal(w.layout_drawn, timeout=30000):
        assert w.open_file(BUNDLED_MACHINE)
    w.activateWindow()
    qtbot.waitActive(w)
    return w


def _texts(sequences) -> list[str]:  # type: ignore[no-untyped-def]
    return [s.toString() for s in sequences]


def test_no_key_belongs_to_two_commands(qapp) -> None:  # type: ignore[no-untyped-def]
    owner: dict[str, str] = {}
    for row in SHORTCUTS:
        for text in _texts(keys_for(row.name)):
            assert owner.setdefault(text, row.name) == row.name, f"{text} is {owner[text]} and {row.name}"


def test_standard_keys_are_the_platforms(qapp) -> None:  # type: ignore[no-untyped-def]
    for name, standard in (("find", QKeySequence.StandardKey.Find), ("zoom_in", QKeySequence.StandardKey.ZoomIn),
                           ("zoom_out", QKeySequence.StandardKey.ZoomOut),
                           ("reload", QKeySequence.StandardKey.Refresh),
                           ("full_screen", QKeySequence.StandardKey.FullScreen)):
        platform = _texts(QKeySequence.keyBindings(standard))
        assert platform and set(platform) <= set(_texts(keys_for(name))), name
    assert "Ctrl+F" not in _texts(keys_for("focus"))


def test_the_actions_and_the_panel_carry_the_tables_keys(window: MainWindow) -> None:
    for action, name in ((window.find_action, "find"), (window.focus_toggle_action, "focus"),
                         (window.zoom_in_action, "zoom_in"), (window.reload_action, "reload"),
                         (window.full_screen_action, "full_screen"), (window.go_to_action, "go_to")):
        assert _texts(action.shortcuts()) == _texts(keys_for(name)), name
    # Every key the window answers to is answered once: actions and the panel's shortcuts together.
    seen: dict[str, object] = {}
    owners = [(a, a.shortcuts()) for a in window.actions()]
    owners += [(s, [s.key()]) for s in window.session_panel.findChildren(QShortcut)]
    for owner, sequences in owners:
        for text in _texts(sequences):
            if text:
                assert seen.setdefault(text, owner) is owner, f"{text} is bound twice"
    panel_keys = {t for s in window.session_panel.findChildren(QShortcut) for t in _texts([s.key()])}
    for name in ("back", "forward", "restart", "wait", "run_clock", "fire"):
        assert set(_texts(keys_for(name))) <= panel_keys, name


def test_ctrl_f_finds_a_state_by_name_and_ctrl_shift_f_toggles_focus(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    machine = window.machine
    assert machine is not None
    focus = window.focus_strength()
    QTest.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    dialog = next(d for d in window.findChildren(QInputDialog) if d.isVisible())
    assert window.focus_strength() == focus  # Ctrl+F is Find, not the focus mode
    other = next(lang for lang in machine.languages if lang != window.language())
    target = next(s.id for s in machine.states if s.id != machine.initial and not s.final)
    dialog.setTextValue(machine.state_label(target, other).upper())  # any language, any case
    dialog.accept()
    assert f"id: {target}" in window.inspector.toPlainText()
    assert window.scene is not None and window.scene.highlight.selected == target

    QTest.keyClick(window.view, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.focus_strength() is Focus.OFF != focus
    QTest.keyClick(window.view, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.focus_strength() == focus  # back to the strength chosen before


def test_find_takes_part_of_a_name_and_says_when_nothing_matches(window: MainWindow) -> None:
    machine = window.machine
    assert machine is not None

    def unique_middle(state_id: str) -> str | None:
        part = machine.state_label(state_id)[2:-2]
        hits = [s for s in machine.states if part.casefold() in s.id.casefold()
                or any(part.casefold() in t.casefold() for _, t in s.label.values)]
        return part if len(part) > 3 and len(hits) == 1 else None

    state_id, part = next((s.id, p) for s in machine.states if (p := unique_middle(s.id)))
    assert window.find_state(part) == state_id
    assert window.find_state("no state is called this") is None
    assert "no state" in window.statusBar().currentMessage()


def test_the_help_lists_the_table_and_the_readme_does_too(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.shortcuts_action.trigger()
    box = window.findChild(QMessageBox, "shortcutsBox")
    assert box is not None and box.isVisible()
    text = box.text()
    for keys, description in help_rows():
        assert f"<b>{keys}</b>" in text and description in text
    box.close()
    readme = README.read_text(encoding="utf-8")
    table = readme[readme.index("### Keyboard shortcuts"):]
    table = table[: table.index("\n## ")]
    rows = dict(re.findall(r"^\| (.+?) \| (.+?) \|$", table, flags=re.MULTILINE)[1:])
    described = {v: k for k, v in rows.items()}
    for row in SHORTCUTS:
        assert row.description in described, f"README lacks {row.description!r}"
    assert described["Find a state by name"] == "Ctrl+F"
    assert described["Focus on the session (dim the rest)"] == keys_text("focus")
