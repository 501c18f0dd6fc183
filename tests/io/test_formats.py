"""The format registry: one entry point picks the reader by extension, then by content."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from explorer.errors import LoadError
from explorer.io import formats
from explorer.io.formats import (
    FORMATS,
    format_named,
    format_names,
    load_machine_data,
    load_machine_file,
    open_dialog_filters,
    reader_for,
    writer_for,
)
from explorer.io.machine_yaml import load_machine

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "data" / "rescue_session_status.yaml"
SMALL = "name: small\ninitial: a\nstates: {a: {}, b: {final: true}}\ntransitions:\n  - {from: a, to: b, trigger: go}\n"


def test_a_yaml_file_loads_through_the_registry() -> None:
    assert load_machine_file(BUNDLED) == load_machine(BUNDLED)
    assert reader_for(BUNDLED).name == "yaml"


@pytest.mark.parametrize("name", ["m.yaml", "m.YML", "dir.with.dots/m.yml"])
def test_extensions_choose_the_reader_whatever_the_content(name: str) -> None:
    assert reader_for(name, b"\x00 not even text").name == "yaml"


def test_a_broken_yaml_file_gets_the_yaml_readers_message(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(LoadError) as info:
        load_machine_file(path)
    assert info.value.problems[0].file == str(path) and info.value.problems[0].line >= 1


@pytest.mark.parametrize("name", ["machine.txt", "machine", "machine.yaml.bak"])
def test_yaml_content_under_another_name_is_recognised(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("# a comment first\n\n" + SMALL, encoding="utf-8")
    machine = load_machine_file(path)
    assert machine.name == "small" and [t.id for t in machine.transitions] == ["a-b"]


def test_unknown_extension_and_content_is_a_clear_load_error(tmp_path: Path) -> None:
    path = tmp_path / "picture.xyz"
    path.write_bytes(b"\x89PNG\r\n\x1a\n binary stuff")
    with pytest.raises(LoadError) as info:
        load_machine_file(path)
    (problem,) = info.value.problems
    assert problem.file == str(path)
    assert "'.xyz'" in problem.message
    # It names every format it could have read, with their extensions.
    for f in FORMATS:
        if f.read is not None:
            assert f.title in problem.message and f.extensions[0] in problem.message


def test_a_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="cannot read the file"):
        load_machine_file(tmp_path / "nothing.yaml")
    with pytest.raises(LoadError, match="cannot read the file"):
        load_machine_file(tmp_path / "nothing.unknown")


def test_data_loads_like_a_file_of_that_name() -> None:
    assert load_machine_data(SMALL, "generated.yaml").name == "small"
    assert load_machine_data(SMALL.encode(), "no-extension").name == "small"
    with pytest.raises(LoadError, match="can write .* but not read"):
        load_machine_data(SMALL, "x.yaml", format="markdown")
    with pytest.raises(LoadError, match="known formats: yaml"):
        load_machine_data(SMALL, "x.yaml", format="klingon")


def test_names_and_writers() -> None:
    assert format_names(readable=True) == ("yaml", "csv", "scxml", "xstate", "mermaid")
    assert format_names(writable=True) == ("yaml", "csv", "scxml", "xstate", "mermaid", "dot", "plantuml", "markdown")
    assert format_named("YAML").name == "yaml"
    with pytest.raises(KeyError):
        format_named("klingon")
    assert writer_for("out.MMD").name == "mermaid"
    assert writer_for("out.md").name == "markdown"
    assert writer_for("out.gv").name == "dot" and writer_for("out.puml").name == "plantuml"
    assert writer_for("out.json").name == "xstate" and writer_for("out.tsv").name == "csv"
    assert writer_for("out.unknown") is None


def test_every_writer_writes_the_bundled_machine() -> None:
    machine = load_machine(BUNDLED)
    for f in FORMATS:
        if f.write is not None:
            text = f.write(machine, lang="en")
            assert machine.state_label(machine.initial, "en") in text or machine.initial in text, f.name


def test_the_open_dialog_filters_come_from_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    filters = open_dialog_filters().split(";;")
    assert filters[0] == "Machines (*.yaml *.yml *.csv *.tsv *.scxml *.json *.mmd *.mermaid)"
    assert filters[1:] == ["YAML machine (*.yaml *.yml)", "CSV/TSV table (*.csv *.tsv)", "SCXML state chart (*.scxml)",
                           "XState machine JSON (*.json)", "Mermaid state diagram (*.mmd *.mermaid)", "All files (*)"]
    # One more readable format is one more row, and the filters follow it.
    extra = formats.Format("scsv", "Semicolon table", (".scsv",), read=lambda data, filename: None)  # type: ignore[arg-type,return-value]
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, extra))
    assert "*.mermaid *.scsv)" in open_dialog_filters()
    assert "Semicolon table (*.scsv);;All files (*)" in open_dialog_filters()
    assert reader_for("table.scsv").name == "scsv"


def test_a_new_format_is_sniffed_when_the_extension_says_nothing(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    seen: list[str] = []

    def read(data: bytes, filename: str):  # noqa: ANN202 - a stand-in reader
        seen.append(filename)
        return load_machine_data(SMALL, "as.yaml")

    extra = formats.Format("diagram-in", "Diagram", (".diagram",), read=read,
                           sniff=lambda head: head.lstrip().startswith(b"stateDiagram"))
    monkeypatch.setattr(formats, "FORMATS", (extra, *formats.FORMATS))
    path = tmp_path / "diagram.txt"
    path.write_text("stateDiagram-v2\n  [*] --> a\n", encoding="utf-8")
    assert load_machine_file(path).name == "small"
    assert seen == [str(path)]


FIXTURES = ROOT / "tests" / "fixtures" / "formats"
#: One fixture per readable foreign format, with the reader its extension picks.
FOREIGN = {
    "excel_de.csv": "csv",
    "tasks.tsv": "csv",
    "traffic_light.scxml": "scxml",
    "light_delay.json": "xstate",
    "still_moving.mmd": "mermaid",
}


@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_every_foreign_fixture_loads_through_the_registry(name: str) -> None:
    path = FIXTURES / name
    assert reader_for(path).name == FOREIGN[name]
    machine = load_machine_file(path)
    module = {"csv": "csv_format"}.get(FOREIGN[name], FOREIGN[name])
    direct = importlib.import_module(f"explorer.io.{module}").read(path.read_bytes(), str(path))
    assert machine == direct and machine.states


@pytest.mark.parametrize("name", sorted(FOREIGN))
def test_foreign_content_under_another_name_is_sniffed(tmp_path: Path, name: str) -> None:
    copy = tmp_path / (name + ".txt")
    copy.write_bytes((FIXTURES / name).read_bytes())
    assert reader_for(copy).name == FOREIGN[name]
    assert load_machine_file(copy).transitions == load_machine_file(FIXTURES / name).transitions


def test_yaml_is_sniffed_after_the_strict_sniffers(tmp_path: Path) -> None:
    # Mermaid front matter is a YAML document start; the strict Mermaid sniffer wins.
    path = tmp_path / "diagram.txt"
    path.write_text("---\ntitle: Simple\n---\nstateDiagram-v2\n  [*] --> a\n  a --> [*]\n", encoding="utf-8")
    assert reader_for(path).name == "mermaid"
    assert {s.id for s in load_machine_file(path).states} >= {"a"}


def test_format_overrides_the_extension(tmp_path: Path) -> None:
    path = tmp_path / "table.yaml"
    path.write_bytes((FIXTURES / "excel_de.csv").read_bytes())
    with pytest.raises(LoadError):
        load_machine_file(path)  # read as YAML, as its extension says
    as_csv = load_machine_file(path, "csv")
    assert as_csv.transitions == load_machine_file(FIXTURES / "excel_de.csv").transitions


def test_foreign_formats_are_read_up_to_64_mib_and_yaml_up_to_32(tmp_path: Path) -> None:
    from explorer.io import formatkit, yamlsafe

    assert yamlsafe.MAX_BYTES == 32 * 1024 * 1024 and formatkit.MAX_BYTES == 64 * 1024 * 1024
    assert format_named("yaml").max_bytes == yamlsafe.MAX_BYTES
    for name in ("csv", "scxml", "xstate", "mermaid"):
        assert format_named(name).max_bytes == formatkit.MAX_BYTES > yamlsafe.MAX_BYTES
    # Sparse files (no disk used): a CSV over the YAML limit is read (and is then
    # refused for its content, zeros); a YAML file of the same size is refused unread.
    big = tmp_path / "big.csv"
    with big.open("wb") as f:
        f.truncate(yamlsafe.MAX_BYTES + 1)
    with pytest.raises(LoadError) as info:
        load_machine_file(big)
    assert "binary" in info.value.problems[0].message
    big_yaml = tmp_path / "big.yaml"
    with big_yaml.open("wb") as f:
        f.truncate(yamlsafe.MAX_BYTES + 1)
    with pytest.raises(LoadError, match="too large"):
        load_machine_file(big_yaml)


def test_the_csv_writer_writes_tabs_for_a_tsv_file() -> None:
    machine = load_machine(BUNDLED)
    csv_row = format_named("csv")
    assert csv_row.write(machine, filename="out.tsv").splitlines()[0].count("\t") >= 3
    assert "\t" not in csv_row.write(machine, filename="out.csv").splitlines()[0]
    assert csv_row.write(machine) == csv_row.write(machine, filename="OUT.CSV")


@pytest.mark.parametrize("name", sorted(formats.FORMAT_MODULES))
def test_each_row_repeats_its_modules_name_extensions_and_title(name: str) -> None:
    # The table names the modules' formats without importing them (start-up, issue 13): it must agree with them.
    from explorer.io import formatkit

    module = importlib.import_module(f"explorer.io.{formats.FORMAT_MODULES[name]}")
    row = format_named(name)
    assert (row.name, row.title, row.extensions) == (module.NAME, module.DESCRIPTION, tuple(module.EXTENSIONS))
    assert row.max_bytes == formatkit.MAX_BYTES
    assert (row.read is not None) == hasattr(module, "read")
    assert (row.sniff is not None) == hasattr(module, "sniff")


def test_the_tables_size_limits_are_the_readers() -> None:
    from explorer.io import formatkit, yamlsafe

    assert format_named("yaml").max_bytes == yamlsafe.MAX_BYTES == formats.YAML_MAX_BYTES
    assert formats.FORMAT_MAX_BYTES == formatkit.MAX_BYTES


def test_reading_a_file_too_large_is_yamlsafes_load_error(tmp_path: Path) -> None:
    from explorer.io import yamlsafe

    path = tmp_path / "big.yaml"
    path.write_bytes(b"x" * 101)
    assert formats.read_source(path, 101) == b"x" * 101
    with pytest.raises(LoadError) as ours:
        formats.read_source(path, 100)
    with pytest.raises(LoadError) as theirs:
        yamlsafe.read_source(path, 100)
    assert ours.value.problems == theirs.value.problems
    with pytest.raises(LoadError, match="cannot read the file"):
        formats.read_source(tmp_path / "missing.yaml", 100)
