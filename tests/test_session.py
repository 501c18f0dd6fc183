"""Tests of explorer.session: firing, time, history and events, without Qt."""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.errors import SessionError
from explorer.model import Machine, State, Text, Timeout, Transition
from explorer.session import MAX_FIRINGS_PER_ADVANCE, SessionEvent, Session, Step

BUNDLED = Path(__file__).resolve().parents[1] / "data" / "rescue_session_status.yaml"


def make_machine(
    transitions: list[tuple[str, str, str, Timeout | None]],
    states: list[str] | None = None,
    initial: str = "a",
) -> Machine:
    """A machine from (id, source, target, timeout) rows; states default to those named."""
    names = states or list(dict.fromkeys(x for _, s, t, _ in transitions for x in (s, t)))
    return Machine(
        name="test",
        initial=initial,
        states=tuple(State(n, Text.of(n.upper())) for n in names),
        transitions=tuple(
            Transition(tid, s, t, Text.of(f"go {tid}"), timeout=timeout) for tid, s, t, timeout in transitions
        ),
    )


@pytest.fixture
def chain() -> Machine:
    """a -x-> b -y-> c -z-> a, plus a dead end d reachable from b."""
    return make_machine([("x", "a", "b", None), ("y", "b", "c", None), ("z", "c", "a", None), ("w", "b", "d", None)])


@pytest.fixture
def timed() -> Machine:
    """a --1m--> b --5m--> c; a also has a slower 3m edge to c; b can be left by hand."""
    return make_machine(
        [
            ("a_to_c_slow", "a", "c", Timeout(180.0)),
            ("a_to_b", "a", "b", Timeout(60.0)),
            ("b_to_c", "b", "c", Timeout(300.0)),
            ("b_back", "b", "a", None),
        ]
    )


# -- firing ------------------------------------------------------------------


def test_fire_moves_along_an_outgoing_transition(chain: Machine) -> None:
    session = Session(chain)
    assert session.current == "a"
    assert [t.id for t in session.available()] == ["x"]
    step = session.fire("x")
    assert step == Step("x", 0.0, "a", "b", by_timeout=False)
    assert session.current == "b"
    assert [t.id for t in session.available()] == [t.id for t in chain.outgoing("b")]
    assert session.steps == (step,)
    assert session.taken_transitions() == ["x"]
    assert session.visited_states() == {"a", "b"}


def test_fire_records_the_session_time(chain: Machine) -> None:
    session = Session(chain)
    session.advance(12.5)
    step = session.fire("x")
    assert step.time == pytest.approx(12.5)
    assert session.entered_at == pytest.approx(12.5)


@pytest.mark.parametrize(("bad", "leaves"), [("z", "'c'"), ("x", "'a'"), ("nonexistent", "no transition")])
def test_invalid_fire_raises_and_changes_nothing(chain: Machine, bad: str, leaves: str) -> None:
    session = Session(chain)
    session.fire("x")
    session.advance(3)
    before = (session.current, session.time, session.entered_at, session.steps, session.history)
    with pytest.raises(SessionError) as info:
        session.fire(bad)
    message = str(info.value)
    # Which transition, which state, why, and the ways out that would work.
    assert repr(bad) in message and "'b' (B)" in message and leaves in message
    for t in chain.outgoing("b"):
        assert t.id in message and chain.trigger_label(t.id) in message
    assert (session.current, session.time, session.entered_at, session.steps, session.history) == before


def test_unknown_transition_message_says_so(chain: Machine) -> None:
    session = Session(chain)
    with pytest.raises(SessionError, match="no transition 'nope'"):
        session.fire("nope")


def test_no_ways_out_is_said_plainly(chain: Machine) -> None:
    session = Session(chain, start="d")
    with pytest.raises(SessionError, match="no ways out"):
        session.fire("x")


def test_start_must_be_a_state(chain: Machine) -> None:
    with pytest.raises(SessionError, match="nowhere"):
        Session(chain, start="nowhere")
    assert Session(chain, start="c").current == "c"


# -- history -----------------------------------------------------------------


def test_undo_and_redo_restore_state_and_time(chain: Machine) -> None:
    session = Session(chain)
    session.advance(10)
    first = session.fire("x")
    session.advance(20)
    second = session.fire("y")
    assert session.time == pytest.approx(30)

    assert session.undo() == second
    assert (session.current, session.time, session.entered_at) == ("b", first.time, first.time)
    assert session.steps == (first,)
    assert session.can_undo and session.can_redo

    assert session.undo() == first
    assert (session.current, session.time) == ("a", 0.0)
    assert not session.can_undo
    with pytest.raises(SessionError, match="nothing to undo"):
        session.undo()

    assert session.redo() == first
    assert session.redo() == second
    assert (session.current, session.time) == ("c", second.time)
    assert not session.can_redo
    with pytest.raises(SessionError, match="nothing to redo"):
        session.redo()


def test_firing_after_undo_drops_the_redo_tail(chain: Machine) -> None:
    session = Session(chain)
    session.fire("x")
    session.fire("y")
    session.undo()
    assert len(session.history) == 2
    session.fire("w")
    assert session.taken_transitions() == ["x", "w"]
    assert [s.transition for s in session.history] == ["x", "w"]
    assert not session.can_redo


def test_time_passing_after_undo_drops_the_redo_tail(chain: Machine) -> None:
    session = Session(chain)
    session.fire("x")
    session.undo()
    session.advance(1)
    assert not session.can_redo
    assert session.history == ()


def test_restart_clears_everything(chain: Machine) -> None:
    session = Session(chain, start="b")
    session.fire("y")
    session.advance(5)
    session.restart()
    assert (session.current, session.time, session.entered_at) == ("b", 0.0, 0.0)
    assert session.history == () and not session.can_undo and not session.can_redo
    assert session.visited_states() == {"b"}


def test_go_to_moves_the_cursor_and_keeps_the_tail(chain: Machine) -> None:
    session = Session(chain)
    steps = [session.fire("x"), session.fire("y"), session.fire("z")]
    session.go_to(0)
    assert session.current == "b" and session.steps == tuple(steps[:1])
    assert session.history == tuple(steps)
    session.go_to(-1)
    assert session.current == "a" and session.steps == ()
    session.go_to(2)
    assert session.current == "a" and session.steps == tuple(steps)
    session.go_to(1)
    assert session.redo() == steps[2]
    for bad in (-2, 3):
        with pytest.raises(SessionError, match="no step"):
            session.go_to(bad)


def test_visited_and_taken_follow_the_cursor(chain: Machine) -> None:
    session = Session(chain)
    for tid in ("x", "y", "z", "x"):
        session.fire(tid)
    assert session.taken_transitions() == ["x", "y", "z", "x"]
    assert session.visited_states() == {"a", "b", "c"}
    session.go_to(0)
    assert session.visited_states() == {"a", "b"}


# -- time ----------------------------------------------------------------------


def test_advance_without_due_timeouts_only_moves_time(timed: Machine) -> None:
    session = Session(timed)
    assert session.advance(59) == []
    assert session.current == "a" and session.time == pytest.approx(59)
    assert session.next_timeout_in() == pytest.approx(1)


def test_timeouts_fire_in_order_with_time_carried_over(timed: Machine) -> None:
    session = Session(timed)
    fired = session.advance(6 * 60 + 1)
    # 1m edge to b wins over the 3m edge to c; b's own 5m edge then fires at 6m.
    assert [(s.transition, s.time, s.by_timeout) for s in fired] == [
        ("a_to_b", 60.0, True),
        ("b_to_c", 360.0, True),
    ]
    assert session.current == "c"
    assert session.time == pytest.approx(361)
    assert session.entered_at == pytest.approx(360)


def test_reaching_a_timeout_exactly_fires_it(timed: Machine) -> None:
    session = Session(timed)
    assert [s.transition for s in session.advance(60)] == ["a_to_b"]


def test_many_small_ticks_reach_a_timeout(timed: Machine) -> None:
    session = Session(timed)
    fired: list[Step] = []
    for _ in range(600):  # a QTimer at 0.1 s for one minute
        fired += session.advance(0.1)
    assert [s.transition for s in fired] == ["a_to_b"]
    assert fired[0].time == pytest.approx(60)


def test_pending_timeouts_soonest_first(timed: Machine) -> None:
    session = Session(timed)
    session.advance(20)
    pending = session.pending_timeouts()
    assert [(t.id, r) for t, r in pending] == [("a_to_b", pytest.approx(40)), ("a_to_c_slow", pytest.approx(160))]
    session.fire("a_to_b")  # skipping the wait by hand
    assert session.steps[-1].by_timeout is False
    assert [(t.id, r) for t, r in session.pending_timeouts()] == [("b_to_c", pytest.approx(300))]


def test_wait_for_next_timeout(timed: Machine) -> None:
    session = Session(timed)
    session.advance(15)
    fired = session.wait_for_next_timeout()
    assert [s.transition for s in fired] == ["a_to_b"]
    assert session.time == pytest.approx(60)
    session.fire("b_back")
    session.fire("a_to_c_slow")  # c has no timeouts
    assert session.next_timeout_in() is None
    assert session.wait_for_next_timeout() == []
    assert session.time == pytest.approx(60)


def test_ties_go_to_file_order() -> None:
    machine = make_machine([("first", "a", "b", Timeout(30.0)), ("second", "a", "c", Timeout(30.0))])
    session = Session(machine)
    assert [s.transition for s in session.advance(30)] == ["first"]


def test_a_timeout_self_loop_restarts_the_wait() -> None:
    machine = make_machine([("again", "a", "a", Timeout(60.0)), ("out", "a", "b", Timeout(150.0))])
    session = Session(machine)
    fired = session.advance(200)
    # The loop re-enters a at 60 and 120, so the 150 s edge is never reached.
    assert [(s.transition, s.time) for s in fired] == [("again", 60.0), ("again", 120.0), ("again", 180.0)]
    assert session.current == "a" and session.entered_at == pytest.approx(180)
    assert session.next_timeout_in() == pytest.approx(40)


def test_setting_timeouts_use_the_changeable_default() -> None:
    machine = make_machine([("idle", "a", "b", Timeout(None))])
    session = Session(machine, default_timeout=120)
    assert session.advance(100) == []
    assert session.next_timeout_in() == pytest.approx(20)
    session.default_timeout = 30  # shorter than the time already waited: overdue
    fired = session.advance(0)
    assert [(s.transition, s.time) for s in fired] == [("idle", 100.0)]
    with pytest.raises(SessionError):
        session.default_timeout = 0


def test_negative_or_infinite_advance_is_refused(timed: Machine) -> None:
    session = Session(timed)
    for bad in (-1.0, float("inf"), float("nan")):
        with pytest.raises(SessionError):
            session.advance(bad)
    assert session.time == 0.0


def test_zero_length_timeout_loop_is_refused_without_change() -> None:
    machine = make_machine([("ping", "a", "b", Timeout(0.0)), ("pong", "b", "a", Timeout(0.0))])
    session = Session(machine)
    with pytest.raises(SessionError, match="zero length"):
        session.advance(5)
    assert (session.current, session.time, session.history) == ("a", 0.0, ())


def test_zero_length_timeout_without_loop_fires_at_once() -> None:
    machine = make_machine([("go", "a", "b", Timeout(10.0)), ("bounce", "b", "c", Timeout(0.0))])
    session = Session(machine)
    assert [(s.transition, s.time) for s in session.advance(10)] == [("go", 10.0), ("bounce", 10.0)]


def test_runaway_advance_is_refused() -> None:
    machine = make_machine([("tick", "a", "a", Timeout(1.0))])
    session = Session(machine)
    with pytest.raises(SessionError, match="advance by less"):
        session.advance(MAX_FIRINGS_PER_ADVANCE + 10)
    assert session.history == () and session.time == 0.0


def test_undo_of_a_timeout_step(timed: Machine) -> None:
    session = Session(timed)
    session.advance(400)
    session.undo()
    assert (session.current, session.time) == ("b", 60.0)
    assert session.next_timeout_in() == pytest.approx(300)


# -- notes ---------------------------------------------------------------------


def test_a_note_belongs_to_its_step_and_goes_with_a_dropped_redo_tail(chain: Machine) -> None:
    # The regression: notes were kept beside the history by position, so the
    # note of a step that was undone and replaced stuck to its replacement.
    session = Session(chain)
    session.fire("x")
    session.fire("y")
    assert session.set_note(1, "  customer has two PINs ")
    assert session.note(1) == "customer has two PINs"
    assert session.history[1].note == "customer has two PINs"
    session.undo()
    assert session.note(1) == "customer has two PINs"  # still there to redo
    assert session.notes() == {}  # but not in effect
    session.fire("w")  # a different second step drops the redo tail, and its note
    assert [s.transition for s in session.history] == ["x", "w"]
    assert session.note(1) == ""
    assert session.notes() == {}


def test_notes_survive_undo_and_redo_and_go_with_restart(chain: Machine) -> None:
    session = Session(chain)
    session.fire("x")
    session.set_note(0, "first")
    session.undo()
    assert session.redo().note == "first"
    assert session.notes() == {0: "first"}
    assert session.set_note(0, "") and session.notes() == {}
    session.set_note(0, "again")
    session.restart()
    assert session.history == () and session.notes() == {}


def test_setting_a_note_is_an_event_and_bad_indexes_are_refused(chain: Machine) -> None:
    session = Session(chain)
    events: list[SessionEvent] = []
    session.subscribe(events.append)
    with pytest.raises(SessionError, match="no step 0"):
        session.set_note(0, "nothing to note yet")
    session.fire("x")
    events.clear()
    session.set_note(0, "hello")
    assert not session.set_note(0, "hello")  # unchanged: no second event
    assert [(e.kind, e.step.note if e.step else None) for e in events] == [("noted", "hello")]


def test_is_available_answers_what_fire_takes(chain: Machine) -> None:
    session = Session(chain)
    assert session.is_available("x")
    assert not session.is_available("y")  # leaves b, not a
    assert not session.is_available("no such id")
    with pytest.raises(SessionError):
        session.fire("y")


# -- events --------------------------------------------------------------------


def test_events_are_emitted(timed: Machine) -> None:
    session = Session(timed)
    events: list[SessionEvent] = []
    unsubscribe = session.subscribe(events.append)

    fired = session.advance(70)
    assert [e.kind for e in events] == ["fired", "time"]
    assert events[0].step == fired[0]

    events.clear()
    manual = session.fire("b_back")
    session.undo()
    session.redo()
    session.go_to(-1)
    session.restart()
    assert [e.kind for e in events] == ["fired", "undo", "redo", "jump", "restart"]
    assert events[0].step == manual
    assert events[1].step == fired[0]  # the step now last in effect
    assert events[2].step == manual
    assert events[3].step is None

    unsubscribe()
    session.advance(1)
    assert len(events) == 5


def test_listeners_see_the_session_already_changed(chain: Machine) -> None:
    session = Session(chain)
    seen: list[str] = []
    session.subscribe(lambda event: seen.append(session.current))
    session.fire("x")
    assert seen == ["b"]


def test_failed_fire_emits_nothing(chain: Machine) -> None:
    session = Session(chain)
    events: list[SessionEvent] = []
    session.subscribe(events.append)
    with pytest.raises(SessionError):
        session.fire("z")
    assert events == []


# -- the bundled machine -------------------------------------------------------


def _between(machine: Machine, source: str, target: str, *, timeout: bool | None = None) -> Transition:
    """The first transition from source to target (optionally: only timeout / only chosen ones)."""
    for t in machine.outgoing(source):
        if t.target == target and (timeout is None or t.is_timeout == timeout):
            return t
    raise AssertionError(f"the bundled machine has no transition {source} -> {target}")


def test_walk_the_bundled_machine() -> None:
    if not BUNDLED.exists():
        pytest.skip("data/rescue_session_status.yaml has not landed yet")
    from explorer.io.machine_yaml import load_machine

    machine = load_machine(BUNDLED)
    # States are found by their German labels as the seed writes them, not by ids.
    waiting = machine.find_state("Wartend")
    active = machine.find_state("Aktiv")
    timed_out = machine.find_state("Zeitüberschreitung")
    deleted = machine.find_state("Aus Warteschlange der Technikerkonsole gelöscht")
    session = Session(machine, default_timeout=90)
    assert session.current == machine.initial == "connecting"

    for source, target in (("connecting", waiting), (waiting, active)):
        step = session.fire(_between(machine, source, target, timeout=False).id)
        assert (step.source, step.target, session.current) == (source, target, target)

    # Active -> timed out is the administrator's idle limit: a setting, so the default applies.
    idle = _between(machine, active, timed_out, timeout=True)
    assert idle.timeout is not None and idle.timeout.is_setting
    assert session.advance(89) == []
    fired = session.advance(1)
    assert [(s.transition, s.by_timeout, s.time) for s in fired] == [(idle.id, True, pytest.approx(90))]
    assert session.current == timed_out

    # The seed's "Zeitüberschreitung -> Zeitüberschreitung" row: waiting on restarts the wait.
    loop = _between(machine, timed_out, timed_out, timeout=True)
    loop_seconds = session.duration(loop)
    assert loop_seconds is not None
    fired = session.advance(loop_seconds * 2.5)
    assert [s.transition for s in fired] == [loop.id, loop.id]
    assert session.current == timed_out
    assert session.entered_at == pytest.approx(90 + 2 * loop_seconds)

    session.fire(_between(machine, timed_out, deleted, timeout=False).id)
    assert session.current == deleted and machine.state(deleted).final
    assert session.available() == ()
    assert session.visited_states() == {"connecting", waiting, active, timed_out, deleted}
    assert len(session.taken_transitions()) == 6


def test_a_final_state_without_a_timeout_ends_the_session(machine_factory) -> None:  # type: ignore[no-untyped-def]
    machine = machine_factory([("a", "end", "finish"), ("a", "limbo", "park"), ("limbo", "a", "wake", {"timeout": 5})],
                           finals=["end", "limbo"])
    session = Session(machine)
    assert not session.has_ended
    session.fire("a-end")
    assert session.has_ended
    session.undo()
    session.fire("a-limbo")
    # Final, but a timeout still leads out: time has something to run towards.
    assert not session.has_ended


# -- carrying a walk over to the same file read again ----------------------------------

DOOR = [("open", "closed", "opened", None), ("close", "opened", "closed", None),
        ("lock", "closed", "locked", None), ("wait", "opened", "closed", Timeout(30.0))]


def _walked() -> Session:
    """closed -open-> opened -close-> closed -lock-> locked, notes on steps 0 and 2, 5 s in."""
    session = Session(make_machine(DOOR, initial="closed"))
    for tid in ("open", "close", "lock"):
        session.fire(tid)
        session.advance(10)
    session.set_note(0, "first")
    session.set_note(2, "locked it")
    return session


def test_a_walk_on_an_unchanged_machine_carries_over_whole() -> None:
    session = _walked()
    session.advance(4)
    carried, cut = session.carried_to(make_machine(DOOR, initial="closed"))
    assert cut is None
    assert carried.history == session.history
    assert (carried.cursor, carried.current, carried.time, carried.entered_at) == (
        session.cursor, session.current, session.time, session.entered_at)
    assert carried.notes() == session.notes() == {0: "first", 2: "locked it"}
    assert carried.default_timeout == session.default_timeout


def test_the_history_is_cut_before_the_first_step_whose_transition_is_gone() -> None:
    session = _walked()
    changed = make_machine([row for row in DOOR if row[0] != "close"], initial="closed")
    carried, cut = session.carried_to(changed)
    assert cut == session.history[1]
    assert carried.history == session.history[:1]
    assert carried.current == "opened" and carried.time == session.history[0].time
    assert carried.notes() == {0: "first"}


def test_a_transition_that_now_leaves_another_state_does_not_fit() -> None:
    session = _walked()
    moved = [("lock", "opened", "locked", None) if row[0] == "lock" else row for row in DOOR]
    carried, cut = session.carried_to(make_machine(moved, initial="closed"))
    assert cut is not None and cut.transition == "lock"
    assert [s.transition for s in carried.history] == ["open", "close"]
    assert carried.current == "closed"


def test_a_changed_target_is_followed_and_the_next_step_must_leave_from_it() -> None:
    session = _walked()
    retargeted = [("close", "opened", "locked", None) if row[0] == "close" else row for row in DOOR]
    carried, cut = session.carried_to(make_machine(retargeted, initial="closed"))
    assert [s.target for s in carried.history] == ["opened", "locked"]
    assert cut is not None and cut.transition == "lock"  # it leaves 'closed', no longer reached
    assert carried.current == "locked"


def test_a_cut_in_the_redo_tail_keeps_the_cursor_and_the_clock() -> None:
    session = _walked()
    session.undo()
    carried, cut = session.carried_to(make_machine([r for r in DOOR if r[0] != "lock"], initial="closed"))
    assert cut is not None and cut.transition == "lock"
    assert (carried.cursor, carried.current, carried.time) == (2, "closed", session.time)


def test_a_start_state_that_is_gone_starts_over_at_the_initial_state() -> None:
    session = _walked()
    renamed = make_machine([("open", "shut", "opened", None), ("close", "opened", "shut", None)], initial="shut")
    carried, cut = session.carried_to(renamed)
    assert cut == session.history[0]
    assert (carried.start, carried.current, carried.history, carried.time) == ("shut", "shut", (), 0.0)
