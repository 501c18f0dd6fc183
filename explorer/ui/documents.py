"""The documentation set: Markdown with SVG pictures, and the same content as one A4 PDF.

For ``explorer doc FILE -o OUT`` and File > Export Documentation…:
``OUT/<name>.md`` (text from :mod:`explorer.io.doc_markdown`),
``OUT/pictures/*.svg`` (the overview of states, and each state with its ways
in and out, drawn by :mod:`explorer.ui.export`) and ``OUT/<name>.pdf``, the
same Markdown typeset by QTextDocument on A4 with a page per section and page
numbers. The PDF's pictures are the same scenes drawn as vectors with real
text (drawn over blanks the text layout keeps for them), each at a scale that
prints every label at :data:`explorer.ui.export.MIN_TEXT_PT` or more: a
picture too large for the text column at that size is laid out in the other
direction, or (the overview) given a landscape page of its own, or (a state's
picture) split into its ways out and its ways in, or cut into tiles; its
text is never made smaller. The Markdown's SVG pictures stay whole (vector,
to zoom on screen).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from math import ceil
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QPointF, QRectF, QSizeF, Qt, QUrl
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextImageFormat,
    QTextTable,
)

from explorer.analysis import analyse
from explorer.errors import ExplorerError
from explorer.findings import findings
from explorer.io.doc_markdown import documentation_markdown, picture_names, words
from explorer.layout import LayoutOptions
from explorer.model import Machine
from explorer.ui import style as st
from explorer.ui.export import (
    LEGEND_GAP,
    LEGEND_SCALE,
    MAX_SCALE,
    TITLE_PT,
    ExportOptions,
    Page,
    _chunks,
    _draw_scene,
    _ensure_app,
    _legend_block,
    _min_scale,
    _smallest_text_px,
    export_picture,
    overview_page,
    part_page,
    plan_pages,
    write_file,
)
from explorer.ui.legend import LegendEntry, legend_items, paint_legend
from explorer.ui.scene import GraphScene
from explorer.ui.style import Palette

#: The PDF's body text size, in points.
BODY_PT = 10
#: How far neighbouring tiles of a picture cut into tiles overlap, in scene units.
TILE_OVERLAP = 36.0
#: Room for the title line of a landscape page, in points.
LANDSCAPE_TITLE_PT = 22.0
#: The PDF's page margins, in millimetres.
PDF_MARGIN_MM = 20
#: Room kept on a page above a figure as tall as the page allows (a heading, a caption), in points.
FIGURE_HEADROOM_PT = 48.0


@dataclass(frozen=True)
class DocResult:
    """What ``write_documentation`` wrote."""

    markdown: Path
    pictures: tuple[Path, ...]
    pdf: Path
    pdf_pages: int


@dataclass
class Figure:
    """One picture in the PDF: the part ``source`` of ``scene``, printed at ``scale`` points per scene unit."""

    scene: GraphScene
    source: QRectF
    scale: float
    #: A line above the figure when a picture is split into several ("... (1/2)"); empty for one.
    caption: str = ""
    #: Printed on a landscape page of its own after the page that refers to it (a picture
    #: wider than the text column allows at the minimum text size).
    landscape: bool = False
    #: Legend rows drawn below the figure (at LEGEND_PT).
    entries: tuple[LegendEntry, ...] = ()

    @property
    def size(self) -> QSizeF:
        """The printed size in points."""
        return QSizeF(self.source.width() * self.scale, self.source.height() * self.scale)

    @property
    def smallest_text_pt(self) -> float:
        """The smallest text of the figure as printed at 100 %, in points."""
        return _smallest_text_px(self.scene) * self.scale

    @property
    def fits(self) -> bool:
        """Every text at least :data:`MIN_TEXT_PT` when printed."""
        return self.scale >= _min_scale(self.scene) - 1e-9


def doc_name(machine: Machine, path: Path | None = None) -> str:
    """The file name stem of the documentation: the machine file's, else the machine's name."""
    base = path.stem if path is not None else machine.name
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", base).strip("._") or "machine"


def _page_layout(landscape: bool = False) -> QPageLayout:
    margins = QMarginsF(PDF_MARGIN_MM, PDF_MARGIN_MM, PDF_MARGIN_MM, PDF_MARGIN_MM)
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, margins, QPageLayout.Unit.Millimeter)


def landscape_area() -> QSizeF:
    """The largest figure a landscape page of its own takes, in points: below its title line."""
    text = _page_layout(landscape=True).paintRect(QPageLayout.Unit.Point)
    return QSizeF(text.width(), text.height() - LANDSCAPE_TITLE_PT)


def figure_column() -> QSizeF:
    """The largest figure the PDF's text column takes, in points: its full width, a page's height
    less room for a heading."""
    text = _page_layout().paintRect(QPageLayout.Unit.Point)
    return QSizeF(text.width(), text.height() - FIGURE_HEADROOM_PT)


def _figure(scene: GraphScene, column: QSizeF, source: QRectF | None = None, caption: str = "") -> Figure:
    source = QRectF(source if source is not None else scene.sceneRect())
    scale = min(MAX_SCALE, column.width() / max(1.0, source.width()), column.height() / max(1.0, source.height()))
    return Figure(scene, source, scale, caption)


def _tiles(figure: Figure, column: QSizeF) -> list[Figure]:
    """``figure`` (too large for the column even alone) cut into column-sized tiles at the minimum text size."""
    scale = _min_scale(figure.scene)
    whole = figure.source
    # Room for the overlaps first, so every tile still fits the column.
    inner = QSizeF(column.width() / scale - 2 * TILE_OVERLAP, column.height() / scale - 2 * TILE_OVERLAP)
    columns = max(1, ceil(whole.width() / inner.width() - 1e-9))
    rows = max(1, ceil(whole.height() / inner.height() - 1e-9))
    # An even cut, so no tile is a thin sliver; neighbouring tiles overlap by TILE_OVERLAP so a
    # state the cut runs through is whole on one of them.
    w, h = whole.width() / columns, whole.height() / rows
    label = figure.caption or ""
    tiles = []
    for r in range(rows):
        for c in range(columns):
            n = r * columns + c + 1
            caption = f"{label} ({n}/{rows * columns})".strip()
            cut = QRectF(whole.left() + c * w, whole.top() + r * h, w, h)
            cut = cut.adjusted(-TILE_OVERLAP if c else 0.0, -TILE_OVERLAP if r else 0.0,
                               TILE_OVERLAP if c < columns - 1 else 0.0, TILE_OVERLAP if r < rows - 1 else 0.0)
            tiles.append(Figure(figure.scene, cut, scale, caption, figure.landscape))
    return tiles


def _fitting(figures: list[Figure], column: QSizeF) -> list[Figure]:
    """``figures``, each that does not keep the minimum text size cut into tiles that do."""
    return [tile for f in figures for tile in ([f] if f.fits else _tiles(f, column))]


def _overview_figures(machine: Machine, lang: str, direction: str, engine: str, column: QSizeF,
                      legend: tuple[LegendEntry, ...] = ()) -> tuple[Page, list[Figure]]:
    """The title page's picture and its figures, every text at :data:`MIN_TEXT_PT` or more.

    The whole flow with its trigger labels when it fits the column; else the
    states-only overview (as ``render --paper`` splits): in the column, else
    on a landscape page of its own, else cut into the fewest tiles. The
    ``legend`` (with what the overview shows added) goes below it, or below
    its last tile.
    """
    options = ExportOptions(lang=lang, direction=direction, engine=engine)
    area = QRectF(QPointF(0, 0), column)
    full_column, full_across = column, landscape_area()
    pages: dict[str, Page] = {}
    entries: dict[str, tuple[LegendEntry, ...]] = {}

    def with_legend(d: str, figures: list[Figure]) -> tuple[Page, list[Figure]]:
        return overview(d), [*figures[:-1], replace(figures[-1], entries=entries[d])]

    def overview(d: str) -> Page:
        # One Graphviz run per direction: the layout does not depend on the room it is fitted to.
        if d not in pages:
            pages[d] = overview_page(machine, options, lang, area, None, directions=(d,))
            keys = {e.key for e in legend} | {e.key for e in pages[d].entries}
            entries[d] = tuple(e for e in legend_items(lang=lang) if e.key in keys)
        return pages[d]

    def room(full: QSizeF, d: str) -> QSizeF:
        # The drawing's room: what the legend below it leaves.
        overview(d)
        return QSizeF(full.width(), full.height() - _legend_height(entries[d], full.width()))

    title = words(lang)["overview"]
    other = "TB" if direction == "LR" else "LR"
    for d in (direction, other):
        figure = _figure(overview(d).scene, room(full_column, d))
        if figure.fits:
            # The states fit: perhaps the whole flow, labels and all, does too (it is never smaller).
            whole = plan_pages(machine, replace(options, direction=d))[0][0]
            whole_figure = _figure(whole.scene, room(full_column, d))
            if whole_figure.fits:
                return whole, [replace(whole_figure, entries=entries[d])]
            return with_legend(d, [figure])
    for d in (direction, other):
        figure = replace(_figure(overview(d).scene, room(full_across, d), caption=title), landscape=True)
        if figure.fits:
            return with_legend(d, [figure])
    # Tiles at the minimum size: the direction and paper orientation that need the fewest.
    best: tuple[tuple[int, float], str, list[Figure]] | None = None
    for d in (direction, other):
        scene = overview(d).scene
        for landscape, full in ((False, full_column), (True, full_across)):
            tiles = _tiles(Figure(scene, QRectF(scene.sceneRect()), 0.0, title, landscape), room(full, d))
            rank = (len(tiles), -_min_scale(scene))
            if best is None or rank < best[0]:
                best = (rank, d, tiles)
    assert best is not None
    return with_legend(best[1], best[2])


def _state_figures(machine: Machine, sid: str, lo: LayoutOptions, lang: str,
                   column: QSizeF) -> tuple[Page, list[Figure]]:
    """A state's picture (its ways in and out) and its figures in the PDF.

    The whole neighbourhood when it fits the column at :data:`MIN_TEXT_PT`
    (in the chosen direction, else across); else its ways out, then its ways
    in, in as many figures as they need; never smaller text.
    """
    outgoing = [t.id for t in machine.outgoing(sid)]
    incoming = [t.id for t in machine.incoming(sid) if t.source != sid]
    everything = frozenset(outgoing + incoming)
    label = machine.state_label(sid, lang)
    other = "TB" if lo.direction == "LR" else "LR"
    cache: dict[tuple[str, ...] | None, tuple[Page, Figure]] = {}

    def best(ids: tuple[str, ...] | None) -> tuple[Page, Figure]:
        if ids is not None and frozenset(ids) == everything:
            ids = None  # the whole neighbourhood, laid out once
        if ids not in cache:
            found: tuple[Page, Figure] | None = None
            for direction in (lo.direction, other):
                # part_page rings the state the section is about among its neighbours.
                page = part_page(machine, [sid], replace(lo, direction=direction), lang, None, label, ids)
                figure = _figure(page.scene, column)
                if found is None or figure.scale > found[1].scale:
                    found = (page, figure)
                source = figure.source
                # The other direction only when this one is too tall: laid across, it would be wider still.
                if figure.fits or column.width() / source.width() <= column.height() / source.height():
                    break
            assert found is not None
            cache[ids] = found
        return cache[ids]

    page, figure = best(None)
    if figure.fits:
        return page, [figure]
    w = words(lang)
    # Ways out, then ways in, each in as many parts as it needs.
    chunks = [(w[kind], chunk) for kind, ways in (("ways_out", outgoing), ("ways_in", incoming)) if ways
              for chunk in _chunks(ways, lambda ids: best(tuple(ids))[1].fits)]
    figures = []
    for k, (kind, chunk) in enumerate(chunks, start=1):
        part = best(tuple(chunk))[1]
        figures.append(replace(part, caption=f"{label}: {kind} ({k}/{len(chunks)})"))
    return page, _fitting(figures, column)


#: The image name of a figure's placeholder in the PDF's text document.
_FIGURE_NAME = "explorer-figure:{n}"
#: Page numbers' text size, in points.
PAGE_NUMBER_PT = 8
#: A figure's caption line (text at BODY_PT), in points.
_CAPTION_LINE_PT = BODY_PT * 1.8
#: The blank that marks where a landscape figure is referred to, in points.
_ANCHOR_PT = 1.0
#: What the text says where a picture is on a landscape page of its own.
_NEXT_PAGE = {"en": "(on the next page, across)", "de": "(auf der nächsten Seite, quer)"}


def _legend_height(entries: tuple[LegendEntry, ...], width: float) -> float:
    """The printed height of a legend below a figure in ``width`` points (with the gap above it)."""
    return (LEGEND_GAP + _legend_block(entries, width)[1].height()) if entries else 0.0


def _room(figure: Figure, width: float | None = None) -> QSizeF:
    """The room a figure takes in the text (``width``: the column's): its drawing, its caption
    line above and its legend below, drawn together so a page break never parts them."""
    size = figure.size
    if figure.caption and not figure.landscape:
        size = QSizeF(size.width(), size.height() + _CAPTION_LINE_PT)
    if figure.entries:
        width = width if width is not None else figure_column().width()
        legend = _legend_block(figure.entries, width)[1]
        size = QSizeF(max(size.width(), legend.width()), size.height() + LEGEND_GAP + legend.height())
    return size


def _placeholder() -> QImage:
    # White on white paper: the layout reserves the figure's room, the figure is drawn over it.
    image = QImage(1, 1, QImage.Format.Format_RGB32)
    image.fill(Palette.paper)
    return image


def _figure_tops(document: QTextDocument, placeholders: list[tuple[int, Figure]]) -> list[QPointF]:
    """Where each placeholder (its position in the document, its figure) was laid out:
    its top left in document points."""
    tops = []
    for position, figure in placeholders:
        block = document.findBlock(position)
        text = block.layout()
        line = text.lineForTextPosition(position - block.position())
        if not line.isValid():
            raise ExplorerError("the documentation's pictures could not be placed on the page")
        x = line.cursorToX(position - block.position())
        x = x[0] if isinstance(x, tuple) else x
        origin = text.position()
        # An inline image sits on its line's baseline.
        height = _ANCHOR_PT if figure.landscape else _room(figure).height()
        tops.append(QPointF(origin.x() + x, origin.y() + line.y() + line.ascent() - height))
    return tops


def _pdf(markdown: str, title: str, figures: dict[str, list[Figure]], lang: str = "en") -> tuple[bytes, int]:
    """Typeset ``markdown`` on A4 with its figures; each level-2 section after the first starts a page.

    Each picture of the Markdown becomes its figures (one, or several when it
    was split): the text document lays out a blank of each figure's printed
    size, and the pages are printed here, each figure drawn over its blank as
    vectors with real text (QTextDocument itself only places images). A
    landscape figure gets a landscape page of its own after the page that
    refers to it. Returns the PDF and its number of pages.
    """
    document = QTextDocument()
    font = QFont(st.FONT_FAMILY)
    # The document lays out in points (its page size below), so a pixel is a printed point.
    font.setPixelSize(BODY_PT)
    document.setDefaultFont(font)
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    document.setMarkdown(markdown)

    page_layout = _page_layout()
    body = page_layout.paintRect(QPageLayout.Unit.Point)
    cursor = QTextCursor(document)
    block = document.begin()
    seen_h2 = False
    pictures: list[tuple[int, int, str]] = []
    while block.isValid():
        if block.blockFormat().headingLevel() == 2:
            if seen_h2:
                fmt = QTextBlockFormat()
                fmt.setPageBreakPolicy(QTextFormat.PageBreakFlag.PageBreak_AlwaysBefore)
                cursor.setPosition(block.position())
                cursor.mergeBlockFormat(fmt)
            seen_h2 = True
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat() and fmt.toImageFormat().name() in figures:
                pictures.append((fragment.position(), fragment.length(), fmt.toImageFormat().name()))
            it += 1
        block = block.next()
    # From the end, so the positions before stay valid while pictures are replaced.
    placed: list[tuple[int, Figure]] = []
    blank = _placeholder()
    for position, length, name in reversed(pictures):
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        plain = QTextCharFormat()
        cursor.removeSelectedText()
        inserted: list[tuple[int, Figure]] = []
        for k, figure in enumerate(figures[name]):
            if k:
                cursor.insertBlock()
            if figure.landscape:
                if k == 0:
                    note = QTextCharFormat(plain)
                    note.setFontItalic(True)
                    cursor.insertText(f"{figure.caption} {_NEXT_PAGE.get(lang, _NEXT_PAGE['en'])}".strip(), note)
            image_name = _FIGURE_NAME.format(n=len(placed) + len(inserted))
            document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(image_name), blank)
            image_format = QTextImageFormat()
            image_format.setName(image_name)
            image_format.setWidth(_ANCHOR_PT if figure.landscape else _room(figure).width())
            image_format.setHeight(_ANCHOR_PT if figure.landscape else _room(figure).height())
            inserted.append((cursor.position(), figure))
            cursor.insertImage(image_format)
        placed.extend(inserted)
    # Positions of later pictures moved by what was inserted before them: find the placeholders afresh.
    placeholders: list[tuple[int, Figure]] = []
    by_name = {_FIGURE_NAME.format(n=n): figure for n, (_, figure) in enumerate(placed)}
    block = document.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fragment = it.fragment()
            fmt = fragment.charFormat()
            if fmt.isImageFormat() and fmt.toImageFormat().name() in by_name:
                for k in range(fragment.length()):
                    placeholders.append((fragment.position() + k, by_name[fmt.toImageFormat().name()]))
            it += 1
        block = block.next()

    # A table split by a page break repeats its header row on the next page.
    for frame in document.rootFrame().childFrames():
        if isinstance(frame, QTextTable):
            table_format = frame.format()
            table_format.setHeaderRowCount(1)
            frame.setFormat(table_format)

    # Lay the document out in points on the page's text area, then print it page by page.
    document.setPageSize(QSizeF(body.size()))
    height = body.height()
    text_pages = document.pageCount()  # lays the document out: the placeholders' lines exist from here on
    tops = _figure_tops(document, placeholders)
    # The sheets in print order: each text page, then the landscape figures it refers to.
    sheets: list[int | Figure] = []
    for page in range(text_pages):
        sheets.append(page)
        sheets += [figure for top, (_, figure) in zip(tops, placeholders)
                   if figure.landscape and page * height - 0.5 <= top.y() < (page + 1) * height - 0.5]

    writer_buffer = QBuffer()
    writer_buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(writer_buffer)
    writer.setPageLayout(page_layout)
    writer.setTitle(title)
    writer.setCreator("State Explorer")
    painter = QPainter()
    if not painter.begin(writer):
        raise ExplorerError("cannot draw the PDF")
    number_font = QFont(st.FONT_FAMILY)
    number_font.setPixelSize(PAGE_NUMBER_PT)
    title_font = QFont(st.FONT_FAMILY)
    title_font.setPixelSize(round(TITLE_PT))
    title_font.setBold(True)
    context = QAbstractTextDocumentLayout.PaintContext()
    context.palette.setColor(QPalette.ColorRole.Text, Palette.ink)
    for n, sheet in enumerate(sheets):
        landscape = isinstance(sheet, Figure)
        if n:
            # A change of layout takes effect on the next page.
            writer.setPageLayout(_page_layout(landscape))
            writer.newPage()
        area = writer.pageLayout().paintRect(QPageLayout.Unit.Point)
        painter.save()
        # The writer's device units are dots at its resolution; draw in points from the text area's top left.
        painter.scale(writer.resolution() / 72.0, writer.resolution() / 72.0)
        painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        if isinstance(sheet, Figure):
            painter.setFont(title_font)
            painter.setPen(Palette.ink)
            painter.drawText(QRectF(0, 0, area.width(), LANDSCAPE_TITLE_PT),
                             int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), sheet.caption)
            left = max(0.0, (area.width() - _room(sheet, area.width()).width()) / 2)
            _paint_figure(painter, sheet, QPointF(left, LANDSCAPE_TITLE_PT), caption=False,
                          legend_width=area.width())
        else:
            view = QRectF(0, sheet * height, body.width(), height)
            painter.save()
            painter.translate(0, -sheet * height)
            painter.setClipRect(view)
            context.clip = view
            document.documentLayout().draw(painter, context)
            for top, (_, figure) in zip(tops, placeholders):
                if not figure.landscape and view.top() - 0.5 <= top.y() < view.bottom():
                    _paint_figure(painter, figure, top, legend_width=body.width())
            painter.restore()
        painter.setFont(number_font)
        painter.setPen(Palette.ink)
        painter.drawText(QRectF(0, area.height() + 6, area.width(), PAGE_NUMBER_PT * 2),
                         int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop), f"{n + 1} / {len(sheets)}")
        painter.restore()
    painter.end()
    writer_buffer.close()
    return bytes(writer_buffer.data().data()), len(sheets)


def _paint_figure(painter: QPainter, figure: Figure, top_left: QPointF, caption: bool = True,
                  legend_width: float = 0.0) -> None:
    painter.save()
    painter.translate(top_left)
    if caption and figure.caption:
        font = QFont(st.FONT_FAMILY)
        font.setPixelSize(BODY_PT)
        font.setItalic(True)
        painter.setFont(font)
        painter.setPen(Palette.ink)
        painter.drawText(QRectF(0, 0, max(figure.size.width(), 400.0), _CAPTION_LINE_PT),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), figure.caption)
        painter.translate(0, _CAPTION_LINE_PT)
    painter.scale(figure.scale, figure.scale)
    target = QRectF(0, 0, figure.source.width(), figure.source.height())
    painter.save()
    painter.setClipRect(target, Qt.ClipOperation.IntersectClip)
    _draw_scene(painter, figure.scene, target, figure.source)
    painter.restore()
    if figure.entries:
        painter.scale(1 / figure.scale, 1 / figure.scale)
        columns, _ = _legend_block(figure.entries, legend_width)
        painter.translate(0, figure.size.height() + LEGEND_GAP)
        painter.scale(LEGEND_SCALE, LEGEND_SCALE)
        paint_legend(painter, QPointF(0, 0), figure.entries, columns)
    painter.restore()


def write_documentation(machine: Machine, out: Path, *, lang: str | None = None, name: str | None = None,
                        direction: str = "LR", engine: str = "auto") -> DocResult:
    """Write the documentation set of ``machine`` into the folder ``out`` (made when missing)."""
    _ensure_app()
    lang = lang or machine.language
    out = Path(out)
    try:
        (out / "pictures").mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExplorerError(f"{out}: cannot make the folder: {e.strerror or e}") from e
    stem = name or doc_name(machine)
    overview_name, state_names = picture_names(machine)
    column = figure_column()
    lo = LayoutOptions(engine=engine, direction=direction, lang=lang, edge_labels=True)
    figures: dict[str, list[Figure]] = {}
    state_pages: dict[str, Page] = {}
    for s in machine.states:
        state_pages[s.id], figures[state_names[s.id]] = _state_figures(machine, s.id, lo, lang, column)
    # One legend, with the overview, for what any of the pictures shows.
    shown = {e.key for page in state_pages.values() for e in page.entries}
    legend = tuple(e for e in legend_items(lang=lang) if e.key in shown or e.key in {"initial", "final"})
    overview, figures[overview_name] = _overview_figures(machine, lang, direction, engine, column, legend)
    legend = tuple(e for e in legend_items(lang=lang) if e.key in shown | {x.key for x in overview.entries})
    written: list[Path] = []
    export_picture(overview.scene, out / overview_name, entries=legend)
    written.append(out / overview_name)
    for s in machine.states:
        export_picture(state_pages[s.id].scene, out / state_names[s.id], legend=False)
        written.append(out / state_names[s.id])
    defects = [f.message for f in findings(machine, analyse(machine), lang)]
    text = documentation_markdown(machine, lang, defects=defects, overview=overview_name, pictures=state_names)
    markdown = out / f"{stem}.md"
    pdf = out / f"{stem}.pdf"
    data, pages = _pdf(text, words(lang)["page_title"].format(name=machine.name), figures, lang)
    try:
        write_file(markdown, text.encode("utf-8"))
        write_file(pdf, data)
    except OSError as e:
        raise ExplorerError(f"{out}: cannot write the documentation: {e.strerror or e}") from e
    return DocResult(markdown, tuple(written), pdf, pages)
