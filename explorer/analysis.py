"""Defects and paths of a machine.

Reachability is one linear search over the machine's own adjacency (the
model's ``outgoing``/``incoming`` maps); paths use networkx on
``Machine.graph``, imported when a path is first asked for, so that
``explorer check`` starts without networkx (about 0.1 s of imports).

Every function takes a :class:`~explorer.model.Machine` and returns ids (state
ids or transition ids), never Qt objects, so the CLI, the session and the
window share one definition of each defect.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from explorer.model import Machine


def _forward_closure(machine: Machine, start: str) -> set[str]:
    """``start`` and every state reachable from it: one search, each transition looked at once."""
    seen = {start}
    frontier = [start]
    while frontier:
        for t in machine.outgoing(frontier.pop()):
            if t.target not in seen:
                seen.add(t.target)
                frontier.append(t.target)
    return seen


def unreachable(machine: Machine) -> frozenset[str]:
    """States no sequence of transitions leads to from the initial state."""
    reachable = _forward_closure(machine, machine.initial)
    return frozenset(s.id for s in machine.states if s.id not in reachable)


def reachable_from(machine: Machine, state_id: str) -> frozenset[str]:
    """States reachable from ``state_id`` by zero or more transitions (itself included)."""
    machine.state(state_id)
    return frozenset(_forward_closure(machine, state_id))


def dead_ends(machine: Machine) -> frozenset[str]:
    """Non-final states with no way out to another state (self-loops do not count)."""
    return frozenset(
        s.id
        for s in machine.states
        if not s.final and all(t.is_self_loop for t in machine.outgoing(s.id))
    )


def traps(machine: Machine) -> frozenset[str]:
    """Non-final states from which no final state can be reached.

    A machine without final states has no notion of "finishing", so it has no
    traps either (every state would be one, which says nothing).
    """
    finals = [s.id for s in machine.states if s.final]
    if not finals:
        return frozenset()
    # One backward search from every final state at once (not one per final):
    # each transition is looked at once, so this stays linear at any size.
    can_finish = set(finals)
    frontier = list(finals)
    while frontier:
        here = frontier.pop()
        for t in machine.incoming(here):
            if t.source not in can_finish:
                can_finish.add(t.source)
                frontier.append(t.source)
    return frozenset(s.id for s in machine.states if s.id not in can_finish)


def ambiguous(machine: Machine) -> frozenset[str]:
    """Transitions that share a trigger with another way out of the same state
    leading somewhere else: pressing that trigger would not say where you go.

    Triggers are compared in every language they are given in (case-insensitive).
    """
    found: set[str] = set()
    for state in machine.states:
        by_text: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for t in machine.outgoing(state.id):
            for text in {v.strip().casefold() for _, v in t.trigger.values}:
                by_text[text].append((t.id, t.target))
        for pairs in by_text.values():
            if len({target for _, target in pairs}) > 1:
                found.update(tid for tid, _ in pairs)
    return frozenset(found)


def timeouts(machine: Machine) -> frozenset[str]:
    """Transitions that fire when time passes."""
    return frozenset(t.id for t in machine.transitions if t.is_timeout)


def also_leads_to(machine: Machine, transition_id: str) -> tuple[str, ...]:
    """States other than its target that ``transition_id``'s trigger also leads to from its source.

    Empty for an unambiguous trigger. Triggers match as in :func:`ambiguous`
    (any language, case-insensitive); states come in file order of the ways out.
    """
    t = machine.transition(transition_id)
    texts = {v.strip().casefold() for _, v in t.trigger.values}
    others: dict[str, None] = {}
    for other in machine.outgoing(t.source):
        if other.target != t.target and texts & {v.strip().casefold() for _, v in other.trigger.values}:
            others[other.target] = None
    return tuple(others)


def self_loops(machine: Machine) -> frozenset[str]:
    return frozenset(t.id for t in machine.transitions if t.is_self_loop)


def shortest_path(machine: Machine, source: str, target: str) -> list[str] | None:
    """The fewest transitions leading from ``source`` to ``target``, as ids.

    Between two states joined by several transitions the first in file order
    is taken. ``[]`` when source is target; ``None`` when target cannot be reached.
    """
    import networkx as nx

    machine.state(source)
    machine.state(target)
    try:
        nodes = nx.shortest_path(machine.graph, source, target)
    except nx.NetworkXNoPath:
        return None
    path: list[str] = []
    for a, b in zip(nodes, nodes[1:]):
        path.append(next(t.id for t in machine.outgoing(a) if t.target == b))
    return path


@dataclass(frozen=True)
class Analysis:
    """Every defect of a machine at once (what `explorer check` prints)."""

    unreachable: frozenset[str]
    dead_ends: frozenset[str]
    traps: frozenset[str]
    ambiguous: frozenset[str]
    timeouts: frozenset[str]
    self_loops: frozenset[str]

    @property
    def is_clean(self) -> bool:
        return not (self.unreachable or self.dead_ends or self.traps or self.ambiguous)


def analyse(machine: Machine) -> Analysis:
    return Analysis(
        unreachable=unreachable(machine),
        dead_ends=dead_ends(machine),
        traps=traps(machine),
        ambiguous=ambiguous(machine),
        timeouts=timeouts(machine),
        self_loops=self_loops(machine),
    )
