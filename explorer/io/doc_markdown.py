"""The documentation set's text: one Markdown file a writer can edit, for ``explorer doc``.

:func:`documentation_markdown` writes, in the machine's language or ``lang``:
a title part (name, description, the overview picture, the machine's defects
from :func:`explorer.findings.findings`); one section per state (its picture
of ways in and out, a table of its ways out, the numbered procedure of each);
and the shortest path from the initial state to every final state as a
numbered procedure. Steps whose trigger is ambiguous say so
(:func:`explorer.io.markdown.ambiguity_warning`).

Pictures are named, not drawn, here (io does not draw): the caller passes the
relative file names it will write (:func:`picture_names`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from explorer import durations
from explorer.analysis import shortest_path
from explorer.io import catalogue
from explorer.io.markdown import ambiguity_warning, escape, procedure_markdown, step_markdown
from explorer.model import Machine

#: Our own words, in English (the source language); other languages from the catalogue
#: (:mod:`explorer.io.catalogue`, context ``DocumentationWords``; :mod:`explorer.ui.cli_words` marks them).
WORDS: dict[str, str] = {
    "overview": "Overview", "defects": "Defects", "no_defects": "No defects found.",
    "states": "States", "state": "State", "initial": "initial state", "final": "final state",
    "ways_in": "Ways in", "ways_out": "Ways out", "none_in": "None: only the start leads here.",
    "none_out": "None: the flow ends here.", "col_trigger": "Trigger", "col_actor": "Actor",
    "col_timeout": "Timeout", "col_target": "Target", "setting": "setting",
    "paths": "From the start to every end", "path_to": "From {source} to {target}",
    "unreachable_end": "**{target}** cannot be reached from **{source}**.",
    "picture": "Ways in and out of {state}", "no_steps": "No procedure steps are written for this way out.",
    "status": "→ Status: **{state}**", "from": "from {state}", "contents": "Contents",
    "ambiguous_mark": "⚠ ambiguous", "page_title": "{name}: documentation",
}


def words(lang: str) -> dict[str, str]:
    """Our own words in ``lang`` (English when the catalogue has none in it)."""
    return catalogue.words(catalogue.DOCUMENTATION, WORDS, lang)


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text).strip("._") or "state"


def picture_names(machine: Machine, folder: str = "pictures") -> tuple[str, dict[str, str]]:
    """The overview's file name and each state's (state id -> name), relative to the Markdown file.

    Names are made from the ids (safe characters only) and kept apart when two ids slug alike.
    """
    used: set[str] = {"overview"}
    names: dict[str, str] = {}
    for s in machine.states:
        base = f"state-{_slug(s.id)}"
        name, n = base, 2
        while name in used:
            name, n = f"{base}-{n}", n + 1
        used.add(name)
        names[s.id] = f"{folder}/{name}.svg"
    return f"{folder}/overview.svg", names


def _timeout(machine: Machine, tid: str, w: Mapping[str, str], lang: str) -> str:
    t = machine.transition(tid)
    if t.timeout is None:
        return ""
    if t.timeout.seconds is None:
        return w["setting"]
    return durations.words(t.timeout.seconds, lang if lang in ("de", "en") else "en")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _defects(found: Sequence[str], w: Mapping[str, str]) -> list[str]:
    if not found:
        return [w["no_defects"], ""]
    return [*(f"- {escape(message)}" for message in found), ""]


def _state_section(machine: Machine, sid: str, picture: str | None, lang: str, w: Mapping[str, str]) -> list[str]:
    state = machine.state(sid)
    label = machine.state_label(sid, lang)
    kinds = [w["initial"]] if sid == machine.initial else []
    if state.final:
        kinds.append(w["final"])
    heading = f"## {escape(label)}" + (f" ({', '.join(kinds)})" if kinds else "")
    lines = [heading, ""]
    if state.description is not None:
        lines += [escape(state.description.get(lang, machine.language)), ""]
    if picture is not None:
        lines += [f"![{escape(w['picture'].format(state=label))}]({picture})", ""]
    incoming = [t for t in machine.incoming(sid) if t.source != sid]
    lines.append(f"**{w['ways_in']}:** " + (
        "; ".join(f"{escape(machine.trigger_label(t.id, lang))} ({w['from'].format(state=escape(machine.state_label(t.source, lang)))})"
                  for t in incoming) or w["none_in"]))
    lines += ["", f"**{w['ways_out']}:**", ""]
    outgoing = machine.outgoing(sid)
    if not outgoing:
        return [*lines, w["none_out"], ""]
    lines += [f"| # | {w['col_trigger']} | {w['col_actor']} | {w['col_timeout']} | {w['col_target']} |",
              "| --- | --- | --- | --- | --- |"]
    for n, t in enumerate(outgoing, start=1):
        trigger = escape(machine.trigger_label(t.id, lang))
        if ambiguity_warning(machine, t.id, lang):
            trigger += f" ({w['ambiguous_mark']})"
        lines.append(f"| {n} | {_cell(trigger)} | {_cell(escape(t.actor or ''))} | "
                     f"{_timeout(machine, t.id, w, lang)} | {_cell(escape(machine.state_label(t.target, lang)))} |")
    lines.append("")
    for n, t in enumerate(outgoing, start=1):
        lines += [f"### {n}. {escape(machine.trigger_label(t.id, lang))}", ""]
        steps = [step_markdown(s, machine, lang) for s in t.steps]
        if steps:
            lines += [f"{i}. {step}" for i, step in enumerate(steps, start=1)]
        else:
            lines.append(f"*{w['no_steps']}*")
        lines += ["", w["status"].format(state=escape(machine.state_label(t.target, lang))), ""]
        warning = ambiguity_warning(machine, t.id, lang)
        if warning:
            lines += [f"> {warning}", ""]
    return lines


def documentation_markdown(machine: Machine, lang: str | None = None, *, defects: Sequence[str] = (),
                           overview: str | None = None, pictures: Mapping[str, str] | None = None) -> str:
    """The whole documentation as Markdown (see the module docstring).

    ``defects`` are the findings' messages (explorer.findings, which sits
    above io, so the caller asks it). ``overview`` and ``pictures`` (state id
    -> file) are the picture files to refer to, relative to the Markdown
    file; None leaves pictures out.
    """
    lang = lang or machine.language
    w = words(lang)
    lines = [f"# {escape(machine.name)}", ""]
    if machine.description is not None:
        lines += [escape(machine.description.get(lang, machine.language)), ""]
    if overview is not None:
        lines += [f"![{w['overview']}]({overview})", ""]
    lines += [f"## {w['defects']}", "", *_defects(defects, w)]
    for s in machine.states:
        lines += _state_section(machine, s.id, (pictures or {}).get(s.id), lang, w)
    lines += [f"## {w['paths']}", ""]
    start = machine.initial
    for s in machine.states:
        if not s.final:
            continue
        title = w["path_to"].format(source=machine.state_label(start, lang), target=machine.state_label(s.id, lang))
        lines += [f"### {escape(title)}", ""]
        path = shortest_path(machine, start, s.id)
        if path is None:
            lines += [w["unreachable_end"].format(target=escape(machine.state_label(s.id, lang)),
                                                  source=escape(machine.state_label(start, lang))), ""]
            continue
        lines += [procedure_markdown(machine, path, lang=lang, start=start, title="").rstrip("\n"), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


__all__ = ["documentation_markdown", "picture_names", "words"]
