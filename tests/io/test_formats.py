"""The format registry: one entry point picks the reader by extension, then by content."""

from __future__ import annotations

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
    assert format_names(readable=True) == ("yaml",)
    assert set(format_names(writable=True)) >= {"yaml", "mermaid", "markdown"}
    assert format_named("YAML").name == "yaml"
    with pytest.raises(KeyError):
        format_named("klingon")
    assert writer_for("out.MMD").name == "mermaid"
    assert writer_for("out.md").name == "markdown"
    assert writer_for("out.unknown") is None


def test_every_writer_writes_the_bundled_machine() -> None:
    machine = load_machine(BUNDLED)
    for f in FORMATS:
        if f.write is not None:
            text = f.write(machine, lang="en")
            assert machine.state_label(machine.initial, "en") in text or machine.initial in text, f.name


def test_the_open_dialog_filters_come_from_the_table(monkeypatch: pytest.MonkeyPatch) -> None:
    assert open_dialog_filters() == "Machines (*.yaml *.yml);;All files (*)"
    # A second readable format is one more row, and the filters follow it.
    extra = formats.Format("csv", "CSV table", (".csv", ".tsv"), read=lambda data, filename: None)  # type: ignore[arg-type,return-value]
    monkeypatch.setattr(formats, "FORMATS", (*formats.FORMATS, extra))
    assert open_dialog_filters() == ("Machines (*.yaml *.yml *.csv *.tsv);;YAML machine (*.yaml *.yml);;"
                                     "CSV table (*.csv *.tsv);;All files (*)")
    assert reader_for("table.tsv").name == "csv"


def test_a_new_format_is_sniffed_when_the_extension_says_nothing(monkeypatch: pytest.MonkeyPatch,
                                                                  tmp_path: Path) -> None:
    seen: list[str] = []

    def read(data: bytes, filename: str):  # noqa: ANN202 - a stand-in reader
        seen.append(filename)
        return load_machine_data(SMALL, "as.yaml")

    extra = formats.Format("mermaid-in", "Mermaid", (".mmd",), read=read,
                           sniff=lambda head: head.lstrip().startswith(b"stateDiagram"))
    monkeypatch.setattr(formats, "FORMATS", (extra, *formats.FORMATS))
    path = tmp_path / "diagram.txt"
    path.write_text("stateDiagram-v2\n  [*] --> a\n", encoding="utf-8")
    assert load_machine_file(path).name == "small"
    assert seen == [str(path)]
