"""Mermaid stateDiagram-v2 reader on the examples of Mermaid's documentation, and on bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.errors import LoadError
from explorer.io import mermaid
from explorer.model import Timeout

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def _read(name: str):  # noqa: ANN202
    path = FIXTURES / name
    return mermaid.read(path.read_bytes(), str(path))


def _problems(text: str) -> list[str]:
    with pytest.raises(LoadError) as info:
        mermaid.read(text.encode("utf-8"), "bad.mmd")
    return [str(p) for p in info.value.problems]


def test_the_first_example() -> None:
    m = _read("still_moving.mmd")
    assert m.name == "Simple sample"  # from the front matter
    assert [s.id for s in m.states] == ["Still", "Moving", "Crash"]
    assert m.initial == "Still"
    assert [s.id for s in m.states if s.final] == ["Still", "Crash"]
    assert [(t.source, t.target, t.trigger.get()) for t in m.transitions] == [
        ("Still", "Moving", "→ Moving"), ("Moving", "Still", "→ Still"), ("Moving", "Crash", "→ Crash")]


def test_composite_states_are_flattened() -> None:
    m = _read("composite.mmd")
    assert [s.id for s in m.states] == ["fir", "sec", "thi"]
    assert m.initial == "fir"  # [*] --> First enters First's start
    # First --> Second has no label: it leaves when First ends (fir --> [*]) and enters Second's start
    assert [(t.source, t.target) for t in m.transitions] == [("fir", "sec"), ("fir", "thi")]


def test_notes_are_ignored_and_descriptions_label_states() -> None:
    m = _read("notes_and_choice.mmd")
    assert m.state_label("State1") == "The state with a note"
    assert m.initial == "IsPositive"
    assert [t.trigger.get() for t in m.outgoing("if_state")] == ["if n < 0", "if n >= 0"]


def test_concurrency_is_refused_with_its_line() -> None:
    with pytest.raises(LoadError) as info:
        _read("concurrency.mmd")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (8, 9)
    assert "'Active'" in problem.message and "parallel" in problem.message


def test_timeout_marks_are_read_back() -> None:
    m = mermaid.read("stateDiagram-v2\n  [*] --> a\n  a --> b : ⏱ 5 min · wait\n  b --> a : ⏱ setting · idle\n"
                     .encode(), "t.mmd")
    assert [(t.trigger.get(), t.timeout) for t in m.transitions] == [("wait", Timeout(300.0)),
                                                                      ("idle", Timeout(None))]


def test_bad_input_has_positions() -> None:
    assert _problems("graph TD\n  a --> b\n") == [
        "bad.mmd:1:1: a Mermaid state diagram starts with stateDiagram-v2, not 'graph TD'"]
    assert _problems("stateDiagram-v2\n  [*] --> a\n  a ==> b\n") == [
        "bad.mmd:3:3: not a statement of a Mermaid state diagram: 'a ==> b'"]
    assert _problems("stateDiagram-v2\n  [*] --> a\n  [*] --> b\n") == [
        "bad.mmd:3:3: a second initial state 'b' (the first is 'a', line 2)"]
    assert _problems("stateDiagram-v2\n  [*] --> C\n  state C {\n    x --> y\n  }\n") == [
        "bad.mmd:2:3: the arrow enters composite state 'C' (line 3), which has no [*] --> start"]
    assert _problems("stateDiagram-v2\n  state C {\n  [*] --> x\n") == [
        "bad.mmd:2:1: composite state 'C' is never closed with '}'"]
    (message,) = _problems("stateDiagram-v2\n  state f <<fork>>\n")
    assert message.startswith("bad.mmd:2:3:") and "<<fork>>" in message


def test_sniff() -> None:
    assert mermaid.sniff((FIXTURES / "still_moving.mmd").read_bytes())
    assert not mermaid.sniff(b"digraph { a -> b }")
