"""The command line, as a documentation pipeline calls it: exit codes, stdout, stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from explorer import BUNDLED_MACHINE
from explorer.cli import main

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCENARIOS = FIXTURES / "scenarios"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as e:  # argparse's usage errors and --help
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_check_json_on_the_bundled_machine(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "check", str(BUNDLED_MACHINE), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["initial"] == "connecting"
    assert len(data["transitions"]) == 62 and len(data["states"]) == 14
    assert data["unreachable"] == ["invitation"]
    labels = {s["id"]: s["label"] for s in data["states"]}
    assert labels["invitation"] == "Einladung"
    timeouts = {t["id"]: t["timeout"] for t in data["transitions"] if t["timeout"] is not None}
    assert set(data["timeouts"]) == set(timeouts)
    assert timeouts["reconnecting-offline"] == 300 and timeouts["active-timed_out"] is True
    first = data["transitions"][0]
    assert set(first) >= {"id", "from", "to", "trigger", "actor", "timeout", "steps"}
    assert first["steps"] == ["Der Kunde lädt das Applet herunter und startet es."]


def test_check_text_names_the_defects(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(BUNDLED_MACHINE))
    assert code == 0
    assert "62 transitions" in out and "unreachable: Einladung (invitation)" in out


def test_check_strict_fails_on_defects_with_positions(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", str(BUNDLED_MACHINE), "--strict")
    assert code == 1
    assert f"{BUNDLED_MACHINE}:" in err and "unreachable state: invitation" in err


def test_check_bad_file_prints_every_problem_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    bad = FIXTURES / "bad" / "three_problems.yaml"
    code, out, err = run(capsys, "check", str(bad), "--json")
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 3
    for line in lines:
        path, line_no, col, message = line.split(":", 3)
        assert path == str(bad) and int(line_no) > 0 and int(col) > 0 and message.strip()


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "check")[0] == 2
    assert run(capsys, "render", str(BUNDLED_MACHINE))[0] == 2  # -o is required
    code, out, _ = run(capsys, "check", "--help")
    assert code == 0 and "--json" in out


def test_missing_file_is_an_error_not_a_crash(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "check", str(tmp_path / "nope.yaml"))
    assert code == 1 and "nope.yaml" in err


def test_path_prints_a_numbered_procedure(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "path", str(BUNDLED_MACHINE), "Verbindung wird hergestellt", "active")
    assert code == 0
    assert "1. **" in out and "2. **" in out and "3. **" not in out
    assert "Der Techniker startet eine Sitzung in der Technikerkonsole." in out
    assert "**Aktiv**" in out


def test_path_in_english_and_unreachable_target(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "path", str(BUNDLED_MACHINE), "connecting", "Collaboration", "--lang", "en")
    assert code == 0 and "**Collaboration**" in out
    code, _, err = run(capsys, "path", str(BUNDLED_MACHINE), "connecting", "Einladung")
    assert code == 1 and "cannot be reached" in err
    code, _, err = run(capsys, "path", str(BUNDLED_MACHINE), "connecting", "Mars")
    assert code == 2 and "Mars" in err


@pytest.mark.parametrize("suffix", [".svg", ".png", ".pdf"])
def test_render_writes_the_picture(capsys: pytest.CaptureFixture[str], tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"machine{suffix}"
    code, _, err = run(capsys, "render", str(BUNDLED_MACHINE), "-o", str(out), "--lang", "en")
    assert code == 0, err
    data = out.read_bytes()
    if suffix == ".svg":
        text = data.decode("utf-8")
        assert "<svg" in text and "Removed from queue" in text
    elif suffix == ".png":
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        assert data[:5] == b"%PDF-"


def test_render_refuses_an_unknown_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "render", str(BUNDLED_MACHINE), "-o", str(tmp_path / "x.gif"))
    assert code == 2 and ".svg" in err


def test_export_mermaid_and_markdown(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "export", str(BUNDLED_MACHINE), "-f", "mermaid")
    assert code == 0 and out.startswith("stateDiagram-v2")
    assert out.count("-->") >= 62
    target = tmp_path / "table.md"
    code, _, _ = run(capsys, "export", str(BUNDLED_MACHINE), "-f", "markdown", "-o", str(target), "--lang", "en")
    text = target.read_text(encoding="utf-8")
    assert code == 0 and "Removed from queue" in text and "|" in text


def test_scenario_that_passes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "scenario", str(SCENARIOS / "classroom_walk.yaml"))
    assert code == 0, err
    assert "1. **Kunde startet das Applet**" in out and "**Aktiv**" in out


def test_scenario_relying_on_a_timeout_during_a_wait(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "scenario", str(SCENARIOS / "rescue_idle_timeout.yaml"), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["final_state"] == "timed_out"
    assert data["steps"][-1]["transition"] == "active-timed_out"
    assert data["steps"][-1]["time"] == pytest.approx(120.0)  # the scenario's own 2 min setting


def test_scenario_failing_at_a_named_step(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "scenario", str(SCENARIOS / "door_fail.yaml"))
    assert code == 1
    assert "step 2" in err and "Lock" in err
    assert "Close the door" in err  # the ways out that exist


def test_scenario_whose_expectation_fails(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "scenario", str(SCENARIOS / "door_expect_fails.yaml"))
    assert code == 1 and "expect" in err.lower()


def test_console_entry_point_runs_as_a_module() -> None:
    proc = subprocess.run([sys.executable, "-m", "explorer", "check", str(BUNDLED_MACHINE), "--json"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert len(json.loads(proc.stdout)["transitions"]) == 62


# -- files: any readable format in, atomic writes out ------------------------------


def test_check_reads_a_machine_file_whatever_its_extension(capsys: pytest.CaptureFixture[str],
                                                           tmp_path: Path) -> None:
    copy = tmp_path / "machine.txt"
    copy.write_bytes(BUNDLED_MACHINE.read_bytes())
    code, out, err = run(capsys, "check", str(copy))
    assert code == 0, err
    assert "62 transitions" in out


def test_check_refuses_a_file_of_no_known_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    junk = tmp_path / "diagram.vsdx"
    junk.write_bytes(b"PK\x03\x04 a zip archive")
    code, out, err = run(capsys, "check", str(junk))
    assert code == 1 and out == ""
    assert err.startswith(f"{junk}:0:0: cannot tell what kind of machine file this is")
    assert "YAML machine (.yaml, .yml)" in err


def test_export_yaml_writes_the_machine_losslessly(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    from explorer.io.machine_yaml import load_machine

    out = tmp_path / "copy.yaml"
    code, _, err = run(capsys, "export", str(BUNDLED_MACHINE), "-f", "yaml", "-o", str(out))
    assert code == 0, err
    assert load_machine(out) == load_machine(BUNDLED_MACHINE)


@pytest.mark.parametrize("suffix", [".svg", ".png", ".pdf"])
def test_render_on_a_full_disk_exits_1_and_keeps_the_old_picture(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, full_disk, suffix: str) -> None:
    out = tmp_path / f"machine{suffix}"
    old = b"the picture from last week\n" * 100
    out.write_bytes(old)
    code, _, err = run(capsys, "render", str(BUNDLED_MACHINE), "-o", str(out))
    assert full_disk.failed_writes == 1  # the picture was bigger than the room left
    assert code == 1
    assert f"explorer render: cannot write {out}: the disk is full" in err
    assert out.read_bytes() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == [out.name]


def test_markdown_export_on_a_full_disk_exits_1_and_keeps_the_old_file(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, full_disk) -> None:
    out = tmp_path / "table.md"
    old = "# last week's table\n".encode() * 50
    out.write_bytes(old)
    code, _, err = run(capsys, "export", str(BUNDLED_MACHINE), "-f", "markdown", "-o", str(out))
    assert full_disk.failed_writes == 1
    assert code == 1 and "the disk is full" in err
    assert out.read_bytes() == old


def test_render_into_a_missing_folder_says_so(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "not-there" / "machine.svg"
    code, _, err = run(capsys, "render", str(BUNDLED_MACHINE), "-o", str(out))
    assert code == 1 and f"the folder {out.parent} does not exist" in err
