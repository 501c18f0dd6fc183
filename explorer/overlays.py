"""Overlays without Qt: which ids an overlay marks, and what they are computed from.

An overlay marks some states or transitions on the canvas: unreachable
states, timeout edges, and later coverage, a diff or a tour. The ui's table
(``explorer.ui.style.OVERLAYS``) gives each overlay its look, legend text,
menu entry and setting; this module holds the part that needs no Qt, so a
report or a test can compute the same id sets.

An overlay's ids come from an :class:`OverlaySources`: the machine's static
analysis, or id sets computed elsewhere (by a session, a diff) and handed in
by name through ``extra``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType

from explorer.analysis import Analysis


@dataclass(frozen=True)
class OverlaySources:
    """Everything an overlay's ids may be computed from."""

    #: The machine's static analysis (None: no analysis overlays).
    analysis: Analysis | None = None
    #: Id sets computed outside the analysis (coverage, diff, tours), by overlay name.
    extra: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(
            self, "extra", MappingProxyType({name: frozenset(ids) for name, ids in self.extra.items()})
        )


#: Computes the ids an overlay marks (state ids or transition ids, as its role says).
IdsFunction = Callable[[OverlaySources], Iterable[str]]

_ANALYSIS_FIELDS = frozenset(f.name for f in fields(Analysis))


def analysis_ids(name: str) -> IdsFunction:
    """The ids the analysis lists under ``name`` (one of :class:`Analysis`'s sets)."""
    if name not in _ANALYSIS_FIELDS:
        # Fail when the table is built, not the first time the overlay is drawn.
        raise ValueError(f"the analysis has no id set {name!r}; it has {', '.join(sorted(_ANALYSIS_FIELDS))}")

    def ids(sources: OverlaySources) -> frozenset[str]:
        return getattr(sources.analysis, name) if sources.analysis is not None else frozenset()

    ids.__name__ = f"analysis_{name}"
    return ids


def extra_ids(name: str) -> IdsFunction:
    """The ids handed in under ``name`` in ``OverlaySources.extra`` (none when absent)."""

    def ids(sources: OverlaySources) -> frozenset[str]:
        return sources.extra.get(name, frozenset())

    ids.__name__ = f"extra_{name}"
    return ids
