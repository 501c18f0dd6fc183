"""Coverage: counting what walks have seen, live from a session and from replayed scenarios."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer import BUNDLED_MACHINE
from explorer.cli import main
from explorer.coverage import Coverage, coverage_markdown
from explorer.generate import generate_machine
from explorer.io.machine_yaml import load_machine
from explorer.io.scenario import load_scenario
from explorer.replay import replay
from explorer.session import Session

SCENARIOS = Path(__file__).resolve().parent / "fixtures" / "scenarios"
DOOR = SCENARIOS / "door.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_walk_counts_its_start_states_and_transitions() -> None:
    door = load_machine(DOOR)
    c = Coverage(door)
    assert c.visited_reachable == 0 and c.transitions_percent == 0
    c.add_walk("closed", ["open", "close", "open"])
    assert c.visited == {"closed", "open"} and c.taken == {"open", "close"}
    assert c.taken_reachable == 2 and c.transitions_percent == pytest.approx(200 / 7)
    assert c.unvisited_states() == ("alarm", "locked")
    assert c.untaken_transitions() == ("left-open", "siren", "reset-closed", "reset-locked", "lock")
    r = c.report()
    assert (r.states_visited, r.states_total, r.states_reachable) == (2, 4, 4)
    assert (r.transitions_taken, r.transitions_total, r.transitions_reachable) == (2, 7, 7)
    assert r.states_percent == 50
    c.reset()
    assert c.visited == frozenset() and c.taken_reachable == 0
    assert c.untaken_transitions() == tuple(t.id for t in door.transitions)


def test_following_a_session_counts_every_step_and_keeps_them_after_undo() -> None:
    door = load_machine(DOOR)
    session = Session(door)
    session.fire("open")
    c = Coverage(door)
    stop = c.follow(session)
    assert c.visited == {"closed", "open"} and c.taken == {"open"}
    session.advance(60)  # the door left open raises the alarm
    assert "left-open" in c.taken and "alarm" in c.visited
    session.undo()
    session.restart()
    assert "left-open" in c.taken  # what was shown was shown
    session.fire("lock")
    assert c.taken == {"open", "left-open", "lock"}
    stop()
    session.restart()
    session.fire("open")
    session.fire("close")
    assert "close" not in c.taken


def test_unreachable_items_do_not_count_as_missing() -> None:
    m = load_machine(BUNDLED_MACHINE)
    c = Coverage(m)
    r = c.report()
    assert r.states_reachable == 13 and r.transitions_reachable == 60
    assert "invitation" not in r.unvisited_states
    assert set(r.uncoverable_transitions) == {"invitation-collaboration", "invitation-deleted"}


def test_replayed_scenarios_accumulate() -> None:
    m = load_machine(BUNDLED_MACHINE)
    c = Coverage(m)
    for name in ("classroom_walk.yaml", "rescue_idle_timeout.yaml"):
        result = replay(load_scenario(SCENARIOS / name), m)
        c.add_walk(result.start, [s.transition for s in result.steps])
    assert {"connecting-waiting", "waiting-active", "on_hold-active", "active-timed_out"} <= c.taken
    text = coverage_markdown(c.report(), m)
    assert f"of {len(c.reachable_transitions)} reachable" in text and "Einladung" in text


def test_recording_steps_at_3000_states_counts_each_reachable_one() -> None:
    # Time per step is the bench's "Coverage, 1000 steps" row, not a test's.
    m = generate_machine(3000, "random", seed=1)
    c = Coverage(m)
    ids = [t.id for t in m.transitions][:2000]
    for tid in ids:
        c.take(tid)
    assert c.taken_reachable == sum(1 for t in ids if t in c.reachable_transitions)


def test_cli_json_contract_on_the_bundled_machine(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "coverage", str(BUNDLED_MACHINE), str(SCENARIOS / "classroom_walk.yaml"),
                         str(SCENARIOS / "rescue_idle_timeout.yaml"), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"states", "transitions", "unvisited_states", "untaken_transitions"}
    assert set(data["states"]) == {"visited", "total", "reachable"}
    assert set(data["transitions"]) == {"taken", "total", "reachable"}
    assert data["states"]["total"] == 14 and data["states"]["reachable"] == 13
    assert data["transitions"]["total"] == 62 and data["transitions"]["reachable"] == 60
    assert data["transitions"]["taken"] == 60 - len(data["untaken_transitions"])
    assert "waiting-active" not in data["untaken_transitions"]
    assert "invitation" not in data["unvisited_states"]


def test_cli_markdown_and_require(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "coverage", str(DOOR), str(SCENARIOS / "door_pass.yaml"), "--require", "100")
    assert code == 1
    assert "Transitions taken: 4 of 7 reachable (57 %)" in out
    assert "`lock`" in out and "100 % required" in err
    code, _, _ = run(capsys, "coverage", str(DOOR), str(SCENARIOS / "door_pass.yaml"), "--require", "50")
    assert code == 0


def test_cli_failing_scenario_names_file_and_step(capsys: pytest.CaptureFixture[str]) -> None:
    bad = SCENARIOS / "door_fail.yaml"
    code, out, err = run(capsys, "coverage", str(DOOR), str(SCENARIOS / "door_pass.yaml"), str(bad))
    assert code == 1 and out == ""
    assert err.startswith(f"{bad}:4:1: step 2") and "'Lock'" in err


def test_cli_scenario_naming_a_missing_state_or_transition(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    s = tmp_path / "mars.yaml"
    s.write_text("start: Mars\nsteps:\n  - transition: open\n", encoding="utf-8")
    code, _, err = run(capsys, "coverage", str(DOOR), str(s))
    assert code == 1 and str(s) in err and "Mars" in err
    s.write_text("steps:\n  - transition: fly\n", encoding="utf-8")
    code, _, err = run(capsys, "coverage", str(DOOR), str(s))
    assert code == 1 and f"{s}:2:1: step 1" in err and "'fly'" in err


def test_cli_unloadable_scenario_gives_file_line_col(capsys: pytest.CaptureFixture[str]) -> None:
    bad = SCENARIOS / "bad_yaml.yaml"
    code, _, err = run(capsys, "coverage", str(DOOR), str(bad))
    assert code == 1
    path, line, col, _ = err.strip().splitlines()[0].split(":", 3)
    assert path == str(bad) and int(line) > 0 and int(col) >= 0
