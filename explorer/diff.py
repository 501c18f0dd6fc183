"""Diff: what changed between two versions of a machine, and which defects came or went.

States are matched by id. Transitions are matched by id first; a transition
whose id changed (for example a generated ``source-target`` id after a
reorder) is matched by its source, target and trigger (any shared text,
case-insensitive), and reported as changed with its old id. Defects are
the :mod:`explorer.findings` of each version, compared by kind and ids.

The result holds ids and plain values only, so ``explorer diff`` and the
window's compare view read the same thing.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from explorer.findings import Finding, findings
from explorer.model import ANY_LANGUAGE, Machine, State, Text, Transition


@dataclass(frozen=True)
class Change:
    """One item in both versions that differs: its id (in the new version) and the fields that differ."""

    id: str
    #: (field, old value, new value), values as plain JSON data.
    fields: tuple[tuple[str, Any, Any], ...]
    #: The id in the old version, when it changed.
    old_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id}
        if self.old_id is not None:
            data["old_id"] = self.old_id
        data["fields"] = {name: {"old": old, "new": new} for name, old, new in self.fields}
        return data


@dataclass(frozen=True)
class MachineDiff:
    states_added: tuple[str, ...]
    states_removed: tuple[str, ...]
    states_changed: tuple[Change, ...]
    transitions_added: tuple[str, ...]
    transitions_removed: tuple[str, ...]
    transitions_changed: tuple[Change, ...]
    #: Findings of the new version that the old one did not have.
    introduced: tuple[Finding, ...]
    #: Findings of the old version that the new one no longer has.
    fixed: tuple[Finding, ...]

    @property
    def is_empty(self) -> bool:
        """True when nothing about states or transitions differs (defects follow from those)."""
        return not (self.states_added or self.states_removed or self.states_changed
                    or self.transitions_added or self.transitions_removed or self.transitions_changed)

    def to_json(self) -> dict[str, Any]:
        """The ``explorer diff --json`` contract."""
        return {
            "states": {"added": list(self.states_added), "removed": list(self.states_removed),
                       "changed": [c.to_json() for c in self.states_changed]},
            "transitions": {"added": list(self.transitions_added), "removed": list(self.transitions_removed),
                            "changed": [c.to_json() for c in self.transitions_changed]},
            "defects": {"introduced": [f.to_json() for f in self.introduced],
                        "fixed": [f.to_json() for f in self.fixed]},
        }


def _text(value: Text | None) -> Any:
    if value is None:
        return None
    values = dict(value.values)
    return values[ANY_LANGUAGE] if list(values) == [ANY_LANGUAGE] else values


def _state_fields(s: State, initial: bool) -> dict[str, Any]:
    return {"label": _text(s.label), "description": _text(s.description), "final": s.final, "initial": initial}


def _transition_fields(t: Transition) -> dict[str, Any]:
    return {
        "from": t.source,
        "to": t.target,
        "trigger": _text(t.trigger),
        "actor": t.actor,
        "timeout": t.timeout.to_json() if t.timeout is not None else None,
        "steps": [_text(s) for s in t.steps],
        "description": _text(t.description),
    }


def _fields_that_differ(old: dict[str, Any], new: dict[str, Any]) -> tuple[tuple[str, Any, Any], ...]:
    return tuple((k, old[k], new[k]) for k in old if old[k] != new[k])


def _trigger_texts(t: Transition) -> frozenset[str]:
    return frozenset(v.strip().casefold() for _, v in t.trigger.values)


def diff_machines(old: Machine, new: Machine) -> MachineDiff:
    """What changed from ``old`` to ``new``; lists in the new file's order (removals in the old one's)."""
    old_states = {s.id: s for s in old.states}
    new_state_ids = {s.id for s in new.states}
    states_changed = []
    for s in new.states:
        before = old_states.get(s.id)
        if before is not None:
            differ = _fields_that_differ(_state_fields(before, before.id == old.initial),
                                         _state_fields(s, s.id == new.initial))
            if differ:
                states_changed.append(Change(s.id, differ))

    old_by_id = {t.id: t for t in old.transitions}
    new_by_id = {t.id: t for t in new.transitions}
    pairs: list[tuple[Transition, Transition]] = []  # (old, new), in new file order once sorted
    unmatched_new = [t for t in new.transitions if t.id not in old_by_id]
    unmatched_old = [t for t in old.transitions if t.id not in new_by_id]
    # Ids that changed: match what is left by (from, to, a shared trigger text).
    candidates: dict[tuple[str, str], list[Transition]] = defaultdict(list)
    for t in unmatched_new:
        candidates[(t.source, t.target)].append(t)
    renamed_new: set[str] = set()
    removed = []
    for t in unmatched_old:
        texts = _trigger_texts(t)
        match = next((c for c in candidates[(t.source, t.target)]
                      if c.id not in renamed_new and texts & _trigger_texts(c)), None)
        if match is None:
            removed.append(t.id)
        else:
            renamed_new.add(match.id)
            pairs.append((t, match))
    for t in new.transitions:
        if t.id in old_by_id:
            pairs.append((old_by_id[t.id], t))
    order = {t.id: i for i, t in enumerate(new.transitions)}
    pairs.sort(key=lambda p: order[p[1].id])
    transitions_changed = []
    for before, after in pairs:
        if before == after:  # the dataclasses' own comparison: cheap, and most pairs are unchanged
            continue
        differ = _fields_that_differ(_transition_fields(before), _transition_fields(after))
        if before.id != after.id:
            transitions_changed.append(Change(after.id, (("id", before.id, after.id), *differ), old_id=before.id))
        elif differ:
            transitions_changed.append(Change(after.id, differ))

    old_found, new_found = findings(old), findings(new)
    old_keys = {f.key for f in old_found}
    new_keys = {f.key for f in new_found}
    return MachineDiff(
        states_added=tuple(s.id for s in new.states if s.id not in old_states),
        states_removed=tuple(s.id for s in old.states if s.id not in new_state_ids),
        states_changed=tuple(states_changed),
        transitions_added=tuple(t.id for t in unmatched_new if t.id not in renamed_new),
        transitions_removed=tuple(removed),
        transitions_changed=tuple(transitions_changed),
        introduced=tuple(f for f in new_found if f.key not in old_keys),
        fixed=tuple(f for f in old_found if f.key not in new_keys),
    )


def _value_words(value: Any, name: str = "") -> str:
    if value is None:
        return "none"
    if name == "timeout":
        from explorer.io.markdown import duration_words

        return "the configured timeout" if value is True else duration_words(float(value))
    if isinstance(value, dict):
        return " / ".join(f"{k}: {v}" for k, v in value.items())
    if isinstance(value, list):
        return f"{len(value)} step{'s' if len(value) != 1 else ''}" if value else "no steps"
    return str(value)


def diff_markdown(d: MachineDiff, old: Machine, new: Machine, old_name: str = "OLD", new_name: str = "NEW",
                  lang: str | None = None) -> str:
    """The diff as Markdown a reviewer reads: added, removed, changed, then defects introduced and fixed."""
    from explorer.io.markdown import escape

    def state(m: Machine, sid: str) -> str:
        return f"{escape(m.state_label(sid, lang or m.language))} (`{sid}`)"

    def edge(m: Machine, tid: str) -> str:
        t = m.transition(tid)
        lg = lang or m.language
        return (f"`{tid}`: {escape(m.state_label(t.source, lg))} → {escape(m.state_label(t.target, lg))}, "
                f"**{escape(m.trigger_label(tid, lg))}**")

    def change(c: Change) -> str:
        parts = []
        for name, before, after in c.fields:
            if name == "steps" and isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
                parts.append("steps reworded")
            else:
                parts.append(f"{name}: {escape(_value_words(before, name))} → {escape(_value_words(after, name))}")
        return "; ".join(parts)

    lines = [f"# Changes from {escape(old_name)} to {escape(new_name)}", ""]
    if d.is_empty:
        lines += ["No differences in states or transitions.", ""]
    sections = [
        ("States added", [state(new, s) for s in d.states_added]),
        ("States removed", [state(old, s) for s in d.states_removed]),
        ("States changed", [f"{state(new, c.id)}: {change(c)}" for c in d.states_changed]),
        ("Transitions added", [edge(new, t) for t in d.transitions_added]),
        ("Transitions removed", [edge(old, t) for t in d.transitions_removed]),
        ("Transitions changed", [f"{edge(new, c.id)}: {change(c)}" for c in d.transitions_changed]),
        ("Defects introduced", [f"{f.kind}: {escape(f.message)}" for f in d.introduced]),
        ("Defects fixed", [f"{f.kind}: {escape(f.message)}" for f in d.fixed]),
    ]
    for title, rows in sections:
        if rows:
            lines += [f"## {title} ({len(rows)})", "", *(f"- {r}" for r in rows), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
