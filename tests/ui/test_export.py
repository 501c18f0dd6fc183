"""Pictures: SVG, PNG and PDF of the scene as shown, and the headless render of the bundled machine.

The bundled machine is also rendered to tests/artifacts/ (gitignored) so a
person can look at it: scene.png (the overview with overlays) and
scene_session.png (mid-session: current state, ways out, a path, steps taken).
"""

from __future__ import annotations

import dataclasses
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from explorer.analysis import analyse, shortest_path
from explorer.errors import ExplorerError
from explorer.layout import LayoutOptions, compute_layout
from explorer.model import Machine
from explorer.ui.export import PNG_SCALE, export_picture, render_machine_file
from explorer.ui.scene import GraphScene
from explorer.ui.style import Highlight

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def scene(qtbot, bundled_machine: Machine) -> GraphScene:  # type: ignore[no-untyped-def]
    s = GraphScene(bundled_machine, compute_layout(bundled_machine, LayoutOptions(edge_labels=False)))
    s.apply(Highlight.from_analysis(analyse(bundled_machine)))
    return s


def _colours(image: QImage, step: int = 7) -> set[int]:
    return {image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)}


def test_svg_is_valid_and_holds_the_labels(scene: GraphScene, tmp_path: Path, bundled_machine: Machine) -> None:
    out = tmp_path / "machine.svg"
    export_picture(scene, out)
    root = ET.parse(out).getroot()  # our own output: stdlib ElementTree is fine
    assert root.tag == f"{SVG}svg"
    texts = " ".join(t.text or "" for t in root.iter(f"{SVG}text"))
    assert "Wartend" in texts and "Einladung" in texts
    assert "Unreachable state" in texts  # the legend
    assert len(list(root.iter(f"{SVG}path"))) >= len(bundled_machine.transitions)


def test_png_is_twice_the_size_and_not_blank(scene: GraphScene, tmp_path: Path) -> None:
    out = tmp_path / "machine.png"
    export_picture(scene, out, legend=False)
    image = QImage(str(out))
    assert not image.isNull()
    assert abs(image.width() - scene.sceneRect().width() * PNG_SCALE) <= PNG_SCALE
    assert image.pixelColor(1, 1).name() == "#ffffff"
    assert len(_colours(image)) > 20


def test_pdf_is_a_pdf(scene: GraphScene, tmp_path: Path) -> None:
    out = tmp_path / "machine.pdf"
    export_picture(scene, out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 2000


def test_unknown_suffix_is_an_explorer_error(scene: GraphScene, tmp_path: Path) -> None:
    with pytest.raises(ExplorerError, match="gif"):
        export_picture(scene, tmp_path / "machine.gif")
    assert not (tmp_path / "machine.gif").exists()


def test_picture_shows_the_highlights(scene: GraphScene, tmp_path: Path, bundled_machine: Machine) -> None:
    calm, lit = tmp_path / "calm.png", tmp_path / "lit.png"
    export_picture(scene, calm, legend=False)
    current = bundled_machine.initial
    scene.apply(dataclasses.replace(scene.highlight, current=current,
                                    available=frozenset(t.id for t in bundled_machine.outgoing(current))))
    export_picture(scene, lit, legend=False)
    item = scene.item_for_state[current]
    centre = (item.scenePos() - scene.sceneRect().topLeft()) * PNG_SCALE
    # Sample just inside the box's left edge, clear of the label text.
    x = round(centre.x() - (item.shape().boundingRect().width() / 2 - 6) * PNG_SCALE)
    y = round(centre.y())
    assert QImage(str(calm)).pixelColor(x, y) != QImage(str(lit)).pixelColor(x, y)
    assert QImage(str(lit)).pixelColor(x, y).blue() > QImage(str(lit)).pixelColor(x, y).red() + 60


def test_render_the_bundled_machine_for_a_person_to_look_at(
    qtbot, bundled_machine: Machine, artifacts_dir: Path  # type: ignore[no-untyped-def]
) -> None:
    m = bundled_machine
    layout = compute_layout(m, LayoutOptions(edge_labels=True))
    out = artifacts_dir / "scene.png"
    render_machine_file(m, layout, out, m.language)
    assert not QImage(str(out)).isNull()

    # Mid-session: walked connecting -> waiting -> active, heading for "closed".
    steps = [shortest_path(m, "connecting", "waiting"), shortest_path(m, "waiting", "active")]
    taken = [tid for part in steps for tid in part or []]
    path = shortest_path(m, "active", "closed")
    assert taken and path
    session = Highlight.from_analysis(
        analyse(m),
        current="active",
        available=frozenset(t.id for t in m.outgoing("active")),
        visited=frozenset({"connecting", "waiting", "active"}),
        taken={tid: (n,) for n, tid in enumerate(taken, start=1)},
        path=tuple(path),
        path_target="closed",
        focus=True,
    )
    lay = compute_layout(m, LayoutOptions(edge_labels=False))
    out2 = artifacts_dir / "scene_session.png"
    render_machine_file(m, lay, out2, "en", session, all_labels=False)
    image = QImage(str(out2))
    assert not image.isNull() and len(_colours(image)) > 20


def test_render_rejects_unknown_suffix(qtbot, bundled_machine: Machine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    layout = compute_layout(bundled_machine, LayoutOptions(edge_labels=False))
    with pytest.raises(ExplorerError):
        render_machine_file(bundled_machine, layout, tmp_path / "x.bmp")
