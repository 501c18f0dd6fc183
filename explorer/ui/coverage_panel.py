"""The coverage panel: what the walks of this window have shown so far, and what is left.

It reads a :class:`explorer.coverage.Coverage` the window keeps (fed by every
step of the session, replays included): visited states and taken transitions
as "x of N (%)" against what can be reached from the initial state, then the
states not visited and the transitions not taken, in file order. Clicking a
row asks the window for the path there (:attr:`CoveragePanel.path_requested`).

The counts are O(1) to read; the lists are rebuilt only when the panel is
visible, so a step of a session on a big machine stays cheap.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer.coverage import Coverage
from explorer.ui.style import Palette

#: Item data role holding a row's state or transition id.
ID_ROLE = Qt.ItemDataRole.UserRole
#: Rows shown per list; more are summarised (a machine of thousands of states).
MAX_ROWS = 500


def _bar(prefix: str) -> QProgressBar:
    bar = QProgressBar()
    bar.setTextVisible(True)
    bar.setFormat(prefix)
    return bar


class CoveragePanel(QWidget):
    """Counts with bars, the lists of what is still unseen, and a reset button."""

    #: A row was clicked: the state (or the source state of the transition) to show the path to.
    path_requested = Signal(str)
    #: Reset Coverage was clicked.
    reset_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._coverage: Coverage | None = None
        self._lang: str | None = None
        self._lists_dirty = True
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        self.states_bar = _bar(self.tr("States"))
        self.transitions_bar = _bar(self.tr("Transitions"))
        layout.addWidget(self.states_bar)
        layout.addWidget(self.transitions_bar)
        row = QHBoxLayout()
        self.note = QLabel(self.tr("Every step of the session and of replayed scenarios counts."))
        self.note.setWordWrap(True)
        row.addWidget(self.note, 1)
        self.reset_button = QPushButton(self.tr("Reset"))
        self.reset_button.setToolTip(self.tr("Forget what was covered and start counting again (Session > Reset Coverage)"))
        self.reset_button.clicked.connect(self.reset_requested)
        row.addWidget(self.reset_button)
        layout.addLayout(row)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.itemClicked.connect(self._on_tree_item_clicked)
        self.tree.itemActivated.connect(self._on_tree_item_clicked)
        layout.addWidget(self.tree, 1)

    def set_coverage(self, coverage: Coverage | None, lang: str | None = None) -> None:
        self._coverage = coverage
        self._lang = lang
        self.refresh()

    def set_language(self, lang: str) -> None:
        self._lang = lang
        self._lists_dirty = True
        self.refresh()

    def refresh(self) -> None:
        """Update the counts now, the lists when they can be seen."""
        c = self._coverage
        if c is None:
            for bar in (self.states_bar, self.transitions_bar):
                bar.setRange(0, 1)
                bar.setValue(0)
            self.states_bar.setFormat(self.tr("States: no machine"))
            self.transitions_bar.setFormat(self.tr("Transitions: no machine"))
            self.tree.clear()
            return
        n_states, n_transitions = len(c.reachable_states), len(c.reachable_transitions)
        self.states_bar.setRange(0, max(n_states, 1))
        self.states_bar.setValue(c.visited_reachable)
        self.states_bar.setFormat(self.tr("States visited: %1 of %2 (%3 %)").replace("%1", str(c.visited_reachable))
                                  .replace("%2", str(n_states)).replace("%3", f"{c.states_percent:.0f}"))
        self.transitions_bar.setRange(0, max(n_transitions, 1))
        self.transitions_bar.setValue(c.taken_reachable)
        self.transitions_bar.setFormat(
            self.tr("Transitions taken: %1 of %2 (%3 %)").replace("%1", str(c.taken_reachable))
            .replace("%2", str(n_transitions)).replace("%3", f"{c.transitions_percent:.0f}"))
        self._lists_dirty = True
        if self.isVisible():
            self._fill_lists()

    def showEvent(self, event) -> None:  # noqa: ANN001 (Qt override)
        super().showEvent(event)
        if self._lists_dirty:
            self._fill_lists()

    def _fill_lists(self) -> None:
        self._lists_dirty = False
        self.tree.clear()
        c = self._coverage
        if c is None:
            return
        m, lang = c.machine, self._lang or c.machine.language
        states = c.unvisited_states()
        group = QTreeWidgetItem([self.tr("States not visited") + f" ({len(states)})"])
        for sid in states[:MAX_ROWS]:
            item = QTreeWidgetItem([m.state_label(sid, lang)])
            item.setData(0, ID_ROLE, sid)
            item.setToolTip(0, self.tr("%1: click to show the path there").replace("%1", sid))
            group.addChild(item)
        self._add_group(group, len(states))
        transitions = c.untaken_transitions()
        group = QTreeWidgetItem([self.tr("Transitions not taken") + f" ({len(transitions)})"])
        for tid in transitions[:MAX_ROWS]:
            t = m.transition(tid)
            item = QTreeWidgetItem([f"{m.trigger_label(tid, lang)}: {m.state_label(t.source, lang)} → "
                                    f"{m.state_label(t.target, lang)}"])
            item.setData(0, ID_ROLE, tid)
            item.setToolTip(0, self.tr("%1: click to show the path to %2").replace("%1", tid)
                            .replace("%2", m.state_label(t.source, lang)))
            group.addChild(item)
        self._add_group(group, len(transitions))
        if not states and not transitions:
            done = QTreeWidgetItem([self.tr("Every reachable state and transition is covered.")])
            done.setForeground(0, QBrush(Palette.taken.darker(130)))
            self.tree.addTopLevelItem(done)

    def _add_group(self, group: QTreeWidgetItem, total: int) -> None:
        if total > MAX_ROWS:
            group.addChild(QTreeWidgetItem([f"… and {total - MAX_ROWS} more"]))
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        self.tree.addTopLevelItem(group)
        group.setExpanded(True)

    def rows(self) -> list[str]:
        """The ids listed (states, then transitions), after filling the lists if needed."""
        if self._lists_dirty:
            self._fill_lists()
        out = []
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            out += [group.child(j).data(0, ID_ROLE) for j in range(group.childCount())
                    if group.child(j).data(0, ID_ROLE)]
        return out

    def _on_tree_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        item_id = item.data(0, ID_ROLE)
        if not item_id or self._coverage is None:
            return
        m = self._coverage.machine
        self.path_requested.emit(item_id if m.has_state(item_id) else m.transition(item_id).source)
