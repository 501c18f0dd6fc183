"""Findings: every kind on small machines built to have it, the bundled machine, and `explorer check`."""

from __future__ import annotations

import json
from pathlib import Path

import networkx as nx
import pytest

from explorer import BUNDLED_MACHINE, analysis
from explorer.cli import main
from explorer.findings import KINDS, Finding, counts, findings
from explorer.generate import generate_machine
from explorer.io.machine_yaml import load_machine
from explorer.io.markdown import procedure_markdown
from explorer.model import Machine, State, Text, Timeout, Transition


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _defective() -> Machine:
    """One of every kind: x unreachable, d a dead end, loop a trap, two-way 'Go', tied timeouts..."""
    states = (
        State("a", Text.of({"en": "Start", "de": "Anfang"}), line=1),
        State("b", Text.of({"en": "Middle", "de": "Mitte"}), line=2),
        State("c", Text.of({"en": "Other"}), line=3),  # no German label
        State("d", Text.of("Dead end"), line=4),  # plain string: valid in every language
        State("loop", Text.of({"en": "Loop", "de": "Schleife"}), line=5),
        State("f", Text.of({"en": "End", "de": "Ende"}), final=True, line=6),
        State("x", Text.of({"en": "Orphan", "de": "Waise"}), line=7),
    )
    steps = (Text.of("Do it."),)
    transitions = (
        Transition("go-b", "a", "b", Text.of({"en": "Go", "de": "Los"}), steps=steps, line=10),
        Transition("go-c", "a", "c", Text.of({"en": "go"}), steps=steps, line=11),
        Transition("late-1", "b", "f", Text.of("Late"), timeout=Timeout(60), steps=steps, line=12),
        Transition("late-2", "b", "d", Text.of("Too late"), timeout=Timeout(60), steps=steps, line=13),
        Transition("c-loop", "c", "loop", Text.of("On"), steps=steps, line=14),
        Transition("spin", "loop", "loop", Text.of("Spin"), line=15),
        Transition("x-f", "x", "f", Text.of("Leave"), steps=steps, line=16),
        Transition("loop-c", "loop", "c", Text.of("Back"), steps=steps, line=17),
    )
    return Machine("defective", "a", states, transitions, language="en")


def test_every_kind_is_found_with_names_and_lines() -> None:
    found = findings(_defective())
    by_kind: dict[str, list[Finding]] = {}
    for f in found:
        by_kind.setdefault(f.kind, []).append(f)
    assert set(by_kind) == set(KINDS)
    assert [f.ids for f in by_kind["unreachable"]] == [("x",)]
    assert by_kind["unreachable"][0].line == 7 and "Orphan (x)" in by_kind["unreachable"][0].message
    assert [f.ids for f in by_kind["dead_end"]] == [("d",)]
    assert [f.ids for f in by_kind["trap"]] == [("c",), ("d",), ("loop",)]
    (amb,) = by_kind["ambiguous_trigger"]
    assert amb.ids == ("go-b", "go-c") and amb.line == 10
    assert "Middle (b)" in amb.message and "Other (c)" in amb.message and "From Start (a)" in amb.message
    (tie,) = by_kind["timeout_conflict"]
    assert tie.ids == ("late-1", "late-2") and "1 min" in tie.message and "only late-1" in tie.message
    assert [f.ids for f in by_kind["self_loop"]] == [("spin",)]
    missing = {f.ids: f.message for f in by_kind["missing_label"]}
    # c lacks German; go-c's trigger lacks German; 'Dead end' and 'Late' are plain strings (any language).
    assert set(missing) == {("c",), ("go-c",)}
    assert missing[("c",)].endswith("has no label in de.")
    assert [f.ids for f in by_kind["no_steps"]] == [("spin",)]
    # Grouped in KINDS order.
    order = list(KINDS)
    assert [order.index(f.kind) for f in found] == sorted(order.index(f.kind) for f in found)
    assert counts(found)["trap"] == 3 and sum(counts(found).values()) == len(found)


def test_a_clean_machine_has_no_findings_and_zero_counts() -> None:
    m = Machine("clean", "a", (State("a", Text.of("A")), State("b", Text.of("B"), final=True)),
                (Transition("t", "a", "b", Text.of("Go"), steps=(Text.of("Go."),)),))
    assert findings(m) == ()
    assert set(counts(())) == set(KINDS) and not any(counts(()).values())


def test_a_fixed_timeout_and_a_setting_are_no_conflict() -> None:
    m = Machine("t", "a", (State("a", Text.of("A")), State("b", Text.of("B"), final=True)), (
        Transition("t1", "a", "b", Text.of("One"), timeout=Timeout(60), steps=(Text.of("."),)),
        Transition("t2", "a", "b", Text.of("Two"), timeout=Timeout(None), steps=(Text.of("."),)),
    ))
    assert not [f for f in findings(m) if f.kind == "timeout_conflict"]


@pytest.mark.parametrize("shape", ["structured", "random"])
def test_traps_by_one_backward_search_agree_with_ancestors_per_final(shape: str) -> None:
    m = generate_machine(300, shape, seed=4)
    finals = [s.id for s in m.states if s.final]
    can_finish = set(finals).union(*(nx.ancestors(m.graph, f) for f in finals))
    assert analysis.traps(m) == frozenset(m.graph.nodes - can_finish)


def test_bundled_machine_findings() -> None:
    m = load_machine(BUNDLED_MACHINE)
    found = findings(m)
    c = counts(found)
    assert c["unreachable"] == 1 and c["self_loop"] == 1
    # Four triggers lead to more than one state (eleven transitions between them).
    amb = [f for f in found if f.kind == "ambiguous_trigger"]
    assert len(amb) == 4
    assert {i for f in amb for i in f.ids} == analysis.ambiguous(m)
    assert all(f.line > 0 for f in found)


def test_check_prints_the_findings_in_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    m = load_machine(BUNDLED_MACHINE)
    expected = findings(m)
    code, out, _ = run(capsys, "check", str(BUNDLED_MACHINE))
    assert code == 0
    assert "unreachable: Einladung (invitation)" in out  # the old line stays
    for f in expected:
        assert f"{BUNDLED_MACHINE}:{f.line}: {f.kind}: {f.message}" in out
    code, out, _ = run(capsys, "check", str(BUNDLED_MACHINE), "--json")
    data = json.loads(out)
    assert data["findings"] == [f.to_json() for f in expected]
    assert set(data["findings"][0]) == {"kind", "ids", "message", "line"}


def test_check_json_findings_on_a_generated_machine(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from explorer.generate import machine_to_yaml

    path = tmp_path / "gen.yaml"
    path.write_text(machine_to_yaml(generate_machine(120, "random", seed=2)), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path), "--json")
    assert code == 0
    data = json.loads(out)
    kinds = {f["kind"] for f in data["findings"]}
    assert kinds <= set(KINDS)
    assert [f["ids"][0] for f in data["findings"] if f["kind"] == "unreachable"] == data["unreachable"]
    assert all(f["line"] > 0 for f in data["findings"])


def test_path_through_an_ambiguous_trigger_says_where_else_it_leads(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "path", str(BUNDLED_MACHINE), "offline", "on_hold", "--lang", "en")
    assert code == 0
    assert "This trigger can also lead to **Active**, **Waiting**." in out
    code, out, _ = run(capsys, "path", str(BUNDLED_MACHINE), "connecting", "active")
    assert code == 0 and "can also lead" not in out and "kann auch" not in out


def test_procedure_warning_in_german() -> None:
    m = load_machine(BUNDLED_MACHINE)
    text = procedure_markdown(m, ["restarting-waiting"], lang="de")
    assert "Dieser Auslöser kann auch zu **Eingang** führen." in text
    assert analysis.also_leads_to(m, "restarting-waiting") == ("incoming",)
    assert analysis.also_leads_to(m, "connecting-waiting") == ()
