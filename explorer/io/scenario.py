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

This module reads and writes scenario files (:func:`load_scenario`,
:func:`dump_scenario`, :func:`save_scenario`, which writes atomically).
Replaying a scenario on a session lives beside the session, in
:mod:`explorer.replay`; the records it produces (:class:`ReplayResult`) are
defined here, as the data that documents (``explorer.io.markdown``) are
written from.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import yaml

from explorer import durations
from explorer.errors import LoadError, Problem, ScenarioError
from explorer.io.atomic import write_atomic
from explorer.io.yamlsafe import Locator, load_yaml, parse_duration, read_source, unknown_key_problems
from explorer.model import Machine
from explorer.session import Step

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

    A path the file system cannot take (a NUL byte or another control
    character, text that is not valid Unicode, an unknown ``~user``) is a
    problem at the value, not an exception later on.
    """
    shown = text if len(text) <= 80 else text[:77] + "…"
    if "\0" in text:
        problems.append(locator.problem(f"the machine path {shown!r} contains a NUL byte "
                                        "(a control character no file name can hold)", "machine"))
        return None
    bad = next((c for c in text if ord(c) < 32), None)
    if bad is not None:
        problems.append(locator.problem(f"the machine path {shown!r} contains the control character "
                                        f"U+{ord(bad):04X}, which no file name can hold", "machine"))
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
    """Write ``scenario`` to ``path`` (machine path relative to it); return it with ``source`` set.

    The file is written atomically: on failure :class:`~explorer.errors.WriteError`
    says why and the file that was there is unchanged.
    """
    saved = replace(scenario, source=Path(path))
    write_atomic(path, dump_scenario(saved))
    return saved
