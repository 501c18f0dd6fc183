"""A live walk through a machine: the current state, simulated time, history.

No Qt and no threads. Time is a clock passed in from outside: whoever drives
the session calls :meth:`Session.advance` (tests with fixed amounts, the window
from a ``QTimer``), and timeout edges fire when the time spent in the current
state reaches their duration. Every change is recorded as a :class:`Step` and
announced to subscribers as a :class:`SessionEvent`, so the window restyles
itself without the session knowing it exists (the napari model/view split).

History is a list of steps and a cursor into it: undo and redo move the
cursor, firing or letting time pass after an undo drops the steps beyond it.
A person's note on a step is part of that step's record, so a dropped redo
tail takes its notes with it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Literal

from explorer import durations
from explorer.errors import SessionError
from explorer.model import Machine, Transition

#: Two instants closer than this are the same instant. Time arrives in many
#: small float increments (a QTimer tick at a time), so 10 ticks of 0.1 s must
#: reach a 1 s timeout although the sum is 0.9999999999999999.
TIME_EPSILON = 1e-9

#: Most timeout firings one :meth:`Session.advance` may cause. A short timeout
#: self-loop and a huge advance would otherwise hang the caller and fill the
#: history; no human-scale walk comes near this.
MAX_FIRINGS_PER_ADVANCE = 10_000

EventKind = Literal["fired", "time", "undo", "redo", "restart", "jump", "noted"]


@dataclass(frozen=True)
class Step:
    """One transition taken: which, when (session seconds), from where to where."""

    transition: str
    time: float
    source: str
    target: str
    #: True when time passing fired it, False when someone chose it.
    by_timeout: bool = False
    #: A person's note on this step ("" for none); saved with a scenario.
    note: str = ""


@dataclass(frozen=True)
class SessionEvent:
    """What changed in a session, for subscribers.

    ``fired``: ``step`` was taken (by a choice or a timeout). ``time``: simulated
    time passed (after any ``fired`` events it caused). ``undo``/``redo``/``jump``:
    the cursor moved; ``step`` is the step now last in effect (None at the start).
    ``restart``: back at the start with an empty history. ``noted``: the note
    of ``step`` (a history record, as it is now) changed.
    """

    kind: EventKind
    step: Step | None = None


Listener = Callable[[SessionEvent], None]


class Session:
    """A walk through ``machine`` from ``start`` (default: its initial state).

    ``default_timeout`` (seconds) is the duration of timeout edges whose
    duration is a setting (``Timeout.seconds is None``); it may be changed at
    any time and applies to the wait already under way.
    """

    def __init__(self, machine: Machine, *, default_timeout: float = 60.0, start: str | None = None) -> None:
        start = machine.initial if start is None else start
        if not machine.has_state(start):
            raise SessionError(f"cannot start in {start!r}: {machine.name!r} has no such state")
        self.machine = machine
        self.start = start
        self._default_timeout = 0.0
        self.default_timeout = default_timeout
        self._history: list[Step] = []
        self._cursor = 0
        self._current = start
        self._time = 0.0
        self._entered_at = 0.0
        self._listeners: list[Listener] = []

    # -- settings --------------------------------------------------------------

    @property
    def default_timeout(self) -> float:
        return self._default_timeout

    @default_timeout.setter
    def default_timeout(self, seconds: float) -> None:
        # Zero would let a setting-timed self-loop fire endlessly at one instant.
        if not (math.isfinite(seconds) and seconds > 0):
            raise SessionError(f"the default timeout must be a positive number of seconds, not {seconds!r}")
        # The same bound as a file's durations, so the panel's spin box and the clock stay in range.
        if seconds > durations.MAX_SECONDS:
            raise SessionError(f"the default timeout may be at most 365 days (1 year), not {seconds:g} s")
        self._default_timeout = float(seconds)

    # -- where the session is --------------------------------------------------

    @property
    def current(self) -> str:
        """Id of the current state."""
        return self._current

    @property
    def time(self) -> float:
        """Elapsed simulated seconds since the start."""
        return self._time

    @property
    def entered_at(self) -> float:
        """Session time at which the current state was entered."""
        return self._entered_at

    @property
    def steps(self) -> tuple[Step, ...]:
        """The steps in effect: the history up to the cursor."""
        return tuple(self._history[: self._cursor])

    @property
    def history(self) -> tuple[Step, ...]:
        """Every recorded step, including the redo tail beyond the cursor."""
        return tuple(self._history)

    @property
    def cursor(self) -> int:
        """How many steps of :attr:`history` are in effect."""
        return self._cursor

    @property
    def can_undo(self) -> bool:
        return self._cursor > 0

    @property
    def can_redo(self) -> bool:
        return self._cursor < len(self._history)

    def available(self) -> tuple[Transition, ...]:
        """The current state's ways out, in file order."""
        return self.machine.outgoing(self._current)

    @property
    def has_ended(self) -> bool:
        """True in a final state that no timeout leads out of: the session is over, time stands still.

        A final state with a timeout edge (unusual, but a file may say so) has not
        ended: its clock still has something to run towards.
        """
        return self.machine.state(self._current).final and not self.pending_timeouts()

    def is_available(self, transition_id: str) -> bool:
        """True when ``transition_id`` is a way out of the current state (so :meth:`fire` takes it)."""
        return any(t.id == transition_id for t in self.available())

    def visited_states(self) -> set[str]:
        """The start and every state reached by the steps in effect."""
        return {self.start, *(s.target for s in self._history[: self._cursor])}

    def taken_transitions(self) -> list[str]:
        """Ids of the transitions taken, in order (repeats kept)."""
        return [s.transition for s in self._history[: self._cursor]]

    # -- listeners -------------------------------------------------------------

    def subscribe(self, callback: Listener) -> Callable[[], None]:
        """Call ``callback`` with every :class:`SessionEvent`; returns an unsubscribe function."""
        self._listeners.append(callback)
        return lambda: self.unsubscribe(callback)

    def unsubscribe(self, callback: Listener) -> None:
        if callback in self._listeners:
            self._listeners.remove(callback)

    def _emit(self, kind: EventKind, step: Step | None = None) -> None:
        event = SessionEvent(kind, step)
        # A copy, so a listener may unsubscribe itself while being called.
        for listener in list(self._listeners):
            listener(event)

    # -- moving ----------------------------------------------------------------

    def fire(self, transition_id: str) -> Step:
        """Take ``transition_id`` now; it must leave the current state.

        A timeout edge may be fired this way too (skipping the wait); the step
        then records ``by_timeout=False``. Anything else raises
        :class:`SessionError` and leaves the session as it was.
        """
        if not self.is_available(transition_id):
            raise SessionError(self._cannot_fire_message(transition_id))
        transition = self.machine.transition(transition_id)
        step = Step(transition.id, self._time, transition.source, transition.target, by_timeout=False)
        self._drop_redo_tail()
        self._apply(step)
        self._emit("fired", step)
        return step

    def _cannot_fire_message(self, transition_id: str) -> str:
        here = self._describe_state(self._current)
        if not self.machine.has_transition(transition_id):
            reason = f"the machine has no transition {transition_id!r}"
        else:
            other = self.machine.transition(transition_id)
            reason = f"{transition_id!r} leaves {self._describe_state(other.source)}, not the current state"
        return f"cannot fire {transition_id!r} in {here}: {reason}. {self._ways_out_text()}"

    def _describe_state(self, state_id: str) -> str:
        label = self.machine.state_label(state_id)
        return f"{state_id!r}" if label == state_id else f"{state_id!r} ({label})"

    def _ways_out_text(self) -> str:
        ways = self.available()
        if not ways:
            return f"{self._describe_state(self._current)} has no ways out."
        listed = "; ".join(
            f"{t.id} ({self.machine.trigger_label(t.id)} -> {t.target})" for t in ways
        )
        return f"Ways out: {listed}."

    def duration(self, transition: Transition) -> float | None:
        """Seconds after which a timeout edge fires (the default for a setting); None if not a timeout."""
        if transition.timeout is None:
            return None
        if transition.timeout.seconds is None:
            return self._default_timeout
        return float(transition.timeout.seconds)

    def pending_timeouts(self) -> list[tuple[Transition, float]]:
        """The current state's timeout edges with seconds remaining, soonest first (ties: file order)."""
        pending = []
        for order, t in enumerate(self.available()):
            d = self.duration(t)
            if d is not None:
                remaining = max(0.0, self._entered_at + d - self._time)
                pending.append((remaining, order, t))
        pending.sort(key=lambda item: (item[0], item[1]))
        return [(t, remaining) for remaining, _, t in pending]

    def next_timeout_in(self) -> float | None:
        """Seconds until the current state's next timeout edge fires, or None."""
        pending = self.pending_timeouts()
        return pending[0][1] if pending else None

    def wait_for_next_timeout(self) -> list[Step]:
        """Let time pass until the next timeout edge fires (and whatever follows at that instant).

        Returns [] and lets no time pass when the current state has no timeout edge.
        """
        remaining = self.next_timeout_in()
        if remaining is None:
            return []
        return self.advance(remaining)

    def advance(self, seconds: float) -> list[Step]:
        """Let ``seconds`` of simulated time pass; return the timeout steps that fired.

        A timeout edge fires when the time spent in its source state reaches
        its duration, at exactly that instant; the earliest due edge fires
        first, ties going to file order. The time left over carries on in the
        new state, so several edges may fire in sequence. A timeout self-loop
        re-enters its state and so restarts the wait.

        Raises :class:`SessionError` (and changes nothing) for negative or
        non-finite ``seconds``, for more than a year at once
        (:data:`explorer.durations.MAX_SECONDS`, the longest wait a file can
        give), for timeouts of zero length that would loop at one instant,
        and past :data:`MAX_FIRINGS_PER_ADVANCE` firings.
        """
        if not (math.isfinite(seconds) and seconds >= 0):
            raise SessionError(f"time can only move forward by a finite number of seconds, not {seconds!r}")
        if seconds > durations.MAX_SECONDS:
            raise SessionError(f"time can move forward by at most 365 days (1 year) at once, not {seconds:g} s")
        end = self._time + seconds
        # Work on locals and commit at the end, so an error changes nothing.
        current, now, entered_at = self._current, self._time, self._entered_at
        fired: list[Step] = []
        # States entered at the instant ``now``: entering one twice at one
        # instant means zero-length timeouts form a loop that would never end.
        entered_now = {current} if entered_at == now else set()
        while True:
            due = self._earliest_due(current, entered_at, now)
            if due is None or due[0] > end + TIME_EPSILON:
                break
            at, transition = due
            if len(fired) >= MAX_FIRINGS_PER_ADVANCE:
                raise SessionError(
                    f"more than {MAX_FIRINGS_PER_ADVANCE} timeouts would fire in {seconds:g} s "
                    f"(last in {self._describe_state(current)}); advance by less"
                )
            if at > now + TIME_EPSILON:
                entered_now = set()
            if transition.target in entered_now:
                raise SessionError(
                    f"timeout edges of zero length loop at {at:g} s through {self._describe_state(transition.target)}"
                    f" ({transition.id}); give them a duration"
                )
            now = max(now, at)
            fired.append(Step(transition.id, now, transition.source, transition.target, by_timeout=True))
            current, entered_at = transition.target, now
            entered_now.add(current)
        if fired or seconds > 0:
            # Time moved on from the cursor: the redo tail no longer follows from here.
            self._drop_redo_tail()
        for step in fired:
            self._apply(step)
        # A step within TIME_EPSILON after ``end`` must not move time backwards.
        self._time = max(end, self._time)
        for step in fired:
            self._emit("fired", step)
        if fired or seconds > 0:
            self._emit("time")
        return fired

    def _earliest_due(self, state_id: str, entered_at: float, now: float) -> tuple[float, Transition] | None:
        """The timeout edge of ``state_id`` that fires first, and when (never before ``now``)."""
        best: tuple[float, Transition] | None = None
        for t in self.machine.outgoing(state_id):
            d = self.duration(t)
            if d is None:
                continue
            # Overdue when the default was shortened during the wait: fire now.
            at = max(entered_at + d, now)
            # Strictly earlier wins, so ties keep the first in file order.
            if best is None or at < best[0] - TIME_EPSILON:
                best = (at, t)
        return best

    def _apply(self, step: Step) -> None:
        self._history.append(step)
        self._cursor = len(self._history)
        self._current = step.target
        self._time = step.time
        self._entered_at = step.time

    def _drop_redo_tail(self) -> None:
        del self._history[self._cursor :]

    # -- notes -----------------------------------------------------------------

    def note(self, index: int) -> str:
        """The note of step ``index`` of :attr:`history` ("" when it has none or there is no such step)."""
        return self._history[index].note if 0 <= index < len(self._history) else ""

    def set_note(self, index: int, text: str) -> bool:
        """Attach ``text`` (stripped) to step ``index`` of :attr:`history`; "" removes the note.

        The note lives in the step record, so it goes when the step goes (a
        restart, or a new step after an undo dropping the redo tail). Returns
        whether anything changed; an index outside the history raises
        :class:`SessionError`.
        """
        if not 0 <= index < len(self._history):
            raise SessionError(
                f"no step {index} to note: the history has steps 0..{len(self._history) - 1}"
            )
        text = text.strip()
        if text == self._history[index].note:
            return False
        self._history[index] = replace(self._history[index], note=text)
        self._emit("noted", self._history[index])
        return True

    def notes(self) -> dict[int, str]:
        """The notes of the steps in effect, by index (0-based, as :meth:`go_to` counts)."""
        return {i: s.note for i, s in enumerate(self._history[: self._cursor]) if s.note}

    # -- history ---------------------------------------------------------------

    def undo(self) -> Step:
        """Take back the last step in effect; return it. State and time are as right after the step before."""
        if not self.can_undo:
            raise SessionError("nothing to undo: the session is at its start")
        undone = self._history[self._cursor - 1]
        self._move_cursor(self._cursor - 1)
        self._emit("undo", self._last_in_effect())
        return undone

    def redo(self) -> Step:
        """Take again the step after the cursor; return it."""
        if not self.can_redo:
            raise SessionError("nothing to redo")
        redone = self._history[self._cursor]
        self._move_cursor(self._cursor + 1)
        self._emit("redo", redone)
        return redone

    def go_to(self, index: int) -> None:
        """Return to the moment right after step ``index`` of :attr:`history`.

        ``index`` counts from 0 like the rows of a trace list: ``go_to(0)`` is
        right after the first step, ``go_to(len(history) - 1)`` after the last;
        ``go_to(-1)`` is the start, before any step (not Python's "last").
        Like undo, the steps after ``index`` stay available to redo.
        """
        if not -1 <= index < len(self._history):
            raise SessionError(
                f"no step {index} to go to: the history has steps 0..{len(self._history) - 1} (and -1, the start)"
            )
        self._move_cursor(index + 1)
        self._emit("jump", self._last_in_effect())

    def restart(self) -> None:
        """Back to the start state at time 0, with an empty history."""
        self._history.clear()
        self._move_cursor(0)
        self._emit("restart")

    def _move_cursor(self, cursor: int) -> None:
        self._cursor = cursor
        last = self._last_in_effect()
        if last is None:
            self._current, self._time = self.start, 0.0
        else:
            self._current, self._time = last.target, last.time
        self._entered_at = self._time

    def _last_in_effect(self) -> Step | None:
        return self._history[self._cursor - 1] if self._cursor else None

    # -- a changed machine ---------------------------------------------------------

    def carried_to(self, machine: Machine) -> tuple[Session, Step | None]:
        """This walk on ``machine`` (the same file, read again after a change).

        Steps are kept, with their notes, from the first on for as long as
        each one's transition still exists with the same id and source (its
        target is read from ``machine``, and the next step must leave from
        there); the history is cut before the first step that does not fit,
        which is returned (None when every step fits). The cursor, the
        session time and the time spent in the current state stay when the
        steps in effect all fit; after a cut the session stands right after
        the last step kept. A start state that is gone starts the walk at
        ``machine``'s initial state with no history (the first step is then
        the one that did not fit, or None without steps).
        """
        start = self.start if machine.has_state(self.start) else machine.initial
        carried = Session(machine, default_timeout=self._default_timeout, start=start)
        kept: list[Step] = []
        cut: Step | None = None
        here = start if start == self.start else None
        for step in self._history:
            transition = (machine.transition(step.transition)
                          if here is not None and machine.has_transition(step.transition) else None)
            if transition is None or transition.source != step.source or transition.source != here:
                cut = step
                break
            kept.append(replace(step, target=transition.target))
            here = transition.target
        carried._history = kept
        if cut is None or self._cursor <= len(kept):
            carried._cursor = self._cursor
            last = kept[self._cursor - 1] if self._cursor else None
            carried._current = last.target if last is not None else start
            carried._time = self._time
            carried._entered_at = self._entered_at
        else:
            carried._move_cursor(len(kept))
        return carried, cut

    def __repr__(self) -> str:
        return f"Session({self.machine.name!r}, current={self._current!r}, time={self._time:g}, steps={self._cursor})"
