"""Window test helpers that fail loudly: errors and layouts recorded through the window's signals.

The main window reports errors through ``error_reported`` (its dialog is only
one listener) and announces every layout through ``layout_started``. The
fixtures here disconnect the dialog, so no modal box can wait for a click that
never comes, and record both signals, so a test can assert on them and a
guard can fail in the test's own thread instead of hanging or warning.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

import explorer.layout
from explorer.errors import LayoutError
from explorer.ui.main_window import MainWindow


@dataclass
class WindowRecord:
    """What a window reported: errors (title, message, details) and layout requests (options)."""

    errors: list[tuple[str, str, str]] = field(default_factory=list)
    layouts: list[object] = field(default_factory=list)

    def take_errors(self) -> list[tuple[str, str, str]]:
        """The errors so far, which the test has now looked at (the fixture checks the rest)."""
        taken, self.errors[:] = list(self.errors), []
        return taken


@pytest.fixture
def make_window(qtbot, tmp_path: Path) -> Iterator[Callable[..., tuple[MainWindow, WindowRecord]]]:  # type: ignore[no-untyped-def]
    """Build quiet windows (settings in ``tmp_path``); at the end no window may hold an unread error."""
    made: list[tuple[MainWindow, WindowRecord]] = []

    def make(settings_file: str = "settings.ini") -> tuple[MainWindow, WindowRecord]:
        window = MainWindow(settings=QSettings(str(tmp_path / settings_file), QSettings.Format.IniFormat))
        window.error_reported.disconnect(window.show_error)
        record = WindowRecord()
        window.error_reported.connect(lambda title, message, details: record.errors.append((title, message, details)))
        window.layout_started.connect(record.layouts.append)
        qtbot.addWidget(window)
        made.append((window, record))
        return window, record

    yield make
    unread = [error for _, record in made for error in record.errors]
    assert unread == [], f"the window reported errors the test did not expect: {unread}"


class LayoutsRequested(AssertionError):
    """A guarded block asked for a layout (or ran Graphviz) although it must only restyle."""


@contextmanager
def no_layouts(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail if the block requests a layout or runs Graphviz in any thread.

    Two records: ``layout_started`` (every layout of the window, cached or not,
    emitted in the calling thread) and ``run_graphviz`` replaced by a function
    that records the call and raises, wherever it runs. Either non-empty at
    the end raises :class:`LayoutsRequested` here, in the test's thread.
    """
    requested: list[object] = []
    ran: list[str] = []
    lock = threading.Lock()

    def refuse(*_args: object, **_kwargs: object) -> dict[str, object]:
        with lock:
            ran.append(threading.current_thread().name)
        raise LayoutError("Graphviz must not run inside a no_layouts block")

    def on_layout_started(options: object) -> None:
        requested.append(options)

    window.layout_started.connect(on_layout_started)
    with monkeypatch.context() as patch:
        patch.setattr(explorer.layout, "run_graphviz", refuse)
        try:
            yield
        finally:
            window.layout_started.disconnect(on_layout_started)
    with lock:
        problems = [f"layout requested with {o}" for o in requested] + [f"Graphviz ran in {t}" for t in ran]
    if problems:
        raise LayoutsRequested("; ".join(problems))


def open_window(qtbot, make_window, width: int = 1600, height: int = 1000, *,  # type: ignore[no-untyped-def]
                path: Path | None = None, activate: bool = True, timeout: int = 30000) -> MainWindow:
    """A shown window of ``width`` x ``height`` with ``path`` (default: the bundled machine) laid out."""
    from explorer import BUNDLED_MACHINE

    window, _record = make_window()
    window.resize(width, height)
    window.show()
    with qtbot.waitSignal(window.layout_drawn, timeout=timeout):
        assert window.open_file(path or BUNDLED_MACHINE)
    if activate:
        window.activateWindow()
        qtbot.waitActive(window)
    return window
