"""Replaying scenarios on a session, and recording a session as a scenario.

A scenario (read and written by :mod:`explorer.io.scenario`) is a walk
written down; replaying it drives a :class:`~explorer.session.Session`, so a
scenario means exactly what clicking and waiting in the window means.
:func:`iter_replay` plays one step per ``next()`` (the window's stepped and
automatic replay), :func:`replay` plays them all (``explorer scenario``). A
step that does not apply raises :class:`ScenarioStepError` (a
:class:`~explorer.errors.ScenarioError`) naming the step and carrying the
replay up to that point in ``.result``. :func:`scenario_from_session` goes the
other way: the steps in effect in a session, as a scenario to save.

The records of a replay (:class:`ReplayRecord`, :class:`ReplayResult`) and
its error are plain data that documents are written from, so they are
defined in :mod:`explorer.io.scenario` and re-exported here.

This sits beside the session, not in ``io``: it runs the machine, while
``io`` only reads and writes files (sismic keeps its stories next to the
interpreter for the same reason).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path

from explorer import durations
from explorer.errors import MachineError, SessionError
from explorer.io.scenario import (
    DEFAULT_TIMEOUT,
    ReplayRecord,
    ReplayResult,
    Scenario,
    ScenarioStep,
    ScenarioStepError,
)
from explorer.model import Machine, Transition
from explorer.session import Session


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


__all__ = [
    "ReplayRecord",
    "ReplayResult",
    "ScenarioStepError",
    "iter_replay",
    "replay",
    "scenario_from_session",
]
