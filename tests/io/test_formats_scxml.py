"""SCXML reader on the W3C Recommendation's own examples, on timers, and on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.errors import LoadError
from explorer.io import scxml
from explorer.model import Text, Timeout

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def _read(name: str):  # noqa: ANN202
    path = FIXTURES / name
    return scxml.read(path.read_bytes(), str(path))


def _problems(data: bytes, name: str = "bad.scxml") -> list[str]:
    with pytest.raises(LoadError) as info:
        scxml.read(data, name)
    return [str(p) for p in info.value.problems]


def test_w3c_microwave_is_flattened() -> None:
    m = _read("microwave-01.scxml")
    assert [s.id for s in m.states] == ["off", "idle", "cooking"]
    assert m.initial == "off"
    edges = {(t.source, t.target, t.trigger.get()) for t in m.transitions}
    # turn.on enters "on", whose <initial> is idle; the parent's transitions reach both leaves.
    assert ("off", "idle", "turn.on") in edges
    assert {("idle", "off", "turn.off"), ("cooking", "off", "turn.off")} <= edges
    # a cond stays on the trigger, marked; a targetless transition stays in its state
    assert ("idle", "cooking", "(no event) [door_closed]") in edges
    assert ("cooking", "off", "(no event) [timer >= cook_time]") in edges
    assert ("cooking", "cooking", "time") in edges
    assert len(m.transitions) == 9


def test_delayed_sends_become_timeouts() -> None:
    m = _read("traffic_light.scxml")
    assert m.name == "traffic light"
    timeouts = {t.source: t.timeout for t in m.transitions if t.timeout is not None}
    assert timeouts == {"red": Timeout(30.0), "green": Timeout(25.0), "yellow": Timeout(None)}
    assert [s.id for s in m.states if s.final] == ["dark"]
    assert all(t.timeout is None for t in m.transitions if t.trigger == Text.of("power.off"))


def test_parallel_states_are_refused_with_element_and_line() -> None:
    with pytest.raises(LoadError) as info:
        _read("microwave-02.scxml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (17, 3)
    assert "<parallel id='oven'>" in problem.message and "refuses" in problem.message


def test_billion_laughs_is_refused_before_any_expansion() -> None:
    with pytest.raises(LoadError) as info:
        _read("billion_laughs.scxml")
    (problem,) = info.value.problems
    assert problem.line == 2
    assert "entities are not allowed" in problem.message


def test_an_external_entity_is_refused() -> None:
    data = (b'<?xml version="1.0"?>\n<!DOCTYPE scxml SYSTEM "http://example.com/x.dtd">\n'
            b'<scxml xmlns="http://www.w3.org/2005/07/scxml"><state id="a"/></scxml>')
    (message,) = _problems(data)
    assert message.startswith("bad.scxml:2:") and "document type declarations" in message


def test_malformed_xml_has_its_position() -> None:
    data = b'<scxml xmlns="http://www.w3.org/2005/07/scxml">\n  <state id="a">\n  </stat>\n</scxml>\n'
    assert _problems(data) == ["bad.scxml:3:5: not well-formed XML: mismatched tag"]


def test_semantic_problems_name_their_line() -> None:
    data = (b'<scxml xmlns="http://www.w3.org/2005/07/scxml" initial="a">\n'
            b'  <state id="a">\n'
            b'    <transition event="go" target="nowhere"/>\n'
            b'  </state>\n'
            b'  <state id="a"/>\n'
            b'  <state id="b"><transition event="x" target="a b"/></state>\n'
            b'</scxml>\n')
    assert _problems(data) == ["bad.scxml:5:3: state id 'a' is given twice (first at line 2)"]
    data = data.replace(b'  <state id="a"/>\n', b"")
    assert "several states" in _problems(data)[0] and _problems(data)[0].startswith("bad.scxml:5:17:")
    data = data.replace(b'target="a b"', b'target="a"')
    assert _problems(data) == ["bad.scxml:3:5: unknown target state 'nowhere'"]


def test_history_targets_are_refused_by_name() -> None:
    data = (b'<scxml xmlns="http://www.w3.org/2005/07/scxml" initial="p">\n'
            b'  <state id="p"><history id="h"/><state id="c"/>\n'
            b'    <transition event="back" target="h"/></state>\n'
            b'</scxml>\n')
    (message,) = _problems(data)
    assert message.startswith("bad.scxml:3:5:") and "history state 'h'" in message


def test_nested_final_is_left_by_done_event() -> None:
    data = (b'<scxml xmlns="http://www.w3.org/2005/07/scxml">\n'
            b'  <state id="job"><state id="work"><transition event="ok" target="finished"/></state>\n'
            b'    <final id="finished"/>\n'
            b'    <transition event="done.state.job" target="report"/></state>\n'
            b'  <final id="report"/>\n'
            b'</scxml>\n')
    m = scxml.read(data, "job.scxml")
    assert m.initial == "work"
    assert [(t.source, t.target) for t in m.transitions] == [("work", "finished"), ("finished", "report")]
    assert [s.id for s in m.states if s.final] == ["report"]


def test_too_large_and_empty_files() -> None:
    assert _problems(b"   \n") == ["bad.scxml:0:0: the file is empty"]
    huge = b"<scxml>" + b" " * (scxml.MAX_BYTES + 1) + b"</scxml>"
    assert "too large" in _problems(huge)[0]


def test_sniff() -> None:
    assert scxml.sniff((FIXTURES / "microwave-01.scxml").read_bytes()[:1024])
    assert not scxml.sniff(b'{"states": {}}')
