"""The machine as a Mermaid ``stateDiagram-v2``, for wikis and Markdown manuals.

Mermaid's grammar is narrow: state ids must be plain words (and not one of
its keywords), and a transition label runs to the end of the line, where
``;``, ``:``, ``#`` and quotes can confuse it. So ids are made safe (and kept
unique), labels are written with Mermaid's entity codes (``#59;``) for such
characters, and each state gets its label through ``state "label" as id``.
Timeout edges are marked with ⏱ and their duration.
"""

from __future__ import annotations

import re

from explorer import durations
from explorer.model import Machine, Transition

#: Words Mermaid's state diagram grammar reserves; an id equal to one gets a suffix.
_RESERVED = frozenset({"state", "note", "end", "direction", "class", "classDef", "style", "as", "left", "right",
                       "of", "over", "fork", "join", "choice", "click", "default", "stateDiagram", "stateDiagram-v2"})
# Characters that can end or confuse a label; written as #<code>; instead.
_ENTITIES = {'"': "#quot;", ";": "#59;", ":": "#58;", "#": "#35;", "<": "#lt;", ">": "#gt;", "{": "#123;",
             "}": "#125;", "%": "#37;"}
_ENTITY_RE = re.compile("[" + re.escape("".join(_ENTITIES)) + "]")


def escape_label(text: str) -> str:
    """``text`` on one line, with the characters Mermaid would misread written as entity codes."""
    one_line = " ".join(text.split())
    return _ENTITY_RE.sub(lambda m: _ENTITIES[m.group(0)], one_line)


def mermaid_ids(machine: Machine) -> dict[str, str]:
    """A Mermaid-safe, unique id for every state id (word characters, not a keyword)."""
    safe: dict[str, str] = {}
    used: set[str] = set()
    for state in machine.states:
        base = re.sub(r"\W", "_", state.id, flags=re.ASCII) or "state"
        if not base[0].isalpha():
            base = f"s_{base}"
        if base in _RESERVED or base.casefold() in {r.casefold() for r in _RESERVED}:
            base = f"{base}_"
        candidate, n = base, 1
        while candidate in used:
            n += 1
            candidate = f"{base}_{n}"
        used.add(candidate)
        safe[state.id] = candidate
    return safe


def _edge_label(machine: Machine, transition: Transition, lang: str | None) -> str:
    label = machine.trigger_label(transition.id, lang)
    if transition.timeout is not None:
        duration = "setting" if transition.timeout.seconds is None else durations.compact(transition.timeout.seconds, hours=False)
        label = f"⏱ {duration} · {label}"
    return escape_label(label)


def machine_to_mermaid(machine: Machine, lang: str | None = None, direction: str | None = None) -> str:
    """``stateDiagram-v2`` text: one ``state`` line per state, one arrow line per transition.

    ``[*] --> initial`` marks the start and ``final --> [*]`` each final state.
    A timeout whose duration is a setting shows ``⏱ setting``. ``direction`` may be
    ``LR`` or ``TB``.
    """
    ids = mermaid_ids(machine)
    lines = ["stateDiagram-v2"]
    if direction:
        lines.append(f"    direction {direction}")
    for state in machine.states:
        lines.append(f'    state "{escape_label(machine.state_label(state.id, lang))}" as {ids[state.id]}')
    lines.append(f"    [*] --> {ids[machine.initial]}")
    for t in machine.transitions:
        lines.append(f"    {ids[t.source]} --> {ids[t.target]} : {_edge_label(machine, t, lang)}")
    for state in machine.states:
        if state.final:
            lines.append(f"    {ids[state.id]} --> [*]")
    return "\n".join(lines) + "\n"
