"""Diff of two versions: edits made to the bundled machine's text, and to generated machines."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from explorer import BUNDLED_MACHINE
from explorer.cli import main
from explorer.diff import diff_machines
from explorer.generate import generate_machine
from explorer.model import Text

BAD = Path(__file__).resolve().parent / "fixtures" / "bad" / "three_problems.yaml"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as e:
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _edited(tmp_path: Path) -> Path:
    """The bundled machine with one edit of each kind, made in its text as a writer would."""
    text = BUNDLED_MACHINE.read_text(encoding="utf-8")

    def edit(old: str, new: str) -> None:
        nonlocal text
        assert text.count(old) == 1, old
        text = text.replace(old, new)

    # A relabelled state, a new unreachable state.
    edit("label: {de: Wartend, en: Waiting}", "label: {de: Wartend, en: Waiting for the technician}")
    edit("  deleted:\n", "  archived:\n    label: {de: Archiviert, en: Archived}\n  deleted:\n")
    # The first transition gets an explicit id (its generated one was connecting-waiting) and an actor.
    edit("  - from: connecting\n    to: waiting\n", "  - id: applet-started\n    from: connecting\n    to: waiting\n")
    # A timeout changed.
    edit("timeout: 1m  # \"In einer Minute", "timeout: 2m  # \"In einer Minute")
    # Remove the transition out of Aktiv on "Sitzung beenden".
    start = text.index("  - from: active\n    to: deleted\n")
    end = text.index("  - from:", start + 10)
    text = text[:start] + text[end:]
    path = tmp_path / "edited.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_diff_of_an_edited_bundled_machine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edited = _edited(tmp_path)
    code, out, err = run(capsys, "diff", str(BUNDLED_MACHINE), str(edited), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {"states", "transitions", "defects"}
    assert data["states"]["added"] == ["archived"] and data["states"]["removed"] == []
    (waiting,) = data["states"]["changed"]
    assert waiting["id"] == "waiting"
    assert waiting["fields"]["label"]["new"] == {"de": "Wartend", "en": "Waiting for the technician"}
    assert data["transitions"]["added"] == []
    assert data["transitions"]["removed"] == ["active-deleted"]
    changed = {c["id"]: c for c in data["transitions"]["changed"]}
    assert changed["applet-started"]["old_id"] == "connecting-waiting"
    assert changed["applet-started"]["fields"] == {"id": {"old": "connecting-waiting", "new": "applet-started"}}
    assert changed["waiting-reconnecting"]["fields"] == {"timeout": {"old": 60, "new": 120}}
    introduced = data["defects"]["introduced"]
    # A state nothing leads to and nothing leaves: unreachable, a dead end and a trap.
    assert [(f["kind"], f["ids"]) for f in introduced] == [
        ("unreachable", ["archived"]), ("dead_end", ["archived"]), ("trap", ["archived"])]
    assert data["defects"]["fixed"] == []

    code, out, _ = run(capsys, "diff", str(BUNDLED_MACHINE), str(edited))
    assert code == 0
    assert "## States added (1)" in out and "Archiviert (`archived`)" in out
    assert "## Transitions removed (1)" in out and "`active-deleted`" in out
    assert "timeout: 1 min → 2 min" in out and "## Defects introduced (3)" in out


def test_diff_the_other_way_fixes_the_defect(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edited = _edited(tmp_path)
    code, out, _ = run(capsys, "diff", str(edited), str(BUNDLED_MACHINE), "--json")
    data = json.loads(out)
    assert code == 0
    assert data["states"]["removed"] == ["archived"] and data["transitions"]["added"] == ["active-deleted"]
    assert [(f["kind"], f["ids"]) for f in data["defects"]["fixed"]] == [
        ("unreachable", ["archived"]), ("dead_end", ["archived"]), ("trap", ["archived"])]
    assert data["defects"]["introduced"] == []


def test_identical_versions(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "diff", str(BUNDLED_MACHINE), str(BUNDLED_MACHINE), "--json")
    assert code == 0
    data = json.loads(out)
    assert all(v == [] for part in data.values() for v in part.values())
    code, out, _ = run(capsys, "diff", str(BUNDLED_MACHINE), str(BUNDLED_MACHINE))
    assert code == 0 and "No differences" in out


@pytest.mark.parametrize("bad_first", [True, False])
def test_a_file_that_does_not_load_exits_1_with_positions(capsys: pytest.CaptureFixture[str], bad_first: bool) -> None:
    args = (str(BAD), str(BUNDLED_MACHINE)) if bad_first else (str(BUNDLED_MACHINE), str(BAD))
    code, out, err = run(capsys, "diff", *args, "--json")
    assert code == 1 and out == ""
    path, line, col, _ = err.strip().splitlines()[0].split(":", 3)
    assert path == str(BAD) and int(line) > 0 and int(col) > 0


def test_diff_of_generated_machines_finds_each_edit() -> None:
    old = generate_machine(300, "random", seed=7)
    ts = list(old.transitions)
    removed = ts.pop(10)
    ts[20] = dataclasses.replace(ts[20], target=old.states[0].id)
    ts[30] = dataclasses.replace(ts[30], trigger=Text.of({"de": "Neu", "en": "New"}), actor="robot")
    ts[40] = dataclasses.replace(ts[40], id="renamed")
    ts[50] = dataclasses.replace(ts[50], steps=ts[50].steps[:-1] if ts[50].steps else (Text.of("Step."),))
    new = dataclasses.replace(old, transitions=tuple(ts))
    d = diff_machines(old, new)
    assert d.transitions_removed == (removed.id,) and d.transitions_added == ()
    changed = {c.id: {name for name, _, _ in c.fields} for c in d.transitions_changed}
    expected_20 = {"to"} if old.transitions[21].target != old.states[0].id else set()
    assert changed.get(ts[20].id, set()) == expected_20
    assert changed[ts[30].id] == {"trigger", "actor"}
    assert changed["renamed"] == {"id"}
    assert changed[ts[50].id] == {"steps"}
    assert d.states_added == d.states_removed == d.states_changed == ()


def test_diff_of_two_3000_state_machines() -> None:
    # How long it takes is the bench's "Diff" row, against the 1 s target.
    old = generate_machine(3000, "structured", seed=1)
    new = generate_machine(3000, "structured", seed=2)
    d = diff_machines(old, new)
    assert d.states_changed and not d.states_added
