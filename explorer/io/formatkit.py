"""What every foreign-format reader and writer shares: limits, decoding, positions, building.

Each format module (``csv_format``, ``scxml``, ``xstate``, ``mermaid``,
``dot``, ``plantuml``) offers the same small interface, so that one table of
formats can list them:

- ``NAME``: the format's name (``csv``, ``scxml``, ...), as ``-f`` takes it;
- ``EXTENSIONS``: lower-case file extensions with the dot;
- ``DESCRIPTION``: a few words for a file dialog's filter;
- ``sniff(head: bytes) -> bool``: whether the first KiB looks like this format;
- ``read(data: bytes, filename: str) -> Machine`` (readers), raising
  :class:`~explorer.errors.LoadError` with file, line and column;
- ``write(machine: Machine, lang: str | None = None) -> str`` (writers).

The duration parser is imported here and only here, so that when it moves
the format modules follow with one edit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from explorer.errors import LoadError, MachineError, Problem
from explorer.io.scenario import format_duration
from explorer.io.yamlsafe import did_you_mean, parse_duration, size_limit_for, too_large
from explorer.model import ANY_LANGUAGE, Machine, State, Text, Timeout, Transition, TransitionIdGenerator

__all__ = [
    "MAX_BYTES", "MachineBuilder", "decode", "did_you_mean", "format_duration", "parse_duration",
    "position_of_index", "text_of", "text_pairs", "timeout_text",
]

#: The largest file a reader of these formats takes unless raised (see
#: :func:`explorer.io.yamlsafe.max_file_bytes`). XML and indented JSON say
#: less per byte than YAML: the generator's 20,000-state machine, the largest
#: the program is meant to open, is 39.0 MB as XState JSON, 34.8 MB as SCXML,
#: 14.8 MB as CSV, 5.6 MB as Mermaid (either shape), so 64 MiB leaves room;
#: there are no aliases or entities here to multiply it.
MAX_BYTES = 64 * 1024 * 1024

#: How many bytes ``sniff`` functions are given (and look at).
SNIFF_BYTES = 1024


def decode(data: bytes, filename: str, what: str, fallback: str | None = None,
           max_bytes: int | None = None) -> str:
    """Text from a file's bytes, after the checks that come before any parsing.

    UTF-8 (with or without a byte order mark); ``fallback`` (for example
    ``cp1252``, which Excel writes) is tried when the bytes are not UTF-8.
    """
    max_bytes = size_limit_for(filename, MAX_BYTES if max_bytes is None else max_bytes)
    if len(data) > max_bytes:
        raise too_large(filename, len(data), max_bytes)
    if not data.strip():
        raise LoadError([Problem(filename, 0, 0, "the file is empty")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError([Problem(filename, 1, 1, "the file is UTF-16; save it as UTF-8")])
    nul = data.find(b"\0")
    if nul >= 0:
        line, column = _position_of_byte(data, nul)
        raise LoadError([Problem(filename, line, column, f"the file is binary (it contains a NUL byte), not {what}")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        if fallback is not None:
            try:
                return data.decode(fallback)
            except UnicodeDecodeError:
                pass
        line, column = _position_of_byte(data, e.start)
        message = (f"the file is not UTF-8 (byte 0x{data[e.start]:02x} cannot start or continue a character); "
                   f"save it as UTF-8")
        raise LoadError([Problem(filename, line, column, message)]) from e


def _position_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(raw[line_start:offset].decode("utf-8", "replace")) + 1


def position_of_index(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character ``index`` in ``text``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


# -- texts and durations -----------------------------------------------------------------


def text_of(pairs: Iterable[tuple[str, str]]) -> Text | None:
    """A Text from (language, text) pairs, skipping empty texts; None when nothing is left.

    The language-neutral key is ``""`` (:data:`~explorer.model.ANY_LANGUAGE`).
    """
    values = tuple((lang, value) for lang, value in pairs if value.strip())
    return Text(values) if values else None


def text_pairs(text: Text | None) -> tuple[tuple[str, str], ...]:
    """The (language, text) pairs of ``text``, in order; none for None."""
    return () if text is None else text.values


def is_plain(text: Text) -> bool:
    """True when ``text`` is one language-neutral string (what a plain format field holds)."""
    return len(text.values) == 1 and text.values[0][0] == ANY_LANGUAGE


def timeout_text(timeout: Timeout) -> str:
    """A timeout as a reader of these formats reads it back: a duration, or ``setting``."""
    return "setting" if timeout.seconds is None else format_duration(timeout.seconds)


# -- building a machine with positions -----------------------------------------------------


@dataclass(frozen=True)
class Draft:
    """A transition as read, before ids are generated and references checked."""

    source: str
    target: str
    trigger: Text
    line: int
    column: int
    id: str | None = None
    actor: str | None = None
    steps: tuple[Text, ...] = ()
    timeout: Timeout | None = None
    description: Text | None = None


class MachineBuilder:
    """Collects states, transitions and problems, then builds a Machine or raises LoadError."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.problems: list[Problem] = []
        self.states: dict[str, State] = {}
        self.drafts: list[Draft] = []

    def problem(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.filename, line, column, message))

    def fail(self, line: int, column: int, message: str) -> LoadError:
        """A LoadError with every problem so far and this one (for a reader that cannot go on)."""
        self.problem(line, column, message)
        return LoadError(sorted(self.problems, key=lambda p: (p.line, p.column)))

    def add_state(self, state: State, column: int = 0) -> None:
        if state.id in self.states:
            self.problem(state.line, column, f"state id {state.id!r} is given twice "
                                             f"(first at line {self.states[state.id].line})")
            return
        self.states[state.id] = state

    def ensure_state(self, state_id: str, line: int = 0) -> None:
        """Add a state named only by a transition (label: its id), unless it exists."""
        if state_id not in self.states:
            self.states[state_id] = State(id=state_id, label=Text.of(state_id), line=line)

    def add(self, draft: Draft) -> None:
        self.drafts.append(draft)

    def build(self, name: str, initial: str | None, language: str = "en", description: Text | None = None,
              initial_at: tuple[int, int] = (0, 0), source: str | None = None) -> Machine:
        known = list(self.states)
        if not self.states:
            self.problem(0, 0, "the file has no states")
        elif initial is None:
            self.problem(*initial_at, "the machine has no initial state")
        elif initial not in self.states:
            self.problem(*initial_at, f"unknown initial state {initial!r}{did_you_mean(initial, known)}")
        for d in self.drafts:
            for what, end in (("source", d.source), ("target", d.target)):
                if end not in self.states:
                    self.problem(d.line, d.column, f"unknown {what} state {end!r}{did_you_mean(end, known)}")
        first: dict[str, Draft] = {}
        for d in self.drafts:
            if d.id is None:
                continue
            if d.id in first:
                self.problem(d.line, d.column, f"duplicate transition id {d.id!r} "
                                               f"(first used at line {first[d.id].line})")
            else:
                first[d.id] = d
        if self.problems:
            raise LoadError(sorted(self.problems, key=lambda p: (p.line, p.column)))
        assert initial is not None
        try:
            return Machine(name=name, initial=initial, states=tuple(self.states.values()),
                           transitions=self._transitions(), language=language, description=description,
                           source=source)
        except MachineError as e:  # the checks above should make this impossible
            raise LoadError([Problem(self.filename, 0, 0, str(e))]) from e

    def _transitions(self) -> tuple[Transition, ...]:
        # Written ids first, so that a generated id never takes one a later transition spells out.
        new_id = TransitionIdGenerator(d.id for d in self.drafts if d.id is not None)
        out = []
        for d in self.drafts:
            tid = d.id
            if tid is None:
                tid = new_id(d.source, d.target)
            out.append(Transition(id=tid, source=d.source, target=d.target, trigger=d.trigger, actor=d.actor,
                                  steps=d.steps, timeout=d.timeout, description=d.description, line=d.line))
        return tuple(out)


def generated_ids(transitions: Sequence[Transition]) -> list[str]:
    """The ids a reader would generate for ``transitions`` if none were written."""
    new_id = TransitionIdGenerator()
    return [new_id(t.source, t.target) for t in transitions]


def ids_are_generated(machine: Machine) -> bool:
    """True when every transition id is the one a reader generates, so a writer may leave ids out."""
    return generated_ids(machine.transitions) == [t.id for t in machine.transitions]
