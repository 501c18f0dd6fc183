"""Markdown a writer can paste into a manual: procedures, replays, the whole table.

- :func:`procedure_markdown`: a list of transitions (a shortest path, the
  trace of a session) as a numbered procedure: the trigger in bold, the
  procedure steps as a nested list, the state reached.
- :func:`replay_markdown` / :func:`replay_json`: a replayed scenario, for
  ``explorer scenario``.
- :func:`machine_markdown`: every state and transition as tables, for
  ``explorer export -f markdown``.

Texts from the machine are written verbatim (the German procedure steps stay
exactly as in the source); only characters that Markdown would read as
formatting are escaped. The few words of our own come from the UI's translation
catalogue (:mod:`explorer.io.catalogue`), in the language of the labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from explorer import durations
from explorer.errors import MachineError
from explorer.io import catalogue
from explorer.model import Machine, Text, Transition

if TYPE_CHECKING:  # only for the hints: the scenario reader is not needed to write a check's words
    from explorer.io.scenario import ReplayRecord, ReplayResult

#: Our own words, in English (the source language); other languages from the catalogue
#: (:mod:`explorer.io.catalogue`, context ``MarkdownWords``; :mod:`explorer.ui.cli_words` marks them for lupdate).
WORDS: dict[str, str] = {
    "title": "From {source} to {target}",
    "start": "Start: **{state}**",
    "status": "→ Status: **{state}**",
    "already": "Already in **{state}**; nothing to do.",
    "wait": "wait {duration}",
    "wait_setting": "wait for the configured timeout",
    "waited": "Wait {duration}",
    "nothing_fired": "nothing happens",
    "timeout_at": "at {clock}",
    "note": "Note",
    "final": "Final state: **{state}** at {clock}.",
    "expected": "Expected: **{state}** ✓",
    "stopped": "**Stopped at step {step}:** {message}",
    "failed": "**Failed:** {message}",
    "scenario": "Scenario",
    "states": "States",
    "transitions": "Transitions",
    "initial": "initial",
    "final_state": "final",
    "col_state": "State",
    "col_id": "Id",
    "col_kind": "Kind",
    "col_from": "From",
    "col_to": "To",
    "col_trigger": "Trigger",
    "col_actor": "Actor",
    "col_timeout": "Timeout",
    "col_steps": "Procedure",
    "setting": "setting",
    "also_leads_to": "⚠ This trigger can also lead to {states}.",
}

#: Indentation of a block inside a numbered item ("1. " is three wide).
_INDENT = "   "
# Characters that start emphasis, code, links or HTML wherever they stand; an
# underscore inside a word (``door_fail``) is no emphasis and stays as it is.
_INLINE_SPECIAL = re.compile(r"([\\`*\[\]<]|(?<!\w)_|_(?!\w))")


def _words(machine: Machine, lang: str | None) -> dict[str, str]:
    language = lang or machine.language
    # "lang" picks the words of durations (week, days), which speak English for a language they lack.
    return {**catalogue.words(catalogue.MARKDOWN, WORDS, language), "lang": language}


def escape(text: str) -> str:
    """``text`` with Markdown's inline formatting characters escaped; lines kept."""
    return _INLINE_SPECIAL.sub(r"\\\1", text)


def _text(value: Text, machine: Machine, lang: str | None) -> str:
    return value.get(lang or machine.language, machine.language)


def step_markdown(value: Text, machine: Machine, lang: str | None) -> str:
    """A procedure step, escaped; in another language than ``lang`` it carries a ``[de]`` tag."""
    return escape(value.tagged_str(lang or machine.language, machine.language))



#: ``5 min``, ``1 min 30 s``, ``2 h``, ``3 days 4 h``: how a manual writes a duration.
duration_words = durations.words


def clock(seconds: float) -> str:
    """Session time as ``mm:ss`` (minutes go past 59 rather than adding hours; ``2d 03:15:00`` from a day on)."""
    return durations.clock(seconds, hours=False)


def _timeout_words(transition: Transition, words: dict[str, str], lang: str | None) -> str | None:
    if transition.timeout is None:
        return None
    if transition.timeout.seconds is None:
        return words["wait_setting"]
    return words["wait"].format(duration=durations.words(transition.timeout.seconds, words["lang"]))


def _transition_block(transition: Transition, machine: Machine, lang: str | None, words: dict[str, str],
                      indent: str) -> list[str]:
    """The lines under a step's heading: procedure steps, remark, the state reached."""
    lines = [f"{indent}- {step_markdown(s, machine, lang)}" for s in transition.steps]
    if transition.description is not None:
        lines += ["", f"{indent}{escape(_text(transition.description, machine, lang))}"]
    if lines:
        lines.append("")
    lines.append(f"{indent}{words['status'].format(state=escape(machine.state_label(transition.target, lang)))}")
    return lines


def _trigger_line(transition: Transition, machine: Machine, lang: str | None, words: dict[str, str]) -> str:
    line = f"**{escape(machine.trigger_label(transition.id, lang))}**"
    waiting = _timeout_words(transition, words, lang)
    if waiting:
        line += f" ({waiting})"
    return line


def procedure_markdown(machine: Machine, transition_ids: Sequence[str], lang: str | None = None,
                       start: str | None = None, title: str | None = None) -> str:
    """A numbered procedure that follows ``transition_ids`` from ``start``.

    ``start`` defaults to the first transition's source (the initial state for
    an empty list); the transitions must follow on from each other
    (MachineError otherwise). ``title`` defaults to "From A to B"; pass ``""``
    for no heading.
    """
    words = _words(machine, lang)
    transitions = [machine.transition(tid) for tid in transition_ids]
    here = start if start is not None else (transitions[0].source if transitions else machine.initial)
    machine.state(here)
    first = here
    for n, t in enumerate(transitions, start=1):
        if t.source != here:
            raise MachineError(f"step {n} ({t.id}) leaves {t.source!r}, but the procedure is in {here!r} by then")
        here = t.target
    if title is None:
        title = words["title"].format(source=machine.state_label(first, lang), target=machine.state_label(here, lang))
    lines = [f"## {escape(title)}", ""] if title else []
    if not transitions:
        lines.append(words["already"].format(state=escape(machine.state_label(first, lang))))
        return "\n".join(lines) + "\n"
    lines += [words["start"].format(state=escape(machine.state_label(first, lang))), ""]
    for n, t in enumerate(transitions, start=1):
        lines.append(f"{n}. {_trigger_line(t, machine, lang, words)}")
        indent = " " * len(f"{n}. ")
        lines += ["", *_transition_block(t, machine, lang, words, indent), ""]
        warning = ambiguity_warning(machine, t.id, lang)
        if warning:
            lines += [f"{indent}> {warning}", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def ambiguity_warning(machine: Machine, transition_id: str, lang: str | None = None) -> str | None:
    """"This trigger can also lead to X." for a transition whose trigger is ambiguous; None otherwise.

    A procedure that follows such a transition cannot promise where the
    trigger leads, so it says where else it may go.
    """
    from explorer.analysis import also_leads_to

    others = also_leads_to(machine, transition_id)
    if not others:
        return None
    names = ", ".join(f"**{escape(machine.state_label(sid, lang))}**" for sid in others)
    return _words(machine, lang)["also_leads_to"].format(states=names)


def replay_markdown(result: ReplayResult, machine: Machine, lang: str | None = None) -> str:
    """A replayed scenario as numbered steps: what was done or waited, the procedure, the state, the time, notes."""
    words = _words(machine, lang)
    scenario = result.scenario
    title = scenario.name or (f"{words['scenario']}: {scenario.source.name}" if scenario.source else words["scenario"])
    lines = [f"## {escape(title)}", "", f"{words['start'].format(state=escape(machine.state_label(result.start, lang)))}"
             f" ({clock(0)})", ""]
    for record in result.records:
        lines += _record_lines(record, machine, lang, words)
    error = result.error
    if error is not None:
        message = escape(str(error))
        if error.step is not None:
            lines += [words["stopped"].format(step=error.step, message=message), ""]
        else:
            lines += [words["failed"].format(message=message), ""]
    else:
        lines.append(words["final"].format(state=escape(machine.state_label(result.final_state, lang)),
                                           clock=clock(result.time)))
        if scenario.expect is not None:
            lines += ["", words["expected"].format(state=escape(machine.state_label(result.final_state, lang)))]
    return "\n".join(lines).rstrip("\n") + "\n"


def _record_lines(record: ReplayRecord, machine: Machine, lang: str | None, words: dict[str, str]) -> list[str]:
    number = f"{record.index}. "
    indent = " " * len(number)
    lines: list[str] = []
    if record.step.kind == "wait":
        waited = words["waited"].format(duration=durations.words(float(record.step.value), words["lang"]))
        lines.append(f"{number}{waited} ({clock(record.time)})")
        if not record.fired:
            lines += ["", f"{indent}{words['nothing_fired']}; {words['status'].format(state=escape(machine.state_label(record.state_after, lang)))}"]
        for step in record.fired:
            t = machine.transition(step.transition)
            at = words["timeout_at"].format(clock=clock(step.time))
            lines += ["", f"{indent}- ⏱ {_trigger_line(t, machine, lang, words)}, {at}"]
            inner = indent + "  "
            lines += ["", *_transition_block(t, machine, lang, words, inner)]
    else:
        for step in record.fired:
            t = machine.transition(step.transition)
            lines.append(f"{number}{_trigger_line(t, machine, lang, words)} ({clock(step.time)})")
            lines += ["", *_transition_block(t, machine, lang, words, indent)]
    if record.step.note:
        note_lines = escape(record.step.note).splitlines() or [""]
        lines += ["", f"{indent}> *{words['note']}:* {note_lines[0]}", *(f"{indent}> {n}" for n in note_lines[1:])]
    lines.append("")
    return lines


def replay_json(result: ReplayResult, machine: Machine) -> dict[str, Any]:
    """A replayed scenario as plain data: every transition taken, and the final state.

    ``steps`` holds one entry per transition taken (a wait may contribute
    several or none) with ``from``, ``to``, ``transition``, ``time`` (seconds),
    ``by_timeout`` and ``scenario_step`` (the 1-based step that caused it).
    """
    steps = [
        {
            "from": step.source,
            "to": step.target,
            "transition": step.transition,
            "time": step.time,
            "by_timeout": step.by_timeout,
            "trigger": machine.trigger_label(step.transition),
            "scenario_step": record.index,
        }
        for record in result.records
        for step in record.fired
    ]
    data: dict[str, Any] = {
        "name": result.scenario.name,
        "start": result.start,
        "steps": steps,
        "final_state": result.final_state,
        "time": result.time,
    }
    if result.error is not None:
        data["error"] = {"step": result.error.step, "message": str(result.error)}
    return data


def machine_markdown(machine: Machine, lang: str | None = None) -> str:
    """The machine as Markdown tables: its states, then every transition with its procedure."""
    words = _words(machine, lang)
    lines = [f"# {escape(machine.name)}", ""]
    if machine.description is not None:
        lines += [escape(_text(machine.description, machine, lang)), ""]
    lines += [f"## {words['states']}", "", _row([words["col_id"], words["col_state"], words["col_kind"]]),
              _row(["---"] * 3)]
    for s in machine.states:
        kinds = [words["initial"]] if s.id == machine.initial else []
        if s.final:
            kinds.append(words["final_state"])
        lines.append(_row([f"`{s.id}`", escape(machine.state_label(s.id, lang)), ", ".join(kinds)]))
    columns = ["#", "col_from", "col_to", "col_trigger", "col_actor", "col_timeout", "col_steps"]
    lines += ["", f"## {words['transitions']}", "", _row([words.get(c, c) for c in columns]),
              _row(["---"] * len(columns))]
    for n, t in enumerate(machine.transitions, start=1):
        if t.timeout is None:
            timeout = ""
        elif t.timeout.seconds is None:
            timeout = words["setting"]
        else:
            timeout = durations.words(t.timeout.seconds, words["lang"])
        procedure = "<br>".join(f"{i}. {step_markdown(s, machine, lang)}" for i, s in enumerate(t.steps, start=1))
        lines.append(_row([
            str(n),
            escape(machine.state_label(t.source, lang)),
            escape(machine.state_label(t.target, lang)),
            f"**{escape(machine.trigger_label(t.id, lang))}**",
            escape(t.actor or ""),
            timeout,
            procedure,
        ]))
    return "\n".join(lines) + "\n"


def _row(cells: Iterable[str]) -> str:
    # A pipe inside a cell would end it; line breaks would end the row.
    return "| " + " | ".join(c.replace("|", "\\|").replace("\n", "<br>") for c in cells) + " |"


__all__ = [
    "ambiguity_warning",
    "clock",
    "escape",
    "machine_markdown",
    "procedure_markdown",
    "replay_json",
    "replay_markdown",
]
