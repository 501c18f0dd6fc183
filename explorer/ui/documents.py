"""The documentation set: Markdown with SVG pictures, and the same content as one A4 PDF.

For ``explorer doc FILE -o OUT`` and File > Export Documentation…:
``OUT/<name>.md`` (text from :mod:`explorer.io.doc_markdown`),
``OUT/pictures/*.svg`` (the overview of states, and each state with its ways
in and out, drawn by :mod:`explorer.ui.export`) and ``OUT/<name>.pdf``, the
same Markdown typeset by QTextDocument on A4 with a page per section and page
numbers. The PDF's pictures are the same scenes rasterised, since
QTextDocument places images, not vector drawings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF, QUrl
from PySide6.QtGui import (
    QFont,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QTextBlockFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
)

from explorer.analysis import analyse
from explorer.errors import ExplorerError
from explorer.findings import findings
from explorer.io.doc_markdown import documentation_markdown, picture_names, words
from explorer.layout import LayoutOptions
from explorer.model import Machine
from explorer.ui import style as st
from explorer.ui.export import (
    ExportOptions,
    Page,
    _draw_scene,
    _ensure_app,
    content_rect,
    export_picture,
    overview_page,
    part_page,
    write_file,
)
from explorer.ui.style import Palette

#: Pixels per point of the pictures inside the PDF (about 220 dpi: sharp in print).
PDF_IMAGE_SCALE = 3.0
#: The PDF's body text size, in points.
BODY_PT = 10


@dataclass(frozen=True)
class DocResult:
    """What ``write_documentation`` wrote."""

    markdown: Path
    pictures: tuple[Path, ...]
    pdf: Path
    pdf_pages: int


def doc_name(machine: Machine, path: Path | None = None) -> str:
    """The file name stem of the documentation: the machine file's, else the machine's name."""
    base = path.stem if path is not None else machine.name
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", base).strip("._") or "machine"


def _pictures(machine: Machine, lang: str, direction: str, engine: str) -> tuple[Page, dict[str, Page]]:
    options = ExportOptions(lang=lang, direction=direction, engine=engine, paper="a4", orientation="portrait")
    overview = overview_page(machine, options, lang, content_rect(options), None)
    lo = LayoutOptions(engine=engine, direction=direction, lang=lang, edge_labels=True)
    states: dict[str, Page] = {}
    for s in machine.states:
        # part_page rings the state the section is about among its neighbours.
        states[s.id] = part_page(machine, [s.id], lo, lang, None, machine.state_label(s.id, lang))
    return overview, states


def _image(page: Page, scale: float = PDF_IMAGE_SCALE) -> QImage:
    source = page.scene.sceneRect()
    image = QImage(max(1, round(source.width() * scale)), max(1, round(source.height() * scale)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Palette.paper)
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    _draw_scene(painter, page.scene, QRectF(0, 0, source.width(), source.height()), source)
    painter.end()
    return image


def _pdf(markdown: str, title: str, images: dict[str, QImage]) -> tuple[bytes, int]:
    """Typeset ``markdown`` on A4 with its pictures; each level-2 section after the first starts a page."""
    document = QTextDocument()
    font = QFont(st.FONT_FAMILY)
    font.setPointSize(BODY_PT)
    document.setDefaultFont(font)
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    document.setMarkdown(markdown)
    # After setMarkdown, which clears the document's resources.
    for name, image in images.items():
        document.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), image)

    writer_buffer = QBuffer()
    writer_buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(writer_buffer)
    margins = QMarginsF(20, 20, 20, 20)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                     margins, QPageLayout.Unit.Millimeter))
    writer.setTitle(title)
    writer.setCreator("State Explorer")
    # Text width in points: pictures are sized to it, never wider than their natural size.
    text_width = writer.pageLayout().paintRect(QPageLayout.Unit.Point).width()

    cursor = QTextCursor(document)
    block = document.begin()
    seen_h2 = False
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
            if fmt.isImageFormat():
                image_format = fmt.toImageFormat()
                image = images.get(image_format.name())
                if image is not None:
                    natural = image.width() / PDF_IMAGE_SCALE
                    width = min(natural, text_width)
                    image_format.setWidth(width)
                    image_format.setHeight(width * image.height() / max(1, image.width()))
                    cursor.setPosition(fragment.position())
                    cursor.setPosition(fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor)
                    cursor.setCharFormat(image_format)
            it += 1
        block = block.next()

    # Lay the document out in points on the page's text area, then print it:
    # print_() keeps that pagination and numbers the pages.
    document.setPageSize(QSizeF(writer.pageLayout().paintRect(QPageLayout.Unit.Point).size()))
    pages = document.pageCount()
    document.print_(writer)
    writer_buffer.close()
    return bytes(writer_buffer.data().data()), pages


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
    overview, states = _pictures(machine, lang, direction, engine)
    written: list[Path] = []
    export_picture(overview.scene, out / overview_name, entries=overview.entries)
    written.append(out / overview_name)
    for sid, page in states.items():
        export_picture(page.scene, out / state_names[sid], legend=False)
        written.append(out / state_names[sid])
    defects = [f.message for f in findings(machine, analyse(machine), lang)]
    text = documentation_markdown(machine, lang, defects=defects, overview=overview_name, pictures=state_names)
    markdown = out / f"{stem}.md"
    pdf = out / f"{stem}.pdf"
    images = {overview_name: _image(overview), **{state_names[sid]: _image(p) for sid, p in states.items()}}
    data, pages = _pdf(text, words(lang)["page_title"].format(name=machine.name), images)
    try:
        write_file(markdown, text.encode("utf-8"))
        write_file(pdf, data)
    except OSError as e:
        raise ExplorerError(f"{out}: cannot write the documentation: {e.strerror or e}") from e
    return DocResult(markdown, tuple(written), pdf, pages)
