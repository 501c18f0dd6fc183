"""Big scenes save memory (a shallower BSP index, states drawn without a bitmap cache) without
changing what is drawn or what the mouse finds."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QGraphicsItem

from explorer.generate import generate_machine
from explorer.layout import Layout, LayoutOptions, compute_layout
from explorer.model import Machine
from explorer.ui.scene import GraphScene, StateItem, TransitionItem
from explorer.ui.view import GraphView


@pytest.fixture(scope="module")
def big() -> tuple[Machine, Layout]:
    # More than 1,024 items (states, transitions, stubs): a big scene by the scene's measure.
    machine = generate_machine(400, "random", 5)
    return machine, compute_layout(machine, LayoutOptions())


def _picture(scene: GraphScene) -> QImage:
    view = GraphView()
    view.resize(900, 600)
    view.set_scene_fitting(scene)
    scene.set_view_scale(view.zoom)
    image = QImage(900, 600, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(0)  # a new QImage is uninitialised memory: what the view leaves unpainted must compare equal
    painter = QPainter(image)
    view.render(painter)
    painter.end()
    return image


def test_a_big_scene_draws_what_a_fully_indexed_scene_draws(qtbot, big) -> None:  # type: ignore[no-untyped-def]
    machine, layout = big
    saving = GraphScene(machine, layout, "en")
    assert len(saving.items()) > 1024
    plain = GraphScene(machine, layout, "en")
    plain.setBspTreeDepth(0)  # Qt's own choice of depth
    assert _picture(saving) == _picture(plain)


def test_big_scenes_draw_states_as_exported_pictures_do(qtbot, big) -> None:  # type: ignore[no-untyped-def]
    # No device-coordinate bitmap per state (pictures never use one either),
    # and back to that after a picture has been drawn.
    machine, layout = big
    scene = GraphScene(machine, layout, "en")
    assert {item.cacheMode() for item in scene.item_for_state.values()} == {QGraphicsItem.CacheMode.NoCache}
    before = _picture(scene)
    scene.set_picture_mode(True)
    scene.set_picture_mode(False)
    assert {item.cacheMode() for item in scene.item_for_state.values()} == {QGraphicsItem.CacheMode.NoCache}
    assert _picture(scene) == before


def test_the_mouse_finds_states_and_edges_in_a_big_scene(qtbot, big) -> None:  # type: ignore[no-untyped-def]
    machine, layout = big
    scene = GraphScene(machine, layout, "en")
    pick = random.Random(3)
    for sid in pick.sample(sorted(scene.item_for_state), 60):
        item = scene.item_for_state[sid]
        found = scene.items(item.scenePos())
        assert item in found
        assert not any(isinstance(other, StateItem) and other is not item for other in found)
    for tid in pick.sample(sorted(scene.item_for_transition), 60):
        edge = scene.item_for_transition[tid]
        middle: QPointF = edge.mapToScene(edge.path.pointAtPercent(0.5))
        assert edge in scene.items(middle)
        assert any(isinstance(other, TransitionItem) for other in scene.items(middle))


def test_small_scenes_keep_the_bitmap_cache_and_qts_index(qtbot) -> None:  # type: ignore[no-untyped-def]
    machine = generate_machine(20, "structured", 1)
    scene = GraphScene(machine, compute_layout(machine, LayoutOptions()), "en")
    assert {item.cacheMode() for item in scene.item_for_state.values()} == {
        QGraphicsItem.CacheMode.DeviceCoordinateCache}
    assert scene.bspTreeDepth() == 0
