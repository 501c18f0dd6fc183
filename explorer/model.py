"""The domain: states, transitions and machines as frozen dataclasses.

No Qt and no file formats here. Ids, not objects, cross module boundaries:
analysis, session and layout take a :class:`Machine` and speak of state ids
and transition ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from explorer.errors import MachineError

if TYPE_CHECKING:  # networkx costs about 0.1 s to import: only the graph algorithms load it
    import networkx as nx

#: The language key of a text given as a plain string (valid in every language).
ANY_LANGUAGE = ""


@dataclass(frozen=True)
class Text:
    """A piece of text in one or more languages (language code -> string)."""

    values: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, value: str | Mapping[str, str] | Text) -> Text:
        """Build from a plain string (any language) or a language mapping."""
        if isinstance(value, Text):
            return value
        if isinstance(value, str):
            return cls(((ANY_LANGUAGE, value),))
        return cls(tuple((str(k), str(v)) for k, v in value.items()))

    def get(self, lang: str | None = None, fallback: str | None = None) -> str:
        """The text in ``lang``, else the language-neutral one, else ``fallback``'s, else the first."""
        texts = dict(self.values)
        for key in (lang, ANY_LANGUAGE, fallback):
            if key is not None and key in texts:
                return texts[key]
        return self.values[0][1] if self.values else ""

    def tagged(self, lang: str | None, fallback: str | None = None) -> tuple[str, str | None]:
        """:meth:`get`'s text and, when it is not in ``lang``, the code of its language.

        Language-neutral text (a plain string) needs no tag. The code is for
        the small language tag (``[de]``) shown beside a text that a reader of
        ``lang`` gets in another language.
        """
        text = self.get(lang, fallback)
        texts = dict(self.values)
        if not self.values or lang in texts or ANY_LANGUAGE in texts:
            return text, None
        code = fallback if fallback is not None and fallback in texts else self.values[0][0]
        return text, code

    def tagged_str(self, lang: str | None, fallback: str | None = None) -> str:
        """The text in ``lang``, or another language's followed by a tag such as `` [de]`` (plain text)."""
        text, code = self.tagged(lang, fallback)
        return text if code is None else f"{text} [{code}]"

    @property
    def languages(self) -> frozenset[str]:
        return frozenset(k for k, _ in self.values if k != ANY_LANGUAGE)

    def matches(self, query: str) -> bool:
        """True when ``query`` equals the text in any language (case-insensitive)."""
        q = query.strip().casefold()
        return any(v.strip().casefold() == q for _, v in self.values)

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class Timeout:
    """A transition that fires when time passes in its source state.

    ``seconds`` is None when the duration is a setting (for example an
    administrator's idle limit); a session then uses its configurable default.
    """

    seconds: float | None = None

    @property
    def is_setting(self) -> bool:
        return self.seconds is None

    def to_json(self) -> float | bool:
        return True if self.seconds is None else self.seconds


@dataclass(frozen=True)
class State:
    id: str
    label: Text
    description: Text | None = None
    final: bool = False
    #: Line in the source file where the state is defined (0: unknown).
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Transition:
    id: str
    source: str
    target: str
    trigger: Text
    actor: str | None = None
    #: The procedure that causes the change, in order.
    steps: tuple[Text, ...] = ()
    timeout: Timeout | None = None
    #: A remark that is not a step (for example what the source adds after the steps).
    description: Text | None = None
    line: int = field(default=0, compare=False)

    @property
    def is_timeout(self) -> bool:
        return self.timeout is not None

    @property
    def is_self_loop(self) -> bool:
        return self.source == self.target


@dataclass(frozen=True)
class Machine:
    """A state machine: states, transitions between them, and an initial state."""

    name: str
    initial: str
    states: tuple[State, ...]
    transitions: tuple[Transition, ...]
    #: Default language of labels (used when a requested language is missing).
    language: str = "en"
    description: Text | None = None
    #: Where the machine comes from (the file's ``source:``): a path relative to
    #: the machine file, or a URL, kept as written. Not a state id, unlike
    #: :attr:`Transition.source`.
    source: str | None = None

    def __post_init__(self) -> None:
        ids = [s.id for s in self.states]
        if len(set(ids)) != len(ids):
            raise MachineError("duplicate state ids")
        tids = [t.id for t in self.transitions]
        if len(set(tids)) != len(tids):
            raise MachineError("duplicate transition ids")
        known = set(ids)
        if self.initial not in known:
            raise MachineError(f"unknown initial state {self.initial!r}")
        for t in self.transitions:
            for end in (t.source, t.target):
                if end not in known:
                    raise MachineError(f"transition {t.id!r} refers to unknown state {end!r}")

    def __getstate__(self) -> dict[str, object]:
        # Only the fields: look-up tables and the networkx graph are rebuilt on
        # first use, so a pickled machine (the open cache) stays small.
        return {f: self.__dict__[f] for f in self.__dataclass_fields__}

    # -- look-ups --------------------------------------------------------------

    @cached_property
    def _states(self) -> dict[str, State]:
        return {s.id: s for s in self.states}

    @cached_property
    def _transitions(self) -> dict[str, Transition]:
        return {t.id: t for t in self.transitions}

    @cached_property
    def _outgoing(self) -> dict[str, tuple[Transition, ...]]:
        out: dict[str, list[Transition]] = {s.id: [] for s in self.states}
        for t in self.transitions:
            out[t.source].append(t)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def _incoming(self) -> dict[str, tuple[Transition, ...]]:
        inc: dict[str, list[Transition]] = {s.id: [] for s in self.states}
        for t in self.transitions:
            inc[t.target].append(t)
        return {k: tuple(v) for k, v in inc.items()}

    def state(self, state_id: str) -> State:
        try:
            return self._states[state_id]
        except KeyError:
            raise MachineError(f"no state {state_id!r}") from None

    def transition(self, transition_id: str) -> Transition:
        try:
            return self._transitions[transition_id]
        except KeyError:
            raise MachineError(f"no transition {transition_id!r}") from None

    def has_state(self, state_id: str) -> bool:
        return state_id in self._states

    def has_transition(self, transition_id: str) -> bool:
        return transition_id in self._transitions

    def outgoing(self, state_id: str) -> tuple[Transition, ...]:
        """Transitions leaving ``state_id``, in file order."""
        self.state(state_id)
        return self._outgoing[state_id]

    def incoming(self, state_id: str) -> tuple[Transition, ...]:
        self.state(state_id)
        return self._incoming[state_id]

    @cached_property
    def languages(self) -> tuple[str, ...]:
        """Every language any label is given in, the default language first."""
        langs: set[str] = {self.language}
        for s in self.states:
            langs |= s.label.languages
        for t in self.transitions:
            langs |= t.trigger.languages
        return (self.language, *sorted(langs - {self.language}))

    def state_label(self, state_id: str, lang: str | None = None) -> str:
        return self.state(state_id).label.get(lang or self.language, self.language)

    def trigger_label(self, transition_id: str, lang: str | None = None) -> str:
        return self.transition(transition_id).trigger.get(lang or self.language, self.language)

    def find_state(self, query: str) -> str:
        """A state id from an id or a label in any language (case-insensitive)."""
        if query in self._states:
            return query
        hits = [s.id for s in self.states if s.label.matches(query) or s.id.casefold() == query.strip().casefold()]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise MachineError(f"no state with id or label {query!r}")
        raise MachineError(f"{query!r} names several states: {', '.join(hits)}")

    # -- the graph -------------------------------------------------------------

    @cached_property
    def graph(self) -> nx.MultiDiGraph:
        """The machine as a MultiDiGraph: nodes are state ids, edge keys transition ids.

        Node data: ``state``; edge data: ``transition``. Built once per machine;
        treat it as read-only. networkx is imported here, on first use, so that
        commands that need no graph algorithm start without it.
        """
        import networkx as nx

        g = nx.MultiDiGraph(name=self.name, initial=self.initial)
        for s in self.states:
            g.add_node(s.id, state=s)
        for t in self.transitions:
            g.add_edge(t.source, t.target, key=t.id, transition=t)
        return g


def generate_transition_id(source: str, target: str, taken: Iterable[str]) -> str:
    """A readable, stable id for a transition that has none: ``source-target``.

    Parallel transitions get ``-2``, ``-3``... in file order, so an id only
    changes when transitions between the same two states are reordered.
    """
    # A set or other container is asked as it is: copying it per transition makes reading quadratic.
    used = taken if isinstance(taken, (set, frozenset, dict)) else set(taken)
    base = f"{source}-{target}"
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


class TransitionIdGenerator:
    """:func:`generate_transition_id` for a whole machine in linear time.

    Remembers the ids taken (written ones given up front, generated ones as
    they are made) and, per ``source-target`` base, the last number used,
    so the n-th parallel transition does not try the n-1 numbers before it.
    The ids are exactly those :func:`generate_transition_id` gives in the
    same order: the set of taken ids only grows, so numbers below the last
    one used for a base stay taken.
    """

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken: set[str] = set(taken)
        self._last: dict[str, int] = {}

    def __call__(self, source: str, target: str) -> str:
        base = f"{source}-{target}"
        n = self._last.get(base, 0) + 1
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in self.taken:
            n += 1
            candidate = f"{base}-{n}"
        self._last[base] = n
        self.taken.add(candidate)
        return candidate
