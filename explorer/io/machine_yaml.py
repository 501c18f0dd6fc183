"""The machine file format, version 1: a state machine's transition table in YAML.

:func:`load_machine` reads a file, :func:`load_machine_text` reads text; both
return a :class:`~explorer.model.Machine` or raise one
:class:`~explorer.errors.LoadError` that lists every problem found, each
with file, line and column. Neither prints nor exits.

The format
==========

.. code-block:: yaml

    format: 1                  # optional; any other value is an error
    name: Rescue technician console - session status     # required
    language: de               # optional: default language of labels ("en")
    description: ...           # optional, a label
    source: sources/rescue_session_status.de.txt  # optional: what the machine was made from
    initial: connecting        # required: the id of a state
    actors: [technician, customer, administrator, time]  # optional
    states:                    # required: a mapping, state id -> state
      connecting:
        label: {de: Verbindung wird hergestellt, en: Connecting}  # optional (the id)
        description: ...       # optional, a label
        final: false           # optional, true or false
      waiting:                 # a state with nothing to say may be left empty
      deleted:
        label: {de: Aus Warteschlange der Technikerkonsole gelöscht, en: Removed from queue}
        final: true
    transitions:               # optional: a list (may be empty)
      - id: start-applet       # optional; generated as "<from>-<to>" when absent
        from: connecting       # required: a state id
        to: waiting            # required: a state id
        trigger: {de: Kunde startet das Applet, en: Customer starts the applet}  # required
        actor: customer        # optional; one of `actors` when that is given
        steps:                 # optional: the procedure, in order; each a label
          - Der Kunde lädt das Applet herunter und startet es.
        timeout: 1m            # optional: fires when time passes (see below)
        description: ...       # optional remark, a label

Labels
    A label (state ``label`` and ``description``, ``trigger``, each of
    ``steps``, ``description``) is a non-empty text, or a mapping from
    language code to non-empty text: ``{de: Wartend, en: Waiting}``.

Ids and text
    State ids, transition ids, actors and labels are always text: a plain
    ``off``, ``yes`` or ``1`` is read as written, not as YAML's boolean or
    number.

Transition ids
    Written ids win; the others are generated in file order as
    ``<from>-<to>``, then ``<from>-<to>-2``, ... for parallel transitions, so
    an id only changes when transitions between the same two states are
    reordered. Two transitions may not have the same written id.

Timeouts
    ``timeout`` is a duration, or ``true`` when the duration is a setting
    (for example an administrator's idle limit). A duration is a number of
    seconds (``90``) or a text such as ``90s``, ``5 min``, ``1h30m``,
    ``2.5m``, ``7d``, ``2w``, ``2d 3h``, ``05:00`` (mm:ss), ``00:05:00``
    (hh:mm:ss) or ISO 8601 ``P4D`` / ``PT5M``, at most a year
    (:mod:`explorer.durations` reads them all).

Source
    ``source`` says where the machine comes from: a path relative to the
    machine file (such as the help article it was transcribed from) or a URL.
    It is kept as written and not read.

Empty values
    An optional key left empty (``description:``) is the same as leaving it
    out. Unknown keys are errors, with a suggestion when one is close.

Shared defaults
    YAML anchors and merge keys work: ``- &idle {from: a, to: b, ...}`` then
    ``- {<<: *idle, from: c}``. Keys written in the mapping win.

Limits
    Files of at most 5 MiB, UTF-8 (a byte order mark is allowed), one YAML
    document, plain YAML data only (no ``!!python/...`` or other tags), and
    aliases that expand to at most 100,000 values.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from explorer.errors import LoadError, MachineError, Problem
from explorer.io.yamlsafe import (
    Locator,
    YamlPath,
    did_you_mean,
    parse_duration,
    parse_yaml,
    read_source,
    unknown_key_problems,
)
from explorer.model import Machine, State, Text, Timeout, Transition, TransitionIdGenerator

#: The format version this module reads.
FORMAT_VERSION = 1

TOP_KEYS = ("format", "name", "language", "description", "source", "initial", "states", "transitions", "actors")
STATE_KEYS = ("label", "description", "final")
TRANSITION_KEYS = ("id", "from", "to", "trigger", "actor", "steps", "timeout", "description")


def load_machine(path: str | os.PathLike[str]) -> Machine:
    """The machine in a version-1 YAML file; LoadError lists every problem."""
    return load_machine_text(read_source(path), os.fspath(path))


def load_machine_text(source: bytes | str, filename: str) -> Machine:
    """The machine in version-1 YAML text; ``filename`` names it in problems."""
    doc = parse_yaml(source, filename)
    reader = _MachineReader(doc.locator)
    machine = reader.read(doc.data)
    problems = [*doc.problems, *reader.problems]
    if problems or machine is None:
        problems.sort(key=lambda p: (p.line, p.column))
        raise LoadError(problems)
    return machine


@dataclass(frozen=True)
class _Draft:
    """A transition read from the file, before ids are generated."""

    id: str | None
    source: str
    target: str
    trigger: Text
    actor: str | None
    steps: tuple[Text, ...]
    timeout: Timeout | None
    description: Text | None
    line: int


class _MachineReader:
    """Checks a document against the format, collecting problems as it goes."""

    def __init__(self, locator: Locator) -> None:
        self.loc = locator
        self.problems: list[Problem] = []
        # Collected even from entries with other problems, so that references
        # and duplicate ids are still checked and every problem is reported.
        self._state_ids: list[str] = []
        self._known_states: set[str] = set()  # the same ids, for O(1) look-ups in big machines
        self._explicit_ids: list[tuple[str, int]] = []

    def _error(self, message: str, *path: Any) -> None:
        # Where YAML already reported a problem (a refused tag reads as empty),
        # a complaint about the same value would only repeat it.
        if not self.loc.is_damaged(*path):
            self.problems.append(self.loc.problem(message, *path))

    def _unknown_keys(self, mapping: dict[Any, Any], allowed: tuple[str, ...], path: YamlPath, what: str) -> None:
        if not self.loc.is_damaged(*path):
            self.problems += unknown_key_problems(mapping, allowed, self.loc, path, what)

    def _key_error(self, message: str, *path: Any) -> None:
        if not self.loc.is_damaged(*path[:-1]):
            self.problems.append(self.loc.key_problem(message, *path))

    # -- values ------------------------------------------------------------------------

    def _text(self, value: Any, path: YamlPath) -> str | None:
        """``value`` as text, using the written form for plain scalars YAML typed."""
        if isinstance(value, str):
            return value
        if isinstance(value, (bool, int, float)):
            return self.loc.raw_text(*path)
        return None

    def _key_text(self, key: Any, path: YamlPath) -> str | None:
        if isinstance(key, str):
            return key
        if isinstance(key, (bool, int, float)):
            return self.loc.raw_key(*path)
        return None

    def _label(self, value: Any, path: YamlPath, what: str) -> Text | None:
        """A label: non-empty text, or a mapping language code -> non-empty text."""
        text = self._text(value, path)
        if text is not None:
            if not text.strip():
                self._error(f"{what} is empty", *path)
                return None
            return Text.of(text)
        if isinstance(value, dict):
            if not value:
                self._error(f"{what} is an empty mapping; give at least one language", *path)
                return None
            texts: dict[str, str] = {}
            ok = True
            for lang, item in value.items():
                lang_text = self._key_text(lang, (*path, lang))
                if lang_text is None or not lang_text.strip():
                    self._key_error(f"{what}: a language code must be text such as 'de' or 'en'", *path, lang)
                    ok = False
                    continue
                item_text = self._text(item, (*path, lang))
                if item_text is None or not item_text.strip():
                    self._error(f"{what} in {lang_text!r} must be a non-empty text", *path, lang)
                    ok = False
                    continue
                texts[lang_text] = item_text
            return Text.of(texts) if ok else None
        self._error(f"{what} must be a text or a mapping of language codes to texts, not {_kind(value)}", *path)
        return None

    def _optional_label(self, mapping: dict[Any, Any], key: str, path: YamlPath, what: str) -> Text | None:
        value = mapping.get(key)
        return None if value is None else self._label(value, (*path, key), what)

    def _id(self, value: Any, path: YamlPath, what: str) -> str | None:
        text = self._text(value, path)
        if text is None or not text.strip():
            self._error(f"{what} must be a non-empty text, not {_kind(value)}", *path)
            return None
        return text

    # -- the document ------------------------------------------------------------------

    def read(self, data: Any) -> Machine | None:
        if not isinstance(data, dict):
            self._error(f"a machine file must be a mapping with keys such as name, initial, states; "
                        f"this one is {_kind(data)}")
            return None
        self._unknown_keys(data, TOP_KEYS, (), "the machine")

        fmt = data.get("format")
        if "format" in data and (isinstance(fmt, bool) or fmt != FORMAT_VERSION):
            self._error(f"unsupported format {fmt!r}; this version of State Explorer reads format {FORMAT_VERSION}",
                        "format")

        name = self._required(data, "name", (), "the machine", lambda v, p: self._id(v, p, "name"))
        language = "en"
        if data.get("language") is not None:
            language = self._id(data["language"], ("language",), "language") or language
        description = self._optional_label(data, "description", (), "description")
        source = None
        if data.get("source") is not None:
            source = self._id(data["source"], ("source",), "source")
        actors = self._actors(data)
        states = self._states(data)
        state_ids = self._state_ids if self._state_ids else None
        initial = self._required(data, "initial", (), "the machine", lambda v, p: self._state_ref(v, p, "initial", state_ids))
        drafts = self._transitions(data, state_ids, actors)

        if self.problems or name is None or states is None or initial is None or drafts is None:
            return None
        try:
            return Machine(name=name, initial=initial, states=tuple(states),
                           transitions=self._with_ids(drafts), language=language, description=description,
                           source=source)
        except MachineError as e:  # the checks above should make this impossible
            raise LoadError([Problem(self.loc.filename, 0, 0, str(e))]) from e

    def _required(self, mapping: dict[Any, Any], key: str, path: YamlPath, what: str,
                  read: Callable[[Any, YamlPath], Any]) -> Any:
        """Read a required key: missing is reported at the mapping, empty at the key."""
        if key not in mapping:
            self._error(f"{what} has no {key!r}", *path)
            return None
        if mapping[key] is None:
            self._error(f"{key!r} is empty", *path, key)
            return None
        return read(mapping[key], (*path, key))

    def _state_ref(self, value: Any, path: YamlPath, what: str, state_ids: list[str] | None) -> str | None:
        ref = self._id(value, path, what)
        if ref is None or state_ids is None:
            return ref
        if ref not in self._known_states:
            self._error(f"{what}: unknown state {ref!r}{did_you_mean(ref, state_ids)}", *path)
            return None
        return ref

    def _actors(self, data: dict[Any, Any]) -> list[str] | None:
        value = data.get("actors")
        if value is None:
            return None
        if not isinstance(value, list):
            self._error(f"actors must be a list of names, not {_kind(value)}", "actors")
            return None
        actors: list[str] = []
        for i, item in enumerate(value):
            actor = self._id(item, ("actors", i), "an actor")
            if actor is None:
                continue
            if actor in actors:
                self._error(f"actor {actor!r} is listed twice", "actors", i)
            actors.append(actor)
        return actors

    def _states(self, data: dict[Any, Any]) -> list[State] | None:
        if "states" not in data:
            self._error("the machine has no 'states'")
            return None
        value = data["states"]
        if not isinstance(value, dict) or not value:
            shown = "empty" if value in (None, {}) else _kind(value)
            self._error(f"states must be a mapping of state ids to states, with at least one state; this is {shown}",
                        "states")
            return None
        states: list[State] = []
        ok = True
        for key, entry in value.items():
            path = ("states", key)
            state_id = self._key_text(key, path)
            if state_id is None or not state_id.strip():
                self._key_error(f"a state id must be a non-empty text, not {_kind(key)}", *path)
                ok = False
                continue
            if state_id in self._known_states:
                self._key_error(f"state id {state_id!r} is given twice", *path)
                ok = False
                continue
            self._state_ids.append(state_id)
            self._known_states.add(state_id)
            state = self._state(state_id, entry, path)
            if state is None:
                ok = False
            else:
                states.append(state)
        return states if ok else None

    def _state(self, state_id: str, entry: Any, path: YamlPath) -> State | None:
        line = self.loc.key_at(*path)[0]
        if entry is None:
            return State(id=state_id, label=Text.of(state_id), line=line)
        if not isinstance(entry, dict):
            self._error(f"state {state_id!r} must be a mapping (label, description, final), not {_kind(entry)}", *path)
            return None
        before = len(self.problems)
        self._unknown_keys(entry, STATE_KEYS, path, f"state {state_id!r}")
        label = self._optional_label(entry, "label", path, f"the label of state {state_id!r}")
        description = self._optional_label(entry, "description", path, f"the description of state {state_id!r}")
        final = entry.get("final")
        if final is not None and not isinstance(final, bool):
            self._error(f"final must be true or false, not {_kind(final)}", *path, "final")
        if len(self.problems) > before:
            return None
        return State(id=state_id, label=label or Text.of(state_id), description=description,
                     final=bool(final), line=line)

    def _transitions(self, data: dict[Any, Any], state_ids: list[str] | None,
                     actors: list[str] | None) -> list[_Draft] | None:
        value = data.get("transitions")
        if value is None:
            return []
        if not isinstance(value, list):
            self._error(f"transitions must be a list, not {_kind(value)}", "transitions")
            return None
        drafts = [self._transition(i, entry, state_ids, actors) for i, entry in enumerate(value)]
        self._check_ids()
        ok = [d for d in drafts if d is not None]
        return ok if len(ok) == len(drafts) else None

    def _transition(self, index: int, entry: Any, state_ids: list[str] | None,
                    actors: list[str] | None) -> _Draft | None:
        path: YamlPath = ("transitions", index)
        what = f"transition {index + 1}"
        if not isinstance(entry, dict):
            self._error(f"{what} must be a mapping with from, to and trigger, not {_kind(entry)}", *path)
            return None
        before = len(self.problems)
        self._unknown_keys(entry, TRANSITION_KEYS, path, what)
        explicit_id = None
        if entry.get("id") is not None:
            explicit_id = self._id(entry["id"], (*path, "id"), "id")
            if explicit_id is not None:
                self._explicit_ids.append((explicit_id, index))
        source = self._required(entry, "from", path, what, lambda v, p: self._state_ref(v, p, "from", state_ids))
        target = self._required(entry, "to", path, what, lambda v, p: self._state_ref(v, p, "to", state_ids))
        trigger = self._required(entry, "trigger", path, what, lambda v, p: self._label(v, p, "trigger"))
        actor = None
        if entry.get("actor") is not None:
            actor = self._id(entry["actor"], (*path, "actor"), "actor")
            if actor is not None and actors is not None and actor not in actors:
                self._error(f"unknown actor {actor!r}{did_you_mean(actor, actors)}; "
                            f"declared actors: {', '.join(actors)}", *path, "actor")
        steps = self._steps(entry, path)
        timeout = self._timeout(entry, path)
        description = self._optional_label(entry, "description", path, "description")
        if len(self.problems) > before or source is None or target is None or trigger is None:
            return None
        return _Draft(id=explicit_id, source=source, target=target, trigger=trigger, actor=actor,
                      steps=steps, timeout=timeout, description=description, line=self.loc.at(*path)[0])

    def _steps(self, entry: dict[Any, Any], path: YamlPath) -> tuple[Text, ...]:
        value = entry.get("steps")
        if value is None:
            return ()
        if not isinstance(value, list):
            self._error(f"steps must be a list of labels (one '- ' line per step), not {_kind(value)}",
                        *path, "steps")
            return ()
        steps = [self._label(item, (*path, "steps", i), f"step {i + 1}") for i, item in enumerate(value)]
        return tuple(s for s in steps if s is not None)

    def _timeout(self, entry: dict[Any, Any], path: YamlPath) -> Timeout | None:
        value = entry.get("timeout")
        if value is None:
            return None
        if value is True:
            return Timeout(None)
        try:
            return Timeout(parse_duration(value))
        except ValueError as e:
            self._error(f"timeout must be a duration or true (a setting): {e}", *path, "timeout")
            return None

    def _check_ids(self) -> None:
        first: dict[str, int] = {}
        for tid, index in self._explicit_ids:
            if tid in first:
                line, column = self.loc.at("transitions", first[tid], "id")
                self._error(f"duplicate transition id {tid!r} (first used at line {line}, column {column})",
                            "transitions", index, "id")
            else:
                first[tid] = index

    @staticmethod
    def _with_ids(drafts: list[_Draft]) -> tuple[Transition, ...]:
        # Written ids are collected first so that a generated id never takes
        # one that a later transition spells out.
        new_id = TransitionIdGenerator(d.id for d in drafts if d.id is not None)
        transitions = []
        for d in drafts:
            tid = d.id
            if tid is None:
                tid = new_id(d.source, d.target)
            transitions.append(Transition(id=tid, source=d.source, target=d.target, trigger=d.trigger,
                                          actor=d.actor, steps=d.steps, timeout=d.timeout,
                                          description=d.description, line=d.line))
        return tuple(transitions)


def _kind(value: Any) -> str:
    """How a person would name the type of a YAML value."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({value!r})"
    if isinstance(value, str):
        return f"a text ({value!r})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
