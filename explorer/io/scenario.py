"""Scenario files: a walk through a machine written down, to replay and check.

Writers keep scenarios beside their manuals; the window saves its trace as
one and replays it. A scenario is YAML::

    machine: ../data/rescue_session_status.yaml   # optional, relative to this file
    name: Customer connects, technician walks away  # optional title
    start: connecting                              # optional: state id or label (default: the initial state)
    default_timeout: 90s                           # optional: duration of timeouts that are a setting
    steps:
      - trigger: Kunde startet das Applet  # a trigger label in any language, unique among the ways out
      - wait: 6m                           # simulated time passes; due timeout edges fire, in order
      - transition: waiting-active         # or an explicit transition id
        note: Free text shown beside this step
    expect: Aktiv                          # optional: the state the walk must end in (id or label)

Replaying drives a :class:`~explorer.session.Session`, so a scenario means
exactly what clicking and waiting in the window means. A step that does not
apply raises :class:`ScenarioStepError` (a :class:`~explorer.errors.ScenarioError`)
naming the step and carrying the replay up to that point in ``.result``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import yaml

from explorer import durations
from explorer.errors import LoadError, MachineError, Problem, ScenarioError, SessionError
from explorer.io.yamlsafe import Locator, load_yaml, parse_duration, read_source, unknown_key_problems
from explorer.model import Machine, Transition
from explorer.session import Session, Step

StepKind = Literal["trigger", "wait", "transition"]
STEP_KINDS: tuple[StepKind, ...] = ("trigger", "wait", "transition")
_TOP_KEYS = ("machine", "name", "start", "default_timeout", "steps", "expect")
_STEP_KEYS = (*STEP_KINDS, "note")

#: The duration of timeouts that are a setting when neither caller nor scenario says.
DEFAULT_TIMEOUT = 60.0


@dataclass(frozen=True)
class ScenarioStep:
    """One line of a scenario: choose a trigger or transition, or wait.

    ``value`` is the trigger label or transition id (str), or the seconds to
    wait (float). ``line`` is where the step is written (0 when made in code).
    """

    kind: StepKind
    value: str | float
    note: str | None = None
    line: int = 0

    def describe(self) -> str:
        """The step as a person wrote it: ``trigger 'X'``, ``wait 6m``, ``transition 'id'``."""
        if self.kind == "wait":
            return f"wait {format_duration(float(self.value))}"
        return f"{self.kind} {self.value!r}"


@dataclass(frozen=True)
class Scenario:
    steps: tuple[ScenarioStep, ...]
    #: The machine file, resolved against the scenario file's folder.
    machine_path: Path | None = None
    #: The state id or label the walk must end in.
    expect: str | None = None
    name: str | None = None
    #: The scenario file this was loaded from or is to be saved as.
    source: Path | None = None
    #: State id or label to start from (None: the machine's initial state).
    start: str | None = None
    #: Seconds that timeouts which are a setting last, as recorded (None: the caller's choice).
    default_timeout: float | None = None

    def start_state(self, machine: Machine) -> str:
        """The id of the state this scenario starts in on ``machine``; MachineError when ``start`` names none."""
        return machine.initial if self.start is None else machine.find_state(self.start)


@dataclass(frozen=True)
class ReplayRecord:
    """What one scenario step did."""

    #: The step number, 1-based as people count (and as errors name it).
    index: int
    step: ScenarioStep
    #: Transitions taken: one for a trigger or transition, any number for a wait.
    fired: tuple[Step, ...]
    state_before: str
    state_after: str
    #: Session time after the step, seconds.
    time: float


@dataclass(frozen=True)
class ReplayResult:
    """A replay: its records, where it ended, and the error that stopped it if any."""

    scenario: Scenario
    start: str
    records: tuple[ReplayRecord, ...]
    final_state: str
    time: float
    error: ScenarioError | None = field(default=None, compare=False)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every transition taken, in order, across all records."""
        return tuple(s for r in self.records for s in r.fired)


class ScenarioStepError(ScenarioError):
    """A scenario did not replay; ``result`` holds the records of the steps that did.

    ``step`` is the 1-based number of the step that does not apply, or None
    when the scenario as a whole failed (its start or ``expect``).
    """

    def __init__(self, message: str, step: int | None, result: ReplayResult) -> None:
        super().__init__(message, step=step)
        self.result = replace(result, error=self)


# -- loading ---------------------------------------------------------------------------


def load_scenario(path: str | os.PathLike[str]) -> Scenario:
    """Read a scenario file; every problem in it is reported (LoadError, file:line:col)."""
    path = Path(path)
    source = read_source(path)
    return load_scenario_text(source, str(path), base=path)


def load_scenario_text(source: str | bytes, filename: str, base: Path | None = None) -> Scenario:
    """A scenario from YAML text; ``base`` is the file it stands for (relative machine paths start beside it)."""
    data, locator = load_yaml(source, filename)
    problems: list[Problem] = []
    if not isinstance(data, Mapping):
        raise LoadError([locator.problem("a scenario is a mapping with 'steps:' (and optionally 'machine:', 'expect:')")])
    problems += unknown_key_problems(data, _TOP_KEYS, locator, (), "a scenario")

    name = _optional_text(data, "name", locator, problems)
    expect = _optional_text(data, "expect", locator, problems)
    start = _optional_text(data, "start", locator, problems)
    machine_text = _optional_text(data, "machine", locator, problems)
    machine_path = _machine_path(machine_text, base, locator, problems) if machine_text is not None else None
    default_timeout = None
    if data.get("default_timeout") is not None:
        try:
            default_timeout = parse_duration(data["default_timeout"])
        except ValueError as e:
            problems.append(locator.problem(f"default_timeout: {e}", "default_timeout"))

    steps: list[ScenarioStep] = []
    raw_steps = data.get("steps")
    if raw_steps is None:
        problems.append(locator.key_problem("a scenario needs 'steps:', a list of trigger/wait/transition steps"))
    elif not isinstance(raw_steps, list):
        problems.append(locator.problem("'steps' must be a list (each item '- trigger: ...', '- wait: ...' "
                                        "or '- transition: ...')", "steps"))
    else:
        for i, raw in enumerate(raw_steps):
            step = _parse_step(raw, ("steps", i), i + 1, locator, problems)
            if step is not None:
                steps.append(step)
    if problems:
        raise LoadError(problems)
    return Scenario(
        steps=tuple(steps),
        machine_path=machine_path,
        expect=expect,
        name=name,
        source=base,
        start=start,
        default_timeout=default_timeout,
    )


def _machine_path(text: str, base: Path | None, locator: Locator, problems: list[Problem]) -> Path | None:
    """The ``machine:`` path: ``~`` expanded, a relative path taken from ``base``'s folder.

    A path the file system cannot take (a NUL byte, text that is not valid
    Unicode) is a problem at the value, not an exception later on.
    """
    shown = text if len(text) <= 80 else text[:77] + "…"
    if "\0" in text:
        problems.append(locator.problem(f"the machine path {shown!r} contains a NUL byte", "machine"))
        return None
    try:
        text.encode("utf-8")  # strict: a lone surrogate (from a \u escape) names no file a person wrote
    except UnicodeError:
        problems.append(locator.problem(f"the machine path {shown!r} is not valid text for a file name", "machine"))
        return None
    try:
        path = Path(text).expanduser()
        if not path.is_absolute() and base is not None:
            path = (base.resolve().parent / path).resolve()
    except (OSError, RuntimeError, ValueError) as e:  # a loop of links, an unknown ~user's home
        problems.append(locator.problem(f"the machine path {shown!r} cannot be resolved: {e}", "machine"))
        return None
    return path


def _optional_text(data: Mapping[str, Any], key: str, locator: Locator, problems: list[Problem]) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value
    raw = locator.raw_text(key)
    if raw is not None:
        # A bare `expect: 1` or `name: yes` is text to a person, not a number.
        return raw
    problems.append(locator.problem(f"'{key}' must be text", key))
    return None


def _parse_step(raw: Any, path: tuple[Any, ...], number: int, locator: Locator,
                problems: list[Problem]) -> ScenarioStep | None:
    line = locator.at(*path)[0]
    if not isinstance(raw, Mapping):
        problems.append(locator.problem(f"step {number} must be a mapping such as 'trigger: ...', "
                                        "'wait: ...' or 'transition: ...'", *path))
        return None
    before = len(problems)
    problems += unknown_key_problems(raw, _STEP_KEYS, locator, path, f"step {number}")
    kinds = [k for k in STEP_KINDS if k in raw]
    if not kinds and len(problems) > before:
        # A misspelt kind was just reported; "has none of" would say it twice.
        return None
    if len(kinds) != 1:
        said = "none of" if not kinds else "more than one of"
        problems.append(locator.problem(f"step {number} has {said} 'trigger', 'wait', 'transition'; give exactly one",
                                        *path))
        return None
    kind = kinds[0]
    value: Any = raw[kind]
    if kind == "wait":
        try:
            value = _parse_wait(value)
        except ValueError as e:
            problems.append(locator.problem(f"step {number}: wait: {e}", *path, kind))
    elif not isinstance(value, str):
        raw_text = locator.raw_text(*path, kind)
        if raw_text is None:
            problems.append(locator.problem(f"step {number}: {kind} must be text", *path, kind))
        value = raw_text
    note = raw.get("note")
    if note is not None and not isinstance(note, str):
        note = locator.raw_text(*path, "note")
        if note is None:
            problems.append(locator.problem(f"step {number}: note must be text", *path, "note"))
    if len(problems) > before:
        return None
    return ScenarioStep(kind, value, note, line)


def _parse_wait(value: Any) -> float:
    # Zero is allowed here (fire what is already due), unlike in machine timeouts.
    return durations.parse(value, allow_zero=True)


# -- writing ---------------------------------------------------------------------------


#: A duration as text that :func:`parse_duration` reads back: ``6m``, ``1m30s``, ``1h5m``, ``2.5s``, ``2d3h``.
#: The name stays for callers from before :mod:`explorer.durations`.
format_duration = durations.to_yaml


def dump_scenario(scenario: Scenario) -> str:
    """The scenario as YAML that :func:`load_scenario` reads back to an equal scenario.

    The machine path is written relative to ``scenario.source``'s folder when
    both are known (so the pair can move together), else as given.
    """
    data: dict[str, Any] = {}
    if scenario.name:
        data["name"] = scenario.name
    if scenario.machine_path is not None:
        data["machine"] = _relative_machine_path(scenario)
    if scenario.start is not None:
        data["start"] = scenario.start
    if scenario.default_timeout is not None:
        data["default_timeout"] = format_duration(scenario.default_timeout)
    steps = []
    for step in scenario.steps:
        entry: dict[str, Any] = {step.kind: format_duration(float(step.value)) if step.kind == "wait" else step.value}
        if step.note:
            entry["note"] = step.note
        steps.append(entry)
    data["steps"] = steps
    if scenario.expect is not None:
        data["expect"] = scenario.expect
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)


def _relative_machine_path(scenario: Scenario) -> str:
    assert scenario.machine_path is not None
    if scenario.source is None:
        return scenario.machine_path.as_posix()
    folder = scenario.source.resolve().parent
    try:
        return Path(os.path.relpath(scenario.machine_path.resolve(), folder)).as_posix()
    except ValueError:  # another drive on Windows
        return scenario.machine_path.resolve().as_posix()


def save_scenario(scenario: Scenario, path: str | os.PathLike[str]) -> Scenario:
    """Write ``scenario`` to ``path`` (machine path relative to it); return it with ``source`` set."""
    saved = replace(scenario, source=Path(path))
    try:
        Path(path).write_text(dump_scenario(saved), encoding="utf-8")
    except OSError as e:
        raise ScenarioError(f"cannot write the scenario to {path}: {e.strerror or e}") from e
    return saved


def scenario_from_session(session: Session, machine_path: Path | None = None,
                          notes: Mapping[int, str] | None = None, *, name: str | None = None) -> Scenario:
    """The steps in effect in ``session`` as a scenario that replays to the same state and history.

    Chosen steps become ``transition: <id>`` (ids, not labels, so the scenario
    is unambiguous); timeout steps become the ``wait`` that makes them fire,
    several timeouts at one instant sharing one wait; time that passed without
    firing anything becomes a wait of its own. The steps' notes go along;
    ``notes``, when given, replaces them: it maps an index of ``session.steps``
    (0-based, as :meth:`Session.go_to` counts) to its note.
    The final state is recorded as ``expect``.
    """
    notes = session.notes() if notes is None else dict(notes)
    out: list[ScenarioStep] = []
    clock = 0.0
    for i, step in enumerate(session.steps):
        gap = step.time - clock
        note = notes.get(i)
        if step.by_timeout:
            if gap <= 0 and out and out[-1].kind == "wait":
                # Fired at the same instant as the timeout before it: the same wait fires it.
                last = out[-1]
                out[-1] = replace(last, note=_join_notes(last.note, note))
            else:
                out += _waits(gap, note)
        else:
            if gap > 0:
                out += _waits(gap)
            out.append(ScenarioStep("transition", step.transition, note))
        clock = step.time
    if session.time - clock > 0:
        out += _waits(session.time - clock)
    default = session.default_timeout if session.default_timeout != DEFAULT_TIMEOUT else None
    return Scenario(
        steps=tuple(out),
        machine_path=machine_path,
        expect=session.current,
        name=name,
        start=session.start if session.start != session.machine.initial else None,
        default_timeout=default,
    )


def _waits(gap: float, note: str | None = None) -> list[ScenarioStep]:
    """Wait steps that let ``gap`` seconds pass, the note on the last.

    A file holds waits of at most a year (:data:`durations.MAX_SECONDS`); a
    clock left running longer becomes several waits, which replay alike.
    """
    gap = round(gap, 3)
    chunks = []
    while gap > durations.MAX_SECONDS:
        chunks.append(ScenarioStep("wait", float(durations.MAX_SECONDS)))
        gap = round(gap - durations.MAX_SECONDS, 3)
    return [*chunks, ScenarioStep("wait", gap, note)]


def _join_notes(a: str | None, b: str | None) -> str | None:
    return "\n".join(n for n in (a, b) if n) or None


# -- replaying -------------------------------------------------------------------------


def iter_replay(scenario: Scenario, machine: Machine, *, default_timeout: float | None = None,
                session: Session | None = None) -> Iterator[ReplayRecord]:
    """Replay ``scenario`` one step per ``next()``, yielding a record after each.

    ``default_timeout`` wins over the scenario's own; without either, 60 s.
    Pass ``session`` to replay on a session of your own (it is restarted);
    otherwise a new one is used. A step that does not apply, or an ``expect``
    that fails after the last step, raises :class:`ScenarioStepError` with the
    records so far in ``.result``.
    """
    records: list[ReplayRecord] = []
    resolved = _start_state(scenario, machine)
    start = resolved if isinstance(resolved, str) else machine.initial

    def fail(message: str, number: int | None) -> ScenarioStepError:
        where = session.current if session is not None else start
        now = session.time if session is not None else 0.0
        return ScenarioStepError(message, number, ReplayResult(scenario, start, tuple(records), where, now))

    if isinstance(resolved, MachineError):
        raise fail(f"start: {resolved}", None)
    timeout = default_timeout if default_timeout is not None else scenario.default_timeout
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    try:
        if session is None:
            session = Session(machine, default_timeout=timeout, start=start)
        elif session.machine is not machine or session.start != start:
            raise SessionError(f"the session given does not walk this machine from {start!r}")
        else:
            session.default_timeout = timeout
            session.restart()
    except SessionError as e:
        session = None
        raise fail(str(e), None) from e

    for number, step in enumerate(scenario.steps, start=1):
        before = session.current
        try:
            if step.kind == "wait":
                fired = session.advance(float(step.value))
            else:
                fired = [session.fire(_resolve(step, session, machine).id)]
        except (_StepDoesNotApply, SessionError) as e:
            raise fail(_step_message(number, step, session, machine, str(e)), number) from None
        record = ReplayRecord(number, step, tuple(fired), before, session.current, session.time)
        records.append(record)
        yield record

    if scenario.expect is not None:
        try:
            expected = machine.find_state(scenario.expect)
        except MachineError as e:
            raise fail(f"expect: {e}", None) from e
        if expected != session.current:
            raise fail(
                f"expected to end in {_state_text(machine, expected)}, but the walk ended in "
                f"{_state_text(machine, session.current)} after {len(scenario.steps)} steps",
                None,
            )


def replay(scenario: Scenario, machine: Machine, *, default_timeout: float | None = None) -> ReplayResult:
    """Replay every step; return the result, or raise :class:`ScenarioStepError` (with ``.result``)."""
    records = list(iter_replay(scenario, machine, default_timeout=default_timeout))
    start = _start_state(scenario, machine)
    assert isinstance(start, str)  # iter_replay has raised otherwise
    last = records[-1] if records else None
    return ReplayResult(
        scenario,
        start,
        tuple(records),
        last.state_after if last else start,
        last.time if last else 0.0,
    )


def _start_state(scenario: Scenario, machine: Machine) -> str | MachineError:
    """The id of the state the scenario starts in, or why it names none."""
    try:
        return scenario.start_state(machine)
    except MachineError as e:
        return e


class _StepDoesNotApply(Exception):
    """Internal: a trigger or transition step names no way out of the current state."""


def _resolve(step: ScenarioStep, session: Session, machine: Machine) -> Transition:
    ways_out = session.available()
    value = str(step.value)
    if step.kind == "transition":
        match = next((t for t in ways_out if t.id == value), None)
        if match is not None:
            return match
        if machine.has_transition(value):
            other = machine.transition(value)
            raise _StepDoesNotApply(f"{value!r} leaves {_state_text(machine, other.source)}, not this state")
        raise _StepDoesNotApply(f"the machine has no transition {value!r}")
    candidates = [t for t in ways_out if t.trigger.matches(value)]
    if len(candidates) == 1:
        return candidates[0]
    if not candidates:
        raise _StepDoesNotApply(f"no way out of this state has the trigger {value!r}")
    listed = "; ".join(f"{t.id} (-> {t.target})" for t in candidates)
    raise _StepDoesNotApply(
        f"the trigger {value!r} is ambiguous here: it names {len(candidates)} ways out: {listed}; "
        "use 'transition: <id>' to choose one"
    )


def _state_text(machine: Machine, state_id: str) -> str:
    label = machine.state_label(state_id)
    return repr(state_id) if label == state_id else f"{state_id!r} ({label})"


def _step_message(number: int, step: ScenarioStep, session: Session, machine: Machine, reason: str) -> str:
    """Step number, what was asked, the state it was in, and the ways out that exist."""
    line = f" (line {step.line})" if step.line else ""
    here = _state_text(machine, session.current)
    ways = session.available()
    if ways:
        listed = "; ".join(
            f"{' / '.join(dict.fromkeys(text for _, text in t.trigger.values))!r} [{t.id}] -> {t.target}"
            + (" (timeout)" if t.is_timeout else "")
            for t in ways
        )
        ways_text = f"Ways out of {session.current!r}: {listed}."
    else:
        ways_text = f"{here} has no ways out."
    # SessionError texts already name the state and the ways out; do not say it twice.
    if "Ways out" in reason or "no ways out" in reason:
        return f"step {number}{line}: {step.describe()} in {here} at {_clock(session.time)}: {reason}"
    return f"step {number}{line}: {step.describe()} in {here} at {_clock(session.time)}: {reason}. {ways_text}"


def _clock(seconds: float) -> str:
    return durations.clock(seconds, hours=False)
