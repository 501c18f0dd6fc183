"""Graphviz layout: the only module that talks to Graphviz.

Graphviz lays a machine out once; the result is read here, in one place, into
plain geometry (points, y axis flipped so y grows downwards as in Qt's scene).
Node name = state id, edge ``id`` = transition id. Drawing, highlighting and
stepping only ever use this geometry; they never re-run Graphviz.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

Point = tuple[float, float]


@dataclass(frozen=True)
class NodeGeometry:
    """A state's box: centre and size in points, y growing downwards."""

    id: str
    x: float
    y: float
    width: float
    height: float
    #: The label as laid out (wrapped lines joined by "\n").
    label: str = ""


@dataclass(frozen=True)
class EdgeGeometry:
    """A transition's curve as cubic bezier control points: p0, (c1, c2, p)*."""

    id: str
    source: str
    target: str
    path: tuple[Point, ...]
    #: Where the arrowhead's tip touches the target (Graphviz's ``e`` point), if any.
    arrow_tip: Point | None = None
    #: Centre of the trigger label where Graphviz placed it, if labels were laid out.
    label_pos: Point | None = None
    #: The label as laid out (wrapped lines joined by "\n").
    label: str = ""


@dataclass(frozen=True)
class Layout:
    """Everything needed to draw a machine, in points."""

    width: float
    height: float
    nodes: Mapping[str, NodeGeometry]
    edges: Mapping[str, EdgeGeometry]
    engine: str
    #: What was chosen and why (engine switched for size, splines simplified ...).
    notes: tuple[str, ...] = field(default=())
