"""The machine file format, version 1: a state machine's transition table in YAML.

:func:`load_machine` reads a file, :func:`load_machine_text` reads text; both
return a :class:`~explorer.model.Machine` or raise one
:class:`~explorer.errors.LoadError` that lists every problem found, each
with file, line and column. Neither prints nor exits.

:func:`dump_machine` writes a machine back as text, losslessly: loading what
it writes gives an equal machine (descriptions, languages, actors, timeouts,
finals and transition ids included). :func:`write_machine` writes it to a file
atomically. Most callers load through :mod:`explorer.io.formats`, which picks
this module for ``.yaml``/``.yml`` files.

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
    Files of at most 32 MiB (raised with ``--max-file-size`` or the environment
    variable ``EXPLORER_MAX_FILE_MB``), UTF-8 (a byte order mark is allowed), one YAML
    document, plain YAML data only (no ``!!python/...`` or other tags),
    aliases that expand to at most 100,000 values, and collections nested at
    most 200 deep. Names are short: the machine's name, state ids, transition
    ids, actors, language codes, state labels and triggers have at most 200
    characters (per language); a step or a description at most 2,000, the
    source at most 2,000. Longer texts are errors at their line and column:
    they could not be drawn (Graphviz refuses names over 16,384 characters)
    and are surely not what the author meant.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from explorer.errors import LoadError, MachineError, Problem, quote
from explorer.io.atomic import write_atomic
from explorer.io.yamlsafe import (
    Locator,
    YamlPath,
    collector_paused,
    did_you_mean,
    parse_duration,
    parse_yaml,
    parse_yaml_fast,
    read_source,
    unknown_key_problems,
)
from explorer.model import ANY_LANGUAGE, Machine, State, Text, Timeout, Transition, TransitionIdGenerator, generate_transition_id

#: The format version this module reads.
FORMAT_VERSION = 1

TOP_KEYS = ("format", "name", "language", "description", "source", "initial", "states", "transitions", "actors")
STATE_KEYS = ("label", "description", "final")
TRANSITION_KEYS = ("id", "from", "to", "trigger", "actor", "steps", "timeout", "description")

#: Most characters of a name: machine name, ids, actors, language codes.
MAX_NAME_LENGTH = 200
#: Most characters of a state label or trigger, per language (a box or an arrow's label).
MAX_LABEL_LENGTH = 200
#: Most characters of a step, a description or the source (a paragraph).
MAX_TEXT_LENGTH = 2000


def load_machine(path: str | os.PathLike[str]) -> Machine:
    """The machine in a version-1 YAML file; LoadError lists every problem."""
    return load_machine_text(read_source(path), os.fspath(path))


def load_machine_text(source: bytes | str, filename: str) -> Machine:
    """The machine in version-1 YAML text; ``filename`` names it in problems.

    A well-formed file is read on the fast path (libyaml's events straight to
    data, see :func:`~explorer.io.yamlsafe.parse_yaml_fast`). Whenever there
    is anything to report, the file is read again on the positioned path,
    which alone words the problems, so every message and position is the
    same whichever path found it.
    """
    fast = parse_yaml_fast(source, filename)
    if fast is not None:
        try:
            with collector_paused():
                machine = _MachineReader(fast.locator).read(fast.data)
        except LoadError:
            machine = None
        if machine is not None:
            return machine
        del fast  # its data is not needed while the file is read again
    doc = parse_yaml(source, filename)
    reader = _MachineReader(doc.locator)
    with collector_paused():
        machine = reader.read(doc.data)
    problems = [*doc.problems, *reader.problems]
    if problems or machine is None:
        problems.sort(key=lambda p: (p.line, p.column))
        raise LoadError(problems)
    return machine


# -- writing ---------------------------------------------------------------------------


def dump_machine(machine: Machine, *, lang: str | None = None) -> str:
    """``machine`` as version-1 YAML that :func:`load_machine_text` reads back to an equal machine.

    Labels that equal a state's id and transition ids that the reader would
    generate anyway are left out, so a written file reads like a hand-written
    one. ``lang`` is accepted for the writers' common signature and ignored:
    every language is written.
    """
    del lang  # a machine file carries all its languages
    document: dict[str, Any] = {"format": FORMAT_VERSION, "name": machine.name, "language": machine.language}
    if machine.description is not None:
        document["description"] = _text_data(machine.description)
    if machine.source is not None:
        document["source"] = machine.source
    document["initial"] = machine.initial
    document["states"] = {s.id: _state_data(s) for s in machine.states}
    explicit = _ids_to_write(machine.transitions)
    document["transitions"] = [_transition_data(t, t.id in explicit) for t in machine.transitions]
    # The C emitter, where PyYAML has it, writes a 20,000-state machine in a
    # fraction of the time; both emit the same YAML data.
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    with collector_paused():  # PyYAML makes a node per value: at 20,000 states the collector doubled the time
        return yaml.dump(document, Dumper=dumper, allow_unicode=True, sort_keys=False, width=100)


def write_machine(machine: Machine, path: str | os.PathLike[str]) -> None:
    """Write ``machine`` to ``path`` as YAML, atomically (WriteError on failure, the old file intact)."""
    write_atomic(path, dump_machine(machine))


def _text_data(text: Text) -> str | dict[str, str]:
    """A label as the file writes it: plain text when it is language-neutral, else a mapping."""
    values = dict(text.values)
    if list(values) == [ANY_LANGUAGE]:
        return values[ANY_LANGUAGE]
    return values


def _state_data(state: State) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if state.label != Text.of(state.id):
        entry["label"] = _text_data(state.label)
    if state.description is not None:
        entry["description"] = _text_data(state.description)
    if state.final:
        entry["final"] = True
    return entry


def _transition_data(t: Transition, write_id: bool) -> dict[str, Any]:
    entry: dict[str, Any] = {}
    if write_id:
        entry["id"] = t.id
    entry.update({"from": t.source, "to": t.target, "trigger": _text_data(t.trigger)})
    if t.actor is not None:
        entry["actor"] = t.actor
    if t.steps:
        entry["steps"] = [_text_data(step) for step in t.steps]
    if t.timeout is not None:
        seconds = t.timeout.seconds
        # Whole seconds as an integer (``300``, not ``300.0``); a float as repr, which reads back exactly.
        entry["timeout"] = True if seconds is None else (int(seconds) if float(seconds).is_integer() else seconds)
    if t.description is not None:
        entry["description"] = _text_data(t.description)
    return entry


def _ids_to_write(transitions: tuple[Transition, ...]) -> set[str]:
    """The transition ids the reader would not generate by itself, and so must be written.

    An id may be left out when the reader, given the ids that are written,
    generates exactly it. Writing one id can change what the reader generates
    for others (written ids are reserved first), so repeat until nothing changes;
    each round only adds ids, so this ends, usually after one or two rounds.
    """
    explicit = {t.id for t in transitions if not _looks_generated(t)}
    while True:
        taken = set(explicit)
        changed = False
        for t in transitions:
            if t.id in explicit:
                continue
            base = f"{t.source}-{t.target}"
            # The common case without the copy of ``taken`` that generate_transition_id makes.
            generated = base if base not in taken else generate_transition_id(t.source, t.target, taken)
            taken.add(generated)
            if generated != t.id:
                explicit.add(t.id)
                changed = True
        if not changed:
            return explicit


def _looks_generated(t: Transition) -> bool:
    base = f"{t.source}-{t.target}"
    if t.id == base:
        return True
    head, _, number = t.id.rpartition("-")
    return head == base and number.isdigit() and not number.startswith("0")


# -- reading ---------------------------------------------------------------------------


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

    def _too_long(self, text: str, limit: int, what: str, path: YamlPath) -> bool:
        """Report ``text`` when it is longer than ``limit``; True when it was."""
        if len(text) <= limit:
            return False
        self._error(f"{what} is {len(text):,} characters long; at most {limit:,} are allowed "
                    f"(it begins {quote(text, 60)})", *path)
        return True

    def _label(self, value: Any, path: YamlPath, what: str, limit: int = MAX_LABEL_LENGTH) -> Text | None:
        """A label: non-empty text, or a mapping language code -> non-empty text; each at most ``limit`` long."""
        quick = _quick_label(value, limit)
        if quick is not None:
            return quick
        text = self._text(value, path)
        if text is not None:
            if not text.strip():
                self._error(f"{what} is empty", *path)
                return None
            if self._too_long(text, limit, what, path):
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
                if lang_text is None or not lang_text.strip() or len(lang_text) > MAX_NAME_LENGTH:
                    self._key_error(f"{what}: a language code must be text such as 'de' or 'en'", *path, lang)
                    ok = False
                    continue
                item_text = self._text(item, (*path, lang))
                if item_text is None or not item_text.strip():
                    self._error(f"{what} in {quote(lang_text)} must be a non-empty text", *path, lang)
                    ok = False
                    continue
                # The length is looked at first: the words of the message cost more than the check.
                if len(item_text) > limit and self._too_long(item_text, limit, f"{what} in {quote(lang_text)}",
                                                             (*path, lang)):
                    ok = False
                    continue
                texts[lang_text] = item_text
            # Keys and values are text already: no conversion as in Text.of.
            return Text(tuple(texts.items())) if ok else None
        self._error(f"{what} must be a text or a mapping of language codes to texts, not {_kind(value)}", *path)
        return None

    def _optional_label(self, mapping: dict[Any, Any], key: str, path: YamlPath, what: str,
                        limit: int = MAX_LABEL_LENGTH) -> Text | None:
        value = mapping.get(key)
        return None if value is None else self._label(value, (*path, key), what, limit)

    def _id(self, value: Any, path: YamlPath, what: str, limit: int = MAX_NAME_LENGTH) -> str | None:
        if type(value) is str and len(value) <= limit and value.strip():  # the common case, quickly
            return value
        text = self._text(value, path)
        if text is None or not text.strip():
            self._error(f"{what} must be a non-empty text, not {_kind(value)}", *path)
            return None
        if self._too_long(text, limit, what, path):
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
            self._error(f"unsupported format {quote(fmt)}; this version of State Explorer reads format {FORMAT_VERSION}",
                        "format")

        name = self._required(data, "name", (), "the machine", lambda v, p: self._id(v, p, "name"))
        language = "en"
        if data.get("language") is not None:
            language = self._id(data["language"], ("language",), "language") or language
        description = self._optional_label(data, "description", (), "description", MAX_TEXT_LENGTH)
        source = None
        if data.get("source") is not None:
            source = self._id(data["source"], ("source",), "source", MAX_TEXT_LENGTH)
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
            self._error(f"{what}: unknown state {quote(ref)}{did_you_mean(ref, state_ids)}", *path)
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
                self._error(f"actor {quote(actor)} is listed twice", "actors", i)
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
            if len(state_id) > MAX_NAME_LENGTH:
                self._key_error(f"a state id is {len(state_id):,} characters long; at most {MAX_NAME_LENGTH} are "
                                f"allowed (it begins {quote(state_id, 60)})", *path)
                ok = False
                continue
            if state_id in self._known_states:
                self._key_error(f"state id {quote(state_id)} is given twice", *path)
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
            self._error(f"state {quote(state_id)} must be a mapping (label, description, final), not {_kind(entry)}",
                        *path)
            return None
        before = len(self.problems)
        self._unknown_keys(entry, STATE_KEYS, path, f"state {quote(state_id)}")
        label = self._optional_label(entry, "label", path, f"the label of state {quote(state_id)}")
        description = self._optional_label(entry, "description", path, f"the description of state {quote(state_id)}",
                                           MAX_TEXT_LENGTH)
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

    def _quick_transition(self, index: int, entry: Any, actors: list[str] | None) -> _Draft | None:
        """The common, valid transition, read without building any message; None: take the long way.

        Gives exactly what :meth:`_transition` gives for such an entry, and
        changes nothing when it gives None (the long way then reports).
        """
        if type(entry) is not dict or not entry.keys() <= _TRANSITION_KEY_SET:
            return None
        known = self._known_states
        source, target = entry.get("from"), entry.get("to")
        if type(source) is not str or source not in known or type(target) is not str or target not in known:
            return None
        trigger = _quick_label(entry.get("trigger"), MAX_LABEL_LENGTH)
        if trigger is None:
            return None
        explicit_id = entry.get("id")
        if explicit_id is not None and not _quick_name(explicit_id):
            return None
        actor = entry.get("actor")
        if actor is not None and (not _quick_name(actor) or (actors is not None and actor not in actors)):
            return None
        steps: tuple[Text, ...] = ()
        value = entry.get("steps")
        if value is not None:
            if type(value) is not list:
                return None
            quick_steps = [_quick_label(item, MAX_TEXT_LENGTH) for item in value]
            if None in quick_steps:
                return None
            steps = tuple(quick_steps)  # type: ignore[arg-type]
        timeout = None
        value = entry.get("timeout")
        if value is True:
            timeout = Timeout(None)
        elif value is not None:
            try:
                timeout = Timeout(parse_duration(value))
            except ValueError:
                return None
        description = None
        value = entry.get("description")
        if value is not None:
            description = _quick_label(value, MAX_TEXT_LENGTH)
            if description is None:
                return None
        if explicit_id is not None:
            self._explicit_ids.append((explicit_id, index))
        return _Draft(id=explicit_id, source=source, target=target, trigger=trigger, actor=actor, steps=steps,
                      timeout=timeout, description=description, line=self.loc.at("transitions", index)[0])

    def _transition(self, index: int, entry: Any, state_ids: list[str] | None,
                    actors: list[str] | None) -> _Draft | None:
        quick = self._quick_transition(index, entry, actors)
        if quick is not None:
            return quick
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
                self._error(f"unknown actor {quote(actor)}{did_you_mean(actor, actors)}; "
                            f"declared actors: {', '.join(actors)}", *path, "actor")
        steps = self._steps(entry, path)
        timeout = self._timeout(entry, path)
        description = self._optional_label(entry, "description", path, "description", MAX_TEXT_LENGTH)
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
        steps = [self._label(item, (*path, "steps", i), f"step {i + 1}", MAX_TEXT_LENGTH) for i, item in enumerate(value)]
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
                self._error(f"duplicate transition id {quote(tid)} (first used at line {line}, column {column})",
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


_TRANSITION_KEY_SET = frozenset(TRANSITION_KEYS)


def _quick_name(value: Any) -> bool:
    """True for a name :meth:`_MachineReader._id` takes as it is: non-blank text of at most 200 characters."""
    return type(value) is str and len(value) <= MAX_NAME_LENGTH and bool(value.strip())


def _quick_label(value: Any, limit: int) -> Text | None:
    """The label :meth:`_MachineReader._label` reads from ``value`` when it is one of the
    common, valid shapes (a text; a mapping of language codes to texts); else None.

    No message is built on this way (a 20,000-state machine has over 100,000
    labels); all other values take the long way, which reports.
    """
    if type(value) is str:
        if len(value) <= limit and value.strip():
            return Text(((ANY_LANGUAGE, value),))
    elif type(value) is dict and value:
        items = tuple(value.items())
        if all(type(k) is str and type(v) is str and len(k) <= MAX_NAME_LENGTH and len(v) <= limit
               and k.strip() and v.strip() for k, v in items):
            return Text(items)
    return None


def _kind(value: Any) -> str:
    """How a person would name the type of a YAML value."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, (int, float)):
        return f"a number ({quote(value, 60)})"
    if isinstance(value, str):
        return f"a text ({quote(value)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
