"""Review dialogs: a path between any two states, and the generated tours.

Both are non-modal (the canvas stays live beside them) and hold no document:
they say what the reviewer chose through signals, and the window draws the
path or plays the tour through the session controller.

- :class:`PathBetweenDialog` (Session > Path Between States…): From and To,
  the shortest path as a numbered procedure with "this trigger can also lead
  to X" under ambiguous steps, self.tr("Show on Canvas") and self.tr("Copy as Procedure").
- :class:`ToursDialog` (Session > Tours…): the tours of
  :func:`explorer.tours.plan_tours` with their lengths, the total against the
  lower bound, the transitions no tour can take, and self.tr("Play").
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from explorer.analysis import shortest_path
from explorer.io.markdown import procedure_markdown
from explorer.model import Machine
from explorer.tours import TourPlan
from explorer.ui.i18n import format_number


def _state_combo(machine: Machine, lang: str, current: str | None) -> QComboBox:
    combo = QComboBox()
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    for s in sorted(machine.states, key=lambda s: machine.state_label(s.id, lang).casefold()):
        combo.addItem(machine.state_label(s.id, lang), s.id)
    if combo.completer() is not None:
        combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current)))
    return combo


class PathBetweenDialog(QDialog):
    """Choose From and To; read the shortest path as a procedure; show it on the canvas or copy it."""

    #: Show this path on the canvas: (from state, to state, transition ids); ids None when there is none.
    path_chosen = Signal(str, str, object)

    def __init__(self, machine: Machine, lang: str, source: str | None = None, target: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Path Between States"))
        self.setObjectName("pathBetweenDialog")
        self.resize(640, 560)
        self._machine, self._lang = machine, lang
        self._path: list[str] | None = None
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.from_combo = _state_combo(machine, lang, source or machine.initial)
        self.to_combo = _state_combo(machine, lang, target)
        form.addRow(self.tr("From:"), self.from_combo)
        form.addRow(self.tr("To:"), self.to_combo)
        layout.addLayout(form)
        self.text = QTextBrowser()
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox()
        self.show_button = buttons.addButton(self.tr("Show on Canvas"), QDialogButtonBox.ButtonRole.ApplyRole)
        self.copy_button = buttons.addButton(self.tr("Copy as Procedure"), QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.show_button.clicked.connect(self._emit_path)
        self.copy_button.clicked.connect(self.copy_procedure)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.from_combo.currentIndexChanged.connect(self._update)
        self.to_combo.currentIndexChanged.connect(self._update)
        self._update()

    def set_states(self, source: str, target: str) -> None:
        """Choose both ends (the path is recomputed and shown on the canvas)."""
        self.from_combo.setCurrentIndex(self.from_combo.findData(source))
        self.to_combo.setCurrentIndex(self.to_combo.findData(target))
        self._update()

    @property
    def path(self) -> list[str] | None:
        """The transition ids from From to To; None when To cannot be reached."""
        return None if self._path is None else list(self._path)

    def procedure(self) -> str:
        """The path as a numbered Markdown procedure ("" when there is none)."""
        if self._path is None:
            return ""
        return procedure_markdown(self._machine, self._path, lang=self._lang, start=self.from_combo.currentData())

    def copy_procedure(self) -> str:
        text = self.procedure()
        if text:
            QGuiApplication.clipboard().setText(text)
        return text

    def _update(self, _index: int = 0) -> None:
        source, target = self.from_combo.currentData(), self.to_combo.currentData()
        if source is None or target is None:
            return
        self._path = shortest_path(self._machine, source, target)
        if self._path is None:
            self.text.setMarkdown(f"**{self._machine.state_label(target, self._lang)}** cannot be reached from "
                                  f"**{self._machine.state_label(source, self._lang)}**.")
        else:
            self.text.setMarkdown(self.procedure())
        self.copy_button.setEnabled(self._path is not None)
        self._emit_path()

    def _emit_path(self) -> None:
        self.path_chosen.emit(self.from_combo.currentData(), self.to_combo.currentData(), self.path)


class ToursDialog(QDialog):
    """The generated tours: lengths, total against the lower bound, what cannot be covered; play one."""

    #: Play the tour with this index (0-based) through the session.
    play_requested = Signal(int)

    def __init__(self, machine: Machine, plan: TourPlan, lang: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tours"))
        self.setObjectName("toursDialog")
        self.resize(560, 460)
        self.plan = plan
        layout = QVBoxLayout(self)
        n = len(plan.tours)
        summary = (self.tr("%n tour(s) from %1 take every reachable transition: %2 steps in all for %3 transitions "
                           "(the lower bound; ratio %4).", "", n)
                   .replace("%1", machine.state_label(plan.start, lang)).replace("%2", str(plan.total_steps))
                   .replace("%3", str(plan.lower_bound)).replace("%4", format_number(plan.ratio, 2)))
        self.summary = QLabel(summary)
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.list = QListWidget()
        for i, tour in enumerate(plan.tours, start=1):
            end = machine.transition(tour[-1]).target if tour else plan.start
            item = QListWidgetItem(f"Tour {i}: {len(tour)} step{'s' if len(tour) != 1 else ''}, ends in {machine.state_label(end, lang)}")
            item.setData(Qt.ItemDataRole.UserRole, i - 1)
            self.list.addItem(item)
        if n:
            self.list.setCurrentRow(0)
        self.list.itemActivated.connect(lambda _item: self._play())
        layout.addWidget(self.list, 1)
        if plan.uncoverable:
            names = "; ".join(
                f"{machine.trigger_label(t, lang)}: {machine.state_label(machine.transition(t).source, lang)} → "
                f"{machine.state_label(machine.transition(t).target, lang)} ({t})" for t in plan.uncoverable)
            self.uncoverable = QLabel(self.tr("Not coverable (their source cannot be reached from the initial "
                                              "state): %1.").replace("%1", names))
        else:
            self.uncoverable = QLabel(self.tr("Every transition can be covered."))
        self.uncoverable.setWordWrap(True)
        layout.addWidget(self.uncoverable)
        buttons = QDialogButtonBox()
        self.play_button: QPushButton = buttons.addButton(self.tr("Play"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.play_button.setEnabled(bool(n))
        self.play_button.clicked.connect(self._play)
        buttons.addButton(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def _play(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self.play_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))
