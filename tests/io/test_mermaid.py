"""Tests of explorer.io.mermaid: a stateDiagram-v2 with one line per transition."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explorer.io import catalogue, mermaid
from explorer.io.machine_yaml import load_machine
from explorer.io.mermaid import escape_label, machine_to_mermaid, mermaid_ids
from explorer.model import Machine, State, Text, Timeout, Transition

BUNDLED = Path(__file__).resolve().parents[2] / "data" / "rescue_session_status.yaml"
ARROW = re.compile(r"^    (\S+) --> (\S+)(?: : (.*))?$")
STATE = re.compile(r'^    state "([^"]*)" as (\w+)$')


def _parse(text: str) -> tuple[dict[str, str], list[tuple[str, str, str | None]]]:
    """State declarations (id -> label) and arrows (source, target, label); every line must be one or the other."""
    lines = text.splitlines()
    assert lines[0] == "stateDiagram-v2"
    states: dict[str, str] = {}
    arrows: list[tuple[str, str, str | None]] = []
    for line in lines[1:]:
        if m := STATE.match(line):
            states[m.group(2)] = m.group(1)
        elif m := ARROW.match(line):
            arrows.append((m.group(1), m.group(2), m.group(3)))
        else:
            assert line.startswith("    direction "), line
    return states, arrows


@pytest.fixture(scope="module")
def rescue() -> Machine:
    return load_machine(BUNDLED)


def test_every_transition_appears_once(rescue: Machine) -> None:
    text = machine_to_mermaid(rescue, lang="de")
    states, arrows = _parse(text)
    ids = mermaid_ids(rescue)
    assert set(states) == set(ids.values())
    assert states[ids["deleted"]] == "Aus Warteschlange der Technikerkonsole gelöscht"
    labelled = [a for a in arrows if a[2] is not None]
    assert len(labelled) == len(rescue.transitions)
    assert [(s, t) for s, t, _ in labelled] == [(ids[t.source], ids[t.target]) for t in rescue.transitions]
    assert ("[*]", ids[rescue.initial], None) in arrows
    finals = [s.id for s in rescue.states if s.final]
    assert [a for a in arrows if a[1] == "[*]"] == [(ids[f], "[*]", None) for f in finals]


def test_timeout_edges_are_marked(rescue: Machine) -> None:
    _, arrows = _parse(machine_to_mermaid(rescue, lang="en"))
    labelled = [a for a in arrows if a[2] is not None]
    for (_, _, label), t in zip(labelled, rescue.transitions):
        assert label is not None
        assert label.startswith("⏱") == t.is_timeout
        if t.timeout is not None and t.timeout.seconds == 300:
            assert label.startswith("⏱ 5 min · ")
        if t.timeout is not None and t.timeout.is_setting:
            assert label.startswith("⏱ setting · ")


def test_awkward_ids_and_labels_are_made_safe() -> None:
    machine = Machine(
        name="awkward",
        initial="end",
        states=(
            State("end", Text.of('Say "hi"; then: #1')),
            State("a-b", Text.of("A")),
            State("a_b", Text.of("B")),
            State("1st", Text.of("First"), final=True),
        ),
        transitions=(
            Transition("t1", "end", "a-b", Text.of("go: now; 100% <sure>")),
            Transition("t2", "a-b", "a_b", Text.of("x"), timeout=Timeout(90)),
            Transition("t3", "a_b", "1st", Text.of("line\nbreak")),
        ),
    )
    ids = mermaid_ids(machine)
    assert len(set(ids.values())) == 4
    assert all(re.fullmatch(r"[A-Za-z]\w*", v) for v in ids.values())
    assert ids["end"] != "end"
    states, arrows = _parse(machine_to_mermaid(machine, direction="LR"))
    assert states[ids["end"]] == "Say #quot;hi#quot;#59; then#58; #35;1"
    labels = [label for _, _, label in arrows if label]
    assert labels == ["go#58; now#59; 100#37; #lt;sure#gt;", "⏱ 90 s · x", "line break"]
    assert escape_label("Zeitüberschreitung „x“") == "Zeitüberschreitung „x“"


def test_a_german_machine_says_its_setting_in_german_and_reads_it_back(rescue: Machine) -> None:
    # The word comes from the UI's catalogue (context MermaidWords), so the German export has no English mark.
    german = catalogue.translate(catalogue.MERMAID, "setting", "de")
    assert german != "setting"
    text = machine_to_mermaid(rescue)  # the bundled machine speaks German
    assert rescue.language == "de"
    assert "⏱ setting" not in text and f"⏱ {german} · " in text
    back = mermaid.read(text.encode(), "rescue.mmd")
    settings = sorted(t.trigger.get("de", "de") for t in rescue.transitions if t.timeout and t.timeout.is_setting)
    assert settings
    assert sorted(t.trigger.get(back.language, back.language) for t in back.transitions
                  if t.timeout is not None and t.timeout.is_setting) == settings
