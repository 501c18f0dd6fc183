"""Tours: a few walks from the initial state that together take every reachable transition.

A trainer who plays the tours has shown the class every way the machine can
move; a writer who documents them has documented every transition. The tours
are computed as a route inspection (the "Chinese postman" problem on a
directed graph, with walks that may end anywhere and restart at the initial
state):

1. every reachable transition is taken once; a state where more transitions
   leave than arrive needs extra arrivals, one where more arrive than leave
   has walks ending there or passing on;
2. a minimum-cost flow (networkx's network simplex) picks the transitions to
   repeat (cost: one step each) and where walks end and new ones start
   (a new tour costs less than any step, so steps are minimised first, then
   tours);
3. with the repeats and a virtual "back to the start" edge for every walk
   end, every state is balanced, so one Euler circuit from the initial state
   covers everything; cut at the virtual edges, it falls into the tours.

So the total length is the least possible for walks from the initial state;
the lower bound reported beside it (the number of reachable transitions)
is only reached when the machine needs no repeats. Timeout transitions are
taken by waiting for them (see :func:`tour_scenario`). Transitions whose
source cannot be reached are named as not coverable.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from explorer.analysis import unreachable
from explorer.io.scenario import DEFAULT_TIMEOUT, Scenario, ScenarioStep
from explorer.model import Machine, Transition


@dataclass(frozen=True)
class TourPlan:
    """Walks from ``start`` (transition ids each), and how they compare with the lower bound."""

    start: str
    tours: tuple[tuple[str, ...], ...]
    #: The number of reachable transitions: no covering can be shorter.
    lower_bound: int
    #: Transitions no walk from the initial state can take, in file order.
    uncoverable: tuple[str, ...]

    @property
    def total_steps(self) -> int:
        return sum(len(t) for t in self.tours)

    @property
    def ratio(self) -> float:
        """Total steps over the lower bound (1.0 when there is nothing to cover)."""
        return self.total_steps / self.lower_bound if self.lower_bound else 1.0


def plan_tours(machine: Machine) -> TourPlan:
    """The fewest steps, then the fewest tours, that take every reachable transition from the initial state."""
    dead = unreachable(machine)
    required = [t for t in machine.transitions if t.source not in dead]
    uncoverable = tuple(t.id for t in machine.transitions if t.source in dead)
    start = machine.initial
    if not required:
        return TourPlan(start, (), 0, uncoverable)

    # Net arrivals needed per state if every required transition is taken once.
    demand: dict[str, int] = defaultdict(int)
    for t in required:
        demand[t.source] += 1
        demand[t.target] -= 1
    surplus = sum(d for d in demand.values() if d > 0)
    # A step must cost more than any number of tours, so steps are minimised first.
    step_cost = surplus + 2
    first_between: dict[tuple[str, str], Transition] = {}
    for t in required:
        if t.source != t.target:
            first_between.setdefault((t.source, t.target), t)

    flow_net = nx.DiGraph()
    start_node, end_node = ("tour", "start"), ("tour", "end")
    for v in {t.source for t in required} | {t.target for t in required}:
        flow_net.add_node(v, demand=demand.get(v, 0))
        flow_net.add_edge(v, end_node, weight=0)  # a walk may end anywhere
    budget = surplus + 1
    flow_net.add_node(start_node, demand=-budget)
    flow_net.add_node(end_node, demand=budget)
    flow_net.add_edge(start_node, end_node, weight=0)  # tours not needed
    flow_net.add_edge(start_node, start, weight=1)  # one more tour from the initial state
    for (u, v) in first_between:
        flow_net.add_edge(u, v, weight=step_cost)
    _, flow = nx.network_simplex(flow_net)

    walk_graph = nx.MultiDiGraph()
    for t in required:
        walk_graph.add_edge(t.source, t.target, key=t.id)
    for (u, v), t in first_between.items():
        for n in range(flow[u].get(v, 0)):
            walk_graph.add_edge(u, v, key=(t.id, n))  # a repeat of t
    virtual = 0
    for v, out in flow.items():
        if v in (start_node, end_node):
            continue
        for n in range(out.get(end_node, 0)):
            walk_graph.add_edge(v, start, key=("end", virtual))
            virtual += 1

    tours: list[tuple[str, ...]] = []
    current: list[str] = []
    for _, _, key in nx.eulerian_circuit(walk_graph, source=start, keys=True):
        if isinstance(key, tuple) and key[0] == "end":
            if current:
                tours.append(tuple(current))
            current = []
        else:
            current.append(key if isinstance(key, str) else key[0])
    if current:
        tours.append(tuple(current))
    return TourPlan(start, tuple(tours), len(required), uncoverable)


def _durations(machine: Machine, state_id: str, default_timeout: float) -> list[tuple[float, Transition]]:
    return [(default_timeout if t.timeout.seconds is None else float(t.timeout.seconds), t)
            for t in machine.outgoing(state_id) if t.timeout is not None]


def _direct_fires(machine: Machine, tour: tuple[str, ...] | list[str], default_timeout: float) -> int:
    """How many timeout steps of ``tour`` waiting would not fire (another timeout comes first)."""
    count = 0
    for tid in tour:
        t = machine.transition(tid)
        if t.timeout is not None:
            if min(_durations(machine, t.source, default_timeout), key=lambda item: item[0])[1].id != t.id:
                count += 1
    return count


def best_default_timeout(machine: Machine, tour: tuple[str, ...] | list[str]) -> float:
    """The setting (duration of timeouts that are a setting) under which waiting fires most of ``tour``'s timeouts.

    Candidates: the usual 60 s, and a value below, between and above the
    machine's fixed durations; the usual one wins ties, then the shorter.
    """
    fixed = sorted({float(t.timeout.seconds) for t in machine.transitions
                    if t.timeout is not None and t.timeout.seconds is not None})
    if not any(t.timeout is not None and t.timeout.seconds is None for t in machine.transitions):
        return DEFAULT_TIMEOUT
    candidates = [DEFAULT_TIMEOUT]
    if fixed:
        candidates += [fixed[0] / 2, *((a + b) / 2 for a, b in zip(fixed, fixed[1:])), fixed[-1] * 2]
    return min(candidates, key=lambda c: (_direct_fires(machine, tour, c), c != DEFAULT_TIMEOUT, c))


def tour_scenario(machine: Machine, tour: tuple[str, ...] | list[str], *, name: str | None = None,
                  machine_path: Path | None = None, default_timeout: float | None = None) -> Scenario:
    """``tour`` as a scenario that replays green, ending with ``expect`` its last state.

    Chosen transitions become ``transition: <id>`` (unambiguous even where the
    trigger is not). A timeout transition becomes a ``wait`` of its duration
    when waiting fires it (no time has passed in its state: the tour acts at
    once everywhere); when another timeout of that state would fire first or
    at the same instant, the step names the transition directly, with a note.
    ``default_timeout`` (the setting) defaults to :func:`best_default_timeout`.
    """
    if default_timeout is None:
        default_timeout = best_default_timeout(machine, tour)
    steps: list[ScenarioStep] = []
    here = machine.initial
    for tid in tour:
        t = machine.transition(tid)
        if t.source != here:
            raise ValueError(f"tour step {tid!r} leaves {t.source!r}, but the tour is in {here!r}")
        if t.timeout is not None:
            timed = _durations(machine, t.source, default_timeout)
            seconds = next(d for d, o in timed if o.id == t.id)
            # Ties go to file order, as in Session.advance.
            first = min(timed, key=lambda item: item[0])
            if first[1].id == t.id:
                steps.append(ScenarioStep("wait", seconds))
            else:
                steps.append(ScenarioStep(
                    "transition", t.id,
                    note=f"A timeout, taken directly: waiting here fires {first[1].id} first."))
        else:
            steps.append(ScenarioStep("transition", t.id))
        here = t.target
    has_setting = any(t.timeout is not None and t.timeout.seconds is None for t in machine.transitions)
    return Scenario(
        steps=tuple(steps),
        machine_path=machine_path,
        expect=here,
        name=name,
        default_timeout=default_timeout if has_setting else None,
    )


def tours_markdown(machine: Machine, plan: TourPlan, lang: str | None = None,
                   files: list[Path] | None = None) -> str:
    """A summary, then one numbered procedure per tour (with its file when written)."""
    from explorer.io.markdown import escape, procedure_markdown

    lang = lang or machine.language
    n = len(plan.tours)
    lines = [
        f"# Tours of {escape(machine.name)}",
        "",
        f"{n} tour{'s' if n != 1 else ''}, {plan.total_steps} steps in all, for {plan.lower_bound} reachable "
        f"transitions (the lower bound; ratio {plan.ratio:.2f}).",
        "",
    ]
    if plan.uncoverable:
        names = ", ".join(
            f"`{tid}` ({escape(machine.state_label(machine.transition(tid).source, lang))} → "
            f"{escape(machine.state_label(machine.transition(tid).target, lang))})"
            for tid in plan.uncoverable)
        lines += [f"Not coverable (their source cannot be reached from the initial state): {names}.", ""]
    text = "\n".join(lines)
    for i, tour in enumerate(plan.tours, start=1):
        title = f"Tour {i} of {n}: {len(tour)} steps"
        if files:
            title += f" ({files[i - 1].name})"
        text += "\n" + procedure_markdown(machine, tour, lang=lang, start=plan.start, title=title)
    return text
