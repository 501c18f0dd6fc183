"""Pictures for documents: SVG, PNG and PDF of a machine, on paper or at its natural size.

One path serves File > Export Picture and ``explorer render``:
:func:`export_machine` lays the machine out with Graphviz's own label
positions (trigger labels in the DOT, so no two labels overlap), draws every
trigger label, no session unless asked, and a legend of only what the picture
shows. With a paper size (:data:`PAPERS`) every text stays at least
:data:`MIN_TEXT_PT` when printed at 100 %: a flow that cannot fit at that size
is split into an overview page (states only) and pages that each show a group
of states with their ways in and out (:func:`plan_pages`), rather than
shrinking the text.

``export_picture`` is the drawing primitive underneath: it draws one existing
scene as it is styled now, 1:1 in scene points, with an optional legend.
Files are written whole (bytes first, then :func:`write_file`), so a failed
export never leaves half a file.

Every Graphviz run of an export goes through :func:`_lay_out`; the window
hands in a runner (:func:`layouts_run_by`) that runs it as a background job
while its event loop goes on, so the window stays responsive and the export
can be cancelled. The scenes and the painting stay on the calling (UI) thread.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QPointF, QRect, QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QApplication, QGraphicsScene

from explorer.analysis import Analysis, analyse
from explorer.errors import ExplorerError
from explorer.io.atomic import write_atomic
from explorer.layout import Layout, LayoutCache, LayoutOptions, compute_layout
from explorer.model import Machine, State, Text, Transition
from explorer.ui import style as st
from explorer.ui.legend import (BASE_ENTRIES, LegendEntry, in_language, legend_items, legend_size, overlay_entry,
                                paint_legend)
from explorer.ui.scene import GraphScene
from explorer.ui.style import Focus, Highlight, Palette

#: Picture formats by file suffix.
FORMATS = (".svg", ".png", ".pdf")
#: PNG pixels per scene point by default (144 dpi): crisp on high-density screens and in print.
PNG_SCALE = 2.0
#: The default PNG resolution, in dots per inch.
DEFAULT_DPI = 72.0 * PNG_SCALE
#: Gap between the drawing and the legend below it, in points.
LEGEND_GAP = 12.0
#: No text on paper smaller than this, in points, when printed at 100 %.
MIN_TEXT_PT = 7.0
#: Paper sizes by the names ``--paper`` takes.
PAPERS: dict[str, QPageSize.PageSizeId] = {
    "a4": QPageSize.PageSizeId.A4,
    "a3": QPageSize.PageSizeId.A3,
    "letter": QPageSize.PageSizeId.Letter,
}
ORIENTATIONS = ("portrait", "landscape")
#: White margin around a page's content, in points (12.7 mm: what office printers can reach).
PAGE_MARGIN_PT = 36.0
#: Height of the title line above and the page number below a page's drawing, in points.
HEADER_PT, FOOTER_PT = 22.0, 18.0
#: Title and page-number text sizes, in points.
TITLE_PT, FOOTER_TEXT_PT = 11.0, 8.0
#: A picture is never enlarged beyond its natural size on paper.
MAX_SCALE = 1.0
#: The legend's text size on paper, whatever the drawing's scale, in points.
LEGEND_PT = 8.0

def _legend_scale() -> float:
    from explorer.ui.legend import LEGEND_FONT_PX

    return LEGEND_PT / LEGEND_FONT_PX


LEGEND_SCALE = _legend_scale()


def write_file(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` whole, through the atomic writer: a failed write
    (full disk, no permission) leaves the file that was there untouched and raises WriteError."""
    write_atomic(Path(path), data)


# -- the drawing primitive: one scene as it is styled now --------------------------------


def _legend_entries(scene: QGraphicsScene) -> tuple[LegendEntry, ...]:
    if isinstance(scene, GraphScene):
        return legend_items(scene.highlight.hidden, lang=scene.lang)  # a document's legend speaks its language
    return legend_items()


def legend_columns(entries: Sequence[LegendEntry], width: float) -> int:
    """As many legend columns as fit ``width``: a legend as a band, not a tower."""
    entries = tuple(entries)
    columns = 1
    while columns < len(entries) and legend_size(entries, columns + 1).width() <= width:
        columns += 1
    return columns


def _plan(scene: QGraphicsScene, entries: tuple[LegendEntry, ...]) -> tuple[QRectF, QSizeF, int]:
    """The scene rect to draw, the picture size with the legend, the legend's columns."""
    source = scene.sceneRect()
    columns = 1
    if entries:
        columns = legend_columns(entries, source.width())
        lsize = legend_size(entries, columns)
        size = QSizeF(max(source.width(), lsize.width()), source.height() + LEGEND_GAP + lsize.height())
    else:
        size = QSizeF(source.width(), source.height())
    return source, size, columns


def _draw_scene(painter: QPainter, scene: QGraphicsScene, target: QRectF, source: QRectF) -> None:
    graph = isinstance(scene, GraphScene)
    if graph:
        scene.set_picture_mode(True)
    try:
        scene.render(painter, target, source)
    finally:
        if graph:
            scene.set_picture_mode(False)


def _draw(painter: QPainter, scene: QGraphicsScene, source: QRectF, size: QSizeF,
          entries: tuple[LegendEntry, ...], columns: int) -> None:
    """Paint the picture in points on a painter already scaled to points."""
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(QRectF(QPointF(0, 0), size), Palette.paper)
    _draw_scene(painter, scene, QRectF(0, 0, source.width(), source.height()), source)
    if entries:
        paint_legend(painter, QPointF(0, source.height() + LEGEND_GAP), entries, columns)


def _check_suffix(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExplorerError(f"{path}: cannot export a picture as {suffix or 'a file without suffix'!r}; "
                            f"choose {', '.join(FORMATS)}")
    return suffix


def _svg_bytes(width: float, height: float, title: str, paint: Callable[[QPainter], None]) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setResolution(72)  # one SVG unit is one point, as in PDF
    w, h = max(1, round(width)), max(1, round(height))
    generator.setSize(QSize(w, h))
    generator.setViewBox(QRect(0, 0, w, h))
    generator.setTitle(title)
    generator.setDescription("Drawn by State Explorer")
    painter = QPainter()
    if not painter.begin(generator):
        raise ExplorerError("cannot draw the SVG picture")
    paint(painter)
    painter.end()
    return bytes(buffer.data().data())


def _png_bytes(width: float, height: float, scale: float, paint: Callable[[QPainter], None]) -> bytes:
    image = QImage(max(1, round(width * scale)), max(1, round(height * scale)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    if image.isNull():
        raise ExplorerError(f"a picture of {width * scale:.0f} x {height * scale:.0f} pixels is too large; "
                            "choose a lower --dpi")
    image.fill(Palette.paper)
    image.setDotsPerMeterX(round(scale * 72 / 0.0254))
    image.setDotsPerMeterY(round(scale * 72 / 0.0254))
    painter = QPainter(image)
    painter.scale(scale, scale)
    paint(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise ExplorerError("cannot encode the PNG picture")
    return bytes(data.data())


def _pdf_bytes(page_size: QPageSize, orientation: QPageLayout.Orientation, title: str,
               pages: Sequence[Callable[[QPainter], None]]) -> bytes:
    """A PDF with one page per painter function; each draws in points from the page's top left."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setPageLayout(QPageLayout(page_size, orientation, QMarginsF(0, 0, 0, 0)))
    writer.setTitle(title)
    writer.setCreator("State Explorer")
    painter = QPainter()
    if not painter.begin(writer):
        raise ExplorerError("cannot draw the PDF")
    for n, paint in enumerate(pages):
        if n:
            writer.newPage()
        painter.save()
        # The writer's device units are dots at its resolution; draw in points.
        painter.scale(writer.resolution() / 72.0, writer.resolution() / 72.0)
        paint(painter)
        painter.restore()
    painter.end()
    buffer.close()
    return bytes(buffer.data().data())


def export_picture(scene: QGraphicsScene, path: Path, *, legend: bool = True,
                   entries: tuple[LegendEntry, ...] | None = None, dpi: float = DEFAULT_DPI) -> None:
    """Write the scene as it is styled now to ``path``: .svg, .png (``dpi``, white) or .pdf.

    ``entries`` are the legend's rows (default: every row of the scene's
    overlays). Raises ExplorerError for any other suffix, or when the file
    cannot be written.
    """
    path = Path(path)
    suffix = _check_suffix(path)
    rows = (entries if entries is not None else _legend_entries(scene)) if legend else ()
    source, size, columns = _plan(scene, rows)
    title = scene.machine.name if isinstance(scene, GraphScene) else "State Explorer"

    def paint(painter: QPainter) -> None:
        _draw(painter, scene, source, size, rows, columns)

    if suffix == ".svg":
        data = _svg_bytes(size.width(), size.height(), title, paint)
    elif suffix == ".png":
        data = _png_bytes(size.width(), size.height(), dpi / 72.0, paint)
    else:
        page = QPageSize(QSizeF(max(1.0, size.width()), max(1.0, size.height())), QPageSize.Unit.Point)
        data = _pdf_bytes(page, QPageLayout.Orientation.Portrait, title, [paint])
    try:
        write_file(path, data)
    except OSError as e:
        raise ExplorerError(f"{path}: cannot write the picture: {e.strerror or e}") from e


# -- what a document picture shows -----------------------------------------------------------


@dataclass(frozen=True)
class ExportOptions:
    """What ``explorer render`` and File > Export Picture ask for."""

    #: Label language (None: the machine's).
    lang: str | None = None
    direction: str = "LR"
    engine: str = "auto"
    #: None: one picture at its natural size; else a key of :data:`PAPERS`.
    paper: str | None = None
    orientation: str = "landscape"
    #: PNG resolution.
    dpi: float = DEFAULT_DPI
    legend: bool = True
    #: The session to include (current state, visited, taken steps); None: none.
    session: Highlight | None = None
    #: Ids of overlays from outside the analysis (``render --compare``: the diff's marks), by overlay name.
    extra: Mapping[str, frozenset[str]] | None = None
    #: Seconds each Graphviz run may take (None: the layout's own limit for the input's size).
    layout_timeout: float | None = None
    #: Where Graphviz's answers are kept between runs (None: no cache); a reopen then skips Graphviz.
    layout_cache: LayoutCache | None = None
    #: Transitions into hub states end at small stubs named after them (see explorer.layout.hub_states).
    hub_stubs: bool = True

    def __post_init__(self) -> None:
        if self.paper is not None and self.paper not in PAPERS:
            raise ExplorerError(f"unknown paper {self.paper!r} (choose {', '.join(PAPERS)})")
        if self.orientation not in ORIENTATIONS:
            raise ExplorerError(f"unknown orientation {self.orientation!r} (choose portrait or landscape)")
        if not 10 <= self.dpi <= 2400:
            raise ExplorerError(f"a resolution of {self.dpi:g} dpi is out of range (10 to 2400)")


@dataclass
class Page:
    """One picture of an export: a scene, its title, the print scale, its legend rows."""

    scene: GraphScene
    title: str
    #: "whole" (the flow on one page), "overview" (states only) or "part".
    kind: str
    #: Printed points per scene unit.
    scale: float = 1.0
    entries: tuple[LegendEntry, ...] = ()
    #: The states this page is about (a part: its group; else every state shown).
    states: tuple[str, ...] = ()
    #: Laid out on paper (legend at LEGEND_PT) rather than drawn 1:1.
    on_paper: bool = False
    #: The part of the scene this page shows (None: all of it); an overview too
    #: large for one page is cut into tiles.
    source: QRectF | None = None


@dataclass(frozen=True)
class PageInfo:
    """What was written on one page, for callers and tests."""

    title: str
    kind: str
    scale: float
    #: The smallest text on the page as printed at 100 %, in points.
    smallest_text_pt: float
    states: tuple[str, ...]
    #: Transitions whose trigger label is drawn on the page.
    labelled: tuple[str, ...]
    legend: tuple[str, ...]


@dataclass(frozen=True)
class ExportResult:
    files: tuple[Path, ...]
    pages: tuple[PageInfo, ...]
    notes: tuple[str, ...] = field(default=())


def session_highlight(machine: Machine, start: str, taken: Sequence[str]) -> Highlight:
    """The session parts of a walk from ``start`` along ``taken`` (transition ids), for a picture."""
    numbers: dict[str, tuple[int, ...]] = {}
    here, visited = start, {start}
    for n, tid in enumerate(taken, start=1):
        t = machine.transition(tid)
        numbers[tid] = (*numbers.get(tid, ()), n)
        here = t.target
        visited.add(here)
    return Highlight(current=here, visited=frozenset(visited), taken=numbers)


def shown_legend(scene: GraphScene, *, labels: bool = True) -> tuple[LegendEntry, ...]:
    """The legend rows for what ``scene`` shows: session rows only when a session is
    drawn, overlay rows only when they mark something on the picture."""
    h = scene.highlight
    shown_states, shown_edges = set(scene.item_for_state), set(scene.item_for_transition)
    present = {
        "current": h.current is not None and h.current in shown_states,
        "available": bool(set(h.available) & shown_edges),
        "path": bool(set(h.path) & shown_edges),
        "taken": bool(set(h.taken) & shown_edges),
        "initial": scene.machine.initial in shown_states,
        "final": any(scene.machine.state(s).final for s in shown_states),
    }
    rows = [e for e in BASE_ENTRIES if present.get(e.key, False)]
    for overlay in st.OVERLAYS:
        ids = h.shown(overlay.name) & (shown_states if overlay.marks_states else shown_edges)
        if ids and (labels or overlay.marks_states or overlay.name == "timeouts"):
            rows.append(overlay_entry(overlay))
    return in_language(rows, scene.lang)  # a document's legend speaks the document's language


def _smallest_text_px(scene: GraphScene) -> float:
    """The smallest text size drawn in ``scene`` (scene units), the legend excluded."""
    sizes = [float(item.text_font_px) for item in scene.item_for_state.values() if item.text]
    sizes += [float(stub.text_font_px) for stub in scene.item_for_stub.values()]  # hub stubs' names
    if any(item.text for item in scene.item_for_transition.values()) or any(
            item.style.show_timeout_mark for item in scene.item_for_transition.values()):
        sizes.append(float(st.EDGE_FONT_PX))
    return min(sizes, default=float(st.STATE_FONT_PX))


#: Runs one Graphviz layout of an export: (machine, options, states shown or None, cache) -> Layout.
LayoutRunner = Callable[[Machine, LayoutOptions, "Collection[str] | None", "LayoutCache | None"], Layout]
#: The runner of the exports in progress (None: Graphviz runs right here, as ``explorer render`` wants).
_runner: LayoutRunner | None = None


@contextmanager
def layouts_run_by(runner: LayoutRunner) -> Iterator[None]:
    """Inside the block every layout of an export (and of the documentation) is run by ``runner``.

    The window passes one that runs Graphviz as a background job and waits in
    a local event loop, so only the scenes and the painting use the UI thread.
    """
    global _runner
    before, _runner = _runner, runner
    try:
        yield
    finally:
        _runner = before


def _lay_out(machine: Machine, options: LayoutOptions, *, states: Collection[str] | None = None,
             cache: LayoutCache | None = None) -> Layout:
    if _runner is not None:
        return _runner(machine, options, states, cache)
    return compute_layout(machine, options, states=states, cache=cache)


_analysed: tuple[Machine, object] | None = None


def _analysis(machine: Machine):  # -> Analysis
    """The machine's analysis, computed once for all the pages of an export (by identity)."""
    global _analysed
    if _analysed is None or _analysed[0] is not machine:
        _analysed = (machine, analyse(machine))
    return _analysed[1]


def _build_scene(machine: Machine, layout: Layout, lang: str, highlight: Highlight) -> GraphScene:
    _ensure_app()
    scene = GraphScene(machine, layout, lang)
    scene.apply(highlight)
    scene.set_all_labels(True)
    return scene


def _base_highlight(machine: Machine, session: Highlight | None,
                    extra: Mapping[str, frozenset[str]] | None = None, **changes: object) -> Highlight:
    # Overlays that are off until asked for (coverage, compare) are drawn when given ids in ``extra``.
    given = {name for name, ids in (extra or {}).items() if ids}
    off = frozenset(o.name for o in st.OVERLAYS if not o.default and o.name not in given)
    changes.setdefault("hidden", off)
    h = Highlight.from_analysis(_analysis(machine), extra=extra, **changes)
    if session is not None:
        # The walk's own parts; no focus: a document shows the whole flow at full strength.
        h = replace(h, current=session.current, visited=session.visited, taken=session.taken,
                    path=session.path, path_target=session.path_target, focus=Focus.OFF)
    return h


def page_rect(options: ExportOptions) -> QRectF:
    """The paper in points (width, height) for ``options``' paper and orientation."""
    assert options.paper is not None
    size = QPageSize(PAPERS[options.paper]).size(QPageSize.Unit.Point)
    w, h = size.width(), size.height()
    if (options.orientation == "landscape") != (w > h):
        w, h = h, w
    return QRectF(0, 0, w, h)


def content_rect(options: ExportOptions) -> QRectF:
    """Where a page's drawing and legend go: inside the margins, below the title, above the page number."""
    paper = page_rect(options)
    return paper.adjusted(PAGE_MARGIN_PT, PAGE_MARGIN_PT + HEADER_PT, -PAGE_MARGIN_PT, -PAGE_MARGIN_PT - FOOTER_PT)


def _legend_block(entries: tuple[LegendEntry, ...], width_pt: float) -> tuple[int, QSizeF]:
    """The legend's columns and printed size (points) on a page ``width_pt`` wide."""
    if not entries:
        return 1, QSizeF(0, 0)
    columns = legend_columns(entries, width_pt / LEGEND_SCALE)
    size = legend_size(entries, columns)
    return columns, QSizeF(size.width() * LEGEND_SCALE, size.height() * LEGEND_SCALE)


def _fit_scale(scene: GraphScene, entries: tuple[LegendEntry, ...], area: QRectF) -> float:
    """The largest scale at which ``scene`` fits ``area`` above its legend (printed at :data:`LEGEND_PT`)."""
    source = scene.sceneRect()
    _, lsize = _legend_block(entries, area.width())
    below = (LEGEND_GAP + lsize.height()) if entries else 0.0
    return max(0.0, min(area.width() / source.width(), (area.height() - below) / source.height()))


def _min_scale(scene: GraphScene, entries: tuple[LegendEntry, ...] = ()) -> float:
    """The smallest scale that prints the drawing's smallest text at :data:`MIN_TEXT_PT`."""
    return MIN_TEXT_PT / _smallest_text_px(scene)


# -- splitting a flow that does not fit ---------------------------------------------------------


def _bfs_order(machine: Machine) -> list[str]:
    """States in breadth-first order from the initial state (either direction), then the rest in file order."""
    undirected = machine.graph.to_undirected(as_view=True)
    order: list[str] = []
    seen: set[str] = set()
    for root in [machine.initial, *(s.id for s in machine.states)]:
        if root in seen:
            continue
        queue = [root]
        seen.add(root)
        while queue:
            here = queue.pop(0)
            order.append(here)
            # Neighbours in file order, so the grouping is the same on every run.
            for t in [*machine.outgoing(here), *machine.incoming(here)]:
                nxt = t.target if t.source == here else t.source
                if nxt not in seen and nxt in undirected:
                    seen.add(nxt)
                    queue.append(nxt)
    return order


def part_machine(machine: Machine, group: Iterable[str],
                 transition_ids: Iterable[str] | None = None) -> tuple[Machine, set[str]]:
    """``machine`` with only the transitions into or out of ``group`` (or only
    ``transition_ids``), and the states they touch.

    Lay it out with ``compute_layout(part, options, states=shown)``: the
    group's states with their ways in and out, and each neighbour once.
    """
    keep = set(group)
    if transition_ids is None:
        transitions = tuple(t for t in machine.transitions if t.source in keep or t.target in keep)
    else:
        wanted = set(transition_ids)
        transitions = tuple(t for t in machine.transitions if t.id in wanted)
    shown = keep | {t.source for t in transitions} | {t.target for t in transitions}
    return dataclasses.replace(machine, transitions=transitions), shown


def part_page(machine: Machine, group: Sequence[str], options: LayoutOptions, lang: str,
               session: Highlight | None, title: str, transition_ids: Sequence[str] | None = None,
               extra: Mapping[str, frozenset[str]] | None = None, cache: LayoutCache | None = None) -> Page:
    part, shown = part_machine(machine, group, transition_ids)
    # No hub stubs: a page shows its states' ways in as curves into them.
    layout = _lay_out(part, dataclasses.replace(options, hub_stubs=False), states=shown, cache=cache)
    # A page about one state rings it among its neighbours (as the window shows a selection).
    highlight = _base_highlight(machine, session, extra, selected=group[0] if len(group) == 1 else None)
    scene = _build_scene(part, layout, lang, highlight)
    page = Page(scene, title, "part", states=tuple(group), on_paper=True)
    page.entries = shown_legend(scene)
    return page


def overview_page(machine: Machine, options: ExportOptions, lang: str, area: QRectF,
                   groups: Sequence[Sequence[str]] | None, directions: Sequence[str] | None = None) -> Page:
    """States only: the flow without trigger labels, in whichever direction fits the page best
    (of ``directions``; default: the options' direction, then the other).

    When even that cannot keep the state names at the minimum size, the
    overview shows the parts instead: one box per page with its states named.
    """
    best: Page | None = None
    if directions is None:
        directions = (options.direction, "TB" if options.direction == "LR" else "LR")
    for direction in directions:
        lo = LayoutOptions(engine=options.engine, direction=direction, lang=lang, edge_labels=False,
                           timeout=options.layout_timeout, hub_stubs=False)  # states only: no stubs either
        layout = _lay_out(machine, lo, cache=options.layout_cache)
        highlight = _base_highlight(machine, None, hidden=frozenset({"timeouts", "ambiguous"}))
        scene = _build_scene(machine, layout, lang, highlight)
        for item in scene.item_for_transition.values():
            item.set_text("")
        page = Page(scene, "", "overview", states=tuple(s.id for s in machine.states), on_paper=True)
        page.entries = shown_legend(scene, labels=False)
        page.scale = min(_fit_scale(scene, page.entries, area), MAX_SCALE)
        if best is None or page.scale > best.scale:
            best = page
        if page.scale >= _min_scale(scene):
            return page
    assert best is not None
    if groups is None:
        return best
    parts = _parts_map_page(machine, options, lang, area, groups)
    if parts is not None and parts.scale >= _min_scale(parts.scene):
        return parts
    return best


def _parts_map_page(machine: Machine, options: ExportOptions, lang: str, area: QRectF,
                    groups: Sequence[Sequence[str]]) -> Page | None:
    """The overview of a flow too large to show state by state: one box per part page."""
    where = {sid: n for n, group in enumerate(groups) for sid in group}
    states = []
    for n, group in enumerate(groups):
        names = [machine.state_label(s, lang) for s in group]
        shown = ", ".join(names[:3]) + (f" … (+{len(names) - 3})" if len(names) > 3 else "")
        states.append(State(id=f"part-{n + 1}", label=Text.of(f"{_page_word(lang)} {n + 2}: {shown}"),
                            final=all(machine.state(s).final for s in group)))
    pairs: dict[tuple[int, int], int] = {}
    for t in machine.transitions:
        a, b = where[t.source], where[t.target]
        if a != b:
            pairs[(a, b)] = pairs.get((a, b), 0) + 1
    transitions = tuple(Transition(id=f"part-{a + 1}-{b + 1}", source=f"part-{a + 1}", target=f"part-{b + 1}",
                                   trigger=Text.of(str(count)))
                        for (a, b), count in sorted(pairs.items()))
    parts = Machine(name=machine.name, initial=f"part-{where[machine.initial] + 1}", states=tuple(states),
                    transitions=transitions, language=lang)
    best: Page | None = None
    for direction in (options.direction, "TB" if options.direction == "LR" else "LR"):
        lo = LayoutOptions(engine=options.engine, direction=direction, lang=lang, edge_labels=False, wrap=28,
                           timeout=options.layout_timeout, hub_stubs=False)
        scene = _build_scene(parts, _lay_out(parts, lo, cache=options.layout_cache), lang, Highlight())
        for item in scene.item_for_transition.values():
            item.set_text("")
        page = Page(scene, "", "overview", states=tuple(s.id for s in machine.states), on_paper=True)
        page.entries = shown_legend(scene, labels=False)
        page.scale = min(_fit_scale(scene, page.entries, area), MAX_SCALE)
        if best is None or page.scale > best.scale:
            best = page
    return best


_WORDS = {
    "en": {"page": "Page", "overview": "Overview", "part": "Ways in and out of", "of": "of", "states": "states"},
    "de": {"page": "Seite", "overview": "Übersicht", "part": "Wege hinein und hinaus:", "of": "von",
           "states": "Status"},
}


def _word(lang: str, key: str) -> str:
    return _WORDS.get(lang, _WORDS["en"])[key]


def _page_word(lang: str) -> str:
    return _word(lang, "page")


def _part_title(machine: Machine, group: Sequence[str], lang: str) -> str:
    names = [f"„{machine.state_label(s, lang)}“" if lang == "de" else f"“{machine.state_label(s, lang)}”"
             for s in group]
    return f"{_word(lang, 'part')} {', '.join(names)}"


def _groups(machine: Machine, fits: Callable[[Sequence[str]], bool]) -> list[list[str]]:
    """States in groups whose pages fit: grown in breadth-first order while the page still fits.

    ``fits`` lays a group out and says whether it fits; growing stops at the
    first state that does not (it starts the next group), so neighbours share
    a page and each group costs few Graphviz runs.
    """
    groups: list[list[str]] = []
    current: list[str] = []
    for sid in _bfs_order(machine):
        if current and fits([*current, sid]):
            current.append(sid)
            continue
        if current:
            groups.append(current)
        current = [sid]
    if current:
        groups.append(current)
    return groups


def _tiles(page: Page, area: QRectF, lang: str) -> list[Page]:
    """``page`` (an overview too large for the paper) cut into page-sized tiles at the minimum text size."""
    scale = _min_scale(page.scene)
    whole = page.scene.sceneRect()
    tile_w, tile_h = area.width() / scale, area.height() / scale
    columns = max(1, -(-int(whole.width()) // int(tile_w)))
    rows = max(1, -(-int(whole.height()) // int(tile_h)))
    # Tiles share the overlap of an even cut, so none is a thin sliver.
    w, h = whole.width() / columns, whole.height() / rows
    tiles = []
    for r in range(rows):
        for c in range(columns):
            tile = Page(page.scene, f"{page.title} ({r * columns + c + 1}/{rows * columns})", "overview",
                        scale=scale, states=page.states, on_paper=True,
                        source=QRectF(whole.left() + c * w, whole.top() + r * h, w, h))
            tiles.append(tile)
    return tiles


def _chunks(ids: Sequence[str], fits: Callable[[Sequence[str]], bool]) -> list[list[str]]:
    """``ids`` cut into consecutive runs that each fit (halving until they do, or one is left)."""
    if len(ids) <= 1 or fits(ids):
        return [list(ids)]
    half = (len(ids) + 1) // 2
    return _chunks(ids[:half], fits) + _chunks(ids[half:], fits)


def plan_pages(machine: Machine, options: ExportOptions, *, layout: Layout | None = None) -> tuple[list[Page], list[str]]:
    """The pages of an export and notes (what could not keep the minimum size).

    Without paper: one page, the whole flow at 1:1. With paper: the whole
    flow on one page when it fits at :data:`MIN_TEXT_PT`; else an overview
    page and one page per group of states.
    """
    lang = options.lang or machine.language
    lo = LayoutOptions(engine=options.engine, direction=options.direction, lang=lang, edge_labels=True,
                       timeout=options.layout_timeout, hub_stubs=options.hub_stubs)
    if layout is None:
        layout = _lay_out(machine, lo, cache=options.layout_cache)
    whole_scene = _build_scene(machine, layout, lang, _base_highlight(machine, options.session, options.extra))
    whole = Page(whole_scene, machine.name, "whole", states=tuple(s.id for s in machine.states),
                 on_paper=options.paper is not None)
    whole.entries = shown_legend(whole_scene) if options.legend else ()
    notes: list[str] = [*layout.notes]
    if options.paper is None:
        return [whole], notes
    area = content_rect(options)
    whole.scale = min(_fit_scale(whole_scene, whole.entries, area), MAX_SCALE)
    if whole.scale >= _min_scale(whole_scene):
        return [whole], notes

    cache: dict[tuple[object, ...], Page] = {}
    other = "TB" if options.direction == "LR" else "LR"

    def page_for(group: Sequence[str], transition_ids: Sequence[str] | None = None, title: str = "") -> Page:
        key = (tuple(group), None if transition_ids is None else tuple(transition_ids))
        if key not in cache:
            best: Page | None = None
            # The user's direction first; the other one for a single state
            # that does not fit (a hub with many ways in lies better across
            # than down). Groups of several only grow in the user's direction.
            directions = (options.direction, other) if len(group) == 1 else (options.direction,)
            for direction in directions:
                page = part_page(machine, group, replace(lo, direction=direction), lang, options.session,
                                  title or _part_title(machine, group, lang), transition_ids, options.extra,
                                  options.layout_cache)
                if not options.legend:
                    page.entries = ()
                page.scale = min(_fit_scale(page.scene, page.entries, area), MAX_SCALE)
                if best is None or page.scale > best.scale:
                    best = page
                if page.scale >= _min_scale(page.scene):
                    break
            assert best is not None
            cache[key] = best
        return cache[key]

    #: The fewest states plus transitions of a group tried so far that did not fit:
    #: a larger group is taken not to fit either, without running Graphviz.
    too_many = [float("inf")]

    def size(group: Sequence[str], transition_ids: Sequence[str] | None) -> int:
        part, shown = part_machine(machine, group, transition_ids)
        return len(shown) + len(part.transitions)

    def fits(group: Sequence[str], transition_ids: Sequence[str] | None = None) -> bool:
        count = size(group, transition_ids)
        if len(group) > 1 and count >= too_many[0]:
            return False
        page = page_for(group, transition_ids)
        ok = page.scale >= _min_scale(page.scene)
        if not ok and len(group) > 1:
            too_many[0] = min(too_many[0], count)
        return ok

    groups = _groups(machine, fits)
    parts: list[Page] = []
    for group in groups:
        if fits(group) or len(group) > 1:
            parts.append(page_for(group))
            continue
        # One state whose ways in and out are too many for the paper: its
        # ways out, then its ways in, in as many pages as they need.
        sid = group[0]
        ways = [t.id for t in machine.outgoing(sid)] + [t.id for t in machine.incoming(sid) if t.source != sid]
        chunks = _chunks(ways, lambda ids: fits(group, ids))
        for k, chunk in enumerate(chunks, start=1):
            title = f"{_part_title(machine, group, lang)} ({k}/{len(chunks)})"
            page = page_for(group, chunk)
            page.title = title
            parts.append(page)
    overview = overview_page(machine, options, lang, area, groups)
    overview.title = f"{machine.name}: {_word(lang, 'overview')}"
    if not options.legend:
        overview.entries = ()
        overview.scale = min(_fit_scale(overview.scene, (), area), MAX_SCALE)
    overviews = [overview]
    if overview.scale < _min_scale(overview.scene):
        overviews = _tiles(overview, area, lang)
    pages = [*overviews, *parts]
    for n, page in enumerate(pages, start=1):
        if page.scale < _min_scale(page.scene) - 1e-9:
            smallest = page.scale * _smallest_text_px(page.scene)
            notes.append(f"page {n} ({page.title}): too large for {options.paper} even alone; "
                         f"its smallest text is {smallest:.1f} pt")
    return pages, notes


def page_info(page: Page) -> PageInfo:
    """What ``page`` shows, for callers and tests."""
    smallest = _smallest_text_px(page.scene) * page.scale
    if page.entries:
        from explorer.ui.legend import LEGEND_FONT_PX

        smallest = min(smallest, LEGEND_PT if page.on_paper else float(LEGEND_FONT_PX))
    labelled = tuple(tid for tid, item in page.scene.item_for_transition.items() if item.text)
    return PageInfo(page.title, page.kind, page.scale, smallest, page.states, labelled,
                    tuple(e.text for e in page.entries))


def _paint_page(painter: QPainter, page: Page, options: ExportOptions, number: int, count: int) -> None:
    """One paper page: title, the drawing and legend centred at the page's scale, page number."""
    paper = page_rect(options)
    area = content_rect(options)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(paper, Palette.paper)
    painter.setPen(Palette.ink)
    title_font = st.font(round(TITLE_PT), True)
    painter.setFont(title_font)
    painter.drawText(QRectF(area.left(), PAGE_MARGIN_PT, area.width(), HEADER_PT),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), page.title)
    if count > 1:
        painter.setFont(st.font(round(FOOTER_TEXT_PT)))
        lang_page = f"{number} / {count}"
        painter.drawText(QRectF(area.left(), area.bottom() + 4, area.width(), FOOTER_PT),
                         int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom), lang_page)
    source = page.source if page.source is not None else page.scene.sceneRect()
    columns, lsize = _legend_block(page.entries, area.width())
    w = max(source.width() * page.scale, lsize.width())
    h = source.height() * page.scale + ((LEGEND_GAP + lsize.height()) if page.entries else 0.0)
    left = area.left() + max(0.0, (area.width() - w) / 2)
    top = area.top() + max(0.0, (area.height() - h) / 2)
    painter.save()
    painter.translate(left + max(0.0, (w - source.width() * page.scale) / 2), top)
    painter.scale(page.scale, page.scale)
    _draw_scene(painter, page.scene, QRectF(0, 0, source.width(), source.height()), source)
    painter.restore()
    if page.entries:
        painter.save()
        painter.translate(left, top + source.height() * page.scale + LEGEND_GAP)
        painter.scale(LEGEND_SCALE, LEGEND_SCALE)
        paint_legend(painter, QPointF(0, 0), page.entries, columns)
        painter.restore()


def page_files(out: Path, count: int) -> list[Path]:
    """Where SVG and PNG pages go: ``out`` for the first, ``out-2``, ``out-3`` ... for the rest."""
    return [out if n == 1 else out.with_name(f"{out.stem}-{n}{out.suffix}") for n in range(1, count + 1)]


def export_machine(machine: Machine, out: Path, options: ExportOptions = ExportOptions(), *,
                   layout: Layout | None = None) -> ExportResult:
    """Lay out and write ``machine`` as a document picture (see the module docstring).

    ``layout`` (laid out with edge labels) saves a Graphviz run when the
    caller has one. A PDF holds every page; SVG and PNG write one file per
    page (:func:`page_files`).
    """
    out = Path(out)
    suffix = _check_suffix(out)
    _ensure_app()
    pages, notes = plan_pages(machine, options, layout=layout)
    files: list[Path] = []
    if options.paper is None:
        page = pages[0]
        export_picture(page.scene, out, legend=options.legend, entries=page.entries, dpi=options.dpi)
        files.append(out)
    else:
        paper = page_rect(options)
        painters = [
            (lambda p, page=page, n=n: _paint_page(p, page, options, n, len(pages)))
            for n, page in enumerate(pages, start=1)
        ]
        if suffix == ".pdf":
            orientation = (QPageLayout.Orientation.Landscape if options.orientation == "landscape"
                           else QPageLayout.Orientation.Portrait)
            data = _pdf_bytes(QPageSize(PAPERS[options.paper]), orientation, machine.name, painters)
            _write(out, data)
            files.append(out)
        else:
            for path, paint in zip(page_files(out, len(pages)), painters):
                if suffix == ".svg":
                    data = _svg_bytes(paper.width(), paper.height(), machine.name, paint)
                else:
                    data = _png_bytes(paper.width(), paper.height(), options.dpi / 72.0, paint)
                _write(path, data)
                files.append(path)
    return ExportResult(tuple(files), tuple(page_info(p) for p in pages), tuple(notes))


def _write(path: Path, data: bytes) -> None:
    try:
        write_file(path, data)
    except OSError as e:
        raise ExplorerError(f"{path}: cannot write the picture: {e.strerror or e}") from e


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
    """Build a scene headless from ``layout`` and export it to ``out`` as styled by ``highlight``.

    Without ``highlight`` every overlay of the analysis (style.OVERLAYS) is
    shown. For document pictures use :func:`export_machine`.
    """
    _ensure_app()
    scene = GraphScene(machine, layout, lang)
    scene.apply(highlight if highlight is not None else Highlight.from_analysis(analysis or analyse(machine)))
    scene.set_all_labels(all_labels)
    export_picture(scene, Path(out), legend=legend)
