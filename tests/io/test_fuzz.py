"""Fuzzing the readers with Hypothesis: hostile text gives LoadError with positions, nothing else.

Inputs: the bundled machine with random mutations (cut, inserted, repeated
or swapped pieces), machine-shaped YAML built from random plain data, and
random text. Every reader must return a Machine or raise LoadError whose
problems each have a real position (line >= 1; line 0 only for the few
problems about the whole file) and a message of bounded length. Example
counts are modest so the suite stays fast; there is no deadline (a slow
example under load is not a failure, a hang is caught by pytest-timeout).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer.errors import LoadError
from explorer.io import csv_format, mermaid, scxml, xstate
from explorer.io.machine_yaml import load_machine_text
from explorer.io.yamlsafe import parse_yaml
from explorer.model import Machine

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = (ROOT / "data" / "rescue_session_status.yaml").read_text(encoding="utf-8")
FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"
FILENAME = "fuzz.yaml"

#: Problems about the whole file, which have no better place than 0:0.
WHOLE_FILE = ("the file is empty", "too large", "nested too deeply", "has no states")
#: No message repeats more than this of the input (quotes are cut at 200 characters).
MAX_MESSAGE = 700

# database=None: nothing is written into the working tree (a failure prints how to reproduce it).
# derandomize: CI runs the same examples every time (a red CI is a real bug, not luck).
FUZZ = settings(max_examples=150, deadline=None, database=None, derandomize=True,
                suppress_health_check=[HealthCheck.too_slow])

# YAML's structural characters weigh more than letters: they are where readers break.
_YAML_ALPHABET = st.sampled_from(list(":-[]{},&*!|>'\"#%@` \n\t?<=~.0123456789abcxyz") + ["ä", "\u2028", "\ufeff"])
yaml_like_text = st.text(_YAML_ALPHABET, max_size=300)


def assert_loads_or_reports(read: Any, source: bytes | str, filename: str = FILENAME) -> None:
    """``read(source, filename)`` gives a Machine or LoadError with well-placed, short problems."""
    try:
        result = read(source, filename)
    except LoadError as e:
        assert e.problems, "a LoadError must say what is wrong"
        for problem in e.problems:
            assert problem.file == filename
            assert len(problem.message) <= MAX_MESSAGE, problem.message[:300]
            if problem.line == 0:
                assert problem.column == 0 and any(w in problem.message for w in WHOLE_FILE), problem
            else:
                assert problem.line >= 1 and problem.column >= 0, problem
    else:
        assert isinstance(result, Machine)


# -- mutations of the bundled machine --------------------------------------------------------


@st.composite
def mutated_bundled(draw: st.DrawFn) -> str:
    text = BUNDLED
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "insert", "repeat", "swap_lines", "replace_char"]))
        at = draw(st.integers(0, len(text)))
        if kind == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 200)):]
        elif kind == "insert":
            text = text[:at] + draw(yaml_like_text) + text[at:]
        elif kind == "repeat":
            piece = text[at:at + draw(st.integers(1, 400))]
            text = text[:at] + piece * draw(st.integers(2, 4)) + text[at:]
        elif kind == "swap_lines":
            lines = text.split("\n")
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        else:
            text = text[:at] + draw(_YAML_ALPHABET) + text[at + 1:]
    return text


@settings(FUZZ, max_examples=100)
@given(mutated_bundled())
def test_mutated_bundled_machine(text: str) -> None:
    assert_loads_or_reports(load_machine_text, text)


# -- machine-shaped documents from random plain data -----------------------------------------

_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**30, 10**30), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30), st.sampled_from(["a", "b", "c", "1m", "P4D", "90", "true", "off", "~", "x" * 300]),
)
_plain = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8) | st.sampled_from(
        ["from", "to", "trigger", "id", "label", "final", "steps", "timeout", "de", "en"]), children, max_size=4),
    max_leaves=12,
)
_state_ids = st.sampled_from(["a", "b", "c", "d"]) | st.text(max_size=10)


@st.composite
def machine_documents(draw: st.DrawFn) -> str:
    doc: dict[str, Any] = {}
    if draw(st.booleans()):
        doc["name"] = draw(_scalars)
    doc["initial"] = draw(_state_ids | _scalars)
    doc["states"] = draw(st.dictionaries(_state_ids, st.none() | _plain, max_size=5) | _plain)
    transition = st.fixed_dictionaries(
        {"from": _state_ids, "to": _state_ids, "trigger": _plain},
        optional={"id": _scalars, "steps": _plain, "timeout": _scalars, "actor": _scalars, "description": _plain},
    )
    doc["transitions"] = draw(st.lists(transition | _plain, max_size=5) | _plain)
    for key in draw(st.lists(st.sampled_from(["format", "language", "actors", "source", "extra"]), max_size=2)):
        doc[key] = draw(_plain)
    return yaml.safe_dump(doc, allow_unicode=True, sort_keys=False)


@settings(FUZZ, max_examples=100)
@given(machine_documents())
def test_machine_shaped_documents(text: str) -> None:
    assert_loads_or_reports(load_machine_text, text)


# -- random text and bytes -------------------------------------------------------------------


@FUZZ
@given(yaml_like_text)
def test_random_yaml_like_text(text: str) -> None:
    assert_loads_or_reports(load_machine_text, text)


@FUZZ
@given(st.binary(max_size=300))
def test_random_bytes(data: bytes) -> None:
    assert_loads_or_reports(load_machine_text, data)


@FUZZ
@given(yaml_like_text)
def test_the_yaml_layer_alone(text: str) -> None:
    try:
        doc = parse_yaml(text, FILENAME)
    except LoadError as e:
        problems = e.problems
    else:
        problems = list(doc.problems)
    for problem in problems:
        assert problem.line >= 1 or any(w in problem.message for w in WHOLE_FILE), problem
        assert len(problem.message) <= MAX_MESSAGE


# -- the other readers (issue 11's formats): mutations of their fixtures ---------------------

_FORMAT_CASES = [
    (csv_format.read, "tasks.tsv"),
    (csv_format.read, "excel_de.csv"),
    (mermaid.read, "concurrency.mmd"),
    (scxml.read, "microwave-01.scxml"),
    (xstate.read, "light_hierarchical.json"),
]


@st.composite
def mutated_bytes(draw: st.DrawFn, original: bytes) -> bytes:
    data = original
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(data)))
        if draw(st.booleans()):
            data = data[:at] + data[at + draw(st.integers(1, 80)):]
        else:
            data = data[:at] + draw(st.binary(max_size=20) | st.sampled_from(
                [b"<", b">", b'"', b",", b"{", b"}", b"\n", b"-->", b"]]", b"&x;", b"\t"])) + data[at:]
    return data


@pytest.mark.parametrize(("read", "fixture"), _FORMAT_CASES, ids=[name for _, name in _FORMAT_CASES])
def test_mutated_format_fixtures(read: Any, fixture: str) -> None:
    original = (FORMATS / fixture).read_bytes()

    @settings(FUZZ, max_examples=40)
    @given(mutated_bytes(original))
    def check(data: bytes) -> None:
        assert_loads_or_reports(read, data, fixture)

    check()
