"""Findings: every defect of a machine as a list a reviewer reads row by row.

:func:`findings` turns the analysis (:mod:`explorer.analysis`) and a few
checks of its own into :class:`Finding` rows: a kind, the ids it concerns, a
one-line explanation in plain words that names the states and transitions,
and the line in the source file. The defects panel, ``explorer check`` (text
and ``--json``) and ``explorer diff`` all read this one list, so they use the
same words.

Each kind is computed in one pass over the machine (traps by one backward
search from all final states together), so the list costs about as much as
reading the machine once.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from explorer.analysis import Analysis, analyse
from explorer.model import ANY_LANGUAGE, Machine, Transition

#: Every kind, in the order the list groups them, with a title for each group.
KINDS: dict[str, str] = {
    "unreachable": "Unreachable states",
    "dead_end": "Dead ends",
    "trap": "Traps",
    "ambiguous_trigger": "Ambiguous triggers",
    "timeout_conflict": "Timeout conflicts",
    "self_loop": "Self-loops",
    "missing_label": "Missing labels",
    "no_steps": "Transitions without steps",
}


@dataclass(frozen=True)
class Finding:
    """One defect: what kind, which states or transitions, why, and where in the file."""

    kind: str
    #: State ids or transition ids, as the kind says (file order).
    ids: tuple[str, ...]
    #: One line in plain words that names the items.
    message: str
    #: Line of the first item in the source file (0: unknown).
    line: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "ids": list(self.ids), "message": self.message, "line": self.line}

    @property
    def key(self) -> tuple[str, frozenset[str]]:
        """What the finding is about, regardless of wording: compares findings of two versions."""
        return (self.kind, frozenset(self.ids))


def findings(machine: Machine, analysis: Analysis | None = None, lang: str | None = None) -> tuple[Finding, ...]:
    """Every finding, grouped by kind in :data:`KINDS` order, then in file order.

    Pass ``analysis`` when it is already computed; ``lang`` picks the label
    language of the messages (default: the machine's).
    """
    a = analysis if analysis is not None else analyse(machine)
    lang = lang or machine.language

    def state(sid: str) -> str:
        label = machine.state_label(sid, lang)
        return sid if label == sid else f"{label} ({sid})"

    def trigger(t: Transition) -> str:
        return f"\"{machine.trigger_label(t.id, lang)}\""

    def edge(t: Transition) -> str:
        return f"{t.id} ({machine.state_label(t.source, lang)} -> {machine.state_label(t.target, lang)}, {trigger(t)})"

    out: list[Finding] = []
    initial = state(machine.initial)
    for s in machine.states:
        if s.id in a.unreachable:
            out.append(Finding("unreachable", (s.id,),
                               f"{state(s.id)} cannot be reached: no transitions lead there from {initial}.", s.line))
    for s in machine.states:
        if s.id in a.dead_ends:
            out.append(Finding("dead_end", (s.id,),
                               f"{state(s.id)} is a dead end: it is not final and has no way out to another state.",
                               s.line))
    for s in machine.states:
        if s.id in a.traps:
            out.append(Finding("trap", (s.id,),
                               f"{state(s.id)} is a trap: no final state can be reached from it.", s.line))
    out += _ambiguous(machine, a, state, trigger)
    out += _timeout_conflicts(machine, state)
    for t in machine.transitions:
        if t.id in a.self_loops:
            out.append(Finding("self_loop", (t.id,),
                               f"{t.id}: {trigger(t)} leads from {state(t.source)} back to itself.", t.line))
    out += _missing_labels(machine, state, edge)
    for t in machine.transitions:
        if not t.steps:
            out.append(Finding("no_steps", (t.id,),
                               f"{edge(t)} has no steps: its procedure is not written down.", t.line))
    return tuple(out)


def _ambiguous(machine: Machine, a: Analysis, state, trigger) -> list[Finding]:  # type: ignore[no-untyped-def]
    """One finding per state and shared trigger text (not one per transition)."""
    out: list[Finding] = []
    seen: set[frozenset[str]] = set()
    by_state: dict[str, list[Transition]] = defaultdict(list)
    for t in machine.transitions:
        if t.id in a.ambiguous:
            by_state[t.source].append(t)
    for source, ts in by_state.items():
        for t in ts:
            texts = {v.strip().casefold() for _, v in t.trigger.values}
            group = [o for o in ts if texts & {v.strip().casefold() for _, v in o.trigger.values}]
            ids = frozenset(o.id for o in group)
            if ids in seen or len({o.target for o in group}) < 2:
                continue
            seen.add(ids)
            targets = ", ".join(state(x) for x in dict.fromkeys(o.target for o in group))
            out.append(Finding(
                "ambiguous_trigger", tuple(o.id for o in group),
                f"From {state(source)}, {trigger(t)} can lead to {len({o.target for o in group})} states: "
                f"{targets} ({', '.join(o.id for o in group)}).",
                group[0].line,
            ))
    out.sort(key=lambda f: f.line)
    return out


def _timeout_conflicts(machine: Machine, state) -> list[Finding]:  # type: ignore[no-untyped-def]
    """Timeouts of one state with the same declared duration: only the first in file order ever fires.

    A fixed duration and a setting may coincide too, but only for one value
    of the setting, so that is not reported.
    """
    from explorer.io.markdown import duration_words

    groups: dict[tuple[str, float | None], list[Transition]] = defaultdict(list)
    for t in machine.transitions:
        if t.timeout is not None:
            groups[(t.source, t.timeout.seconds)].append(t)
    out = []
    for (source, seconds), ts in groups.items():
        if len(ts) < 2:
            continue
        when = "after the configured timeout" if seconds is None else f"after {duration_words(seconds)}"
        ids = ", ".join(t.id for t in ts)
        out.append(Finding(
            "timeout_conflict", tuple(t.id for t in ts),
            f"{state(source)} has {len(ts)} timeouts due at the same time ({when}): {ids}; "
            f"only {ts[0].id} (first in the file) ever fires.",
            ts[0].line,
        ))
    out.sort(key=lambda f: f.line)
    return out


def _missing_labels(machine: Machine, state, edge) -> list[Finding]:  # type: ignore[no-untyped-def]
    """States and triggers without a text in a language the machine uses elsewhere.

    A plain string is valid in every language, so it never misses one.
    """
    wanted = set(machine.languages)
    out: list[Finding] = []
    if len(wanted) < 2:
        return out

    def missing(languages: Iterable[str]) -> list[str]:
        have = set(languages)
        return [] if ANY_LANGUAGE in have else [x for x in machine.languages if x not in have]

    for s in machine.states:
        gaps = missing(k for k, _ in s.label.values)
        if gaps:
            out.append(Finding("missing_label", (s.id,),
                               f"{state(s.id)} has no label in {', '.join(gaps)}.", s.line))
    for t in machine.transitions:
        gaps = missing(k for k, _ in t.trigger.values)
        if gaps:
            out.append(Finding("missing_label", (t.id,),
                               f"The trigger of {edge(t)} has no text in {', '.join(gaps)}.", t.line))
    return out


def counts(found: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each kind, every kind present (0 when none), in :data:`KINDS` order."""
    c = Counter(f.kind for f in found)
    return {kind: c.get(kind, 0) for kind in KINDS}


def finding_lines(found: Iterable[Finding], path: str | None = None) -> list[str]:
    """The findings as ``file:line: kind: message`` lines (what ``explorer check`` prints)."""
    where = f"{path}:" if path else "line "
    return [f"{where}{f.line}: {f.kind}: {f.message}" for f in found]
