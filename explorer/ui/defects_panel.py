"""The defects panel: every finding of the analysis as a list a reviewer reads row by row.

The rows are :func:`explorer.findings.findings` (the same list and words as
``explorer check``), grouped by kind with a count per group; each row shows
the one-line explanation, the state or transition ids and ``file:line``.
A checkable filter per kind hides groups a reviewer is not looking at.
Clicking a row says which ids it concerns (:attr:`DefectsPanel.finding_activated`);
the window selects and centres them.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QAction, QBrush
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from explorer import durations
from explorer.findings import DURATION_BLANK, KINDS, TEMPLATES, Finding, counts
from explorer.ui.i18n import QT_TRANSLATE_NOOP, current_ui_language
from explorer.ui.style import Palette

#: Item data role that holds a row's ids (a tuple) or a group's kind (a str).
IDS_ROLE = Qt.ItemDataRole.UserRole
KIND_ROLE = Qt.ItemDataRole.UserRole + 1


def _short_names(ids: tuple[str, ...], most: int = 2) -> str:
    """The first ids and how many more, so the column stays narrow."""
    shown = ", ".join(ids[:most])
    return shown + (f" +{len(ids) - most}" if len(ids) > most else "")


#: The group titles of :data:`explorer.findings.KINDS`, marked for lupdate (findings has no Qt).
_KIND_TITLES: dict[str, str] = {
    "unreachable": QT_TRANSLATE_NOOP("DefectsPanel", "Unreachable states"),
    "dead_end": QT_TRANSLATE_NOOP("DefectsPanel", "Dead ends"),
    "trap": QT_TRANSLATE_NOOP("DefectsPanel", "Traps"),
    "ambiguous_trigger": QT_TRANSLATE_NOOP("DefectsPanel", "Ambiguous triggers"),
    "timeout_conflict": QT_TRANSLATE_NOOP("DefectsPanel", "Timeout conflicts"),
    "self_loop": QT_TRANSLATE_NOOP("DefectsPanel", "Self-loops"),
    "missing_label": QT_TRANSLATE_NOOP("DefectsPanel", "Missing labels"),
    "no_steps": QT_TRANSLATE_NOOP("DefectsPanel", "Transitions without steps"),
}


#: The sentences of :data:`explorer.findings.TEMPLATES`, marked for lupdate (tests/ui/test_i18n.py checks
#: that the two agree): a finding's message is shown translated by its sentence and blanks.
_MESSAGES: dict[str, str] = {
    "unreachable": QT_TRANSLATE_NOOP("Findings", "{state} cannot be reached: no transitions lead there from {initial}."),  # noqa: E501 (lupdate reads one literal)
    "dead_end": QT_TRANSLATE_NOOP("Findings", "{state} is a dead end: it is not final and has no way out to another state."),  # noqa: E501 (lupdate reads one literal)
    "trap": QT_TRANSLATE_NOOP("Findings", "{state} is a trap: no final state can be reached from it."),
    "ambiguous_trigger": QT_TRANSLATE_NOOP("Findings", "From {state}, {trigger} can lead to {count} states: {targets} ({ids})."),  # noqa: E501 (lupdate reads one literal)
    "timeout_conflict": QT_TRANSLATE_NOOP("Findings", "{state} has {count} timeouts due at the same time (after {duration}): {ids}; only {first} (first in the file) ever fires."),  # noqa: E501 (lupdate reads one literal)
    "timeout_conflict_setting": QT_TRANSLATE_NOOP("Findings", "{state} has {count} timeouts due at the same time (after the configured timeout): {ids}; only {first} (first in the file) ever fires."),  # noqa: E501 (lupdate reads one literal)
    "self_loop": QT_TRANSLATE_NOOP("Findings", "{id}: {trigger} leads from {state} back to itself."),
    "missing_state_label": QT_TRANSLATE_NOOP("Findings", "{state} has no label in {languages}."),
    "missing_trigger_text": QT_TRANSLATE_NOOP("Findings", "The trigger of {edge} has no text in {languages}."),
    "no_steps": QT_TRANSLATE_NOOP("Findings", "{edge} has no steps: its procedure is not written down."),
}


def finding_text(finding: Finding) -> str:
    """The message of ``finding`` in the UI language (its own words when its sentence is unknown here)."""
    sentence = _MESSAGES.get(finding.template)
    if sentence is None or TEMPLATES.get(finding.template) != sentence:
        return finding.message
    blanks = dict(finding.values)
    if "seconds" in blanks:
        blanks[DURATION_BLANK] = durations.words(float(blanks["seconds"]), current_ui_language())
    return QCoreApplication.translate("Findings", sentence).format(**blanks)


def kind_title(kind: str) -> str:
    """The group title of a kind of finding in the UI language."""
    title = _KIND_TITLES.get(kind)
    return QCoreApplication.translate("DefectsPanel", title) if title else KINDS.get(kind, kind)


class DefectsPanel(QWidget):
    """A tree of findings: one group per kind (with its count), one row per finding."""

    #: A finding's row was clicked or activated: the ids it concerns (tuple of str).
    finding_activated = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._findings: tuple[Finding, ...] = ()
        self._path: Path | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        top = QHBoxLayout()
        self.summary = QLabel(self.tr("No machine."))
        self.summary.setWordWrap(True)
        top.addWidget(self.summary, 1)
        self.filter_button = QToolButton(self)
        self.filter_button.setText(self.tr("Kinds"))
        self.filter_button.setToolTip(self.tr("Choose which kinds of findings the list shows"))
        self.filter_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.filter_button)
        #: One checkable filter per kind of :data:`explorer.findings.KINDS`.
        self.filter_actions: dict[str, QAction] = {}
        for kind in KINDS:
            action = menu.addAction(kind_title(kind))
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(self._apply_filter)
            self.filter_actions[kind] = action
        self.filter_button.setMenu(menu)
        top.addWidget(self.filter_button)
        layout.addLayout(top)

        self.tree = QTreeWidget(self)
        # One column that fits a side dock: two lines per finding, the names and
        # file:line over the explanation, each elided to the dock's width (all
        # of it in the tooltip; a wider dock shows more).
        self.tree.setColumnCount(1)
        self.tree.setHeaderHidden(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setAlternatingRowColors(True)
        self.tree.setIndentation(12)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.itemClicked.connect(self._on_tree_item_clicked)
        self.tree.itemActivated.connect(self._on_tree_item_clicked)
        layout.addWidget(self.tree)

    # -- content -------------------------------------------------------------------

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self._findings

    def set_findings(self, found: Iterable[Finding], path: Path | None = None) -> None:
        """Show ``found`` (in :data:`KINDS` order, as :func:`~explorer.findings.findings` returns them)."""
        self._findings = tuple(found)
        self._path = path
        self.tree.clear()
        by_kind: dict[str, list[Finding]] = {kind: [] for kind in KINDS}
        for f in self._findings:
            by_kind.setdefault(f.kind, []).append(f)
        where = path.name if path is not None else "line"
        for kind, rows in by_kind.items():
            group = QTreeWidgetItem([f"{kind_title(kind)} ({len(rows)})"])
            group.setData(0, KIND_ROLE, kind)
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            if not rows:
                group.setForeground(0, QBrush(Palette.faint_text))
                group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            for f in rows:
                location = f"{where}:{f.line}" if f.line else ""
                head = _short_names(f.ids) + (f"  ·  {location}" if location else "")
                message = finding_text(f)
                row = QTreeWidgetItem([f"{head}\n{message}"])
                row.setToolTip(0, f"{message}\n{', '.join(f.ids)}" + (f" ({location})" if location else ""))
                row.setData(0, IDS_ROLE, tuple(f.ids))
                group.addChild(row)
            self.tree.addTopLevelItem(group)
            group.setExpanded(bool(rows))
        self._apply_filter()
        total = len(self._findings)
        self.summary.setText(self.tr("No findings: nothing to review.") if not total else
                             f"{total} finding{'s' if total != 1 else ''}. Click one to show it on the canvas.")

    def set_pending(self, path: Path | None = None) -> None:
        """No rows yet: the machine (a big one) is being analysed in the background."""
        self.set_findings((), path)
        self.summary.setText(self.tr("Looking for defects…"))

    def clear(self) -> None:
        self.set_findings(())
        self.summary.setText(self.tr("No machine."))

    def counts(self) -> dict[str, int]:
        """How many findings of each kind (every kind, 0 when none)."""
        return counts(self._findings)

    def groups(self) -> dict[str, QTreeWidgetItem]:
        """The group item of each kind."""
        return {self.tree.topLevelItem(i).data(0, KIND_ROLE): self.tree.topLevelItem(i)
                for i in range(self.tree.topLevelItemCount())}

    def visible_rows(self) -> list[QTreeWidgetItem]:
        """The finding rows the filters leave shown, top to bottom."""
        return [g.child(j) for g in self.groups().values() if not g.isHidden() for j in range(g.childCount())]

    # -- events --------------------------------------------------------------------

    def _apply_filter(self, _checked: bool = False) -> None:
        for kind, group in self.groups().items():
            action = self.filter_actions.get(kind)
            group.setHidden(action is not None and not action.isChecked())
        shown = sum(a.isChecked() for a in self.filter_actions.values())
        kinds = self.tr("Kinds")
        self.filter_button.setText(kinds if shown == len(self.filter_actions) else f"{kinds} ({shown}/{len(KINDS)})")

    def _on_tree_item_clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        ids = item.data(0, IDS_ROLE)
        if ids:
            self.finding_activated.emit(tuple(ids))
