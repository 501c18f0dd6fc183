"""The DOT and PlantUML writers, and the interface every format module offers the format table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explorer.io import csv_format, dot, mermaid, plantuml, scxml, xstate
from explorer.io.machine_yaml import load_machine
from explorer.layout import run_graphviz
from explorer.model import Machine, State, Text, Transition

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "rescue_session_status.yaml"
MODULES = [csv_format, scxml, xstate, mermaid, dot, plantuml]


@pytest.fixture(scope="module")
def rescue() -> Machine:
    return load_machine(BUNDLED)


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.NAME)
def test_every_module_offers_the_common_interface(module, rescue: Machine) -> None:  # noqa: ANN001
    assert module.NAME in {"csv", "scxml", "xstate", "mermaid", "dot", "plantuml"}
    assert module.EXTENSIONS and all(e.startswith(".") and e == e.lower() for e in module.EXTENSIONS)
    assert module.DESCRIPTION
    text = module.write(rescue, lang="en")
    assert isinstance(text, str) and text.endswith("\n")
    if hasattr(module, "read"):
        assert module.sniff(text.encode("utf-8")[:1024])
        others = [m for m in MODULES if hasattr(m, "sniff") and m is not module]
        assert not any(m.sniff(text.encode("utf-8")[:1024]) for m in others), module.NAME


def test_dot_is_read_by_graphviz_with_every_state_and_transition(rescue: Machine) -> None:
    layout = run_graphviz(dot.write(rescue, lang="de"), "dot")
    nodes = {o["name"]: o for o in layout["objects"]}
    assert set(nodes) == {s.id for s in rescue.states} | {"__start"}
    assert nodes["deleted"]["label"] == "Aus Warteschlange der Technikerkonsole gelöscht"
    assert nodes["deleted"].get("peripheries") == "2"
    edges = {e["id"]: e for e in layout["edges"] if "id" in e}
    assert set(edges) == {t.id for t in rescue.transitions}
    for t in rescue.transitions:
        edge = edges[t.id]
        assert edge["label"].endswith(rescue.trigger_label(t.id, "de"))
        assert (edge.get("style") == "dashed") == t.is_timeout


def test_dot_quotes_awkward_texts() -> None:
    machine = Machine(name='a "b"', initial="x", states=(State("x", Text.of('back\\slash "q"\nline')),),
                      transitions=(Transition("t", "x", "x", Text.of("go")),))
    layout = run_graphviz(dot.write(machine), "dot")
    (node,) = [o for o in layout["objects"] if o["name"] == "x"]
    assert node["label"] == 'back\\\\slash "q"\\nline'  # DOT's own escapes, as Graphviz keeps them


def test_plantuml_lists_every_state_and_transition(rescue: Machine) -> None:
    lines = plantuml.write(rescue, lang="en").splitlines()
    assert lines[0] == "@startuml" and lines[-1] == "@enduml"
    ids = mermaid.mermaid_ids(rescue)
    states = [m.groups() for line in lines if (m := re.fullmatch(r'state "([^"]*)" as (\w+)', line))]
    assert states == [(rescue.state_label(s.id, "en"), ids[s.id]) for s in rescue.states]
    arrows = [m.groups() for line in lines if (m := re.fullmatch(r"(\w+) (-->|-\[dashed\]->) (\w+) : (.*)", line))]
    assert len(arrows) == len(rescue.transitions)
    for (source, arrow, target, label), t in zip(arrows, rescue.transitions):
        assert (source, target) == (ids[t.source], ids[t.target])
        assert (arrow == "-[dashed]->") == t.is_timeout == label.startswith("⏱ ")
    assert f"[*] --> {ids[rescue.initial]}" in lines
    assert "deleted --> [*]" in lines
