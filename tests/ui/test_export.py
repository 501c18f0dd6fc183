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
    assert "Unerreichbarer Zustand" in texts  # the legend, in the German machine's language
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


# -- pictures for documents (issue 8, item 4) ------------------------------------------------

import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402

from explorer.generate import generate_machine  # noqa: E402
from explorer.ui.export import (  # noqa: E402
    MIN_TEXT_PT,
    ExportOptions,
    export_machine,
    page_rect,
    plan_pages,
    session_highlight,
)

#: DejaVu Sans' line box (ascent + descent) per point of font size: pdftotext's word boxes are this high.
_DEJAVU_LINE = 1.164
_SESSION_ROWS = {"Current state", "Way out (click to step)", "Path to the chosen target", "Taken, with step numbers"}


def _svg_texts(path: Path) -> list[str]:
    root = ET.parse(path).getroot()
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def _labels_found(machine: Machine, layout_labels: dict[str, str], texts: list[str]) -> set[str]:
    """Transitions every line of whose laid-out label is one of the SVG's text elements."""
    joined = set(t.strip() for t in texts)
    return {tid for tid, label in layout_labels.items()
            if label and all(line.strip() in joined for line in label.split("\n"))}


def test_svg_draws_every_trigger_label_as_text_where_graphviz_put_it(
        qtbot, bundled_machine: Machine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    m = bundled_machine
    out = tmp_path / "flow.svg"
    layout = compute_layout(m, LayoutOptions(edge_labels=True))
    result = export_machine(m, out, ExportOptions(), layout=layout)
    labels = {tid: e.label for tid, e in layout.edges.items() if tid in {t.id for t in m.transitions}}
    assert len(labels) == len(m.transitions) == 62
    assert _labels_found(m, labels, _svg_texts(out)) == set(labels)
    assert set(result.pages[0].labelled) == set(labels)
    # Graphviz's label positions: no two label boxes overlap.
    pages, _ = plan_pages(m, ExportOptions(), layout=layout)
    boxes = [item.label_rect() for item in pages[0].scene.item_for_transition.values()]
    overlaps = [(i, j) for i in range(len(boxes)) for j in range(i + 1, len(boxes))
                if boxes[i].adjusted(1, 1, -1, -1).intersects(boxes[j].adjusted(1, 1, -1, -1))]
    assert overlaps == []


def test_legend_shows_only_what_the_picture_shows(qtbot, bundled_machine: Machine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    m = bundled_machine
    result = export_machine(m, tmp_path / "calm.svg")
    legend = set(result.pages[0].legend)
    assert not legend & _SESSION_ROWS
    assert {"Initial state", "Final state", "Unreachable state", "Ambiguous trigger"} <= legend
    assert not {"Dead end (no way out)", "Trap (no way to a final state)"} & legend  # the machine has none
    texts = " ".join(_svg_texts(tmp_path / "calm.svg"))
    assert "Aktueller Zustand" not in texts and "Sackgasse" not in texts  # German machine, German legend

    walk = [shortest_path(m, "connecting", "active")]
    taken = [tid for part in walk for tid in part or []]
    session = session_highlight(m, "connecting", taken)
    lit = export_machine(m, tmp_path / "lit.svg", ExportOptions(session=session))
    assert {"Current state", "Taken, with step numbers"} <= set(lit.pages[0].legend)
    assert "Aktueller Zustand" in " ".join(_svg_texts(tmp_path / "lit.svg"))  # German machine, German legend


def _pdf_word_sizes(pdf: Path) -> list[tuple[str, float]]:
    """(word, font size in points) of every word pdftotext finds, from its box height."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html)
    return [(w, (float(y1) - float(y0)) / _DEJAVU_LINE) for y0, y1, w in words]


def test_a4_pdf_keeps_every_label_at_seven_points(qtbot, bundled_machine: Machine, artifacts_dir: Path) -> None:  # type: ignore[no-untyped-def]
    m = bundled_machine
    out = artifacts_dir / "render_a4.pdf"
    options = ExportOptions(paper="a4", orientation="landscape")
    result = export_machine(m, out, options)
    assert result.notes == ()
    # The whole flow does not fit A4 at 7 pt: an overview of states, then parts.
    assert len(result.pages) > 2 and result.pages[0].kind == "overview"
    assert result.pages[0].labelled == ()
    assert all(p.kind == "part" for p in result.pages[1:])
    # Computed from the scale chosen: nothing printed below 7 pt at 100 %.
    assert min(p.smallest_text_pt for p in result.pages) >= MIN_TEXT_PT - 1e-9
    # Every trigger label is on some page, every state is some part's own.
    assert set().union(*(p.labelled for p in result.pages)) == {t.id for t in m.transitions}
    assert set().union(*(p.states for p in result.pages[1:])) == {s.id for s in m.states}
    for page in result.pages:
        assert not set(page.legend) & _SESSION_ROWS
    # And measured in the PDF itself.
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {len(result.pages)}" in info and "(A4)" in info and "842 x 595" in info
    sizes = _pdf_word_sizes(out)
    assert len(sizes) > 200
    small = [(w, round(size, 2)) for w, size in sizes if size < MIN_TEXT_PT * 0.97]
    assert small == []
    fonts = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in fonts.splitlines()[2:] if line.strip()]
    assert rows and all(row[-5] == "yes" for row in rows)  # the "emb" column
    # Pages as pictures, for a person to look at.
    for old in artifacts_dir.glob("render_a4-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-r", "80", "-png", str(out), str(artifacts_dir / "render_a4")], check=True)
    assert len(list(artifacts_dir.glob("render_a4-*.png"))) == len(result.pages)


def test_a_flow_that_fits_stays_on_one_page(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    m = generate_machine(3, seed=3)
    result = export_machine(m, tmp_path / "small.pdf", ExportOptions(paper="a4"))
    assert [p.kind for p in result.pages] == ["whole"]
    assert result.pages[0].smallest_text_pt >= MIN_TEXT_PT
    assert result.pages[0].scale <= 1.0


def test_a_big_machine_is_split_into_pages_that_keep_seven_points(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    m = generate_machine(200, seed=1)
    out = tmp_path / "big.pdf"
    result = export_machine(m, out, ExportOptions(paper="a4", orientation="landscape"))
    kinds = [p.kind for p in result.pages]
    assert kinds[0] == "overview" and kinds.count("part") >= 10
    assert min(p.smallest_text_pt for p in result.pages) >= MIN_TEXT_PT - 1e-9
    assert set().union(*(p.labelled for p in result.pages)) == {t.id for t in m.transitions}
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert f"Pages:           {len(result.pages)}" in info


def test_png_takes_a_dpi_and_svg_pages_are_files(qtbot, bundled_machine: Machine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    options = ExportOptions(paper="a3", orientation="landscape", dpi=100)
    result = export_machine(bundled_machine, tmp_path / "flow.png", options)
    paper = page_rect(options)
    image = QImage(str(result.files[0]))
    assert abs(image.width() - paper.width() * 100 / 72) <= 1
    assert len(result.files) == len(result.pages)
    svg = export_machine(bundled_machine, tmp_path / "flow.svg", replace_options(options))
    assert [f.name for f in svg.files][:2] == ["flow.svg", "flow-2.svg"] or len(svg.files) == 1
    assert all(f.exists() for f in svg.files)


def replace_options(options: ExportOptions) -> ExportOptions:
    return dataclasses.replace(options, dpi=144)


def test_unknown_paper_is_refused() -> None:
    with pytest.raises(ExplorerError, match="paper"):
        ExportOptions(paper="a5")
    assert shutil.which("pdftotext") is not None  # poppler-utils: the Makefile installs it


def test_window_exports_for_documents_without_the_session_unless_asked(
        qtbot, make_window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from explorer import BUNDLED_MACHINE

    window, record = make_window()
    window.resize(1280, 800)
    window.show()
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(BUNDLED_MACHINE)
    assert window.controller is not None and window.scene is not None
    window.controller.fire("connecting-waiting")
    assert window.export_action.text() == "&Export Picture…"
    assert window.export_doc_action.text() == "Export &Documentation…"

    calm = tmp_path / "calm.svg"
    assert window.export_document_picture(calm)
    texts = _svg_texts(calm)
    assert "Aktueller Zustand" not in " ".join(texts)
    # All labels, not only the few the canvas shows at its zoom.
    labels = {t.id: e.label for t in window.machine.transitions  # type: ignore[union-attr]
              for e in [compute_layout(window.machine, LayoutOptions(  # type: ignore[arg-type]
                  edge_labels=True, direction=window.direction(), lang=window.language())).edges[t.id]]}
    assert len(_labels_found(window.machine, labels, texts)) == len(labels)  # type: ignore[arg-type]

    lit = tmp_path / "lit.svg"
    assert window.export_document_picture(lit, include_session=True)
    assert "Aktueller Zustand" in " ".join(_svg_texts(lit))  # the legend in the picture's (German) language

    paged = tmp_path / "paged.pdf"
    assert window.export_document_picture(paged, paper="a4")
    info = subprocess.run(["pdfinfo", str(paged)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info

    docs = tmp_path / "docs"
    assert window.export_documentation(docs)
    assert (docs / "rescue_session_status.md").exists() and (docs / "rescue_session_status.pdf").exists()
    assert len(list((docs / "pictures").glob("*.svg"))) == len(window.machine.states) + 1  # type: ignore[union-attr]
    assert record.errors == []


def test_a4_pdf_of_a_generated_machine_keeps_every_word_at_seven_points(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    m = generate_machine(40, seed=4)
    out = tmp_path / "generated.pdf"
    result = export_machine(m, out, ExportOptions(paper="a4", orientation="landscape"))
    sizes = _pdf_word_sizes(out)
    assert len(sizes) > 100
    assert [(w, round(size, 2)) for w, size in sizes if size < MIN_TEXT_PT * 0.97] == []
    assert set().union(*(p.labelled for p in result.pages)) == {t.id for t in m.transitions}


def test_a_documents_legend_speaks_the_documents_language(qtbot, bundled_machine: Machine, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The legend of a German picture is German and of an English one English, whatever the UI's language.
    texts = {}
    for lang in ("de", "en"):
        out = tmp_path / f"flow-{lang}.svg"
        export_machine(bundled_machine, out, ExportOptions(lang=lang))
        texts[lang] = " ".join(t.strip() for t in ET.parse(out).getroot().itertext() if t.strip())
    assert "Anfangszustand" in texts["de"] and "Initial state" not in texts["de"]
    assert "Initial state" in texts["en"] and "Anfangszustand" not in texts["en"]
