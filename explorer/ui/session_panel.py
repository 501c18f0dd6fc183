"""The session dock: a trainer's remote control for one live session, readable on a projector.

From top to bottom: where the session is (the current state, large, and the
clock), the ways out as numbered buttons (keys 1-9 fire them, wherever the
focus is in the window) in their own scrolling area, tabs for the procedure
of the way out under the mouse or the keyboard focus, the trace and
scenarios, and a fixed footer: the path to a chosen target, time
(countdowns, wait, run the clock) and the history buttons (back, forward,
restart). Nothing scrolls the whole panel, so every control stays on a
720-px screen.

The panel only shows and asks: every change goes through the
:class:`~explorer.ui.session_controller.SessionController`, and the panel
redraws from the controller's signals. Dialogs are the main window's job, so
opening and saving scenarios are requests (signals) the window answers.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from explorer import durations
from explorer import resources
from explorer.io.markdown import ambiguity_warning
from explorer.model import Transition
from explorer.ui.i18n import format_number
from explorer.ui.language import ContentLanguage
from explorer.ui.session_controller import CLOCK_SPEEDS, DEFAULT_REPLAY_DELAY_MS, SessionController
from explorer.ui.shortcuts import keys_for, keys_text
from explorer.ui.style import FONT_FAMILY, Palette
from explorer.ui.texts import actor_name, transition_html

if TYPE_CHECKING:  # the scenario reader (and PyYAML) is imported when a scenario is opened
    from explorer.io.scenario import Scenario

#: Base text size: readable from the back of a classroom.
BASE_FONT_PX = 16
#: The current state's name.
STATE_FONT_PX = 24
#: The session clock.
CLOCK_FONT_PX = 22
#: Captions and hints.
SMALL_FONT_PX = 14
#: The least height of the ways-out area and of the tabs (each scrolls inside); 30 px less when short of room.
WAYS_MIN_PX = 90
TABS_MIN_PX = 110
#: Number keys that fire ways out (1..9; a tenth way out is clicked).
MAX_NUMBERED = 9

#: The panel's fixed words, in English (the source language), marked for lupdate and shown in the UI
#: language through Qt's translator (resources/i18n/); names of states and triggers and the procedure
#: steps are the machine's and follow the content language (Ctrl+L) instead.
WORDS: dict[str, str] = {
    "no_session": QT_TRANSLATE_NOOP("SessionPanel", "No session. Open a machine to start one."),
    "current": QT_TRANSLATE_NOOP("SessionPanel", "Current state"),
    "final": QT_TRANSLATE_NOOP("SessionPanel", "◎ Final state: the session ends here"),
    "clock": QT_TRANSLATE_NOOP("SessionPanel", "Session time"),
    "in_state": QT_TRANSLATE_NOOP("SessionPanel", "in this state for {time}"),
    "ways_out": QT_TRANSLATE_NOOP("SessionPanel", "Ways out"),
    "no_ways_out": QT_TRANSLATE_NOOP("SessionPanel", "No way out of this state."),
    "timeout_mark": QT_TRANSLATE_NOOP("SessionPanel", "◷ {time}"),
    "setting": QT_TRANSLATE_NOOP("SessionPanel", "setting"),
    "procedure": QT_TRANSLATE_NOOP("SessionPanel", "Procedure"),
    "procedure_hint": QT_TRANSLATE_NOOP("SessionPanel", "Point at or tab to a way out to read its procedure here."),
    "timeout_text": QT_TRANSLATE_NOOP("SessionPanel", "Fires by itself after {duration}."),
    "next_on_path": QT_TRANSLATE_NOOP("SessionPanel", "next on the path"),
    "path": QT_TRANSLATE_NOOP("SessionPanel", "Go to…"),
    "no_target": QT_TRANSLATE_NOOP("SessionPanel", "— no target —"),
    "path_none": QT_TRANSLATE_NOOP("SessionPanel", "Choose a target state to see the shortest way there."),
    "path_there": QT_TRANSLATE_NOOP("SessionPanel", "You are there."),
    "path_steps": QT_TRANSLATE_NOOP("SessionPanel", "{count} steps to {target}. Next: {next}."),
    "path_one": QT_TRANSLATE_NOOP("SessionPanel", "1 step to {target}: {next}."),
    "unreachable": QT_TRANSLATE_NOOP("SessionPanel", "{target} cannot be reached from here."),
    "time": QT_TRANSLATE_NOOP("SessionPanel", "Time"),
    "next_timeout": QT_TRANSLATE_NOOP("SessionPanel", "Next timeout in {time}: {trigger} → {target}"),
    "no_timeouts": QT_TRANSLATE_NOOP("SessionPanel", "This state has no timeout."),
    "wait": QT_TRANSLATE_NOOP("SessionPanel", "Wait for next timeout"),
    "run": QT_TRANSLATE_NOOP("SessionPanel", "Run clock"),
    "pause": QT_TRANSLATE_NOOP("SessionPanel", "Pause clock"),
    "history": QT_TRANSLATE_NOOP("SessionPanel", "History"),
    "trace": QT_TRANSLATE_NOOP("SessionPanel", "Trace"),
    "back": QT_TRANSLATE_NOOP("SessionPanel", "◀ Back"),
    "forward": QT_TRANSLATE_NOOP("SessionPanel", "Forward ▶"),
    "restart": QT_TRANSLATE_NOOP("SessionPanel", "Restart"),
    "start_row": QT_TRANSLATE_NOOP("SessionPanel", "0.  00:00  Start: {state}"),
    "scenario": QT_TRANSLATE_NOOP("SessionPanel", "Scenario"),
    "open": QT_TRANSLATE_NOOP("SessionPanel", "Open scenario…"),
    "save": QT_TRANSLATE_NOOP("SessionPanel", "Save scenario…"),
    "replay": QT_TRANSLATE_NOOP("SessionPanel", "Replay"),
    "stop": QT_TRANSLATE_NOOP("SessionPanel", "Stop replay"),
    "step": QT_TRANSLATE_NOOP("SessionPanel", "Step replay"),
    "copy": QT_TRANSLATE_NOOP("SessionPanel", "Copy trace as Markdown"),
    "copied": QT_TRANSLATE_NOOP("SessionPanel", "Trace copied as Markdown ({count} steps)."),
    "no_scenario": QT_TRANSLATE_NOOP("SessionPanel", "No scenario loaded."),
    "note_hint": QT_TRANSLATE_NOOP("SessionPanel", "Note for step {step} (saved with the scenario)"),
    "scenario_loaded": QT_TRANSLATE_NOOP("SessionPanel", "Loaded: {name} ({count} steps)"),
    "speed": QT_TRANSLATE_NOOP("SessionPanel", "Clock speed"),
    "setting_timeout": QT_TRANSLATE_NOOP("SessionPanel", "Timeouts set by an administrator last"),
    "present_ways": QT_TRANSLATE_NOOP("SessionPanel", "{count} ways out: Tab chooses, PageDown takes it"),
    "present_way": QT_TRANSLATE_NOOP("SessionPanel", "One way out: PageDown takes it"),
    "present_keys": QT_TRANSLATE_NOOP("SessionPanel", "PgDn ▶  PgUp ◀  B blank  Esc"),
    "ambiguous_step": QT_TRANSLATE_NOOP("SessionPanel", "step {number}: {trigger}"),
}


def panel_text(key: str, **values: object) -> str:
    """The panel's sentence ``key`` in the UI language, filled with ``values``."""
    return QCoreApplication.translate("SessionPanel", WORDS[key]).format(**values)


#: Session time as mm:ss (h:mm:ss from one hour on, 2d 03:15:00 from a day on); rounded down.
format_clock = durations.clock
#: Time left as m:ss (2d 03:15:00 from a day on), rounded up so a countdown shows 0:00 only when it fires.
format_countdown = durations.countdown


def _style_sheet() -> str:
    """The panel's style sheet (resources/session_panel.qss) in the house colours and sizes."""
    values: dict[str, object] = {name: value.name() for name, value in vars(Palette).items()
                                 if isinstance(value, QColor)}
    values.update(small_font_px=SMALL_FONT_PX, state_font_px=STATE_FONT_PX, clock_font_px=CLOCK_FONT_PX)
    return resources.stylesheet("session_panel", values)


class WayOutButton(QPushButton):
    """A numbered button for one way out; tells the panel when it is pointed at or focused.

    A plain QPushButton cannot wrap its text, and target names such as "Aus
    Warteschlange der Technikerkonsole gelöscht" must not be cut off on a
    projector, so the button lays out a number badge and a word-wrapped rich
    text label and sizes itself from them (height for width).
    """

    #: The mouse entered it or the keyboard focused it (the transition id).
    highlighted = Signal(str)
    #: The mouse left it or the keyboard focus did (the transition id).
    unhighlighted = Signal(str)

    def __init__(self, transition_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.transition_id = transition_id
        self.setObjectName("wayOut")
        self.setAutoDefault(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QHBoxLayout(self)
        # Wider than the thickest (focus) border, so content never moves under it.
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(10)
        self._badge = QLabel()
        self._badge.setObjectName("badge")
        self._badge.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._badge.setFixedSize(30, 30)
        self._label = QLabel()
        self._label.setObjectName("wayOutText")
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.RichText)
        for child in (self._badge, self._label):
            # Clicks, hover and focus belong to the button, not its labels.
            child.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout.addWidget(self._badge, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self._label, 1)

    def set_content(self, badge: str, rich_text: str, plain_text: str) -> None:
        """Show ``badge`` (the key number) and ``rich_text``; ``plain_text`` is for screen readers and tooltips."""
        self._badge.setText(badge)
        self._badge.setVisible(bool(badge))
        self._label.setText(rich_text)
        self.setAccessibleName(plain_text)
        self.setToolTip(plain_text)

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.layout().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        return self.layout().minimumSize()

    def enterEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().enterEvent(event)
        self.highlighted.emit(self.transition_id)

    def focusInEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().focusInEvent(event)
        self.highlighted.emit(self.transition_id)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().leaveEvent(event)
        self.unhighlighted.emit(self.transition_id)

    def focusOutEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().focusOutEvent(event)
        self.unhighlighted.emit(self.transition_id)


class WheelGuard(QObject):
    """An event filter: a combo or spin box without the focus lets the wheel pass to its parent.

    Scrolling past "Go to…" or the clock's speed must not change them; once
    clicked or tabbed to (they take StrongFocus), the wheel works as usual.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            # Ignored and filtered: Qt hands the wheel to the parent (a scroll area scrolls).
            event.ignore()
            return True
        return False


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("caption")
    return label


class SessionPanel(QWidget):
    """The session dock; give it a controller with :meth:`set_controller`.

    ``language`` is the window's :class:`ContentLanguage` (default: one of its
    own); the panel reads it when drawing and redraws when it changes.
    """

    #: The user asked to open a scenario file (the window shows the dialog, then calls set_scenario).
    open_scenario_requested = Signal()
    #: The user asked to save the trace as a scenario (the window asks where, then saves).
    save_scenario_requested = Signal()
    #: A plain sentence for the status bar (the panel's own, e.g. "trace copied").
    message_emitted = Signal(str)
    #: A way-out button is pointed at or focused (its transition id), or none is any more ("").
    way_out_pointed = Signal(str)

    def __init__(self, parent: QWidget | None = None, *, language: ContentLanguage | None = None) -> None:
        super().__init__(parent)
        self._controller: SessionController | None = None
        self._language = language if language is not None else ContentLanguage(parent=self)
        self._scenario: Scenario | None = None
        #: (machine, language, words) the target list was last filled for: refilled only when one changes.
        self._combo_filled_for: tuple[object, str, str] | None = None
        self._buttons: list[WayOutButton] = []
        self._shown_procedure: str | None = None
        # Short of height (a 1280x720 window, a narrow dock): the clock's controls share one row.
        self._compact = False
        self._full_height = 0  # the panel height at which the full footer fitted, once compact
        self._connections: list[tuple[Signal, object]] = []
        font = self.font()
        # The house font: it has every glyph the panel uses (umlauts, arrows, the clock ◷).
        font.setFamily(FONT_FAMILY)
        font.setPixelSize(BASE_FONT_PX)
        self.setFont(font)
        # A QWidget subclass paints its style sheet's background only when asked to: the panel's
        # own paper, never the desktop's window colour, lies under its text.
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet(_style_sheet())
        self.setMinimumWidth(380)
        self._build()
        self._make_shortcuts()
        self._language.changed.connect(self._on_language_changed)
        self._retranslate()

    # -- building ------------------------------------------------------------------------

    def _build(self) -> None:
        # Three parts: a header (where the session is), a body whose parts
        # scroll inside themselves (the ways out; procedure, trace and scenario
        # on tabs), and a fixed footer (path, clock, history). Nothing scrolls
        # the whole panel, so Back, Forward, Restart and the clock's buttons
        # stay on screen after a state with many ways out, and a long message
        # squeezes the body, never pushes the footer off the bottom.
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 10)
        layout.setSpacing(6)

        # Where the session is: caption + clock on one line, then the state in a blue box.
        top = QHBoxLayout()
        self._current_caption = _caption("")
        top.addWidget(self._current_caption)
        top.addStretch(1)
        self._clock = QLabel("00:00")
        self._clock.setObjectName("clock")
        top.addWidget(self._clock)
        layout.addLayout(top)
        self._state_box = QFrame()
        self._state_box.setObjectName("stateBox")
        box = QVBoxLayout(self._state_box)
        box.setContentsMargins(14, 10, 14, 10)
        self._state_name = QLabel()
        self._state_name.setObjectName("stateName")
        self._state_name.setWordWrap(True)
        self._state_note = QLabel()
        self._state_note.setObjectName("stateNote")
        self._state_note.setWordWrap(True)
        box.addWidget(self._state_name)
        box.addWidget(self._state_note)
        layout.addWidget(self._state_box)
        self._message = QLabel()
        self._message.setObjectName("message")
        self._message.setWordWrap(True)
        # At most three lines: a long message must not take the buttons' room.
        self._message.setMaximumHeight(3 * self.fontMetrics().lineSpacing() + 14)
        self._message.hide()
        layout.addWidget(self._message)

        # Ways out: rebuilt whenever the state changes; they scroll in their own area.
        self._ways_caption = _caption("")
        layout.addWidget(self._ways_caption)
        self._ways_scroll = QScrollArea()
        self._ways_scroll.setObjectName("waysOut")
        self._ways_scroll.setWidgetResizable(True)
        self._ways_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._ways_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._ways_scroll.setMinimumHeight(WAYS_MIN_PX)
        ways = QWidget()
        ways.setObjectName("panelContent")
        self._ways_scroll.setWidget(ways)
        ways_layout = QVBoxLayout(ways)
        ways_layout.setContentsMargins(0, 0, 4, 0)
        ways_layout.setSpacing(6)
        self._ways_box = QVBoxLayout()
        self._ways_box.setSpacing(6)
        ways_layout.addLayout(self._ways_box)
        self._no_ways = QLabel()
        self._no_ways.setObjectName("hint")
        self._no_ways.setWordWrap(True)
        ways_layout.addWidget(self._no_ways)
        ways_layout.addStretch(1)
        layout.addWidget(self._ways_scroll, 5)

        # The procedure, the trace and the scenario share one area, on tabs.
        self._tabs = QTabWidget()
        self._tabs.setObjectName("sessionTabs")
        self._tabs.setDocumentMode(True)
        self._tabs.setMinimumHeight(TABS_MIN_PX)
        self._procedure = QLabel()
        self._procedure.setObjectName("procedure")
        self._procedure.setWordWrap(True)
        self._procedure.setTextFormat(Qt.TextFormat.RichText)
        self._procedure.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self._procedure.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        procedure_scroll = QScrollArea()
        procedure_scroll.setWidgetResizable(True)
        procedure_scroll.setFrameShape(QFrame.Shape.NoFrame)
        procedure_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        procedure_scroll.setWidget(self._procedure)
        self._tabs.addTab(procedure_scroll, "")

        trace_page = QWidget()
        trace_layout = QVBoxLayout(trace_page)
        trace_layout.setContentsMargins(0, 6, 0, 0)
        self._trace = QListWidget()
        self._trace.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self._trace.setWordWrap(True)
        self._trace.setMinimumHeight(60)
        self._trace.itemActivated.connect(self._on_trace_item_activated)
        self._trace.itemClicked.connect(self._on_trace_item_activated)
        trace_layout.addWidget(self._trace, 1)
        # A note for the step in effect: shown in the trace, saved with the scenario.
        self._note_edit = QLineEdit()
        self._note_edit.editingFinished.connect(self._on_note_edit_finished)
        trace_layout.addWidget(self._note_edit)
        self._tabs.addTab(trace_page, "")

        scenario_page = QWidget()
        scenario_layout = QVBoxLayout(scenario_page)
        scenario_layout.setContentsMargins(0, 6, 0, 0)
        self._scenario_text = QLabel()
        self._scenario_text.setObjectName("hint")
        self._scenario_text.setWordWrap(True)
        scenario_layout.addWidget(self._scenario_text)
        scenario_grid = QGridLayout()
        self._open_button = QPushButton()
        self._open_button.clicked.connect(self.open_scenario_requested)
        self._save_button = QPushButton()
        self._save_button.clicked.connect(self.save_scenario_requested)
        self._replay_button = QPushButton()
        self._replay_button.clicked.connect(self._on_replay_button_clicked)
        self._step_button = QPushButton()
        self._step_button.clicked.connect(self._on_step_button_clicked)
        self._copy_button = QPushButton()
        self._copy_button.clicked.connect(self.copy_trace)
        scenario_grid.addWidget(self._open_button, 0, 0)
        scenario_grid.addWidget(self._save_button, 0, 1)
        scenario_grid.addWidget(self._replay_button, 1, 0)
        scenario_grid.addWidget(self._step_button, 1, 1)
        scenario_grid.addWidget(self._copy_button, 2, 0, 1, 2)
        scenario_layout.addLayout(scenario_grid)
        scenario_layout.addStretch(1)
        scenario_scroll = QScrollArea()
        scenario_scroll.setWidgetResizable(True)
        scenario_scroll.setFrameShape(QFrame.Shape.NoFrame)
        scenario_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scenario_scroll.setWidget(scenario_page)
        self._tabs.addTab(scenario_scroll, "")
        layout.addWidget(self._tabs, 2)

        # The fixed footer: the path to a target, time, history.
        footer = self._footer = QFrame()
        footer.setObjectName("footer")
        footer.installEventFilter(self)  # squeezed by a longer message or note: see _fit_footer
        foot = QVBoxLayout(footer)
        foot.setContentsMargins(0, 6, 0, 0)
        foot.setSpacing(6)
        path_row = QHBoxLayout()
        self._path_caption = QLabel()
        path_row.addWidget(self._path_caption)
        self._target_combo = QComboBox()
        # Long state names must not make the whole dock wider than the screen allows.
        self._target_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self._target_combo.setMinimumContentsLength(12)
        self._target_combo.currentIndexChanged.connect(self._on_target_combo_changed)
        self._path_caption.setBuddy(self._target_combo)
        path_row.addWidget(self._target_combo, 1)
        foot.addLayout(path_row)
        self._path_text = QLabel()
        self._path_text.setObjectName("pathText")  # its look is a property, styled in the .qss
        self._path_text.setWordWrap(True)
        foot.addWidget(self._path_text)

        self._timeouts_text = QLabel()
        self._timeouts_text.setWordWrap(True)
        foot.addWidget(self._timeouts_text)
        time_row = self._time_row = QGridLayout()
        self._wait_button = QPushButton()
        self._wait_button.clicked.connect(self._on_wait_button_clicked)
        self._run_button = QPushButton()
        self._run_button.setCheckable(True)
        self._run_button.toggled.connect(self._on_run_button_toggled)
        self._speed_combo = QComboBox()
        for speed in CLOCK_SPEEDS:
            self._speed_combo.addItem(f"{format_number(speed)}×", speed)
        self._speed_combo.setCurrentIndex(len(CLOCK_SPEEDS) - 1)
        self._speed_combo.currentIndexChanged.connect(self._on_speed_combo_changed)
        # Timeouts whose duration is an administrator's setting last this long here.
        self._setting_label = QLabel()
        self._setting_label.setWordWrap(True)
        self._setting_spin = QSpinBox()
        self._setting_spin.setRange(1, durations.MAX_SECONDS)  # as long as a file may give, not clamped
        self._setting_spin.setSuffix(" s")
        self._setting_spin.valueChanged.connect(self._on_setting_spin_changed)
        self._setting_label.setBuddy(self._setting_spin)
        self._place_time_row()
        time_row.setColumnStretch(0, 1)
        foot.addLayout(time_row)

        history_row = QHBoxLayout()
        self._back_button = QPushButton()
        self._back_button.clicked.connect(self._on_back_button_clicked)
        self._forward_button = QPushButton()
        self._forward_button.clicked.connect(self._on_forward_button_clicked)
        self._restart_button = QPushButton()
        self._restart_button.clicked.connect(self._on_restart_button_clicked)
        for button in (self._back_button, self._forward_button, self._restart_button):
            history_row.addWidget(button)
        foot.addLayout(history_row)
        layout.addWidget(footer)

        for button in (self._wait_button, self._run_button, self._back_button, self._forward_button,
                       self._restart_button, self._open_button, self._save_button, self._replay_button,
                       self._step_button, self._copy_button):
            button.setAutoDefault(False)
        # Names for screen readers (buttons name themselves by their text).
        for widget, name in ((self._target_combo, self.tr("Go to state")), (self._speed_combo, self.tr("Clock speed")),
                             (self._setting_spin, self.tr("Timeouts set by an administrator last")),
                             (self._trace, self.tr("Trace")), (self._note_edit, self.tr("Note for this step")),
                             (self._ways_scroll, self.tr("Ways out")),
                             (self._tabs, self.tr("Procedure, trace and scenario")),
                             (self._clock, self.tr("Session time")), (self._state_name, self.tr("Current state"))):
            widget.setAccessibleName(name)
        # A wheel passing over a picker must not choose a target or a speed unasked.
        self._wheel_guard = WheelGuard(self)
        for widget in (self._target_combo, self._speed_combo, self._setting_spin):
            widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            widget.installEventFilter(self._wheel_guard)

    def _make_shortcuts(self) -> None:
        # WindowShortcut on the panel: active whenever the panel's window is,
        # so the keys work while the canvas has the focus.
        # The keys come from the one table (explorer.ui.shortcuts) the window's help reads.
        def add(sequence: QKeySequence, slot: object) -> None:
            shortcut = QShortcut(sequence, self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(slot)

        for number, sequence in enumerate(keys_for("fire")[:MAX_NUMBERED], start=1):
            add(sequence, lambda n=number: self.fire_numbered(n))
            # The number pad too: presenters' remotes and laptops send keypad keys.
            add(QKeySequence(Qt.KeyboardModifier.KeypadModifier | sequence[0].key()),
                lambda n=number: self.fire_numbered(n))
        for name, slot in (("back", self._on_back_button_clicked), ("forward", self._on_forward_button_clicked),
                           ("restart", self._on_restart_button_clicked), ("wait", self._on_wait_button_clicked),
                           ("run_clock", self._run_button.toggle)):
            for sequence in keys_for(name):
                add(sequence, slot)

    # -- public API ----------------------------------------------------------------------

    @property
    def controller(self) -> SessionController | None:
        return self._controller

    @property
    def scenario(self) -> Scenario | None:
        return self._scenario

    @property
    def way_out_buttons(self) -> tuple[WayOutButton, ...]:
        """The ways-out buttons in their numbered order (for the window and tests)."""
        return tuple(self._buttons)

    def _on_way_out_unhighlighted(self, transition_id: str) -> None:
        # The pointer left one button: the focused one (if any) is still the one meant.
        focused = next((b.transition_id for b in self._buttons if b.hasFocus() and b.transition_id != transition_id),
                       "")
        self.way_out_pointed.emit(focused)

    def show_canvas_hover(self, item_id: str) -> None:
        """Mark the way-out button of ``item_id`` (pointed at on the canvas); "" or another id: none."""
        for button in self._buttons:
            on = "true" if button.transition_id == item_id else "false"
            if button.property("canvasHover") != on:
                button.setProperty("canvasHover", on)
                button.style().unpolish(button)
                button.style().polish(button)

    def set_controller(self, controller: SessionController | None) -> None:
        """Show ``controller``'s session (None: no session, everything disabled)."""
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._connections = []
        self._controller = controller
        self._scenario = None
        if controller is not None:
            for signal, slot in (
                (controller.changed, self._refresh),
                (controller.clock_ticked, self._on_controller_clock_ticked),
                (controller.message_emitted, self._on_controller_message_emitted),
                (controller.fired, self._on_controller_fired),
                (controller.running_changed, self._on_controller_running_changed),
                (controller.replaying_changed, self._on_controller_replaying_changed),
            ):
                signal.connect(slot)
                self._connections.append((signal, slot))
        self._fill_target_combo()
        self._message.hide()
        self._refresh()

    @property
    def language_state(self) -> ContentLanguage:
        """The owner of the language the panel shows (shared with the window)."""
        return self._language

    def set_language(self, lang: str) -> None:
        """Choose ``lang`` on the owner; the panel (and all that share it) follow."""
        self._language.set(lang)

    def _on_language_changed(self, _lang: str) -> None:
        self._retranslate()

    @property
    def _lang(self) -> str:
        return self._language.current

    def _retranslate(self) -> None:
        """Put the panel's words and labels in the current language (missing labels: the machine's)."""
        t = self._t
        self._current_caption.setText(t("current"))
        self._ways_caption.setText(t("ways_out"))
        self._path_caption.setText(t("path"))
        for index, key in enumerate(("procedure", "trace", "scenario")):
            self._tabs.setTabText(index, t(key))
        self._wait_button.setText(t("wait"))
        self._wait_button.setToolTip(keys_text("wait"))
        self._run_button.setToolTip(keys_text("run_clock"))
        self._speed_combo.setToolTip(t("speed"))
        self._setting_label.setText(t("setting_timeout"))
        self._setting_spin.setToolTip(t("setting_timeout"))  # what the label says, also when it is hidden
        self._back_button.setText(t("back"))
        self._back_button.setToolTip(keys_text("back"))
        self._forward_button.setText(t("forward"))
        self._forward_button.setToolTip(keys_text("forward"))
        self._restart_button.setText(t("restart"))
        self._restart_button.setToolTip(keys_text("restart"))
        self._open_button.setText(t("open"))
        self._save_button.setText(t("save"))
        self._step_button.setText(t("step"))
        self._copy_button.setText(t("copy"))
        self._fill_target_combo()
        self._refresh()

    def restyle(self) -> None:
        """Take the style sheet again from the palette in use (a theme change) and redraw."""
        self.setStyleSheet(_style_sheet())
        self._refresh()

    def set_scenario(self, scenario: Scenario | None) -> None:
        """The scenario Replay and Step replay play (the window loads it after open_scenario_requested)."""
        self._scenario = scenario
        self._refresh_scenario()

    def focus_target_picker(self) -> None:
        """Put the keyboard in the "Go to…" picker and open it (Ctrl+G)."""
        self._target_combo.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._target_combo.showPopup()

    def fire_numbered(self, number: int) -> bool:
        """Fire the way out numbered ``number`` (1-based), as its key does; False if there is none."""
        if self._controller is None or not 1 <= number <= len(self._buttons):
            return False
        return self._controller.fire(self._buttons[number - 1].transition_id)

    def copy_trace(self) -> str:
        """Put the trace as Markdown on the clipboard; return it."""
        if self._controller is None:
            return ""
        text = self._controller.trace_markdown(self._lang)
        QGuiApplication.clipboard().setText(text)
        count = len(self._controller.session.steps)
        self.message_emitted.emit(self._t("copied", count=count))
        return text

    # -- words ------------------------------------------------------------------------------

    def _t(self, key: str, **values: object) -> str:
        return panel_text(key, **values)

    def _state_label(self, state_id: str) -> str:
        assert self._controller is not None
        return self._controller.machine.state_label(state_id, self._lang)

    def _trigger_label(self, transition_id: str) -> str:
        assert self._controller is not None
        return self._controller.machine.trigger_label(transition_id, self._lang)

    # -- redrawing ----------------------------------------------------------------------------

    def _refresh(self) -> None:
        """Redraw everything from the controller (on ``changed``; cheap at a human pace)."""
        controller = self._controller
        has_session = controller is not None
        for widget in (self._target_combo, self._wait_button, self._run_button, self._speed_combo, self._setting_spin,
                       self._restart_button, self._trace, self._open_button, self._save_button,
                       self._copy_button):
            widget.setEnabled(has_session)
        if controller is None:
            self._state_name.setText(self._t("no_session"))
            self._state_note.hide()
            self._clear_buttons()
            self._no_ways.hide()
            self._procedure.setText(html.escape(self._t("procedure_hint")))
            self._path_text.setText("")
            self._timeouts_text.setText("")
            self._trace.clear()
            self._back_button.setEnabled(False)
            self._forward_button.setEnabled(False)
            self._refresh_scenario()
            self._clock.setText(durations.clock(0))
            return
        session = controller.session
        machine = controller.machine
        state = machine.state(session.current)
        self._state_name.setText(self._state_label(state.id))
        self._state_note.setVisible(state.final)
        self._state_note.setText(self._t("final"))
        self._back_button.setEnabled(session.can_undo)
        self._forward_button.setEnabled(session.can_redo)
        self._rebuild_buttons(session.available())
        self._refresh_path()
        self._refresh_trace()
        self._refresh_scenario()
        self._on_controller_clock_ticked(session.time)
        has_settings = any(t.timeout is not None and t.timeout.is_setting for t in machine.transitions)
        self._setting_label.setVisible(has_settings and not self._compact)  # compact: the spin box's tooltip
        self._setting_spin.setVisible(has_settings)
        self._setting_spin.blockSignals(True)
        self._setting_spin.setValue(round(controller.default_timeout))
        self._setting_spin.blockSignals(False)
        self._run_button.setChecked(controller.is_running)
        self._run_button.setText(self._t("pause") if controller.is_running else self._t("run"))

    def _clear_buttons(self) -> None:
        for button in self._buttons:
            # A button on its way out still gets focus and hover events until it
            # is deleted; it must not report a way out of the machine it was made for.
            button.blockSignals(True)
            self._ways_box.removeWidget(button)
            button.deleteLater()
        self._buttons = []

    def _rebuild_buttons(self, ways_out: tuple[Transition, ...]) -> None:
        had_focus = any(b.hasFocus() for b in self._buttons)
        self._clear_buttons()
        assert self._controller is not None
        next_step = self._controller.next_step()
        for number, transition in enumerate(ways_out, start=1):
            button = WayOutButton(transition.id)
            button.setProperty("timeout", "true" if transition.is_timeout else "false")
            button.setProperty("next", "true" if transition.id == next_step else "false")
            button.clicked.connect(lambda _checked=False, tid=transition.id: self._on_way_out_clicked(tid))
            button.highlighted.connect(self._show_procedure)
            button.highlighted.connect(self.way_out_pointed)
            button.unhighlighted.connect(self._on_way_out_unhighlighted)
            self._ways_box.addWidget(button)
            self._buttons.append(button)
            self._label_button(button, number, transition)
        self._no_ways.setVisible(not ways_out)
        self._no_ways.setText(self._t("no_ways_out"))
        self._fit_ways_area()
        self._fix_tab_order()
        if had_focus and self._buttons:
            # Keyboard users keep their place: the first new way out takes the focus.
            self._buttons[0].setFocus(Qt.FocusReason.TabFocusReason)
        shown = self._shown_procedure
        if shown is None or not any(b.transition_id == shown for b in self._buttons):
            shown = next_step or (self._buttons[0].transition_id if self._buttons else None)
        self._show_procedure(shown)

    def _fit_ways_area(self) -> None:
        """The ways-out area is no taller than its buttons, so few ways out leave the tabs more room."""
        # As wide as the area is with its scroll bar shown: the words then fit either way.
        bar = self._ways_scroll.verticalScrollBar()
        width = self._ways_scroll.width() - bar.sizeHint().width() - 4
        width = max(width, 200)
        spacing = self._ways_box.spacing()
        for button in self._buttons:
            # Wrapped text is as tall as the width makes it: a button never squeezes its words,
            # the area scrolls instead.
            button.setMinimumHeight(button.layout().totalHeightForWidth(width))
        height = sum(b.minimumHeight() + spacing for b in self._buttons)
        if not self._buttons:
            height = self._no_ways.heightForWidth(width) if self._no_ways.isVisibleTo(self) else 0
        # The scroll area sizes its content from this, at once, rather than after a layout pass.
        self._ways_scroll.widget().setMinimumHeight(height)
        self._ways_scroll.setMaximumHeight(max(self._ways_scroll.minimumHeight(), height + 4))

    def resizeEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self._fit_ways_area()  # wrapped button text is taller in a narrower panel
        self._fit_footer()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if watched is getattr(self, "_footer", None) and event.type() == QEvent.Type.Resize:
            self._fit_footer()
        return super().eventFilter(watched, event)

    def _fit_footer(self) -> None:
        """Compact when the footer gets less height than its words and buttons need; full again when it would fit.

        Nothing scrolls the whole panel, so when the window is short (a
        restored 713x720 window, a projector at 1280x720) and the wrapped
        words of a narrow dock are tall, the layout would squash the clock's
        buttons. Compact puts Run, the speed and the administrator's timeout
        on one row (the timeout's words go to its tooltip) and lets the ways
        out and the tabs give up a little height, which they scroll anyway.
        """
        footer = self._footer
        layout = footer.layout()
        wants = layout.totalHeightForWidth(footer.width()) if layout.hasHeightForWidth() else layout.sizeHint().height()
        if not self._compact and footer.height() < wants and self.isVisible():
            self._full_height = self.height() + wants - footer.height()
            self._set_compact(True)
        elif self._compact and self.height() >= self._full_height:
            self._set_compact(False)

    def _set_compact(self, compact: bool) -> None:
        self._compact = compact
        self._ways_scroll.setMinimumHeight(WAYS_MIN_PX - 30 if compact else WAYS_MIN_PX)
        self._tabs.setMinimumHeight(TABS_MIN_PX - 30 if compact else TABS_MIN_PX)
        self._place_time_row()
        self._setting_label.setVisible(self._setting_spin.isVisibleTo(self) and not compact)

    def _place_time_row(self) -> None:
        """Wait on its own row, then Run and the speed, then the administrator's timeout; compact: one row less."""
        grid = self._time_row
        widgets = (self._wait_button, self._run_button, self._speed_combo, self._setting_label, self._setting_spin)
        for widget in widgets:
            grid.removeWidget(widget)
        if self._compact:
            grid.addWidget(self._wait_button, 0, 0, 1, 3)
            grid.addWidget(self._run_button, 1, 0)
            grid.addWidget(self._speed_combo, 1, 1)
            grid.addWidget(self._setting_spin, 1, 2)
            grid.addWidget(self._setting_label, 2, 0, 1, 3)  # hidden
        else:
            grid.addWidget(self._wait_button, 0, 0, 1, 2)
            grid.addWidget(self._run_button, 1, 0)
            grid.addWidget(self._speed_combo, 1, 1)
            grid.addWidget(self._setting_label, 2, 0)
            grid.addWidget(self._setting_spin, 2, 1)

    def _label_button(self, button: WayOutButton, number: int, transition: Transition) -> None:
        assert self._controller is not None
        key = f"{number}" if number <= MAX_NUMBERED else ""
        trigger = self._trigger_label(transition.id)
        target = self._state_label(transition.target)
        rich = f"<b>{html.escape(trigger)}</b>"
        plain = f"{key}: {trigger} → {target}" if key else f"{trigger} → {target}"
        if transition.is_timeout:
            remaining = self._remaining(transition.id)
            mark = self._t("timeout_mark", time=durations.countdown(remaining) if remaining is not None else "")
            rich += f"&nbsp;&nbsp;<span style='color:{Palette.current_dark.name()}'>{html.escape(mark)}</span>"
            plain += f" ({mark})"
        rich += f"<br>→ {html.escape(target)}"
        if transition.actor:
            actor = actor_name(transition.actor)
            rich += f" <span style='color:{Palette.calm_label.name()}'>· {html.escape(actor)}</span>"
            plain += f" ({actor})"
        if transition.id == self._controller.next_step():
            marker = html.escape(self._t("next_on_path"))
            rich += f"<br><span style='color:{Palette.path_dark.name()}'>★ {marker}</span>"
        button.set_content(key, rich, plain)

    def _remaining(self, transition_id: str) -> float | None:
        assert self._controller is not None
        for transition, remaining in self._controller.session.pending_timeouts():
            if transition.id == transition_id:
                return remaining
        return None

    def _fix_tab_order(self) -> None:
        chain: list[QWidget] = [*self._buttons, self._target_combo, self._wait_button, self._run_button,
                                self._speed_combo, self._setting_spin, self._back_button, self._forward_button,
                                self._restart_button, self._trace, self._open_button, self._save_button,
                                self._replay_button, self._step_button, self._copy_button]
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    def _show_procedure(self, transition_id: str | None) -> None:
        """Show the full procedure of ``transition_id`` (German verbatim where that is all there is)."""
        if transition_id is not None and not any(b.transition_id == transition_id for b in self._buttons):
            # A button of the previous machine or state, deleted later, may still report the pointer or
            # the focus leaving: it names no way out of this state.
            transition_id = None
        self._shown_procedure = transition_id
        if self._controller is None or transition_id is None:
            self._procedure.setText(html.escape(self._t("procedure_hint")))
            return
        machine = self._controller.machine
        transition = machine.transition(transition_id)
        timeout_text = None
        if transition.timeout is not None:
            words = durations.countdown(self._controller.session.duration(transition) or 0)
            if transition.timeout.is_setting:
                words += f" ({self._t('setting')})"
            timeout_text = self._t("timeout_text", duration=words)
        self._procedure.setText(transition_html(machine, transition_id, self._lang, kind="panel",
                                                timeout_text=timeout_text))

    def _fill_target_combo(self) -> None:
        combo = self._target_combo
        machine = self._controller.machine if self._controller is not None else None
        if machine is not None and self._combo_filled_for == (machine, self._lang, self._t("no_target")):
            # Same states, same words (20,000 sorted labels take a second): only the choice follows.
            target = self._controller.target if self._controller is not None else None
            combo.blockSignals(True)
            combo.setCurrentIndex(max(0, combo.findData(target)) if target is not None else 0)
            combo.blockSignals(False)
            return
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self._t("no_target"), None)
        if self._controller is not None:
            states = sorted(self._controller.machine.states, key=lambda s: self._state_label(s.id).casefold())
            for state in states:
                combo.addItem(self._state_label(state.id), state.id)
            target = self._controller.target
            combo.setCurrentIndex(max(0, combo.findData(target)) if target is not None else 0)
        combo.blockSignals(False)
        self._combo_filled_for = (machine, self._lang, self._t("no_target")) if machine is not None else None

    def _refresh_path(self) -> None:
        assert self._controller is not None
        controller = self._controller
        target = controller.target
        index = self._target_combo.findData(target) if target is not None else 0
        if index >= 0 and index != self._target_combo.currentIndex():
            self._target_combo.blockSignals(True)
            self._target_combo.setCurrentIndex(index)
            self._target_combo.blockSignals(False)
        path = controller.path()
        look = "path"
        if target is None:
            text = self._t("path_none")
            look = "none"
        elif path is None:
            text = self._t("unreachable", target=self._state_label(target))
            look = "unreachable"
        elif not path:
            text = self._t("path_there")
        else:
            next_text = self._trigger_label(path[0])
            name = self._state_label(target)
            text = (self._t("path_one", target=name, next=next_text) if len(path) == 1
                    else self._t("path_steps", count=len(path), target=name, next=next_text))
            # A step through an ambiguous trigger cannot promise where it leads: say so.
            for number, tid in enumerate(path, start=1):
                warning = ambiguity_warning(controller.machine, tid, self._lang)
                if warning:
                    step = self._t("ambiguous_step", number=number, trigger=self._trigger_label(tid))
                    text += f"\n{warning.replace('**', '')} ({step})"
        self._path_text.setText(text)
        if self._path_text.property("look") != look:
            self._path_text.setProperty("look", look)
            # Qt re-reads property selectors only when the widget is polished again, and
            # takes the new border and padding only from a style change event.
            self._path_text.style().unpolish(self._path_text)
            self._path_text.style().polish(self._path_text)
            QCoreApplication.sendEvent(self._path_text, QEvent(QEvent.Type.StyleChange))

    def _refresh_trace(self) -> None:
        assert self._controller is not None
        session = self._controller.session
        self._trace.blockSignals(True)
        self._trace.clear()
        start = QListWidgetItem(self._t("start_row", state=self._state_label(session.start)))
        start.setData(Qt.ItemDataRole.UserRole, -1)
        self._trace.addItem(start)
        for index, step in enumerate(session.history):
            mark = "◷ " if step.by_timeout else ""
            text = (f"{index + 1}.  {durations.clock(step.time)}  {mark}{self._trigger_label(step.transition)}"
                    f" → {self._state_label(step.target)}")
            note = self._controller.note(index)
            if note:
                text += f"\n      „{note}“" if self._lang == "de" else f"\n      “{note}”"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, index)
            if index >= session.cursor:
                # The redo tail: still there to go forward to, shown quieter.
                item.setForeground(Palette.unreachable_text)
            self._trace.addItem(item)
        current_row = session.cursor  # row 0 is the start, row i is after step i
        self._note_edit.setEnabled(session.cursor > 0)
        if not self._note_edit.hasFocus():
            self._note_edit.setText(self._controller.note(session.cursor - 1))
        self._note_edit.setPlaceholderText(
            self._t("note_hint", step=session.cursor) if session.cursor > 0 else "")
        self._trace.setCurrentRow(current_row)
        self._trace.scrollToItem(self._trace.item(current_row))
        self._trace.blockSignals(False)

    def _refresh_scenario(self) -> None:
        controller = self._controller
        scenario = self._scenario
        if scenario is None:
            self._scenario_text.setText(self._t("no_scenario"))
        else:
            name = scenario.name or (scenario.source.name if scenario.source else "—")
            self._scenario_text.setText(self._t("scenario_loaded", name=name, count=len(scenario.steps)))
        auto = controller is not None and controller.is_auto_replaying
        self._replay_button.setText(self._t("stop") if auto else self._t("replay"))
        can_replay = controller is not None and scenario is not None
        self._replay_button.setEnabled(can_replay)
        self._step_button.setEnabled(can_replay)

    # -- the controller's signals ---------------------------------------------------------------

    def _on_controller_clock_ticked(self, time: float) -> None:
        if self._controller is None:
            return
        session = self._controller.session
        self._clock.setText(durations.clock(time))
        in_state = self._t("in_state", time=durations.clock(time - session.entered_at))
        self._clock.setToolTip(f"{self._t('clock')} · {in_state}")
        pending = session.pending_timeouts()
        if pending:
            transition, remaining = pending[0]
            self._timeouts_text.setText(self._t(
                "next_timeout", time=durations.countdown(remaining),
                trigger=self._trigger_label(transition.id), target=self._state_label(transition.target),
            ))
        else:
            self._timeouts_text.setText(self._t("no_timeouts"))
        self._wait_button.setEnabled(bool(pending))
        for number, button in enumerate(self._buttons, start=1):
            transition = self._controller.machine.transition(button.transition_id)
            if transition.is_timeout:
                self._label_button(button, number, transition)

    def _on_controller_message_emitted(self, text: str) -> None:
        self._message.setText(text)
        self._message.show()

    def _on_controller_fired(self, _transition_id: str) -> None:
        # An old message (an error, an unreachable target) no longer applies.
        self._message.hide()

    def _on_controller_running_changed(self, running: bool) -> None:
        self._run_button.blockSignals(True)
        self._run_button.setChecked(running)
        self._run_button.blockSignals(False)
        self._run_button.setText(self._t("pause") if running else self._t("run"))

    def _on_controller_replaying_changed(self, _replaying: bool) -> None:
        self._refresh_scenario()

    # -- the user's actions ------------------------------------------------------------------------

    def _on_way_out_clicked(self, transition_id: str) -> None:
        if self._controller is not None:
            self._controller.fire(transition_id)

    def _on_back_button_clicked(self) -> None:
        if self._controller is not None:
            self._message.hide()
            self._controller.back()

    def _on_forward_button_clicked(self) -> None:
        if self._controller is not None:
            self._message.hide()
            self._controller.forward()

    def _on_restart_button_clicked(self) -> None:
        if self._controller is not None:
            self._message.hide()
            self._controller.restart()

    def _on_wait_button_clicked(self) -> None:
        if self._controller is not None:
            self._controller.wait_for_next_timeout()

    def _on_run_button_toggled(self, checked: bool) -> None:
        if self._controller is None:
            return
        if checked:
            self._controller.run_clock(self._speed_combo.currentData())
        else:
            self._controller.pause()
        if self._controller.is_running != checked:
            # Refused (a final state: the session is over): the button shows the truth.
            self._on_controller_running_changed(self._controller.is_running)

    def _on_speed_combo_changed(self, _index: int) -> None:
        if self._controller is not None and self._controller.is_running:
            self._controller.run_clock(self._speed_combo.currentData())

    def _on_setting_spin_changed(self, seconds: int) -> None:
        if self._controller is not None:
            self._controller.default_timeout = float(seconds)

    def _on_target_combo_changed(self, _index: int) -> None:
        if self._controller is not None:
            self._controller.set_target(self._target_combo.currentData())

    def _on_note_edit_finished(self) -> None:
        if self._controller is not None and self._controller.session.cursor > 0:
            self._controller.set_note(self._controller.session.cursor - 1, self._note_edit.text())

    def _on_trace_item_activated(self, item: QListWidgetItem) -> None:
        if self._controller is None:
            return
        index = item.data(Qt.ItemDataRole.UserRole)
        if index != self._controller.session.cursor - 1:
            self._controller.go_to(index)

    def _on_replay_button_clicked(self) -> None:
        if self._controller is None or self._scenario is None:
            return
        if self._controller.is_auto_replaying:
            self._controller.stop_replay()
        else:
            self._controller.start_replay(self._scenario, DEFAULT_REPLAY_DELAY_MS)
        self._refresh_scenario()

    def _on_step_button_clicked(self) -> None:
        if self._controller is None or self._scenario is None:
            return
        if not self._controller.is_replaying:
            self._controller.prepare_replay(self._scenario)
        self._controller.replay_step()
