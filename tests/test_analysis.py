"""Analysis on small hand-made machines whose answers are known by construction."""

from __future__ import annotations

import pytest

from explorer import analysis
from explorer.errors import MachineError
from explorer.model import Machine, State, Text, Timeout, Transition


def make(
    edges: list[tuple[str, str, str]],
    *,
    initial: str = "a",
    finals: set[str] = frozenset(),
    extra_states: tuple[str, ...] = (),
    timeouts: dict[str, float | None] | None = None,
) -> Machine:
    """Machine from (id, source, target) triples; the trigger is the id unless it has '#'."""
    timeouts = timeouts or {}
    names: list[str] = []
    for _, s, t in edges:
        for n in (s, t):
            if n not in names:
                names.append(n)
    for n in (initial, *extra_states):
        if n not in names:
            names.append(n)
    states = tuple(State(n, Text.of(n.upper()), final=n in finals) for n in names)
    transitions = tuple(
        Transition(
            tid,
            s,
            t,
            Text.of(tid.split("#")[0]),
            timeout=Timeout(timeouts[tid]) if tid in timeouts else None,
        )
        for tid, s, t in edges
    )
    return Machine("test", initial, states, transitions)


def test_unreachable_states_are_those_without_a_way_in_from_initial() -> None:
    m = make([("go", "a", "b"), ("back", "b", "a"), ("orphan", "x", "b"), ("y1", "y", "x")])
    assert analysis.unreachable(m) == {"x", "y"}


def test_isolated_state_is_unreachable() -> None:
    m = make([("go", "a", "b")], extra_states=("lonely",))
    assert analysis.unreachable(m) == {"lonely"}


def test_dead_ends_ignore_finals_and_count_self_loops_as_no_way_out() -> None:
    m = make(
        [("go", "a", "b"), ("spin", "b", "b"), ("end", "a", "f"), ("stuck", "a", "c")],
        finals={"f"},
    )
    assert analysis.dead_ends(m) == {"b", "c"}


def test_traps_are_states_that_cannot_finish() -> None:
    # c <-> d cycle has ways out but never reaches the final f
    m = make(
        [("go", "a", "b"), ("fin", "b", "f"), ("lost", "a", "c"), ("cd", "c", "d"), ("dc", "d", "c")],
        finals={"f"},
    )
    assert analysis.traps(m) == {"c", "d"}
    assert analysis.dead_ends(m) == set()


def test_no_final_states_means_no_traps() -> None:
    m = make([("go", "a", "b"), ("back", "b", "a")])
    assert analysis.traps(m) == set()


def test_ambiguous_same_trigger_different_targets() -> None:
    m = make([("push#1", "a", "b"), ("push#2", "a", "c"), ("pull", "a", "b"), ("pull#2", "b", "a")])
    # "push" from a leads to b or c; "pull" from a and from b are different states
    assert analysis.ambiguous(m) == {"push#1", "push#2"}


def test_same_trigger_same_target_is_not_ambiguous() -> None:
    m = make([("push#1", "a", "b"), ("push#2", "a", "b")])
    assert analysis.ambiguous(m) == set()


def test_ambiguity_is_found_in_any_language() -> None:
    states = (State("a", Text.of("A")), State("b", Text.of("B")), State("c", Text.of("C")))
    t1 = Transition("t1", "a", "b", Text.of({"de": "Drücken", "en": "Press"}))
    t2 = Transition("t2", "a", "c", Text.of({"de": "Schieben", "en": "press"}))
    m = Machine("m", "a", states, (t1, t2), language="de")
    assert analysis.ambiguous(m) == {"t1", "t2"}


def test_timeouts_and_self_loops() -> None:
    m = make(
        [("tick", "a", "a"), ("wait", "a", "b"), ("go", "b", "a")],
        timeouts={"tick": 60, "wait": None},
    )
    assert analysis.timeouts(m) == {"tick", "wait"}
    assert analysis.self_loops(m) == {"tick"}


def test_shortest_path_returns_transition_ids_and_prefers_file_order() -> None:
    m = make([("ab1", "a", "b"), ("ab2", "a", "b"), ("bc", "b", "c"), ("ac_long", "a", "d"), ("dc", "d", "e")])
    assert analysis.shortest_path(m, "a", "c") == ["ab1", "bc"]
    assert analysis.shortest_path(m, "a", "a") == []
    assert analysis.shortest_path(m, "c", "a") is None


def test_shortest_path_picks_fewest_steps() -> None:
    m = make([("ab", "a", "b"), ("bc", "b", "c"), ("cd", "c", "d"), ("ad", "a", "d")])
    assert analysis.shortest_path(m, "a", "d") == ["ad"]


def test_shortest_path_unknown_state_is_an_error() -> None:
    m = make([("ab", "a", "b")])
    with pytest.raises(MachineError):
        analysis.shortest_path(m, "a", "nowhere")


def test_reachable_from_includes_itself() -> None:
    m = make([("ab", "a", "b"), ("bc", "b", "c"), ("xa", "x", "a")])
    assert analysis.reachable_from(m, "b") == {"b", "c"}
    assert analysis.reachable_from(m, "x") == {"x", "a", "b", "c"}


def test_analyse_bundles_everything() -> None:
    m = make([("go", "a", "b"), ("z", "x", "a")], finals={"b"})
    result = analysis.analyse(m)
    assert result.unreachable == {"x"}
    assert not result.is_clean
    assert analysis.analyse(make([("go", "a", "b")], finals={"b"})).is_clean
