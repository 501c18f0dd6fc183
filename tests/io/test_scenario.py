"""Tests of explorer.io.scenario and explorer.replay: loading, replaying, failing well, saving a session."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.errors import LoadError, MachineError, ScenarioError
from explorer.io.machine_yaml import load_machine
from explorer.io.scenario import (
    Scenario,
    ScenarioStep,
    dump_scenario,
    format_duration,
    load_scenario,
    load_scenario_text,
    save_scenario,
)
from explorer.io.yamlsafe import parse_duration
from explorer.model import Machine
from explorer.replay import ScenarioStepError, iter_replay, replay, scenario_from_session
from explorer.session import Session

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"
BUNDLED = Path(__file__).resolve().parents[2] / "data" / "rescue_session_status.yaml"


@pytest.fixture(scope="module")
def door() -> Machine:
    return load_machine(FIXTURES / "door.yaml")


# -- loading -------------------------------------------------------------------


def test_load_reads_every_field() -> None:
    scenario = load_scenario(FIXTURES / "door_pass.yaml")
    assert scenario.name == "The door is left open"
    assert scenario.machine_path == (FIXTURES / "door.yaml").resolve()
    assert scenario.expect == "Verriegelt"
    assert scenario.source == FIXTURES / "door_pass.yaml"
    assert [(s.kind, s.value) for s in scenario.steps] == [
        ("trigger", "tür öffnen"),
        ("transition", "close"),
        ("trigger", "Open the door"),
        ("wait", 360.0),
    ]
    assert scenario.steps[3].note is not None and scenario.steps[3].note.startswith("Nobody closes it")
    # Lines point at the steps in the file, for error messages.
    text = (FIXTURES / "door_pass.yaml").read_text(encoding="utf-8").splitlines()
    for step in scenario.steps:
        assert str(step.value if step.kind != "wait" else "wait") in text[step.line - 1]


def test_malformed_yaml_names_file_line_and_column() -> None:
    path = FIXTURES / "bad_yaml.yaml"
    with pytest.raises(LoadError) as info:
        load_scenario(path)
    [problem] = info.value.problems
    assert problem.file == str(path)
    assert problem.line >= 4 and problem.column > 0
    assert str(problem).startswith(f"{path}:{problem.line}:{problem.column}: ")


def test_every_shape_problem_is_reported_with_its_place() -> None:
    path = FIXTURES / "bad_shape.yaml"
    with pytest.raises(LoadError) as info:
        load_scenario(path)
    problems = info.value.problems
    lines = (FIXTURES / "bad_shape.yaml").read_text(encoding="utf-8").splitlines()
    by_text = {p.message: p for p in problems}
    assert len(problems) == 5, [str(p) for p in problems]

    def one(fragment: str) -> int:
        hits = [p for m, p in by_text.items() if fragment in m]
        assert len(hits) == 1, (fragment, list(by_text))
        return hits[0].line

    assert "trigger: Open the door" in lines[one("step 1 has more than one") - 1]
    assert "wait: soon" in lines[one("'soon'") - 1]
    assert "transitoin" in lines[one("'transitoin'") - 1]
    assert "just text" in lines[one("step 4 must be a mapping") - 1]
    assert "expected:" in lines[one("'expected'") - 1]
    assert all(p.file == str(path) and p.column > 0 for p in problems)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("- trigger: x\n", "a scenario is a mapping"),
        ("name: no steps\n", "needs 'steps:'"),
        ("steps: 3\n", "'steps' must be a list"),
        ("steps:\n  - {trigger: x, wait: 1m}\n", "more than one of"),
        ("steps:\n  - note: only a note\n", "none of"),
        ("steps:\n  - wait: -5\n", "wait"),
        ("steps:\n  - trigger: [a, b]\n", "must be text"),
        ("steps: []\ndefault_timeout: never\n", "default_timeout"),
    ],
)
def test_wrong_shapes(text: str, fragment: str) -> None:
    with pytest.raises(LoadError) as info:
        load_scenario_text(text, "mem.yaml")
    assert any(fragment in p.message for p in info.value.problems), [str(p) for p in info.value.problems]


def test_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="cannot read"):
        load_scenario(tmp_path / "nope.yaml")


def test_numbers_as_text_stay_as_written() -> None:
    scenario = load_scenario_text("steps:\n  - transition: 12\n    note: 3\nexpect: 007\n", "mem.yaml")
    assert scenario.steps[0] == ScenarioStep("transition", "12", "3", 2)
    assert scenario.expect == "007"


# -- replaying -----------------------------------------------------------------


def test_a_passing_scenario(door: Machine) -> None:
    scenario = load_scenario(FIXTURES / "door_pass.yaml")
    result = replay(scenario, door)
    assert result.ok and result.error is None
    assert [r.index for r in result.records] == [1, 2, 3, 4]
    assert [(r.state_before, r.state_after) for r in result.records] == [
        ("closed", "open"),
        ("open", "closed"),
        ("closed", "open"),
        ("open", "locked"),
    ]
    # The wait fired two timeouts in order, the second after the first's state waited its own 5m.
    wait = result.records[3]
    assert [(s.transition, s.time, s.by_timeout) for s in wait.fired] == [
        ("left-open", 60.0, True),
        ("siren", 360.0, True),
    ]
    assert wait.time == pytest.approx(360)
    assert result.final_state == "locked" and result.time == pytest.approx(360)
    assert [s.transition for s in result.steps] == ["open", "close", "open", "left-open", "siren"]


def test_a_wait_that_fires_nothing(door: Machine) -> None:
    scenario = load_scenario_text("steps:\n  - trigger: Open the door\n  - wait: 59s\n", "mem.yaml")
    result = replay(scenario, door)
    assert result.records[1].fired == ()
    assert result.records[1].state_after == "open" and result.time == pytest.approx(59)


def test_a_step_that_does_not_apply_is_named(door: Machine) -> None:
    scenario = load_scenario(FIXTURES / "door_fail.yaml")
    with pytest.raises(ScenarioError) as info:
        replay(scenario, door)
    error = info.value
    assert error.step == 2
    message = str(error)
    assert message.startswith("step 2 (line 4): trigger 'Lock' in 'open' (Open)")
    # The ways out that do exist, with labels and ids.
    for t in door.outgoing("open"):
        assert t.id in message
        assert door.trigger_label(t.id) in message
    # The steps before it are available to the caller.
    assert isinstance(error, ScenarioStepError)
    assert [r.index for r in error.result.records] == [1]
    assert error.result.final_state == "open"
    assert error.result.error is error


def test_a_transition_from_elsewhere_is_explained(door: Machine) -> None:
    scenario = Scenario(steps=(ScenarioStep("transition", "siren"),))
    with pytest.raises(ScenarioError, match=r"step 1: transition 'siren' in 'closed'.*leaves 'alarm'"):
        replay(scenario, door)
    scenario = Scenario(steps=(ScenarioStep("transition", "nope"),))
    with pytest.raises(ScenarioError, match="no transition 'nope'"):
        replay(scenario, door)


def test_an_ambiguous_trigger_lists_the_candidates(door: Machine) -> None:
    scenario = load_scenario(FIXTURES / "door_ambiguous.yaml")
    with pytest.raises(ScenarioError) as info:
        replay(scenario, door)
    message = str(info.value)
    assert info.value.step == 3
    assert "ambiguous" in message and "'alarm'" in message
    assert "reset-closed" in message and "reset-locked" in message
    assert "transition: <id>" in message


def test_a_failed_expectation_names_expected_and_actual(door: Machine) -> None:
    scenario = load_scenario(FIXTURES / "door_expect_fails.yaml")
    with pytest.raises(ScenarioStepError) as info:
        replay(scenario, door)
    assert info.value.step is None
    assert "'locked' (Locked)" in str(info.value) and "'open' (Open)" in str(info.value)
    assert len(info.value.result.records) == 2


def test_expect_naming_no_state(door: Machine) -> None:
    scenario = Scenario(steps=(), expect="Nowhere")
    with pytest.raises(ScenarioError, match="expect: no state"):
        replay(scenario, door)


def test_start_elsewhere(door: Machine) -> None:
    scenario = Scenario(steps=(ScenarioStep("trigger", "Door left open"),), start="Offen")
    result = replay(scenario, door)
    assert result.start == "open" and result.final_state == "alarm"
    with pytest.raises(ScenarioError, match="start"):
        replay(Scenario(steps=(), start="attic"), door)


def test_iter_replay_goes_one_step_at_a_time(door: Machine) -> None:
    scenario = load_scenario(FIXTURES / "door_pass.yaml")
    session = Session(door)
    session.fire("lock")  # the replay restarts the session it is given
    replaying = iter_replay(scenario, door, session=session)
    first = next(replaying)
    assert first.index == 1 and session.current == "open" and len(session.steps) == 1
    rest = list(replaying)
    assert [r.index for r in rest] == [2, 3, 4]
    assert session.current == "locked"


def test_iter_replay_fails_at_the_step(door: Machine) -> None:
    replaying = iter_replay(load_scenario(FIXTURES / "door_fail.yaml"), door)
    assert next(replaying).index == 1
    with pytest.raises(ScenarioError) as info:
        next(replaying)
    assert info.value.step == 2


def test_setting_timeouts_use_the_default() -> None:
    machine = load_machine(BUNDLED)
    scenario = load_scenario(FIXTURES / "rescue_idle_timeout.yaml")
    assert scenario.default_timeout == 120
    result = replay(scenario, machine)
    wait = result.records[-1]
    assert [(s.source, s.target, s.time) for s in wait.fired] == [("active", "timed_out", 120.0)]
    assert result.final_state == machine.find_state("Zeitüberschreitung")
    # The caller's default wins over the scenario's: a longer limit, nothing fires.
    with pytest.raises(ScenarioError, match="expected to end in"):
        replay(scenario, machine, default_timeout=600)


def test_the_bundled_machine_walk_with_a_timeout() -> None:
    machine = load_machine(BUNDLED)
    scenario = load_scenario(FIXTURES / "rescue_idle_timeout.yaml")
    assert scenario.machine_path == BUNDLED.resolve()
    result = replay(scenario, machine)
    assert [r.state_after for r in result.records] == ["waiting", "active", "timed_out"]


# -- saving --------------------------------------------------------------------


def test_format_duration_reads_back() -> None:
    for seconds in (0.5, 1, 59, 60, 90, 360, 3600, 3725, 61.25):
        text = format_duration(seconds)
        assert parse_duration(text) == pytest.approx(seconds), text
    assert format_duration(360) == "6m" and format_duration(90) == "1m30s"


def test_dump_and_load_round_trip(tmp_path: Path) -> None:
    scenario = load_scenario(FIXTURES / "door_pass.yaml")
    target = tmp_path / "sub" / "copy.yaml"
    target.parent.mkdir()
    saved = save_scenario(scenario, target)
    text = target.read_text(encoding="utf-8")
    assert "tür öffnen" in text  # UTF-8, not escaped
    again = load_scenario(target)
    assert again.machine_path == scenario.machine_path
    # Lines differ (the file is rewritten); what the steps say does not.
    assert [(s.kind, s.value, s.note) for s in again.steps] == [(s.kind, s.value, s.note) for s in scenario.steps]
    assert (again.name, again.expect, again.source) == (scenario.name, scenario.expect, saved.source)


def test_dump_without_a_source_keeps_the_path() -> None:
    scenario = Scenario(steps=(ScenarioStep("wait", 61.5),), machine_path=Path("m.yaml"))
    text = dump_scenario(scenario)
    again = load_scenario_text(text, "mem.yaml")
    assert again.machine_path == Path("m.yaml") and again.steps[0].value == 61.5


def _walk(door: Machine) -> Session:
    """A session with chosen steps, waits that fire nothing, and two timeouts in one advance."""
    session = Session(door)
    session.advance(12)
    session.fire("open")
    session.fire("close")
    session.fire("open")
    session.advance(20.5)
    session.fire("close")
    session.fire("open")
    session.advance(400)  # left-open at +60, siren at +360
    return session


def test_scenario_from_session_round_trips(door: Machine, tmp_path: Path) -> None:
    session = _walk(door)
    notes = {0: "Someone opens it.", 6: "The alarm goes off."}
    scenario = scenario_from_session(session, FIXTURES / "door.yaml", notes)
    assert scenario.expect == session.current
    kinds = [s.kind for s in scenario.steps]
    assert kinds.count("transition") == 5
    assert "trigger" not in kinds

    path = tmp_path / "trace.yaml"
    save_scenario(scenario, path)
    loaded = load_scenario(path)
    assert loaded.machine_path == (FIXTURES / "door.yaml").resolve()
    result = replay(loaded, door)
    assert result.final_state == session.current
    assert result.time == pytest.approx(session.time)
    replayed = result.steps
    assert [(s.transition, s.by_timeout) for s in replayed] == [(s.transition, s.by_timeout) for s in session.steps]
    assert [s.time for s in replayed] == pytest.approx([s.time for s in session.steps])
    # Notes stay beside their steps.
    noted = {s.note for s in loaded.steps if s.note}
    assert noted == set(notes.values())


def test_scenario_from_session_keeps_start_and_default(door: Machine) -> None:
    session = Session(door, start="open", default_timeout=30)
    session.advance(70)
    scenario = scenario_from_session(session)
    assert scenario.start == "open" and scenario.default_timeout == 30
    again = load_scenario_text(dump_scenario(scenario), "mem.yaml")
    result = replay(again, door)
    assert result.final_state == session.current and result.time == pytest.approx(session.time)


def test_timeout_self_loops_round_trip() -> None:
    machine = load_machine(BUNDLED)
    session = Session(machine, default_timeout=45)
    session.fire(next(t.id for t in machine.outgoing("connecting") if t.target == "waiting"))
    session.fire(next(t.id for t in machine.outgoing("waiting") if t.target == "active"))
    session.advance(45 + 3 * 180 + 10)  # idle limit, then the 3-minute loop three times
    assert len(session.steps) == 2 + 1 + 3
    result = replay(load_scenario_text(dump_scenario(scenario_from_session(session)), "mem.yaml"), machine)
    assert [s.transition for s in result.steps] == session.taken_transitions()
    assert result.final_state == session.current


def test_a_scenario_names_its_start_by_id_or_label(door: Machine) -> None:
    other = next(s for s in door.states if s.id != door.initial)
    assert Scenario(steps=()).start_state(door) == door.initial
    assert Scenario(steps=(), start=other.id).start_state(door) == other.id
    assert Scenario(steps=(), start=door.state_label(other.id).upper()).start_state(door) == other.id
    with pytest.raises(MachineError, match="no state"):
        Scenario(steps=(), start="nowhere at all").start_state(door)


# -- issue 9: paths in scenarios -------------------------------------------------------------


def test_a_tilde_in_the_machine_path_is_the_home_folder(tmp_path: Path) -> None:
    scenario = load_scenario_text("machine: ~/machines/m.yaml\nsteps: []\n", "s.yaml", base=tmp_path / "s.yaml")
    assert scenario.machine_path == Path.home() / "machines" / "m.yaml"


@pytest.mark.parametrize("written", ['"a\\0b.yaml"', '"~/x\\x01.yaml"'])
def test_a_control_character_in_the_machine_path_is_a_problem_at_the_key(written: str, tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        load_scenario_text(f"machine: {written}\nsteps: []\n", "s.yaml", base=tmp_path / "s.yaml")
    [problem] = info.value.problems
    assert (problem.line, problem.column) == (1, 10)
    assert "control character" in problem.message


def test_an_unknown_user_in_the_machine_path_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        load_scenario_text("machine: ~nosuchuser-for-tests/m.yaml\nsteps: []\n", "s.yaml", base=tmp_path / "s.yaml")
    assert info.value.problems[0].line == 1


# -- the machine path ------------------------------------------------------------------


def test_the_machine_path_expands_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    scenario = load_scenario_text("machine: ~/machines/door.yaml\nsteps: []\n", "s.yaml", base=Path("/elsewhere/s.yaml"))
    assert scenario.machine_path == tmp_path / "machines" / "door.yaml"


def test_a_relative_machine_path_starts_beside_the_scenario(tmp_path: Path) -> None:
    base = tmp_path / "walks" / "s.yaml"
    scenario = load_scenario_text("machine: ../machines/door.yaml\nsteps: []\n", str(base), base=base)
    assert scenario.machine_path == (tmp_path / "machines" / "door.yaml").resolve()


@pytest.mark.parametrize(("written", "says"), [
    ('"door\\0.yaml"', "NUL byte"),
    ('"door\\uDC80.yaml"', "not valid text for a file name"),
])
def test_a_machine_path_the_file_system_cannot_take_is_a_problem_with_a_position(written: str, says: str) -> None:
    with pytest.raises(LoadError) as info:
        load_scenario_text(f"name: walk\nmachine: {written}\nsteps: []\n", "s.yaml", base=Path("/tmp/s.yaml"))
    [problem] = info.value.problems
    assert (problem.line, problem.column) == (2, 10)
    assert says in problem.message and str(problem).startswith("s.yaml:2:10:")
