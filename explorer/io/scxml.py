"""SCXML (W3C State Chart XML): read with ``defusedxml``, write what reads back the same.

Reading
    States (``<state>``, ``<final>``), the initial state (``initial``
    attribute, ``<initial>`` element, else the first child), transitions with
    ``event`` and ``target``. A ``<send event="E" delay="90s"/>`` in a state's
    ``<onentry>`` paired with that state's transition on ``E`` is a timeout
    edge of that duration (``delayexpr`` instead of ``delay``: a timeout whose
    duration is a setting). A ``cond`` stays on the trigger as text in
    brackets, ``event [cond]``; a transition without an event reads as
    ``(no event)``; one without a target stays where it is (a self-loop).

    Compound states are flattened: their leaf states become the machine's
    states, a transition into a compound state goes to its initial leaf
    (recursively), and a parent's transitions are copied to each leaf that has
    no unconditional transition on the same event of its own (in SCXML the
    inner one wins). A ``<final>`` inside a compound state is not the end of
    the machine; the parent's ``done.state.<id>`` transitions leave from it.
    What cannot be flattened faithfully is refused with the element and its
    line: ``<parallel>``, transitions to several targets or to a
    ``<history>`` state. Executable content (``<script>``, ``<assign>``,
    ``<log>``, other ``<send>``), ``<datamodel>`` and ``<invoke>`` are ignored.

    No document type declarations, entities or external references are
    read (no billion laughs, no network), and files over the formats' size limit
    (64 MiB, :data:`explorer.io.formatkit.MAX_BYTES`) are refused.

Writing
    Plain SCXML a W3C processor runs: event names are made of the trigger
    ids, timeouts are ``<send>`` on entry plus a transition. What SCXML has no
    place for (labels and triggers in several languages, actors, steps,
    descriptions, transition ids, the default language) goes into elements
    and attributes of State Explorer's namespace (:data:`SE_NS`), which SCXML
    allows and other processors ignore, so the round trip is exact.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any
from xml.sax import SAXParseException
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden
from defusedxml.expatreader import DefusedExpatParser

from explorer.errors import LoadError, Problem
from explorer.io.formatkit import MAX_BYTES, Draft, MachineBuilder, parse_duration, text_of
from explorer.io.yamlsafe import size_limit_for, too_large
from explorer.model import ANY_LANGUAGE, Machine, State, Text, Timeout, Transition

NAME = "scxml"
EXTENSIONS = (".scxml",)
DESCRIPTION = "SCXML state chart"

SCXML_NS = "http://www.w3.org/2005/07/scxml"
#: State Explorer's own namespace, for what SCXML has no place for.
SE_NS = "urn:state-explorer:scxml:1"
_XML_NS = "http://www.w3.org/XML/1998/namespace"
#: The data item a written timeout whose duration is a setting takes its delay from.
SETTING_VARIABLE = "timeout_setting"
#: Compound states nested deeper than this are refused (the flattening recurses).
MAX_DEPTH = 100


def sniff(head: bytes) -> bool:
    """An XML document whose root element is ``scxml``."""
    text = head.decode("utf-8", "ignore").lstrip("\ufeff")
    return re.search(r"<(?:\w+:)?scxml[\s>]", text) is not None


# -- the XML tree, with positions ---------------------------------------------------------


@dataclass
class _Element:
    ns: str
    tag: str
    attrs: dict[tuple[str, str], str]
    line: int
    column: int
    children: list[_Element] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def get(self, name: str, ns: str = "") -> str | None:
        return self.attrs.get((ns, name))

    def kids(self, *tags: str, ns: str = SCXML_NS) -> Iterator[_Element]:
        return (c for c in self.children if c.ns == ns and c.tag in tags)

    @property
    def content(self) -> str:
        return "".join(self.text).strip()

    def where(self) -> str:
        name = self.get("id")
        return f"<{self.tag}{f' id={name!r}' if name else ''}> (line {self.line})"


class _TreeBuilder:
    """Builds the tree straight from expat's callbacks, with each element's line and column."""

    def __init__(self) -> None:
        self.root: _Element | None = None
        self.stack: list[_Element] = []
        self.expat: Any = None

    def position(self) -> tuple[int, int]:
        if self.expat is None:
            return 0, 0
        return self.expat.CurrentLineNumber, self.expat.CurrentColumnNumber + 1

    def start(self, name: str, attrs: dict[str, str]) -> None:
        # With a namespace separator expat names things "uri local prefix" (or "local" alone).
        parts = name.split(" ")
        ns, tag = (parts[0], parts[1]) if len(parts) > 1 else ("", parts[0])
        values = {}
        for key, value in attrs.items():
            kp = key.split(" ")
            values[(kp[0], kp[1]) if len(kp) > 1 else ("", kp[0])] = value
        element = _Element(ns, tag, values, self.expat.CurrentLineNumber, self.expat.CurrentColumnNumber + 1)
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def end(self, name: str) -> None:
        self.stack.pop()

    def characters(self, content: str) -> None:
        if self.stack:
            self.stack[-1].text.append(content)


class _Parser(DefusedExpatParser):
    """defusedxml's expat reader (no DTD, entities or external references), feeding a _TreeBuilder.

    The SAX layer between expat and a content handler costs more than the
    parsing itself on big files, so the element callbacks go to the builder
    directly; defusedxml's refusals stay installed.
    """

    def __init__(self, builder: _TreeBuilder) -> None:
        super().__init__(namespaceHandling=1, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        self._builder = builder

    def reset(self) -> None:
        super().reset()
        expat = self._parser
        self._builder.expat = expat
        expat.StartElementHandler = self._builder.start
        expat.EndElementHandler = self._builder.end
        expat.CharacterDataHandler = self._builder.characters
        expat.buffer_text = True


def _parse_xml(data: bytes, filename: str) -> _Element:
    # The XML declaration names the encoding, so only size and emptiness are checked before expat.
    limit = size_limit_for(filename, MAX_BYTES)
    if len(data) > limit:
        raise too_large(filename, len(data), limit)
    if not data.strip():
        raise LoadError([Problem(filename, 0, 0, "the file is empty")])
    builder = _TreeBuilder()
    parser = _Parser(builder)
    try:
        parser.parse(io.BytesIO(data))
    except SAXParseException as e:
        raise LoadError([Problem(filename, e.getLineNumber() or 0, (e.getColumnNumber() or 0) + 1,
                                 f"not well-formed XML: {e.getMessage()}")]) from e
    except (DTDForbidden, EntitiesForbidden) as e:
        line, column = builder.position()
        raise LoadError([Problem(filename, line, column, "document type declarations and entities are not "
                                 "allowed in SCXML here (they can expand without bound or reach the network)")]) from e
    except DefusedXmlException as e:
        line, column = builder.position()
        raise LoadError([Problem(filename, line, column, f"refused XML: {e}")]) from e
    if builder.root is None:
        raise LoadError([Problem(filename, 0, 0, "the file has no XML element")])
    return builder.root


# -- reading ------------------------------------------------------------------------------


def read(data: bytes, filename: str) -> Machine:
    """The machine in an SCXML document; LoadError names every problem with its line."""
    root = _parse_xml(data, filename)
    return _Reader(filename).read(root)


@dataclass
class _Node:
    """A state of the document, before flattening."""

    element: _Element
    id: str
    parent: _Node | None
    children: list[_Node] = field(default_factory=list)
    final: bool = False

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def leaves(self) -> Iterator[_Node]:
        if self.is_leaf:
            yield self
        for child in self.children:
            yield from child.leaves()

    def ancestors(self) -> Iterator[_Node]:
        node = self.parent
        while node is not None:
            yield node
            node = node.parent


class _Reader:
    def __init__(self, filename: str) -> None:
        self.b = MachineBuilder(filename)
        self.nodes: dict[str, _Node] = {}
        self.history: dict[str, _Element] = {}

    def read(self, root: _Element) -> Machine:
        if root.tag != "scxml" or root.ns not in (SCXML_NS, ""):
            raise self.b.fail(root.line, root.column, f"the root element is <{root.tag}>, not <scxml>")
        tops = self._collect(root, None, 0)
        if not tops:
            raise self.b.fail(root.line, root.column, "<scxml> has no <state> or <final>")
        if self.b.problems:
            raise LoadError(self.b.problems)
        initial = self._initial_leaf(root, tops)
        for node in self.nodes.values():
            if node.is_leaf:
                self.b.add_state(State(id=node.id, label=_text(node.element, "label") or Text.of(node.id),
                                       description=_text(node.element, "description"),
                                       final=node.final and node.parent is None
                                       or node.element.get("final", SE_NS) == "true",
                                       line=node.element.line), node.element.column)
        for node in self.nodes.values():
            if node.is_leaf:
                self._transitions_of(node)
        name = root.get("name") or PurePath(self.b.filename).stem or "machine"
        return self.b.build(name, initial, language=root.get("language", SE_NS) or "en",
                            description=_text(root, "description"), initial_at=(root.line, root.column),
                            source=root.get("source", SE_NS) or None)

    def _collect(self, element: _Element, parent: _Node | None, depth: int) -> list[_Node]:
        if depth > MAX_DEPTH:
            raise self.b.fail(element.line, element.column, f"states are nested more than {MAX_DEPTH} deep")
        nodes = []
        for child in element.children:
            if child.ns != SCXML_NS and child.ns != "":
                continue
            if child.tag == "parallel":
                raise self.b.fail(child.line, child.column, f"{child.where()}: parallel states cannot be drawn as "
                                                            f"one machine of states; State Explorer refuses them")
            if child.tag == "history":
                if child.get("id"):
                    self.history[child.get("id") or ""] = child
                continue
            if child.tag not in ("state", "final"):
                continue
            state_id = child.get("id")
            if not state_id:
                self.b.problem(child.line, child.column, f"<{child.tag}> has no id")
                continue
            if state_id in self.nodes:
                self.b.problem(child.line, child.column, f"state id {state_id!r} is given twice "
                                                         f"(first at line {self.nodes[state_id].element.line})")
                continue
            node = _Node(child, state_id, parent, final=child.tag == "final")
            self.nodes[state_id] = node
            node.children = self._collect(child, node, depth + 1)
            nodes.append(node)
        return nodes

    def _initial_leaf(self, root: _Element, tops: list[_Node]) -> str | None:
        first = self._initial_of(root, tops)
        return None if first is None else self._enter(first, root)

    def _initial_of(self, element: _Element, children: list[_Node]) -> str | None:
        """The id the ``initial`` attribute or ``<initial>`` names, else the first child's."""
        named = element.get("initial")
        if named is None:
            for initial in element.kids("initial"):
                for t in initial.kids("transition"):
                    named = t.get("target")
        if named is not None:
            if len(named.split()) != 1:
                raise self.b.fail(element.line, element.column,
                                  f"{element.where()}: an initial of several states ({named!r}) needs parallel "
                                  f"states; State Explorer refuses them")
            return named.strip()
        return children[0].id if children else None

    def _enter(self, target: str, at: _Element) -> str:
        """The leaf a transition to ``target`` ends in (compound states enter their initial leaf)."""
        for _ in range(MAX_DEPTH + 1):
            if target in self.history:
                raise self.b.fail(at.line, at.column, f"{at.where()}: a transition to the history state "
                                                      f"{target!r} cannot be flattened; State Explorer refuses it")
            node = self.nodes.get(target)
            if node is None or node.is_leaf:
                return target  # an unknown id is reported by the builder
            inner = self._initial_of(node.element, node.children)
            assert inner is not None
            target = inner
        raise self.b.fail(at.line, at.column, f"{at.where()}: the initial states go round in a circle")

    def _transitions_of(self, leaf: _Node) -> None:
        """The leaf's own transitions, then those of its ancestors that apply to it."""
        own_events = set()
        for owner in (leaf, *leaf.ancestors()):
            timers = self._timers(owner.element)
            for element in owner.element.kids("transition"):
                event = element.get("event")
                if owner is not leaf:
                    if event in own_events:
                        continue  # an inner unconditional transition on this event wins in SCXML
                    # done.state.<id> is raised when a final child of <id> is entered: it leaves from there.
                    if event and event.startswith("done.state.") and not (
                            leaf.final and leaf.parent is not None and event == f"done.state.{leaf.parent.id}"):
                        continue
                self._transition(leaf, owner, element, timers)
            own_events |= {t.get("event") for t in owner.element.kids("transition")
                           if t.get("event") and t.get("cond") is None}

    def _timers(self, element: _Element) -> dict[str, Timeout]:
        """Events sent to this state machine with a delay on entry: event -> timeout."""
        timers: dict[str, Timeout] = {}
        for onentry in element.kids("onentry"):
            for send in onentry.kids("send"):
                event, target = send.get("event"), send.get("target")
                if not event or (target and target not in ("#_internal", "#_scxml_self")):
                    continue
                if send.get("delayexpr"):
                    timers[event] = Timeout(None)
                elif send.get("delay"):
                    try:
                        timers[event] = Timeout(_parse_delay(send.get("delay") or ""))
                    except ValueError as e:
                        self.b.problem(send.line, send.column, f"<send event={event!r}>: delay {e}")
        return timers

    def _transition(self, leaf: _Node, owner: _Node, element: _Element, timers: dict[str, Timeout]) -> None:
        event, cond, target = element.get("event"), element.get("cond"), element.get("target")
        if target is not None and len(target.split()) > 1:
            raise self.b.fail(element.line, element.column, f"<transition> (line {element.line}) to several states "
                                                            f"({target!r}) needs parallel states; State Explorer "
                                                            f"refuses them")
        if target is None or not target.strip():
            end = leaf.id  # a targetless transition leaves the state as it is
        else:
            end = self._enter(target.strip(), element)
        trigger = _text(element, "trigger")
        if trigger is None:
            shown = event or "(no event)"
            trigger = Text.of(f"{shown} [{cond}]" if cond else shown)
        timeout = timers.get(event) if event and owner is leaf else None
        own_id = element.get("id", SE_NS) if owner is leaf else None
        self.b.add(Draft(source=leaf.id, target=end, trigger=trigger, line=element.line, column=element.column,
                         id=own_id, actor=element.get("actor", SE_NS), steps=_steps(element), timeout=timeout,
                         description=_text(element, "description")))


def _parse_delay(value: str) -> float:
    """An SCXML delay (CSS2 time: ``500ms``, ``5s``), also the durations machine files take."""
    text = value.strip()
    match = re.fullmatch(r"(\d+(?:\.\d+)?|\.\d+)\s*ms", text)
    if match:
        seconds = float(match.group(1)) / 1000
        if seconds <= 0:
            raise ValueError(f"{value!r} must be more than zero")
        return seconds
    return parse_duration(text)


def _lang(element: _Element) -> str:
    return element.get("lang", _XML_NS) or ANY_LANGUAGE


def _text(element: _Element, tag: str) -> Text | None:
    return text_of((_lang(e), e.content) for e in element.kids(tag, ns=SE_NS))


def _steps(element: _Element) -> tuple[Text, ...]:
    steps: list[Text] = []
    for step in element.kids("step", ns=SE_NS):
        parts = list(step.kids("text", ns=SE_NS))
        text = text_of((_lang(p), p.content) for p in parts) if parts else text_of([(_lang(step), step.content)])
        if text is not None:
            steps.append(text)
    return tuple(steps)


# -- writing ------------------------------------------------------------------------------


def write(machine: Machine, lang: str | None = None) -> str:
    """SCXML that a W3C processor runs and :func:`read` reads back to an equal machine.

    Every language is written (``lang`` is accepted for the common interface
    and ignored).
    """
    events = _event_names(machine)
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<scxml xmlns="{SCXML_NS}" xmlns:se="{SE_NS}" version="1.0" '
           f'initial={quoteattr(machine.initial)} name={quoteattr(machine.name)} '
           f'se:language={quoteattr(machine.language)}'
           + (f' se:source={quoteattr(machine.source)}' if machine.source else '') + '>']
    out += _texts("se:description", machine.description, "  ")
    if any(t.timeout is not None and t.timeout.seconds is None for t in machine.transitions):
        # Timeouts whose duration is a setting read it from here; 60 s is the session's default.
        out += ["  <datamodel>", f"    <data id=\"{SETTING_VARIABLE}\" expr=\"'60s'\"/>", "  </datamodel>"]
    for state in machine.states:
        outgoing = machine.outgoing(state.id)
        tag = "final" if state.final and not outgoing else "state"
        extra = ' se:final="true"' if state.final and tag == "state" else ""
        out.append(f"  <{tag} id={quoteattr(state.id)}{extra}>")
        if state.label != Text.of(state.id):
            out += _texts("se:label", state.label, "    ")
        out += _texts("se:description", state.description, "    ")
        timed = [t for t in outgoing if t.timeout is not None]
        if timed:
            # A delayed event outlives the state unless cancelled: leaving cancels it.
            out.append("    <onentry>")
            for t in timed:
                assert t.timeout is not None
                delay = (f' delayexpr="{SETTING_VARIABLE}"' if t.timeout.seconds is None
                         else f' delay="{_delay(t.timeout.seconds)}"')
                out.append(f"      <send event={quoteattr(events[t.id])} id={quoteattr(events[t.id])}{delay}/>")
            out.append("    </onentry>")
            out.append("    <onexit>")
            out += [f"      <cancel sendid={quoteattr(events[t.id])}/>" for t in timed]
            out.append("    </onexit>")
        for t in outgoing:
            out += _transition(t, events[t.id])
        out.append(f"  </{tag}>")
    out.append("</scxml>")
    return "\n".join(out) + "\n"


def _delay(seconds: float) -> str:
    millis = round(seconds * 1000)
    return f"{millis // 1000}s" if millis % 1000 == 0 else f"{millis}ms"


def _event_names(machine: Machine) -> dict[str, str]:
    """An SCXML event name per transition: the transition id made a token (``timeout.<id>`` for timeouts)."""
    names = {}
    for t in machine.transitions:
        token = re.sub(r"[^\w.\-]", "_", t.id) or "event"
        names[t.id] = f"timeout.{token}" if t.timeout is not None else token
    return names


def _texts(tag: str, text: Text | None, indent: str) -> list[str]:
    lines = []
    for lang, value in () if text is None else text.values:
        attr = f" xml:lang={quoteattr(lang)}" if lang != ANY_LANGUAGE else ""
        lines.append(f"{indent}<{tag}{attr}>{escape(value)}</{tag}>")
    return lines


def _transition(t: Transition, event: str) -> list[str]:
    attrs = f"event={quoteattr(event)} target={quoteattr(t.target)} se:id={quoteattr(t.id)}"
    if t.actor:
        attrs += f" se:actor={quoteattr(t.actor)}"
    lines = [f"    <transition {attrs}>"]
    lines += _texts("se:trigger", t.trigger, "      ")
    for step in t.steps:
        if len(step.values) == 1:
            lines += _texts("se:step", step, "      ")
        else:
            lines.append("      <se:step>")
            lines += _texts("se:text", step, "        ")
            lines.append("      </se:step>")
    lines += _texts("se:description", t.description, "      ")
    lines.append("    </transition>")
    return lines
