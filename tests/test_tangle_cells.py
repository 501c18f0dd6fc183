"""The crossing grid's cells of a segment: every cell it passes through, and not the whole bounding box."""

from __future__ import annotations

import random

from explorer.tangle import segment_cells, segment_hits_rect

CELL = 64.0


def _crossed(p: tuple[float, float], q: tuple[float, float]) -> set[tuple[int, int]]:
    """Cells of the bounding box whose inside the segment passes through (checked one by one)."""
    e = 1e-7
    return {(gx, gy)
            for gx in range(int(min(p[0], q[0]) // CELL), int(max(p[0], q[0]) // CELL) + 1)
            for gy in range(int(min(p[1], q[1]) // CELL), int(max(p[1], q[1]) // CELL) + 1)
            if segment_hits_rect(p, q, gx * CELL + e, gy * CELL + e, (gx + 1) * CELL - e, (gy + 1) * CELL - e)}


def test_every_cell_a_segment_passes_through_is_listed() -> None:
    rng = random.Random(5)
    for n in range(3000):
        k = rng.choice([1.0, 30.0, 700.0, 3000.0])
        p = (rng.uniform(-k, k), rng.uniform(-k, k))
        q = (p[0] + rng.uniform(-k, k), p[1] + rng.uniform(-k, k))
        if n % 5 == 0:
            q = (p[0], q[1])  # vertical
        if n % 7 == 0:
            p = (round(p[0] / CELL) * CELL, round(p[1] / CELL) * CELL)  # on the grid's lines
        listed = set(segment_cells(p, q, CELL))
        assert _crossed(p, q) <= listed, (p, q)


def test_a_long_diagonal_lists_cells_along_it_only() -> None:
    p, q = (0.0, 0.0), (64_000.0, 64_000.0 * 0.7)
    cells = set(segment_cells(p, q, CELL))
    columns, rows = 1000, 700
    assert columns <= len(cells) <= 2 * (columns + rows)  # the bounding box would hold 700,000
    assert {(0, 0), (999, 699)} <= cells
