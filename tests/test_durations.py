"""explorer.durations: every form a file may write, every way the program shows one, and the limits.

The writers must show exactly what the program showed before the module
existed for every wait below a day, so the old implementations are kept here
as oracles and compared over many values.
"""

from __future__ import annotations

import math
import random
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from explorer import durations
from explorer.durations import DAY, HOUR, MAX_SECONDS, MINUTE, WEEK
from explorer.errors import LoadError, SessionError
from explorer.io.machine_yaml import load_machine_text
from explorer.io.markdown import machine_markdown
from explorer.io.mermaid import machine_to_mermaid
from explorer.io.scenario import dump_scenario, load_scenario_text
from explorer.model import Machine, Timeout
from explorer.replay import replay, scenario_from_session
from explorer.session import Session

ROOT = Path(__file__).resolve().parents[1]


# -- reading --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        # Every form the loader read before days and weeks came.
        (90, 90), (2.5, 2.5), ("90", 90), ("2.5", 2.5), (".5", 0.5), ("90s", 90), ("1m", MINUTE),
        ("5 min", 5 * MINUTE), ("1h30m", HOUR + 30 * MINUTE), ("1h 30m 15s", HOUR + 30 * MINUTE + 15),
        ("2.5m", 150), ("3 Minutes", 3 * MINUTE), ("1 hour 5 minutes", HOUR + 5 * MINUTE), ("30 sec", 30),
        ("05:00", 5 * MINUTE), ("00:05:00", 5 * MINUTE), ("1:02:03", HOUR + 2 * MINUTE + 3), ("00:00:01.5", 1.5),
        ("  90s  ", 90),
        # Days and weeks.
        ("7d", 7 * DAY), ("4 days", 4 * DAY), ("1 day", DAY), ("2w", 2 * WEEK), ("1 week", WEEK),
        ("3 weeks", 3 * WEEK), ("1wk", WEEK), ("2d 3h", 2 * DAY + 3 * HOUR), ("1.5d", 36 * HOUR),
        ("1w2d3h4m5s", WEEK + 2 * DAY + 3 * HOUR + 4 * MINUTE + 5), ("3h 2d", 2 * DAY + 3 * HOUR),
        ("7D", 7 * DAY), ("2d 03:15:00", 2 * DAY + 3 * HOUR + 15 * MINUTE), ("365d", MAX_SECONDS),
        # ISO 8601.
        ("P4D", 4 * DAY), ("PT5M", 5 * MINUTE), ("P1W", WEEK), ("P1DT2H30M", DAY + 2 * HOUR + 30 * MINUTE),
        ("PT1H", HOUR), ("PT90S", 90), ("PT0.5S", 0.5), ("PT1,5M", 90), ("pt5m", 5 * MINUTE),
        ("P2W3D", 2 * WEEK + 3 * DAY), ("P365D", MAX_SECONDS),
        # The limit itself is allowed.
        (MAX_SECONDS, MAX_SECONDS), (float(MAX_SECONDS), MAX_SECONDS),
    ],
)
def test_parse_accepts(value: object, seconds: float) -> None:
    result = durations.parse(value)
    assert result == pytest.approx(seconds) and isinstance(result, float)


@pytest.mark.parametrize(
    ("value", "fragment"),
    [
        ("soon", "'soon' is not a duration; use seconds (90)"),
        ("5x", "is not a duration"), ("m5", "is not a duration"), ("1m1m", "is not a duration"),
        ("1d 2 days", "is not a duration"), ("1h 30", "is not a duration"), ("", "is not a duration"),
        ("-5", "is not a duration"), ("1e3", "is not a duration"),
        (True, "True is not a duration"), (None, "None is not a duration"), ([1], "[1] is not a duration"),
        (0, "more than zero"), (-3, "more than zero"), ("0s", "more than zero"), ("P0D", "more than zero"),
        (-math.inf, "more than zero"), (math.nan, "nan is not a duration (not a number)"),
        ("00:75:00", "minutes must be below 60"), ("2d 05:00", "after days write the time as hh:mm:ss"),
        ("2d 24:00:00", "hours must be below 24"),
        ("P", "is not a duration"), ("PT", "not an ISO 8601 duration"), ("P1DT", "not an ISO 8601 duration"),
        ("P5", "not an ISO 8601 duration"), ("P1Y", "years and months have no fixed length"),
        ("P2M", "years and months have no fixed length"),
        # Longer than a year: refused whatever the form, and a huge number does not overflow on its way.
        ("366d", "at most 365 days (1 year), not '366d'"), ("53w", "at most 365 days"), ("P366D", "at most 365 days"),
        (MAX_SECONDS + 1, f"at most 365 days (1 year), not {MAX_SECONDS + 1} seconds"),
        (99999999999999999999999, "at most 365 days (1 year), not 99999999999999999999999 seconds"),
        (10**400, "not a number of about 400 digits"), (math.inf, "at most 365 days"), (1e308, "at most 365 days"),
        ("1" + "0" * 400 + "s", "at most 365 days"),
    ],
)
def test_parse_refuses_with_a_clear_message(value: object, fragment: str) -> None:
    with pytest.raises(ValueError, match="duration") as info:
        durations.parse(value)
    assert fragment in str(info.value)


@pytest.mark.parametrize("value", ["1" * 1_000_000, "x" * 1_000_000, "00:" + "9" * 10_000 + ":00", 10**10_000],
                         ids=["digits", "letters", "clock", "int"])
def test_messages_quote_a_hostile_value_shortly(value: object) -> None:
    with pytest.raises(ValueError) as info:
        durations.parse(value)
    assert len(str(info.value)) < 300


def test_zero_only_where_allowed() -> None:
    assert durations.parse(0, allow_zero=True) == 0.0
    assert durations.parse("0s", allow_zero=True) == 0.0
    with pytest.raises(ValueError, match="zero or more seconds"):
        durations.parse(-1, allow_zero=True)


# -- writing: below a day exactly as before -------------------------------------------------
# The implementations each module carried before explorer.durations, verbatim.


def _old_words(seconds: float) -> str:  # io/markdown.py: duration_words
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs = rest / 1000
    parts = [f"{hours} h"] if hours else []
    if minutes:
        parts.append(f"{minutes} min")
    if secs or not parts:
        parts.append(f"{secs:g} s")
    return " ".join(parts)


def _old_style(seconds: float) -> str:  # ui/style.py: format_duration
    if seconds >= 3600 and seconds % 3600 == 0:
        return f"{int(seconds // 3600)} h"
    if seconds >= 60 and seconds % 60 == 0:
        return f"{int(seconds // 60)} min"
    return f"{seconds:g} s"


def _old_mermaid(seconds: float) -> str:  # io/mermaid.py: _duration
    if seconds >= 60 and seconds % 60 == 0:
        return f"{seconds / 60:g} min"
    return f"{seconds:g} s"


def _old_panel_clock(seconds: float) -> str:  # ui/session_panel.py: format_clock
    total = max(0, int(seconds + 1e-6))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def _old_document_clock(seconds: float) -> str:  # io/markdown.py: clock
    total = int(seconds + 1e-6)
    return f"{total // 60:02d}:{total % 60:02d}"


def _old_countdown(seconds: float) -> str:  # ui/session_panel.py: format_countdown
    total = max(0, -int(-seconds // 1))
    minutes, secs = divmod(total, 60)
    return f"{minutes}:{secs:02d}"


def _old_yaml(seconds: float) -> str:  # io/scenario.py: format_duration
    if seconds == 0:
        return "0s"
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs = rest / 1000
    parts = []
    if hours:
        parts.append(f"{hours}h")
    if minutes:
        parts.append(f"{minutes}m")
    if secs or not parts:
        parts.append(f"{secs:g}s")
    return "".join(parts)


def _below_a_day() -> list[float]:
    rng = random.Random(7)
    edges = [0, 0.001, 0.5, 1, 59, 59.4, 59.9, 60, 61.9, 90, 119.9995, 3599, 3599.9999, 3600, 3661, 5400,
             7200, 43200, 86340, 86399, 86399.4]
    whole = [rng.randrange(0, DAY) for _ in range(400)]
    round_minutes = [rng.randrange(1, DAY // MINUTE) * MINUTE for _ in range(200)]
    fractions = [round(rng.uniform(0, DAY - 1), rng.choice([1, 2, 3, 6])) for _ in range(400)]
    return [float(x) for x in edges + whole + round_minutes + fractions]


@pytest.mark.parametrize(
    ("new", "old"),
    [
        (durations.words, _old_words),
        (durations.compact, _old_style),
        (lambda s: durations.compact(s, hours=False), _old_mermaid),
        (durations.clock, _old_panel_clock),
        (lambda s: durations.clock(s, hours=False), _old_document_clock),
        (durations.countdown, _old_countdown),
        (durations.to_yaml, _old_yaml),
    ],
    ids=["words", "compact", "compact-mermaid", "clock", "clock-documents", "countdown", "to_yaml"],
)
def test_below_a_day_every_writer_shows_what_it_showed_before(new, old) -> None:  # type: ignore[no-untyped-def]
    values = _below_a_day()
    assert len(values) > 1000
    different = [(s, new(s), old(s)) for s in values if new(s) != old(s)]
    assert different == []


def test_the_old_names_still_answer() -> None:
    from explorer.io import markdown, scenario
    from explorer.io.yamlsafe import parse_duration
    from explorer.ui import session_panel, style

    assert parse_duration("7d") == 7 * DAY
    assert scenario.format_duration(2 * DAY + HOUR) == durations.to_yaml(2 * DAY + HOUR) == "2d1h"
    assert markdown.duration_words(WEEK) == "1 week" and markdown.clock(DAY) == "1d 00:00:00"
    assert style.format_duration(None) == durations.SETTING_MARK and style.format_duration(7 * DAY) == "7 d"
    assert session_panel.format_clock(DAY + 1) == "1d 00:00:01"
    assert session_panel.format_countdown(DAY + 0.5) == "1d 00:00:01"


# -- writing: days and weeks ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "en", "de"),
    [
        (DAY, "1 day", "1 Tag"),
        (4 * DAY, "4 days", "4 Tage"),
        (2 * DAY + 3 * HOUR + 15 * MINUTE, "2 days 3 h 15 min", "2 Tage 3 h 15 min"),
        (WEEK, "1 week", "1 Woche"),
        (2 * WEEK + DAY + 30, "2 weeks 1 day 30 s", "2 Wochen 1 Tag 30 s"),
        (MAX_SECONDS, "52 weeks 1 day", "52 Wochen 1 Tag"),
    ],
)
def test_words_name_days_and_weeks_in_each_language(seconds: float, en: str, de: str) -> None:
    assert durations.words(seconds) == durations.words(seconds, "en") == en
    assert durations.words(seconds, "de") == de
    assert durations.words(seconds, "fr") == en  # English for a language without words


@pytest.mark.parametrize(
    ("seconds", "short"),
    [(DAY, "1 d"), (7 * DAY, "7 d"), (2 * WEEK, "14 d"), (DAY + 2 * HOUR, "1 d 2 h"),
     (DAY + 90, "1 d 1 min 30 s"), (DAY + 0.5, "1 d 0.5 s")],
)
def test_compact_shows_days(seconds: float, short: str) -> None:
    assert durations.compact(seconds) == durations.compact(seconds, hours=False) == short


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [(DAY, "1d 00:00:00"), (2 * DAY + 3 * HOUR + 15 * MINUTE, "2d 03:15:00"), (DAY + 59.9, "1d 00:00:59"),
     (MAX_SECONDS, "365d 00:00:00"), (10 * MAX_SECONDS + 1, "3650d 00:00:01")],
)
def test_clocks_show_days_beyond_a_day(seconds: float, shown: str) -> None:
    assert durations.clock(seconds) == durations.clock(seconds, hours=False) == shown


def test_countdown_rounds_up_into_days() -> None:
    assert durations.countdown(DAY - 0.5) == f"{DAY // MINUTE}:00"  # below a day, as it always read
    assert durations.countdown(DAY) == "1d 00:00:00"
    assert durations.countdown(2 * DAY + 3 * HOUR + 14 * MINUTE + 59.1) == "2d 03:15:00"


def test_the_clock_reads_back_what_it_shows() -> None:
    for seconds in (2 * DAY + 3 * HOUR + 15 * MINUTE, DAY + 1, 300 * DAY + 23 * HOUR + 59 * MINUTE + 59):
        assert durations.parse(durations.clock(seconds)) == seconds


@pytest.mark.parametrize("odd", [math.inf, -math.inf, math.nan, -5.0, 1e300, float(10**30)])
def test_writers_never_raise(odd: float) -> None:
    shown = [durations.words(odd), durations.words(odd, "de"), durations.compact(odd),
             durations.compact(odd, hours=False), durations.clock(odd), durations.clock(odd, hours=False),
             durations.countdown(odd)]
    assert all(isinstance(text, str) and text for text in shown)
    if math.isinf(odd) and odd > 0:
        assert set(shown) == {durations.INFINITE}
    if odd < 0 and math.isfinite(odd):
        assert durations.clock(odd) == "00:00" and durations.countdown(odd) == "0:00"


@pytest.mark.parametrize("bad", [math.inf, math.nan, -1.0])
def test_to_yaml_refuses_what_no_file_can_hold(bad: float) -> None:
    with pytest.raises(ValueError, match="cannot be written as a duration"):
        durations.to_yaml(bad)


def test_round_trip_parse_of_to_yaml_is_exact() -> None:
    rng = random.Random(11)
    values = [0.001, 0.5, 1, 59.999, 60, 90, 3600, 3661.5, DAY - 0.001, DAY, DAY + 0.001, WEEK, 8 * DAY + 1.25,
              MAX_SECONDS - 0.001, MAX_SECONDS]
    values += [rng.randrange(1, MAX_SECONDS * 1000) / 1000 for _ in range(2000)]
    values += [rng.randrange(1, MAX_SECONDS // MINUTE) * MINUTE for _ in range(200)]
    for seconds in values:
        text = durations.to_yaml(seconds)
        assert durations.parse(text) == seconds, (seconds, text)
    assert durations.to_yaml(0) == "0s" and durations.parse("0s", allow_zero=True) == 0
    assert durations.to_yaml(2 * DAY + 3 * HOUR) == "2d3h" and durations.to_yaml(WEEK) == "7d"


# -- the loaders ----------------------------------------------------------------------------

MACHINE = """\
name: m
initial: open
states:
  open:
  closed:
transitions:
  - from: open
    to: closed
    trigger: ticket ages
    timeout: {timeout}
"""


def _machine(timeout: str) -> Machine:
    return load_machine_text(MACHINE.format(timeout=timeout), "m.yaml")


@pytest.mark.parametrize(("written", "seconds"), [("7d", 7 * DAY), ("4 days", 4 * DAY), ("2w", 2 * WEEK),
                                                  ("P4D", 4 * DAY), ("2d 3h", 2 * DAY + 3 * HOUR),
                                                  ("P1DT2H30M", DAY + 2 * HOUR + 30 * MINUTE)])
def test_the_loader_reads_days_and_weeks(written: str, seconds: float) -> None:
    assert _machine(written).transitions[0].timeout == Timeout(seconds)


@pytest.mark.parametrize(("written", "fragment"), [
    ("99999999999999999999999", "not 99999999999999999999999 seconds"),
    ("1" + "0" * 400, "a number of about 400 digits"),
    ("400d", "not '400d'"),
    (".inf", "not inf seconds"),
    (".nan", "not a number"),
    ("-7d", "is not a duration"),
])
def test_the_loader_refuses_durations_out_of_range_at_their_position(written: str, fragment: str) -> None:
    with pytest.raises(LoadError) as info:
        _machine(written)
    (problem,) = info.value.problems
    assert (problem.file, problem.line, problem.column) == ("m.yaml", 10, 14)
    assert "timeout must be a duration or true" in problem.message and fragment in problem.message


def test_scenario_waits_take_days_zero_and_refuse_more_than_a_year() -> None:
    scenario = load_scenario_text("steps:\n  - wait: 2d\n  - wait: 0s\n  - wait: P1W\n", "s.yaml")
    assert [step.value for step in scenario.steps] == [2 * DAY, 0, WEEK]
    with pytest.raises(LoadError) as info:
        load_scenario_text("default_timeout: 1w\nsteps:\n  - wait: 1m\n  - wait: 99999999999999999999999\n",
                           "s.yaml")
    (problem,) = info.value.problems
    assert (problem.line, problem.column) == (4, 11) and "at most 365 days" in problem.message


def test_a_session_longer_than_a_year_saves_as_waits_that_load_and_replay() -> None:
    machine = _machine("300d")
    session = Session(machine)
    session.advance(MAX_SECONDS)
    session.advance(MAX_SECONDS)  # the 300-day timeout fired in the first year; the clock ran on
    session.advance(1.5)
    scenario = scenario_from_session(session)
    assert all(0 < step.value <= MAX_SECONDS for step in scenario.steps)
    loaded = load_scenario_text(dump_scenario(scenario), "s.yaml")
    result = replay(loaded, machine)
    assert (result.final_state, result.time) == (session.current, session.time)
    assert [s.time for r in result.records for s in r.fired] == [300 * DAY]


def test_the_session_bounds_its_clock() -> None:
    session = Session(_machine("7d"))
    with pytest.raises(SessionError, match="at most 365 days"):
        session.advance(MAX_SECONDS + 1)
    with pytest.raises(SessionError, match="at most 365 days"):
        session.default_timeout = 1e30
    assert session.time == 0 and session.default_timeout == 60
    assert [s.time for s in session.advance(8 * DAY)] == [7 * DAY]


# -- what users see -------------------------------------------------------------------------


def test_documents_and_pictures_name_the_days() -> None:
    machine = load_machine_text(MACHINE.format(timeout="1w") + "language: de\n", "m.yaml")
    assert "| 1 Woche |" in machine_markdown(machine)
    assert "| 1 week |" in machine_markdown(machine, lang="en")
    assert "⏱ 7 d · ticket ages" in machine_to_mermaid(machine)


def _explorer(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "explorer", *args], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)


def test_check_shows_a_week_long_timeout(tmp_path: Path) -> None:
    path = tmp_path / "tickets.yaml"
    path.write_text(MACHINE.format(timeout="P1W"), encoding="utf-8")
    proc = _explorer("check", str(path))
    assert proc.returncode == 0, proc.stderr
    assert '"ticket ages" [timeout: 1 week]' in proc.stdout


def test_check_on_a_huge_timeout_exits_1_with_its_position(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_text(textwrap.dedent(MACHINE.format(timeout="99999999999999999999999")), encoding="utf-8")
    proc = _explorer("check", str(path))
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith(f"{path}:10:14: timeout must be a duration or true (a setting): "
                                  "a duration may be at most 365 days (1 year)")
    assert "Traceback" not in proc.stderr
