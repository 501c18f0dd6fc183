"""Every label drawn on the canvas belongs visibly to its own edge.

For the bundled machine and generated ones, at three window sizes, with a
session running and with all labels on: the curve nearest to each drawn label
box is its own (or a leader line joins the label to its own curve), and no
label box covers a state, another label or a step badge. Distances are taken
to the curves as Qt flattens them, independently of the placement's own
approximation. Screenshots of the bundled machine land in tests/artifacts/.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRectF

from explorer import BUNDLED_MACHINE
from explorer.generate import generate_machine, machine_to_yaml
from explorer.tangle import rect_polyline_distance
from explorer.ui.main_window import MainWindow
from explorer.ui.scene import GraphScene

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
SIZES = ((1280, 720), (1920, 1080), (2560, 1440))


def _flattened(scene: GraphScene) -> dict[str, list[tuple[float, float]]]:
    lines = {}
    for tid, item in scene.item_for_transition.items():
        polygon = item.path.toSubpathPolygons()[0]
        lines[tid] = [(p.x(), p.y()) for p in polygon]
    return lines


def _problems(scene: GraphScene, lod: float) -> tuple[int, list[str]]:
    """How many labels are drawn at ``lod``, and every way one of them fails to belong to its edge."""
    lines = _flattened(scene)
    labels: list[tuple[str, QRectF]] = []
    badges: list[tuple[str, QRectF]] = []
    for tid, item in scene.item_for_transition.items():
        rect = item.drawn_label_rect(lod)
        if rect is not None:
            labels.append((tid, rect))
        badges += [(tid, b) for b in item.drawn_badge_rects(lod)]
    states = [(sid, s.mapRectToScene(s.shape().boundingRect())) for sid, s in scene.item_for_state.items()]
    problems: list[str] = []
    for tid, rect in labels:
        item = scene.item_for_transition[tid]
        box = (rect.left(), rect.top(), rect.right(), rect.bottom())
        own = rect_polyline_distance(lines[tid], *box)
        if item.leader is not None:
            # A leader line runs from a point of its own curve to the label's outline.
            start, end = item.leader.p1(), item.leader.p2()
            if rect_polyline_distance(lines[tid], start.x() - 1, start.y() - 1, start.x() + 1, start.y() + 1) > 2:
                problems.append(f"leader of {tid} does not start on its curve")
            if not rect.adjusted(-1, -1, 1, 1).contains(end):
                problems.append(f"leader of {tid} does not reach its label")
        else:
            if own > 1.0:
                problems.append(f"label of {tid} is {own:.1f} away from its curve, with no leader")
            for other, line in lines.items():
                if other != tid and rect_polyline_distance(line, *box) <= own:
                    problems.append(f"label of {tid} lies on {other}'s curve as close as on its own")
                    break
        for sid, state in states:
            if rect.intersects(state):
                problems.append(f"label of {tid} covers state {sid}")
        for other, other_rect in labels:
            if other < tid and rect.intersects(other_rect):
                problems.append(f"labels of {tid} and {other} overlap")
        for other, badge in badges:
            if rect.intersects(badge):
                problems.append(f"label of {tid} covers a badge of {other}")
    for i, (tid, badge) in enumerate(badges):
        item = scene.item_for_transition[tid]
        c = badge.center()
        if rect_polyline_distance(lines[tid], c.x() - 0.5, c.y() - 0.5, c.x() + 0.5, c.y() + 0.5) > 1.5:
            problems.append(f"a badge of {tid} is not on its curve")
        for other, other_badge in badges[i + 1:]:
            if badge.intersects(other_badge):
                problems.append(f"badges of {tid} and {other} overlap")
        del item
    return len(labels), problems


def _open(qtbot, make_window, path: Path, size: tuple[int, int]) -> MainWindow:  # type: ignore[no-untyped-def]
    window, _record = make_window()
    window.resize(*size)
    window.show()
    with qtbot.waitSignal(window.layout_drawn, timeout=60000):
        assert window.open_file(path)
    window.view.zoom_fit()
    return window


def _walk(window: MainWindow, steps: int) -> None:
    assert window.controller is not None
    for _ in range(steps):
        ways = window.controller.session.available()
        assert ways, "the walk reached a state with no way out"
        window.controller.fire(ways[-1].id)


def _check(window: MainWindow) -> int:
    scene, lod = window.scene, window.view.zoom
    assert scene is not None
    shown, problems = _problems(scene, lod)
    assert not problems, "\n".join(problems)
    return shown


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_bundled_machine_labels_belong_to_their_edges(qtbot, make_window, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, make_window, BUNDLED_MACHINE, size)
    assert window.controller is not None
    for tid in ("connecting-waiting", "waiting-active"):
        window.controller.fire(tid)
    qtbot.wait(300)  # let the session panel lay out its buttons before the screenshot
    shown = _check(window)
    assert shown >= 8  # the ways out of "Aktiv" and the two taken steps
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(ARTIFACTS / f"labels_session_{size[0]}x{size[1]}.png"))
    window.all_labels_action.trigger()
    assert window.scene is not None and window.scene.all_labels
    qtbot.wait(50)
    shown_all = _check(window)
    assert shown_all >= len(window.scene.item_for_transition)
    window.grab().save(str(ARTIFACTS / f"labels_all_{size[0]}x{size[1]}.png"))


@pytest.mark.parametrize("states", (50, 200))
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_generated_machine_labels_belong_to_their_edges(qtbot, make_window, tmp_path: Path, states: int,  # type: ignore[no-untyped-def]
                                                        size: tuple[int, int]) -> None:
    path = tmp_path / f"generated_{states}.yaml"
    path.write_text(machine_to_yaml(generate_machine(states, "structured", 1)), encoding="utf-8")
    window = _open(qtbot, make_window, path, size)
    _walk(window, 3)
    assert _check(window) >= 2  # the ways out of where the walk ends
    window.all_labels_action.trigger()
    assert window.scene is not None
    assert _check(window) >= len(window.scene.item_for_transition)
