"""How tangled a laid-out picture is: edge crossings, total edge length, labels off their edges.

Plain geometry over a :class:`~explorer.layout.Layout` (no Qt, no Graphviz),
so the bench can report it for any machine and a change to the DOT we write
can be judged by numbers. Curves are flattened into polylines here, in the
same way the canvas's label placement does (:func:`bezier_polyline`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from explorer.layout import Layout, Point

#: Longest chord of a flattened curve, in points (a cubic this short is near straight).
CHORD = 12.0
#: Grid cell for crossing look-ups, in points.
_CELL = 64.0


def bezier_polyline(points: Sequence[Point], chord: float = CHORD) -> list[Point]:
    """Graphviz's cubic bezier ``p0 (c1 c2 p)*`` as a polyline with chords of about ``chord``."""
    if not points:
        return []
    out = [points[0]]
    for i in range(1, len(points) - 2, 3):
        p0, c1, c2, p3 = points[i - 1], points[i], points[i + 1], points[i + 2]
        hull = (_dist(p0, c1) + _dist(c1, c2) + _dist(c2, p3))
        # A straight cubic (splines=line: control points on the chord) needs no more points.
        n = 1 if hull - _dist(p0, p3) < 0.01 * chord else max(1, int(hull / chord) + 1)
        for k in range(1, n + 1):
            t = k / n
            u = 1 - t
            a, b, c, d = u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t
            out.append((a * p0[0] + b * c1[0] + c * c2[0] + d * p3[0], a * p0[1] + b * c1[1] + c * c2[1] + d * p3[1]))
    return out


def _dist(a: Point, b: Point) -> float:
    return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5


def polyline_length(line: Sequence[Point]) -> float:
    return sum(_dist(line[i], line[i + 1]) for i in range(len(line) - 1))


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def segments_cross(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    """Whether two segments properly cross (touching ends, as at a shared state, do not count)."""
    d1, d2 = _cross(q1, q2, p1), _cross(q1, q2, p2)
    d3, d4 = _cross(p1, p2, q1), _cross(p1, p2, q2)
    return ((d1 > 0 > d2) or (d1 < 0 < d2)) and ((d3 > 0 > d4) or (d3 < 0 < d4))


def segment_hits_rect(p: Point, q: Point, left: float, top: float, right: float, bottom: float) -> bool:
    """Whether segment p-q touches the axis-aligned rectangle (Liang-Barsky clipping)."""
    x0, y0 = p
    dx, dy = q[0] - x0, q[1] - y0
    t0, t1 = 0.0, 1.0
    for edge_p, edge_q in ((-dx, x0 - left), (dx, right - x0), (-dy, y0 - top), (dy, bottom - y0)):
        if edge_p == 0:
            if edge_q < 0:
                return False
            continue
        r = edge_q / edge_p
        if edge_p < 0:
            if r > t1:
                return False
            t0 = max(t0, r)
        else:
            if r < t0:
                return False
            t1 = min(t1, r)
    return t0 <= t1


def rect_polyline_distance(line: Sequence[Point], left: float, top: float, right: float, bottom: float) -> float:
    """Shortest distance from the rectangle to the polyline (0 when they touch)."""
    best = float("inf")
    for i in range(len(line) - 1):
        p, q = line[i], line[i + 1]
        if segment_hits_rect(p, q, left, top, right, bottom):
            return 0.0
        best = min(best, _segment_rect_distance(p, q, left, top, right, bottom))
    if len(line) == 1:
        best = _point_rect_distance(line[0], left, top, right, bottom)
    return best


def _point_rect_distance(p: Point, left: float, top: float, right: float, bottom: float) -> float:
    dx = max(left - p[0], 0.0, p[0] - right)
    dy = max(top - p[1], 0.0, p[1] - bottom)
    return (dx * dx + dy * dy) ** 0.5


def _point_segment_distance(p: Point, a: Point, b: Point) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    n = dx * dx + dy * dy
    t = 0.0 if n == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / n))
    return _dist(p, (a[0] + t * dx, a[1] + t * dy))


def _segment_rect_distance(p: Point, q: Point, left: float, top: float, right: float, bottom: float) -> float:
    # Not touching: the shortest distance is from an end of the segment to the
    # rectangle or from a corner of the rectangle to the segment.
    corners = ((left, top), (right, top), (left, bottom), (right, bottom))
    return min(
        _point_rect_distance(p, left, top, right, bottom),
        _point_rect_distance(q, left, top, right, bottom),
        *(_point_segment_distance(c, p, q) for c in corners),
    )


def segment_cells(p: Point, q: Point, cell: float = _CELL) -> Iterator[tuple[int, int]]:
    """The cells of a ``cell``-sized grid that the segment ``p``-``q`` passes through or touches.

    Column by column, only the rows the segment covers within that column:
    linear in the segment's length. (Every cell of its bounding box would be
    quadratic: one long diagonal of a random-shaped 20,000-state picture
    filled hundreds of thousands of cells.) A hair of slack on each row range
    keeps it conservative against rounding: a cell too many, never one too few.
    """
    (x1, y1), (x2, y2) = (p, q) if p[0] <= q[0] else (q, p)
    dx, dy = x2 - x1, y2 - y1
    slack = 1e-9 * cell
    for gx in range(int(x1 // cell), int(x2 // cell) + 1):
        if dx > 0:
            a, b = max(x1, gx * cell), min(x2, (gx + 1) * cell)
            ya, yb = y1 + dy * (a - x1) / dx, y1 + dy * (b - x1) / dx
        else:
            ya, yb = y1, y2
        low, high = min(ya, yb) - slack, max(ya, yb) + slack
        for gy in range(int(low // cell), int(high // cell) + 1):
            yield gx, gy


def _cells(p: Point, q: Point) -> Iterable[tuple[int, int]]:
    return segment_cells(p, q, _CELL)


def edge_crossings(polylines: dict[str, list[Point]]) -> int:
    """How many times two different edges cross (segment intersections, counted once per pair of segments)."""
    grid: dict[tuple[int, int], list[tuple[str, int]]] = defaultdict(list)
    for eid, line in polylines.items():
        for i in range(len(line) - 1):
            for cell in _cells(line[i], line[i + 1]):
                grid[cell].append((eid, i))
    seen: set[tuple[str, int, str, int]] = set()
    count = 0
    for members in grid.values():
        for a in range(len(members)):
            ea, ia = members[a]
            p1, p2 = polylines[ea][ia], polylines[ea][ia + 1]
            for b in range(a + 1, len(members)):
                eb, ib = members[b]
                if ea == eb:
                    continue
                key = (ea, ia, eb, ib) if (ea, ia) < (eb, ib) else (eb, ib, ea, ia)
                if key in seen:
                    continue
                seen.add(key)
                if segments_cross(p1, p2, polylines[eb][ib], polylines[eb][ib + 1]):
                    count += 1
    return count


@dataclass(frozen=True)
class Tangle:
    """What the eye must follow in one picture."""

    edges: int
    crossings: int
    #: Sum of the drawn edges' lengths, in points.
    total_length: float

    def text(self) -> str:
        return f"{self.crossings} crossings, {self.total_length / 72 * 2.54:.0f} cm of edges"


def edge_polylines(layout: Layout) -> dict[str, list[Point]]:
    """Every drawn edge (not the entry arrow) as a polyline, by transition id."""
    return {eid: bezier_polyline(e.path) for eid, e in layout.edges.items() if not eid.startswith("__start__")}


def measure(layout: Layout) -> Tangle:
    """Crossings and total length of ``layout``'s edges."""
    lines = edge_polylines(layout)
    return Tangle(len(lines), edge_crossings(lines), sum(polyline_length(line) for line in lines.values()))
