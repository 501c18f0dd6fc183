"""The Qt side of one live session: signals, the running clock, replay, the path target.

The Qt-free :class:`~explorer.session.Session` is the model (napari style);
this QObject subscribes to it and turns its events into Qt signals the canvas
and the session panel listen to. It adds what needs Qt or belongs to one
window: a ``QTimer`` that plays simulated time at 1x/10x/60x (never a thread),
a target state with the shortest path towards it, and automatic replay of a
scenario one step per timer tick.

Time-only changes (a clock tick) are announced with :attr:`clock_ticked`, not
:attr:`changed`, so ten ticks a second never restyle the canvas or rebuild the
panel's buttons; anything else the canvas or panel shows emits ``changed``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QElapsedTimer, QObject, QTimer, Signal

from explorer import analysis
from explorer.errors import MachineError, ScenarioError, SessionError
from explorer.io import markdown as markdown_io
from explorer.model import Machine
from explorer.session import Session, SessionEvent, Step
from explorer.ui.i18n import format_number
from explorer.ui.language import ContentLanguage

if TYPE_CHECKING:  # read when a scenario is loaded, saved or replayed: the window starts without PyYAML
    from explorer import replay as scenario_replay
    from explorer.io import scenario as scenario_io

#: How often the running clock advances simulated time (milliseconds of real time).
CLOCK_INTERVAL_MS = 100
#: The speeds the panel offers (simulated seconds per real second).
CLOCK_SPEEDS: tuple[float, ...] = (1.0, 10.0, 60.0)
#: A tick never advances more real time than this: after the machine was busy
#: or suspended, the clock resumes instead of jumping over several timeouts.
MAX_TICK_SECONDS = 0.5
#: Pause between two steps of an automatic replay.
DEFAULT_REPLAY_DELAY_MS = 1200

#: The plain sentences this module says, in English (the source language), marked for lupdate and said
#: in the UI language through Qt's translator; the names in them follow the content language.
MESSAGES: dict[str, str] = {
    "unreachable": QT_TRANSLATE_NOOP("SessionController", "{target} cannot be reached from here."),
    "arrived": QT_TRANSLATE_NOOP("SessionController", "You are at {target}."),
    "fired_timeout": QT_TRANSLATE_NOOP("SessionController", "Time ran out: {trigger} → {target}."),
    "no_timeout": QT_TRANSLATE_NOOP("SessionController", "{state} has no timeout to wait for."),
    "nothing_back": QT_TRANSLATE_NOOP("SessionController", "Nothing to go back to: this is the start."),
    "nothing_forward": QT_TRANSLATE_NOOP("SessionController", "Nothing to go forward to."),
    "replay_step_failed": QT_TRANSLATE_NOOP("SessionController", "Scenario stopped: {error}"),
    "replay_expect_failed": QT_TRANSLATE_NOOP("SessionController", "Scenario finished, but: {error}"),
    "replay_done": QT_TRANSLATE_NOOP("SessionController", "Scenario replayed: {count} steps, ended in {state}."),
    "replay_none": QT_TRANSLATE_NOOP("SessionController", "No scenario is loaded."),
    "replay_stopped": QT_TRANSLATE_NOOP("SessionController", "Replay stopped: you took over."),
    "replay_started": QT_TRANSLATE_NOOP("SessionController", "Replaying {name}."),
    "clock_paused": QT_TRANSLATE_NOOP("SessionController", "Clock paused, so the steps ahead stay available."),
    "clock_running": QT_TRANSLATE_NOOP("SessionController", "Clock running at {speed}×."),
    "clock_ended": QT_TRANSLATE_NOOP("SessionController", "{state} is a final state: the session is over and the clock stops."),
}


def message_text(key: str, **values: object) -> str:
    """The sentence ``key`` in the UI language, filled with ``values``."""
    return QCoreApplication.translate("SessionController", MESSAGES[key]).format(**values)


class SessionController(QObject):
    """One live session over ``machine`` as seen by the window.

    ``session`` is the plain model; call the methods here rather than the
    session's own so messages, the path and the clock stay in step (changes
    made on the session directly are still picked up through its events).
    ``language`` is the window's :class:`ContentLanguage` (default: one of its
    own); messages are said in its current language.
    """

    #: Anything the canvas or the panel shows changed (state, history, path, replay).
    changed = Signal()
    #: A transition was taken (its id), by a choice, a timeout or a replay.
    fired = Signal(str)
    #: Simulated time moved; the new session time in seconds.
    clock_ticked = Signal(float)
    #: A plain sentence for the status bar (errors, unreachable targets, replay steps).
    message_emitted = Signal(str)
    #: The clock started (True) or stopped (False) running.
    running_changed = Signal(bool)
    #: An automatic or stepped replay started (True) or ended (False).
    replaying_changed = Signal(bool)

    def __init__(
        self,
        machine: Machine,
        parent: QObject | None = None,
        *,
        default_timeout: float = 60.0,
        start: str | None = None,
        language: ContentLanguage | None = None,
        session: Session | None = None,
    ) -> None:
        super().__init__(parent)
        self._machine = machine
        self._language = language if language is not None else ContentLanguage(machine, parent=self)
        # A session given (a reload carried the walk over) is taken as it is;
        # ``default_timeout`` and ``start`` are then the session's own.
        self._session = session if session is not None else Session(
            machine, default_timeout=default_timeout, start=start)
        self._unsubscribe = self._session.subscribe(self._on_session_event)
        self._target: str | None = None
        self._path: list[str] | None = None
        self._speed = CLOCK_SPEEDS[0]
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_INTERVAL_MS)
        self._clock_timer.timeout.connect(self._on_clock_timer_timeout)
        # Real time between ticks, so a late tick still plays the right amount.
        self._elapsed = QElapsedTimer()
        self._replay_timer = QTimer(self)
        self._replay_timer.timeout.connect(self._on_replay_timer_timeout)
        self._replay: Iterator[scenario_replay.ReplayRecord] | None = None
        self._replay_scenario: scenario_io.Scenario | None = None
        self._replay_count = 0
        # Session events arrive one per step; the wrappers below say "changed"
        # once when they are done, so a wait that fires three timeouts is one restyle.
        self._batch_depth = 0
        self._batch_dirty = False
        #: The final state the clock just stopped in, until that is said.
        self._end_to_say: str | None = None

    # -- what it holds -------------------------------------------------------------

    @property
    def machine(self) -> Machine:
        return self._machine

    @property
    def session(self) -> Session:
        return self._session

    @property
    def default_timeout(self) -> float:
        """Seconds a timeout whose duration is a setting lasts in this session."""
        return self._session.default_timeout

    @default_timeout.setter
    def default_timeout(self, seconds: float) -> None:
        self._session.default_timeout = seconds
        self._emit_changed()

    @property
    def language_state(self) -> ContentLanguage:
        """The owner of the language messages are said in (shared with the window)."""
        return self._language

    @property
    def language(self) -> str:
        """The language of messages and of labels inside them (read from :attr:`language_state`)."""
        return self._language.current

    def set_language(self, lang: str) -> None:
        """Choose the language on the owner (every widget sharing it follows)."""
        self._language.set(lang)

    def carried_over(self, machine: Machine, parent: QObject | None = None) -> tuple[SessionController, Step | None]:
        """A controller for ``machine`` (this file read again) that goes on with this walk.

        The steps that still fit and their notes, the session time, the
        target (when its state still exists) and a running clock carry over
        (see :meth:`Session.carried_to`); a replay under way does not (it
        drives this controller's session). Returns the new controller and
        the first step that no longer fits (None when all fit).
        """
        session, cut = self._session.carried_to(machine)
        carried = SessionController(machine, parent, language=self._language, session=session)
        carried._speed = self._speed
        if self._target is not None and machine.has_state(self._target):
            carried._target = self._target
            carried._recompute_path()
        if self.is_running:
            carried._elapsed.start()
            carried._clock_timer.start()
        return carried, cut

    def close(self) -> None:
        """Stop timers and stop listening to the session (the window is done with it)."""
        self.pause()
        self.stop_replay()
        self._unsubscribe()

    # -- the session's events --------------------------------------------------------

    def _on_session_event(self, event: SessionEvent) -> None:
        if event.kind == "fired" and event.step is not None:
            self.fired.emit(event.step.transition)
        if event.kind == "time":
            self.clock_ticked.emit(self._session.time)
            return
        if event.kind == "noted":
            self._emit_changed()
            return
        if event.kind in ("undo", "redo", "jump", "restart"):
            self.clock_ticked.emit(self._session.time)
        self._recompute_path()
        self._stop_clock_if_ended()
        self._emit_changed()

    def _stop_clock_if_ended(self) -> None:
        """A final state ends the session: a running clock stops there (nothing can happen any more)."""
        if self.is_running and self._session.has_ended:
            self.pause()
            # Said after what led here ("time ran out: ..."), so it is the last word shown.
            self._end_to_say = self._session.current
            if not self._batch_depth:
                self._say_end()

    def _say_end(self) -> None:
        if self._end_to_say is not None:
            state, self._end_to_say = self._end_to_say, None
            self._say("clock_ended", state=self._state_label(state))

    def _emit_changed(self) -> None:
        if self._batch_depth:
            self._batch_dirty = True
        else:
            self.changed.emit()

    def _run_batched(self, action, *args):  # type: ignore[no-untyped-def]
        """Call ``action``; say ``changed`` once afterwards if anything changed."""
        self._batch_depth += 1
        try:
            return action(*args)
        finally:
            self._batch_depth -= 1
            if not self._batch_depth and self._batch_dirty:
                self._batch_dirty = False
                self.changed.emit()

    def _say(self, key: str, **values: object) -> None:
        self.message_emitted.emit(message_text(key, **values))

    def _state_label(self, state_id: str) -> str:
        return self._machine.state_label(state_id, self.language)

    # -- moving ----------------------------------------------------------------------

    def _take_over(self) -> None:
        """A person acted: an automatic or stepped replay stops rather than fight them."""
        if self._replay is not None:
            self.stop_replay()
            self._say("replay_stopped")

    def _hold_clock(self) -> None:
        """Moving through the history stops the clock: time running on would drop the steps ahead."""
        if self.is_running:
            self.pause()
            self._say("clock_paused")

    def fire(self, transition_id: str) -> bool:
        """Take ``transition_id``; a refusal becomes a message and changes nothing."""
        self._take_over()
        try:
            self._run_batched(self._session.fire, transition_id)
        except SessionError as e:
            self.message_emitted.emit(str(e))
            return False
        self._say_end()
        return True

    def back(self) -> bool:
        """Undo the last step; False (and a message) at the start."""
        if not self._session.can_undo:
            self._say("nothing_back")
            return False
        self._take_over()
        self._hold_clock()
        self._run_batched(self._session.undo)
        return True

    def forward(self) -> bool:
        """Redo the step after the cursor; False (and a message) when there is none."""
        if not self._session.can_redo:
            self._say("nothing_forward")
            return False
        self._take_over()
        self._hold_clock()
        self._run_batched(self._session.redo)
        return True

    def restart(self) -> None:
        """Back to the start at time 0 with an empty history; the clock and any replay stop."""
        self.pause()
        self.stop_replay()
        self._run_batched(self._session.restart)

    # -- notes per step ----------------------------------------------------------------

    def note(self, index: int) -> str:
        """The note of history step ``index`` ("" when it has none); kept in the session's step record."""
        return self._session.note(index)

    def set_note(self, index: int, text: str) -> None:
        """Attach a note to history step ``index``; an empty text removes it (outside the history: ignored)."""
        if 0 <= index < len(self._session.history):
            self._session.set_note(index, text)

    def notes(self) -> dict[int, str]:
        """The notes of the steps in effect (a dropped redo tail took its notes along)."""
        return self._session.notes()

    def go_to(self, index: int) -> None:
        """Return to the moment right after step ``index`` of the history (-1: the start)."""
        self._take_over()
        self._hold_clock()
        try:
            self._run_batched(self._session.go_to, index)
        except SessionError as e:
            self.message_emitted.emit(str(e))

    def advance(self, seconds: float) -> list[str]:
        """Let ``seconds`` of simulated time pass; return the ids of the timeouts that fired."""
        try:
            steps = self._run_batched(self._session.advance, seconds)
        except SessionError as e:
            self.pause()
            self.message_emitted.emit(str(e))
            return []
        for step in steps:
            self._say(
                "fired_timeout",
                trigger=self._machine.trigger_label(step.transition, self.language),
                target=self._state_label(step.target),
            )
        self._say_end()
        return [s.transition for s in steps]

    def wait_for_next_timeout(self) -> list[str]:
        """Jump to the moment the current state's next timeout fires; ids of what fired."""
        self._take_over()
        remaining = self._session.next_timeout_in()
        if remaining is None:
            self._say("no_timeout", state=self._state_label(self._session.current))
            return []
        return self.advance(remaining)

    # -- the path to a target --------------------------------------------------------

    @property
    def target(self) -> str | None:
        return self._target

    def set_target(self, state_id: str | None) -> None:
        """Aim at ``state_id`` (None: no target); the path follows every later change."""
        if state_id is not None:
            self._machine.state(state_id)  # MachineError for an unknown id, before anything changes
        self._target = state_id
        self._recompute_path()
        if state_id is not None and self._path is None:
            self._say("unreachable", target=self._state_label(state_id))
        self._emit_changed()

    def _recompute_path(self) -> None:
        if self._target is None:
            self._path = None
            return
        self._path = analysis.shortest_path(self._machine, self._session.current, self._target)

    def path(self) -> list[str] | None:
        """Transition ids from the current state to the target; [] when there, None when unreachable or no target."""
        return None if self._path is None else list(self._path)

    def next_step(self) -> str | None:
        """The first transition of :meth:`path`, or None."""
        return self._path[0] if self._path else None

    def is_target_reachable(self) -> bool | None:
        """None without a target, else whether the path exists."""
        return None if self._target is None else self._path is not None

    # -- the running clock -----------------------------------------------------------

    @property
    def is_running(self) -> bool:
        return self._clock_timer.isActive()

    @property
    def speed(self) -> float:
        """Simulated seconds per real second while the clock runs."""
        return self._speed

    def run_clock(self, speed: float | None = None) -> None:
        """Play simulated time at ``speed`` (default: the last speed) until :meth:`pause`."""
        if speed is not None:
            if not speed > 0:
                raise SessionError(f"the clock speed must be positive, not {speed!r}")
            self._speed = float(speed)
        self._take_over()
        if self._session.has_ended:
            # In a final state there is nothing to wait for: the clock does not start.
            self._say("clock_ended", state=self._state_label(self._session.current))
            return
        self._elapsed.start()
        if not self._clock_timer.isActive():
            self._clock_timer.start()
            self.running_changed.emit(True)
            self._say("clock_running", speed=format_number(self._speed))

    def pause(self) -> None:
        """Stop the clock (simulated time stands still)."""
        if self._clock_timer.isActive():
            self._clock_timer.stop()
            self.running_changed.emit(False)

    def _on_clock_timer_timeout(self) -> None:
        real = min(self._elapsed.restart() / 1000.0, MAX_TICK_SECONDS)
        self.advance(real * self._speed)

    # -- scenarios -------------------------------------------------------------------

    @property
    def is_replaying(self) -> bool:
        return self._replay is not None

    @property
    def is_auto_replaying(self) -> bool:
        return self._replay_timer.isActive()

    def load_scenario(self, path: Path) -> scenario_io.Scenario:
        """Read a scenario file (LoadError with file:line:col on bad input)."""
        from explorer.io import scenario as scenario_io

        return scenario_io.load_scenario(Path(path))

    def save_scenario(self, path: Path, machine_path: Path | None) -> scenario_io.Scenario:
        """Write the steps in effect, with their notes, as a scenario file that replays to the same state and history.

        Raises WriteError when the file cannot be written (the file that was there stays as it was).
        """
        from explorer import replay as scenario_replay
        from explorer.io import scenario as scenario_io

        scenario = scenario_replay.scenario_from_session(self._session, machine_path)
        return scenario_io.save_scenario(scenario, path)

    def prepare_replay(self, scenario: scenario_io.Scenario) -> None:
        """Restart the session and get ready to play ``scenario`` one :meth:`replay_step` at a time.

        The replay module drives this very session (one definition of what a
        step means for the CLI and the window), so every step arrives here as
        the session's own events and the canvas follows.
        """
        self.pause()
        self.stop_replay()
        start = self._scenario_start(scenario)
        if start != self._session.start:
            self._replace_session(start)
        timeout = scenario.default_timeout if scenario.default_timeout is not None else self.default_timeout
        self._run_batched(self._session.restart)
        self._replay_scenario = scenario
        self._replay_count = 0
        from explorer import replay as scenario_replay

        self._replay = scenario_replay.iter_replay(scenario, self._machine, default_timeout=timeout, session=self._session)
        self.replaying_changed.emit(True)
        self._say("replay_started", name=self._scenario_name(scenario))
        self._emit_changed()

    def _scenario_start(self, scenario: scenario_io.Scenario) -> str:
        try:
            return scenario.start_state(self._machine)
        except MachineError:
            # iter_replay reports a bad start as the scenario's error; start as usual meanwhile.
            return self._session.start

    def _replace_session(self, start: str) -> None:
        """A new session starting in ``start`` (scenarios may start elsewhere than the initial state)."""
        self._unsubscribe()
        self._session = Session(self._machine, default_timeout=self._session.default_timeout, start=start)
        self._unsubscribe = self._session.subscribe(self._on_session_event)

    @staticmethod
    def _scenario_name(scenario: scenario_io.Scenario) -> str:
        return scenario.name or (scenario.source.name if scenario.source else "—")

    def start_replay(self, scenario: scenario_io.Scenario, delay_ms: int = DEFAULT_REPLAY_DELAY_MS) -> None:
        """Replay ``scenario`` from the start, one step every ``delay_ms``."""
        self.prepare_replay(scenario)
        self._replay_timer.setInterval(delay_ms)
        self._replay_timer.start()

    def stop_replay(self) -> None:
        """Stop replaying (the session stays where the replay got to)."""
        self._replay_timer.stop()
        if self._replay is not None:
            self._replay = None
            self.replaying_changed.emit(False)
            self._emit_changed()

    def replay_step(self) -> bool:
        """Play the next scenario step; False when the replay ended (done, or a step failed: see the message)."""
        if self._replay is None:
            self._say("replay_none")
            return False
        try:
            record = self._run_batched(next, self._replay)
        except StopIteration:
            self._say("replay_done", count=self._replay_count, state=self._state_label(self._session.current))
            self.stop_replay()
            return False
        except ScenarioError as e:
            key = "replay_expect_failed" if e.step is None else "replay_step_failed"
            self._say(key, error=str(e))
            self.stop_replay()
            return False
        self._replay_count += 1
        if record.step.note and record.fired:
            self._run_batched(self._session.set_note, len(self._session.history) - 1, record.step.note)
        note = f" — {record.step.note}" if record.step.note else ""
        self.message_emitted.emit(
            f"{record.index}/{len(self._replay_scenario.steps) if self._replay_scenario else '?'}: "
            f"{self._state_label(record.state_after)}{note}"
        )
        return True

    def _on_replay_timer_timeout(self) -> None:
        self.replay_step()

    # -- what the canvas and the panel show -------------------------------------------

    def trace_markdown(self, lang: str | None = None) -> str:
        """The steps taken as a numbered Markdown procedure for a manual."""
        return markdown_io.procedure_markdown(
            self._machine,
            self._session.taken_transitions(),
            lang=lang or self.language,
            start=self._session.start,
        )

    def highlight_fields(self) -> dict[str, object]:
        """The session's part of the canvas Highlight (the window adds overlays and selection)."""
        taken: dict[str, list[int]] = {}
        for number, tid in enumerate(self._session.taken_transitions(), start=1):
            taken.setdefault(tid, []).append(number)
        return {
            "current": self._session.current,
            "available": frozenset(t.id for t in self._session.available()),
            "visited": frozenset(self._session.visited_states()),
            "taken": {tid: tuple(numbers) for tid, numbers in taken.items()},
            "path": tuple(self._path or ()),
            "path_target": self._target,
        }
