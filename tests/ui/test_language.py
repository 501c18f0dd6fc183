"""ContentLanguage: one owner of the content language, followed by the canvas, the panel and the controller."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths, Qt
from PySide6.QtTest import QTest

from explorer import BUNDLED_MACHINE
from explorer.model import Machine
from explorer.ui.language import FALLBACK_LANGUAGE, ContentLanguage
from explorer.ui.main_window import MainWindow


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
    return w


def test_the_choice_resolves_against_the_machine(qtbot, bundled_machine: Machine) -> None:
    language = ContentLanguage()
    assert language.current == FALLBACK_LANGUAGE
    other = next(lang for lang in bundled_machine.languages if lang != bundled_machine.language)
    language.set("fr")
    with qtbot.waitSignal(language.changed) as changed:
        language.set_machine(bundled_machine)  # no French labels: the machine's own language
    assert changed.args == [bundled_machine.language] and language.chosen == "fr"
    with qtbot.waitSignal(language.changed) as changed:
        language.set(other)
    assert changed.args == [other] == [language.current]
    with qtbot.assertNotEmitted(language.changed):
        language.set(other)  # nothing shown changes: no redraw
    language.cycle()
    assert language.current == bundled_machine.languages[
        (bundled_machine.languages.index(other) + 1) % len(bundled_machine.languages)]


def test_ctrl_l_switches_canvas_panel_and_controller_at_once(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    machine, scene, controller, panel = window.machine, window.scene, window.controller, window.session_panel
    assert machine is not None and scene is not None and controller is not None
    before = window.language()
    after = machine.languages[(machine.languages.index(before) + 1) % len(machine.languages)]
    assert after != before

    window.activateWindow()
    qtbot.waitActive(window)
    with qtbot.waitSignal(window.content_language.changed, timeout=2000):
        QTest.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert window.language() == after
    # The canvas relabelled its items in place.
    assert scene.item_for_state[machine.initial].text.replace("\n", " ") == machine.state_label(machine.initial, after)
    # The panel's buttons name the ways out in the new language.
    first = machine.outgoing(controller.session.current)[0]
    assert machine.trigger_label(first.id, after) in panel.way_out_buttons[0].toolTip()
    # The controller's messages name states in the new language.
    assert controller.language == after
    assert window.analysis is not None and window.analysis.unreachable
    lost = sorted(window.analysis.unreachable)[0]
    with qtbot.waitSignal(controller.message_emitted) as message:
        controller.set_target(lost)  # "… cannot be reached from here", naming the state
    assert machine.state_label(lost, after) in message.args[0]
    # The View > Language menu shows the choice.
    assert [a.data() for a in window.language_group.actions() if a.isChecked()] == [after]


def test_nothing_but_the_owner_holds_the_language(window: MainWindow) -> None:
    owner = window.content_language
    followers = (window.scene, window.session_panel, window.controller)
    assert all(f is not None and f.language_state is owner for f in followers)
    codes = set(window.machine.languages) if window.machine is not None else set()
    for obj in (window, *followers):
        copies = {name: value for name, value in vars(obj).items()
                  if "lang" in name.lower() and isinstance(value, str)}
        assert copies == {}, f"{type(obj).__name__} keeps its own language: {copies}"
        assert not any(isinstance(v, str) and v in codes and "lang" in k.lower() for k, v in vars(obj).items())
