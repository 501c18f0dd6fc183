"""What a state or a transition says about itself, as rich text: one function each.

The inspector, the canvas's tooltips and the session panel's procedure box all
describe the same things; they differ only in how much they show (a tooltip
is short, the inspector lists ways in and out, the panel says the timeout in
its own words). Plain HTML strings that Qt's rich text renders; the fixed words
("Procedure", "Ways out") are in the UI language, the machine's own texts in the content language.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from explorer.analysis import Analysis
from explorer.io.markdown import duration_words
from explorer.model import Machine, Text

#: The actors of the bundled machine, named in the UI language; a machine's other actor ids show as they are.
_ACTORS: dict[str, str] = {
    "technician": QT_TRANSLATE_NOOP("Actors", "technician"),
    "customer": QT_TRANSLATE_NOOP("Actors", "customer"),
    "administrator": QT_TRANSLATE_NOOP("Actors", "administrator"),
    "time": QT_TRANSLATE_NOOP("Actors", "time"),
}


def actor_name(actor: str) -> str:
    """The actor id ``actor`` as the UI language names it (the id itself when it is not a known one)."""
    word = _ACTORS.get(actor)
    return QCoreApplication.translate("Actors", word) if word else actor


#: The ways a description is shown.
#:   "inspector": a heading, the other languages' names, every fact, the id;
#:   "tooltip": the same facts in a line or two each;
#:   "panel": the trigger and where it leads, then the procedure (ids are no use on a projector).
Kind = str


def _other_texts(text: Text, main: str) -> list[str]:
    """The other languages' wordings, each once and not repeating ``main`` (in language order)."""
    shown = {main}
    out = []
    for _, value in sorted(text.values, key=lambda kv: kv[0]):
        if value not in shown:
            shown.add(value)
            out.append(value)
    return out


def _title(main: str, others: Iterable[str], kind: Kind) -> list[str]:
    parts = [f"<h2>{html.escape(main)}</h2>" if kind == "inspector" else f"<b>{html.escape(main)}</b>"]
    parts += [f"<br><i>{html.escape(x)}</i>" for x in others] if kind == "tooltip" else []
    if kind == "inspector" and (others := list(others)):
        parts.append("<p>" + " · ".join(f"<i>{html.escape(x)}</i>" for x in others) + "</p>")
    return parts


def transition_timeout_text(machine: Machine, transition_id: str) -> str | None:
    """How the inspector and tooltips say when a timeout edge fires; None for other edges."""
    timeout = machine.transition(transition_id).timeout
    if timeout is None:
        return None
    if timeout.seconds is None:
        return QCoreApplication.translate("Texts", "fires after the configured time (an administrator's setting)")
    return QCoreApplication.translate("Texts", "fires after %1").replace("%1", duration_words(timeout.seconds))


def _tagged_html(text: Text, lang: str, fallback: str) -> str:
    """``text`` in ``lang`` as HTML, or in another language with a small ``[de]`` tag after it."""
    words, code = text.tagged(lang, fallback)
    return html.escape(words) + ("" if code is None else f" <small>[{html.escape(code)}]</small>")


def transition_html(machine: Machine, transition_id: str, lang: str, *, kind: Kind = "inspector",
                    timeout_text: str | None = None) -> str:
    """Rich text about a transition: trigger, route, actor, timeout, procedure, description.

    ``timeout_text`` replaces the English timeout sentence (the panel says it
    in the session's language and with the session's duration for a setting).
    """
    m, t = machine, machine.transition(transition_id)
    trigger = t.trigger.get(lang, m.language)
    source, target = m.state_label(t.source, lang), m.state_label(t.target, lang)
    if kind == "panel":
        parts = [f"<p style='margin:0 0 6px 0'><b>{html.escape(trigger)}</b> → {html.escape(target)}</p>"]
    else:
        parts = _title(trigger, _other_texts(t.trigger, trigger), kind)
        ids = f"<br><small>id: {html.escape(t.id)}</small>" if kind == "inspector" else ""
        parts.append(f"<p>{html.escape(source)} → {html.escape(target)}{ids}</p>")
        if t.actor:
            actor = QCoreApplication.translate("Texts", "Actor:")
            parts.append(f"<p><b>{actor}</b> {html.escape(actor_name(t.actor))}</p>")
    timeout = timeout_text if timeout_text is not None else transition_timeout_text(m, t.id)
    if t.steps:
        procedure = QCoreApplication.translate("Texts", "Procedure")
        heading = f"<h3>{procedure}</h3>" if kind == "inspector" else ""
        style = " style='margin:0; margin-left:-20px'" if kind == "panel" else ""
        item_style = " style='margin-bottom:4px'" if kind == "panel" else ""
        items = "".join(f"<li{item_style}>{_tagged_html(s, lang, m.language)}</li>" for s in t.steps)
        parts.append(f"{heading}<ol{style}>{items}</ol>")
    if timeout is not None:
        words = html.escape(timeout)
        label = QCoreApplication.translate("Texts", "Timeout:")
        parts.append(f"<p style='margin:6px 0 0 0'>◷ {words}</p>" if kind == "panel"
                     else f"<p><b>⏱ {label}</b> {words}</p>")
    if t.description is not None:
        parts.append(f"<p><i>{html.escape(t.description.get(lang, m.language))}</i></p>")
    if kind == "tooltip":
        parts.append(f"<small>id: {html.escape(t.id)}</small>")
    return "".join(parts)


def state_html(machine: Machine, state_id: str, lang: str, *, kind: Kind = "inspector",
               analysis: Analysis | None = None) -> str:
    """Rich text about a state: its names, what kind of state it is, description, ways in and out.

    With ``analysis``, its defects are named too (unreachable, dead end, trap).
    The inspector lists the ways in and out; a tooltip counts them.
    """
    m, s = machine, machine.state(state_id)
    name = s.label.get(lang, m.language)
    parts = _title(name, _other_texts(s.label, name), kind)
    flags = []
    if analysis is not None:
        trap = QCoreApplication.translate("Texts", "trap: no final state reachable")
        flags += [text for ids, text in ((analysis.unreachable, QCoreApplication.translate("Texts", "unreachable")),
                                         (analysis.dead_ends, QCoreApplication.translate("Texts", "dead end")),
                                         (analysis.traps, trap)) if state_id in ids]
    if state_id == m.initial:
        flags.append(QCoreApplication.translate("Texts", "initial state"))
    if s.final:
        flags.append(QCoreApplication.translate("Texts", "final state"))
    if flags:
        joined = ' · '.join(flags)  # upper-case the first letter only: German nouns keep theirs
        parts.append(f"<p><b>{html.escape(joined[:1].upper() + joined[1:])}</b></p>")
    if s.description is not None:
        parts.append(f"<p>{html.escape(s.description.get(lang, m.language))}</p>")
    ways_in, ways_out = m.incoming(state_id), m.outgoing(state_id)
    if kind != "inspector":
        counts = QCoreApplication.translate("Texts", "%1 in · %2 out").replace("%1", str(len(ways_in)))
        parts.append(f"<p>{counts.replace('%2', str(len(ways_out)))}<br><small>id: {html.escape(s.id)}</small></p>")
        return "".join(parts)
    parts.append(f"<p><small>id: {html.escape(s.id)}</small></p>")
    for title, transitions, end, arrow in ((QCoreApplication.translate("Texts", "Ways out"), ways_out, "target", "→"),
                                           (QCoreApplication.translate("Texts", "Ways in"), ways_in, "source", "←")):
        parts.append(f"<h3>{title} ({len(transitions)})</h3><ul>")
        for t in transitions:
            other = m.state_label(getattr(t, end), lang)
            clock = " ⏱" if t.is_timeout else ""
            parts.append(f"<li>{html.escape(t.trigger.get(lang, m.language))}{clock} {arrow} {html.escape(other)}</li>")
        parts.append("</ul>")
    return "".join(parts)
