"""Tours: walks from the initial state that take every reachable transition, replayed for real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer import BUNDLED_MACHINE
from explorer.cli import main
from explorer.coverage import Coverage
from explorer.generate import generate_machine, machine_to_yaml
from explorer.io.machine_yaml import load_machine
from explorer.io.scenario import load_scenario
from explorer.replay import replay
from explorer.model import Machine, State, Text, Timeout, Transition
from explorer.tours import plan_tours, tour_scenario


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def make(edges: list[tuple[str, str, str]], finals: set[str] = frozenset(), initial: str = "a",
         timeouts: dict[str, float | None] | None = None) -> Machine:
    timeouts = timeouts or {}
    names = list(dict.fromkeys([initial, *(n for _, s, t in edges for n in (s, t))]))
    return Machine("m", initial, tuple(State(n, Text.of(n.upper()), final=n in finals) for n in names),
                   tuple(Transition(i, s, t, Text.of(i), timeout=Timeout(timeouts[i]) if i in timeouts else None)
                         for i, s, t in edges))


def _replayed_coverage(machine: Machine, plan) -> Coverage:  # type: ignore[no-untyped-def]
    """Replay every tour as a scenario (raises when one does not apply) and count what it took."""
    c = Coverage(machine)
    for tour in plan.tours:
        result = replay(tour_scenario(machine, tour), machine)
        assert [s.transition for s in result.steps] == list(tour)
        c.add_walk(result.start, [s.transition for s in result.steps])
    return c


def test_a_cycle_needs_one_tour_of_exactly_the_lower_bound() -> None:
    m = make([("ab", "a", "b"), ("bc", "b", "c"), ("ca", "c", "a")])
    plan = plan_tours(m)
    assert plan.tours == (("ab", "bc", "ca"),) and plan.total_steps == plan.lower_bound == 3


def test_repeats_only_what_must_be_repeated() -> None:
    # b has two ways out but one way in: one of the tours must pass a -> b again.
    m = make([("ab", "a", "b"), ("bc", "b", "c"), ("bd", "b", "d")], finals={"c", "d"})
    plan = plan_tours(m)
    assert plan.lower_bound == 3 and plan.total_steps == 4 and len(plan.tours) == 2
    assert sorted(plan.tours) == [("ab", "bc"), ("ab", "bd")]


def test_sinks_end_tours_without_repeats_when_restarting_suffices() -> None:
    m = make([("ab", "a", "b"), ("ac", "a", "c")], finals={"b", "c"})
    plan = plan_tours(m)
    assert plan.total_steps == 2 and sorted(plan.tours) == [("ab",), ("ac",)]


def test_unreachable_transitions_are_named_not_coverable() -> None:
    m = make([("ab", "a", "b"), ("xb", "x", "b"), ("yx", "y", "x")], finals={"b"})
    plan = plan_tours(m)
    assert plan.uncoverable == ("xb", "yx") and plan.tours == (("ab",),)


def test_nothing_to_cover() -> None:
    m = Machine("m", "a", (State("a", Text.of("A")),), ())
    plan = plan_tours(m)
    assert plan.tours == () and plan.total_steps == plan.lower_bound == 0 and plan.ratio == 1.0


def test_timeouts_are_waits_unless_another_timeout_comes_first() -> None:
    m = make([("soon", "a", "b"), ("also", "a", "c"), ("late", "a", "d"), ("back", "b", "a"),
              ("back2", "c", "a"), ("back3", "d", "a")],
             timeouts={"soon": 60, "also": 60, "late": 120})
    plan = plan_tours(m)
    scenarios = [tour_scenario(m, t) for t in plan.tours]
    by_id = {s.value: s for sc in scenarios for s in sc.steps if s.kind == "transition"}
    waits = [s for sc in scenarios for s in sc.steps if s.kind == "wait"]
    assert [w.value for w in waits] == [60.0]  # only "soon" fires by waiting
    assert "also" in by_id and "late" in by_id and "soon" in (by_id["also"].note or "")
    assert _replayed_coverage(m, plan).transitions_percent == 100


def test_bundled_machine_tours_cover_every_reachable_transition() -> None:
    m = load_machine(BUNDLED_MACHINE)
    plan = plan_tours(m)
    assert plan.lower_bound == 60 and plan.total_steps >= plan.lower_bound
    assert plan.uncoverable == ("invitation-collaboration", "invitation-deleted")
    assert all(m.transition(t[0]).source == m.initial for t in plan.tours)
    c = _replayed_coverage(m, plan)
    assert c.untaken_transitions() == () and c.unvisited_states() == ()
    # Every timeout of the bundled machine is taken by waiting, with a setting chosen per tour.
    assert not [s for t in plan.tours for s in tour_scenario(m, t).steps if s.note]


@pytest.mark.parametrize("shape", ["structured", "random"])
@pytest.mark.parametrize("size", [40, 200])
def test_generated_machines_tours_replay_and_cover_everything(shape: str, size: int) -> None:
    m = generate_machine(size, shape, seed=3)
    plan = plan_tours(m)
    c = _replayed_coverage(m, plan)
    assert c.transitions_percent == 100 and c.states_percent == 100
    assert plan.total_steps >= plan.lower_bound == len(c.reachable_transitions)


def _cli_tours_replay_green(capsys: pytest.CaptureFixture[str], machine_file: Path, out_dir: Path) -> dict:
    code, out, err = run(capsys, "tours", str(machine_file), "-o", str(out_dir), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"tours", "total_steps", "lower_bound", "uncoverable"}
    files = [Path(t["file"]) for t in data["tours"]]
    assert [f.name for f in files] == [f"tour-{i:02d}.yaml" for i in range(1, len(files) + 1)]
    assert sum(t["steps"] for t in data["tours"]) == data["total_steps"] >= data["lower_bound"]
    for f in files:
        code, _, err = run(capsys, "scenario", str(f))  # the machine comes from the file's 'machine:'
        assert code == 0, err
    code, out, err = run(capsys, "coverage", str(machine_file), *map(str, files), "--require", "100", "--json")
    assert code == 0, err
    assert json.loads(out)["untaken_transitions"] == []
    return data


def test_cli_tours_on_the_bundled_machine(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = _cli_tours_replay_green(capsys, BUNDLED_MACHINE, tmp_path / "tours")
    assert data["lower_bound"] == 60 and data["uncoverable"] == ["invitation-collaboration", "invitation-deleted"]
    first = load_scenario(tmp_path / "tours" / "tour-01.yaml")
    assert first.machine_path == BUNDLED_MACHINE.resolve() and first.expect is not None
    code, out, _ = run(capsys, "tours", str(BUNDLED_MACHINE), "--lang", "en")
    assert code == 0
    assert out.count("\n## Tour ") == len(data["tours"])
    assert "60 reachable transitions" in out and "Not coverable" in out and "Start: **Connecting**" in out


def test_cli_tours_on_a_generated_machine(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    machine_file = tmp_path / "generated.yaml"
    machine_file.write_text(machine_to_yaml(generate_machine(60, "random", seed=5)), encoding="utf-8")
    data = _cli_tours_replay_green(capsys, machine_file, tmp_path / "out")
    assert data["tours"]


def test_cli_tours_bad_machine(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = Path(__file__).resolve().parent / "fixtures" / "bad" / "three_problems.yaml"
    code, out, err = run(capsys, "tours", str(bad), "--json")
    assert code == 1 and out == "" and f"{bad}:" in err


def test_bench_rows_measure_and_note_the_tours_ratio() -> None:
    from explorer import bench, review_bench

    m = generate_machine(200, "structured", seed=1)
    case = bench.BenchCase(200, "structured", m, machine_to_yaml(m), timeout=60)
    for name in ("Findings", "Tours", "Diff (5 % edited)", "Coverage, 1000 steps"):
        assert name in review_bench.ROWS
    assert review_bench.measure_findings(case) > 0 and review_bench.measure_diff(case) > 0
    assert review_bench.measure_coverage_steps(case) > 0
    review_bench.measure_tours(case)
    review_bench.measure_tours(case)  # a repeat does not note it twice
    ratio = plan_tours(m).ratio
    assert [n for n in case.layout_notes if n.startswith("tours")] == [
        f"tours {ratio:.2f}× lower bound ({len(plan_tours(m).tours)} tours)"]
