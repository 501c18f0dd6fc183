"""The bundled machine checked against the help article it was made from, row by row.

The seed text (a German help article: a table of start status, end status and
procedure, "Ablauf") is parsed here, independently of the machine file, and every
table row is compared with the transition at the same position in
``data/rescue_session_status.yaml``. The article ships with the project in
``data/sources/``, and the machine names it with its ``source:`` key; were it
missing, the tests would fail rather than skip, since then nothing checks the data.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from explorer import analysis
from explorer.model import Machine, Transition

#: The machine file under test.
DATA = Path(__file__).resolve().parents[1] / "data" / "rescue_session_status.yaml"
#: The help article the machine was made from, as the project carries it.
SEED = DATA.parent / "sources" / "rescue_session_status.de.txt"

#: The 14 statuses exactly as the article's table writes them.
STATUS_LABELS = frozenset(
    {
        "Verbindung wird hergestellt",
        "Wartend",
        "Aktiv",
        "Geschlossen",
        "Zeitüberschreitung",
        "Aus Warteschlange der Technikerkonsole gelöscht",
        "Computer wird neu gestartet",
        "Neu verbinden",
        "In Wartestellung",
        "Zusammenarbeit",
        "Ausgang",
        "Eingang",
        "Offline",
        "Einladung",
    }
)
DELETED = "Aus Warteschlange der Technikerkonsole gelöscht"
#: An end status the table writes differently; it is the same state, reached by a timeout.
LABEL_VARIANTS = {f"{DELETED} (Zeitüberschreitung)": DELETED}
ALL_LABELS = STATUS_LABELS | LABEL_VARIANTS.keys()

ACTORS = frozenset({"technician", "customer", "administrator", "time"})
#: The article's duration words, by the seconds a timeout edge may have.
DURATION_WORDS = {60: "einer Minute", 180: "drei Minuten", 300: "fünf Minuten", 480: "acht Minuten"}
#: Words in a row that name an administrator's setting as the duration.
SETTING_WORDS = ("Zeitlimit für Leerlauf", "Zeitüberschreitungen")
TRIGGER_MAX_CHARS = 35

#: The timeout edges as decided row by row: (from, to) -> seconds, None for a setting.
EXPECTED_TIMEOUTS: dict[tuple[str, str], float | None] = {
    ("connecting", "deleted"): 60,  # "nach einer Minute"
    ("waiting", "deleted"): None,  # "wie in ... Zeitüberschreitungen"
    ("waiting", "reconnecting"): 60,  # "In einer Minute wechselt die Sitzung ..."
    ("active", "timed_out"): None,  # idle limit set by the administrator
    ("reconnecting", "timed_out"): None,  # idle limit reached
    ("reconnecting", "offline"): 300,  # "wartet mehr als fünf Minuten"
    ("offline", "timed_out"): 480,  # "auf mindestens acht Minuten"
    ("collaboration", "deleted"): None,  # "(Zeitüberschreitung)", idle limit
    ("timed_out", "timed_out"): 180,  # "wartet mindestens drei Minuten"
}

#: Triggers that lead from one state to several: the table gives the same decisive
#: action, and only the session's history decides where it goes. The analysis must
#: show these. (from, German trigger) -> targets.
EXPECTED_AMBIGUOUS: dict[tuple[str, str], frozenset[str]] = {
    # "Der Techniker klickt auf Sitzung starten[, um die Sitzung fortzusetzen]."
    ("on_hold", "Klick auf „Sitzung starten“"): frozenset({"active", "collaboration"}),
    # "Das LAN wird aktiviert."
    ("reconnecting", "Kunden-LAN wieder aktiv"): frozenset({"active", "on_hold", "waiting", "incoming"}),
    ("offline", "Kunden-LAN wieder aktiv"): frozenset({"active", "on_hold", "waiting"}),
    # "Der Kunde startet seinen Computer neu."
    ("restarting", "Kunde startet seinen PC neu"): frozenset({"incoming", "waiting"}),
}


@dataclass(frozen=True)
class Row:
    """One row of the article's table."""

    line: int
    source: str
    target: str
    #: The procedure's steps without their "1. " numbering, or the row's one sentence.
    steps: tuple[str, ...]
    #: The free paragraph after the steps ("In diesem Fall ..."), if any.
    remark: str | None
    #: Everything the row says after its two status labels, numbering dropped, as one string.
    text: str


@dataclass
class _RowDraft:
    """A row while its lines are being read."""

    line: int
    source: str
    target: str
    steps: list[str] = field(default_factory=list)
    remark: list[str] = field(default_factory=list)

    def finish(self) -> Row:
        remark = " ".join(self.remark) or None
        return Row(self.line, self.source, self.target, tuple(self.steps), remark, " ".join(self.steps + self.remark))


_NUMBERED = re.compile(r"(\d+)\.\s+(.*)")


def _split_header(line: str) -> tuple[str, str, str] | None:
    """(start, end, rest) when ``line`` opens a row with two status labels, else None.

    The longest label wins, so "... gelöscht (Zeitüberschreitung)" is not read
    as "... gelöscht" followed by text.
    """
    by_length = sorted(ALL_LABELS, key=len, reverse=True)
    for start in by_length:
        if not line.startswith(start + " "):
            continue
        rest = line[len(start) + 1 :]
        for end in by_length:
            if rest == end or rest.startswith(end + " "):
                return start, end, rest[len(end) :].strip()
    return None


def parse_seed(path: Path) -> list[Row]:
    """The table rows of the article, in order.

    A row opens with a line "<start status> <end status>", optionally followed
    by its one sentence; numbered lines ("1. ...") are its steps; other lines
    after them, up to the next row, are its remark.
    """
    rows: list[Row] = []
    draft: _RowDraft | None = None
    in_table = False
    for number, raw_line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw_line.strip()
        if line.startswith("Status zu Beginn"):  # the table's heading
            in_table = True
            continue
        if not in_table or not line:
            continue
        if line.startswith("Artikel zuletzt aktualisiert"):  # the footer after the table
            break
        header = _split_header(line)
        if header is not None:
            if draft is not None:
                rows.append(draft.finish())
            start, end, sentence = header
            draft = _RowDraft(number, start, end)
            if sentence:
                draft.steps.append(sentence)
            continue
        assert draft is not None, f"seed line {number} precedes the first row: {line!r}"
        numbered = _NUMBERED.fullmatch(line)
        if numbered and not draft.remark:
            assert int(numbered[1]) == len(draft.steps) + 1, f"seed line {number}: step out of order"
            draft.steps.append(numbered[2])
        else:
            draft.remark.append(line)
    if draft is not None:
        rows.append(draft.finish())
    return rows


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    # No skip when the seed is missing: read_text raises and the tests fail.
    return parse_seed(SEED)


@pytest.fixture(scope="module")
def machine() -> Machine:
    from explorer.io.machine_yaml import load_machine

    return load_machine(DATA)


def de(machine: Machine, state_id: str) -> str:
    return machine.state(state_id).label.get("de")


# -- the parser itself ------------------------------------------------------------


def test_the_machine_names_the_article_as_its_source(machine: Machine) -> None:
    assert machine.source is not None
    assert (DATA.parent / machine.source).resolve() == SEED.resolve()


def test_seed_parser_reads_a_single_sentence_row_and_a_remark(rows: list[Row]) -> None:
    first = rows[0]
    assert (first.source, first.target) == ("Verbindung wird hergestellt", "Wartend")
    assert first.steps == ("Der Kunde lädt das Applet herunter und startet es.",)
    with_remark = [r for r in rows if r.remark]
    assert with_remark and all(r.remark and not _NUMBERED.match(r.remark) for r in with_remark)
    assert any(r.target in LABEL_VARIANTS for r in rows)


# -- row by row -------------------------------------------------------------------


def test_every_row_is_one_transition_in_order(rows: list[Row], machine: Machine) -> None:
    assert len(rows) == 62
    assert len(machine.transitions) == len(rows)


def test_each_transition_joins_its_rows_statuses(rows: list[Row], machine: Machine) -> None:
    for row, t in zip(rows, machine.transitions, strict=True):
        assert de(machine, t.source) == row.source, f"seed line {row.line}, transition {t.id}"
        assert de(machine, t.target) == LABEL_VARIANTS.get(row.target, row.target), (
            f"seed line {row.line}, transition {t.id}"
        )


def test_steps_are_the_rows_procedure_verbatim(rows: list[Row], machine: Machine) -> None:
    for row, t in zip(rows, machine.transitions, strict=True):
        steps = tuple(step.get("de") for step in t.steps)
        assert steps == row.steps, f"seed line {row.line}, transition {t.id}"
        assert " ".join(steps) in row.text, f"seed line {row.line}, transition {t.id}"


def test_remarks_are_descriptions_verbatim(rows: list[Row], machine: Machine) -> None:
    for row, t in zip(rows, machine.transitions, strict=True):
        description = t.description.get("de") if t.description is not None else None
        assert description == row.remark, f"seed line {row.line}, transition {t.id}"


# -- states ---------------------------------------------------------------------------


def test_fourteen_states_labelled_as_in_the_article(machine: Machine) -> None:
    seed_text = SEED.read_text(encoding="utf-8")
    assert len(machine.states) == 14
    assert {s.label.get("de") for s in machine.states} == STATUS_LABELS
    for state in machine.states:
        assert state.label.get("de") in seed_text
        assert {"de", "en"} <= state.label.languages, state.id
        assert re.fullmatch(r"[a-z]+(_[a-z]+)*", state.id), state.id


def test_initial_and_final_states(machine: Machine) -> None:
    assert de(machine, machine.initial) == "Verbindung wird hergestellt"
    assert {de(machine, s.id) for s in machine.states if s.final} == {DELETED}
    # "Geschlossen" has a way on to "gelöscht", so it is not final.
    closed = machine.find_state("Geschlossen")
    assert any(de(machine, t.target) == DELETED for t in machine.outgoing(closed))


def test_invitation_is_unreachable_as_the_article_is_silent(machine: Machine) -> None:
    assert analysis.unreachable(machine) == {machine.find_state("Einladung")}
    assert not machine.incoming(machine.find_state("Einladung"))


# -- triggers and actors --------------------------------------------------------------


def test_every_trigger_is_short_and_in_german_and_english(machine: Machine) -> None:
    for t in machine.transitions:
        assert {"de", "en"} <= t.trigger.languages, t.id
        for _, text in t.trigger.values:
            assert 0 < len(text) <= TRIGGER_MAX_CHARS, f"{t.id}: {text!r}"


def test_actors_are_the_declared_ones(machine: Machine) -> None:
    actors = {t.actor for t in machine.transitions}
    assert actors <= ACTORS
    # The administrator only sets limits before the decisive step: where a limit
    # decides, time passing is the actor.
    assert actors == ACTORS - {"administrator"}


def _last_step(t: Transition) -> str:
    return t.steps[-1].get("de")


def test_same_decisive_step_means_same_trigger(machine: Machine) -> None:
    """No invented differences: rows out of one state ending in the same sentence share a trigger."""
    for state in machine.states:
        by_step: dict[str, set[str]] = defaultdict(set)
        for t in machine.outgoing(state.id):
            by_step[_last_step(t)].add(t.trigger.get("de"))
        for step, triggers in by_step.items():
            assert len(triggers) == 1, f"{state.id}: {step!r} has triggers {triggers}"


def test_shared_triggers_are_exactly_the_documented_ambiguities(machine: Machine) -> None:
    """No invented sameness: a trigger leads to several states only where documented."""
    found: dict[tuple[str, str], frozenset[str]] = {}
    for state in machine.states:
        targets: dict[str, set[str]] = defaultdict(set)
        english: dict[str, set[str]] = defaultdict(set)
        for t in machine.outgoing(state.id):
            targets[t.trigger.get("de")].add(t.target)
            english[t.trigger.get("de")].add(t.trigger.get("en"))
        for trigger, ends in targets.items():
            # A shared German trigger must be shared in English too, and vice versa.
            assert len(english[trigger]) == 1, f"{state.id}: {trigger!r} -> {english[trigger]}"
            if len(ends) > 1:
                found[(state.id, trigger)] = frozenset(ends)
        assert len(set().union(*english.values())) == len(targets), f"{state.id}: English triggers collide"
    assert found == EXPECTED_AMBIGUOUS

    ambiguous_ids = analysis.ambiguous(machine)
    expected_ids = {
        t.id
        for (source, trigger) in EXPECTED_AMBIGUOUS
        for t in machine.outgoing(source)
        if t.trigger.get("de") == trigger
    }
    assert ambiguous_ids == expected_ids


# -- timeouts -------------------------------------------------------------------------


def test_timeout_edges_are_time_passing_with_the_articles_durations(rows: list[Row], machine: Machine) -> None:
    found: dict[tuple[str, str], float | None] = {}
    for row, t in zip(rows, machine.transitions, strict=True):
        assert (t.actor == "time") == t.is_timeout, f"seed line {row.line}, transition {t.id}"
        if t.timeout is None:
            continue
        found[(t.source, t.target)] = t.timeout.seconds
        if t.timeout.seconds is None:
            assert any(words in row.text for words in SETTING_WORDS), f"seed line {row.line}"
        else:
            assert DURATION_WORDS[int(t.timeout.seconds)] in row.text, f"seed line {row.line}"
    assert found == EXPECTED_TIMEOUTS
    assert analysis.timeouts(machine) == {t.id for t in machine.transitions if t.is_timeout}


def test_the_timeout_variant_of_deleted_is_a_timeout_edge(rows: list[Row], machine: Machine) -> None:
    pairs = zip(rows, machine.transitions, strict=True)
    variant_rows = [(row, t) for row, t in pairs if row.target in LABEL_VARIANTS]
    assert variant_rows
    assert all(t.is_timeout and t.target == machine.find_state(DELETED) for _, t in variant_rows)


def test_the_timed_out_self_loop_waits_three_minutes(machine: Machine) -> None:
    timed_out = machine.find_state("Zeitüberschreitung")
    loops = [t for t in machine.outgoing(timed_out) if t.is_self_loop]
    assert len(loops) == 1 and loops[0].timeout is not None
    assert loops[0].timeout.seconds == 180
    assert analysis.self_loops(machine) == {loops[0].id}


def test_every_timeout_line_in_the_file_quotes_its_justification() -> None:
    lines = DATA.read_text(encoding="utf-8").splitlines()
    timeout_lines = [line for line in lines if line.strip().startswith("timeout:")]
    assert len(timeout_lines) == len(EXPECTED_TIMEOUTS)
    for line in timeout_lines:
        _, _, comment = line.partition("#")
        assert "„" in comment or '"' in comment, line
