"""Generated transition ids: the linear generator gives exactly the ids of the one-at-a-time rule."""

from __future__ import annotations

import random

from explorer.model import TransitionIdGenerator, generate_transition_id


def _one_at_a_time(pairs: list[tuple[str, str]], written: set[str]) -> list[str]:
    taken = set(written)
    ids = []
    for source, target in pairs:
        tid = generate_transition_id(source, target, list(taken))  # any iterable, as before
        taken.add(tid)
        ids.append(tid)
    return ids


def test_parallel_transitions_are_numbered_in_file_order() -> None:
    new_id = TransitionIdGenerator()
    assert [new_id("a", "b") for _ in range(4)] == ["a-b", "a-b-2", "a-b-3", "a-b-4"]


def test_written_ids_are_skipped_and_bases_that_collide_share_numbers() -> None:
    new_id = TransitionIdGenerator({"a-b-2", "a-b"})
    assert new_id("a", "b") == "a-b-3"
    assert new_id("a", "b") == "a-b-4"
    # "a-b" + "c" and "a" + "b-c" spell the same base.
    assert [new_id("a-b", "c"), new_id("a", "b-c")] == ["a-b-c", "a-b-c-2"]
    # A base that is another's numbered id ("x" -> "y-2" spells "x-y-2").
    assert [new_id("x", "y"), new_id("x", "y"), new_id("x", "y-2"), new_id("x", "y")] == [
        "x-y", "x-y-2", "x-y-2-2", "x-y-3"]


def test_the_generator_agrees_with_the_rule_on_random_machines() -> None:
    rng = random.Random(9)
    for _ in range(50):
        names = ["a", "b", "a-b", "b-a", "c-2", "c"]
        pairs = [(rng.choice(names), rng.choice(names)) for _ in range(rng.randrange(1, 60))]
        written = {f"{rng.choice(names)}-{rng.choice(names)}" + rng.choice(["", "-2", "-3"]) for _ in range(5)}
        new_id = TransitionIdGenerator(written)
        assert [new_id(s, t) for s, t in pairs] == _one_at_a_time(pairs, written)
