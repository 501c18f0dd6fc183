"""Random use of the real main window: the monkey test's engine and its longer bench run.

A :class:`Monkey` drives a :class:`~explorer.ui.main_window.MainWindow` the
way an impatient person would, from a fixed seed: menu actions, the number
keys, back and forward, language, engine and direction switches, clicks and
right-clicks at random places on the canvas (often while a layout runs),
and saves of the open file that alternate between good and broken versions.
Between actions it lets Qt process what is pending. Everything that went
wrong is counted through ``sys.excepthook`` (Python exceptions raised in Qt
callbacks) and Qt's message handler (critical and fatal messages); the
report also samples the process's memory every 1,000 actions.

Modal dialogs would wait for a click that never comes, so while the monkey
runs every modal entry point answers at once as if the person cancelled
(:func:`cancelled_dialogs`): file dialogs return no file, ``exec()`` returns
Rejected, message boxes return their escape button. Every menu action can
then be chosen (Quit is the one left out). The non-modal dialogs some
actions open (Find, the shortcut list, context menus) are closed again
between actions.
"""

from __future__ import annotations

import random
import resource
import sys
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QPoint, Qt, QtMsgType, qInstallMessageHandler
from PySide6.QtGui import QAction
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QInputDialog, QMenu, QMessageBox

from explorer.ui.main_window import MainWindow

#: Qt messages that say nothing about the program (the offscreen platform lacks a window manager).
HARMLESS_QT_MESSAGES = ("propagateSizeHints", "This plugin does not support")

#: Actions are chosen by kind with these weights (clicks and keys are what people do most).
WEIGHTS: dict[str, int] = {
    "click": 26,
    "hover": 8,
    "right_click": 4,
    "key": 18,
    "menu": 14,
    "switch": 10,
    "save": 6,
    "reload": 4,
    "wait": 3,
    "context_action": 4,
    "clock": 3,
}

_KEYS: tuple[tuple[Qt.Key, Qt.KeyboardModifier], ...] = (
    *((Qt.Key(Qt.Key.Key_1.value + n), Qt.KeyboardModifier.NoModifier) for n in range(9)),
    (Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier),
    (Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier),
)


@dataclass
class MonkeyReport:
    """What a run did and what went wrong."""

    actions: int = 0
    #: Python exceptions (formatted tracebacks) raised while the window handled an action.
    exceptions: list[str] = field(default_factory=list)
    #: Qt's critical and fatal messages.
    qt_errors: list[str] = field(default_factory=list)
    #: Resident memory (MiB): at the start, then after every 1,000 actions.
    rss_mib: list[float] = field(default_factory=list)
    #: How many actions of each kind were taken.
    kinds: Counter[str] = field(default_factory=Counter)
    #: Canvas clicks made while a layout was running.
    clicks_during_layout: int = 0
    #: Errors the window reported to the user (expected: broken files, failed layouts).
    reported: int = 0

    @property
    def failures(self) -> int:
        return len(self.exceptions) + len(self.qt_errors)

    def growth_per_1000(self) -> float | None:
        """Mean memory growth (MiB) per 1,000 actions after the first 1,000 (warm-up), or None."""
        samples = self.rss_mib[1:]
        if len(samples) < 2:
            return None
        return (samples[-1] - samples[0]) / (len(samples) - 1)

    def summary(self) -> str:
        growth = self.growth_per_1000()
        lines = [
            f"{self.actions} actions, {len(self.exceptions)} exceptions, {len(self.qt_errors)} Qt errors, "
            f"{self.clicks_during_layout} clicks during a layout, {self.reported} errors shown to the user",
            "memory (MiB) every 1,000 actions: " + ", ".join(f"{m:.0f}" for m in self.rss_mib),
            "growth per 1,000 actions after the first: " + ("n/a" if growth is None else f"{growth:+.1f} MiB"),
            "actions: " + ", ".join(f"{k} {n}" for k, n in sorted(self.kinds.items())),
        ]
        return "\n".join(lines + self.exceptions[:3] + self.qt_errors[:3])


def rss_mib() -> float:
    """The process's resident memory now (MiB); the peak where /proc is missing."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@contextmanager
def cancelled_dialogs() -> Iterator[None]:
    """Every modal dialog answers at once as if cancelled (restored afterwards).

    Actions that ask for a file or a choice then run their "cancelled" branch
    instead of blocking the run; the code around the dialog is still exercised.
    """
    patches: list[tuple[type, str, object]] = [
        (QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: ("", ""))),
        (QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([], ""))),
        (QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: ("", ""))),
        (QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: "")),
        (QInputDialog, "getText", staticmethod(lambda *a, **k: ("", False))),
        (QInputDialog, "getItem", staticmethod(lambda *a, **k: ("", False))),
        (QMessageBox, "about", staticmethod(lambda *a, **k: None)),
        (QMessageBox, "information", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Cancel)),
        (QMessageBox, "warning", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Cancel)),
        (QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Cancel)),
        (QDialog, "exec", lambda self, *a, **k: int(QDialog.DialogCode.Rejected)),
        (QMessageBox, "exec", lambda self, *a, **k: int(QMessageBox.StandardButton.Cancel)),
    ]
    saved = [(owner, name, owner.__dict__.get(name)) for owner, name, _ in patches]
    try:
        for owner, name, replacement in patches:
            setattr(owner, name, replacement)
        yield
    finally:
        for owner, name, original in saved:
            if original is None:
                delattr(owner, name)
            else:
                setattr(owner, name, original)


@contextmanager
def counting_failures(report: MonkeyReport) -> Iterator[None]:
    """Count Python exceptions and Qt critical/fatal messages into ``report`` (and pass them on)."""
    previous_hook = sys.excepthook

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        report.exceptions.append("".join(traceback.format_exception(kind, value, tb)))
        previous_hook(kind, value, tb)

    def on_message(mode: QtMsgType, context: object, message: str) -> None:
        if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg) and not any(
                h in message for h in HARMLESS_QT_MESSAGES):
            report.qt_errors.append(f"{mode.name}: {message}")
        if previous_handler is not None:
            previous_handler(mode, context, message)

    sys.excepthook = hook
    previous_handler = qInstallMessageHandler(on_message)
    try:
        yield
    finally:
        qInstallMessageHandler(previous_handler)
        sys.excepthook = previous_hook


class Monkey:
    """Random actions on ``window``, which has ``path`` open; ``versions`` are what a save writes.

    ``versions`` are file texts, good and broken; each save writes the next
    one (so good and broken alternate when the list does), and the window's
    watcher or an explicit reload reads it.
    """

    def __init__(self, window: MainWindow, path: Path, versions: list[str], seed: int = 0) -> None:
        self.window = window
        self.path = path
        self.versions = versions
        self.random = random.Random(seed)
        self._saves = 0
        self._blocked = {window.quit_action}
        self._do: dict[str, Callable[[MonkeyReport], None]] = {
            "click": self._click,
            "hover": self._hover,
            "right_click": self._right_click,
            "key": self._key,
            "menu": self._menu,
            "switch": self._switch,
            "save": self._save,
            "reload": self._reload,
            "wait": self._wait,
            "context_action": self._context_action,
            "clock": self._clock,
        }

    def run(self, actions: int, report: MonkeyReport | None = None) -> MonkeyReport:
        """Take ``actions`` random actions; failures are counted while they run."""
        report = report or MonkeyReport()
        kinds, weights = list(WEIGHTS), list(WEIGHTS.values())
        if not report.rss_mib:
            report.rss_mib.append(rss_mib())

        def on_error_reported(*_args: object) -> None:
            report.reported += 1

        self.window.error_reported.connect(on_error_reported)
        with counting_failures(report), cancelled_dialogs():
            for _ in range(actions):
                kind = self.random.choices(kinds, weights)[0]
                report.kinds[kind] += 1
                try:
                    self._do[kind](report)
                except Exception:  # noqa: BLE001 - a failure of the window, counted like the rest
                    report.exceptions.append(traceback.format_exc())
                QApplication.processEvents()
                self._tidy(kind)
                report.actions += 1
                if report.actions % 1000 == 0:
                    report.rss_mib.append(rss_mib())
        self.window.error_reported.disconnect(on_error_reported)
        return report

    # -- the actions -------------------------------------------------------------------

    def _point(self) -> QPoint:
        viewport = self.window.view.viewport()
        return QPoint(self.random.randrange(max(1, viewport.width())), self.random.randrange(max(1, viewport.height())))

    def _layout_running(self) -> bool:
        return self.window.busy.isVisible()

    def _click(self, report: MonkeyReport) -> None:
        if self._layout_running():
            report.clicks_during_layout += 1
        viewport, pos = self.window.view.viewport(), self._point()
        QTest.mouseMove(viewport, pos)
        QTest.mouseClick(viewport, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)

    def _hover(self, _report: MonkeyReport) -> None:
        QTest.mouseMove(self.window.view.viewport(), self._point())

    def _right_click(self, report: MonkeyReport) -> None:
        if self._layout_running():
            report.clicks_during_layout += 1
        QTest.mouseClick(self.window.view.viewport(), Qt.MouseButton.RightButton, Qt.KeyboardModifier.NoModifier,
                         self._point())

    def _context_action(self, _report: MonkeyReport) -> None:
        """Choose an entry of the canvas's context menu, if one is open."""
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            entries = [a for a in menu.actions() if a.isEnabled() and not a.isSeparator()]
            if entries:
                self.random.choice(entries).trigger()
            menu.close()

    def _key(self, _report: MonkeyReport) -> None:
        key, modifier = self.random.choice(_KEYS)
        target = QApplication.focusWidget() or self.window
        QTest.keyClick(target, key, modifier)

    def _menu(self, _report: MonkeyReport) -> None:
        # Read the menus each time: the language and recent-file menus are rebuilt as files load.
        enabled = [a for a in _menu_actions(self.window) if a.isEnabled() and a not in self._blocked]
        if enabled:
            self.random.choice(enabled).trigger()

    def _switch(self, _report: MonkeyReport) -> None:
        w = self.window
        group = self.random.choice([w.language_group, w.engine_group, w.direction_group, None])
        if group is None:
            w.cycle_language()
            return
        choices = [a for a in group.actions() if a.isEnabled()]
        if choices:
            self.random.choice(choices).trigger()

    def _save(self, _report: MonkeyReport) -> None:
        """Write the next version of the file (the watcher reloads it a moment later)."""
        text = self.versions[self._saves % len(self.versions)]
        self._saves += 1
        self.path.write_text(text, encoding="utf-8")

    def _reload(self, _report: MonkeyReport) -> None:
        self.window.reload(auto=self.random.random() < 0.5)

    def _wait(self, _report: MonkeyReport) -> None:
        QTest.qWait(self.random.randrange(5, 40))

    def _clock(self, _report: MonkeyReport) -> None:
        controller = self.window.controller
        if controller is None:
            return
        if controller.is_running:
            controller.pause()
        else:
            controller.run_clock(self.random.choice((10.0, 60.0)))

    # -- housekeeping --------------------------------------------------------------------

    def _tidy(self, kind: str) -> None:
        """Close the dialogs and menus an action left open (a window-modal dialog would swallow the next input)."""
        if kind == "right_click":
            return  # the next action may choose an entry of the menu
        popup = QApplication.activePopupWidget()
        while popup is not None:
            popup.close()
            if QApplication.activePopupWidget() is popup:
                break
            popup = QApplication.activePopupWidget()
        if kind in ("menu", "key"):
            for widget in QApplication.topLevelWidgets():
                if isinstance(widget, (QDialog, QMessageBox)) and widget.isVisible():
                    widget.close()

    def settle(self, timeout_ms: int = 30000) -> bool:
        """Wait until no layout or file read runs (True), or ``timeout_ms`` passed (False)."""
        waited = 0
        for _ in range(2):  # once more after a save's debounced reload had its chance to start
            while self._layout_running():
                if waited >= timeout_ms:
                    return False
                QTest.qWait(20)
                waited += 20
            QTest.qWait(400)
        return True


def _menu_actions(window: MainWindow) -> list[QAction]:
    """Every action reachable from the menu bar (submenus opened up, separators left out)."""
    found: list[QAction] = []

    def walk(actions: list[QAction]) -> None:
        for action in actions:
            menu = action.menu()
            if menu is not None:
                walk(menu.actions())
            elif not action.isSeparator():
                found.append(action)

    walk(window.menuBar().actions())
    return found
