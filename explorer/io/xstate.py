"""XState machine JSON: a ``createMachine`` config written as JSON (as Stately Studio exports it).

Reading
    ``states`` (nested states are flattened to dotted ids such as
    ``on.playing``), ``initial``, ``type: "final"``, ``on`` (an event mapped to
    a target string, a transition object or an array of them), ``after``
    (a delay in milliseconds -> a timeout edge; a named delay -> a timeout
    whose duration is a setting), ``always`` (eventless, read as
    ``(always)``) and ``onDone``. A guard (``guard``, or XState 4's ``cond``)
    stays on the trigger as text in brackets: ``SUBMIT [isValid]``. Targets
    are resolved as XState does: ``sibling``, ``.child``, ``#id`` and
    ``#id.child``; a target that is a compound state enters its initial leaf.
    A parent's transitions are copied to each leaf that has no unguarded
    transition on the same event of its own (the inner one wins). Parallel
    states, several targets and history states are refused, with the
    position of the offending value. Actions, entry/exit, invoke and context
    are ignored.

Writing
    A machine config XState and Stately Studio read: one event per trigger
    (named by the trigger in the machine's language), ``after`` for timeouts.
    What XState has no key for (labels, triggers in several languages,
    actors, steps, transition ids, the default language) goes into the
    ``meta`` objects XState keeps for such data; the reader takes it back.
    Within a state, events come before timeouts (XState groups them by kind).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from json.decoder import scanstring
from pathlib import PurePath
from typing import Any

from explorer.errors import LoadError, Problem
from explorer.io.formatkit import (
    Draft,
    MachineBuilder,
    decode,
    format_duration,
    is_plain,
    position_of_index,
    text_of,
)
from explorer.model import ANY_LANGUAGE, Machine, State, Text, Timeout, Transition

NAME = "xstate"
EXTENSIONS = (".json",)
DESCRIPTION = "XState machine JSON"

#: The named delay a written timeout whose duration is a setting uses.
SETTING_DELAY = "timeout_setting"
MAX_DEPTH = 100

_Path = tuple[str | int, ...]


def sniff(head: bytes) -> bool:
    """A JSON object that has a ``states`` key near the top."""
    text = head.decode("utf-8", "ignore").lstrip("\ufeff").lstrip()
    return text.startswith("{") and re.search(r'"states"\s*:', text) is not None


# -- positions in JSON --------------------------------------------------------------------


class _Positions:
    """Where each value and key of a JSON text starts; built only when a problem needs it."""

    _WS = re.compile(r"[ \t\n\r]*")
    _SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")

    def __init__(self, text: str) -> None:
        self.text = text
        self.values: dict[_Path, int] = {}
        self.keys: dict[_Path, int] = {}
        #: (path of the object, key, index of the later occurrence)
        self.duplicates: list[tuple[_Path, str, int]] = []
        try:
            self._value(0, (), 0)
        except (IndexError, ValueError):  # only valid JSON is indexed; stop quietly on anything else
            pass

    def _ws(self, i: int) -> int:
        m = self._WS.match(self.text, i)
        return m.end() if m else i

    def _value(self, i: int, path: _Path, depth: int) -> int:
        i = self._ws(i)
        if depth <= MAX_DEPTH:
            self.values[path] = i
        c = self.text[i]
        if c == "{":
            i = self._ws(i + 1)
            if self.text[i] == "}":
                return i + 1
            seen: set[str] = set()
            while True:
                i = self._ws(i)
                start = i
                key, i = scanstring(self.text, i + 1)
                if key in seen:
                    self.duplicates.append((path, key, start))
                seen.add(key)
                if depth <= MAX_DEPTH:
                    self.keys[(*path, key)] = start
                i = self._ws(i) + 1  # the colon
                i = self._ws(self._value(i, (*path, key), depth + 1))
                if self.text[i] == ",":
                    i += 1
                    continue
                return i + 1
        if c == "[":
            i = self._ws(i + 1)
            if self.text[i] == "]":
                return i + 1
            n = 0
            while True:
                i = self._ws(self._value(i, (*path, n), depth + 1))
                n += 1
                if self.text[i] == ",":
                    i += 1
                    continue
                return i + 1
        if c == '"':
            return scanstring(self.text, i + 1)[1]
        m = self._SCALAR.match(self.text, i)
        if m is None:
            raise ValueError(i)
        return m.end()

    def at(self, path: _Path, key: bool = False) -> tuple[int, int]:
        table = self.keys if key else self.values
        while path:
            if path in table:
                return position_of_index(self.text, table[path])
            path, table = path[:-1], self.values
        return position_of_index(self.text, self.values.get((), 0))


# -- reading ------------------------------------------------------------------------------


def read(data: bytes, filename: str) -> Machine:
    """The machine in XState JSON; LoadError gives each problem's line and column."""
    text = decode(data, filename, "JSON")
    duplicates = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal duplicates
        result = dict(items)
        duplicates = duplicates or len(result) != len(items)
        return result

    try:
        doc = json.loads(text, object_pairs_hook=pairs)
    except json.JSONDecodeError as e:
        raise LoadError([Problem(filename, e.lineno, e.colno, f"not valid JSON: {e.msg}")]) from e
    except RecursionError as e:
        raise LoadError([Problem(filename, 0, 0, "the JSON is nested too deeply")]) from e
    reader = _Reader(filename, text)
    if duplicates:
        positions = reader.positions()
        for path, key, index in positions.duplicates:
            line, column = position_of_index(text, index)
            reader.b.problem(line, column, f"key {key!r} is given twice in {_where(path)}")
    return reader.read(doc)


def _where(path: _Path) -> str:
    return "the machine" if not path else "/".join(str(p) for p in path)


@dataclass
class _Node:
    path: _Path  # the JSON path of the state's object
    id: str  # dotted id: "on.playing"
    key: str
    data: dict[str, Any]
    parent: _Node | None
    children: dict[str, _Node] = field(default_factory=dict)

    @property
    def is_leaf(self) -> bool:
        return not self.children

    @property
    def final(self) -> bool:
        return self.data.get("type") == "final"

    def ancestors(self) -> Iterator[_Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Reader:
    def __init__(self, filename: str, text: str) -> None:
        self.b = MachineBuilder(filename)
        self.text = text
        self._positions: _Positions | None = None
        self.nodes: dict[str, _Node] = {}
        self.by_explicit_id: dict[str, _Node] = {}
        self.root: _Node | None = None

    def positions(self) -> _Positions:
        if self._positions is None:
            self._positions = _Positions(self.text)
        return self._positions

    def problem(self, path: _Path, message: str, key: bool = False) -> None:
        self.b.problem(*self.positions().at(path, key), message)

    def fail(self, path: _Path, message: str, key: bool = False) -> LoadError:
        self.problem(path, message, key)
        return LoadError(sorted(self.b.problems, key=lambda p: (p.line, p.column)))

    # -- the document ---------------------------------------------------------------------

    def read(self, doc: Any) -> Machine:
        if not isinstance(doc, dict) or not isinstance(doc.get("states"), dict) or not doc["states"]:
            raise self.fail((), "an XState machine is a JSON object with 'states' (a mapping of state names "
                                "to states) and usually 'initial'")
        root = _Node((), "", "", doc, None)
        self.root = root
        for key in ("id", "key"):  # XState 4 also names the machine by "key"
            if isinstance(doc.get(key), str):
                self.by_explicit_id[doc[key]] = root
        self._collect(root, 0)
        if self.b.problems:
            raise LoadError(sorted(self.b.problems, key=lambda p: (p.line, p.column)))
        initial = self._enter(root, ())
        for node in self.nodes.values():
            if node.is_leaf:
                meta = self._meta(node.data, node.path)
                self.b.add_state(State(id=node.id, label=self._text(meta.get("label"), (*node.path, "meta", "label"),
                                                                    "label") or Text.of(node.id),
                                       description=self._description(node.data, meta, node.path),
                                       final=node.final and node.parent is root, line=self.positions_line(node.path)))
        for node in self.nodes.values():
            if node.is_leaf:
                self._transitions_of(node)
        meta = self._meta(doc, ())
        name = next((doc[k] for k in ("id", "key") if isinstance(doc.get(k), str) and doc[k]), None)
        language = meta.get("language") if isinstance(meta.get("language"), str) else "en"
        return self.b.build(name or PurePath(self.b.filename).stem or "machine", initial, language=language,
                            description=self._description(doc, meta, ()),
                            source=meta.get("source") if isinstance(meta.get("source"), str) else None)

    def positions_line(self, path: _Path) -> int:
        # Lines of states are only worked out when the file is small enough to index cheaply.
        return self.positions().at(path)[0] if len(self.text) < 200_000 else 0

    def _collect(self, node: _Node, depth: int) -> None:
        if depth > MAX_DEPTH:
            raise self.fail(node.path, f"states are nested more than {MAX_DEPTH} deep")
        kind = node.data.get("type")
        if kind == "parallel":
            raise self.fail((*node.path, "type"), f"{_named(node)} is parallel; parallel "
                                                  f"states cannot be drawn as one machine of states, so State "
                                                  f"Explorer refuses them")
        states = node.data.get("states")
        if states is None:
            return
        if not isinstance(states, dict):
            self.problem((*node.path, "states"), "'states' must be a mapping of state names to states")
            return
        for key, data in states.items():
            path = (*node.path, "states", key)
            if data is None:
                data = {}
            if not isinstance(data, dict):
                self.problem(path, f"state {key!r} must be an object")
                continue
            child = _Node(path, f"{node.id}.{key}" if node.id else key, key, data, node)
            if data.get("type") == "history":
                node.children[key] = child  # kept so that a target naming it is refused by name
                continue
            node.children[key] = child
            if isinstance(data.get("id"), str):
                self.by_explicit_id[data["id"]] = child
            self._collect(child, depth + 1)
            if child.id in self.nodes:
                self.problem(path, f"the flattened id {child.id!r} is taken twice", key=True)
            self.nodes[child.id] = child

    # -- targets --------------------------------------------------------------------------

    def _enter(self, node: _Node, at: _Path) -> str:
        """The leaf entering ``node`` ends in."""
        for _ in range(MAX_DEPTH + 1):
            if node.data.get("type") == "history":
                raise self.fail(at, f"the target {node.id!r} is a history state, which cannot be flattened; "
                                    f"State Explorer refuses it")
            if node.is_leaf:
                return node.id
            initial = node.data.get("initial")
            if not isinstance(initial, str) or initial not in node.children:
                if initial is None:
                    raise self.fail(node.path, f"{_named(node)} has child states but no 'initial'")
                raise self.fail((*node.path, "initial"), f"initial {initial!r} is not a child state of "
                                                         f"{_named(node)}; children: {', '.join(node.children)}")
            node = node.children[initial]
        raise self.fail(at, "the initial states are nested too deeply")

    def _resolve(self, target: str, owner: _Node, at: _Path) -> str:
        """A target as XState resolves it from the state that owns the transition, entered to a leaf."""
        if target.startswith("#"):
            parts = target[1:].split(".")
            for n in range(len(parts), 0, -1):
                start = self.by_explicit_id.get(".".join(parts[:n]))
                if start is not None:
                    return self._enter(self._walk(start, parts[n:], target, at), at)
            raise self.fail(at, f"unknown target {target!r}: no state has the id {target[1:]!r}")
        if target.startswith("."):
            start, parts = owner, target[1:].split(".")
        else:
            start, parts = (owner.parent or owner), target.split(".")
        return self._enter(self._walk(start, parts, target, at), at)

    def _walk(self, node: _Node, parts: list[str], target: str, at: _Path) -> _Node:
        for part in parts:
            if part not in node.children:
                known = ", ".join(node.children) or "none"
                raise self.fail(at, f"unknown target {target!r}: {_named(node)} has no child state "
                                    f"{part!r} (children: {known})")
            node = node.children[part]
        return node

    # -- transitions ----------------------------------------------------------------------

    def _specs(self, value: Any, path: _Path) -> list[tuple[dict[str, Any], _Path]]:
        """Transition objects from a string, an object or an array of them."""
        if value is None:
            return []
        if isinstance(value, str):
            return [({"target": value}, path)]
        if isinstance(value, dict):
            return [(value, path)]
        if isinstance(value, list):
            out = []
            for i, item in enumerate(value):
                out += self._specs(item, (*path, i))
            return out
        self.problem(path, "a transition must be a target, an object with 'target', or an array of them")
        return []

    def _events(self, data: dict[str, Any], path: _Path) -> list[tuple[str, str | None, dict[str, Any], _Path]]:
        """(kind, event or delay, transition object, path) for on, after, always and onDone."""
        found: list[tuple[str, str | None, dict[str, Any], _Path]] = []
        on = data.get("on")
        if isinstance(on, dict):
            for event, value in on.items():
                found += [("on", event, spec, p) for spec, p in self._specs(value, (*path, "on", event))]
        elif isinstance(on, list):  # XState 4's array form: [{event, target}, ...]
            for spec, p in self._specs(on, (*path, "on")):
                found.append(("on", str(spec.get("event", "")), spec, p))
        elif on is not None:
            self.problem((*path, "on"), "'on' must map events to transitions")
        after = data.get("after")
        if isinstance(after, dict):
            for delay, value in after.items():
                found += [("after", delay, spec, p) for spec, p in self._specs(value, (*path, "after", delay))]
        elif isinstance(after, list):
            for spec, p in self._specs(after, (*path, "after")):
                found.append(("after", str(spec.get("delay", "")), spec, p))
        elif after is not None:
            self.problem((*path, "after"), "'after' must map delays to transitions")
        found += [("always", None, spec, p) for spec, p in self._specs(data.get("always"), (*path, "always"))]
        found += [("done", None, spec, p) for spec, p in self._specs(data.get("onDone"), (*path, "onDone"))]
        return found

    def _transitions_of(self, leaf: _Node) -> None:
        shadowed: set[tuple[str, str | None]] = set()
        owners = [leaf, *leaf.ancestors()]
        for owner in owners:
            events = self._events(owner.data, owner.path)
            for kind, event, spec, path in events:
                if owner is not leaf:
                    if kind == "done" and not (leaf.final and leaf.parent is owner):
                        continue  # onDone leaves from the final children
                    if kind == "after" or (kind, event) in shadowed:
                        continue  # a parent's timer runs from entering the parent, not the leaf
                elif kind == "done":
                    continue  # onDone on a leaf never fires
                self._transition(leaf, owner, kind, event, spec, path)
            shadowed |= {(k, e) for k, e, spec, _ in events if k == "on" and not _guard(spec)}

    def _transition(self, leaf: _Node, owner: _Node, kind: str, event: str | None, spec: dict[str, Any],
                    path: _Path) -> None:
        target = spec.get("target")
        if isinstance(target, list):
            if len(target) != 1:
                raise self.fail((*path, "target") if "target" in spec else path,
                                f"a transition to several states ({', '.join(map(str, target))}) needs parallel "
                                f"states; State Explorer refuses them")
            target = target[0]
        if target is None:
            end = leaf.id  # no target: the state stays as it is
        elif isinstance(target, str):
            end = self._resolve(target, owner, (*path, "target") if "target" in spec else path)
        else:
            self.problem((*path, "target"), "a target must be a state name")
            return
        meta = self._meta(spec, path)
        timeout = None
        if kind == "after":
            assert event is not None
            if re.fullmatch(r"\d+(?:\.\d+)?", event.strip()):
                millis = float(event)
                if millis <= 0:
                    self.problem(path, f"the delay {event!r} must be more than 0 ms", key=True)
                    return
                timeout = Timeout(millis / 1000)
                shown = f"after {format_duration(millis / 1000)}"
            else:
                timeout, shown = Timeout(None), f"after {event}"
        elif kind == "always":
            shown = "(always)"
        elif kind == "done":
            shown = "(done)"
        else:
            shown = event or "(no event)"
        trigger = self._text(meta.get("trigger"), (*path, "meta", "trigger"), "trigger")
        if trigger is None:
            guard = _guard(spec)
            trigger = Text.of(f"{shown} [{guard}]" if guard else shown)
        steps = meta.get("steps") or []
        if not isinstance(steps, list):
            self.problem((*path, "meta", "steps"), "meta.steps must be a list")
            steps = []
        step_texts = tuple(t for i, s in enumerate(steps)
                           if (t := self._text(s, (*path, "meta", "steps", i), "step")) is not None)
        actor = meta.get("actor") if isinstance(meta.get("actor"), str) else None
        tid = meta.get("id") if isinstance(meta.get("id"), str) and owner is leaf else None
        line, column = self.positions().at(path) if len(self.text) < 200_000 else (0, 0)
        self.b.add(Draft(source=leaf.id, target=end, trigger=trigger, line=line, column=column, id=tid, actor=actor,
                         steps=step_texts, timeout=timeout, description=self._description(spec, meta, path)))

    # -- texts ----------------------------------------------------------------------------

    def _meta(self, data: dict[str, Any], path: _Path) -> dict[str, Any]:
        meta = data.get("meta")
        if meta is None:
            return {}
        if not isinstance(meta, dict):
            self.problem((*path, "meta"), "'meta' must be an object")
            return {}
        return meta

    def _text(self, value: Any, path: _Path, what: str) -> Text | None:
        if value is None:
            return None
        if isinstance(value, str):
            return text_of([(ANY_LANGUAGE, value)])
        if isinstance(value, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
            return text_of(value.items())
        self.problem(path, f"{what} must be a text or an object of language codes to texts")
        return None

    def _description(self, data: dict[str, Any], meta: dict[str, Any], path: _Path) -> Text | None:
        if "description" in meta:
            return self._text(meta["description"], (*path, "meta", "description"), "description")
        return self._text(data.get("description"), (*path, "description"), "description")


def _named(node: _Node) -> str:
    return f"state {node.id!r}" if node.id else "the machine"


def _guard(spec: dict[str, Any]) -> str | None:
    guard = spec.get("guard", spec.get("cond"))
    if isinstance(guard, dict):
        guard = guard.get("type")
    return guard if isinstance(guard, str) and guard else None


# -- writing ------------------------------------------------------------------------------


def write(machine: Machine, lang: str | None = None) -> str:
    """A machine config as JSON that XState reads and :func:`read` reads back.

    Event names are the triggers in ``lang`` (default: the machine's
    language); every language is kept in ``meta``.
    """
    lang = lang or machine.language
    doc: dict[str, Any] = {"id": machine.name, "initial": machine.initial}
    _put_text(doc, "description", machine.description)
    doc.setdefault("meta", {})["language"] = machine.language
    if machine.source:
        doc["meta"]["source"] = machine.source
    states: dict[str, Any] = {}
    for state in machine.states:
        node: dict[str, Any] = {}
        if state.final:
            node["type"] = "final"
        if state.label != Text.of(state.id):
            node.setdefault("meta", {})["label"] = _json_text(state.label)
        _put_text(node, "description", state.description)
        on: dict[str, list[dict[str, Any]]] = {}
        after: dict[str, list[dict[str, Any]]] = {}
        for t in machine.outgoing(state.id):
            if t.timeout is not None:
                key = SETTING_DELAY if t.timeout.seconds is None else f"{round(t.timeout.seconds * 1000)}"
                after.setdefault(key, []).append(_transition(t, None))
            else:
                event = t.trigger.get(lang, machine.language)
                on.setdefault(event, []).append(_transition(t, event))
        if on:
            node["on"] = {event: specs[0] if len(specs) == 1 else specs for event, specs in on.items()}
        if after:
            node["after"] = {delay: specs[0] if len(specs) == 1 else specs for delay, specs in after.items()}
        if "." in state.id:
            node["id"] = state.id  # targets name it as "#<id>" (see _target)
        states[state.id] = node
    doc["states"] = states
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def _json_text(text: Text) -> str | dict[str, str]:
    return text.values[0][1] if is_plain(text) else dict(text.values)


def _put_text(node: dict[str, Any], key: str, text: Text | None) -> None:
    """A plain text under XState's own key; one in several languages in ``meta``."""
    if text is None:
        return
    if is_plain(text):
        node[key] = text.values[0][1]
    else:
        node.setdefault("meta", {})[key] = dict(text.values)


def _target(state_id: str) -> str:
    """How a written transition names its target: by key, or by ``#id`` when the id has a dot
    (XState would read ``a.b`` as the child ``b`` of ``a``; the state carries that ``id``)."""
    return f"#{state_id}" if "." in state_id else state_id


def _transition(t: Transition, event: str | None) -> dict[str, Any]:
    spec: dict[str, Any] = {"target": _target(t.target)}
    meta: dict[str, Any] = {"id": t.id}
    if event is None or t.trigger != Text.of(event):
        meta["trigger"] = _json_text(t.trigger)
    if t.actor:
        meta["actor"] = t.actor
    if t.steps:
        meta["steps"] = [_json_text(s) for s in t.steps]
    spec["meta"] = meta
    _put_text(spec, "description", t.description)
    return spec
