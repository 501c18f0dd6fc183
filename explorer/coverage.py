"""Coverage: which states and transitions one or more walks have seen.

A trainer wants to know what a class has been shown; a writer wants every
transition documented by some scenario. :class:`Coverage` accumulates walks
(a session's history, replayed scenarios) over one machine: visited states
and taken transitions, against what can be reached from the initial state.

Recording a step is O(1) (two set insertions and a counter), so the window
can follow a session live at any size; the lists of what is still missing
are computed on demand, in file order. No Qt here: the window subscribes
through :meth:`Coverage.follow` or calls :meth:`Coverage.record` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from explorer.analysis import unreachable
from explorer.model import Machine
from explorer.session import Session, SessionEvent, Step


@dataclass(frozen=True)
class CoverageReport:
    """A snapshot of coverage: counts and the ids still missing (file order)."""

    states_visited: int
    states_total: int
    states_reachable: int
    transitions_taken: int
    transitions_total: int
    transitions_reachable: int
    #: Reachable states not visited yet.
    unvisited_states: tuple[str, ...]
    #: Reachable transitions not taken yet.
    untaken_transitions: tuple[str, ...]
    #: Transitions no walk from the initial state can take (their source is unreachable).
    uncoverable_transitions: tuple[str, ...]

    @property
    def states_percent(self) -> float:
        """Visited share of the reachable states, 0-100 (100 when nothing is reachable)."""
        return _percent(self.states_reachable - len(self.unvisited_states), self.states_reachable)

    @property
    def transitions_percent(self) -> float:
        """Taken share of the reachable transitions, 0-100 (100 when there are none)."""
        return _percent(self.transitions_reachable - len(self.untaken_transitions), self.transitions_reachable)

    def to_json(self) -> dict[str, Any]:
        """The ``explorer coverage --json`` contract."""
        return {
            "states": {"visited": self.states_visited, "total": self.states_total,
                       "reachable": self.states_reachable},
            "transitions": {"taken": self.transitions_taken, "total": self.transitions_total,
                            "reachable": self.transitions_reachable},
            "unvisited_states": list(self.unvisited_states),
            "untaken_transitions": list(self.untaken_transitions),
        }


def _percent(part: int, whole: int) -> float:
    return 100.0 if whole == 0 else 100.0 * part / whole


class Coverage:
    """Visited states and taken transitions of ``machine``, accumulated over walks until :meth:`reset`.

    "Reachable" means reachable from the machine's initial state. A walk
    that starts elsewhere (a scenario's ``start:``) still counts what it sees;
    the percentages count only what is reachable.
    """

    def __init__(self, machine: Machine, dead: frozenset[str] | None = None) -> None:
        """``dead``: the machine's unreachable states when already known (``Analysis.unreachable``)."""
        self.machine = machine
        if dead is None:
            dead = unreachable(machine)
        self._reachable_states = frozenset(s.id for s in machine.states if s.id not in dead)
        self._reachable_transitions = frozenset(t.id for t in machine.transitions if t.source not in dead)
        self._visited: set[str] = set()
        self._taken: set[str] = set()
        self._visited_reachable = 0
        self._taken_reachable = 0

    # -- recording (O(1) per call) ----------------------------------------------

    def visit(self, state_id: str) -> None:
        """Count ``state_id`` as visited (the start of a walk)."""
        if state_id not in self._visited:
            self._visited.add(state_id)
            if state_id in self._reachable_states:
                self._visited_reachable += 1

    def take(self, transition_id: str) -> None:
        """Count ``transition_id`` as taken and its target as visited."""
        if transition_id not in self._taken:
            self._taken.add(transition_id)
            if transition_id in self._reachable_transitions:
                self._taken_reachable += 1
        self.visit(self.machine.transition(transition_id).target)

    def record(self, step: Step) -> None:
        """Count a session step (what :meth:`follow` does on every ``fired`` event)."""
        self.take(step.transition)

    def add_walk(self, start: str, transition_ids: Iterable[str]) -> None:
        """Count a whole walk: its start state and every transition taken."""
        self.visit(start)
        for tid in transition_ids:
            self.take(tid)

    def reset(self) -> None:
        """Forget everything seen."""
        self._visited.clear()
        self._taken.clear()
        self._visited_reachable = self._taken_reachable = 0

    def follow(self, session: Session) -> Callable[[], None]:
        """Count ``session``'s walk so far and every step it takes from now on; returns an unsubscribe function.

        Undo and restart do not take coverage back: what was shown was shown.
        """
        if session.machine is not self.machine:
            raise ValueError("the session walks another machine")
        self.add_walk(session.start, session.taken_transitions())

        def on_event(event: SessionEvent) -> None:
            if event.kind == "fired" and event.step is not None:
                self.record(event.step)
            elif event.kind == "redo" and event.step is not None:
                self.record(event.step)

        return session.subscribe(on_event)

    # -- reading -----------------------------------------------------------------

    @property
    def visited(self) -> frozenset[str]:
        return frozenset(self._visited)

    @property
    def taken(self) -> frozenset[str]:
        return frozenset(self._taken)

    @property
    def reachable_states(self) -> frozenset[str]:
        return self._reachable_states

    @property
    def reachable_transitions(self) -> frozenset[str]:
        return self._reachable_transitions

    @property
    def visited_reachable(self) -> int:
        """How many reachable states have been visited (O(1))."""
        return self._visited_reachable

    @property
    def taken_reachable(self) -> int:
        """How many reachable transitions have been taken (O(1))."""
        return self._taken_reachable

    @property
    def transitions_percent(self) -> float:
        return _percent(self._taken_reachable, len(self._reachable_transitions))

    @property
    def states_percent(self) -> float:
        return _percent(self._visited_reachable, len(self._reachable_states))

    def unvisited_states(self) -> tuple[str, ...]:
        """Reachable states not visited yet, in file order."""
        return tuple(s.id for s in self.machine.states if s.id in self._reachable_states and s.id not in self._visited)

    def untaken_transitions(self) -> tuple[str, ...]:
        """Reachable transitions not taken yet, in file order."""
        return tuple(t.id for t in self.machine.transitions
                     if t.id in self._reachable_transitions and t.id not in self._taken)

    def report(self) -> CoverageReport:
        m = self.machine
        return CoverageReport(
            states_visited=len(self._visited),
            states_total=len(m.states),
            states_reachable=len(self._reachable_states),
            transitions_taken=len(self._taken),
            transitions_total=len(m.transitions),
            transitions_reachable=len(self._reachable_transitions),
            unvisited_states=self.unvisited_states(),
            untaken_transitions=self.untaken_transitions(),
            uncoverable_transitions=tuple(t.id for t in m.transitions if t.id not in self._reachable_transitions),
        )


def coverage_markdown(report: CoverageReport, machine: Machine, sources: Iterable[str] = (),
                      lang: str | None = None) -> str:
    """The report as Markdown: counts with percentages, then what is still missing."""
    lang = lang or machine.language

    def state(sid: str) -> str:
        return f"{machine.state_label(sid, lang)} (`{sid}`)"

    def edge(tid: str) -> str:
        t = machine.transition(tid)
        return (f"`{tid}`: {machine.state_label(t.source, lang)} → {machine.state_label(t.target, lang)}, "
                f"**{machine.trigger_label(tid, lang)}**")

    lines = [f"## Coverage of {machine.name}", ""]
    names = list(sources)
    if names:
        lines += ["Walks: " + ", ".join(names), ""]
    visited_reachable = report.states_reachable - len(report.unvisited_states)
    taken_reachable = report.transitions_reachable - len(report.untaken_transitions)
    lines += [
        f"- States visited: {visited_reachable} of {report.states_reachable} reachable "
        f"({report.states_percent:.0f} %); {report.states_total} states in all",
        f"- Transitions taken: {taken_reachable} of {report.transitions_reachable} reachable "
        f"({report.transitions_percent:.0f} %); {report.transitions_total} transitions in all",
        "",
    ]
    if report.unvisited_states:
        lines += ["### States not visited", "", *(f"- {state(s)}" for s in report.unvisited_states), ""]
    if report.untaken_transitions:
        lines += ["### Transitions not taken", "", *(f"- {edge(t)}" for t in report.untaken_transitions), ""]
    if report.uncoverable_transitions:
        lines += ["### Not coverable (unreachable from the initial state)", "",
                  *(f"- {edge(t)}" for t in report.uncoverable_transitions), ""]
    if not report.unvisited_states and not report.untaken_transitions:
        lines += ["Every reachable state and transition is covered.", ""]
    return "\n".join(lines).rstrip("\n") + "\n"
