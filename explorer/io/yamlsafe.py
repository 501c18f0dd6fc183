"""Safe YAML with positions: the one way State Explorer reads YAML.

Every loader (machines, scenarios) reads its file through :func:`load_yaml`,
which returns plain Python data (dict, list, str, int, float, bool, None) and
a :class:`Locator` that knows the 1-based line and column of every value and
mapping key, so that loaders can name the place of each problem.

Why not ``yaml.safe_load``: it loses positions, keeps the last of duplicate
keys silently, and expands aliases without limit (the "billion laughs" file
takes minutes and gigabytes). Here PyYAML's safe composer builds the node tree
(which carries marks) and this module constructs the data itself: only the
plain YAML types, no tag can construct an object or run code, duplicate keys
are reported, and alias expansion is bounded.

Problems are collected, not raised one by one: :func:`parse_yaml` returns
the data together with the problems it could survive (duplicate keys, tags
that are not allowed), so that a loader can add its own and raise one
:class:`~explorer.errors.LoadError` listing them all. :func:`load_yaml` is the
strict form that raises at once.

Big files: :func:`parse_yaml_fast` reads well-formed plain files from
libyaml's events straight into data, without the node tree, and declines
(returns None) whatever it cannot vouch for (duplicate keys, tags, aliases,
deep nesting, syntax errors), so that a loader falls back to
:func:`parse_yaml` and every problem is reported in the same words at the
same place. The size limit (:data:`MAX_BYTES`, :func:`max_file_bytes`) is
sized for 20,000 states and can be raised with ``--max-file-size`` or the
environment variable ``EXPLORER_MAX_FILE_MB``.

Also here, because every loader needs it: :func:`parse_duration` (which
:mod:`explorer.durations` owns).
"""

from __future__ import annotations

import difflib
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from explorer import durations
from explorer.errors import LoadError, Problem, quote
from explorer.io import limits
from explorer.io.limits import MAX_FILE_ENV, file_size_limit, mib_to_bytes, too_large  # noqa: F401 (re-exported)
from explorer.io.limits import too_large_problem as _too_large

#: Largest YAML file read (bytes) unless raised (see :func:`max_file_bytes`);
#: larger files are refused unread. Sized to the largest machine the program
#: is meant to open: the generator's 20,000-state machine is 21.2 MB
#: (structured, 21,222,037 bytes) or 21.3 MB (random, 21,280,877 bytes) as
#: YAML, so 32 MiB leaves half as much again.
MAX_BYTES = 32 * 1024 * 1024


#: Most nodes that alias expansion may add. Nodes written out in the file do
#: not count (the file size bounds those), so big honest files load while an
#: alias bomb stops after this many nodes, in a fraction of a second.
MAX_ALIAS_NODES = 100_000

#: Deepest nesting of collections; deeper input is an error, not a crash.
MAX_DEPTH = 200

YamlPath = tuple[Any, ...]

_YAML = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_YAML + t for t in ("str", "int", "float", "bool", "null"))
_TIMESTAMP, _SEQ, _MAP, _MERGE = (_YAML + t for t in ("timestamp", "seq", "map", "merge"))


# -- positions -------------------------------------------------------------------------


@dataclass
class Locator:
    """Where each value of a loaded YAML document is, by path.

    A path is a tuple of mapping keys and list indices from the root, for
    example ``("transitions", 3, "to")``. Positions are 1-based (line, column).
    """

    filename: str
    _values: dict[YamlPath, tuple[int, int]] = field(default_factory=dict, repr=False)
    _keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict, repr=False)
    # The text as written, for plain scalars YAML typed as something else
    # (``off`` -> False, ``1`` -> 1): loaders that expect text can use it.
    _raw_values: dict[YamlPath, str] = field(default_factory=dict, repr=False)
    _raw_keys: dict[YamlPath, str] = field(default_factory=dict, repr=False)
    # Values YAML-level problems left incomplete (a refused tag reads as None).
    _damaged: set[YamlPath] = field(default_factory=set, repr=False)

    def at(self, *path: Any) -> tuple[int, int]:
        """Position of the value at ``path``, else of its nearest parent that has one."""
        for end in range(len(path), -1, -1):
            pos = self._values.get(tuple(path[:end]))
            if pos is not None:
                return pos
        return (0, 0)

    def key_at(self, *path: Any) -> tuple[int, int]:
        """Position of the mapping key that ends ``path``, else that of the value."""
        pos = self._keys.get(tuple(path))
        return pos if pos is not None else self.at(*path)

    def has(self, *path: Any) -> bool:
        """True when the document has a value at exactly ``path``."""
        return tuple(path) in self._values

    def is_damaged(self, *path: Any) -> bool:
        """True when a problem :func:`parse_yaml` reported left the value at ``path``
        (or a parent of it) incomplete: loaders skip their own complaints there,
        which would only repeat that problem in other words."""
        if not self._damaged:  # the common case, asked once per value of a big file
            return False
        return any(tuple(path[:end]) in self._damaged for end in range(len(path) + 1))

    def raw_text(self, *path: Any) -> str | None:
        """The scalar at ``path`` as written, when YAML read it as a non-string."""
        return self._raw_values.get(tuple(path))

    def raw_key(self, *path: Any) -> str | None:
        """The mapping key that ends ``path`` as written, when YAML read it as a non-string."""
        return self._raw_keys.get(tuple(path))

    def problem(self, message: str, *path: Any) -> Problem:
        """A problem at the value at ``path``."""
        return Problem(self.filename, *self.at(*path), message)

    def key_problem(self, message: str, *path: Any) -> Problem:
        """A problem at the mapping key that ends ``path``."""
        return Problem(self.filename, *self.key_at(*path), message)


@dataclass(frozen=True)
class YamlDocument:
    """What :func:`parse_yaml` read: data, positions, and the problems it survived."""

    data: Any
    locator: Locator
    problems: tuple[Problem, ...] = ()


# -- reading ---------------------------------------------------------------------------


def max_file_bytes(default: int = MAX_BYTES) -> int:
    """:func:`explorer.io.limits.max_file_bytes` with YAML's own limit as the default."""
    return limits.max_file_bytes(default)


def size_limit_for(filename: str, default: int = MAX_BYTES) -> int:
    """:func:`explorer.io.limits.size_limit_for` with YAML's own limit as the default."""
    return limits.size_limit_for(filename, default)


def read_source(path: str | os.PathLike[str], max_bytes: int | None = None) -> bytes:
    """:func:`explorer.io.limits.read_source` with YAML's own limit (:data:`MAX_BYTES`) unless given."""
    return limits.read_source(path, MAX_BYTES if max_bytes is None else max_bytes)


def load_yaml(source: bytes | str, filename: str) -> tuple[Any, Locator]:
    """Plain data and its positions from YAML text; any problem raises LoadError."""
    doc = parse_yaml(source, filename)
    if doc.problems:
        raise LoadError(list(doc.problems))
    return doc.data, doc.locator


def load_yaml_file(path: str | os.PathLike[str]) -> tuple[Any, Locator]:
    """:func:`load_yaml` on a file, named as given."""
    return load_yaml(read_source(path), os.fspath(path))


def parse_yaml(source: bytes | str, filename: str, max_bytes: int | None = None) -> YamlDocument:
    """Read YAML text into plain data, collecting the problems that allow going on.

    Raises LoadError when nothing usable can be read (too large, empty, not
    UTF-8, binary, malformed, an alias bomb). Problems that leave the rest of
    the document readable (duplicate keys, tags that are not allowed) are
    returned in ``problems``; the affected value is the first of the
    duplicates, or None for a refused tag.
    """
    text = _decode(source, filename, max_bytes)
    return _parse_text(text, filename)


def _parse_text(text: str, filename: str) -> YamlDocument:
    """:func:`parse_yaml` after decoding: the positioned path, the authority on every problem."""
    try:
        with collector_paused():
            root = _compose(text)
    except yaml.MarkedYAMLError as e:
        raise LoadError([_marked_problem(filename, e)]) from e
    except yaml.reader.ReaderError as e:
        line, column = _position_of_index(text, e.position)
        shown = f"U+{e.character:04X}" if isinstance(e.character, int) else repr(e.character)
        message = f"the character {shown} is not allowed in YAML text (a control character or a broken one)"
        raise LoadError([Problem(filename, line, column, message)]) from e
    except RecursionError as e:
        raise LoadError([_too_deep(filename, text)]) from e
    if root is None:
        raise LoadError([Problem(filename, 0, 0, "the file is empty (no YAML content)")])
    builder = _Builder(filename)
    try:
        with collector_paused():
            data = builder.build(root)
    except _Abort as e:
        raise LoadError([*builder.problems, e.problem]) from None
    except RecursionError as e:
        raise LoadError([Problem(filename, 0, 0, "the YAML is nested too deeply")]) from e
    return YamlDocument(data, builder.locator, tuple(builder.problems))


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a document's objects are made.

    Parsing makes millions of small objects and no cycles; each of them
    counts towards the collector's thresholds, and every full collection
    walks all the objects made so far, which made reading a 20,000-state
    machine about four times slower. Reference counting still frees
    everything as usual. Left as it was (another thread may have paused it).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def parse_yaml_fast(source: bytes | str, filename: str, max_bytes: int | None = None) -> YamlDocument | None:
    """:func:`parse_yaml` for well-formed plain files, without the positioned node tree; else None.

    libyaml's events go straight into plain data, with positions kept only
    for the first two levels (a state's key, a transition's mapping: what
    the model records as lines) and the written text of plain scalars YAML
    typed (``off``, ``1``), which loaders read as text. Anything this path
    cannot vouch for gives None and the caller runs :func:`parse_yaml`,
    whose messages and positions are the reference: duplicate keys, tags,
    aliases and merge keys, collections as keys, nesting near
    :data:`MAX_DEPTH`, several documents, any syntax error. So an alias bomb
    or a deep file never gets expanded or recursed into here, and a problem
    is always reported in the same words at the same place.

    The checks before parsing (size, encoding, binary, empty) are the same
    as :func:`parse_yaml`'s and raise the same LoadError.
    """
    text = _decode(source, filename, max_bytes)
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is None:
        return None
    try:
        with collector_paused():
            return _events_to_data(fast(text), filename)
    except Exception:  # noqa: BLE001 - whatever went wrong, the positioned path says it properly
        return None


#: Tags of resolved plain scalars and how this module builds their values.
_PLAIN_BUILT = (_INT, _FLOAT, _BOOL, _NULL)
#: How deep the fast path goes before leaving the document to the positioned path.
_FAST_DEPTH = MAX_DEPTH - 1


def _events_to_data(loader: Any, filename: str) -> YamlDocument | None:
    """Plain data from a libyaml loader's events; None where :func:`parse_yaml` must decide."""
    try:
        get_event = loader.get_event
        get_event()  # stream start
        if type(get_event()) is not DocumentStartEvent:
            return None  # an empty stream: parse_yaml says so
        locator = Locator(filename)
        values, keys = locator._values, locator._keys
        raw_values, raw_keys = locator._raw_values, locator._raw_keys
        resolvers = loader.yaml_implicit_resolvers
        wildcard = resolvers.get(None, [])
        scalars = SafeConstructor()
        # The open collection (``top``) and what comes next in it (``key``):
        # the key whose value is awaited, _NO_KEY while a mapping awaits a
        # key, _IN_LIST in a list (whose next index is its length), _ROOT
        # outside any collection. ``outer`` holds the same for the
        # collections around it; ``depth`` is how many are open.
        top: Any = None
        key: Any = _ROOT
        outer: list[tuple[Any, Any]] = []
        depth = 0
        root: Any = None

        def path_here() -> YamlPath:
            frames = [*outer[1:], (top, key)] if depth else []
            return tuple(len(c) if k is _IN_LIST else k for c, k in frames)

        while True:
            event = get_event()
            kind = type(event)
            if kind is ScalarEvent:
                if event.tag is not None:
                    return None  # explicit tags (allowed or refused): the positioned path
                value: Any = event.value
                raw = None
                if event.implicit[0]:  # plain: typed by YAML's rules, as PyYAML's resolver types it
                    candidates = resolvers.get(value[0] if value else "")
                    if candidates is not None or wildcard:
                        tag = _STR
                        for candidate, regexp in (candidates or []) + wildcard:
                            if regexp.match(value):
                                tag = candidate
                                break
                        if tag != _STR:
                            if tag in _PLAIN_BUILT:
                                value = getattr(scalars, "construct_yaml_" + tag.removeprefix(_YAML))(
                                    ScalarNode(tag, value))
                            elif tag != _TIMESTAMP:  # dates stay text; merge keys, '=' and the rest: slow path
                                return None
                            if value is not None and not isinstance(value, str):
                                raw = event.value
                if key is _NO_KEY:  # a mapping key
                    if value in top:
                        return None  # a duplicate key: reported by the positioned path
                    key = value
                    if depth <= 2 or raw is not None:
                        here = path_here()
                        if depth <= 2:
                            mark = event.start_mark
                            keys[here] = (mark.line + 1, mark.column + 1)
                        if raw is not None:
                            raw_keys[here] = raw
                    continue
                if depth <= 2 or raw is not None:
                    here = path_here()
                    if depth <= 2:
                        mark = event.start_mark
                        values[here] = (mark.line + 1, mark.column + 1)
                    if raw is not None:
                        raw_values[here] = raw
                if key is _IN_LIST:
                    top.append(value)
                elif key is _ROOT:
                    root = value
                else:
                    top[key] = value
                    key = _NO_KEY
                continue
            if kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.tag is not None or key is _NO_KEY or depth >= _FAST_DEPTH:
                    return None  # a tag, a collection as a key, or too deep
                if depth <= 2:
                    mark = event.start_mark
                    values[path_here()] = (mark.line + 1, mark.column + 1)
                # Attached to its parent when it ends, so that the parent's
                # frame gives this collection's own path meanwhile.
                outer.append((top, key))
                if kind is MappingStartEvent:
                    top, key = {}, _NO_KEY
                else:
                    top, key = [], _IN_LIST
                depth += 1
                continue
            if kind is MappingEndEvent or kind is SequenceEndEvent:
                done = top
                top, key = outer.pop()
                depth -= 1
                if key is _IN_LIST:
                    top.append(done)
                elif key is _ROOT:
                    root = done
                else:
                    top[key] = done
                    key = _NO_KEY
                continue
            if kind is AliasEvent:
                return None  # aliases (and their bounds) are the positioned path's
            if kind is DocumentEndEvent:
                break
            return None
        if type(get_event()) is not StreamEndEvent:
            return None  # a second document: an error there
        return YamlDocument(root, locator)
    finally:
        loader.dispose()


class _Marker:
    """A frame marker of the fast path, unequal to any YAML value."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"<{self.name}>"


_NO_KEY: Any = _Marker("a mapping awaiting a key")
_IN_LIST: Any = _Marker("a list")
_ROOT: Any = _Marker("the document")


def _compose(text: str) -> yaml.Node | None:
    """The node tree of ``text``, with marks for every node.

    libyaml's parser (when PyYAML was built with it) composes a 3 MB machine
    about ten times faster than the pure-Python one. Composing builds nodes
    only: aliases stay shared nodes and tags stay strings, so the limits and
    the refusal of tags in _Builder apply the same way to both. On a syntax
    error the pure-Python parser runs again, for its clearer messages.
    """
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _too_deep(filename: str, text: str) -> Problem:
    """The problem for YAML too deep to compose, at the first collection past :data:`MAX_DEPTH`.

    PyYAML's composer recurses once per level and runs out of stack near a
    thousand levels; its parser does not recurse, so the events give the place.
    """
    # libyaml first (fast); it stops at its own limit of 1,000 flow levels
    # while scanning ahead, so the pure-Python parser is the fallback.
    for loader in (getattr(yaml, "CSafeLoader", None), yaml.SafeLoader):
        if loader is None:
            continue
        depth = 0
        try:
            for event in yaml.parse(text, Loader=loader):
                if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                    depth += 1
                    if depth > MAX_DEPTH:
                        mark = event.start_mark
                        return Problem(filename, mark.line + 1, mark.column + 1,
                                       f"the YAML is nested more than {MAX_DEPTH} levels deep")
                elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                    depth -= 1
        except (yaml.YAMLError, RecursionError):
            pass
    return Problem(filename, 0, 0, "the YAML is nested too deeply")


def _decode(source: bytes | str, filename: str, max_bytes: int | None) -> str:
    """Text from bytes or str, with the checks that come before any YAML parsing."""
    max_bytes = size_limit_for(filename, MAX_BYTES if max_bytes is None else max_bytes)
    if isinstance(source, str):
        raw = source.encode("utf-8", "surrogatepass")
    else:
        raw = bytes(source)
    if len(raw) > max_bytes:
        raise LoadError([_too_large(filename, len(raw), max_bytes)])
    if not raw.strip():
        raise LoadError([Problem(filename, 0, 0, "the file is empty")])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise LoadError([Problem(filename, 1, 1, "the file is UTF-16; save it as UTF-8")])
    nul = raw.find(b"\0")
    if nul >= 0:
        line, column = _position_of_byte(raw, nul)
        raise LoadError([Problem(filename, line, column, "the file is binary (it contains a NUL byte), not YAML text")])
    if isinstance(source, str):
        return source
    try:
        # utf-8-sig: a byte order mark that some editors write is not an error.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line, column = _position_of_byte(raw, e.start)
        message = f"the file is not UTF-8 (byte 0x{raw[e.start]:02x} cannot start or continue a character); save it as UTF-8"
        raise LoadError([Problem(filename, line, column, message)]) from e


def _position_of_byte(raw: bytes, offset: int) -> tuple[int, int]:
    """1-based line and column (in characters) of byte ``offset``."""
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    return raw.count(b"\n", 0, offset) + 1, column


def _position_of_index(text: str, index: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _marked_problem(filename: str, e: yaml.MarkedYAMLError) -> Problem:
    """A problem from PyYAML's own error: its mark, its wording."""
    mark = e.problem_mark or e.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (0, 0)
    message = e.problem or e.context or "malformed YAML"
    if e.context and e.problem and e.context_mark and e.context_mark is not mark:
        where = f"line {e.context_mark.line + 1}, column {e.context_mark.column + 1}"
        # PyYAML words some errors as "<context> ... but <problem>"; keep that order.
        if e.problem.startswith("but "):
            message = f"{e.context} (from {where}), {e.problem}"
        else:
            message += f" ({e.context} at {where})"
    return Problem(filename, line, column, f"malformed YAML: {message}")


# -- construction ----------------------------------------------------------------------


class _Abort(Exception):
    """Stop building: the document cannot be read further (alias bomb)."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.message)
        self.problem = problem


class _Builder:
    """Builds plain data from a node tree, recording positions and problems."""

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.locator = Locator(filename)
        self.problems: list[Problem] = []
        # PyYAML's own scalar rules (ints with _, 0x, sexagesimal; .inf; yes/no)
        # are reused; only its object-building constructors are left out.
        self._scalars = SafeConstructor()
        self._seen: set[int] = set()
        self._active: set[int] = set()
        self._alias_depth = 0
        self._alias_nodes = 0

    def build(self, root: Node) -> Any:
        return self._node(root, (), 0)

    def _problem(self, node: Node, message: str, damaged: YamlPath | None = None) -> None:
        """Record a problem; ``damaged`` is the path whose value it left incomplete."""
        mark = node.start_mark
        self.problems.append(Problem(self.filename, mark.line + 1, mark.column + 1, message))
        if damaged is not None:
            self.locator._damaged.add(damaged)

    def _node(self, node: Node, path: YamlPath, depth: int) -> Any:
        key = id(node)
        if key in self._active:
            self._problem(node, "an alias refers to a value that contains it (recursive alias)", path)
            return None
        if depth > MAX_DEPTH:
            raise _Abort(Problem(self.filename, node.start_mark.line + 1, node.start_mark.column + 1,
                                 f"the YAML is nested more than {MAX_DEPTH} levels deep"))
        # A node met a second time is an alias use: everything built beneath
        # it is expansion, which is what an alias bomb multiplies.
        aliased = key in self._seen
        self._seen.add(key)
        if aliased:
            self._alias_depth += 1
        if self._alias_depth:
            self._alias_nodes += 1
            if self._alias_nodes > MAX_ALIAS_NODES:
                raise _Abort(Problem(self.filename, node.start_mark.line + 1, node.start_mark.column + 1,
                                     f"aliases expand to more than {MAX_ALIAS_NODES:,} values (an alias bomb?)"))
        self._active.add(key)
        try:
            self.locator._values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
            if isinstance(node, MappingNode):
                return self._mapping(node, path, depth)
            if isinstance(node, SequenceNode):
                return self._sequence(node, path, depth)
            return self._scalar(node, path)
        finally:
            self._active.discard(key)
            if aliased:
                self._alias_depth -= 1

    def _scalar(self, node: ScalarNode, path: YamlPath) -> Any:
        value = self._scalar_value(node, path)
        if not node.style and not isinstance(value, str) and value is not None:  # plain: None, or "" from libyaml
            self.locator._raw_values[path] = node.value
        return value

    def _scalar_value(self, node: Node, damaged: YamlPath) -> Any:
        if not isinstance(node, ScalarNode):
            return None
        tag = node.tag
        constructors = {
            _STR: self._scalars.construct_yaml_str,
            _INT: self._scalars.construct_yaml_int,
            _FLOAT: self._scalars.construct_yaml_float,
            _BOOL: self._scalars.construct_yaml_bool,
            _NULL: self._scalars.construct_yaml_null,
        }
        if tag == _TIMESTAMP:
            # Dates stay text: the data is plain, and no format here needs dates.
            return node.value
        construct = constructors.get(tag)
        if construct is None:
            self._refuse_tag(node, damaged)
            return None
        try:
            return construct(node)
        except (ValueError, ConstructorError):
            self._problem(node, f"{quote(node.value)} is not a valid {tag.removeprefix(_YAML)}", damaged)
            return None

    def _refuse_tag(self, node: Node, damaged: YamlPath) -> None:
        tag = node.tag
        shown = "!!" + tag.removeprefix(_YAML) if tag.startswith(_YAML) else tag
        self._problem(node, f"the tag {shown} is not allowed: only plain YAML data is read (text, numbers, true/false, lists, mappings)", damaged)

    def _sequence(self, node: SequenceNode, path: YamlPath, depth: int) -> Any:
        if node.tag != _SEQ:
            self._refuse_tag(node, path)
            return None
        return [self._node(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]

    def _mapping(self, node: MappingNode, path: YamlPath, depth: int) -> Any:
        if node.tag != _MAP:
            self._refuse_tag(node, path)
            return None
        result: dict[Any, Any] = {}
        first_key_node: dict[Any, Node] = {}
        merged: list[MappingNode] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.extend(self._merge_sources(value_node, path))
                continue
            if not isinstance(key_node, ScalarNode):
                self._problem(key_node, "a mapping key must be a plain value, not a list or mapping", path)
                continue
            key = self._scalar_value(key_node, path)
            first = first_key_node.get(key)
            if first is not None:
                self._problem(key_node, f"duplicate key {quote(key)} (first at line {first.start_mark.line + 1}, "
                                        f"column {first.start_mark.column + 1}); a key may appear once per mapping")
                continue
            first_key_node[key] = key_node
            child = (*path, key)
            self.locator._keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            if not key_node.style and not isinstance(key, str) and key is not None:
                self.locator._raw_keys[child] = key_node.value
            result[key] = self._node(value_node, child, depth + 1)
        # Merge keys (``<<: *defaults``): keys written in this mapping win, and
        # earlier merge sources win over later ones, as in YAML 1.1.
        for source in merged:
            for key_node, value_node in source.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE:
                    continue
                key = self._scalar_value(key_node, path)
                if key in result:
                    continue
                child = (*path, key)
                self.locator._keys[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self._node(value_node, child, depth + 1)
        return result

    def _merge_sources(self, node: Node, path: YamlPath) -> list[MappingNode]:
        sources = node.value if isinstance(node, SequenceNode) else [node]
        if all(isinstance(n, MappingNode) for n in sources):
            for source in sources:
                if source.tag != _MAP:
                    self._refuse_tag(source, path)
            return [n for n in sources if n.tag == _MAP]
        self._problem(node, "a merge key (<<) needs a mapping or a list of mappings", path)
        return []


# -- helpers for loaders ---------------------------------------------------------------


#: Words longer than this get no suggestion: difflib's cost grows with the
#: product of the lengths, and a text this long is no typo of a name.
_SUGGEST_LIMIT = 200


def did_you_mean(word: Any, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` when a choice is close to ``word``, else ``""``."""
    if not isinstance(word, str) or len(word) > _SUGGEST_LIMIT:
        return ""
    options = list(choices)
    by_fold = {c.casefold(): c for c in options}
    close = difflib.get_close_matches(word.casefold(), list(by_fold), n=1, cutoff=0.6)
    return f" (did you mean {by_fold[close[0]]!r}?)" if close else ""


def unknown_key_problems(mapping: Mapping[Any, Any], allowed: Iterable[str], locator: Locator,
                         path: YamlPath, what: str) -> list[Problem]:
    """A problem at each key of ``mapping`` that is not ``allowed``, with a suggestion."""
    known = list(allowed)
    problems = []
    for key in mapping:
        if key not in known:
            hint = did_you_mean(key, known) or f" (known keys: {', '.join(known)})"
            problems.append(locator.key_problem(f"unknown key {quote(key)} in {what}{hint}", *path, key))
    return problems


# -- durations -------------------------------------------------------------------------


def parse_duration(value: Any) -> float:
    """Seconds from a number of seconds or a duration text; see :func:`explorer.durations.parse`."""
    return durations.parse(value)
