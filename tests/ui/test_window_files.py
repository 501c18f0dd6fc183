"""The window's files: opening through the format registry, and writes that fail without losing the old file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, QStandardPaths
from PySide6.QtWidgets import QFileDialog

from explorer import BUNDLED_MACHINE
from explorer.io.formats import open_dialog_filters
from explorer.ui.main_window import MainWindow

OLD = b"an old file the user cares about\n" * 20


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    QStandardPaths.setTestModeEnabled(True)  # no writes to the user's cache or settings
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(settings=settings)
    qtbot.addWidget(w)
    w.resize(1200, 800)
    w.show()
    with qtbot.waitSignal(w.layout_drawn, timeout=30000):
        assert w.open_file(BUNDLED_MACHINE)
    return w


@pytest.fixture
def warnings(window: MainWindow) -> list[tuple[str, str]]:
    """The errors the window reports through ``error_reported`` (title, message), instead of its dialog."""
    shown: list[tuple[str, str]] = []
    window.error_reported.disconnect()
    window.error_reported.connect(lambda title, message, _details: shown.append((title, message)))
    return shown


def _save_as(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(path), ""))


def test_file_open_offers_the_registrys_filters(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    def get_open(_parent: Any, _title: str, _start: str, filters: str) -> tuple[str, str]:
        asked.append(filters)
        return "", ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", get_open)
    window.open_dialog()
    assert asked == [open_dialog_filters()]


def test_a_yaml_machine_with_another_extension_opens(qtbot, window: MainWindow, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "machine.txt"
    other.write_text("name: Door\ninitial: closed\nstates: {closed: {}, open: {}}\n"
                     "transitions:\n  - {from: closed, to: open, trigger: push}\n", encoding="utf-8")
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(other, show_errors=False)
    assert window.machine is not None and window.machine.name == "Door"


def test_an_unknown_file_is_refused_and_the_machine_stays(window: MainWindow, tmp_path: Path) -> None:
    before = window.machine
    junk = tmp_path / "notes.xyz"
    junk.write_bytes(b"\x89PNG\r\n\x1a\n")
    assert not window.open_file(junk, show_errors=False)
    assert window.machine is before


@pytest.mark.parametrize("suffix", [".svg", ".png", ".pdf"])
def test_a_picture_export_on_a_full_disk_is_reported_and_keeps_the_old_file(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, full_disk: Any,
        warnings: list[tuple[str, str]], suffix: str) -> None:
    out = tmp_path / f"picture{suffix}"
    out.write_bytes(OLD)
    window.statusBar().clearMessage()
    # What File > Export Picture's dialog runs once a file is chosen.
    assert not window.export_document_picture(out)
    assert full_disk.failed_writes == 1
    assert out.read_bytes() == OLD
    assert len(warnings) == 1 and "the disk is full" in warnings[0][1] and str(out) in warnings[0][1]
    assert "Exported" not in window.statusBar().currentMessage()


@pytest.mark.parametrize("kind", ["markdown", "mermaid"])
def test_a_text_export_on_a_full_disk_is_reported_and_keeps_the_old_file(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, full_disk: Any,
        warnings: list[tuple[str, str]], kind: str) -> None:
    out = tmp_path / "table.txt"
    out.write_bytes(OLD)
    full_disk.room = 100  # a Mermaid diagram is small; the disk is fuller
    _save_as(monkeypatch, out)
    window.statusBar().clearMessage()
    window.export_text_dialog(kind)
    assert full_disk.failed_writes == 1
    assert out.read_bytes() == OLD
    assert len(warnings) == 1 and "the disk is full" in warnings[0][1]
    assert "Exported" not in window.statusBar().currentMessage()


def test_a_text_export_writes_the_file(window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                       warnings: list[tuple[str, str]]) -> None:
    out = tmp_path / "table.md"
    out.write_bytes(OLD)
    _save_as(monkeypatch, out)
    window.export_text_dialog("markdown")
    assert warnings == []
    assert out.read_text(encoding="utf-8").startswith("# ")
    assert window.statusBar().currentMessage() == f"Exported {out}"


def test_a_scenario_save_on_a_full_disk_is_reported_and_keeps_the_old_file(
        window: MainWindow, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, full_disk: Any,
        warnings: list[tuple[str, str]]) -> None:
    assert window.controller is not None
    out = tmp_path / "walk.yaml"
    out.write_bytes(OLD)
    full_disk.room = 10  # the trace is short; the disk is fuller
    window.controller.fire("connecting-waiting")
    _save_as(monkeypatch, out)
    window.save_scenario_dialog()
    assert out.read_bytes() == OLD
    assert len(warnings) == 1 and warnings[0][0] == "Save failed" and "the disk is full" in warnings[0][1]
    assert "Saved" not in window.statusBar().currentMessage()
