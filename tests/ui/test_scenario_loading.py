"""Scenario files in the window: big ones are read off the UI thread, their problems reported."""

from __future__ import annotations

from pathlib import Path

from explorer.ui.main_window import BACKGROUND_LOAD_BYTES

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CONSOLE = FIXTURES / "good" / "console.yaml"


def _big_scenario(path: Path, steps: int, tail: str = "") -> None:
    lines = ["machine: console.yaml", "name: a long wait", "steps:"]
    lines += ["  - wait: 1s  # one second at a time, to make a big file"] * steps
    path.write_text("\n".join(lines) + "\n" + tail, encoding="utf-8")
    assert path.stat().st_size > BACKGROUND_LOAD_BYTES


def test_a_big_scenario_is_read_off_the_ui_thread(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, record = make_window()
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(CONSOLE)
    path = tmp_path / "walk.yaml"
    _big_scenario(path, 6000)
    with qtbot.waitSignal(window.scenario_loaded, timeout=30000) as loaded:
        assert window.open_scenario(path)
        assert window.session_panel.scenario is None  # not yet: the file is being read meanwhile
        assert not window.busy_label.isHidden()  # the status bar says a file is being read
    assert loaded.args == [str(path)]
    assert window.session_panel.scenario is not None and len(window.session_panel.scenario.steps) == 6000
    assert record.errors == []


def test_a_broken_big_scenario_is_reported_with_its_position(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, record = make_window()
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(CONSOLE)
    path = tmp_path / "walk.yaml"
    _big_scenario(path, 6000, tail="  - jump: 3\n")
    assert window.open_scenario(path)
    qtbot.waitUntil(lambda: bool(record.errors), timeout=30000)
    [(title, message, _)] = record.take_errors()
    assert "walk.yaml could not be opened" in title and f"{path}:6004:" in message
    assert window.session_panel.scenario is None
