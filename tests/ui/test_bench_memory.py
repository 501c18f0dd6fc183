"""The window's memory bench rows (``explorer bench memory``): each shape is a row with its peak,
the target for that size and a verdict."""

from __future__ import annotations

import re

from explorer.ui.bench_hooks import MEMORY_AIM_MIB, MEMORY_TARGET_3000_MIB, memory_target, run_option


def test_targets_follow_the_issues() -> None:
    assert memory_target(3000) == MEMORY_TARGET_3000_MIB == 250
    assert memory_target(20_000) == MEMORY_AIM_MIB == 600


def test_the_memory_option_reports_a_row_with_target_and_verdict() -> None:
    text = run_option(["memory", "--states", "60", "--shape", "structured"])
    rows = [line for line in text.splitlines() if line.startswith("| peak memory")]
    assert len(rows) == 1, text
    cells = [cell.strip() for cell in rows[0].strip("|").split("|")]
    assert cells[0] == "peak memory, window on 60 states structured"
    peak = float(cells[1])
    assert peak > 0
    assert cells[2] == "<= 250"
    assert cells[3] == ("met" if peak <= 250 else f"missed by {peak - 250:.0f} ({peak / 250:.2f}x)")
    assert re.search(r"full picture in \d+\.\d s", cells[4])
