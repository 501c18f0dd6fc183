"""Hub stubs on the canvas: named after their hub, in its style, and they act as their transition."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from explorer.layout import hub_states
from explorer.ui.style import StateRole, TransitionRole

from .conftest import open_window


def _open(qtbot, make_window):  # type: ignore[no-untyped-def]
    return open_window(qtbot, make_window, 1920, 1080, activate=False, timeout=60000)


def test_stubs_are_named_after_their_hub_and_stand_for_their_transition(qtbot, make_window,  # type: ignore[no-untyped-def]
                                                                        artifacts_dir: Path) -> None:
    window = _open(qtbot, make_window)
    # For a person to look at: the bundled machine as the window first shows it, with its stubs.
    assert window.grab().save(str(artifacts_dir / "hub_stubs_1920.png"))
    scene, m = window.scene, window.machine
    assert window.hub_stubs_action.isChecked()  # on by default
    hubs = hub_states(m)
    assert scene.item_for_stub
    assert set(scene.item_for_stub) == {t.id for t in m.transitions if t.target in hubs and t.source != t.target}
    for tid, stub in scene.item_for_stub.items():
        assert stub.hub_id == m.transition(tid).target
        assert stub.text == m.state_label(stub.hub_id, window.language())
        assert stub.text_font_px >= stub.MIN_FONT_PX
        # Its curve ends at it.
        end = scene.item_for_transition[tid].path.pointAtPercent(1.0)
        assert stub.sceneBoundingRect().adjusted(-12, -12, 12, 12).contains(end)
    # The hub itself is drawn once, as a state.
    assert hubs <= set(scene.item_for_state)
    # In the hub's colours: the stub of a way out like the hub (a way out's target), the others calm,
    # and every stub of a final hub with its double border.
    ways_out = {t.id for t in m.outgoing(window.controller.session.current)}
    for tid, stub in scene.item_for_stub.items():
        hub_roles = scene.item_for_state[stub.hub_id].roles
        assert (StateRole.FINAL in stub.roles) == m.state(stub.hub_id).final
        if tid in ways_out:
            assert StateRole.AVAILABLE_TARGET in stub.roles and stub.roles == hub_roles
        else:
            assert not stub.roles & {StateRole.AVAILABLE_TARGET, StateRole.CURRENT, StateRole.PATH_TARGET}
    # Another language relabels the stubs too.
    other = next(lang for lang in ("en", "de") if lang != window.language())
    window.set_language(other)
    assert all(stub.text == m.state_label(stub.hub_id, other) for stub in scene.item_for_stub.values())


def test_clicking_a_stub_steps_into_the_hub(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, make_window)
    scene, m = window.scene, window.machine
    ways_out = {t.id for t in m.outgoing(window.controller.session.current)}
    tid = next(t for t in scene.item_for_stub if t in ways_out)
    stub, hub = scene.item_for_stub[tid], m.transition(tid).target
    window.view.centerOn(stub)
    at = window.view.mapFromScene(stub.sceneBoundingRect().center())
    # Pointing at the stub is pointing at its transition.
    QTest.mouseMove(window.view.viewport(), at)
    qtbot.waitUntil(lambda: TransitionRole.HOVERED in scene.item_for_transition[tid].roles, timeout=3000)
    with qtbot.waitSignal(scene.transition_clicked) as clicked:
        QTest.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, at)
    assert clicked.args == [tid]
    assert window.controller.session.current == hub
    qtbot.waitUntil(lambda: StateRole.CURRENT in window.scene.item_for_state[hub].roles, timeout=3000)


def test_the_view_option_switches_stubs_off_and_is_remembered(qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    window, record = make_window()
    window.resize(1280, 720)
    window.show()
    from explorer import BUNDLED_MACHINE

    with qtbot.waitSignal(window.layout_drawn, timeout=60000):
        assert window.open_file(BUNDLED_MACHINE)
    assert window.scene.item_for_stub
    with qtbot.waitSignal(window.layout_drawn, timeout=60000):
        window.hub_stubs_action.setChecked(False)
    assert record.layouts[-1].hub_stubs is False
    assert window.scene.item_for_stub == {}
    # Every transition is drawn into its state again.
    assert set(window.scene.item_for_transition) == {t.id for t in window.machine.transitions}
    window.close()
    again, _record = make_window()
    assert not again.hub_stubs_action.isChecked()
