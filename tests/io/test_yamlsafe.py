"""Safe YAML with positions: data, positions, every refused input, durations."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from explorer.errors import LoadError, Problem
from explorer.io import yamlsafe
from explorer.io.yamlsafe import (
    did_you_mean,
    load_yaml,
    load_yaml_file,
    parse_duration,
    parse_yaml,
    read_source,
    unknown_key_problems,
)

BAD = Path(__file__).resolve().parents[1] / "fixtures" / "bad"


def problems_of(source: bytes | str) -> list[Problem]:
    with pytest.raises(LoadError) as info:
        load_yaml(source, "in.yaml")
    assert all(p.file == "in.yaml" for p in info.value.problems)
    return info.value.problems


def only_problem(source: bytes | str) -> Problem:
    problems = problems_of(source)
    assert len(problems) == 1, problems
    return problems[0]


# -- data and positions ------------------------------------------------------------------


def test_plain_data_of_every_yaml_type() -> None:
    data, _ = load_yaml("s: text\ni: 0x10\nf: 2.5\nb: true\nn: ~\nl: [1, two]\nm: {k: v}\n", "in.yaml")
    assert data == {"s": "text", "i": 16, "f": 2.5, "b": True, "n": None, "l": [1, "two"], "m": {"k": "v"}}


def test_positions_of_values_and_keys_are_one_based() -> None:
    text = "name: x\ntransitions:\n  - from: a\n    to: b\n"
    _, loc = load_yaml(text, "in.yaml")
    assert loc.at() == (1, 1)
    assert loc.at("name") == (1, 7)
    assert loc.at("transitions", 0) == (3, 5)
    assert loc.at("transitions", 0, "to") == (4, 9)
    assert loc.key_at("transitions", 0, "to") == (4, 5)


def test_position_falls_back_to_the_nearest_parent() -> None:
    _, loc = load_yaml("a:\n  b: 1\n", "in.yaml")
    assert loc.at("a", "b", "missing", 3) == loc.at("a", "b") == (2, 6)
    assert loc.key_at("a", "nothing") == loc.at("a") == (2, 3)
    assert not loc.has("a", "nothing")


def test_columns_count_characters_not_bytes() -> None:
    _, loc = load_yaml("größe: [ä, ö]\n", "in.yaml")
    assert loc.at("größe", 1) == (1, 12)


def test_locator_makes_problems_at_values_and_keys() -> None:
    _, loc = load_yaml("a:\n  b: 1\n", "in.yaml")
    assert loc.problem("bad", "a", "b") == Problem("in.yaml", 2, 6, "bad")
    assert loc.key_problem("bad", "a", "b") == Problem("in.yaml", 2, 3, "bad")


def test_the_written_text_of_typed_plain_scalars_is_kept() -> None:
    data, loc = load_yaml("off: yes\n1: '2'\nt: 1.50\n", "in.yaml")
    assert data == {False: True, 1: "2", "t": 1.5}
    assert loc.raw_key(False) == "off"
    assert loc.raw_text(False) == "yes"
    assert loc.raw_key(1) == "1"
    assert loc.raw_text(1) is None  # quoted: already text
    assert loc.raw_text("t") == "1.50"


def test_dates_stay_text() -> None:
    data, _ = load_yaml("day: 2024-05-01\n", "in.yaml")
    assert data == {"day": "2024-05-01"}


def test_merge_keys_merge_and_written_keys_win() -> None:
    text = "base: &b {actor: time, timeout: 1m}\nt:\n  <<: *b\n  timeout: 5m\n"
    data, loc = load_yaml(text, "in.yaml")
    assert data["t"] == {"actor": "time", "timeout": "5m"}
    assert loc.at("t", "timeout") == (4, 12)
    assert loc.at("t", "actor") == (1, 18)


def test_a_byte_order_mark_is_not_an_error() -> None:
    data, loc = load_yaml(b"\xef\xbb\xbfa: 1\n", "in.yaml")
    assert data == {"a": 1}
    assert loc.at("a") == (1, 4)


# -- refused input -----------------------------------------------------------------------


@pytest.mark.parametrize("source", ["", b"", "\n  \n", "# only a comment\n"])
def test_empty_files_are_refused(source: bytes | str) -> None:
    problem = only_problem(source)
    assert "empty" in problem.message
    assert (problem.line, problem.column) == (0, 0)


def test_too_large_text_is_refused_by_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPLORER_MAX_FILE_MB", "5")
    six_mib = b"a: " + b"x" * (6 * 1024 * 1024) + b"\n"
    problem = only_problem(six_mib)  # refused by size, before any parsing
    assert "too large" in problem.message
    assert f"{5 * 1024 * 1024:,} bytes" in problem.message and f"{len(six_mib):,} bytes" in problem.message
    # How to raise it, in the message itself.
    assert "--max-file-size" in problem.message and "EXPLORER_MAX_FILE_MB" in problem.message


def test_too_large_file_is_refused_before_it_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EXPLORER_MAX_FILE_MB", "5")
    path = tmp_path / "big.yaml"
    with path.open("wb") as f:
        f.write(b"a: b\n" * (6 * 1024 * 1024 // 5 + 1))
    with pytest.raises(LoadError) as info:
        read_source(path)
    [problem] = info.value.problems
    assert problem.file == str(path)
    assert "too large" in problem.message
    assert f"{path.stat().st_size:,} bytes" in problem.message


def test_a_missing_file_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        load_yaml_file(tmp_path / "absent.yaml")
    assert "cannot read" in info.value.problems[0].message


def test_not_utf8_names_the_bad_byte() -> None:
    problem = only_problem("a: 1\nb: café\n".encode("latin-1"))
    assert (problem.line, problem.column) == (2, 7)
    assert "UTF-8" in problem.message
    assert "0xe9" in problem.message


def test_not_utf8_column_counts_the_characters_before() -> None:
    problem = only_problem("x: äö".encode() + b"\xff\n")
    assert (problem.line, problem.column) == (1, 6)


def test_binary_files_are_refused_at_the_nul_byte() -> None:
    problem = only_problem(b"a: 1\nbc\x00\x01\x02")
    assert (problem.line, problem.column) == (2, 3)
    assert "binary" in problem.message


def test_binary_fixture_is_refused() -> None:
    with pytest.raises(LoadError, match="binary"):
        load_yaml_file(BAD / "binary.yaml")


def test_utf16_is_named() -> None:
    problem = only_problem("a: 1\n".encode("utf-16"))
    assert "UTF-16" in problem.message


def test_control_characters_are_refused_with_position() -> None:
    problem = only_problem("a: 1\nb: x\x07y\n")
    assert (problem.line, problem.column) == (2, 5)
    assert "U+0007" in problem.message


@pytest.mark.parametrize(
    ("source", "line", "column", "fragment"),
    [
        ("a: [1, 2\nb: 3\n", 2, 2, "expected ',' or ']'"),
        ("a: b: c\n", 1, 5, "mapping values are not allowed"),
        ("a:\n\t- 1\n", 2, 1, "cannot start any token"),
        ("a: 1\n b: 2\n", 2, 3, "mapping values are not allowed"),
        ("a: *nothing\n", 1, 4, "undefined alias"),
        ("a: 1\n---\nb: 2\n", 2, 1, "another document"),
    ],
)
def test_malformed_yaml_gives_yamls_position_and_problem(source: str, line: int, column: int, fragment: str) -> None:
    problem = only_problem(source)
    assert (problem.line, problem.column) == (line, column)
    assert problem.message.startswith("malformed YAML")
    assert fragment in problem.message


def test_every_duplicate_key_is_reported_with_both_lines() -> None:
    text = "a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\na: 4\n"
    problems = problems_of(text)
    assert [(p.line, p.column) for p in problems] == [(5, 3), (6, 1)]
    assert "duplicate key 'x'" in problems[0].message and "first at line 3" in problems[0].message
    assert "duplicate key 'a'" in problems[1].message and "first at line 1" in problems[1].message


def test_duplicates_are_problems_the_caller_can_add_to() -> None:
    doc = parse_yaml("a: 1\na: 2\nb: 3\n", "in.yaml")
    assert doc.data == {"a": 1, "b": 3}  # the first of the duplicates
    [problem] = doc.problems
    assert (problem.line, problem.column) == (2, 1)
    assert "duplicate key 'a'" in problem.message


@pytest.mark.parametrize(
    "source",
    [
        "x: !!python/object/apply:os.system ['touch {marker}']\n",
        "x: !!python/object/new:os.system ['touch {marker}']\n",
        "x: !!python/name:os.system\n",
        "x: !!python/object:pathlib.Path {{}}\n",
        "x: !custom '{marker}'\n",
        "x: !!set {{a, b}}\n",
        "x: !!binary aGVsbG8=\n",
    ],
)
def test_no_tag_constructs_objects_or_runs_code(source: str, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    problem = only_problem(source.format(marker=marker))
    assert not marker.exists()
    assert (problem.line, problem.column) == (1, 4)
    assert "not allowed" in problem.message


def test_python_tag_fixture_is_refused_and_runs_nothing() -> None:
    with pytest.raises(LoadError) as info:
        load_yaml_file(BAD / "python_tag.yaml")
    [problem] = info.value.problems
    assert "!!python/object/apply:os.system" in problem.message
    assert problem.line == 4


def test_a_bad_explicit_scalar_is_reported() -> None:
    problem = only_problem("n: !!int twelve\n")
    assert (problem.line, problem.column) == (1, 4)
    assert "'twelve' is not a valid int" in problem.message


def test_billion_laughs_is_rejected_before_it_expands() -> None:
    # The alias limit stops it while composing; a hang would be pytest-timeout's to report.
    with pytest.raises(LoadError) as info:
        load_yaml_file(BAD / "billion_laughs.yaml")
    assert any("alias bomb" in p.message for p in info.value.problems)


def test_alias_expansion_below_the_limit_is_fine(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "a: &a [1, 2, 3]\nb: [*a, *a]\n"
    data, loc = load_yaml(text, "in.yaml")
    assert data["b"] == [[1, 2, 3], [1, 2, 3]]
    assert data["b"][0] is not data["b"][1]  # expanded, not shared
    assert loc.at("b", 1, 2) == (1, 14)
    monkeypatch.setattr(yamlsafe, "MAX_ALIAS_NODES", 5)
    assert "alias bomb" in only_problem(text).message


def test_a_recursive_alias_is_an_error_not_a_hang() -> None:
    problem = only_problem("a: &a [1, *a]\n")
    assert "recursive alias" in problem.message
    assert problem.line == 1


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    assert "nested" in only_problem("a: " + "[" * 300 + "]" * 300 + "\n").message
    assert "nested" in only_problem("a: " + "[" * 5000 + "]" * 5000 + "\n").message


def test_non_scalar_keys_are_refused() -> None:
    problem = only_problem("? [a, b]\n: 1\n")
    assert (problem.line, problem.column) == (1, 3)
    assert "key must be a plain value" in problem.message


# -- helpers for loaders -------------------------------------------------------------------


def test_did_you_mean() -> None:
    assert did_you_mean("waitng", ["waiting", "active"]) == " (did you mean 'waiting'?)"
    assert did_you_mean("Active", ["waiting", "active"]) == " (did you mean 'active'?)"
    assert did_you_mean("zzz", ["waiting", "active"]) == ""
    assert did_you_mean(3, ["waiting"]) == ""


def test_unknown_key_problems_point_at_each_key() -> None:
    data, loc = load_yaml("s:\n  lable: x\n  finl: true\n  label: y\n", "in.yaml")
    problems = unknown_key_problems(data["s"], ["label", "final"], loc, ("s",), "state 's'")
    assert [(p.line, p.column) for p in problems] == [(2, 3), (3, 3)]
    assert "unknown key 'lable' in state 's' (did you mean 'label'?)" == problems[0].message
    assert "did you mean 'final'?" in problems[1].message


# -- durations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        (90, 90.0),
        (2.5, 2.5),
        ("90", 90.0),
        ("90s", 90.0),
        ("1m", 60.0),
        ("5 min", 300.0),
        ("1h30m", 90 * 60.0),
        ("1h 30m 15s", 90 * 60.0 + 15),
        ("2.5m", 150.0),
        ("3 Minutes", 180.0),
        ("00:05:00", 300.0),
        ("1:02:03", 3723.0),
        ("05:00", 300.0),
    ],
)
def test_parse_duration_accepts(value: object, seconds: float) -> None:
    assert parse_duration(value) == pytest.approx(seconds)


@pytest.mark.parametrize(
    "value",
    [True, False, None, [1], "", "soon", "5x", "m5", "1m1m", "1h 30", "-5", 0, -3, "0s", math.inf, math.nan, "00:75:00"],
)
def test_parse_duration_refuses(value: object) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(value)


def test_values_left_incomplete_by_a_problem_are_marked() -> None:
    doc = parse_yaml("a:\n  b: !!python/name:os.system\n  c: 1\n", "in.yaml")
    assert doc.data == {"a": {"b": None, "c": 1}}
    assert doc.locator.is_damaged("a", "b") and doc.locator.is_damaged("a", "b", "deeper")
    assert not doc.locator.is_damaged("a", "c") and not doc.locator.is_damaged("a")


# -- issue 9: positions and short messages for hostile input ---------------------------------


@pytest.mark.parametrize("text", [
    "name: m\ninitial: " + "[" * 1000 + "]" * 1000 + "\n",  # flow, as in the reproduction
    "a:\n" + "".join("  " * i + "-\n" for i in range(1, 1001)),  # block lists
    "a:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 1001)),  # block mappings
])
def test_nesting_a_thousand_deep_names_the_line_and_column(text: str) -> None:
    problem = only_problem(text)
    assert problem.line >= 2 and problem.column >= 1, problem
    assert f"nested more than {yamlsafe.MAX_DEPTH} levels deep" in problem.message


def test_nesting_just_past_the_limit_names_the_place_too() -> None:
    problem = only_problem("a: " + "[" * (yamlsafe.MAX_DEPTH + 5) + "]" * (yamlsafe.MAX_DEPTH + 5) + "\n")
    assert (problem.line, problem.column) == (1, 4 + yamlsafe.MAX_DEPTH)


def test_a_huge_sparse_file_is_refused_without_reading_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as f:
        f.truncate(600 * 1024 * 1024)  # 600 MB that take no disk
    with pytest.raises(LoadError) as info:
        read_source(path)
    assert "629,145,600 bytes" in info.value.problems[0].message


def test_long_values_are_quoted_short_in_messages() -> None:
    long_value = "x" * 50_000
    problem = only_problem(f"a: !!int {long_value}\n")
    assert "is not a valid int" in problem.message
    assert len(problem.message) < 300 and "49,800 more characters" in problem.message
    problems = problems_of(f"{long_value}: 1\n{long_value}: 2\n")
    assert [len(p.message) < 400 for p in problems] == [True]


def test_quote_and_shorten_bound_what_a_message_repeats() -> None:
    from explorer.errors import QUOTE_LIMIT, quote, shorten

    assert quote("short") == "'short'" and shorten("short") == "short"
    assert quote("y" * 1_000_000) == repr("y" * QUOTE_LIMIT) + "… (999,800 more characters)"
    assert shorten("z" * 250, 100) == "z" * 100 + "… (150 more characters)"
    assert quote(int("9" * 4000) * 10**1000) == "a number too long to show"


def test_a_problem_never_carries_a_megabyte_message() -> None:
    problem = Problem("f.yaml", 1, 1, "m" * 1_000_000)
    assert len(problem.message) < 1100 and problem.message.endswith("more characters)")
