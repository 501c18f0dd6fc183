"""The fast reader of machine files and the size limit.

The fast path (libyaml's events straight to data) must give exactly the
machine the positioned path gives, and leave every file with something to
report to the positioned path, so that messages and positions never depend
on which path read the file. The size limit is sized for 20,000 generated
states and can be raised (or lowered) by an option and an environment
variable.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explorer import cli
from explorer.errors import LoadError
from explorer.generate import SHAPES, generate_machine
from explorer.io import machine_yaml, yamlsafe
from explorer.io.formats import load_machine_file
from explorer.io.machine_yaml import dump_machine, load_machine_text
from explorer.io.yamlsafe import parse_yaml, parse_yaml_fast
from explorer.model import Machine

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "rescue_session_status.yaml"
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def slow_load(source: bytes | str, filename: str, monkeypatch: pytest.MonkeyPatch) -> Machine:
    """:func:`load_machine_text` with the fast path switched off."""
    with monkeypatch.context() as m:
        m.setattr(machine_yaml, "parse_yaml_fast", lambda *args, **kwargs: None)
        return load_machine_text(source, filename)


def long_way(source: bytes | str, filename: str, monkeypatch: pytest.MonkeyPatch) -> Machine:
    """:func:`load_machine_text` on the positioned path, with the reader's quick lanes switched off too."""
    with monkeypatch.context() as m:
        m.setattr(machine_yaml, "_quick_label", lambda value, limit: None)
        m.setattr(machine_yaml._MachineReader, "_quick_transition", lambda self, index, entry, actors: None)
        return slow_load(source, filename, m)


def fast_only(source: bytes | str, filename: str, monkeypatch: pytest.MonkeyPatch) -> Machine:
    """:func:`load_machine_text` that fails if it needs the positioned path."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the positioned path was used")

    with monkeypatch.context() as m:
        m.setattr(machine_yaml, "parse_yaml", refuse)
        return load_machine_text(source, filename)


def assert_same_machine(a: Machine, b: Machine) -> None:
    assert a == b
    # Lines are not part of equality, but the window and `check --strict` show them.
    assert [s.line for s in a.states] == [s.line for s in b.states]
    assert [t.line for t in a.transitions] == [t.line for t in b.transitions]
    assert all(s.line > 0 for s in a.states) and all(t.line > 0 for t in a.transitions)


# -- the same machine on both paths --------------------------------------------------------


def test_the_bundled_machine_is_read_fast_and_equal_to_the_positioned_read(monkeypatch: pytest.MonkeyPatch) -> None:
    source = BUNDLED.read_bytes()
    fast = fast_only(source, str(BUNDLED), monkeypatch)
    assert_same_machine(fast, slow_load(source, str(BUNDLED), monkeypatch))
    assert_same_machine(fast, long_way(source, str(BUNDLED), monkeypatch))


@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("n_states, seed", [(2, 0), (40, 1), (400, 2)])
def test_generated_machines_are_equal_on_both_paths(shape: str, n_states: int, seed: int,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    text = dump_machine(generate_machine(n_states, shape, seed=seed))
    fast = fast_only(text, "gen.yaml", monkeypatch)
    assert_same_machine(fast, slow_load(text, "gen.yaml", monkeypatch))
    assert_same_machine(fast, long_way(text, "gen.yaml", monkeypatch))
    assert fast == generate_machine(n_states, shape, seed=seed)
    # The data too, with the positions the fast path keeps.
    quick, full = parse_yaml_fast(text, "gen.yaml"), parse_yaml(text, "gen.yaml")
    assert quick is not None and quick.data == full.data
    for path, position in quick.locator._values.items():
        assert full.locator.at(*path) == position
    for path, position in quick.locator._keys.items():
        assert full.locator.key_at(*path) == position


def test_values_yaml_types_keep_their_written_text_on_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    text = ("name: 1\ninitial: off\nstates:\n  off: {label: yes}\n  2: {final: true, label: {de: 3.5, en: ~x}}\n"
            "transitions:\n  - {from: off, to: 2, trigger: 0x10, timeout: 90, actor: no}\n"
            "  - {from: off, to: 2, trigger: '2020-01-01', timeout: 1m}\n")
    assert_same_machine(fast_only(text, "typed.yaml", monkeypatch), slow_load(text, "typed.yaml", monkeypatch))
    assert_same_machine(fast_only(text, "typed.yaml", monkeypatch), long_way(text, "typed.yaml", monkeypatch))


# Machine-shaped documents built from random plain data: whatever the fast
# path accepts must equal the positioned read; whatever it refuses must be
# reported exactly as the positioned path reports it.
_scalar = st.one_of(st.sampled_from(["a", "b", "off", "1", "2.5", "", "~", "x y", "yes", "2020-01-02", "<<"]),
                    st.integers(-3, 3), st.booleans(), st.none())
_label = st.one_of(_scalar, st.dictionaries(st.sampled_from(["de", "en", "1", "on"]), _scalar, max_size=2))
_state = st.one_of(st.none(), st.fixed_dictionaries({}, optional={"label": _label, "final": _scalar}))
_transition = st.fixed_dictionaries(
    {"from": st.sampled_from(["a", "b", "off", "c"]), "to": st.sampled_from(["a", "b", "off"])},
    optional={"trigger": _label, "id": _scalar, "timeout": st.one_of(_scalar, st.sampled_from(["1m", "x", "2 h"])),
              "steps": st.one_of(st.lists(_label, max_size=2), _scalar), "actor": _scalar, "description": _label,
              "bogus": _scalar})
_machine = st.fixed_dictionaries(
    {"name": _scalar, "initial": st.sampled_from(["a", "b", "off", "zz"]),
     "states": st.dictionaries(st.sampled_from(["a", "b", "off", "1"]), _state, max_size=3)},
    optional={"transitions": st.lists(_transition, max_size=4), "format": _scalar, "language": _scalar,
              "actors": st.lists(st.sampled_from(["a", "no", "x"]), max_size=2)})


def _outcome(read: Any, text: str) -> Any:
    try:
        machine = read(text)
    except LoadError as e:
        return [str(p) for p in e.problems]
    return (machine, [s.line for s in machine.states], [t.line for t in machine.transitions])


@settings(max_examples=120, deadline=None, database=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(data=_machine, flow=st.booleans(), extra=st.sampled_from(["", "\nname: again\n", "\n---\na: 1\n",
                                                                 "\nx: &a [1]\ny: *a\n", "\nz: !!str 1\n"]))
def test_random_machines_read_the_same_on_both_paths(data: dict[str, Any], flow: bool, extra: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    import yaml

    text = yaml.safe_dump(data, default_flow_style=flow, sort_keys=False, allow_unicode=True) + extra
    fast = _outcome(lambda t: load_machine_text(t, "r.yaml"), text)
    slow = _outcome(lambda t: slow_load(t, "r.yaml", monkeypatch), text)
    assert fast == slow
    assert fast == _outcome(lambda t: long_way(t, "r.yaml", monkeypatch), text)


# -- what the fast path leaves to the positioned path ---------------------------------------


@pytest.mark.parametrize("text", [
    "a: 1\na: 2\n",                                   # a duplicate key
    "a: !!python/object:os.system x\n",               # a tag
    "a: !!str x\n",                                   # even an allowed one
    "a: &x [1]\nb: *x\n",                             # aliases (and so alias bombs)
    "a: {<<: {b: 1}}\n",                              # a merge key
    "? [a]\n: 1\n",                                   # a collection as a key
    "a: 1\n---\nb: 2\n",                              # two documents
    "a: [1\n",                                        # a syntax error
    "- " * (yamlsafe.MAX_DEPTH + 5) + "x\n",          # too deep
    "# only a comment\n",                             # no document
    "a: =\n",                                         # a scalar YAML types as something unreadable
])
def test_the_fast_path_leaves_problems_to_the_positioned_path(text: str) -> None:
    assert parse_yaml_fast(text, "p.yaml") is None


def test_an_alias_bomb_is_refused_quickly_as_before() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    assert parse_yaml_fast(bomb, "bomb.yaml") is None  # no expansion at all on the fast path
    with pytest.raises(LoadError, match="alias bomb"):
        load_machine_text(bomb, "bomb.yaml")


def test_the_size_and_encoding_checks_come_first_on_the_fast_path_too() -> None:
    with pytest.raises(LoadError, match="binary"):
        parse_yaml_fast(b"a: \0\n", "nul.yaml")
    with pytest.raises(LoadError, match="UTF-16"):
        parse_yaml_fast("a: b".encode("utf-16"), "u16.yaml")


def _position_at(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``text[index]``."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


@pytest.mark.parametrize("shape", SHAPES)
def test_an_error_deep_in_a_big_file_keeps_its_exact_line_and_column(shape: str) -> None:
    text = dump_machine(generate_machine(1500, shape))
    # An unknown state in the last transition, and a duplicate state id in the middle.
    start = text.rindex("\n  to: ") + len("\n  to: ")
    broken = text[:start] + "nowhere" + text[text.index("\n", start):]
    broken = broken.replace("\n  s0700:\n", "\n  s0700:\n  s0700:\n", 1)
    with pytest.raises(LoadError) as info:
        load_machine_text(broken, "big.yaml")
    where = {(p.line, p.column): p.message for p in info.value.problems}
    line, _ = _position_at(broken, broken.index("\n  s0700:\n  s0700:") + len("\n  s0700:\n"))
    assert where[(line, 3)].startswith(f"duplicate key 's0700' (first at line {line - 1}, column 3)")
    assert "unknown state 'nowhere'" in where[_position_at(broken, broken.index("nowhere"))]
    assert len(info.value.problems) == 2


# -- the size limit ---------------------------------------------------------------------------


@pytest.mark.parametrize("shape", SHAPES)
def test_the_default_limits_hold_20000_generated_states(shape: str) -> None:
    """Files grow linearly with states: 500 states, times 40, must fit with a margin of a fifth."""
    from explorer.io import formats, formatkit

    machine = generate_machine(500, shape)
    for f in formats.FORMATS:
        if f.read is None:
            continue
        size = len(f.write(machine, filename="m" + f.extensions[0]).encode("utf-8"))  # type: ignore[misc]
        assert size * 40 * 1.2 < f.max_bytes, (f.name, size)
    assert yamlsafe.MAX_BYTES < formatkit.MAX_BYTES


def test_a_small_limit_from_the_environment_refuses_a_file_with_how_to_raise_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "m.yaml"
    path.write_bytes(BUNDLED.read_bytes())
    size = path.stat().st_size
    monkeypatch.setenv("EXPLORER_MAX_FILE_MB", "0.001")  # 1,048 bytes
    with pytest.raises(LoadError) as info:
        load_machine_file(path)
    [problem] = info.value.problems
    assert problem.file == str(path) and (problem.line, problem.column) == (0, 0)
    assert f"{size:,} bytes" in problem.message and "1,048 bytes" in problem.message
    assert "--max-file-size" in problem.message and "EXPLORER_MAX_FILE_MB" in problem.message
    # The same limit for every format.
    csv = tmp_path / "m.csv"
    csv.write_text("from,to,trigger\n" + "a,b,go\n" * 200, encoding="utf-8")
    with pytest.raises(LoadError, match="too large"):
        load_machine_file(csv)
    monkeypatch.setenv("EXPLORER_MAX_FILE_MB", "1")
    assert load_machine_file(path).name
    assert len(load_machine_file(csv).transitions) == 200


@pytest.mark.parametrize("value", ["lots", "0", "-3", "inf", "nan"])
def test_a_bad_limit_in_the_environment_is_a_message(value: str, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPLORER_MAX_FILE_MB", value)
    with pytest.raises(LoadError) as info:
        load_machine_file(BUNDLED)
    [problem] = info.value.problems
    assert "EXPLORER_MAX_FILE_MB must be a positive number of MiB" in problem.message
    assert problem.file == str(BUNDLED)


def test_the_option_wins_over_the_environment_and_ends_with_the_block(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPLORER_MAX_FILE_MB", "1")
    with yamlsafe.file_size_limit(0.5):
        assert yamlsafe.max_file_bytes() == 512 * 1024
    assert yamlsafe.max_file_bytes() == 1024 * 1024
    monkeypatch.delenv("EXPLORER_MAX_FILE_MB")
    assert yamlsafe.max_file_bytes() == yamlsafe.MAX_BYTES


def test_check_takes_max_file_size(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["check", str(BUNDLED), "--max-file-size", "0.001"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"{BUNDLED}:0:0: the file is too large (")
    assert "the limit is 1,048 bytes" in err
    assert cli.main(["check", str(BUNDLED), "--max-file-size", "2"]) == 0
    assert yamlsafe.max_file_bytes() == yamlsafe.MAX_BYTES  # nothing left behind
    with pytest.raises(SystemExit):
        cli.main(["check", str(BUNDLED), "--max-file-size", "none"])
    assert "positive number of MiB" in capsys.readouterr().err


def test_the_environment_variable_reaches_a_whole_process(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "EXPLORER_MAX_FILE_MB": "0.001"}
    run = subprocess.run([sys.executable, "-m", "explorer", "check", str(BUNDLED)], capture_output=True,
                         text=True, env=env, timeout=120)
    assert run.returncode == 1
    assert "too large" in run.stderr and "EXPLORER_MAX_FILE_MB" in run.stderr
