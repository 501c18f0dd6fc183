"""The machine as a PlantUML state diagram, for wikis and tools that render PlantUML.

``state "label" as id`` per state (ids made safe as for Mermaid), ``[*] -->``
the initial state, ``--> [*]`` from each final state, one arrow per
transition with its trigger, dashed and marked ⏱ for timeouts. A state's
description becomes its body text. This is a picture of the machine, not a
format State Explorer reads back.
"""

from __future__ import annotations

from explorer.io.formatkit import timeout_text
from explorer.io.mermaid import mermaid_ids
from explorer.model import Machine

NAME = "plantuml"
EXTENSIONS = (".puml", ".plantuml")
DESCRIPTION = "PlantUML state diagram"


def label(text: str) -> str:
    """``text`` on one PlantUML line: line breaks as ``\\n``, double quotes as single ones."""
    return text.replace("\r\n", "\n").replace("\n", "\\n").replace('"', "'")


def write(machine: Machine, lang: str | None = None) -> str:
    """``@startuml`` ... ``@enduml`` with labels in ``lang`` (default: the machine's language)."""
    ids = mermaid_ids(machine)
    lang = lang or machine.language
    lines = ["@startuml", f"title {label(machine.name)}"]
    for state in machine.states:
        lines.append(f'state "{label(machine.state_label(state.id, lang))}" as {ids[state.id]}')
        if state.description is not None:
            lines.append(f"{ids[state.id]} : {label(state.description.get(lang, machine.language))}")
    lines.append(f"[*] --> {ids[machine.initial]}")
    for t in machine.transitions:
        text = label(machine.trigger_label(t.id, lang))
        arrow = "-->"
        if t.timeout is not None:
            arrow, text = "-[dashed]->", f"⏱ {timeout_text(t.timeout)} · {text}"
        lines.append(f"{ids[t.source]} {arrow} {ids[t.target]} : {text}")
    for state in machine.states:
        if state.final:
            lines.append(f"{ids[state.id]} --> [*]")
    lines.append("@enduml")
    return "\n".join(lines) + "\n"
