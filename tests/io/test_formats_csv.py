"""CSV/TSV reader on spreadsheet exports (German Excel, a UTF-8 TSV with a BOM), and on bad input."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from explorer.errors import LoadError
from explorer.io import csv_format, formatkit
from explorer.model import Text, Timeout

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def _read(name: str):  # noqa: ANN202
    path = FIXTURES / name
    return csv_format.read(path.read_bytes(), str(path))


def _problems(data: bytes | str, name: str = "bad.csv") -> list[str]:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with pytest.raises(LoadError) as info:
        csv_format.read(raw, name)
    return [str(p) for p in info.value.problems]


def test_german_excel_export() -> None:
    """Semicolons, cp1252, CRLF, capitalised headers, trigger per language, ``ja`` for final."""
    m = _read("excel_de.csv")
    assert m.name == "excel_de" and m.language == "de" and m.initial == "Bereit"
    assert [(s.id, s.final) for s in m.states] == [("Bereit", False), ("Läuft", False), ("Fertig", True)]
    start, done, stop = m.transitions
    assert start.trigger == Text((("de", "Start drücken"), ("en", "Press start")))
    assert start.steps == (Text.of("Deckel schließen"), Text.of("Start drücken"))  # split at ';'
    assert start.actor == "Bediener"
    assert done.timeout == Timeout(300.0)
    assert stop.target == "Bereit" and stop.steps == ()


def test_tsv_with_bom_line_breaks_and_setting() -> None:
    m = _read("tasks.tsv")
    submit, approve, no_answer = m.transitions
    assert submit.steps == (Text.of("Fill in the form"), Text.of("Press submit"))
    assert approve.description == Text.of("The reviewer signs.")
    assert no_answer.timeout == Timeout(None)


def test_initial_column_and_state_rows() -> None:
    text = "from,to,trigger,initial,final\na,b,go,,\nb,a,back,yes,\nlonely,,,,yes\n"
    m = csv_format.read(text.encode(), "x.csv")
    assert m.initial == "b"
    assert [(s.id, s.final) for s in m.states] == [("a", False), ("b", False), ("lonely", True)]


def test_problems_point_at_row_and_cell() -> None:
    text = "from,to,trigger,timeout,final\na,b,go,soon,\na,,go,,\n,b,x,,\na,b,,,maybe\n"
    problems = _problems(text)
    # The duration parser's own explanation follows; tests/test_durations.py pins it.
    assert problems[0].startswith("bad.csv:2:4: timeout must be a duration or 'setting': 'soon' is not a duration")
    assert problems[1:] == [
        "bad.csv:3:2: 'to' is empty (a row that only names a state has no trigger)",
        "bad.csv:4:1: 'from' is empty",
        "bad.csv:5:3: the trigger is empty",
        "bad.csv:5:5: final must be yes or no (or empty), not 'maybe'",
    ]


def test_header_problems() -> None:
    assert _problems("form,to,trigger\na,b,c\n") == [
        "bad.csv:1:1: unknown column 'form' (did you mean 'from'?) (known columns: id, from, to, trigger, actor, "
        "timeout, steps, description, initial, final, trigger_<lang>, steps_<lang>, description_<lang>)",
        "bad.csv:1:1: the header has no 'from' column",
    ]
    assert _problems("from,to\na,b\n") == ["bad.csv:1:1: the header has no 'trigger' column (or trigger_<lang> columns)"]


def test_a_huge_cell_is_refused_with_its_line() -> None:
    text = "from,to,trigger\na,b,go\nb,a," + "x" * (csv.field_size_limit() + 10) + "\n"
    (message,) = _problems(text)
    assert message.startswith("bad.csv:3:0: the table cannot be read here: field larger than field limit")


def test_a_file_over_the_limit_is_refused_unread() -> None:
    data = b"from,to,trigger\n" + b"a" * formatkit.MAX_BYTES
    (message,) = _problems(data)
    assert message.startswith("bad.csv:0:0: the file is too large")


def test_a_million_columns_are_refused() -> None:
    text = "from,to,trigger\na,b,c" + "," * 1_000_000 + "\n"
    (message,) = _problems(text)
    assert message == f"bad.csv:2:{csv_format.MAX_COLUMNS + 1}: this row has 1,000,003 cells; the limit is 1,000"


def test_binary_and_utf16_files() -> None:
    assert _problems(b"from,to\x00") == ["bad.csv:1:8: the file is binary (it contains a NUL byte), not a CSV table"]
    assert _problems("from,to,trigger\n".encode("utf-16")) == ["bad.csv:1:1: the file is UTF-16; save it as UTF-8"]


def test_sniff() -> None:
    assert csv_format.sniff((FIXTURES / "excel_de.csv").read_bytes())
    assert csv_format.sniff((FIXTURES / "tasks.tsv").read_bytes())
    assert not csv_format.sniff(b"stateDiagram-v2\n")
