"""``explorer convert`` and ``explorer export`` in every format, ``explorer check`` on every readable one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from explorer import BUNDLED_MACHINE
from explorer.cli import main
from explorer.io.formats import FORMATS, format_named, load_machine_file
from explorer.io.machine_yaml import load_machine
from explorer.model import Machine

FORMAT_FIXTURES = Path(__file__).resolve().parent / "fixtures" / "formats"
#: The fixtures State Explorer reads (the others are refused on purpose: parallel states, an entity bomb).
READABLE_FIXTURES = ["composite.mmd", "excel_de.csv", "light_delay.json", "light_hierarchical.json",
                     "microwave-01.scxml", "notes_and_choice.mmd", "search_guards.json", "still_moving.mmd",
                     "tasks.tsv", "traffic_light.scxml"]
#: What ``convert`` picks by the output's extension (the issue's list).
BY_EXTENSION = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv", ".tsv": "csv", ".scxml": "scxml", ".json": "xstate",
                ".mmd": "mermaid", ".dot": "dot", ".gv": "dot", ".puml": "plantuml", ".md": "markdown"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as e:  # argparse's usage errors
        code = int(e.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def _same_graph(a: Machine, b: Machine) -> None:
    """The states, the initial state, the finals and every edge with its timeout, whatever the order."""
    assert {s.id for s in a.states} == {s.id for s in b.states}
    assert a.initial == b.initial
    assert {s.id for s in a.states if s.final} == {s.id for s in b.states if s.final}
    assert sorted((t.source, t.target, t.timeout is not None) for t in a.transitions) == \
        sorted((t.source, t.target, t.timeout is not None) for t in b.transitions)


@pytest.mark.parametrize("suffix", sorted(BY_EXTENSION))
def test_convert_the_bundled_machine_by_extension(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                  suffix: str) -> None:
    bundled = load_machine(BUNDLED_MACHINE)
    out = tmp_path / f"rescue{suffix}"
    code, stdout, err = run(capsys, "convert", str(BUNDLED_MACHINE), str(out))
    assert (code, stdout, err) == (0, "", "")
    target = format_named(BY_EXTENSION[suffix])
    assert out.read_bytes().decode("utf-8") == target.write(bundled, lang=bundled.language, filename=str(out))
    if target.read is None:
        return
    back = load_machine_file(out)
    if target.name in ("yaml", "scxml"):
        assert back == bundled  # they carry the whole machine
    else:
        _same_graph(back, bundled)
    code, stdout, err = run(capsys, "check", str(out), "--json")
    assert code == 0, err
    assert len(json.loads(stdout)["transitions"]) == len(bundled.transitions)


@pytest.mark.parametrize("via", [".csv", ".tsv", ".scxml", ".json", ".mmd"])
def test_convert_there_and_back_to_yaml(capsys: pytest.CaptureFixture[str], tmp_path: Path, via: str) -> None:
    foreign, back = tmp_path / f"rescue{via}", tmp_path / "back.yaml"
    assert run(capsys, "convert", str(BUNDLED_MACHINE), str(foreign))[0] == 0
    assert run(capsys, "convert", str(foreign), str(back))[0] == 0
    # YAML is lossless: the file holds exactly what the foreign format carried.
    assert load_machine(back) == load_machine_file(foreign)
    _same_graph(load_machine(back), load_machine(BUNDLED_MACHINE))


@pytest.mark.parametrize("name", READABLE_FIXTURES)
def test_convert_each_fixture_to_yaml_and_scxml(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                name: str) -> None:
    source = FORMAT_FIXTURES / name
    read = load_machine_file(source)
    as_yaml, as_scxml = tmp_path / "m.yaml", tmp_path / "m.scxml"
    assert run(capsys, "convert", str(source), str(as_yaml)) == (0, "", "")
    assert run(capsys, "convert", str(source), str(as_scxml)) == (0, "", "")
    assert load_machine(as_yaml) == read
    _same_graph(load_machine_file(as_scxml), read)


@pytest.mark.parametrize("name", READABLE_FIXTURES)
def test_check_reads_each_fixture(capsys: pytest.CaptureFixture[str], name: str) -> None:
    source = FORMAT_FIXTURES / name
    machine = load_machine_file(source)
    code, out, err = run(capsys, "check", str(source), "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["initial"] == machine.initial
    assert [s["id"] for s in data["states"]] == [s.id for s in machine.states]
    code, out, err = run(capsys, "check", str(source))
    assert code == 0 and f"{len(machine.states)} states, {len(machine.transitions)} transitions" in out


@pytest.mark.parametrize("name", ["billion_laughs.scxml", "microwave-02.scxml", "concurrency.mmd"])
def test_check_refuses_what_cannot_be_read_with_a_position(capsys: pytest.CaptureFixture[str], name: str) -> None:
    source = FORMAT_FIXTURES / name
    code, out, err = run(capsys, "check", str(source))
    assert code == 1 and out == ""
    first = err.splitlines()[0]
    path, line, column, message = first.split(":", 3)
    assert path == str(source) and int(line) >= 1 and int(column) >= 1 and message.strip()
    assert "Traceback" not in err


def test_format_overrides_the_extensions(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    table = tmp_path / "table.txt"
    table.write_bytes((FORMAT_FIXTURES / "excel_de.csv").read_bytes())
    out = tmp_path / "diagram.out"
    code, _, err = run(capsys, "convert", str(table), str(out), "--from", "csv", "-f", "plantuml")
    assert code == 0, err
    text = out.read_text(encoding="utf-8")
    assert text.startswith("@startuml") and text == format_named("plantuml").write(load_machine_file(table, "csv"))


def test_convert_to_standard_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "convert", str(BUNDLED_MACHINE), "-", "-f", "dot")
    assert code == 0, err
    assert out.startswith("digraph ") and "connecting" in out
    code, out, err = run(capsys, "convert", str(BUNDLED_MACHINE), "-")
    assert code == 2 and "-f" in err


def test_convert_refuses_an_unknown_output_extension(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "machine.xyz"
    code, _, err = run(capsys, "convert", str(BUNDLED_MACHINE), str(out))
    assert code == 2 and "machine.xyz" in err and "plantuml" in err
    assert not out.exists()
    code, _, err = run(capsys, "convert", str(BUNDLED_MACHINE), str(out), "-f", "klingon")
    assert code == 2 and "invalid choice" in err


def test_convert_of_a_broken_file_names_its_position_and_writes_nothing(capsys: pytest.CaptureFixture[str],
                                                                       tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"initial": "a", "states": {"a": {"on": {"GO": "nowhere"}}}}', encoding="utf-8")
    out = tmp_path / "out.yaml"
    code, _, err = run(capsys, "convert", str(broken), str(out))
    assert code == 1 and err.startswith(f"{broken}:1:") and "nowhere" in err
    assert not out.exists()


@pytest.mark.parametrize("name", [f.name for f in FORMATS if f.write is not None])
def test_export_takes_every_writer_name(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str) -> None:
    bundled = load_machine(BUNDLED_MACHINE)
    out = tmp_path / "out.txt"
    code, _, err = run(capsys, "export", str(BUNDLED_MACHINE), "-f", name, "-o", str(out), "--lang", "en")
    assert code == 0, err
    assert out.read_bytes().decode("utf-8") == format_named(name).write(bundled, lang="en")


def test_export_csv_to_a_tsv_file_writes_tabs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "table.tsv"
    assert run(capsys, "export", str(BUNDLED_MACHINE), "-f", "csv", "-o", str(out))[0] == 0
    assert out.read_text(encoding="utf-8").splitlines()[0].startswith("from\tto\t")
    assert load_machine_file(out).transitions == load_machine(BUNDLED_MACHINE).transitions


@pytest.mark.parametrize("command", [["path", "{f}", "idle", "done"], ["diff", "{f}", "{f}"], ["tours", "{f}"],
                                     ["coverage", "{f}", "{walk}"]])
def test_every_command_that_takes_a_machine_reads_other_formats(capsys: pytest.CaptureFixture[str],
                                                                tmp_path: Path, command: list[str]) -> None:
    table = tmp_path / "flow.csv"
    table.write_text("from,to,trigger\nidle,busy,start\nbusy,done,finish\n", encoding="utf-8")
    walk = tmp_path / "walk.yaml"
    walk.write_text("steps:\n  - trigger: start\n", encoding="utf-8")
    args = [a.format(f=table, walk=walk) for a in command]
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert out.strip()


def test_scenario_with_a_machine_in_another_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    table = tmp_path / "flow.tsv"
    table.write_text("from\tto\ttrigger\nidle\tbusy\tstart\nbusy\tdone\tfinish\n", encoding="utf-8")
    walk = tmp_path / "walk.yaml"
    walk.write_text("machine: flow.tsv\nsteps:\n  - trigger: start\n  - trigger: finish\nexpect: done\n",
                    encoding="utf-8")
    code, out, err = run(capsys, "scenario", str(walk))
    assert code == 0, err
    assert "start" in out and "finish" in out
    code, out, err = run(capsys, "scenario", str(walk), "--machine", str(table), "--json")
    assert code == 0, err
    assert json.loads(out)["final_state"] == "done"


def test_render_draws_a_machine_from_another_format(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out = tmp_path / "light.svg"
    code, _, err = run(capsys, "render", str(FORMAT_FIXTURES / "traffic_light.scxml"), "-o", str(out))
    assert code == 0, err
    svg = out.read_text(encoding="utf-8")
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for state in ("red", "green", "yellow"):
        assert f">{state}<" in svg
