"""SessionController: signals, path target, running clock, replay and export over a real Session.

Transition ids of the bundled machine are found through the model (by source
and target), never written down, so the data file may name them as it likes.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from explorer.io.scenario import Scenario, ScenarioStep, load_scenario
from explorer.replay import replay
from explorer.model import Machine
from explorer.ui.session_controller import SessionController


def edge(machine: Machine, source: str, target: str, *, timeout: bool | None = None) -> str:
    """The id of the first transition from ``source`` to ``target`` (optionally: a timeout edge or not)."""
    for t in machine.outgoing(source):
        if t.target == target and (timeout is None or t.is_timeout == timeout):
            return t.id
    raise AssertionError(f"no transition {source} -> {target} in the bundled machine")


@pytest.fixture
def controller(qtbot, bundled_machine: Machine) -> SessionController:
    controller = SessionController(bundled_machine)
    yield controller
    controller.close()


@pytest.fixture
def small(machine_factory) -> Machine:
    """a -1s timeout-> b -> c, a -> c by hand; d unreachable."""
    return machine_factory(
        [
            ("a", "b", "go", {"timeout": 1}),
            ("a", "c", "skip"),
            ("b", "c", "finish"),
            ("d", "a", "never"),
        ],
        initial="a",
        finals=["c"],
    )


def test_fire_moves_the_session_and_says_so(qtbot, controller: SessionController, bundled_machine: Machine) -> None:
    tid = edge(bundled_machine, "connecting", "waiting")
    with qtbot.waitSignal(controller.changed), qtbot.waitSignal(controller.fired) as fired:
        assert controller.fire(tid)
    assert fired.args == [tid]
    assert controller.session.current == "waiting"
    assert controller.session.taken_transitions() == [tid]


def test_a_refused_fire_is_a_message_and_changes_nothing(qtbot, controller: SessionController,
                                                         bundled_machine: Machine) -> None:
    foreign = edge(bundled_machine, "active", "closed")
    with qtbot.assertNotEmitted(controller.changed), qtbot.waitSignal(controller.message_emitted) as message:
        assert not controller.fire(foreign)
    assert foreign in message.args[0]
    assert controller.session.current == "connecting"
    assert controller.session.steps == ()


def test_back_forward_go_to_and_restart(qtbot, controller: SessionController, bundled_machine: Machine) -> None:
    first = edge(bundled_machine, "connecting", "waiting")
    second = edge(bundled_machine, "waiting", "active")
    controller.fire(first)
    controller.fire(second)
    with qtbot.waitSignal(controller.changed):
        assert controller.back()
    assert controller.session.current == "waiting"
    assert controller.forward()
    assert controller.session.current == "active"
    with qtbot.waitSignal(controller.message_emitted):
        assert not controller.forward()
    controller.go_to(-1)
    assert controller.session.current == "connecting"
    assert controller.session.can_redo
    controller.go_to(0)
    assert controller.session.current == "waiting"
    controller.restart()
    assert controller.session.current == "connecting"
    assert controller.session.history == ()
    with qtbot.waitSignal(controller.message_emitted):
        assert not controller.back()


def test_one_change_signal_for_a_wait_that_fires_several_timeouts(qtbot, machine_factory) -> None:
    machine = machine_factory([("a", "b", "t1", {"timeout": 1}), ("b", "c", "t2", {"timeout": 1})])
    controller = SessionController(machine)
    changes: list[None] = []
    fired: list[str] = []
    controller.changed.connect(lambda: changes.append(None))
    controller.fired.connect(fired.append)
    assert controller.advance(5) == ["a-b", "b-c"]
    assert fired == ["a-b", "b-c"]
    assert len(changes) == 1
    assert controller.session.current == "c"


def test_path_to_a_target_follows_the_session(qtbot, controller: SessionController, bundled_machine: Machine) -> None:
    controller.set_target("active")
    path = controller.path()
    assert path == [edge(bundled_machine, "connecting", "waiting"), edge(bundled_machine, "waiting", "active")]
    assert controller.next_step() == path[0]
    controller.fire(path[0])
    assert controller.path() == path[1:]
    controller.fire(path[1])
    assert controller.path() == []
    assert controller.next_step() is None
    assert controller.highlight_fields()["path_target"] == "active"
    controller.set_target(None)
    assert controller.path() is None


@pytest.mark.parametrize(("ui", "lang", "words"), [("de", "en", "nicht erreichbar"), ("en", "de", "cannot be reached")])
def test_an_unreachable_target_is_said_plainly(qtbot, controller: SessionController, ui: str, lang: str,
                                               words: str) -> None:
    """The sentence is in the UI language, the state's name in the content language (independent of each other)."""
    from explorer.ui import i18n

    assert i18n.install_translator(ui)
    try:
        controller.set_language(lang)
        with qtbot.waitSignal(controller.message_emitted) as message:
            controller.set_target("invitation")
    finally:
        i18n.remove_translator()
    assert controller.path() is None
    assert controller.is_target_reachable() is False
    assert words in message.args[0]
    assert controller.machine.state_label("invitation", lang) in message.args[0]


def test_run_clock_lets_a_timeout_of_the_bundled_machine_fire(qtbot, controller: SessionController,
                                                              bundled_machine: Machine) -> None:
    expected = edge(bundled_machine, "connecting", "deleted", timeout=True)
    ticks: list[float] = []
    controller.clock_ticked.connect(ticks.append)
    with qtbot.waitSignal(controller.running_changed) as running:
        controller.run_clock(60.0)
    assert running.args == [True]
    assert controller.is_running
    # The connecting session expires after one simulated minute: about 1 s at 60x.
    with qtbot.waitSignal(controller.fired, timeout=5000) as fired:
        pass
    assert fired.args == [expected]
    assert controller.session.current == "deleted"
    assert controller.session.steps[-1].by_timeout
    assert ticks and ticks == sorted(ticks)
    # "deleted" is a final state: the session is over and the clock stopped by itself.
    assert not controller.is_running
    frozen = controller.session.time
    qtbot.wait(250)
    assert controller.session.time == frozen


def test_the_clock_stops_in_a_final_state_and_does_not_start_there(qtbot, machine_factory) -> None:  # type: ignore[no-untyped-def]
    machine = machine_factory([("a", "b", "go"), ("b", "end", "finish"), ("a", "end", "expire", {"timeout": 5})],
                              finals=["end"])
    controller = SessionController(machine)
    assert controller.fire("a-b")
    controller.run_clock(60.0)
    assert controller.is_running
    states: list[bool] = []
    controller.running_changed.connect(states.append)
    with qtbot.waitSignal(controller.message_emitted) as said:
        controller.fire("b-end")
    assert states == [False] and not controller.is_running
    assert "final" in said.args[0] and "End" in said.args[0]
    frozen = controller.session.time
    qtbot.wait(200)
    assert controller.session.time == frozen
    controller.run_clock()
    assert not controller.is_running and states == [False]
    # Back at the start, whose timeout leads on, the clock runs again; the timeout ends the session.
    controller.restart()
    controller.run_clock(60.0)
    assert controller.is_running
    with qtbot.waitSignal(controller.running_changed, timeout=5000) as running:
        pass
    assert running.args == [False]
    assert controller.session.current == "end" and controller.session.steps[-1].by_timeout
    controller.close()


def test_wait_for_next_timeout(qtbot, small: Machine) -> None:
    controller = SessionController(small)
    assert controller.wait_for_next_timeout() == ["a-b"]
    assert controller.session.current == "b"
    assert controller.session.time == pytest.approx(1.0)
    with qtbot.waitSignal(controller.message_emitted):
        assert controller.wait_for_next_timeout() == []


def test_highlight_fields_number_the_steps(small: Machine, machine_factory) -> None:
    loop = machine_factory([("a", "b", "there"), ("b", "a", "back")])
    controller = SessionController(loop)
    for tid in ("a-b", "b-a", "a-b"):
        controller.fire(tid)
    fields = controller.highlight_fields()
    assert fields["current"] == "b"
    assert fields["available"] == frozenset({"b-a"})
    assert fields["visited"] == frozenset({"a", "b"})
    assert fields["taken"] == {"a-b": (1, 3), "b-a": (2,)}
    assert fields["path"] == ()
    assert fields["path_target"] is None


def test_replay_drives_the_session_step_by_step(qtbot, controller: SessionController,
                                                bundled_machine: Machine) -> None:
    scenario = Scenario(steps=(
        ScenarioStep("trigger", bundled_machine.trigger_label(edge(bundled_machine, "connecting", "waiting"), "en")),
        ScenarioStep("transition", edge(bundled_machine, "waiting", "active")),
        ScenarioStep("wait", 0.0),
    ))
    expected = replay(scenario, bundled_machine)
    controller.fire(edge(bundled_machine, "connecting", "waiting"))  # replay starts afresh regardless
    fired: list[str] = []
    controller.fired.connect(fired.append)
    with qtbot.waitSignal(controller.replaying_changed, check_params_cb=lambda on: not on, timeout=5000):
        controller.start_replay(scenario, delay_ms=20)
        assert controller.is_auto_replaying
    assert fired == [s.transition for s in expected.steps]
    assert controller.session.current == expected.final_state
    assert not controller.is_replaying


def test_a_step_that_does_not_apply_is_reported_with_its_number(qtbot, controller: SessionController,
                                                                bundled_machine: Machine) -> None:
    scenario = Scenario(steps=(
        ScenarioStep("transition", edge(bundled_machine, "connecting", "waiting")),
        ScenarioStep("trigger", "no such trigger"),
        ScenarioStep("transition", edge(bundled_machine, "waiting", "active")),
    ))
    messages: list[str] = []
    controller.message_emitted.connect(messages.append)
    controller.prepare_replay(scenario)
    assert controller.replay_step()
    assert not controller.replay_step()
    assert "step 2" in messages[-1]
    assert "no such trigger" in messages[-1]
    # The steps before the failing one stay done; nothing is silently skipped past it.
    assert controller.session.current == "waiting"
    assert not controller.is_replaying


def test_saved_scenario_replays_to_the_same_history(qtbot, tmp_path: Path, controller: SessionController,
                                                    bundled_machine: Machine) -> None:
    controller.fire(edge(bundled_machine, "connecting", "waiting"))
    controller.advance(10)
    controller.fire(edge(bundled_machine, "waiting", "active"))
    controller.session.default_timeout = 90
    controller.wait_for_next_timeout()
    assert controller.session.steps[-1].by_timeout
    history = controller.session.steps
    path = tmp_path / "walk.yaml"
    controller.save_scenario(path, Path(__file__).resolve().parents[2] / "data" / "rescue_session_status.yaml")
    scenario = controller.load_scenario(path)
    assert scenario == load_scenario(path)

    other = SessionController(bundled_machine)
    other.prepare_replay(scenario)
    while other.replay_step():
        pass
    assert other.session.steps == history
    assert other.session.current == controller.session.current


def test_a_note_of_an_undone_step_is_not_saved_with_its_replacement(
        qtbot, tmp_path: Path, controller: SessionController, bundled_machine: Machine) -> None:
    # Fire two steps, note step 2, undo, fire a different second step: the
    # old note must neither show on the new step 2 nor reach the saved file.
    first = edge(bundled_machine, "connecting", "waiting")
    ways = [t.id for t in bundled_machine.outgoing("waiting") if not t.is_timeout]
    assert len(ways) >= 2, "the bundled machine needs two ways out of 'waiting' for this test"
    controller.fire(first)
    controller.fire(ways[0])
    with qtbot.waitSignal(controller.changed):
        controller.set_note(1, "customer has two PINs")
    assert controller.note(1) == "customer has two PINs"
    controller.back()
    controller.fire(ways[1])
    assert controller.session.taken_transitions() == [first, ways[1]]
    assert controller.note(1) == ""
    assert controller.notes() == {}
    saved = controller.save_scenario(tmp_path / "walk.yaml", None)
    assert [s.note for s in saved.steps if s.kind == "transition"] == [None, None]
    assert "customer has two PINs" not in (tmp_path / "walk.yaml").read_text(encoding="utf-8")
    assert all(s.note is None for s in load_scenario(tmp_path / "walk.yaml").steps)


def test_a_note_on_a_step_in_effect_is_saved(qtbot, tmp_path: Path, controller: SessionController,
                                             bundled_machine: Machine) -> None:
    first = edge(bundled_machine, "connecting", "waiting")
    controller.fire(first)
    controller.set_note(0, "the call came in")
    saved = controller.save_scenario(tmp_path / "walk.yaml", None)
    assert [(s.value, s.note) for s in saved.steps] == [(first, "the call came in")]
    assert [(s.value, s.note) for s in load_scenario(tmp_path / "walk.yaml").steps] == [(first, "the call came in")]


def test_trace_markdown_numbers_the_steps_in_german(controller: SessionController, bundled_machine: Machine) -> None:
    first = edge(bundled_machine, "connecting", "waiting")
    second = edge(bundled_machine, "waiting", "active")
    controller.fire(first)
    controller.fire(second)
    text = controller.trace_markdown("de")
    assert "1. **" + bundled_machine.trigger_label(first, "de") in text
    assert "2. **" + bundled_machine.trigger_label(second, "de") in text
    for step in bundled_machine.transition(second).steps:
        assert step.get("de") in text


def test_history_moves_pause_the_clock_so_forward_stays_possible(qtbot, controller: SessionController,
                                                                  bundled_machine: Machine) -> None:
    controller.fire(edge(bundled_machine, "connecting", "waiting"))
    controller.run_clock(1.0)
    with qtbot.waitSignal(controller.running_changed) as running:
        controller.back()
    assert running.args == [False]
    qtbot.wait(250)
    assert controller.session.can_redo
    assert controller.forward()
    assert controller.session.current == "waiting"


def test_a_person_acting_stops_a_replay(qtbot, controller: SessionController, bundled_machine: Machine) -> None:
    scenario = Scenario(steps=(
        ScenarioStep("transition", edge(bundled_machine, "connecting", "waiting")),
        ScenarioStep("transition", edge(bundled_machine, "waiting", "active")),
    ))
    controller.start_replay(scenario, delay_ms=60_000)
    assert controller.replay_step()
    with qtbot.waitSignal(controller.replaying_changed) as replaying:
        controller.fire(edge(bundled_machine, "waiting", "outgoing"))
    assert replaying.args == [False]
    assert not controller.is_auto_replaying
    assert controller.session.current == "outgoing"


def test_the_canvas_follows_the_session(qtbot, controller: SessionController, bundled_machine: Machine) -> None:
    """The window's wiring in small: highlight_fields() is exactly what a Highlight takes."""
    from explorer.layout import compute_layout
    from explorer.ui.scene import GraphScene
    from explorer.ui.style import Highlight, StateRole, TransitionRole

    scene = GraphScene(bundled_machine, compute_layout(bundled_machine))
    controller.changed.connect(lambda: scene.apply(Highlight(**controller.highlight_fields(), focus=True)))
    first = edge(bundled_machine, "connecting", "waiting")
    controller.fire(first)
    assert StateRole.CURRENT in scene.item_for_state["waiting"].roles
    for transition in bundled_machine.outgoing("waiting"):
        assert TransitionRole.AVAILABLE in scene.item_for_transition[transition.id].roles
    assert TransitionRole.TAKEN in scene.item_for_transition[first].roles
    controller.set_target("active")
    assert TransitionRole.PATH_NEXT in scene.item_for_transition[controller.next_step()].roles
