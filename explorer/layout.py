"""Graphviz layout: the only module that talks to Graphviz.

Graphviz lays a machine out once; the result is read here, in one place, into
plain geometry (points, y axis flipped so y grows downwards as in Qt's scene).
Node name = state id, edge ``id`` = transition id. Drawing, highlighting and
stepping only ever use this geometry; they never re-run Graphviz.

The pieces, in the order :func:`compute_layout` uses them:

- :func:`plan_layout` decides engine and Graphviz settings from the machine's
  size (``dot`` gets slow on big or tangled machines; see the thresholds below),
  and says in plain words what it chose (``Layout.notes``);
- :func:`to_dot` writes the DOT source with the ``graphviz`` package;
- the ``dot`` program runs as a subprocess that a cancel event or a timeout
  (:func:`layout_timeout`) can kill;
- :func:`parse_json_layout` checks Graphviz's ``-Tjson`` output against the
  shape it expects and reads it into a :class:`Layout`; :func:`compute_layout`
  then checks that every state and transition asked for is in it. Whatever a
  broken or foreign ``dot`` does (hang, crash, print garbage, JSON of another
  shape, nothing at all), the caller gets a :class:`LayoutError` with a short
  message, never a traceback or a picture without states;
- :class:`LayoutCache` keeps results on disk, so reopening a machine is instant.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import signal
import subprocess
import tempfile
import textwrap
import threading
import time
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from explorer.engines import ENGINES
from explorer.errors import LayoutCancelled, LayoutError, shorten
from explorer.model import Machine

if TYPE_CHECKING:  # imported where a graph algorithm runs: small machines are drawn without it
    import graphviz  # imported where DOT is written: a reopen from the cache writes none
    import networkx as nx

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
    #: Hub stubs (see :func:`hub_states`): by transition id, the small box its
    #: curve ends at instead of the hub state, which is drawn once elsewhere.
    #: The box's label is the hub's name as laid out.
    stubs: Mapping[str, NodeGeometry] = field(default_factory=dict)


# -- options and constants -----------------------------------------------------

DIRECTIONS = ("LR", "TB")

#: The invisible node the entry arrow starts from, and its edge to the initial
#: state. Reserved: :func:`to_dot` refuses a machine that uses these ids.
START_NODE = "__start__"
START_EDGE = "__start__->"
#: Prefix of the DOT node a hub stub is (followed by a number: the graphviz
#: package would read a colon in an edge's end as a port).
#: Reserved: :func:`to_dot` refuses a machine whose state ids start with it.
STUB_PREFIX = "__stub__"

#: Bump when the cached JSON or the DOT we write changes meaning.
CACHE_FORMAT_VERSION = 2

#: How often a running Graphviz checks the cancel event, in seconds.
_POLL_SECONDS = 0.05

# Timeouts. A layout that takes longer than its timeout is stopped and
# reported: a dot that never answers must not make `explorer render` wait
# forever or leave the window busy for good. The timeout grows with the input:
#
#     seconds = TIMEOUT_BASE + TIMEOUT_PER_ITEM * (states + transitions)
#
# times TIMEOUT_UNBOUNDED_FACTOR when the size limits are off (bounded=False
# asks for Graphviz's best picture, which on tangled machines takes minutes).
# Measured layouts stay far below it: 20 states 0.05 s (timeout 31 s), 1000
# states about 2 s (timeout 100 s), 3000 states with sfdp 4.5 s (timeout 5 min).
# LayoutOptions.timeout, else the environment variable EXPLORER_LAYOUT_TIMEOUT
# (seconds), else this formula; `explorer render --layout-timeout` sets the first.

#: Seconds every layout may take, whatever its size (Graphviz starts in ~50 ms).
TIMEOUT_BASE = 30.0
#: Seconds added per state and per transition laid out.
TIMEOUT_PER_ITEM = 0.02
#: Unbounded layouts (``bounded=False``) get this many times longer.
TIMEOUT_UNBOUNDED_FACTOR = 10.0
#: The environment variable that overrides the formula (seconds, > 0).
TIMEOUT_ENV = "EXPLORER_LAYOUT_TIMEOUT"


@dataclass(frozen=True)
class LayoutOptions:
    """What the user chose for a layout; everything else is decided by size."""

    engine: str = "auto"
    direction: str = "LR"
    #: Label language; None means the machine's default language.
    lang: str | None = None
    #: Reserve room for trigger labels (Graphviz places them, the UI draws them).
    edge_labels: bool = True
    font: str = "DejaVu Sans"
    node_font_size: float = 18
    edge_font_size: float = 11
    #: Characters per line of a state label.
    wrap: int = 18
    #: Characters per line of a trigger label.
    edge_wrap: int = 22
    #: Apply the size-dependent limits (engine switch, iteration limits,
    #: straight edges). False runs Graphviz with its defaults: the bench's
    #: baseline, and the way to ask for the best picture whatever it costs.
    bounded: bool = True
    #: Seconds Graphviz may run before it is stopped; None: see :func:`layout_timeout`.
    timeout: float | None = None
    #: Draw the transitions into a hub (see :func:`hub_states`) as short
    #: curves to small labelled stubs beside their sources; the hub itself is
    #: drawn once. The window's View > Hub States as Stubs.
    hub_stubs: bool = True

    def __post_init__(self) -> None:
        if self.timeout is not None and not (isinstance(self.timeout, (int, float)) and math.isfinite(self.timeout)
                                             and self.timeout > 0):
            raise LayoutError(f"a layout timeout must be a positive number of seconds, not {self.timeout!r}")
        if self.engine not in ENGINES:
            raise LayoutError(f"unknown layout engine {self.engine!r} (choose one of {', '.join(ENGINES)})")
        if self.direction not in DIRECTIONS:
            raise LayoutError(f"unknown direction {self.direction!r} (choose LR or TB)")


# -- labels --------------------------------------------------------------------


def _wrap_lines(text: str, width: int) -> list[str]:
    longest = width + width // 2
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        wrapped = textwrap.wrap(paragraph, width, break_long_words=False, break_on_hyphens=True) or [""]
        for line in wrapped:
            while len(line) > longest:
                lines.append(line[: width - 1] + "-")
                line = line[width - 1 :]
            lines.append(line)
    return lines


def wrap_label(text: str, width: int) -> str:
    """``text`` wrapped to lines of about ``width`` characters, joined by "\\n".

    Words are never split while they fit on a line of their own; German
    compounds break at their hyphens first. Only a word longer than one and a
    half lines is cut, with a hyphen, since keeping it whole would make one box
    far wider than all the others. A line may run up to a quarter over
    ``width`` when that saves a line (no lonely "der" between two compounds).
    Explicit line breaks in ``text`` are kept.
    """
    if width < 2:
        raise ValueError("width must be at least 2")
    candidates = (_wrap_lines(text, w) for w in range(width, width + width // 4 + 1))
    # Fewest lines first, then the narrowest box.
    best = min(candidates, key=lambda lines: (len(lines), max(map(len, lines))))
    return "\n".join(best).strip("\n")


def _dot_label(text: str) -> graphviz.quoting.NoHtml:
    """A multi-line label as a DOT string: backslashes kept literal, centred lines."""
    escaped = "\\n".join(line.replace("\\", "\\\\") for line in text.split("\n"))
    import graphviz

    # nohtml: a label such as "<Neu>" must stay text, not become an HTML label.
    return graphviz.nohtml(escaped)


_DOT_ESCAPE = re.compile(r"\\(.)")


def _undot_label(value: str) -> str:
    """The inverse of :func:`_dot_label` for a label read back from ``-Tjson``."""
    return _DOT_ESCAPE.sub(lambda m: "\n" if m.group(1) in "nlr" else m.group(1), value)


# -- planning: engine and limits by size ---------------------------------------
#
# Measured here (Debian Graphviz 2.43, 2 cores, explorer.generate machines
# with about three labelled transitions per state; seconds for dot -Tjson0):
#
#   states  shape       plain dot  dot+limits+lines  sfdp (settings below)
#       50  structured       0.04              0.02   0.03
#       50  random           0.31              0.04   0.03
#      100  random           3.76              0.12   0.04
#      200  structured       0.25              0.10   0.09
#      200  random        over 30              1.00   0.07
#      300  structured       0.61              0.21   0.14
#      300  random        over 30             10.56   0.15
#      600  structured       2.17              0.64   0.33
#     1000  structured       7.73              2.26   0.49
#     1000  random        over 30           over 30   0.63
#     3000  structured          -             79.6    2.1 (4.4 with the other core busy)
#     3000  random              -           over 90   2.7 (4.5 with the other core busy)
#
# Either knob alone does not help on tangled machines (limits with curved
# edges: 27 s at 200 random; straight edges without limits: over 30 s); both
# together do, up to about 200 states, then dot's cost explodes again. sfdp
# stays near-linear. Whether a machine is tangled cannot be known before
# running dot, so the plan looks at the graph once with networkx: the share
# of transitions whose ends lie far apart in breadth-first order from the
# initial state is about 0.02 for flow-like machines and over 0.6 for random
# ones. Readability decided the rest: dot's ranks make a flow read left to
# right, so dot is kept as long as it is fast; a tangled machine drawn by
# dot is a fan of long crossing lines over a huge area, while sfdp gives a
# compact picture whose boxes and most labels stay legible.

#: Plain dot with curved edges, whatever the machine's shape, up to here.
TANGLED_PLAIN_STATES = 50
#: Plain dot with curved edges for flow-like machines up to here (0.6 s).
PLAIN_DOT_STATES = 300
#: Tangled machines: bounded dot up to here (0.1 to 1 s), sfdp above.
TANGLED_DOT_STATES = 150
#: Flow-like machines: bounded dot up to here (2.3 s), sfdp above.
BOUNDED_DOT_STATES = 1000
#: dot's crossing-reduction effort (mclimit) for small machines.
SMALL_MCLIMIT = "2"
#: Above this share of long transitions a machine counts as tangled.
TANGLED_SHARE = 0.25
#: A transition is "long" when its ends are this far apart in BFS order.
LONG_EDGE_SPAN = 8

_DOT_LIMITS: dict[str, str] = {
    # Fewer crossing-minimisation passes and network-simplex iterations:
    # a slightly worse ordering, but bounded time.
    "mclimit": "0.3",
    "nslimit": "2",
    "nslimit1": "2",
    "searchsize": "20",
    "splines": "line",
}
_SFDP_SETTINGS: dict[str, str] = {
    # prism removes node overlaps; "+40" keeps 40 points around each box so
    # trigger labels (which sfdp does not avoid) have room between them.
    # overlap=scale is three times faster at 3000 states but spreads the
    # picture thirtyfold; splines=none saves half of the time but leaves the
    # edges unclipped.
    "overlap": "prism",
    "sep": "+40",
    "splines": "line",
}


@dataclass(frozen=True)
class LayoutPlan:
    """The engine and graph attributes a layout will run with, and why."""

    engine: str
    graph_attr: Mapping[str, str]
    notes: tuple[str, ...] = ()


def long_edge_share(graph: nx.MultiDiGraph, initial: str | None) -> float:
    """Share of edges whose ends are far apart in breadth-first order.

    Real flows mostly join nearby steps; random tangles do not. Cost: one BFS.
    """
    import networkx as nx

    if graph.number_of_edges() == 0:
        return 0.0
    order: dict[str, int] = {}
    undirected = graph.to_undirected(as_view=True)
    roots = ([initial] if initial in graph else []) + list(graph.nodes)
    for root in roots:
        if root in order:
            continue
        for node in nx.bfs_tree(undirected, root):
            order[node] = len(order)
    long_edges = sum(1 for u, v in graph.edges() if abs(order[u] - order[v]) > LONG_EDGE_SPAN)
    return long_edges / graph.number_of_edges()


# Hub stubs. The bundled machine's final state "removed from queue" is the
# target of 13 of its 62 transitions, from all over the flow: drawn as real
# curves they cross most of the picture. Ending each such curve at a small box
# named after the hub, beside its source, removes those long curves; the hub
# is drawn once, with its own ways out. A hub that nothing leaves has no curve
# in or out, so dot would put it beside the initial state; it goes on the last
# rank instead (rank=max), which also makes the picture smaller. Measured with
# explorer.tangle on the bundled machine (crossings, picture size in points):
#
#   options                        no stubs           stubs              stubs, ends last (kept)
#   window (TB, labels on demand)  71, 1614 x 873     35, 2010 x 895     36, 1582 x 854
#   render (LR, labels laid out)   66, 3590 x 1841    45, 3628 x 1645    53, 3379 x 1645
#   TB, labels laid out            82, 3217 x 1284    51, 3646 x 1282    51, 3232 x 1230
#
# and on generated machines (window options, crossings without -> with
# stubs): 50 structured 25 -> 11, 50 random 352 -> 140, 200 structured
# 103 -> 58, 200 random 7313 -> 2964 (sfdp).
#
# Tried and not kept (bundled machine, render options, 66 crossings before):
# rank=min for the initial state with rank=max for finals but no stubs (66),
# newrank (88), samehead for fan-in (91), parallel edges merged into one (82),
# ordering=out (178), mclimit 4 and remincross (66), concentrate (merges
# curves, so labels lose their own edge; TB window options 81), and keeping
# the shortest curve into each hub real (40, but it needs a second layout
# run). Whether a change helps is noisy: dot's crossing reduction is a
# heuristic, so a small change to the source moves the count by 10-20 %
# either way; stubs win on every machine and every input order tried (20
# shuffles of the bundled machine's states and transitions: 43-71 crossings
# against 61-90 without).

#: A state is a hub when transitions from at least this many other states lead to it ...
HUB_MIN_IN = 3
#: ... and it has at most 1/HUB_OUT_RATIO as many transitions to other states
#: (a state that many leave, such as "Active", is part of the flow, not an end).
HUB_OUT_RATIO = 2
#: Above this many states no stubs: each is one more node for Graphviz, and
#: machines that big are laid out with limits or by sfdp anyway.
HUB_STUB_STATES = 300


def hub_states(machine: Machine, states: Collection[str] | None = None) -> frozenset[str]:
    """The states drawn as stubs: many states lead to them and few transitions leave (never the initial state).

    Self-loops do not count either way. With ``states``, only the transitions
    among them count (a neighbourhood layout).
    """
    keep = None if states is None else set(states)
    sources: dict[str, set[str]] = {}
    incoming: dict[str, int] = {}
    outgoing: dict[str, int] = {}
    for t in machine.transitions:
        if t.source == t.target or (keep is not None and not (t.source in keep and t.target in keep)):
            continue
        sources.setdefault(t.target, set()).add(t.source)
        incoming[t.target] = incoming.get(t.target, 0) + 1
        outgoing[t.source] = outgoing.get(t.source, 0) + 1
    return frozenset(
        s for s, n in incoming.items()
        if len(sources[s]) >= HUB_MIN_IN and n >= HUB_OUT_RATIO * outgoing.get(s, 0) and s != machine.initial
    )


def plan_layout(machine: Machine, options: LayoutOptions, states: Collection[str] | None = None) -> LayoutPlan:
    """Choose engine and limits for ``machine`` (or the subset ``states``).

    An engine the user chose is kept; only "auto" switches engines. Every
    deviation from Graphviz's defaults is explained in ``notes``.
    """
    # The state count comes from the model: the networkx graph is only built
    # (and networkx only imported) when the tangle test below needs it.
    n = len(machine.states) if states is None else sum(1 for s in set(states) if machine.has_state(s))
    curved = {"splines": "true"}
    engine = "dot" if options.engine == "auto" else options.engine
    if not options.bounded:
        return LayoutPlan(engine, curved if engine in ("dot", "circo") else {**curved, "overlap": "prism"})
    if n <= TANGLED_PLAIN_STATES:
        if engine == "dot":
            # Twice the crossing-reduction passes: cheap at this size, and the
            # bundled machine's picture loses 12 % of its crossings (76 -> 67,
            # explorer.tangle; hub stubs, below, do more).
            return LayoutPlan(engine, {**curved, "mclimit": SMALL_MCLIMIT})
        return LayoutPlan(engine, curved if engine == "circo" else {**curved, "overlap": "prism"})
    if engine not in ("dot", "sfdp"):
        # neato, fdp, circo: routing curved edges around boxes is their slow part.
        return LayoutPlan(
            engine,
            {"splines": "line", "overlap": "prism"} if engine != "circo" else {"splines": "line"},
            (f"{n} states: straight edges to keep {engine} fast",),
        )
    if engine == "sfdp":
        return LayoutPlan("sfdp", _SFDP_SETTINGS, (f"{n} states: straight edges to keep sfdp fast",))
    graph = machine.graph if states is None else machine.graph.subgraph(states)
    tangled = long_edge_share(graph, machine.initial) > TANGLED_SHARE
    if not tangled and n <= PLAIN_DOT_STATES:
        return LayoutPlan("dot", curved)
    dot_limit = TANGLED_DOT_STATES if tangled else BOUNDED_DOT_STATES
    what = f"{n} states, many transitions between distant states" if tangled else f"{n} states"
    if options.engine == "auto" and n > dot_limit:
        return LayoutPlan(
            "sfdp",
            _SFDP_SETTINGS,
            (f"{what}: sfdp instead of dot (dot would take minutes), straight edges",),
        )
    return LayoutPlan("dot", _DOT_LIMITS, (f"{what}: dot with fewer crossing-reduction passes, straight edges",))


def layout_timeout(options: LayoutOptions, states: int, transitions: int) -> float:
    """Seconds a layout of this size may take (see the formula above ``TIMEOUT_BASE``).

    ``options.timeout`` wins, then :data:`TIMEOUT_ENV`; an unreadable value
    in the environment is an error rather than silently no limit.
    """
    if options.timeout is not None:
        return float(options.timeout)
    raw = os.environ.get(TIMEOUT_ENV, "").strip()
    if raw:
        try:
            value = float(raw)
        except ValueError:
            value = math.nan
        if not (math.isfinite(value) and value > 0):
            raise LayoutError(f"{TIMEOUT_ENV} must be a positive number of seconds, not {shorten(raw, 40)!r}")
        return value
    seconds = TIMEOUT_BASE + TIMEOUT_PER_ITEM * (states + transitions)
    return seconds if options.bounded else seconds * TIMEOUT_UNBOUNDED_FACTOR


# -- DOT -----------------------------------------------------------------------


def to_dot(
    machine: Machine,
    options: LayoutOptions = LayoutOptions(),
    states: Collection[str] | None = None,
    *,
    plan: LayoutPlan | None = None,
) -> str:
    """DOT source for ``machine``, or only ``states`` and the transitions among them.

    ``plan`` defaults to :func:`plan_layout`'s choice; its attributes are
    written into the source, so the source alone determines the layout (it is
    what the cache is keyed by).
    """
    if machine.has_state(START_NODE) or machine.has_transition(START_EDGE):
        raise LayoutError(f"the ids {START_NODE!r} and {START_EDGE!r} are reserved for the entry arrow")
    if plan is None:
        plan = plan_layout(machine, options, states)
    keep = None if states is None else set(states)
    for state_id in keep or ():
        machine.state(state_id)  # unknown ids are a caller's mistake: MachineError
    hubs = _stubbed_hubs(machine, options, keep)
    stubs = 0

    import graphviz  # about 10 ms of imports, paid only when DOT is written

    font = {"fontname": options.font}
    dot = graphviz.Digraph(
        name=graphviz.nohtml(machine.name),
        graph_attr={
            "layout": plan.engine,
            "rankdir": options.direction,
            # Room between boxes and ranks for two-line trigger labels.
            "nodesep": "0.45",
            "ranksep": "0.9" if options.edge_labels else "0.6",
            "pad": "0.2",
            **font,
            "fontsize": f"{options.node_font_size:g}",
            **plan.graph_attr,
        },
        node_attr={
            "shape": "box",
            "style": "rounded",
            "margin": "0.18,0.08",
            **font,
            "fontsize": f"{options.node_font_size:g}",
        },
        edge_attr={**font, "fontsize": f"{options.edge_font_size:g}"},
    )
    for state in machine.states:
        if keep is not None and state.id not in keep:
            continue
        label = wrap_label(machine.state_label(state.id, options.lang), options.wrap)
        extra = {"peripheries": "2"} if state.final else {}
        dot.node(state.id, label=_dot_label(label), **extra)
    if keep is None or machine.initial in keep:
        dot.node(START_NODE, label="", shape="point", style="invis", width="0.1")
        dot.edge(START_NODE, machine.initial, id=START_EDGE)
    for t in machine.transitions:
        if keep is not None and not (t.source in keep and t.target in keep):
            continue
        extra = {}
        if options.edge_labels:
            extra["label"] = _dot_label(wrap_label(machine.trigger_label(t.id, options.lang), options.edge_wrap))
        target = t.target
        if t.target in hubs and t.source != t.target:
            # The stub: the hub's name in the trigger labels' size, the same
            # double border for a final state; the real hub is drawn once.
            target, stubs = f"{STUB_PREFIX}{stubs}", stubs + 1
            label = wrap_label(machine.state_label(t.target, options.lang), options.wrap)
            dot.node(target, label=_dot_label(label), comment=graphviz.nohtml(t.target),
                     fontsize=f"{options.edge_font_size:g}",
                     margin="0.06,0.03", height="0.25", width="0.3",
                     **({"peripheries": "2"} if machine.state(t.target).final else {}))
        dot.edge(t.source, target, id=graphviz.nohtml(t.id), **extra)
    ends = sorted(h for h in hubs if not any(t.target != h for t in machine.outgoing(h)))
    if ends:
        # Hubs nothing leaves (final states) on the last rank: the flow ends at the bottom or
        # right, and the picture is smaller than with them beside the initial state, where
        # dot puts states with no curve in (see the measurements above HUB_MIN_IN).
        with dot.subgraph() as last:
            last.attr(rank="max")
            for hub in ends:
                last.node(hub)
    return dot.source


def _stubbed_hubs(machine: Machine, options: LayoutOptions, keep: set[str] | None) -> frozenset[str]:
    """The hubs :func:`to_dot` draws as stubs with these options (none when off or too big)."""
    n = len(machine.states) if keep is None else len(keep)
    if not options.hub_stubs or n > HUB_STUB_STATES:
        return frozenset()
    if any(s.id.startswith(STUB_PREFIX) for s in machine.states):
        raise LayoutError(f"state ids starting with {STUB_PREFIX!r} are reserved for hub stubs")
    return hub_states(machine, keep)


# -- reading -Tjson ------------------------------------------------------------


def _number(value: Any) -> float:
    """A finite float from Graphviz's text or number; ValueError otherwise."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError(f"expected a number, found {_json_kind(value)}")
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"expected a finite number, found {shorten(str(value), 40)!r}")
    return number


def _point(text: str) -> Point:
    x, y = text.split(",")[:2]
    return _number(x), _number(y)


def _json_kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "a text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number" if isinstance(value, (int, float)) else type(value).__name__)


def _check_json_shape(data: Any) -> None:
    """Raise LayoutError unless ``data`` has the shape :func:`parse_json_layout` reads.

    Explicit checks rather than a schema library: the shape is small, and each
    check names what was wrong in words. Only what the parser reads is checked;
    Graphviz's other keys may be anything.
    """

    def fail(what: str) -> None:
        raise LayoutError(f"unexpected Graphviz output: {what}")

    def expect_text(obj: dict[str, Any], key: str, where: str) -> None:
        if key in obj and not isinstance(obj[key], str):
            fail(f"{where}: {key!r} is {_json_kind(obj[key])}, not a text")

    def expect_index(obj: dict[str, Any], key: str, where: str) -> None:
        value = obj.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            fail(f"{where}: {key!r} is {'missing' if value is None else _json_kind(value)}, not an index")

    if not isinstance(data, dict):
        fail(f"expected a JSON object, found {_json_kind(data)}")
    if not isinstance(data.get("bb"), str):
        fail("no bounding box ('bb')")
    for key in ("objects", "edges"):
        if not isinstance(data.get(key, []), list):
            fail(f"{key!r} is {_json_kind(data[key])}, not a list")
    for i, obj in enumerate(data.get("objects", [])):
        where = f"object {i}"
        if not isinstance(obj, dict):
            fail(f"{where} is {_json_kind(obj)}, not an object")
        expect_index(obj, "_gvid", where)
        if not isinstance(obj.get("name"), str):
            fail(f"{where} has no name")
        for key in ("pos", "label"):
            expect_text(obj, key, where)
        if "pos" in obj and not ("width" in obj and "height" in obj):
            fail(f"{where} ({shorten(obj['name'], 60)!r}) has a position but no size")
    for i, obj in enumerate(data.get("edges", [])):
        where = f"edge {i}"
        if not isinstance(obj, dict):
            fail(f"{where} is {_json_kind(obj)}, not an object")
        if "id" not in obj:
            continue  # not ours: skipped by the parser
        for key in ("id", "pos", "lp", "label"):
            expect_text(obj, key, where)
        expect_index(obj, "tail", where)
        expect_index(obj, "head", where)


def _clip_to_box(centre: Point, towards: Point, width: float, height: float) -> Point:
    """Where the segment centre->towards leaves the box of size width x height."""
    dx, dy = towards[0] - centre[0], towards[1] - centre[1]
    if dx == 0 and dy == 0:
        return centre
    scale = min(
        (width / 2) / abs(dx) if dx else float("inf"),
        (height / 2) / abs(dy) if dy else float("inf"),
    )
    scale = min(scale, 1.0)
    return centre[0] + dx * scale, centre[1] + dy * scale


def _straight_path(a: Point, b: Point) -> tuple[Point, ...]:
    """A straight cubic bezier from a to b (control points on the line)."""
    (ax, ay), (bx, by) = a, b
    return (a, (ax + (bx - ax) / 3, ay + (by - ay) / 3), (ax + 2 * (bx - ax) / 3, ay + 2 * (by - ay) / 3), b)


def parse_json_layout(data: dict[str, Any]) -> Layout:
    """Read Graphviz's ``-Tjson`` (or ``-Tjson0``) output into a :class:`Layout`.

    The one place that knows Graphviz's conventions: positions in points with
    y growing upwards (flipped here, once: y' = top - y), node sizes in inches,
    edges naming their ends by ``_gvid`` (index into ``objects``) and their
    curve as ``"e,x,y s,x,y x,y x,y ..."`` (arrow end and start, then cubic
    bezier control points). Edges without an ``id`` are not ours and skipped.

    Data of another shape, numbers that are not numbers, references to
    objects that do not exist, or no node at all: LayoutError.
    """
    _check_json_shape(data)
    try:
        left, bottom, right, top = (_number(v) for v in data["bb"].split(","))

        def flip(p: Point) -> Point:
            return p[0] - left, top - p[1]

        nodes: dict[str, NodeGeometry] = {}
        stubs: dict[str, NodeGeometry] = {}
        stub_nodes: dict[str, NodeGeometry] = {}
        hub_of: dict[str, str] = {}  # stub node name -> hub state id
        names: dict[int, str] = {}
        for obj in data.get("objects", []):
            names[int(obj["_gvid"])] = str(obj["name"])
            if "pos" not in obj:  # a cluster or subgraph, not a node
                continue
            x, y = flip(_point(obj["pos"]))
            raw_label = str(obj.get("label", ""))
            name = str(obj["name"])
            # A hub stub goes to Layout.stubs under its transition's id (below), a state to nodes.
            if name.startswith(STUB_PREFIX):
                # The hub's id rides in the stub's comment (a state id may hold any character).
                hub_of[name] = str(obj.get("comment", ""))
            (stub_nodes if name in hub_of else nodes)[name] = NodeGeometry(
                id=name,
                x=x,
                y=y,
                width=_number(obj["width"]) * 72,
                height=_number(obj["height"]) * 72,
                # "\N" (the node's name) is Graphviz's default: we set no label.
                label="" if raw_label == "\\N" else _undot_label(raw_label),
            )
        edges: dict[str, EdgeGeometry] = {}
        for obj in data.get("edges", []):
            if "id" not in obj:
                continue
            source, target = names[int(obj["tail"])], names[int(obj["head"])]
            arrow_tip: Point | None = None
            points: list[Point] = []
            # Several splines (";") only occur with concentrate, which we never
            # set; the first is the edge's own curve.
            for token in str(obj.get("pos", "")).split(";")[0].split():
                if token.startswith("e,"):
                    arrow_tip = flip(_point(token[2:]))
                elif token.startswith("s,"):
                    continue  # an arrow at the tail: we draw none
                else:
                    points.append(flip(_point(token)))
            edge_id = str(obj["id"])
            head_box = nodes[target] if target not in hub_of else stub_nodes[target]
            if target in hub_of:
                stubs[edge_id] = replace(head_box, id=edge_id)
                target = hub_of[target]  # a stubbed transition still leads to its hub
            if not points:
                # splines=none: Graphviz routed nothing; draw box to box.
                a, b = nodes[source], head_box
                start = _clip_to_box((a.x, a.y), (b.x, b.y), a.width, a.height)
                end = _clip_to_box((b.x, b.y), (a.x, a.y), b.width, b.height)
                points, arrow_tip = list(_straight_path(start, end)), end
            label_pos = flip(_point(obj["lp"])) if "lp" in obj else None
            edges[edge_id] = EdgeGeometry(
                id=edge_id,
                source=source,
                target=target,
                path=tuple(points),
                arrow_tip=arrow_tip,
                label_pos=label_pos,
                label=_undot_label(str(obj.get("label", ""))),
            )
    except (KeyError, ValueError, TypeError, IndexError, AttributeError) as e:
        raise LayoutError(f"unexpected Graphviz output: {shorten(repr(e))}") from e
    if not nodes:
        raise LayoutError("unexpected Graphviz output: no states in it")
    return Layout(
        width=right - left,
        height=top - bottom,
        nodes=nodes,
        edges=edges,
        engine=str(data.get("layout", "dot")),
        stubs=stubs,
    )


# -- running Graphviz ----------------------------------------------------------


def _dot_binary() -> str:
    path = shutil.which("dot")
    if path is None:
        raise LayoutError("Graphviz's 'dot' program was not found; install Graphviz (Debian: apt install graphviz)")
    return path


#: Seconds ``dot -V`` may take (it answers in milliseconds).
_VERSION_TIMEOUT = 10.0


@lru_cache(maxsize=4)
def _version_of(path: str, mtime_ns: int) -> str:
    # Cached per binary and modification time: asked once per run, again only
    # when Graphviz is reinstalled. Popen and _stop as in run_graphviz, so a
    # wrapper that hangs is stopped with everything it started.
    try:
        process = subprocess.Popen([path, "-V"], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, start_new_session=os.name == "posix")
    except OSError as e:
        raise LayoutError(f"could not run {path} -V: {e}") from e
    try:
        out, err = process.communicate(timeout=_VERSION_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        _stop(process)
        raise LayoutError(f"{path} -V did not answer within {_VERSION_TIMEOUT:g} s") from e
    if process.returncode != 0:
        raise LayoutError(f"{path} -V failed with status {process.returncode}")
    # "dot - graphviz version 2.43.0 (0)" goes to stderr.
    return shorten((err or out).decode("utf-8", "replace").strip())


#: The file in a cache directory that remembers ``dot -V`` between runs.
VERSION_MEMO = "graphviz-version.memo"  # not *.json: those are layouts


def graphviz_version(cache_dir: Path | None = None) -> str:
    """Graphviz's version line (asked once per installed binary, then remembered).

    With ``cache_dir`` the answer is also remembered on disk, per binary path,
    size and modification time, so a new process does not run ``dot -V``
    (about 20 ms) again; installing another Graphviz changes the binary and
    so the memo's key. A memo that cannot be read or written is ignored.
    """
    path = _dot_binary()
    st = os.stat(path)
    if cache_dir is None:
        return _version_of(path, st.st_mtime_ns)
    stamp = [path, st.st_size, st.st_mtime_ns]
    memo = Path(cache_dir) / VERSION_MEMO
    try:
        data = json.loads(memo.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("binary") == stamp and isinstance(data.get("version"), str):
            return data["version"]
    except (OSError, ValueError):
        pass
    version = _version_of(path, st.st_mtime_ns)
    try:
        memo.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=memo.parent, prefix=".tmp-", suffix=".memo")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"binary": stamp, "version": version}, f)
        os.replace(tmp, memo)
    except OSError:
        pass  # only a memo: the next run asks dot again
    return version


def run_graphviz(
    source: str, engine: str, cancel: threading.Event | None = None, timeout: float | None = None
) -> dict[str, Any]:
    """Run ``dot -K<engine> -Tjson0`` on ``source`` and return the parsed JSON.

    Popen rather than ``graphviz.pipe``: pipe() blocks until Graphviz exits
    and cannot be interrupted, but a big layout must be cancellable, so the
    process is polled every 50 ms and killed when ``cancel`` is set or after
    ``timeout`` seconds (None: no limit; :func:`compute_layout` always gives one).
    ``-Tjson0`` is ``-Tjson`` without the xdot drawing operations, which we
    never read: the same layout in a third of the bytes.

    Every failure is a LayoutError with a short message: not found, timed out,
    killed by a signal, a non-zero exit (with the start of what it wrote to
    stderr), no output, output that is not JSON or nested too deeply.
    """
    if engine not in ENGINES or engine == "auto":
        raise LayoutError(f"unknown layout engine {engine!r}")
    deadline = None if timeout is None else time.monotonic() + timeout
    # The source goes in through a temporary file, not a pipe: communicate()
    # retried after a timeout no longer writes pending input (CPython only
    # registers stdin on the call that passed it), so a big source written
    # through a pipe could stall Graphviz forever under load.
    with tempfile.TemporaryFile() as source_file:
        source_file.write(source.encode("utf-8"))
        source_file.seek(0)
        try:
            process = subprocess.Popen(
                [_dot_binary(), f"-K{engine}", "-Tjson0"],
                stdin=source_file,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                # Its own process group, so that stopping it also stops what
                # it started (a wrapper script's child would otherwise keep
                # the pipes open and communicate() waiting).
                start_new_session=os.name == "posix",
            )
        except OSError as e:
            raise LayoutError(f"could not start Graphviz: {e}") from e
        try:
            while True:
                if cancel is not None and cancel.is_set():
                    raise LayoutCancelled("layout cancelled")
                if deadline is not None and time.monotonic() > deadline:
                    raise LayoutError(
                        f"Graphviz ({engine}) did not finish within {timeout:g} s and was stopped; "
                        f"a bigger limit can be set with {TIMEOUT_ENV} (seconds) or --layout-timeout"
                    )
                try:
                    # Retrying after a timeout loses no output (documented).
                    out, err = process.communicate(timeout=_POLL_SECONDS)
                    break
                except subprocess.TimeoutExpired:
                    pass
        finally:
            if process.returncode is None:
                _stop(process)
    if process.returncode != 0:
        message = shorten(err.decode("utf-8", "replace").strip())
        if process.returncode < 0:
            try:
                name = signal.Signals(-process.returncode).name
            except ValueError:
                name = f"signal {-process.returncode}"
            status = f"was killed by {name}"
        else:
            status = f"exited with status {process.returncode}"
        raise LayoutError(f"Graphviz ({engine}) {status}" + (f": {message}" if message else ""))
    if not out.strip():
        raise LayoutError(f"Graphviz ({engine}) wrote nothing (no layout)")
    try:
        return json.loads(out)
    except RecursionError as e:
        raise LayoutError(f"Graphviz ({engine}) wrote JSON nested too deeply to be a layout") from e
    except ValueError as e:
        raise LayoutError(f"Graphviz ({engine}) wrote no readable JSON: {shorten(str(e))}") from e


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Kill ``process`` (and its process group) and collect it, without waiting for ever."""
    try:
        if os.name == "posix":
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except OSError:
        pass  # it ended on its own meanwhile
    try:
        process.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        # Something outside its group still holds the pipes: give up on them.
        for pipe in (process.stdout, process.stderr):
            if pipe is not None:
                pipe.close()
        process.wait()


# -- the cache -----------------------------------------------------------------


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/state-explorer``, else ``~/.cache/state-explorer``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "state-explorer"


def layout_to_json(layout: Layout) -> dict[str, Any]:
    """A :class:`Layout` as plain JSON data (the cache's file format)."""
    return {
        "format": CACHE_FORMAT_VERSION,
        "width": layout.width,
        "height": layout.height,
        "engine": layout.engine,
        "notes": list(layout.notes),
        "nodes": [[n.id, n.x, n.y, n.width, n.height, n.label] for n in layout.nodes.values()],
        "stubs": [[n.id, n.x, n.y, n.width, n.height, n.label] for n in layout.stubs.values()],
        "edges": [
            [e.id, e.source, e.target, e.path, e.arrow_tip, e.label_pos, e.label] for e in layout.edges.values()
        ],
    }


def _opt_point(value: Any) -> Point | None:
    return None if value is None else (float(value[0]), float(value[1]))


def layout_from_json(data: dict[str, Any]) -> Layout:
    """The inverse of :func:`layout_to_json`; LayoutError when the data is not one."""
    try:
        if data["format"] != CACHE_FORMAT_VERSION:
            raise ValueError(f"format {data['format']!r}")
        nodes, stubs = ({
            str(i): NodeGeometry(str(i), float(x), float(y), float(w), float(h), str(label))
            for i, x, y, w, h, label in data[key]
        } for key in ("nodes", "stubs"))
        edges = {
            str(i): EdgeGeometry(
                str(i),
                str(s),
                str(t),
                tuple((float(px), float(py)) for px, py in path),
                _opt_point(tip),
                _opt_point(lp),
                str(label),
            )
            for i, s, t, path, tip, lp, label in data["edges"]
        }
        return Layout(
            width=float(data["width"]),
            height=float(data["height"]),
            nodes=nodes,
            edges=edges,
            engine=str(data["engine"]),
            notes=tuple(str(n) for n in data["notes"]),
            stubs=stubs,
        )
    except (KeyError, ValueError, TypeError) as e:
        raise LayoutError(f"not a cached layout: {e!r}") from e


class LayoutCache:
    """Layouts on disk, one JSON file per key; corrupt or foreign files are misses."""

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def version(self) -> str:
        """Graphviz's version, remembered in this cache's directory between runs."""
        return graphviz_version(self.directory)

    @staticmethod
    def key(source: str, engine: str, version: str | None = None) -> str:
        """The key for a DOT source run with ``engine`` by this Graphviz."""
        if version is None:
            version = graphviz_version()
        blob = json.dumps([CACHE_FORMAT_VERSION, version, engine, source])
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{64}", key):
            raise ValueError(f"not a cache key: {key!r}")
        return self.directory / f"{key}.json"

    def get(self, key: str) -> Layout | None:
        try:
            with self._path(key).open(encoding="utf-8") as f:
                return layout_from_json(json.load(f))
        except (OSError, ValueError, LayoutError):
            # Missing, unreadable, half-written by an older version, or not
            # ours: recompute rather than fail.
            return None

    def put(self, key: str, layout: Layout) -> None:
        """Store ``layout`` atomically: readers see the old file or the new one."""
        path = self._path(key)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump(layout_to_json(layout), f, separators=(",", ":"))
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError as e:
            # A cache that cannot be written (read-only home, full disk) must
            # not cost the user the layout they just waited for.
            raise LayoutError(f"could not write the layout cache in {self.directory}: {e}") from e


# -- the entry point -----------------------------------------------------------

def compute_layout(
    machine: Machine,
    options: LayoutOptions = LayoutOptions(),
    *,
    states: Collection[str] | None = None,
    cancel: threading.Event | None = None,
    cache: LayoutCache | None = None,
) -> Layout:
    """Lay out ``machine`` (or only ``states`` and the transitions among them).

    Blocking; call it off the UI thread. Raises LayoutCancelled when
    ``cancel`` is set while Graphviz runs, LayoutError when Graphviz is
    missing, fails, takes longer than :func:`layout_timeout` allows, or
    returns a layout that lacks a state or transition it was given. With a
    ``cache``, a layout computed before for the same DOT source, engine and
    Graphviz version returns without running Graphviz.
    """
    plan = plan_layout(machine, options, states)
    source = to_dot(machine, options, states, plan=plan)
    state_ids, transition_ids = _expected_ids(machine, states)
    timeout = layout_timeout(options, len(state_ids), len(transition_ids))
    key = LayoutCache.key(source, plan.engine, cache.version()) if cache is not None else None
    if cache is not None and key is not None:
        hit = cache.get(key)
        if hit is not None and not _missing(hit, state_ids, transition_ids):
            return hit
    layout = parse_json_layout(run_graphviz(source, plan.engine, cancel, timeout))
    missing = _missing(layout, state_ids, transition_ids)
    if missing:
        raise LayoutError(f"Graphviz ({plan.engine}) returned a layout without {missing}")
    layout = replace(layout, engine=plan.engine, notes=plan.notes)
    if cache is not None and key is not None:
        try:
            cache.put(key, layout)
        except LayoutError as e:
            layout = replace(layout, notes=(*layout.notes, str(e)))
    return layout


def _expected_ids(machine: Machine, states: Collection[str] | None) -> tuple[list[str], list[str]]:
    """The state and transition ids a layout of ``machine`` (or ``states``) must contain."""
    if states is None:
        return [s.id for s in machine.states], [t.id for t in machine.transitions]
    keep = set(states)
    return list(keep), [t.id for t in machine.transitions if t.source in keep and t.target in keep]


def _missing(layout: Layout, state_ids: list[str], transition_ids: list[str]) -> str:
    """What of the expected ids ``layout`` lacks, in words ("" when nothing)."""
    parts = []
    for ids, present, what in ((state_ids, layout.nodes, "state"), (transition_ids, layout.edges, "transition")):
        lost = [i for i in ids if i not in present]
        if lost:
            shown = ", ".join(shorten(i, 40) for i in lost[:5]) + (", …" if len(lost) > 5 else "")
            parts.append(f"{len(lost)} of its {len(ids)} {what}s ({shown})")
    return " and ".join(parts)


def neighbourhood(machine: Machine, state_id: str, radius: int = 1) -> set[str]:
    """``state_id`` and the states within ``radius`` transitions of it, either direction."""
    import networkx as nx

    machine.state(state_id)
    # A view, not ego_graph: ego_graph copies the whole graph with its data
    # (a second at 3000 states), and this runs before anything is drawn.
    undirected = machine.graph.to_undirected(as_view=True)
    return set(nx.single_source_shortest_path_length(undirected, state_id, cutoff=radius))
