"""The one machine writer: what dump_machine writes loads back to an equal Machine."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from explorer.generate import SHAPES, generate_machine
from explorer.io.machine_yaml import dump_machine, load_machine, load_machine_text, write_machine
from explorer.model import Machine, State, Text, Timeout, Transition

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "rescue_session_status.yaml"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def round_trip(machine: Machine) -> Machine:
    return load_machine_text(dump_machine(machine), "written.yaml")


def test_the_bundled_machine_round_trips(tmp_path: Path) -> None:
    machine = load_machine(BUNDLED)
    # The bundled machine carries what the writer must not lose.
    assert machine.description is not None
    assert any(s.description is not None for s in machine.states)
    assert any(t.description is not None for t in machine.transitions)
    assert any(t.timeout is not None and t.timeout.is_setting for t in machine.transitions)
    out = tmp_path / "copy.yaml"
    write_machine(machine, out)
    again = load_machine(out)
    assert again == machine
    # Written twice, the same text: the writer is deterministic.
    assert dump_machine(again) == out.read_text(encoding="utf-8")


def test_the_good_fixture_round_trips() -> None:
    machine = load_machine(FIXTURES / "good" / "console.yaml")
    assert round_trip(machine) == machine


def _every_field() -> Machine:
    both = {"de": "Deutsch", "en": "English"}
    return Machine(
        name="Everything: a machine with every field",
        initial="1",
        language="fr",
        description=Text.of({"fr": "La machine", "en": "The machine"}),
        states=(
            # Ids YAML would read as numbers and booleans must come back as text.
            State("1", Text.of("1")),
            State("yes", Text.of({"fr": "Oui", "de": "Ja"}), description=Text.of("plain description")),
            State("off", Text.of("Off: with a colon # and a hash"), description=Text.of(both)),
            State("done", Text.of("done"), final=True),
            State("multi line", Text.of("first line\nsecond line"), final=True),
        ),
        transitions=(
            Transition("1-yes", "1", "yes", Text.of("go"), actor="customer",
                       steps=(Text.of("one"), Text.of(both), Text.of("- a dash and 'quotes'"))),
            # Parallel transitions: generated ids, the second one numbered.
            Transition("yes-off", "yes", "off", Text.of({"fr": "a", "en": "b"})),
            Transition("yes-off-2", "yes", "off", Text.of("again"), description=Text.of("parallel")),
            # Explicit ids, one of them shaped like a generated id that the reader would not generate.
            Transition("chosen", "off", "off", Text.of("loop"), timeout=Timeout(180.0), actor="time"),
            Transition("off-done-7", "off", "done", Text.of("later"), timeout=Timeout(None), actor="time"),
            Transition("off-done", "off", "done", Text.of("now"), timeout=Timeout(2.5)),
            Transition("true", "off", "multi line", Text.of("123"), timeout=Timeout(0.001)),
        ),
    )


def test_every_field_round_trips() -> None:
    machine = _every_field()
    again = round_trip(machine)
    assert again == machine
    assert [type(s.id) for s in again.states] == [str] * len(machine.states)


def test_generated_ids_are_left_out_and_others_written() -> None:
    text = dump_machine(_every_field())
    assert "id: chosen" in text and "id: off-done-7" in text
    assert "id: yes-off" not in text and "id: 1-yes" not in text
    assert text.startswith("format: 1\n")


def test_ids_that_look_generated_but_are_not_are_written() -> None:
    # Parallel transitions in the "wrong" order: the reader would call the
    # first "a-b" and the second "a-b-2", so both ids must be written.
    machine = Machine(
        name="m", initial="a",
        states=(State("a", Text.of("a")), State("b", Text.of("b")), State("c", Text.of("c"))),
        transitions=(
            Transition("a-b-2", "a", "b", Text.of("x")),
            Transition("a-b", "a", "b", Text.of("y")),
            Transition("b-c", "b", "c", Text.of("z")),
        ),
    )
    text = dump_machine(machine)
    assert "id: a-b-2" in text and "id: a-b\n" in text and "id: b-c" not in text
    assert round_trip(machine) == machine


def test_a_machine_without_transitions_round_trips() -> None:
    machine = Machine(name="lonely", initial="only", states=(State("only", Text.of("only"), final=True),),
                      transitions=())
    assert round_trip(machine) == machine


@pytest.mark.parametrize("shape", SHAPES)
def test_generated_machines_round_trip(shape: str) -> None:
    machine = generate_machine(150, shape, seed=4)  # type: ignore[arg-type]
    assert round_trip(machine) == machine


def test_write_machine_keeps_the_permissions_of_the_file_it_replaces(tmp_path: Path) -> None:
    out = tmp_path / "m.yaml"
    out.write_text("old", encoding="utf-8")
    os.chmod(out, 0o640)
    write_machine(_every_field(), out)
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert load_machine(out) == _every_field()
