"""Round trips: the bundled machine -> a format -> its reader gives the same machine back.

Where a format cannot carry a field, the expected machine is the bundled one
with exactly the loss the README's "Formats" section documents, built here
field by field, so that any other difference fails the test.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from explorer.generate import generate_machine
from explorer.io import csv_format, mermaid, scxml, xstate
from explorer.io.machine_yaml import load_machine
from explorer.model import Machine, State, Text, Transition

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "rescue_session_status.yaml"


@pytest.fixture(scope="module")
def rescue() -> Machine:
    return load_machine(BUNDLED)


def _grouped_by_source(machine: Machine) -> tuple[Transition, ...]:
    order = {s.id: i for i, s in enumerate(machine.states)}
    return tuple(sorted(machine.transitions, key=lambda t: order[t.source]))


def test_scxml_carries_everything(rescue: Machine) -> None:
    back = scxml.read(scxml.write(rescue).encode("utf-8"), "rescue.scxml")
    assert back == rescue
    assert back.name == rescue.name and back.description == rescue.description and back.language == "de"


def test_xstate_carries_everything_but_the_order_of_events_and_timeouts(rescue: Machine) -> None:
    back = xstate.read(xstate.write(rescue).encode("utf-8"), "rescue.json")
    # XState keeps a state's events ("on") and timeouts ("after") apart, each a mapping: per state,
    # events come first, grouped by event name, then timeouts grouped by delay (in order of first use).
    expected: list[Transition] = []
    for state in rescue.states:
        out = rescue.outgoing(state.id)
        events: dict[object, list[Transition]] = {}
        delays: dict[object, list[Transition]] = {}
        for t in out:
            if t.timeout is None:
                events.setdefault(t.trigger.get("de"), []).append(t)
            else:
                delays.setdefault(t.timeout.seconds, []).append(t)
        expected += [t for group in (*events.values(), *delays.values()) for t in group]
    assert back == dataclasses.replace(rescue, transitions=tuple(expected))
    assert back.transitions != rescue.transitions  # the bundled machine does interleave them


def test_csv_carries_the_transition_table(rescue: Machine) -> None:
    for delimiter, name in ((",", "rescue.csv"), ("\t", "rescue.tsv"), (";", "rescue.csv")):
        back = csv_format.read(csv_format.write(rescue, delimiter=delimiter).encode("utf-8"), name)
        # Lost: state labels and descriptions (states are their ids), the machine's name (the
        # file's) and description, the order of states (order of first appearance).
        first_seen = list(dict.fromkeys(x for t in rescue.transitions for x in (t.source, t.target)))
        states = tuple(State(id=s, label=Text.of(s), final=rescue.state(s).final) for s in first_seen)
        assert back == Machine(name="rescue", initial=rescue.initial, states=states,
                               transitions=rescue.transitions, language=rescue.language)


def test_csv_as_cp1252_with_a_bom_free_header(rescue: Machine) -> None:
    # Excel on a German Windows writes cp1252; ü, ö and „“ survive.
    text = csv_format.write(rescue, delimiter=";")
    back = csv_format.read(text.encode("cp1252", errors="strict"), "rescue.csv")
    assert back.transitions == rescue.transitions


def test_mermaid_carries_the_picture(rescue: Machine) -> None:
    for lang in ("de", "en"):
        back = mermaid.read(mermaid.write(rescue, lang).encode("utf-8"), "rescue.mmd")
        # Lost: other languages (one is written), actors, steps, descriptions, written
        # transition ids (they are generated again), the machine's name and language.
        states = tuple(State(id=s.id, label=Text.of(rescue.state_label(s.id, lang)), final=s.final)
                       for s in rescue.states)
        transitions = tuple(Transition(id=t.id, source=t.source, target=t.target,
                                       trigger=Text.of(rescue.trigger_label(t.id, lang)), timeout=t.timeout)
                            for t in rescue.transitions)
        assert back == Machine(name="rescue", initial=rescue.initial, states=states, transitions=transitions)


def test_odd_texts_survive_each_reader() -> None:
    """Quotes, colons, semicolons, ampersands, angle brackets, a line break in a description."""
    odd = 'Say "hi"; then: <b>&amp;</b> #1 100%'
    machine = Machine(
        name="odd", initial="a", language="en",
        states=(State("a", Text.of("A")), State("b", Text.of(odd), final=True)),
        transitions=(Transition("t1", "a", "b", Text.of(odd), actor="me", steps=(Text.of("x; y"),),
                                description=Text.of("two\nlines")),
                     Transition("t2", "b", "a", Text.of("back"), timeout=None)),
    )
    assert scxml.read(scxml.write(machine).encode(), "odd.scxml") == machine
    assert xstate.read(xstate.write(machine).encode(), "odd.json") == machine
    assert csv_format.read(csv_format.write(machine).encode(), "odd.csv").transitions == machine.transitions
    back = mermaid.read(mermaid.write(machine).encode(), "odd.mmd")
    assert back.state_label("b") == odd and back.transitions[0].trigger == Text.of(odd)


@pytest.mark.parametrize("module", [scxml, xstate, csv_format, mermaid], ids=lambda m: m.NAME)
def test_a_3000_state_machine_reads_back_whole(module) -> None:  # noqa: ANN001
    # How long it takes is the bench's business ("Read <format>" rows), not a test's.
    machine = generate_machine(3000, seed=3)
    data = module.write(machine).encode("utf-8")
    back = module.read(data, f"big{module.EXTENSIONS[0]}")
    assert len(back.states) == len(machine.states) and len(back.transitions) == len(machine.transitions)
