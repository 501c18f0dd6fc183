"""Generated machines: seeded, the promised size and shape, loadable from their YAML."""

from __future__ import annotations

import statistics

import pytest

from explorer.generate import SHAPES, generate_machine
from explorer.io.machine_yaml import dump_machine, load_machine_text


@pytest.mark.parametrize("shape", SHAPES)
def test_same_seed_same_machine_other_seed_other_machine(shape: str) -> None:
    assert generate_machine(80, shape, seed=5) == generate_machine(80, shape, seed=5)
    assert generate_machine(80, shape, seed=5) != generate_machine(80, shape, seed=6)


@pytest.mark.parametrize("shape", SHAPES)
def test_size_finals_timeouts_and_transitions_per_state(shape: str) -> None:
    machine = generate_machine(400, shape, seed=1)
    assert len(machine.states) == 400
    finals = [s for s in machine.states if s.final]
    assert 1 <= len(finals) <= 400 // 10
    assert all(not machine.outgoing(s.id) for s in finals)
    live = [s for s in machine.states if not s.final]
    per_state = len(machine.transitions) / len(live)
    assert 2.5 <= per_state <= 3.5
    timeouts = [t for t in machine.transitions if t.is_timeout]
    assert 0 < len(timeouts) < len(machine.transitions) / 5
    assert all(t.actor == "time" for t in timeouts)


def test_labels_are_bilingual_and_realistically_long() -> None:
    machine = generate_machine(300, "random", seed=2)
    state_words = [len(s.label.get("de").split()) for s in machine.states]
    trigger_words = [len(t.trigger.get("de").split()) for t in machine.transitions]
    # Verbs such as "wird hergestellt" are two words, hence one word of slack.
    assert 2 <= min(state_words) and max(state_words) <= 6
    assert 3 <= min(trigger_words) and max(trigger_words) <= 7
    assert statistics.mean(trigger_words) > statistics.mean(state_words)
    assert machine.languages == ("de", "en")
    assert any(ch in "äöüÄÖÜß" for s in machine.states for ch in s.label.get("de"))


def test_structured_targets_are_near_random_targets_are_not() -> None:
    n = 500

    def mean_jump(shape: str) -> float:
        machine = generate_machine(n, shape, seed=3)
        index = {s.id: i for i, s in enumerate(machine.states)}
        return statistics.mean(abs(index[t.target] - index[t.source]) for t in machine.transitions)

    assert mean_jump("structured") < 5 < n / 4 < mean_jump("random")


def test_yaml_round_trip_through_the_real_loader() -> None:
    machine = generate_machine(40, "structured", seed=4)
    loaded = load_machine_text(dump_machine(machine), "generated.yaml")
    assert loaded == machine


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        generate_machine(1, "structured")
    with pytest.raises(ValueError):
        generate_machine(10, "spiral")  # type: ignore[arg-type]
