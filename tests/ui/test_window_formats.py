"""The window takes every format the registry reads and writes: open, reload, broken files, Export As."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QFileDialog

from explorer import BUNDLED_MACHINE
from explorer.io.formats import FORMATS, format_named, load_machine_file
from explorer.ui.main_window import MainWindow

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def _open(qtbot, window: MainWindow, path: Path) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(path, show_errors=False)


@pytest.mark.parametrize("name", ["excel_de.csv", "tasks.tsv", "traffic_light.scxml", "light_delay.json",
                                  "still_moving.mmd"])
def test_the_window_opens_each_readable_format(qtbot, make_window, name: str) -> None:  # type: ignore[no-untyped-def]
    window, record = make_window()
    path = FIXTURES / name
    _open(qtbot, window, path)
    assert window.machine == load_machine_file(path)
    assert window.scene is not None
    assert set(window.scene.item_for_state) == {s.id for s in window.machine.states}
    assert str(path.resolve()) in window.recent_files()
    assert window.problems_dock.isHidden()
    assert record.errors == []


def test_a_changed_csv_file_is_reloaded_by_the_watcher(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, _ = make_window()
    path = tmp_path / "flow.csv"
    path.write_text("from,to,trigger\nidle,busy,start\nbusy,idle,stop\n", encoding="utf-8")
    _open(qtbot, window, path)
    assert window.machine is not None and {s.id for s in window.machine.states} == {"idle", "busy"}
    with qtbot.waitSignal(window.machine_loaded, timeout=30000):
        path.write_text("from,to,trigger\nidle,busy,start\nbusy,idle,stop\nbusy,broken,fail\n", encoding="utf-8")
    assert {s.id for s in window.machine.states} == {"idle", "busy", "broken"}
    assert [t.trigger.get() for t in window.machine.transitions] == ["start", "stop", "fail"]


def test_a_broken_scxml_file_shows_its_position_and_keeps_the_machine(qtbot, make_window,  # type: ignore[no-untyped-def]
                                                                       tmp_path: Path) -> None:
    window, record = make_window()
    path = tmp_path / "light.scxml"
    shutil.copyfile(FIXTURES / "traffic_light.scxml", path)
    _open(qtbot, window, path)
    machine = window.machine
    text = path.read_text(encoding="utf-8")
    # An unclosed element on line 14: the XML parser stops at the next closing tag.
    path.write_text(text.replace('<transition event="power.off" target="dark"/>',
                                 '<transition event="power.off" target="dark">', 1), encoding="utf-8")
    assert not window.reload()
    assert window.machine is machine
    assert not window.problems_dock.isHidden()
    first = window.problems.item(0).text()
    prefix, line, column, message = first.split(":", 3)
    assert prefix == str(path) and int(line) > 1 and int(column) >= 1 and message.strip()
    ((title, shown, _details),) = record.take_errors()
    assert path.name in title and f"{path}:{line}:{column}" in shown


def test_file_open_lists_every_readable_format(make_window, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    window, _ = make_window()
    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda _p, _t, _s, filters: (asked.append(filters), ("", ""))[1])
    window.open_dialog()
    (filters,) = asked
    for f in FORMATS:
        if f.read is not None:
            assert f.dialog_filter in filters
            assert all(f"*{e}" in filters.split(";;")[0] for e in f.extensions)
    assert "*.dot" not in filters  # written only


def _export_as(window: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path, format: str) -> list[str]:
    offered: list[str] = []

    def save(_parent: Any, _title: str, _start: str, filters: str) -> tuple[str, str]:
        offered.append(filters)
        return str(path), format_named(format).dialog_filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save)
    window.export_as_action.trigger()
    return offered


@pytest.mark.parametrize("name", [f.name for f in FORMATS if f.write is not None])
def test_export_as_writes_each_format_chosen_by_filter(qtbot, make_window, monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path, name: str) -> None:
    window, record = make_window()
    _open(qtbot, window, BUNDLED_MACHINE)
    target = format_named(name)
    out = tmp_path / "exported"  # no extension: the chosen format's is added
    (offered,) = _export_as(window, monkeypatch, out, name)
    assert offered.split(";;") == [f.dialog_filter for f in FORMATS if f.write is not None]
    written = out.with_suffix(target.extensions[0])
    assert written.read_bytes().decode("utf-8") == target.write(window.machine, lang=window.language(),
                                                                filename=str(written))
    if target.read is not None:
        back = load_machine_file(written)
        # Ids and transitions survive every readable format (CSV alone loses the order of states).
        assert {s.id for s in back.states} == {s.id for s in window.machine.states}
        assert len(back.transitions) == len(window.machine.transitions)
    assert record.errors == []


def test_export_as_tsv_writes_tabs(qtbot, make_window, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, _ = make_window()
    _open(qtbot, window, BUNDLED_MACHINE)
    out = tmp_path / "table.tsv"
    _export_as(window, monkeypatch, out, "csv")
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("from\tto\t")


def test_export_as_on_a_full_disk_is_reported_and_keeps_the_old_file(  # type: ignore[no-untyped-def]
        qtbot, make_window, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, full_disk: Any) -> None:
    window, record = make_window()
    _open(qtbot, window, BUNDLED_MACHINE)
    out = tmp_path / "machine.scxml"
    out.write_bytes(b"the old file\n")
    full_disk.room = 100
    window.statusBar().clearMessage()
    _export_as(window, monkeypatch, out, "scxml")
    assert full_disk.failed_writes == 1
    assert out.read_bytes() == b"the old file\n"
    ((title, message, _details),) = record.take_errors()
    assert title == "Export failed" and "the disk is full" in message
    assert "Exported" not in window.statusBar().currentMessage()


def test_dropping_a_mermaid_file_opens_it(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
    from PySide6.QtGui import QDropEvent

    window, _ = make_window()
    path = FIXTURES / "composite.mmd"
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        window.dropEvent(event)
    assert window.machine == load_machine_file(path)
