"""A broken Graphviz: each fault of a fake ``dot`` gives a short LayoutError, and ``render`` exits 1.

The fakes (tests/conftest.py ``fake_dot``) are small shell scripts put first
on PATH: missing, hangs, crashes with a signal, exits non-zero with stderr,
prints garbage, JSON of the wrong shape, JSON nested too deep, nothing, or a
layout without the machine's states. The window's side is tests/ui/test_faults_window.py.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from explorer.cli import main
from explorer.errors import LayoutCancelled, LayoutError
from explorer.layout import (
    TIMEOUT_BASE,
    TIMEOUT_ENV,
    TIMEOUT_PER_ITEM,
    TIMEOUT_UNBOUNDED_FACTOR,
    LayoutOptions,
    compute_layout,
    layout_timeout,
    parse_json_layout,
)
from explorer.model import Machine

from .conftest import FAKE_DOT_FAULTS, FAKE_DOT_MESSAGES, FIXTURES

FakeDot = Callable[[str], Path]

#: The timeout the tests give a hanging dot, in seconds.
SHORT = 0.5
#: A real, valid machine file with the states a, b, c.
MACHINE_TEXT = """\
name: faults
initial: a
states: {a: , b: , c: {final: true}}
transitions:
  - {from: a, to: b, trigger: go}
  - {from: b, to: c, trigger: stop}
"""


@pytest.fixture
def abc(machine_factory: Callable[..., Machine]) -> Machine:
    return machine_factory([("a", "b", "go"), ("b", "c", "stop")], finals=["c"])


EXPECTED = FAKE_DOT_MESSAGES


def test_every_fault_has_an_expectation() -> None:
    assert set(EXPECTED) == set(FAKE_DOT_FAULTS)


def test_compute_layout_turns_each_fault_into_a_short_layout_error(dot_fault: str, fake_dot: FakeDot,
                                                                   abc: Machine) -> None:
    fault = dot_fault
    fake_dot(fault)
    with pytest.raises(LayoutError) as caught:
        compute_layout(abc, LayoutOptions(timeout=SHORT))
    message = str(caught.value)
    assert EXPECTED[fault] in message.lower(), message
    assert len(message) < 400, message
    assert not isinstance(caught.value, LayoutCancelled)


def test_a_hanging_dot_can_still_be_cancelled(fake_dot: FakeDot, abc: Machine) -> None:
    fake_dot("hangs")
    cancel = threading.Event()
    timer = threading.Timer(0.3, cancel.set)
    timer.start()
    try:
        with pytest.raises(LayoutCancelled):
            compute_layout(abc, LayoutOptions(timeout=600), cancel=cancel)
    finally:
        timer.cancel()


def test_the_timeout_comes_from_the_environment_when_no_option_gives_one(
    fake_dot: FakeDot, abc: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_dot("hangs")
    monkeypatch.setenv(TIMEOUT_ENV, "0.4")
    with pytest.raises(LayoutError, match=r"within 0\.4 s"):
        compute_layout(abc)


def test_render_exits_1_with_the_message_and_writes_nothing(
    dot_fault: str, fake_dot: FakeDot, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    machine = tmp_path / "faults.yaml"
    machine.write_text(MACHINE_TEXT, encoding="utf-8")
    output = tmp_path / "picture.svg"
    fault = dot_fault
    fake_dot(fault)
    code = main(["render", str(machine), "-o", str(output), "--layout-timeout", str(SHORT)])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.startswith("explorer render: ") and EXPECTED[fault] in err.lower(), err
    assert "Traceback" not in err and out == ""
    assert not output.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("fake-dot")) == ["faults.yaml"]


def test_render_leaves_an_older_picture_untouched(fake_dot: FakeDot, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    machine = tmp_path / "faults.yaml"
    machine.write_text(MACHINE_TEXT, encoding="utf-8")
    output = tmp_path / "picture.svg"
    assert main(["render", str(machine), "-o", str(output)]) == 0  # the real dot
    before = output.read_bytes()
    assert b"<svg" in before
    fake_dot("hangs")
    assert main(["render", str(machine), "-o", str(output), "--layout-timeout", "0.3"]) == 1
    assert "did not finish within 0.3 s" in capsys.readouterr().err
    assert output.read_bytes() == before


@pytest.mark.parametrize("value", ["0", "-1", "soon", "inf", "nan"])
def test_render_refuses_a_layout_timeout_that_is_not_a_positive_number(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["render", str(FIXTURES / "good" / "console.yaml"), "-o", "x.svg", "--layout-timeout", value])
    assert exited.value.code == 2
    assert "positive number of seconds" in capsys.readouterr().err


# -- the timeout formula ---------------------------------------------------------------------


def test_the_timeout_grows_with_the_size_and_longer_when_unbounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(TIMEOUT_ENV, raising=False)
    small = layout_timeout(LayoutOptions(), 3, 2)
    big = layout_timeout(LayoutOptions(), 3000, 9000)
    assert small == pytest.approx(TIMEOUT_BASE + 5 * TIMEOUT_PER_ITEM)
    assert big == pytest.approx(TIMEOUT_BASE + 12000 * TIMEOUT_PER_ITEM)
    assert layout_timeout(LayoutOptions(bounded=False), 3000, 9000) == pytest.approx(big * TIMEOUT_UNBOUNDED_FACTOR)


def test_the_option_wins_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, "7")
    assert layout_timeout(LayoutOptions(), 10, 10) == 7
    assert layout_timeout(LayoutOptions(timeout=2.5), 10, 10) == 2.5


@pytest.mark.parametrize("value", ["0", "-3", "never", "inf"])
def test_a_bad_timeout_in_the_environment_is_an_error(value: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(TIMEOUT_ENV, value)
    with pytest.raises(LayoutError, match=TIMEOUT_ENV):
        layout_timeout(LayoutOptions(), 1, 1)


@pytest.mark.parametrize("value", [0, -1.0, float("inf"), float("nan")])
def test_a_bad_timeout_option_is_an_error(value: float) -> None:
    with pytest.raises(LayoutError, match="positive number of seconds"):
        LayoutOptions(timeout=value)


# -- the shape of Graphviz's JSON ------------------------------------------------------------

_NODE = {"_gvid": 0, "name": "a", "pos": "50,50", "width": "1", "height": "0.5"}
_EDGE = {"_gvid": 0, "tail": 0, "head": 0, "id": "a-a", "pos": "e,10,10 0,0 1,1 2,2 3,3"}


def _doc(**changes: Any) -> dict[str, Any]:
    return {"bb": "0,0,100,100", "objects": [dict(_NODE)], "edges": [dict(_EDGE)], **changes}


WRONG_SHAPES: dict[str, tuple[Any, str]] = {
    "a list": ([1, 2, 3], "expected a json object, found a list"),
    "a number": (42, "found a number"),
    "no bb": ({"objects": []}, "no bounding box"),
    "bb of three": (_doc(bb="0,0,1"), "unexpected graphviz output"),
    "edges not a list": (_doc(edges="e"), "'edges' is a text, not a list"),
    "object not a mapping": (_doc(objects=[[1]]), "object 0 is a list, not an object"),
    "object without a name": (_doc(objects=[{"_gvid": 0}]), "object 0 has no name"),
    "gvid a text": (_doc(objects=[{**_NODE, "_gvid": "0"}]), "'_gvid' is a text, not an index"),
    "node without size": (_doc(objects=[{"_gvid": 0, "name": "a", "pos": "1,1"}]), "has a position but no size"),
    "width a list": (_doc(objects=[{**_NODE, "width": [1]}]), "expected a number, found a list"),
    "position nan": (_doc(objects=[{**_NODE, "pos": "nan,1"}]), "finite number"),
    "edge to nowhere": (_doc(edges=[{**_EDGE, "head": 7}]), "unexpected graphviz output"),
    "edge tail a text": (_doc(edges=[{**_EDGE, "tail": "a"}]), "'tail' is a text, not an index"),
    "edge pos a number": (_doc(edges=[{**_EDGE, "pos": 3}]), "'pos' is a number, not a text"),
    "no nodes": (_doc(objects=[], edges=[]), "no states"),
}


@pytest.mark.parametrize("name", WRONG_SHAPES)
def test_parse_json_layout_names_each_wrong_shape(name: str) -> None:
    data, expected = WRONG_SHAPES[name]
    with pytest.raises(LayoutError) as caught:
        parse_json_layout(json.loads(json.dumps(data)))
    assert expected in str(caught.value).lower()


def test_the_well_formed_document_of_these_tests_parses() -> None:
    layout = parse_json_layout(_doc())
    assert set(layout.nodes) == {"a"} and set(layout.edges) == {"a-a"}
    assert layout.nodes["a"].width == 72 and layout.edges["a-a"].arrow_tip == (10, 90)


def test_a_dot_that_hangs_when_asked_its_version_is_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, abc: Machine
) -> None:
    import explorer.layout as layout_module
    from explorer.layout import LayoutCache

    folder = tmp_path / "bin"
    folder.mkdir()
    script = folder / "dot"
    # A child, as in a wrapper: stopped with its group. PATH holds only the fake, hence sleep's full path.
    script.write_text(f"#!/bin/sh\n{shutil.which('sleep')} 600\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setattr(layout_module, "_VERSION_TIMEOUT", 0.3)
    with pytest.raises(LayoutError, match=r"-V did not answer within 0\.3 s"):
        compute_layout(abc, cache=LayoutCache(tmp_path / "cache"))
