"""The machine as a Mermaid ``stateDiagram-v2``, for wikis and Markdown manuals.

Mermaid's grammar is narrow: state ids must be plain words (and not one of
its keywords), and a transition label runs to the end of the line, where
``;``, ``:``, ``#`` and quotes can confuse it. So ids are made safe (and kept
unique), labels are written with Mermaid's entity codes (``#59;``) for such
characters, and each state gets its label through ``state "label" as id``.
Timeout edges are marked with ⏱ and their duration (or the word for a setting,
from the translation catalogue in the labels' language).

:func:`read` reads a ``stateDiagram-v2`` (or ``stateDiagram``) back: ``[*] --> A``
(initial), ``A --> B : label``, ``A --> [*]`` (final), ``state "label" as A``,
``A : label``; notes, comments, styles and ``direction`` are ignored. The ⏱
marks this module writes become timeouts again. Composite states
(``state C { ... }``) are flattened: an arrow into ``C`` enters C's initial
state, a labelled arrow out of ``C`` leaves from every state inside it (unless
that state has its own arrow with the same label), an unlabelled one from the
states that end C (``X --> [*]`` inside it). Concurrent regions (``--``) and
fork/join states are refused with their line. An arrow without a label gets
the trigger ``→ <target>``. The machine is named by the front matter's
``title`` or the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from explorer import durations
from explorer.errors import LoadError
from explorer.io import catalogue
from explorer.io.formatkit import Draft, MachineBuilder, decode, parse_duration
from explorer.model import Machine, State, Text, Timeout, Transition

NAME = "mermaid"
EXTENSIONS = (".mmd", ".mermaid")
DESCRIPTION = "Mermaid state diagram"

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


#: Our own word, in English (the source language); other languages from the catalogue
#: (:mod:`explorer.io.catalogue`, context ``MermaidWords``; :mod:`explorer.ui.cli_words` marks it).
WORDS: dict[str, str] = {"setting": "setting"}


def _setting_words() -> frozenset[str]:
    """The ⏱ mark of a timeout that is a setting, as :func:`read` accepts it: in every catalogue language."""
    return frozenset(catalogue.translate(catalogue.MERMAID, WORDS["setting"], lang).casefold()
                     for lang in catalogue.languages())


def _edge_label(machine: Machine, transition: Transition, lang: str | None) -> str:
    label = machine.trigger_label(transition.id, lang)
    if transition.timeout is not None:
        setting = catalogue.translate(catalogue.MERMAID, WORDS["setting"], lang or machine.language)
        duration = setting if transition.timeout.seconds is None else durations.compact(transition.timeout.seconds, hours=False)
        label = f"⏱ {duration} · {label}"
    return escape_label(label)


def machine_to_mermaid(machine: Machine, lang: str | None = None, direction: str | None = None) -> str:
    """``stateDiagram-v2`` text: one ``state`` line per state, one arrow line per transition.

    ``[*] --> initial`` marks the start and ``final --> [*]`` each final state.
    A timeout whose duration is a setting shows ``⏱ setting`` (in the labels' language:
    ``⏱ Einstellung``). ``direction`` may be
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


def write(machine: Machine, lang: str | None = None) -> str:
    """The common writer interface: :func:`machine_to_mermaid`."""
    return machine_to_mermaid(machine, lang)


def sniff(head: bytes) -> bool:
    """Text whose first statement (after front matter and comments) is ``stateDiagram``."""
    text = head.decode("utf-8", "ignore").lstrip("\ufeff")
    return re.search(r"^\s*stateDiagram(?:-v2)?\s*$", text, re.MULTILINE) is not None


# -- reading ------------------------------------------------------------------------------

_ARROW = re.compile(r"(?P<a>\S+?)\s*-->\s*(?P<b>[^\s:]+)\s*(?::(?P<label>.*))?")
_STATE_AS = re.compile(r'state\s+"(?P<label>[^"]*)"\s+as\s+(?P<id>[^\s{]+)\s*(?P<open>\{)?')
_STATE = re.compile(r"state\s+(?P<id>[^\s{\"]+)\s*(?:<<(?P<kind>\w+)>>)?\s*(?P<open>\{)?")
_DESCRIBED = re.compile(r"(?P<id>[^\s:\[\]]+)\s*:(?P<label>.*)")
_NOTE = re.compile(r"note\s+(?:left|right)\s+of\s+\S+\s*(?P<inline>:.*)?", re.IGNORECASE)
_IGNORED = re.compile(r"(?:direction|classDef|class|style|click|accTitle|accDescr|hide|scale)\b")
_TIMER = re.compile(r"⏱\s*(?P<duration>.+?)\s*·\s*(?P<label>.*)")
_ENTITY = re.compile(r"#(?:(\d+)|(quot|lt|gt|amp|nbsp));")
_NAMED = {"quot": '"', "lt": "<", "gt": ">", "amp": "&", "nbsp": "\u00a0"}


def unescape_label(text: str) -> str:
    """The text a label with Mermaid's entity codes (``#59;``, ``#quot;``) stands for."""
    return _ENTITY.sub(lambda m: chr(int(m.group(1))) if m.group(1) else _NAMED[m.group(2)], text).strip()


@dataclass
class _Composite:
    id: str
    line: int
    initial: str | None = None
    #: States inside that end the composite (``X --> [*]`` inside it).
    enders: list[str] = field(default_factory=list)
    members: list[str] = field(default_factory=list)


@dataclass
class _Arrow:
    source: str
    target: str
    label: str | None
    line: int
    column: int


def read(data: bytes, filename: str) -> Machine:
    """The machine in a Mermaid state diagram; LoadError names each problem's line."""
    text = decode(data, filename, "a Mermaid diagram")
    return _Reader(filename).read(text)


class _Reader:
    def __init__(self, filename: str) -> None:
        self.b = MachineBuilder(filename)
        self.labels: dict[str, str] = {}
        self.seen: dict[str, int] = {}  # state id -> line first named, in order
        self.parent: dict[str, str | None] = {}
        self.composites: dict[str, _Composite] = {}
        self.arrows: list[_Arrow] = []
        self.initial: str | None = None
        self.initial_at = (0, 0)
        self.finals: list[str] = []

    def _name(self, state_id: str, line: int, inside: str | None) -> None:
        if state_id not in self.seen:
            self.seen[state_id] = line
            self.parent[state_id] = inside
            if inside is not None:
                self.composites[inside].members.append(state_id)

    def read(self, text: str) -> Machine:
        lines = text.splitlines()
        title, start = self._front_matter(lines)
        stack: list[str] = []
        header = False
        in_note = False
        for number, raw in enumerate(lines[start:], start + 1):
            line = raw.strip()
            column = len(raw) - len(raw.lstrip()) + 1
            if not line or line.startswith("%%"):
                continue
            if in_note:
                in_note = line.casefold() not in ("end note", "}")
                continue
            if not header:
                if not re.fullmatch(r"stateDiagram(?:-v2)?", line):
                    raise self.b.fail(number, column, f"a Mermaid state diagram starts with stateDiagram-v2, "
                                                      f"not {line[:40]!r}")
                header = True
                continue
            inside = stack[-1] if stack else None
            if line == "}":
                if not stack:
                    raise self.b.fail(number, column, "a '}' closes no composite state")
                stack.pop()
            elif line == "--":
                raise self.b.fail(number, column, f"concurrent regions ('--') in "
                                                  f"{'state ' + repr(inside) if inside else 'the diagram'} are "
                                                  f"parallel states; State Explorer refuses them")
            elif (m := _NOTE.match(line)) is not None:
                in_note = m.group("inline") is None
            elif re.match(r"accDescr\s*\{", line):
                in_note = True  # a multi-line accessibility description, up to its '}'
            elif (m := _STATE_AS.fullmatch(line)) is not None:
                self._declare(m.group("id"), unescape_label(m.group("label")), number, inside)
                if m.group("open"):
                    stack.append(self._composite(m.group("id"), number))
            elif (m := _STATE.fullmatch(line)) is not None:
                if m.group("kind") in ("fork", "join"):
                    raise self.b.fail(number, column, f"state {m.group('id')!r} is a <<{m.group('kind')}>>, which "
                                                      f"belongs to parallel states; State Explorer refuses them")
                self._name(m.group("id"), number, inside)
                if m.group("open"):
                    stack.append(self._composite(m.group("id"), number))
            elif (m := _ARROW.fullmatch(line)) is not None:
                self._arrow(m, number, column, inside)
            elif _IGNORED.match(line):
                continue
            elif (m := _DESCRIBED.fullmatch(line)) is not None:
                self._declare(m.group("id"), unescape_label(m.group("label")), number, inside)
            else:
                self.b.problem(number, column, f"not a statement of a Mermaid state diagram: {line[:60]!r}")
        if not header:
            raise self.b.fail(0, 0, "the file has no stateDiagram-v2 line")
        if stack:
            self.b.problem(self.composites[stack[-1]].line, 1, f"composite state {stack[-1]!r} is never closed "
                                                               f"with '}}'")
        if self.b.problems:
            raise LoadError(self.b.problems)
        return self._build(title or PurePath(self.b.filename).stem or "machine")

    @staticmethod
    def _front_matter(lines: list[str]) -> tuple[str | None, int]:
        if not lines or lines[0].strip() != "---":
            return None, 0
        title = None
        for i, line in enumerate(lines[1:], 1):
            if line.strip() == "---":
                return title, i + 1
            m = re.match(r"\s*title\s*:\s*(.*)", line)
            if m:
                title = m.group(1).strip().strip("\"'") or None
        return None, 0

    def _declare(self, state_id: str, label: str, line: int, inside: str | None) -> None:
        self._name(state_id, line, inside)
        if label:
            self.labels.setdefault(state_id, label)

    def _composite(self, state_id: str, line: int) -> str:
        self.composites.setdefault(state_id, _Composite(state_id, line))
        return state_id

    def _arrow(self, m: re.Match[str], line: int, column: int, inside: str | None) -> None:
        source, target = re.sub(r":::\w+$", "", m.group("a")), re.sub(r":::\w+$", "", m.group("b"))
        label = unescape_label(m.group("label")) if m.group("label") is not None else None
        if source == "[*]" and target == "[*]":
            self.b.problem(line, column, "an arrow from [*] to [*] means nothing")
        elif source == "[*]":
            self._name(target, line, inside)
            if inside is not None:
                self.composites[inside].initial = target
            elif self.initial is not None and self.initial != target:
                self.b.problem(line, column, f"a second initial state {target!r} (the first is {self.initial!r}, "
                                             f"line {self.initial_at[0]})")
            else:
                self.initial, self.initial_at = target, (line, column)
        elif target == "[*]":
            self._name(source, line, inside)
            if inside is not None:
                self.composites[inside].enders.append(source)
            else:
                self.finals.append(source)
        else:
            self._name(source, line, inside)
            self._name(target, line, inside)
            self.arrows.append(_Arrow(source, target, label or None, line, column))

    # -- flattening -------------------------------------------------------------------

    def _leaves(self, state_id: str) -> list[str]:
        if state_id not in self.composites:
            return [state_id]
        return [leaf for member in self.composites[state_id].members for leaf in self._leaves(member)]

    def _enter(self, state_id: str, arrow: _Arrow) -> str:
        for _ in range(len(self.composites) + 1):
            composite = self.composites.get(state_id)
            if composite is None:
                return state_id
            if composite.initial is None:
                raise self.b.fail(arrow.line, arrow.column, f"the arrow enters composite state {state_id!r} "
                                                            f"(line {composite.line}), which has no [*] --> start")
            state_id = composite.initial
        raise self.b.fail(arrow.line, arrow.column, "the composite states' starts go round in a circle")

    def _sources(self, arrow: _Arrow) -> list[str]:
        composite = self.composites.get(arrow.source)
        if composite is None:
            return [arrow.source]
        if arrow.label is None:  # a completion: from the states that end the composite
            return [leaf for ender in composite.enders for leaf in self._leaves(ender)]
        own = {(a.source, a.label) for a in self.arrows}
        return [leaf for leaf in self._leaves(arrow.source) if (leaf, arrow.label) not in own]

    def _build(self, name: str) -> Machine:
        for state_id, line in self.seen.items():
            if state_id not in self.composites:
                label = self.labels.get(state_id, state_id)
                self.b.add_state(State(id=state_id, label=Text.of(label), final=state_id in self.finals, line=line))
        for arrow in self.arrows:
            target = self._enter(arrow.target, arrow)
            trigger, timeout = self._trigger(arrow, target)
            for source in self._sources(arrow):
                self.b.add(Draft(source=source, target=target, trigger=trigger, timeout=timeout,
                                 line=arrow.line, column=arrow.column))
        initial = self.initial
        if initial is not None and initial in self.composites:
            initial = self._enter(initial, _Arrow("[*]", initial, None, *self.initial_at))
        if initial is None and self.b.states:
            initial = next(iter(self.b.states))  # no [*] --> X: the first state named
        return self.b.build(name, initial, initial_at=self.initial_at)

    def _trigger(self, arrow: _Arrow, target: str) -> tuple[Text, Timeout | None]:
        if arrow.label is None:
            return Text.of(f"→ {self.labels.get(target, target)}"), None
        timer = _TIMER.fullmatch(arrow.label)
        if timer is not None:
            duration = timer.group("duration")
            if duration.casefold() in _setting_words():
                return Text.of(timer.group("label")), Timeout(None)
            try:
                return Text.of(timer.group("label")), Timeout(parse_duration(duration))
            except ValueError:
                pass  # not a mark this module wrote: the label stays as it is
        return Text.of(arrow.label), None
