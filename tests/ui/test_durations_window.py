"""Long waits in the window: a week-long timeout is drawn and counted down in days; a huge one is refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QLabel

from explorer.durations import DAY, WEEK
from explorer.ui.main_window import MainWindow

MACHINE = """\
name: tickets
initial: open
states:
  open:
  closed:
transitions:
  - from: open
    to: closed
    trigger: ticket ages
    timeout: {timeout}
  - from: closed
    to: open
    trigger: reopen
"""


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    QStandardPaths.setTestModeEnabled(True)  # no writes to the user's cache or settings
    w = MainWindow(settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    return w


def _shown_texts(window: MainWindow) -> list[str]:
    return [label.text() for label in window.findChildren(QLabel) if label.isVisible()]


def test_a_week_long_timeout_counts_down_in_days(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "tickets.yaml"
    path.write_text(MACHINE.format(timeout="1w"), encoding="utf-8")
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(path)
    assert window.controller is not None
    window.controller.advance(2 * DAY + 3600.5)
    qtbot.waitUntil(lambda: any("2d 01:00:00" in t for t in _shown_texts(window)), timeout=5000)
    # Left: 4 days 22:59:59.5, rounded up as a countdown reads.
    assert any("4d 23:00:00" in t for t in _shown_texts(window)), _shown_texts(window)
    window.controller.wait_for_next_timeout()
    assert window.controller.session.current == "closed" and window.controller.session.time == WEEK
    qtbot.waitUntil(lambda: any("7d 00:00:00" in t for t in _shown_texts(window)), timeout=5000)


def test_a_huge_timeout_is_refused_with_its_position(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    good = tmp_path / "tickets.yaml"
    good.write_text(MACHINE.format(timeout="7d"), encoding="utf-8")
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(good)
    old = window.machine
    huge = tmp_path / "huge.yaml"
    huge.write_text(MACHINE.format(timeout="99999999999999999999999"), encoding="utf-8")
    assert not window.open_file(huge, show_errors=False)
    assert window.machine is old
    assert window.problems.item(0).text().startswith(f"{huge}:10:14: timeout must be a duration")
