"""SessionPanel: buttons, number keys, history keys, trace, path picker, clock, scenarios, clipboard.

The panel sits in a window beside a stand-in canvas that holds the keyboard
focus, as in the main window: the keys must work from there.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTabWidget,
    QWidget,
)

from explorer.io.scenario import load_scenario
from explorer.model import Machine
from explorer.ui import i18n
from explorer.ui.language import ContentLanguage
from explorer.ui.session_controller import SessionController
from explorer.ui.session_panel import SessionPanel, WayOutButton, format_clock, format_countdown
from explorer.ui.style import Palette
from explorer.ui.texts import actor_name

SCENARIO = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios" / "classroom_walk.yaml"


def edge(machine: Machine, source: str, target: str) -> str:
    """The id of the first transition from ``source`` to ``target``."""
    return next(t.id for t in machine.outgoing(source) if t.target == target)


class Host(QWidget):
    """A window like the main one: a canvas (focused), the session dock, one language owner."""

    def __init__(self, machine: Machine) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        self.language = ContentLanguage(machine, parent=self)
        self.canvas = QGraphicsView()
        self.panel = SessionPanel(language=self.language)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.panel)
        self.resize(1100, 1000)


@pytest.fixture
def host(qtbot, bundled_machine: Machine) -> Iterator[Host]:
    # A German trainer: the UI in German (the panel's fixed words), the machine's labels in German too.
    assert i18n.install_translator("de")
    host = Host(bundled_machine)
    qtbot.addWidget(host)
    controller = SessionController(bundled_machine, host, language=host.language)
    host.panel.set_controller(controller)
    host.panel.set_language("de")
    host.show()
    host.activateWindow()
    qtbot.waitActive(host)
    host.canvas.setFocus()
    try:
        yield host
    finally:
        controller.close()
        i18n.remove_translator()


def controller_of(host: Host) -> SessionController:
    controller = host.panel.controller
    assert controller is not None
    return controller


def button_for(panel: SessionPanel, transition_id: str):
    return next(b for b in panel.way_out_buttons if b.transition_id == transition_id)


# The panel's widgets found as a user finds them (by what they show), through
# Qt's public object tree, never through the panel's private attributes.


def button(panel: SessionPanel, text: str) -> QPushButton:
    """The one button labelled ``text``."""
    found = [b for b in panel.findChildren(QPushButton) if b.text() == text]
    assert len(found) == 1, f"{len(found)} buttons labelled {text!r}"
    return found[0]


def trace(panel: SessionPanel) -> QListWidget:
    """The history list (the panel's only list)."""
    [found] = panel.findChildren(QListWidget)
    return found


def combo_offering(panel: SessionPanel, data: object) -> QComboBox:
    """The one drop-down that offers ``data`` (a state id: the target picker; a speed: the clock's)."""
    [found] = [c for c in panel.findChildren(QComboBox) if c.findData(data) >= 0]
    return found


def shown_text(panel: SessionPanel) -> str:
    """Every label the panel shows, one per line (rich text as its source)."""
    return "\n".join(label.text() for label in panel.findChildren(QLabel) if label.isVisibleTo(panel))


def styled_label(panel: SessionPanel, name: str) -> QLabel:
    """A label by the object name its style sheet gives it (stateName, stateNote, clock, ...)."""
    found = panel.findChild(QLabel, name)
    assert found is not None, name
    return found


def note_edit(panel: SessionPanel) -> QLineEdit:
    """The field for a step's note (the only text field that is not part of a spin box)."""
    [found] = [e for e in panel.findChildren(QLineEdit) if not isinstance(e.parent(), QAbstractSpinBox)]
    return found


def test_clicking_a_trigger_button_fires_it(qtbot, host: Host, bundled_machine: Machine) -> None:
    controller = controller_of(host)
    tid = edge(bundled_machine, "connecting", "waiting")
    with qtbot.waitSignal(controller.changed):
        qtbot.mouseClick(button_for(host.panel, tid), Qt.MouseButton.LeftButton)
    assert controller.session.current == "waiting"
    # The buttons now are the ways out of the new state, in file order.
    assert [b.transition_id for b in host.panel.way_out_buttons] == [t.id for t in bundled_machine.outgoing("waiting")]


def test_buttons_are_numbered_and_name_trigger_target_and_actor(host: Host, bundled_machine: Machine) -> None:
    for number, (button, transition) in enumerate(
        zip(host.panel.way_out_buttons, bundled_machine.outgoing("connecting"), strict=True), start=1
    ):
        text = button.accessibleName()
        assert text.startswith(f"{number}: ")
        assert bundled_machine.trigger_label(transition.id, "de") in text
        assert bundled_machine.state_label(transition.target, "de") in text
        assert actor_name(transition.actor) in text  # in the UI language: "Kunde", not "customer"
        assert transition.actor not in text
        if transition.is_timeout:
            assert "◷ 1:00" in text


def test_number_keys_fire_while_the_canvas_has_focus(qtbot, host: Host, bundled_machine: Machine) -> None:
    controller = controller_of(host)
    assert host.canvas.hasFocus()
    second = bundled_machine.outgoing("connecting")[1].id
    with qtbot.waitSignal(controller.fired) as fired:
        QTest.keyClick(host.canvas, Qt.Key.Key_2)
    assert fired.args == [second]
    assert controller.session.current == bundled_machine.transition(second).target
    # A key without a way out behind it does nothing.
    with qtbot.assertNotEmitted(controller.fired):
        QTest.keyClick(host.canvas, Qt.Key.Key_9)


def test_history_keys_go_back_and_forward(qtbot, host: Host, bundled_machine: Machine) -> None:
    controller = controller_of(host)
    QTest.keyClick(host.canvas, Qt.Key.Key_1)  # connecting -> waiting
    assert controller.session.current == "waiting"
    QTest.keyClick(host.canvas, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert controller.session.current == "connecting"
    QTest.keyClick(host.canvas, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert controller.session.current == "waiting"
    QTest.keyClick(host.canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert controller.session.current == "connecting"
    QTest.keyClick(host.canvas, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert controller.session.current == "waiting"
    QTest.keyClick(host.canvas, Qt.Key.Key_R,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert controller.session.current == "connecting"
    assert controller.session.history == ()


def test_restart_button(qtbot, host: Host) -> None:
    controller = controller_of(host)
    host.panel.fire_numbered(1)
    qtbot.mouseClick(button(host.panel, "Neu beginnen"), Qt.MouseButton.LeftButton)
    assert controller.session.current == controller.machine.initial
    assert not controller.session.steps


def test_clicking_a_trace_row_returns_to_it(qtbot, host: Host, bundled_machine: Machine) -> None:
    controller = controller_of(host)
    controller.fire(edge(bundled_machine, "connecting", "waiting"))
    controller.fire(edge(bundled_machine, "waiting", "active"))
    history = trace(host.panel)
    assert history.count() == 3  # the start and two steps
    assert bundled_machine.state_label("active", "de") in history.item(2).text()
    row = history.item(1)
    with qtbot.waitSignal(controller.changed):
        qtbot.mouseClick(history.viewport(), Qt.MouseButton.LeftButton, pos=history.visualItemRect(row).center())
    assert controller.session.current == "waiting"
    assert controller.session.can_redo  # the step after it is still there to go forward to
    start = history.item(0)
    qtbot.mouseClick(history.viewport(), Qt.MouseButton.LeftButton, pos=history.visualItemRect(start).center())
    assert controller.session.current == "connecting"


def test_the_target_picker_shows_the_path_or_says_it_is_unreachable(qtbot, host: Host,
                                                                     bundled_machine: Machine) -> None:
    controller = controller_of(host)
    combo = combo_offering(host.panel, "active")
    combo.setCurrentIndex(combo.findData("active"))
    assert controller.target == "active"
    assert controller.path() == [edge(bundled_machine, "connecting", "waiting"),
                                 edge(bundled_machine, "waiting", "active")]
    text = shown_text(host.panel)
    assert "2 Schritte" in text
    assert bundled_machine.trigger_label(controller.next_step(), "de") in text
    next_button = button_for(host.panel, controller.next_step())
    assert next_button.property("next") == "true"

    combo.setCurrentIndex(combo.findData("invitation"))
    assert controller.path() is None
    text = shown_text(host.panel)
    assert "nicht erreichbar" in text and "2 Schritte" not in text
    assert bundled_machine.state_label("invitation", "de") in text


def test_the_focused_button_shows_its_procedure_in_full(qtbot, host: Host, bundled_machine: Machine) -> None:
    transition = bundled_machine.outgoing("connecting")[1]
    assert len(transition.steps) == 2
    # The labels are rich text: compare with HTML-escaped German.
    steps = [step.get("de").replace("&", "&amp;").replace(">", "&gt;") for step in transition.steps]
    assert not any(step in shown_text(host.panel) for step in steps)
    button_for(host.panel, transition.id).setFocus(Qt.FocusReason.TabFocusReason)
    text = shown_text(host.panel)
    for step in steps:
        assert step in text


def test_run_clock_until_a_timeout_fires(qtbot, host: Host, bundled_machine: Machine) -> None:
    controller = controller_of(host)
    panel = host.panel
    speed = combo_offering(panel, 60.0)
    speed.setCurrentIndex(speed.findData(60.0))
    expected = next(t for t in bundled_machine.outgoing("connecting") if t.is_timeout)
    run = button(panel, "Uhr starten")
    with qtbot.waitSignal(controller.fired, timeout=5000) as fired:
        qtbot.mouseClick(run, Qt.MouseButton.LeftButton)
        assert controller.is_running
        assert controller.speed == 60.0
    assert fired.args == [expected.id]
    assert controller.session.current == expected.target
    assert bundled_machine.state_label(expected.target, "de") in styled_label(panel, "stateName").text()
    assert styled_label(panel, "stateNote").isVisibleTo(panel)  # the final marker
    # A final state: the session is over, the clock stopped by itself and says why.
    assert not controller.is_running
    assert not run.isChecked() and run.text() == "Uhr starten"
    assert "Endzustand" in styled_label(panel, "message").text()
    QTest.keyClick(host.canvas, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert not controller.is_running and not run.isChecked()
    controller.back()
    QTest.keyClick(host.canvas, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert controller.is_running and run.isChecked() and run.text() == "Uhr anhalten"
    QTest.keyClick(host.canvas, Qt.Key.Key_Space, Qt.KeyboardModifier.ControlModifier)
    assert not controller.is_running


def test_wait_button_jumps_to_the_timeout(qtbot, host: Host) -> None:
    controller = controller_of(host)
    qtbot.mouseClick(button(host.panel, "Auf nächste Zeitüberschreitung warten"), Qt.MouseButton.LeftButton)
    assert controller.session.steps[-1].by_timeout
    assert styled_label(host.panel, "clock").text() == format_clock(controller.session.time) == "01:00"


def test_scenario_buttons(qtbot, host: Host) -> None:
    panel = host.panel
    controller = controller_of(host)
    with qtbot.waitSignal(panel.open_scenario_requested):
        qtbot.mouseClick(button(panel, "Szenario öffnen…"), Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(panel.save_scenario_requested):
        qtbot.mouseClick(button(panel, "Szenario speichern…"), Qt.MouseButton.LeftButton)
    assert not button(panel, "Abspielen").isEnabled()
    scenario = load_scenario(SCENARIO)
    panel.set_scenario(scenario)
    assert button(panel, "Abspielen").isEnabled()
    qtbot.mouseClick(button(panel, "Schrittweise abspielen"), Qt.MouseButton.LeftButton)
    assert controller.is_replaying
    assert len(controller.session.steps) == 1
    controller.stop_replay()
    with qtbot.waitSignal(controller.replaying_changed, check_params_cb=lambda on: not on, timeout=10000):
        controller.start_replay(scenario, delay_ms=10)
    assert controller.machine.find_state(scenario.expect) == controller.session.current
    assert trace(panel).count() == 1 + len(controller.session.steps)


def test_copy_trace_as_markdown(qtbot, host: Host, bundled_machine: Machine) -> None:
    controller = controller_of(host)
    first = edge(bundled_machine, "connecting", "waiting")
    second = edge(bundled_machine, "waiting", "active")
    controller.fire(first)
    controller.fire(second)
    with qtbot.waitSignal(host.panel.message_emitted):
        qtbot.mouseClick(button(host.panel, "Verlauf als Markdown kopieren"), Qt.MouseButton.LeftButton)
    text = QGuiApplication.clipboard().text()
    assert f"1. **{bundled_machine.trigger_label(first, 'de')}**" in text
    assert f"2. **{bundled_machine.trigger_label(second, 'de')}**" in text
    assert bundled_machine.transition(second).steps[0].get("de") in text


def test_without_a_controller_everything_is_calm(qtbot) -> None:
    panel = SessionPanel()
    qtbot.addWidget(panel)
    assert panel.way_out_buttons == ()
    assert not button(panel, "◀ Back").isEnabled()
    assert all(not b.isEnabled() for b in panel.findChildren(QPushButton) if b.text() != "Replay")
    assert not panel.fire_numbered(1)


def _panel_words(panel: SessionPanel) -> str:
    """Every fixed word the panel shows now: captions, tabs, buttons, notes."""
    tabs = panel.findChild(QTabWidget)
    assert tabs is not None
    words = [label.text() for label in panel.findChildren(QLabel) if label.isVisibleTo(panel)]
    words += [b.text() for b in panel.findChildren(QPushButton) if not isinstance(b, WayOutButton)]
    words += [tabs.tabText(i) for i in range(tabs.count())]
    return "\n".join(words)


def test_ui_german_content_english(host: Host, bundled_machine: Machine) -> None:
    """Ctrl+L switches the machine's words; the panel's own words stay in the UI language (German)."""
    host.panel.set_language("en")
    assert styled_label(host.panel, "stateName").text() == bundled_machine.state_label("connecting", "en")
    assert button(host.panel, "Neu beginnen").isEnabled()
    assert bundled_machine.trigger_label(bundled_machine.outgoing("connecting")[0].id, "en") in \
        host.panel.way_out_buttons[0].accessibleName()
    words = _panel_words(host.panel)
    for german in ("Aktueller Zustand", "Ausgänge", "Ablauf", "Verlauf", "Szenario", "Gehe zu…", "◀ Zurück",
                   "Uhr starten", "Auf nächste Zeitüberschreitung warten"):
        assert german in words, german
    for english in ("Current state", "Ways out", "Procedure", "Restart", "Run clock", "Go to…"):
        assert english not in words, english
    # The note of the next timeout: German words around the machine's English names.
    controller_of(host).fire(edge(bundled_machine, "connecting", "waiting"))
    words = _panel_words(host.panel)
    assert "Nächste Zeitüberschreitung in" in words or "keine Zeitüberschreitung" in words


def test_ui_english_content_german(qtbot, bundled_machine: Machine) -> None:
    """An English UI over the German machine: English fixed words, German names and steps."""
    assert i18n.install_translator("en")
    host = Host(bundled_machine)
    qtbot.addWidget(host)
    controller = SessionController(bundled_machine, host, language=host.language)
    try:
        host.panel.set_controller(controller)
        host.panel.set_language("de")
        assert styled_label(host.panel, "stateName").text() == bundled_machine.state_label("connecting", "de")
        words = _panel_words(host.panel)
        for english in ("Current state", "Ways out", "Procedure", "Trace", "Scenario", "Go to…", "Restart",
                        "Run clock", "Wait for next timeout"):
            assert english in words, english
        for german in ("Aktueller Zustand", "Ausgänge", "Neu beginnen", "Uhr starten"):
            assert german not in words, german
        first = bundled_machine.outgoing("connecting")[0]
        name = host.panel.way_out_buttons[0].accessibleName()
        assert bundled_machine.trigger_label(first.id, "de") in name and f"({first.actor})" in name
        # The clock's speeds as English writes numbers; messages in English around German names.
        controller.run_clock(1.0)
        assert "Clock running" in styled_label(host.panel, "message").text()
        controller.pause()
    finally:
        controller.close()
        i18n.remove_translator()


def test_numbers_follow_the_ui_language(host: Host) -> None:
    """A German UI writes a decimal comma: half speed is "0,5×", a layout time "0,09"."""
    assert i18n.format_number(0.5) == "0,5" and i18n.format_number(0.0912, 2) == "0,09"
    speed = host.panel.findChildren(QComboBox)
    assert any("×" in box.itemText(0) for box in speed)
    i18n.install_translator("en")
    assert i18n.format_number(0.5) == "0.5" and i18n.format_number(1234.5) == "1234.5"


def test_clock_formats() -> None:
    assert format_clock(0) == "00:00"
    assert format_clock(61.9) == "01:01"
    assert format_clock(3661) == "1:01:01"
    assert format_countdown(59.2) == "1:00"
    assert format_countdown(0) == "0:00"


def test_screenshot_mid_session(qtbot, host: Host, bundled_machine: Machine, artifacts_dir: Path) -> None:
    """Mid-session with a target and a path: the picture a trainer shows (look at it)."""
    controller = controller_of(host)
    controller.fire(edge(bundled_machine, "connecting", "waiting"))
    controller.advance(12)
    controller.fire(edge(bundled_machine, "waiting", "active"))
    controller.advance(42)
    combo = combo_offering(host.panel, "closed")
    combo.setCurrentIndex(combo.findData("closed"))
    host.panel.way_out_buttons[0].setFocus(Qt.FocusReason.TabFocusReason)
    host.resize(1100, 1080)
    qtbot.wait(50)
    picture = host.panel.grab()
    assert picture.save(str(artifacts_dir / "panel.png"))
    assert not picture.toImage().isNull()
    # The ways out, also those a shorter screen scrolls to inside their own area.
    content = host.panel.findChild(QScrollArea, "waysOut").widget()
    assert content.grab().save(str(artifacts_dir / "panel_full.png"))


def test_the_administrator_setting_is_the_panel_s_to_change(qtbot, host: Host, bundled_machine: Machine) -> None:
    controller = controller_of(host)
    controller.fire(edge(bundled_machine, "connecting", "waiting"))
    controller.fire(edge(bundled_machine, "waiting", "active"))
    setting_edge = next(t for t in bundled_machine.outgoing("active") if t.timeout is not None and t.timeout.is_setting)
    [spin] = host.panel.findChildren(QSpinBox)
    assert spin.isVisibleTo(host.panel)
    spin.setValue(150)
    assert controller.default_timeout == 150
    assert "◷ 2:30" in button_for(host.panel, setting_edge.id).accessibleName()


def test_a_note_typed_for_a_step_is_shown_and_saved(qtbot, host: Host, bundled_machine: Machine,
                                                    tmp_path: Path) -> None:
    panel = host.panel
    controller = controller_of(host)
    note = note_edit(panel)
    assert not note.isEnabled()  # nothing taken yet, nothing to annotate
    controller.fire(edge(bundled_machine, "connecting", "waiting"))
    controller.fire(edge(bundled_machine, "waiting", "active"))
    note.setFocus()
    QTest.keyClicks(note, "Kunde hat 2 PINs")  # digits type text, they fire nothing
    QTest.keyClick(note, Qt.Key.Key_Return)
    assert controller.session.current == "active"
    assert controller.note(1) == "Kunde hat 2 PINs"
    assert "Kunde hat 2 PINs" in trace(panel).item(2).text()
    saved = controller.save_scenario(tmp_path / "walk.yaml", None)
    assert [s.note for s in saved.steps] == [None, "Kunde hat 2 PINs"]
    replayed = load_scenario(tmp_path / "walk.yaml")
    controller.prepare_replay(replayed)
    while controller.replay_step():
        pass
    assert controller.note(1) == "Kunde hat 2 PINs"  # a replay brings its notes back


def test_the_path_line_is_styled_from_the_resources_style_sheet(qtbot, host: Host) -> None:
    # resources/session_panel.qss draws a bar left of the path line in the path's
    # colour, grey when the target cannot be reached.
    [combo] = [c for c in host.panel.findChildren(QComboBox) if c.findData("active") >= 0]
    label = host.panel.findChild(QLabel, "pathText")

    def bar_colour() -> str:
        image = label.grab().toImage()
        return image.pixelColor(1, image.height() // 2).name()

    combo.setCurrentIndex(combo.findData("active"))
    assert bar_colour() == Palette.path.name()
    combo.setCurrentIndex(combo.findData("invitation"))
    assert bar_colour() == Palette.unreachable.name()
    assert label.font().bold()
    assert label.contentsMargins().left() == 4 + 8  # the bar and the padding after it
