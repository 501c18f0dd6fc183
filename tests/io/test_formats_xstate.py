"""XState JSON reader on examples from XState's documentation, and on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.errors import LoadError
from explorer.io import xstate
from explorer.model import Timeout

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def _read(name: str):  # noqa: ANN202
    path = FIXTURES / name
    return xstate.read(path.read_bytes(), str(path))


def _problems(text: str) -> list[str]:
    with pytest.raises(LoadError) as info:
        xstate.read(text.encode("utf-8"), "bad.json")
    return [str(p) for p in info.value.problems]


def test_hierarchical_light_is_flattened_to_dotted_ids() -> None:
    m = _read("light_hierarchical.json")
    assert m.name == "light"
    assert [s.id for s in m.states] == ["green", "yellow", "red.walk", "red.wait", "red.stop", "red.blinking"]
    edges = {(t.source, t.trigger.get(), t.target) for t in m.transitions}
    assert ("yellow", "TIMER", "red.walk") in edges  # entering red enters its initial child
    assert ("red.walk", "PED_COUNTDOWN", "red.wait") in edges
    # red's TIMER leaves from every child; the machine's own events from every state
    assert {("red.walk", "TIMER", "green"), ("red.stop", "TIMER", "green")} <= edges
    assert {(s.id, "POWER_OUTAGE", "red.blinking") for s in m.states} <= edges
    assert len(m.transitions) == 20


def test_delays_become_timeouts() -> None:
    m = _read("light_delay.json")
    assert [(t.source, t.target, t.timeout) for t in m.transitions] == [
        ("green", "yellow", Timeout(1.0)), ("yellow", "red", Timeout(0.5)), ("red", "green", Timeout(2.0))]
    assert m.trigger_label("green-yellow") == "after 1s"


def test_guards_arrays_and_relative_targets() -> None:
    m = _read("search_guards.json")
    assert m.initial == "idle.normal"
    out = [(t.trigger.get(), t.target) for t in m.outgoing("idle.normal")]
    assert out == [("SEARCH [searchValid]", "searching"), ("SEARCH", "idle.invalid")]


def test_invalid_json_has_line_and_column() -> None:
    assert _problems('{\n  "states": {\n    "a": {,}\n  }\n}') == [
        "bad.json:3:11: not valid JSON: Expecting property name enclosed in double quotes"]


def test_semantic_problems_have_positions() -> None:
    text = '{\n  "initial": "a",\n  "states": {\n    "a": {"on": {"GO": "nowhere"}},\n    "b": {}\n  }\n}'
    (message,) = _problems(text)
    assert message.startswith("bad.json:4:24:") and "unknown target 'nowhere'" in message
    text = '{\n  "initial": "x",\n  "states": {\n    "a": {}\n  }\n}'
    assert _problems(text) == ["bad.json:2:14: initial 'x' is not a child state of the machine; children: a"]


def test_duplicate_keys_are_reported_where_they_are() -> None:
    text = '{\n  "initial": "a",\n  "states": {\n    "a": {},\n    "a": {}\n  }\n}'
    assert _problems(text) == ["bad.json:5:5: key 'a' is given twice in states"]


def test_parallel_states_are_refused_with_position() -> None:
    text = '{"initial": "p", "states": {\n  "p": {\n    "type": "parallel", "states": {}}}}'
    (message,) = _problems(text)
    assert message.startswith("bad.json:3:13:") and "parallel" in message


def test_not_a_machine() -> None:
    (message,) = _problems("[1, 2, 3]")
    assert message.startswith("bad.json:1:1:") and "'states'" in message


def test_sniff() -> None:
    assert xstate.sniff((FIXTURES / "light_delay.json").read_bytes())
    assert not xstate.sniff(b"stateDiagram-v2\n")


def test_dotted_ids_from_nested_states_survive_a_round_trip_through_xstate() -> None:
    # The writer names a dotted id as "#red.walk" (XState would read "red.walk" as a path).
    for name in ("light_hierarchical.json", "search_guards.json"):
        path = FIXTURES / name
        machine = xstate.read(path.read_bytes(), str(path))
        assert any("." in s.id for s in machine.states)
        back = xstate.read(xstate.write(machine).encode("utf-8"), "back.json")
        assert (back.initial, back.states) == (machine.initial, machine.states)
        assert sorted(back.transitions, key=lambda t: t.id) == sorted(machine.transitions, key=lambda t: t.id)
