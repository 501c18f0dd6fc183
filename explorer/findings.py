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
from dataclasses import dataclass, field
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


#: The sentence of each message, in English, with its blanks; a UI translates it (by this key) and fills the
#: same blanks (:attr:`Finding.values`), so this module needs no translation machinery of its own.
#: A blank named ``seconds`` is a duration: :data:`DURATION_BLANK` is filled with it in words.
TEMPLATES: dict[str, str] = {
    "unreachable": "{state} cannot be reached: no transitions lead there from {initial}.",
    "dead_end": "{state} is a dead end: it is not final and has no way out to another state.",
    "trap": "{state} is a trap: no final state can be reached from it.",
    "ambiguous_trigger": "From {state}, {trigger} can lead to {count} states: {targets} ({ids}).",
    "timeout_conflict": "{state} has {count} timeouts due at the same time (after {duration}): {ids}; "
                        "only {first} (first in the file) ever fires.",
    "timeout_conflict_setting": "{state} has {count} timeouts due at the same time (after the configured "
                                "timeout): {ids}; only {first} (first in the file) ever fires.",
    "self_loop": "{id}: {trigger} leads from {state} back to itself.",
    "missing_state_label": "{state} has no label in {languages}.",
    "missing_trigger_text": "The trigger of {edge} has no text in {languages}.",
    "no_steps": "{edge} has no steps: its procedure is not written down.",
}
#: The blank a ``seconds`` value fills, in words ("5 minutes").
DURATION_BLANK = "duration"


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
    #: The key of the message's sentence in :data:`TEMPLATES` and its blanks' values ("" and (): none).
    template: str = field(default="", compare=False)
    values: tuple[tuple[str, str], ...] = field(default=(), compare=False)

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "ids": list(self.ids), "message": self.message, "line": self.line}

    @property
    def key(self) -> tuple[str, frozenset[str]]:
        """What the finding is about, regardless of wording: compares findings of two versions."""
        return (self.kind, frozenset(self.ids))


def _finding(kind: str, ids: tuple[str, ...], line: int, template: str, /, **values: object) -> Finding:
    """A finding whose message is ``TEMPLATES[template]`` filled with ``values`` (kept for a UI to translate)."""
    blanks = {name: str(value) for name, value in values.items()}
    if "seconds" in blanks:
        from explorer import durations

        blanks[DURATION_BLANK] = durations.words(float(blanks["seconds"]))
    return Finding(kind, ids, TEMPLATES[template].format(**blanks), line, template,
                   tuple((name, str(value)) for name, value in values.items()))


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
            out.append(_finding("unreachable", (s.id,), s.line, "unreachable", state=state(s.id), initial=initial))
    for s in machine.states:
        if s.id in a.dead_ends:
            out.append(_finding("dead_end", (s.id,), s.line, "dead_end", state=state(s.id)))
    for s in machine.states:
        if s.id in a.traps:
            out.append(_finding("trap", (s.id,), s.line, "trap", state=state(s.id)))
    out += _ambiguous(machine, a, state, trigger)
    out += _timeout_conflicts(machine, state)
    for t in machine.transitions:
        if t.id in a.self_loops:
            out.append(_finding("self_loop", (t.id,), t.line, "self_loop", id=t.id, trigger=trigger(t),
                                state=state(t.source)))
    out += _missing_labels(machine, state, edge)
    for t in machine.transitions:
        if not t.steps:
            out.append(_finding("no_steps", (t.id,), t.line, "no_steps", edge=edge(t)))
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
            out.append(_finding("ambiguous_trigger", tuple(o.id for o in group), group[0].line, "ambiguous_trigger",
                                state=state(source), trigger=trigger(t), count=len({o.target for o in group}),
                                targets=targets, ids=", ".join(o.id for o in group)))
    out.sort(key=lambda f: f.line)
    return out


def _timeout_conflicts(machine: Machine, state) -> list[Finding]:  # type: ignore[no-untyped-def]
    """Timeouts of one state with the same declared duration: only the first in file order ever fires.

    A fixed duration and a setting may coincide too, but only for one value
    of the setting, so that is not reported.
    """
    groups: dict[tuple[str, float | None], list[Transition]] = defaultdict(list)
    for t in machine.transitions:
        if t.timeout is not None:
            groups[(t.source, t.timeout.seconds)].append(t)
    out = []
    for (source, seconds), ts in groups.items():
        if len(ts) < 2:
            continue
        ids = ", ".join(t.id for t in ts)
        blanks: dict[str, object] = {"state": state(source), "count": len(ts), "ids": ids, "first": ts[0].id}
        if seconds is None:
            out.append(_finding("timeout_conflict", tuple(t.id for t in ts), ts[0].line, "timeout_conflict_setting",
                                **blanks))
        else:
            out.append(_finding("timeout_conflict", tuple(t.id for t in ts), ts[0].line, "timeout_conflict",
                                seconds=seconds, **blanks))
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
            out.append(_finding("missing_label", (s.id,), s.line, "missing_state_label", state=state(s.id),
                                languages=", ".join(gaps)))
    for t in machine.transitions:
        gaps = missing(k for k, _ in t.trigger.values)
        if gaps:
            out.append(_finding("missing_label", (t.id,), t.line, "missing_trigger_text", edge=edge(t),
                                languages=", ".join(gaps)))
    return out


def counts(found: Iterable[Finding]) -> dict[str, int]:
    """How many findings of each kind, every kind present (0 when none), in :data:`KINDS` order."""
    c = Counter(f.kind for f in found)
    return {kind: c.get(kind, 0) for kind in KINDS}


def finding_lines(found: Iterable[Finding], path: str | None = None) -> list[str]:
    """The findings as ``file:line: kind: message`` lines (what ``explorer check`` prints)."""
    where = f"{path}:" if path else "line "
    return [f"{where}{f.line}: {f.kind}: {f.message}" for f in found]
