"""The compare panel: the differences between the open machine and another version, as a list.

The canvas draws the open (new) version with added items in green and
changed ones in amber; removed items have no place in that drawing, so they
are listed here in red (their surviving endpoints are marked on the canvas).
Rows of items that exist in the new version can be clicked
(:attr:`ComparePanel.item_activated`); the button leaves the compare view.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from explorer.diff import Change, MachineDiff
from explorer.model import Machine
from explorer.ui.defects_panel import finding_text
from explorer.ui.style import Palette

#: Item data role holding a row's id in the new version (None for removed items).
ID_ROLE = Qt.ItemDataRole.UserRole


class ComparePanel(QWidget):
    """Added, changed and removed states and transitions, then defects introduced and fixed."""

    #: A row of an item of the open version was clicked (its id).
    item_activated = Signal(str)
    #: "Leave Compare" was clicked.
    leave_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        row = QHBoxLayout()
        self.title = QLabel(self.tr("Not comparing."))
        self.title.setWordWrap(True)
        row.addWidget(self.title, 1)
        self.leave_button = QPushButton(self.tr("Leave Compare"))
        self.leave_button.setToolTip(self.tr("Back to the normal view (Esc)"))
        self.leave_button.clicked.connect(self.leave_requested)
        row.addWidget(self.leave_button)
        layout.addLayout(row)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(True)
        self.tree.itemClicked.connect(self._on_tree_item_clicked)
        self.tree.itemActivated.connect(self._on_tree_item_clicked)
        layout.addWidget(self.tree, 1)

    def set_diff(self, d: MachineDiff | None, old: Machine | None = None, new: Machine | None = None,
                 old_path: Path | None = None, lang: str | None = None) -> None:
        self.tree.clear()
        if d is None or old is None or new is None:
            self.title.setText(self.tr("Not comparing."))
            return
        name = old_path.name if old_path is not None else "the other version"
        self.title.setText(f"Compared with {name}: green = added, amber = changed, red = removed." if not d.is_empty
                           else f"No differences in states or transitions from {name}.")

        def state(m: Machine, sid: str) -> str:
            return f"{m.state_label(sid, lang or m.language)} ({sid})"

        def edge(m: Machine, tid: str) -> str:
            t = m.transition(tid)
            lg = lang or m.language
            return f"{m.trigger_label(tid, lg)}: {m.state_label(t.source, lg)} → {m.state_label(t.target, lg)} ({tid})"

        def change(c: Change) -> str:
            return ", ".join(name for name, _, _ in c.fields)

        green, amber, red = Palette.diff_added, Palette.diff_changed, Palette.diff_removed
        self._group(self.tr("Added"), green, [(f"State {state(new, s)}", s) for s in d.states_added]
                    + [(f"Transition {edge(new, t)}", t) for t in d.transitions_added])
        # What changed first: the row is elided at its end in a narrow dock.
        self._group(self.tr("Changed"), amber, [(f"[{change(c)}] State {state(new, c.id)}",
                                                 c.id) for c in d.states_changed]
                    + [(f"[{change(c)}] Transition {edge(new, c.id)}", c.id) for c in d.transitions_changed])
        self._group(self.tr("Removed"), red, [(f"State {state(old, s)}", None) for s in d.states_removed]
                    + [(f"Transition {edge(old, t)}", None) for t in d.transitions_removed])
        self._group(self.tr("Defects introduced"), red, [(finding_text(f),
                                                          f.ids[0] if f.ids else None) for f in d.introduced])
        self._group(self.tr("Defects fixed"), green, [(finding_text(f), None) for f in d.fixed])

    def _group(self, title: str, color: QColor, rows: list[tuple[str, str | None]]) -> None:
        group = QTreeWidgetItem([f"{title} ({len(rows)})"])
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setForeground(0, QBrush(color if rows else Palette.faint_text))
        for text, item_id in rows:
            item = QTreeWidgetItem([text])
            item.setToolTip(0, text)
            item.setForeground(0, QBrush(color))
            item.setData(0, ID_ROLE, item_id)
            group.addChild(item)
        self.tree.addTopLevelItem(group)
        group.setExpanded(bool(rows))

    def rows(self, title: str) -> list[str]:
        """The texts of the rows under the group whose title starts with ``title``."""
        for i in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(i)
            if group.text(0).startswith(f"{title} ("):
                return [group.child(j).text(0) for j in range(group.childCount())]
        return []

    def _on_tree_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        item_id = item.data(0, ID_ROLE)
        if item_id:
            self.item_activated.emit(item_id)
