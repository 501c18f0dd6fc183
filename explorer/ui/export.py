"""Pictures of the canvas: SVG, PNG and PDF of exactly what the scene shows.

``export_picture`` draws an existing scene (highlights included) with an
optional legend below it; ``render_machine_file`` builds a scene headless for
``explorer render``. The picture is drawn 1:1 in scene points: no zoom-based
label boost, and calm trigger labels only when the scene shows all labels.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRect, QRectF, QSize, QSizeF
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsScene

from explorer.analysis import Analysis, analyse
from explorer.errors import ExplorerError
from explorer.layout import Layout
from explorer.model import Machine
from explorer.ui.legend import LegendEntry, legend_items, legend_size, paint_legend
from explorer.ui.scene import GraphScene
from explorer.ui.style import Highlight, Palette

#: Picture formats by file suffix.
FORMATS = (".svg", ".png", ".pdf")
#: PNG pixels per scene point: 2 keeps text crisp on high-density screens and in print.
PNG_SCALE = 2.0
#: Gap between the drawing and the legend below it, in points.
LEGEND_GAP = 12.0


def _legend_entries(scene: QGraphicsScene) -> tuple[LegendEntry, ...]:
    if isinstance(scene, GraphScene):
        return legend_items(scene.highlight.hidden)
    return legend_items()


def _plan(scene: QGraphicsScene, legend: bool) -> tuple[QRectF, QSizeF, tuple[LegendEntry, ...], int]:
    """The scene rect to draw, the picture size, the legend rows and columns."""
    source = scene.sceneRect()
    entries = _legend_entries(scene) if legend else ()
    columns = 1
    if entries:
        # As many columns as fit the drawing's width: a legend as a band, not a tower.
        while columns < len(entries) and legend_size(entries, columns + 1).width() <= source.width():
            columns += 1
        lsize = legend_size(entries, columns)
        size = QSizeF(max(source.width(), lsize.width()), source.height() + LEGEND_GAP + lsize.height())
    else:
        size = QSizeF(source.width(), source.height())
    return source, size, entries, columns


def _draw(painter: QPainter, scene: QGraphicsScene, source: QRectF, size: QSizeF,
          entries: tuple[LegendEntry, ...], columns: int) -> None:
    """Paint the picture in points on a painter already scaled to points."""
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(QRectF(QPointF(0, 0), size), Palette.paper)
    graph = isinstance(scene, GraphScene)
    if graph:
        scene.set_picture_mode(True)
    try:
        scene.render(painter, QRectF(0, 0, source.width(), source.height()), source)
    finally:
        if graph:
            scene.set_picture_mode(False)
    if entries:
        paint_legend(painter, QPointF(0, source.height() + LEGEND_GAP), entries, columns)


def export_picture(scene: QGraphicsScene, path: Path, *, legend: bool = True) -> None:
    """Write the scene as it is styled now to ``path``: .svg, .png (2x, white) or .pdf.

    Raises ExplorerError for any other suffix, or when the file cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExplorerError(f"{path}: cannot export a picture as {suffix or 'a file without suffix'!r}; "
                            f"choose {', '.join(FORMATS)}")
    source, size, entries, columns = _plan(scene, legend)
    width, height = max(1, round(size.width())), max(1, round(size.height()))
    if suffix == ".svg":
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(QSize(width, height))
        generator.setViewBox(QRect(0, 0, width, height))
        generator.setTitle(getattr(scene, "machine", None).name if isinstance(scene, GraphScene) else "State Explorer")
        generator.setDescription("Drawn by State Explorer")
        painter = QPainter()
        if not painter.begin(generator):
            raise ExplorerError(f"{path}: cannot write the SVG file")
        _draw(painter, scene, source, size, entries, columns)
        painter.end()
    elif suffix == ".png":
        image = QImage(round(width * PNG_SCALE), round(height * PNG_SCALE), QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Palette.paper)
        painter = QPainter(image)
        painter.scale(PNG_SCALE, PNG_SCALE)
        _draw(painter, scene, source, size, entries, columns)
        painter.end()
        if not image.save(str(path), "PNG"):
            raise ExplorerError(f"{path}: cannot write the PNG file")
    else:
        writer = QPdfWriter(str(path))
        writer.setPageLayout(
            QPageLayout(QPageSize(QSizeF(width, height), QPageSize.Unit.Point), QPageLayout.Orientation.Portrait,
                        QMarginsF(0, 0, 0, 0))
        )
        writer.setTitle(scene.machine.name if isinstance(scene, GraphScene) else "State Explorer")
        writer.setCreator("State Explorer")
        painter = QPainter()
        if not painter.begin(writer):
            raise ExplorerError(f"{path}: cannot write the PDF file")
        # The writer's device units are dots at its resolution; draw in points.
        painter.scale(writer.resolution() / 72.0, writer.resolution() / 72.0)
        _draw(painter, scene, source, size, entries, columns)
        painter.end()
    if not path.exists():
        raise ExplorerError(f"{path}: the picture was not written")


#: Keeps a QApplication created here alive while pictures are drawn.
_app: QGuiApplication | None = None


def _ensure_app() -> None:
    global _app
    if QApplication.instance() is None:
        _app = QApplication([])


def render_machine_file(
    machine: Machine,
    layout: Layout,
    out: Path,
    lang: str | None = None,
    highlight: Highlight | None = None,
    *,
    all_labels: bool = True,
    legend: bool = True,
    analysis: Analysis | None = None,
) -> None:
    """Build a scene headless and export it to ``out`` (for ``explorer render``).

    Without ``highlight`` every overlay of the analysis (style.OVERLAYS) is shown. Needs no window; set QT_QPA_PLATFORM=offscreen
    where there is no display.
    """
    _ensure_app()
    scene = GraphScene(machine, layout, lang)
    scene.apply(highlight if highlight is not None else Highlight.from_analysis(analysis or analyse(machine)))
    scene.set_all_labels(all_labels)
    export_picture(scene, Path(out), legend=legend)
