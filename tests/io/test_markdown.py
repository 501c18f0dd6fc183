"""Tests of explorer.io.markdown: procedures, replays and tables a writer can paste."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explorer.analysis import shortest_path
from explorer.errors import MachineError
from explorer.io.machine_yaml import load_machine
from explorer.io.markdown import clock, escape, machine_markdown, procedure_markdown, replay_json, replay_markdown
from explorer.io.scenario import load_scenario
from explorer.replay import ScenarioStepError, replay
from explorer.model import Machine

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "scenarios"
BUNDLED = Path(__file__).resolve().parents[2] / "data" / "rescue_session_status.yaml"


@pytest.fixture(scope="module")
def rescue() -> Machine:
    return load_machine(BUNDLED)


@pytest.fixture(scope="module")
def door() -> Machine:
    return load_machine(FIXTURES / "door.yaml")


def _numbered(text: str) -> list[int]:
    return [int(m) for m in re.findall(r"^(\d+)\. ", text, flags=re.MULTILINE)]


def test_procedure_keeps_the_german_steps_verbatim(rescue: Machine) -> None:
    path = shortest_path(rescue, rescue.initial, rescue.find_state("Aktiv"))
    assert path
    text = procedure_markdown(rescue, path, lang="de")
    assert _numbered(text) == list(range(1, len(path) + 1))
    for n, tid in enumerate(path, start=1):
        t = rescue.transition(tid)
        # The trigger in bold on the numbered line, the steps nested under it, as written.
        assert f"{n}. **{t.trigger.get('de')}**" in text
        for step in t.steps:
            assert f"   - {step.get('de')}\n" in text
        assert f"→ Status: **{rescue.state_label(t.target, 'de')}**" in text
    assert "Der Kunde lädt das Applet herunter und startet es." in text
    assert text.startswith("## Von Verbindung wird hergestellt nach Aktiv\n")


def test_procedure_in_english_labels(rescue: Machine) -> None:
    path = shortest_path(rescue, rescue.initial, rescue.find_state("Aktiv"))
    assert path
    text = procedure_markdown(rescue, path, lang="en", title="")
    assert not text.startswith("#")
    assert "Start: **Connecting**" in text
    assert f"**{rescue.trigger_label(path[0], 'en')}**" in text
    assert "→ Status: **Active**" in text


def test_procedure_says_how_long_to_wait(door: Machine) -> None:
    text = procedure_markdown(door, ["open", "left-open", "siren"], title="Left open")
    assert text.startswith("## Left open\n")
    assert "**Door left open** (wait 1 min)" in text
    assert "**Alarm not answered** (wait 5 min)" in text
    german = procedure_markdown(door, ["open", "left-open"], lang="de")
    assert "**Tür bleibt offen** (1 min warten)" in german
    assert "Die Klinke herunterdrücken." in german


def test_setting_timeouts_say_configured(rescue: Machine) -> None:
    idle = next(t for t in rescue.transitions if t.timeout is not None and t.timeout.is_setting)
    assert "wait for the configured timeout" in procedure_markdown(rescue, [idle.id], lang="en")


def test_procedure_checks_the_chain(door: Machine) -> None:
    with pytest.raises(MachineError, match="step 2"):
        procedure_markdown(door, ["open", "siren"])
    with pytest.raises(MachineError):
        procedure_markdown(door, ["nope"])
    assert "Already in **Closed**" in procedure_markdown(door, [])


def test_replay_markdown(door: Machine) -> None:
    result = replay(load_scenario(FIXTURES / "door_pass.yaml"), door)
    text = replay_markdown(result, door)
    assert _numbered(text) == [1, 2, 3, 4]
    assert "4. Wait 6 min (06:00)" in text
    assert "⏱ **Door left open** (wait 1 min), at 01:00" in text
    assert "⏱ **Alarm not answered** (wait 5 min), at 06:00" in text
    assert text.index("at 01:00") < text.index("at 06:00")
    assert "> *Note:* Nobody closes it" in text
    assert "Final state: **Locked** at 06:00." in text


def test_replay_markdown_of_a_failed_replay(door: Machine) -> None:
    with pytest.raises(ScenarioStepError) as info:
        replay(load_scenario(FIXTURES / "door_fail.yaml"), door)
    text = replay_markdown(info.value.result, door)
    assert _numbered(text) == [1]
    assert "**Stopped at step 2:**" in text


def test_replay_json(door: Machine) -> None:
    result = replay(load_scenario(FIXTURES / "door_pass.yaml"), door)
    data = replay_json(result, door)
    assert data["final_state"] == "locked"
    assert [(s["from"], s["to"], s["transition"]) for s in data["steps"]] == [
        (s.source, s.target, s.transition) for s in result.steps
    ]
    assert [s["time"] for s in data["steps"]] == [0.0, 0.0, 0.0, 60.0, 360.0]
    assert [s["scenario_step"] for s in data["steps"]] == [1, 2, 3, 4, 4]
    assert "error" not in data


def test_machine_markdown_lists_every_transition(rescue: Machine) -> None:
    text = machine_markdown(rescue, lang="de")
    rows = [line for line in text.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) == len(rescue.transitions)
    for row, t in zip(rows, rescue.transitions):
        assert f"**{t.trigger.get('de')}**" in row
        assert row.count(" | ") == 6  # seven cells: no pipe leaked out of a cell


def test_escape_and_clock() -> None:
    assert escape("a*b_c [x] door_fail") == r"a\*b_c \[x\] door_fail"
    assert escape("„Einstellungen“ > Kunden-Applet") == "„Einstellungen“ > Kunden-Applet"
    assert (clock(0), clock(59.9), clock(360), clock(3725)) == ("00:00", "00:59", "06:00", "62:05")
