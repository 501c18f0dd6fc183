"""The bench runs end to end on tiny machines and writes a complete table (no timing assertions)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explorer import bench, cli
from explorer.generate import SHAPES

#: The columns the entry point adds from the window (explorer.ui.bench_hooks).
WINDOW_ROWS = ("Scene build", "First paint", "Restyle one step", "Fire one trigger")
#: The core's read rows, one per readable format (issue 11).
READ_ROWS = ("Read yaml", "Read csv", "Read scxml", "Read xstate", "Read mermaid")


def _rows(markdown: str) -> list[list[str]]:
    table = [line for line in markdown.splitlines() if line.startswith("|")]
    return [[cell.strip() for cell in line.strip("|").split("|")] for line in table]


def test_quick_bench_writes_a_table_of_numbers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "docs" / "benchmarks.md"
    assert cli.main(["bench", "--quick", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    header, rule, *rows = _rows(text)
    assert header[:3] == ["States", "Shape", "Transitions"]
    for column in ("Load + analysis", "Layout (ours)", "Baseline dot", "Ours / baseline", "Layout chosen",
                   *WINDOW_ROWS, *READ_ROWS):
        assert column in header
    assert set(rule) == {"---"}
    assert [(r[0], r[1]) for r in rows] == [(str(n), s) for n in bench.QUICK_SIZES for s in SHAPES]
    number = re.compile(r"^\d+(\.\d+)? (ms|s)$")
    for row in rows:
        cells = dict(zip(header, row, strict=True))
        assert int(cells["Transitions"]) > int(cells["States"])
        for column in ("Load + analysis", "Layout (ours)", "Baseline dot", *WINDOW_ROWS, *READ_ROWS):
            assert number.match(cells[column]), (column, cells[column])
        assert float(cells["Ours / baseline"]) > 0
        assert cells["Layout chosen"].startswith("dot")
    assert "graphviz version" in text and "Targets" in text and "Not measured" not in text
    # The same table goes to stdout.
    assert rows[0][0] in capsys.readouterr().out


def test_hooks_add_columns_and_bounds_are_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    measurements = dict(bench.MEASUREMENTS)

    def too_slow(case: bench.BenchCase) -> float:
        raise TimeoutError

    def needs_layout(case: bench.BenchCase) -> float:
        assert case.layout is not None  # hooks run after our layout
        return 0.5

    monkeypatch.setattr(bench, "MEASUREMENTS", measurements)
    bench.register("Scene build", needs_layout)
    bench.register("Baseline dot", too_slow)
    out = tmp_path / "b.md"
    assert bench.main(["--quick", "--sizes", "12", "--shapes", "random", "--baseline-timeout", "7", "--out", str(out)]) == 0
    header, _, row = _rows(out.read_text(encoding="utf-8"))
    cells = dict(zip(header, row, strict=True))
    assert cells["Scene build"] == "500 ms"
    assert cells["Baseline dot"] == "over 7 s"
    assert cells["Ours / baseline"].startswith("under ")


def test_bad_arguments_exit_with_usage_error() -> None:
    with pytest.raises(SystemExit) as exit_info:
        bench.main(["--sizes", "ten"])
    assert exit_info.value.code == 2


def test_the_bench_core_alone_measures_its_own_rows_and_says_what_is_missing(tmp_path: Path) -> None:
    out = tmp_path / "core.md"
    assert bench.main(["--quick", "--sizes", "12", "--shapes", "structured", "--out", str(out)],
                      notes=["a note from the caller"]) == 0
    text = out.read_text(encoding="utf-8")
    header = _rows(text)[0]
    assert not set(WINDOW_ROWS) & set(header)
    assert "Not measured in this run" in text and "- a note from the caller" in text


def test_whole_process_rows_have_floors_targets_and_verdicts(tmp_path: Path) -> None:
    out = tmp_path / "process.md"
    assert bench.main(["--quick", "--process", "--sizes", "12", "--shapes", "structured", "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    tables = [line for line in text.splitlines() if line.startswith("| ")]
    process = [r for r in _rows("\n".join(tables)) if r and r[0] != "States"]
    by_what = {r[0]: r for r in process if len(r) == 7}
    for what in ("`explorer render` bundled to SVG, cold cache", "`explorer render` bundled to SVG, cached",
                 "start to window showing bundled, cold cache", "start to window showing bundled, cached (reopen)",
                 "uncached layout vs dot on the identical DOT (worst size)"):
        row = by_what[what]
        assert re.match(r"^\d+(\.\d+)?(x| ms| s)$", row[1]), row
        assert row[4].startswith("<= ")
        assert row[5] == "met" or row[5].startswith("missed by "), row
    assert by_what["`explorer render` bundled to SVG, cold cache"][2].startswith("dot -Tsvg: ")
    assert by_what["start to window showing bundled, cold cache"][2].startswith("bare window: ")
    assert "issue 13" in text


def test_check_rows_time_whole_checks_of_generated_machines_on_request(tmp_path: Path) -> None:
    out = tmp_path / "check.md"
    assert bench.main(["--quick", "--sizes", "12", "--shapes", "structured,random", "--check-sizes", "30",
                       "--out", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    rows = {r[0]: r for r in _rows(text) if len(r) == 7}
    for shape in SHAPES:
        row = rows[f"`explorer check` 30 states {shape}, whole process"]
        assert re.match(r"^\d+(\.\d+)? (ms|s)$", row[1]), row
        assert row[4].startswith("<= "), row
        assert row[5] == "met" or row[5].startswith("missed by "), row
        assert re.match(r"^CPU \d+\.\d s, file \d+\.\d MB$", row[6]), row
    assert "--check-sizes 30" in text
    # Without the option there are no such rows (writing big machines takes long).
    assert bench.parser().parse_args([]).check_sizes == []
