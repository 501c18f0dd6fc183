"""The window reopens a file from the open cache: no Graphviz run, the same layout, and it says so."""

from __future__ import annotations

from pathlib import Path

from explorer.layout import Layout

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "rescue_session_status.yaml"


def test_a_second_open_of_the_same_file_comes_from_the_cache(make_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Content no other test opened, so the first open is a miss whatever ran before.
    path = tmp_path / "machine.yaml"
    path.write_text(BUNDLED.read_text(encoding="utf-8") + f"\n# {tmp_path.name}\n", encoding="utf-8")

    first, _ = make_window()
    assert first.open_cache is not None
    with qtbot.waitSignal(first.layout_finished, timeout=60_000):
        assert first.open_file(path)
    assert first.open_cache.stats.stored == 1
    assert first.statusBar().currentMessage().startswith("Laid out with")
    drawn: Layout = first.layout

    second, record = make_window()
    with qtbot.waitSignal(second.layout_finished, timeout=60_000) as finished:
        assert second.open_file(path)
    assert finished.args == [True]
    assert second.open_cache.stats.hits == 1
    assert second.statusBar().currentMessage().startswith("Opened from the cache")
    assert second.layout == drawn
    assert second.analysis == first.analysis and second.machine == first.machine
    assert len(record.layouts) == 1  # layout_started as for any open

    # The file changes: the next open misses and lays out again.
    path.write_text(path.read_text(encoding="utf-8").replace("Connecting", "Dialling"), encoding="utf-8")
    third, _ = make_window()
    with qtbot.waitSignal(third.layout_finished, timeout=60_000):
        assert third.open_file(path)
    assert third.open_cache.stats.hits == 0
    assert third.statusBar().currentMessage().startswith("Laid out with")
