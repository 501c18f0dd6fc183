"""The canvas scene: items from real Graphviz layouts, clicks, restyling, relabelling, detail."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QContextMenuEvent, QFontMetricsF, QImage, QPainter
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

import explorer.layout
from explorer.analysis import analyse, shortest_path
from explorer.generate import generate_machine
from explorer.layout import EdgeGeometry, Layout, LayoutOptions, NodeGeometry, compute_layout
from explorer.model import Machine
from explorer.ui import style as st
from explorer.ui.scene import GraphScene, StateItem, TransitionItem, label_boost
from explorer.ui.session_controller import SessionController
from explorer.ui.style import Highlight, StateRole, TransitionRole
from explorer.ui.view import GraphView


def restyled_by(scene: GraphScene, highlight: Highlight) -> frozenset[str]:
    """Apply ``highlight``; the ids the scene reported restyling (its ``restyled`` signal, emitted once)."""
    reported: list[frozenset[str]] = []

    def on_restyled(ids: frozenset[str]) -> None:
        reported.append(ids)

    scene.restyled.connect(on_restyled)
    try:
        scene.apply(highlight)
    finally:
        scene.restyled.disconnect(on_restyled)
    assert len(reported) == 1
    return reported[0]


@pytest.fixture(scope="module")
def bundled_layout(bundled_machine: Machine) -> Layout:
    # As the window lays it out: no room reserved for trigger labels.
    return compute_layout(bundled_machine, LayoutOptions(edge_labels=False))


@pytest.fixture
def scene(qtbot: object, bundled_machine: Machine, bundled_layout: Layout) -> GraphScene:
    return GraphScene(bundled_machine, bundled_layout, bundled_machine.language)


@pytest.fixture
def view(qtbot, scene: GraphScene) -> GraphView:  # type: ignore[no-untyped-def]
    v = GraphView()
    qtbot.addWidget(v)
    v.resize(1400, 1000)
    v.set_scene_fitting(scene)
    v.show()
    qtbot.waitExposed(v)
    return v


def session_highlight(machine: Machine, current: str, **changes: object) -> Highlight:
    """A highlight as a session in ``current`` would make it."""
    return Highlight.from_analysis(
        analyse(machine),
        current=current,
        available=frozenset(t.id for t in machine.outgoing(current)),
        focus=True,
        **changes,
    )


def is_dashed(pen: object) -> bool:
    return pen.style() in (Qt.PenStyle.DashLine, Qt.PenStyle.CustomDashLine)  # type: ignore[attr-defined]


def no_graphviz(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("Graphviz must not run while restyling")

    monkeypatch.setattr(explorer.layout, "compute_layout", refuse)
    monkeypatch.setattr(explorer.layout, "run_graphviz", refuse)


# -- building -----------------------------------------------------------------------


def test_every_state_and_transition_has_an_item(scene: GraphScene, bundled_machine: Machine) -> None:
    assert set(scene.item_for_state) == {s.id for s in bundled_machine.states}
    assert set(scene.item_for_transition) == {t.id for t in bundled_machine.transitions}
    assert len(scene.item_for_transition) == len(bundled_machine.transitions)
    for tid, item in scene.item_for_transition.items():
        assert item.transition_id == tid
        assert item.scene() is scene
        assert not item.flags() & item.GraphicsItemFlag.ItemIsSelectable


def test_items_sit_on_the_layout_geometry(scene: GraphScene, bundled_layout: Layout) -> None:
    for sid, item in scene.item_for_state.items():
        node = bundled_layout.nodes[sid]
        assert item.pos() == QPointF(node.x, node.y)
        assert item.shape().boundingRect().size().toTuple() == pytest.approx((node.width, node.height))
    for tid, item in scene.item_for_transition.items():
        edge = bundled_layout.edges[tid]
        assert item.path.elementAt(0).x == pytest.approx(edge.path[0][0])
        assert item.path.currentPosition().toTuple() == pytest.approx(edge.path[-1])
        # The clickable shape is wider than the curve itself.
        mid = item.path.pointAtPercent(0.5)
        assert item.shape().contains(mid + QPointF(0, st.EDGE_HIT_WIDTH / 2 - 1))


def test_entry_arrow_points_at_the_initial_state(scene: GraphScene, bundled_machine: Machine) -> None:
    assert scene.entry_item is not None
    initial = scene.item_for_state[bundled_machine.initial]
    assert StateRole.INITIAL in initial.roles
    gap = scene.entry_item.sceneBoundingRect().intersected(initial.sceneBoundingRect())
    assert not gap.isEmpty()


def test_finals_and_self_loops_are_marked(scene: GraphScene, bundled_machine: Machine) -> None:
    for s in bundled_machine.states:
        assert scene.item_for_state[s.id].final == s.final
        assert (StateRole.FINAL in scene.item_for_state[s.id].roles) == s.final
    loops = analyse(bundled_machine).self_loops
    assert loops
    for tid in loops:
        item = scene.item_for_transition[tid]
        assert item.is_self_loop and TransitionRole.SELF_LOOP in item.roles
        assert item.path.boundingRect().width() > 5  # drawn as a visible loop


def test_state_labels_fit_their_boxes(scene: GraphScene) -> None:
    for item in scene.item_for_state.values():
        area = item.text_rect()
        fnt = st.font(item.text_font_px)
        used = QFontMetricsF(fnt).boundingRect(area, int(Qt.AlignmentFlag.AlignCenter), item.text)
        assert used.width() <= area.width() + 1 and used.height() <= area.height() + 1


def test_computed_labels_of_parallel_edges_do_not_overlap(scene: GraphScene, bundled_machine: Machine) -> None:
    pairs: dict[frozenset[str], list[TransitionItem]] = {}
    for t in bundled_machine.transitions:
        pairs.setdefault(frozenset((t.source, t.target)), []).append(scene.item_for_transition[t.id])
    parallel = [items for items in pairs.values() if len(items) > 1]
    assert parallel, "the bundled machine has parallel transitions"
    for items in parallel:
        rects = [i.label_rect() for i in items]
        for i, a in enumerate(rects):
            for b in rects[i + 1 :]:
                assert not a.intersects(b)


# -- clicking -------------------------------------------------------------------------


def test_clicking_a_state_emits_its_id(qtbot, view: GraphView, scene: GraphScene) -> None:  # type: ignore[no-untyped-def]
    for sid in ("waiting", "deleted"):
        pos = view.mapFromScene(scene.item_for_state[sid].scenePos())
        with qtbot.waitSignal(scene.state_clicked, timeout=1000) as blocker:
            QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        assert blocker.args == [sid]


def _clickable_point(view: GraphView, item: TransitionItem) -> QPoint | None:
    """A viewport point on ``item``'s curve where it is the topmost item."""
    for percent in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
        pos = view.mapFromScene(item.path.pointAtPercent(percent))
        items = view.items(pos)
        if items and items[0] is item:
            return pos
    return None


def test_clicking_an_edge_emits_its_id(qtbot, view: GraphView, scene: GraphScene) -> None:  # type: ignore[no-untyped-def]
    clicked = 0
    for tid, item in scene.item_for_transition.items():
        pos = _clickable_point(view, item)
        if pos is None:
            continue
        with qtbot.waitSignal(scene.transition_clicked, timeout=1000) as blocker:
            QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
        assert blocker.args == [tid]
        clicked += 1
        if clicked == 5:
            break
    assert clicked == 5


def test_clicking_near_a_thin_edge_still_hits_it(qtbot, view: GraphView, scene: GraphScene) -> None:  # type: ignore[no-untyped-def]
    view.zoom_reset()
    for tid, item in scene.item_for_transition.items():
        mid = item.path.pointAtPercent(0.5)
        view.centerOn(mid)
        near = view.mapFromScene(mid) + QPoint(0, 3)  # 3 px beside a 1.3 px line
        if view.items(near)[:1] == [item]:
            with qtbot.waitSignal(scene.transition_clicked, timeout=1000) as blocker:
                QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, near)
            assert blocker.args == [tid]
            return
    pytest.fail("no edge could be clicked beside its line")


def test_right_click_on_a_state_requests_a_context_menu(qtbot, view: GraphView, scene: GraphScene) -> None:  # type: ignore[no-untyped-def]
    pos = view.mapFromScene(scene.item_for_state["active"].scenePos())
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos))
    with qtbot.waitSignal(scene.state_context_requested, timeout=1000) as blocker:
        QApplication.sendEvent(view.viewport(), event)
    assert blocker.args[0] == "active"
    assert blocker.args[1] == view.viewport().mapToGlobal(pos)


def test_hovering_restyles_and_reports(qtbot, view: GraphView, scene: GraphScene) -> None:  # type: ignore[no-untyped-def]
    item = scene.item_for_state["offline"]
    pos = view.mapFromScene(item.scenePos())
    with qtbot.waitSignal(scene.item_hovered, timeout=1000) as blocker:
        QTest.mouseMove(view.viewport(), pos)
    assert blocker.args == ["offline"]
    assert StateRole.HOVERED in item.roles
    with qtbot.waitSignal(scene.item_hovered, timeout=1000) as blocker:
        QTest.mouseMove(view.viewport(), QPoint(2, 2))
    assert blocker.args == [""]
    assert StateRole.HOVERED not in item.roles


# -- restyling ----------------------------------------------------------------------------


def test_overlay_toggle_restyles_only_the_overlay_items(
    scene: GraphScene, bundled_machine: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_graphviz(monkeypatch)
    a = analyse(bundled_machine)
    on = Highlight.from_analysis(a)
    scene.apply(on)
    for sid in a.unreachable:
        item = scene.item_for_state[sid]
        assert StateRole.UNREACHABLE in item.roles
        assert item.style.overlay_brush is not None  # hatched
        assert is_dashed(item.style.pen)
    for tid in a.timeouts:
        item = scene.item_for_transition[tid]
        assert TransitionRole.TIMEOUT in item.roles and item.style.show_timeout_mark
        assert is_dashed(item.style.pen)
    for tid in a.ambiguous - a.timeouts:
        assert scene.item_for_transition[tid].style.pen.color() == st.Palette.ambiguous

    assert restyled_by(scene, dataclasses.replace(on, hidden={"unreachable"})) == a.unreachable
    for sid in a.unreachable:
        assert StateRole.UNREACHABLE not in scene.item_for_state[sid].roles
        assert scene.item_for_state[sid].style.overlay_brush is None

    assert restyled_by(scene, dataclasses.replace(on, hidden={"unreachable", "timeouts"})) == a.timeouts
    assert all(not scene.item_for_transition[t].style.show_timeout_mark for t in a.timeouts)


def test_a_step_restyles_only_what_changed(
    scene: GraphScene, bundled_machine: Machine, monkeypatch: pytest.MonkeyPatch
) -> None:
    no_graphviz(monkeypatch)
    m = bundled_machine
    items_before = set(scene.items())
    first = session_highlight(m, "connecting")
    scene.apply(first)
    current = scene.item_for_state["connecting"]
    assert StateRole.CURRENT in current.roles
    assert current.style.brush.color() == st.Palette.current
    for t in m.outgoing("connecting"):
        item = scene.item_for_transition[t.id]
        assert TransitionRole.AVAILABLE in item.roles and item.label_shown_at(0.1)
        assert StateRole.AVAILABLE_TARGET in scene.item_for_state[t.target].roles or t.target == "connecting"
    calm = scene.item_for_state["closed"]
    assert StateRole.DIMMED in calm.roles and calm.style.text_color == st.Palette.context_text

    assert restyled_by(scene, first) == frozenset()  # nothing changed, nothing touched

    step = next(t for t in m.outgoing("connecting") if t.target == "waiting")
    second = session_highlight(m, "waiting", visited=frozenset({"connecting", "waiting"}), taken={step.id: (1,)})
    restyled = restyled_by(scene, second)
    mentioned = {"connecting", "waiting"} | {x for t in [*m.outgoing("connecting"), *m.outgoing("waiting")]
                                              for x in (t.id, t.target)}
    assert restyled and restyled <= mentioned
    assert scene.item_for_transition[step.id].steps == (1,)
    assert TransitionRole.TAKEN in scene.item_for_transition[step.id].roles
    assert set(scene.items()) == items_before  # restyled, never rebuilt


def test_path_marks_the_next_step_and_target(scene: GraphScene, bundled_machine: Machine) -> None:
    path = shortest_path(bundled_machine, "connecting", "closed")
    assert path
    scene.apply(session_highlight(bundled_machine, "connecting", path=tuple(path), path_target="closed"))
    assert TransitionRole.PATH_NEXT in scene.item_for_transition[path[0]].roles
    for tid in path:
        item = scene.item_for_transition[tid]
        assert TransitionRole.PATH in item.roles and StateRole.DIMMED not in item.roles
        assert item.zValue() > scene.item_for_transition[next(iter(
            t.id for t in bundled_machine.transitions if t.id not in path and t.source != "connecting"))].zValue()
    assert StateRole.PATH_TARGET in scene.item_for_state["closed"].roles
    assert scene.item_for_state["closed"].style.ring_pen is not None


def test_selection_rings_a_state_and_thickens_an_edge(scene: GraphScene, bundled_machine: Machine) -> None:
    base = Highlight.from_analysis(analyse(bundled_machine))
    scene.apply(dataclasses.replace(base, selected="offline"))
    assert scene.item_for_state["offline"].style.ring_pen is not None
    tid = bundled_machine.transitions[0].id
    width = scene.item_for_transition[tid].style.pen.widthF()
    assert restyled_by(scene, dataclasses.replace(base, selected=tid)) == {"offline", tid}
    assert scene.item_for_transition[tid].style.pen.widthF() > width
    assert scene.item_for_state["offline"].style.ring_pen is None


# -- language and level of detail ------------------------------------------------------------


def test_set_language_changes_text_not_geometry(scene: GraphScene, bundled_machine: Machine) -> None:
    m = bundled_machine
    other = next(lang for lang in m.languages if lang != m.language)
    geometry = {sid: (i.pos(), i.boundingRect()) for sid, i in scene.item_for_state.items()}
    curves = {tid: i.path.boundingRect() for tid, i in scene.item_for_transition.items()}
    before = {sid: i.text for sid, i in scene.item_for_state.items()}
    scene.set_language(other)
    changed = [sid for sid, i in scene.item_for_state.items() if i.text != before[sid]]
    assert changed
    for sid, item in scene.item_for_state.items():
        assert (item.pos(), item.boundingRect()) == geometry[sid]
        assert item.text.replace("\n", " ").startswith(m.state_label(sid, other).split()[0][:3]) or item.text.endswith("…")
    for tid, item in scene.item_for_transition.items():
        assert item.path.boundingRect() == curves[tid]
        assert item.text.replace("\n", " ") == m.trigger_label(tid, other)
    scene.set_language(m.language)
    assert {sid: i.text for sid, i in scene.item_for_state.items()} == before


def test_long_text_shrinks_then_elides_inside_its_box(qtbot, machine_factory: Callable[..., Machine]) -> None:  # type: ignore[no-untyped-def]
    m = machine_factory([("a", "b", "go")], labels={"a": {"en": "A", "de": "Donaudampfschifffahrtsgesellschaftskapitän " * 3}})
    lay = Layout(
        width=300, height=100,
        nodes={"a": NodeGeometry("a", 50, 50, 60, 30, "A"), "b": NodeGeometry("b", 250, 50, 60, 30, "B")},
        edges={"a-b": EdgeGeometry("a-b", "a", "b", ((80, 50), (130, 50), (170, 50), (210, 50)), (220, 50))},
        engine="hand",
    )
    scene = GraphScene(m, lay, "en")
    item = scene.item_for_state["a"]
    assert item.text == "A" and item.text_font_px == st.STATE_FONT_PX
    scene.set_language("de")
    assert item.text_font_px < st.STATE_FONT_PX
    assert item.text.endswith("…")
    used = QFontMetricsF(st.font(item.text_font_px)).boundingRect(item.text_rect(), int(Qt.AlignmentFlag.AlignCenter), item.text)
    assert used.width() <= item.text_rect().width() + 1


def test_calm_labels_show_only_when_zoomed_in_or_asked(scene: GraphScene, bundled_machine: Machine) -> None:
    m = bundled_machine
    scene.apply(session_highlight(m, "active"))
    way_out = scene.item_for_transition[m.outgoing("active")[0].id]
    calm = next(scene.item_for_transition[t.id] for t in m.transitions if t.source not in ("active",))
    zoomed_out, zoomed_in = st.LABEL_DETAIL_LOD / 2, st.LABEL_DETAIL_LOD * 1.5
    assert way_out.label_shown_at(zoomed_out) and way_out.label_shown_at(zoomed_in)
    assert not calm.label_shown_at(zoomed_out) and calm.label_shown_at(zoomed_in)
    scene.set_all_labels(True)
    assert calm.label_shown_at(zoomed_out)
    scene.set_all_labels(False)
    scene.apply(dataclasses.replace(scene.highlight, selected=calm.transition_id))
    assert calm.label_shown_at(zoomed_out)


def test_labels_that_matter_are_drawn_readably_at_fit(qtbot, view: GraphView, scene: GraphScene, bundled_machine: Machine) -> None:  # type: ignore[no-untyped-def]
    """At fit-to-window a way out's label is boosted to at least MIN_SCREEN_LABEL_PX on screen."""
    scene.apply(session_highlight(bundled_machine, "active"))
    view.zoom_fit()
    lod = view.zoom
    assert lod < 1  # the bundled machine needs shrinking to fit
    boost = label_boost(lod)
    assert st.EDGE_FONT_PX * lod * boost >= min(st.MIN_SCREEN_LABEL_PX, st.EDGE_FONT_PX * lod * st.MAX_LABEL_BOOST) - 1e-9
    item = scene.item_for_transition[bundled_machine.outgoing("active")[0].id]
    assert item.boundingRect().contains(item.label_rect())
    assert item.style.boost_label


# -- scale ---------------------------------------------------------------------------------------


def grid_layout(machine: Machine) -> Layout:
    """A cheap straight-line layout on a grid (no Graphviz), for scale tests."""
    cols = 40
    nodes = {
        s.id: NodeGeometry(s.id, 200.0 * (i % cols), 80.0 * (i // cols), 150, 40, s.id)
        for i, s in enumerate(machine.states)
    }
    edges = {}
    for t in machine.transitions:
        a, b = nodes[t.source], nodes[t.target]
        p0, p3 = (a.x + 75, a.y), (b.x - 75, b.y + 5)
        c1 = (p0[0] + 30, p0[1] - 30)
        c2 = (p3[0] - 30, p3[1] - 30)
        edges[t.id] = EdgeGeometry(t.id, t.source, t.target, (p0, c1, c2, p3), None, None, "")
    return Layout(200.0 * cols, 80.0 * (len(nodes) // cols + 1), nodes, edges, "grid")


def test_a_large_scene_builds_and_steps_touch_few_items(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    no_graphviz(monkeypatch)
    m = generate_machine(1000, "structured", seed=7)
    lay = grid_layout(m)
    scene = GraphScene(m, lay)  # how long this takes is the bench's business, not a test's
    assert len(scene.item_for_transition) == len(m.transitions)
    a = analyse(m)
    current = m.states[0].id
    scene.apply(Highlight.from_analysis(a, current=current, available=frozenset(t.id for t in m.outgoing(current)), focus=True))
    nxt = m.outgoing(current)[0]
    restyled = restyled_by(scene, Highlight.from_analysis(
        a, current=nxt.target, available=frozenset(t.id for t in m.outgoing(nxt.target)), taken={nxt.id: (1,)},
        focus=True))
    assert 0 < len(restyled) <= 4 * (len(m.outgoing(current)) + len(m.outgoing(nxt.target)) + 2)


def test_tooltips_tell_everything_in_every_language(scene: GraphScene, bundled_machine: Machine) -> None:
    m = bundled_machine
    state = m.state("deleted")
    tip = scene.tooltip_for("deleted")
    assert all(text.replace("&", "&amp;") in tip for _, text in state.label.values)
    assert "Final state" in tip and f"{len(m.incoming('deleted'))} in" in tip
    t = next(t for t in m.transitions if len(t.steps) > 1 and t.timeout is not None)
    tip = scene.tooltip_for(t.id)
    assert all(text in tip for _, text in t.trigger.values)
    assert "<ol>" in tip and tip.count("<li>") == len(t.steps) and "Timeout" in tip


def test_items_are_state_and_transition_items(scene: GraphScene) -> None:
    assert all(isinstance(i, StateItem) for i in scene.item_for_state.values())
    assert all(isinstance(i, TransitionItem) for i in scene.item_for_transition.values())


def _picture_of(scene: GraphScene, zoom: float) -> QImage:
    """The whole scene drawn at ``zoom`` (labels boosted as a view at that zoom boosts them)."""
    rect = scene.sceneRect()
    image = QImage(int(rect.width() * zoom) + 1, int(rect.height() * zoom) + 1, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, image.width(), image.height()), rect)
    painter.end()
    return image


@pytest.mark.parametrize("zoom", [0.45, 1.0])
def test_a_walked_scene_draws_what_a_fresh_one_draws(qtbot, bundled_machine: Machine, bundled_layout: Layout,  # type: ignore[no-untyped-def]
                                                      zoom: float) -> None:
    """Restyling step by step (only changed items touched, unchanged label places answered from
    memory) gives the very picture a scene built for that moment gives, pixel for pixel."""
    m = bundled_machine
    walked = GraphScene(m, bundled_layout, m.language)
    walked.set_view_scale(zoom)
    analysis = analyse(m)
    controller = SessionController(m)
    try:
        compared = 0
        for step in range(10):
            ways = controller.session.available()
            if not ways:
                controller.restart()
                ways = controller.session.available()
            controller.fire(ways[step % len(ways)].id)
            highlight = Highlight.from_analysis(analysis, focus=True, **controller.highlight_fields())
            walked.apply(highlight)
            if step % 3:
                continue
            fresh = GraphScene(m, bundled_layout, m.language)
            fresh.set_view_scale(zoom)
            fresh.apply(highlight)
            assert fresh.sceneRect() == walked.sceneRect()
            assert _picture_of(walked, zoom) == _picture_of(fresh, zoom), f"step {step + 1} differs"
            compared += 1
        assert compared == 4
    finally:
        controller.close()


@pytest.mark.parametrize("how", ["after the first paint", "zoomed in"])
def test_a_window_scene_places_hidden_labels_later_as_a_built_one_does(  # type: ignore[no-untyped-def]
        qtbot, bundled_machine: Machine, bundled_layout: Layout, how: str) -> None:
    """The window's scene places the homes of labels it does not show yet after its first paint
    (or as soon as they show): the same homes, scene rect and picture as a scene placing them all
    when built, even when labels that matter were restyled, numbered and moved meanwhile."""
    m = bundled_machine
    lazy = GraphScene(m, bundled_layout, m.language, lazy_labels=True)
    eager = GraphScene(m, bundled_layout, m.language)
    lazy.set_view_scale(0.45)  # fitted: calm labels hidden
    analysis = analyse(m)
    controller = SessionController(m)
    # With the timeouts overlay on, the clocks of hidden labels are drawn at their homes,
    # which are then placed at once: switched off here, so the homes wait.
    off = frozenset({"timeouts"})
    try:
        for step in range(3):
            controller.fire(controller.session.available()[step % 2].id)
            fields = controller.highlight_fields()
            highlight = dataclasses.replace(Highlight.from_analysis(analysis, focus=True, **fields), hidden=off)
            lazy.apply(highlight)
        eager.set_view_scale(0.45)
        eager.apply(highlight)
        waiting = [tid for tid, item in eager.item_for_transition.items()
                   if lazy.item_for_transition[tid].label_anchor != item.label_anchor]
        assert waiting, "every hidden label was at home before the paint: nothing was left for later"
        if how == "zoomed in":
            lazy.set_view_scale(1.0)
        else:
            _picture_of(lazy, 0.45)  # a paint; the homes are placed soon after it
            qtbot.wait(300)
        eager.set_view_scale(1.0)
        lazy.set_view_scale(1.0)
        assert lazy.sceneRect() == eager.sceneRect()
        for tid, item in eager.item_for_transition.items():
            other = lazy.item_for_transition[tid]
            assert (other.label_anchor, other.leader) == (item.label_anchor, item.leader), tid
        assert _picture_of(lazy, 1.0) == _picture_of(eager, 1.0)
        for scene in (lazy, eager):  # and back out: every label that stopped mattering is at home
            scene.set_view_scale(0.45)
            scene.apply(dataclasses.replace(Highlight.from_analysis(analysis), hidden=off))
        assert [(i.label_anchor, i.leader) for i in lazy.item_for_transition.values()] == [
            (i.label_anchor, i.leader) for i in eager.item_for_transition.values()]
    finally:
        controller.close()
