"""The machine file format: good files become the expected Machine, bad ones name every problem."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from explorer.errors import LoadError, Problem
from explorer.io.machine_yaml import load_machine, load_machine_text
from explorer.model import Machine, State, Text, Timeout, Transition

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def load(text: str) -> Machine:
    return load_machine_text(textwrap.dedent(text), "m.yaml")


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(LoadError) as info:
        load(text)
    problems = info.value.problems
    assert all(p.file == "m.yaml" for p in problems)
    return problems


def only_problem(text: str) -> Problem:
    problems = problems_of(text)
    assert len(problems) == 1, problems
    return problems[0]


def assert_problem(text: str, line: int, column: int, fragment: str) -> None:
    problem = only_problem(text)
    assert (problem.line, problem.column) == (line, column), problem
    assert fragment in problem.message, problem


# A valid machine; the error cases below change one thing in it.
STATES = """\
states:
  connecting:
  waiting:
    label: Waiting
  deleted:
    final: true
"""


# -- good files --------------------------------------------------------------------------


def test_the_good_fixture_becomes_the_expected_machine() -> None:
    machine = load_machine(FIXTURES / "good" / "console.yaml")
    expected = Machine(
        name="Console - session status",
        initial="connecting",
        language="de",
        description=Text.of({"de": "Sitzungen der Konsole", "en": "Console sessions"}),
        states=(
            State("connecting", Text.of({"de": "Verbindung wird hergestellt", "en": "Connecting"}),
                  description=Text.of("Der Kunde hat noch nichts gestartet.")),
            State("waiting", Text.of("Wartend")),
            State("active", Text.of("active")),
            State("deleted", Text.of({"de": "Aus Warteschlange gelöscht", "en": "Removed from queue"}), final=True),
        ),
        transitions=(
            Transition("connecting-waiting", "connecting", "waiting",
                       Text.of({"de": "Kunde startet das Applet", "en": "Customer starts the applet"}),
                       actor="customer",
                       steps=(Text.of("Der Kunde lädt das Applet herunter und startet es."),
                              Text.of({"de": "Der Kunde stimmt zu.", "en": "The customer agrees."}))),
            # The written id "connecting-deleted" further down wins; these two
            # parallel transitions are numbered around it.
            Transition("connecting-deleted-2", "connecting", "deleted", Text.of("Zeit läuft ab"),
                       actor="time", timeout=Timeout(60.0)),
            Transition("connecting-deleted-3", "connecting", "deleted", Text.of("Techniker bricht ab"),
                       actor="technician"),
            Transition("pick-up", "waiting", "active",
                       Text.of({"de": "Techniker startet die Sitzung", "en": "Technician starts the session"}),
                       actor="technician"),
            Transition("connecting-deleted", "waiting", "deleted", Text.of("Leerlauf"), actor="administrator",
                       timeout=Timeout(None), description=Text.of("Das Zeitlimit legt der Administrator fest.")),
            Transition("active-active", "active", "active", Text.of("Bildschirm wird geteilt"), timeout=Timeout(90.0)),
            Transition("active-deleted", "active", "deleted", Text.of("Sitzung beenden"), timeout=Timeout(300.0)),
        ),
    )
    assert machine == expected
    assert [s.line for s in machine.states] == [9, 12, 14, 15]
    assert [t.line for t in machine.transitions] == [19, 26, 31, 35, 40, 47, 51]
    assert machine.transition("active-active").is_self_loop
    assert set(machine.graph["connecting"]["deleted"]) == {"connecting-deleted-2", "connecting-deleted-3"}


def test_the_bundled_machine_loads(bundled_machine: Machine) -> None:
    assert len(bundled_machine.transitions) == 62
    assert all(t.line > 0 for t in bundled_machine.transitions)


def test_minimal_file_defaults() -> None:
    machine = load(f"name: m\ninitial: connecting\n{STATES}")
    assert machine.language == "en"
    assert machine.transitions == ()
    assert machine.state("connecting").label == Text.of("connecting")
    assert machine.state("deleted").final and not machine.state("waiting").final
    assert machine.description is None
    assert machine.source is None


def test_source_is_kept_as_written() -> None:
    machine = load(f"name: m\nsource: sources/article.de.txt\ninitial: connecting\n{STATES}")
    assert machine.source == "sources/article.de.txt"
    assert_problem(f"name: m\nsource: [a, b]\ninitial: connecting\n{STATES}", 2, 9, "source must be a non-empty text")


@pytest.mark.parametrize(("written", "seconds"), [("true", None), ("5m", 300.0), ("90", 90.0), ("'00:01:30'", 90.0)])
def test_timeouts(written: str, seconds: float | None) -> None:
    machine = load(f"""\
        name: m
        initial: a
        states: {{a: , b: }}
        transitions:
          - {{from: a, to: b, trigger: wait, timeout: {written}}}
        """)
    [transition] = machine.transitions
    assert transition.timeout == Timeout(seconds)


def test_generated_ids_are_stable_and_written_ids_win() -> None:
    text = """\
        name: m
        initial: a
        states: {a: , b: }
        transitions:
          - {from: a, to: b, trigger: one}
          - {from: a, to: b, trigger: two}
          - {from: b, to: a, trigger: back, id: a-b}
          - {from: a, to: a, trigger: stay}
        """
    machine = load(text)
    assert [t.id for t in machine.transitions] == ["a-b-2", "a-b-3", "a-b", "a-a"]
    # Appending a transition does not renumber the ones before it.
    more = load(text + "  - {from: a, to: b, trigger: three}\n")
    assert [t.id for t in more.transitions] == ["a-b-2", "a-b-3", "a-b", "a-a", "a-b-4"]


def test_ids_and_labels_are_read_as_written() -> None:
    machine = load("""\
        name: 2024
        initial: off
        states:
          off: {label: no}
          1: {label: {de: 1.50, en: yes}}
        transitions:
          - {from: off, to: 1, trigger: on, id: 10, actor: 0}
        """)
    assert machine.name == "2024"
    assert [s.id for s in machine.states] == ["off", "1"]
    assert machine.state("off").label == Text.of("no")
    assert machine.state("1").label == Text.of({"de": "1.50", "en": "yes"})
    [t] = machine.transitions
    assert (t.id, t.source, t.target, t.trigger, t.actor) == ("10", "off", "1", Text.of("on"), "0")


def test_declared_actors_are_accepted() -> None:
    text = machine_with("  - {from: connecting, to: waiting, trigger: go, actor: customer}\n",
                        head="actors: [customer, time]\n")
    assert load(text).transitions[0].actor == "customer"


# -- the shape of the file ------------------------------------------------------------------


@pytest.mark.parametrize("text", ["- a\n- b\n", "just text\n", "42\n"])
def test_top_level_must_be_a_mapping(text: str) -> None:
    assert_problem(text, 1, 1, "must be a mapping")


def test_missing_name() -> None:
    assert_problem(f"initial: connecting\n{STATES}", 1, 1, "has no 'name'")


def test_name_must_be_text() -> None:
    assert_problem(f"name: [a]\ninitial: connecting\n{STATES}", 1, 7, "name must be a non-empty text")


def test_format_other_than_1() -> None:
    assert_problem(f"format: 2\nname: m\ninitial: connecting\n{STATES}", 1, 9, "unsupported format 2")


def test_unknown_top_level_key_suggests() -> None:
    assert_problem(f"name: m\nintial: x\ninitial: connecting\n{STATES}", 2, 1,
                   "unknown key 'intial' in the machine (did you mean 'initial'?)")


def test_missing_initial() -> None:
    assert_problem(f"name: m\n{STATES}", 1, 1, "has no 'initial'")


def test_empty_initial() -> None:
    assert_problem(f"name: m\ninitial:\n{STATES}", 2, 9, "'initial' is empty")


def test_unknown_initial() -> None:
    assert_problem(f"name: m\ninitial: wating\n{STATES}", 2, 10, "initial: unknown state 'wating' (did you mean 'waiting'?)")


def test_missing_states() -> None:
    assert_problem("name: m\ninitial: a\n", 1, 1, "has no 'states'")


@pytest.mark.parametrize(("value", "column", "fragment"),
                         [("[a, b]", 9, "a list"), ("{}", 9, "empty"), ("", 8, "empty"), ("a", 9, "a text")])
def test_states_must_be_a_non_empty_mapping(value: str, column: int, fragment: str) -> None:
    problem = only_problem(f"name: m\ninitial: a\nstates: {value}\n")
    assert (problem.line, problem.column) == (3, column)
    assert "states must be a mapping" in problem.message and fragment in problem.message


@pytest.mark.parametrize("entry", ["5", "[x]", "Waiting"])
def test_a_state_entry_must_be_a_mapping(entry: str) -> None:
    assert_problem(f"name: m\ninitial: a\nstates:\n  a: {entry}\n", 4, 6, "state 'a' must be a mapping")


def test_unknown_state_key_suggests() -> None:
    assert_problem("name: m\ninitial: a\nstates:\n  a:\n    lable: A\n", 5, 5,
                   "unknown key 'lable' in state 'a' (did you mean 'label'?)")


def test_final_must_be_a_boolean() -> None:
    assert_problem("name: m\ninitial: a\nstates:\n  a:\n    final: maybe\n", 5, 12, "final must be true or false")


def test_a_state_id_must_be_text() -> None:
    assert_problem("name: m\ninitial: a\nstates:\n  a:\n  ~: {}\n", 5, 3, "state id must be a non-empty text")


# -- transitions ---------------------------------------------------------------------------------


def machine_with(transitions: str, head: str = "") -> str:
    """A valid head and states, ``transitions:`` on line 9 (with ``head`` empty), its entries from line 10."""
    return f"name: m\ninitial: connecting\n{head}{STATES}transitions:\n{transitions}"


def test_transitions_must_be_a_list() -> None:
    text = machine_with("").replace("transitions:\n", "transitions: {from: connecting}\n")
    assert_problem(text, 9, 14, "transitions must be a list")


@pytest.mark.parametrize("entry", ["just text", "[connecting, waiting]", "3"])
def test_a_transition_must_be_a_mapping(entry: str) -> None:
    assert_problem(machine_with(f"  - {entry}\n"), 10, 5, "transition 1 must be a mapping")


@pytest.mark.parametrize("missing", ["from", "to", "trigger"])
def test_required_transition_keys(missing: str) -> None:
    entry = {"from": "connecting", "to": "waiting", "trigger": "go"}
    del entry[missing]
    lines = "".join(f"  {'-' if i == 0 else ' '} {k}: {v}\n" for i, (k, v) in enumerate(entry.items()))
    assert_problem(machine_with("  - {from: connecting, to: waiting, trigger: ok}\n" + lines),
                   11, 5, f"transition 2 has no {missing!r}")


def test_unknown_state_reference_points_at_the_value() -> None:
    text = machine_with("  - from: connecting\n    to: wating\n    trigger: go\n")
    assert_problem(text, 11, 9, "to: unknown state 'wating' (did you mean 'waiting'?)")


def test_unknown_source_state() -> None:
    assert_problem(machine_with("  - {from: nowhere, to: waiting, trigger: go}\n"), 10, 12, "from: unknown state 'nowhere'")


def test_unknown_transition_key_suggests() -> None:
    text = machine_with("  - from: connecting\n    to: waiting\n    triger: go\n    trigger: go\n")
    assert_problem(text, 12, 5, "unknown key 'triger' in transition 1 (did you mean 'trigger'?)")


@pytest.mark.parametrize(("timeout", "fragment"),
                         [("soon", "'soon' is not a duration"), ("false", "False is not a duration"),
                          ("-1", "more than zero"), ("[1m]", "is not a duration")])
def test_bad_timeout(timeout: str, fragment: str) -> None:
    text = machine_with(f"  - from: connecting\n    to: waiting\n    trigger: go\n    timeout: {timeout}\n")
    problem = only_problem(text)
    assert (problem.line, problem.column) == (13, 14)
    assert "timeout must be a duration or true" in problem.message and fragment in problem.message


@pytest.mark.parametrize(
    ("trigger", "column", "fragment"),
    [
        ("[go]", 14, "trigger must be a text or a mapping of language codes to texts, not a list"),
        ("''", 14, "trigger is empty"),
        ("{}", 14, "trigger is an empty mapping"),
        ("{de: ''}", 19, "trigger in 'de' must be a non-empty text"),
        ("{de: [a]}", 19, "trigger in 'de' must be a non-empty text"),
        ("{[de]: a}", 15, "a mapping key must be a plain value"),
    ],
)
def test_bad_label_shapes(trigger: str, column: int, fragment: str) -> None:
    text = machine_with(f"  - from: connecting\n    to: waiting\n    trigger: {trigger}\n")
    problems = problems_of(text)
    assert [(p.line, p.column) for p in problems] == [(12, column)]
    assert fragment in problems[0].message


def test_bad_state_label() -> None:
    assert_problem("name: m\ninitial: a\nstates:\n  a:\n    label: {en: [A]}\n", 5, 17, "label of state 'a' in 'en'")


def test_steps_must_be_a_list_of_labels() -> None:
    text = machine_with("  - from: connecting\n    to: waiting\n    trigger: go\n    steps: one step\n")
    assert_problem(text, 13, 12, "steps must be a list")
    text = machine_with("  - from: connecting\n    to: waiting\n    trigger: go\n    steps:\n      - fine\n      - {}\n")
    assert_problem(text, 15, 9, "step 2 is an empty mapping")


def test_duplicate_explicit_ids_name_both_places() -> None:
    text = machine_with("  - {id: go, from: connecting, to: waiting, trigger: a}\n"
                        "  - {from: connecting, to: deleted, trigger: b}\n"
                        "  - {id: go, from: waiting, to: deleted, trigger: c}\n")
    assert_problem(text, 12, 10, "duplicate transition id 'go' (first used at line 10, column 10)")


def test_unknown_actor_when_actors_are_declared() -> None:
    text = machine_with("  - {from: connecting, to: waiting, trigger: a, actor: custmer}\n",
                        head="actors: [customer, time]\n")
    assert_problem(text, 11, 56, "unknown actor 'custmer' (did you mean 'customer'?)")


def test_any_actor_when_none_are_declared() -> None:
    machine = load(machine_with("  - {from: connecting, to: waiting, trigger: a, actor: anyone}\n"))
    assert machine.transitions[0].actor == "anyone"


# -- several problems, YAML-level problems, files ------------------------------------------------------


def test_three_different_problems_are_all_reported() -> None:
    with pytest.raises(LoadError) as info:
        load_machine(FIXTURES / "bad" / "three_problems.yaml")
    problems = info.value.problems
    assert [(p.line, p.column) for p in problems] == [(9, 5), (15, 9), (17, 14)]
    assert "duplicate key 'label'" in problems[0].message
    assert "unknown state 'activ'" in problems[1].message
    assert "timeout must be a duration" in problems[2].message
    assert all(p.file == str(FIXTURES / "bad" / "three_problems.yaml") for p in problems)
    # The error's text lists them all, one "file:line:col: message" per line.
    assert str(info.value).count("\n") == 2


def test_every_transition_is_checked_not_just_the_first() -> None:
    text = machine_with("  - {from: x, to: waiting, trigger: a}\n"
                        "  - {from: connecting, to: y, trigger: b}\n"
                        "  - {from: connecting, to: waiting}\n")
    assert [(p.line, p.column) for p in problems_of(text)] == [(10, 12), (11, 28), (12, 5)]


def test_a_refused_tag_is_reported_once() -> None:
    text = machine_with("  - from: connecting\n    to: waiting\n    trigger: !!python/name:os.system\n")
    assert_problem(text, 12, 14, "the tag !!python/name:os.system is not allowed")


def test_a_refused_key_is_reported_once() -> None:
    text = machine_with("  - from: connecting\n    to: waiting\n    trigger: go\n    !!python/name:os.system : x\n")
    assert_problem(text, 13, 5, "the tag !!python/name:os.system is not allowed")


def test_python_tag_in_a_machine_runs_nothing() -> None:
    with pytest.raises(LoadError) as info:
        load_machine(FIXTURES / "bad" / "python_tag.yaml")
    assert any("!!python/object/apply:os.system" in p.message for p in info.value.problems)
    assert not Path("/tmp/explorer-pwned").exists()


def test_yaml_errors_come_through_load_machine(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_bytes(b"name: m\ninitial: [a\n")
    with pytest.raises(LoadError) as info:
        load_machine(path)
    [problem] = info.value.problems
    assert problem.file == str(path)
    assert problem.message.startswith("malformed YAML")


def test_a_missing_file() -> None:
    with pytest.raises(LoadError, match="cannot read"):
        load_machine(FIXTURES / "bad" / "does-not-exist.yaml")


# -- more shapes ------------------------------------------------------------------------------------


def test_language_and_description_shapes() -> None:
    problems = problems_of(f"name: m\ninitial: connecting\nlanguage: [de]\ndescription: {{}}\n{STATES}")
    assert [(p.line, p.column) for p in problems] == [(3, 11), (4, 14)]
    assert "language must be a non-empty text" in problems[0].message
    assert "description is an empty mapping" in problems[1].message


def test_an_actor_declared_twice() -> None:
    assert_problem(f"name: m\ninitial: connecting\nactors: [time, customer, time]\n{STATES}", 3, 26,
                   "actor 'time' is listed twice")


def test_a_state_id_written_twice_in_different_spellings() -> None:
    assert_problem("name: m\ninitial: '1'\nstates:\n  1:\n  '1':\n", 5, 3, "state id '1' is given twice")


def test_windows_line_endings_keep_positions() -> None:
    text = machine_with("  - from: connecting\n    to: wating\n    trigger: go\n").replace("\n", "\r\n")
    problem = only_problem(text)
    assert (problem.line, problem.column) == (11, 9)


def test_merge_keys_share_transition_defaults() -> None:
    machine = load(machine_with("  - &idle {from: waiting, to: deleted, trigger: idle, actor: time, timeout: 5m}\n"
                                "  - {<<: *idle, from: connecting, timeout: 1m}\n"))
    first, second = machine.transitions
    assert (second.source, second.target, second.actor, second.timeout) == ("connecting", "deleted", "time", Timeout(60.0))
    assert first.timeout == Timeout(300.0)


# -- issue 9: limits a user can read ---------------------------------------------------------

from explorer.io.machine_yaml import MAX_LABEL_LENGTH, MAX_NAME_LENGTH, MAX_TEXT_LENGTH  # noqa: E402


def _with_state(state_yaml: str, transition_yaml: str = "{from: a, to: b, trigger: go}") -> str:
    return f"name: m\ninitial: a\nstates:\n  a:\n{state_yaml}  b:\ntransitions:\n  - {transition_yaml}\n"


def test_a_state_id_of_20000_characters_is_an_error_at_its_key() -> None:
    # The reproduction: it passed `check`, then Graphviz failed with a syntax error.
    long_id = "x" * 20_000
    problem = only_problem(f"name: m\ninitial: a\nstates:\n  a:\n  ? {long_id}\n  :\n")
    assert (problem.line, problem.column) == (5, 5)
    assert f"20,000 characters long; at most {MAX_NAME_LENGTH}" in problem.message
    assert len(problem.message) < 300


@pytest.mark.parametrize(("state_yaml", "transition_yaml", "line", "what", "limit"), [
    ("    label: {long}\n", "{{from: a, to: b, trigger: go}}", 5, "the label of state 'a'", MAX_LABEL_LENGTH),
    ("    label: {{de: {long}}}\n", "{{from: a, to: b, trigger: go}}", 5, "the label of state 'a' in 'de'",
     MAX_LABEL_LENGTH),
    ("", "{{from: a, to: b, trigger: {long}}}", 7, "trigger", MAX_LABEL_LENGTH),
    ("", "{{from: a, to: b, trigger: go, id: {long}}}", 7, "id", MAX_NAME_LENGTH),
    ("", "{{from: a, to: b, trigger: go, steps: [{long}]}}", 7, "step 1", MAX_TEXT_LENGTH),
    ("    description: {long}\n", "{{from: a, to: b, trigger: go}}", 5, "the description of state 'a'",
     MAX_TEXT_LENGTH),
])
def test_texts_over_their_limit_are_errors_with_a_position(state_yaml: str, transition_yaml: str, line: int,
                                                           what: str, limit: int) -> None:
    at_limit = "y" * limit
    load(_with_state(state_yaml.format(long=at_limit), transition_yaml.format(long=at_limit)))
    over = "y" * (limit + 1)
    problem = only_problem(_with_state(state_yaml.format(long=over), transition_yaml.format(long=over)))
    assert problem.line == line and problem.column > 1, problem
    assert problem.message.startswith(f"{what} is {limit + 1:,} characters long; at most {limit:,} are allowed")


def test_a_name_over_the_limit_is_an_error() -> None:
    problem = only_problem(f"name: {'n' * (MAX_NAME_LENGTH + 1)}\ninitial: a\nstates: {{a: }}\n")
    assert (problem.line, problem.column) == (1, 7) and "name is" in problem.message


def test_a_text_passed_as_a_machine_gives_a_short_message() -> None:
    # The reproduction: a file that is one 1 MB line was quoted whole (1 MB message, a frozen window).
    problem = only_problem("x" * 1_000_000 + "\n")
    assert (problem.line, problem.column) == (1, 1)
    assert "must be a mapping" in problem.message and len(problem.message) < 400


def test_an_unknown_state_of_a_megabyte_is_quoted_short() -> None:
    ref = "q" * 1_000_000
    problem = only_problem(f"name: m\ninitial: a\nstates: {{a: }}\ntransitions:\n  - {{from: a, to: '{ref}', trigger: go}}\n")
    assert problem.line == 5 and len(problem.message) < 400


def test_a_number_of_5000_digits_where_a_mapping_belongs_is_quoted_short() -> None:
    problem = only_problem(f"name: m\ninitial: a\nstates: {'7' * 5000}\n")
    assert problem.line == 3 and len(problem.message) < 400
