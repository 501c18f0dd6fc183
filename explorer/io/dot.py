"""The machine as Graphviz DOT source, for people who paste graphs into Graphviz tools.

A plain ``digraph``: one node per state (named by its id, labelled in one
language), a point that marks the initial state, a double border for final
states, one edge per transition with its trigger, and dashed edges marked ⏱
for timeouts. Each edge carries the transition id as its ``id``. This is a
picture of the machine, not a format State Explorer reads back.
"""

from __future__ import annotations

from explorer.io.formatkit import timeout_text
from explorer.model import Machine, Transition

NAME = "dot"
EXTENSIONS = (".dot", ".gv")
DESCRIPTION = "Graphviz DOT"


def quote(text: str) -> str:
    """``text`` as a DOT double-quoted string (backslashes, quotes and line breaks escaped)."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\r\n", "\n").replace("\n", "\\n")
    return f'"{escaped}"'


def _edge_label(machine: Machine, t: Transition, lang: str | None) -> str:
    label = machine.trigger_label(t.id, lang)
    if t.timeout is not None:
        label = f"⏱ {timeout_text(t.timeout)} · {label}"
    return label


def write(machine: Machine, lang: str | None = None) -> str:
    """DOT source of the machine with labels in ``lang`` (default: the machine's language)."""
    start = "__start"
    while machine.has_state(start):  # a state may be called that; the marker must not collide
        start = f"_{start}"
    lines = [f"digraph {quote(machine.name)} {{",
             '  node [shape=box, style=rounded, fontname="Helvetica"];',
             '  edge [fontname="Helvetica"];',
             f'  {quote(start)} [shape=point, width=0.15, label=""];']
    for state in machine.states:
        extra = ", peripheries=2" if state.final else ""
        lines.append(f"  {quote(state.id)} [label={quote(machine.state_label(state.id, lang))}{extra}];")
    lines.append(f"  {quote(start)} -> {quote(machine.initial)};")
    for t in machine.transitions:
        style = ", style=dashed" if t.timeout is not None else ""
        lines.append(f"  {quote(t.source)} -> {quote(t.target)} "
                     f"[id={quote(t.id)}, label={quote(_edge_label(machine, t, lang))}{style}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
