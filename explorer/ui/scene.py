"""The canvas: a QGraphicsScene of state and transition items drawn from a Layout.

Graphviz's geometry (explorer.layout) is turned into items once; afterwards
highlighting, hover, selection and language changes only restyle or relabel
existing items. Nothing here runs Graphviz.

Each item knows the id it stands for (``StateItem.state_id``,
``TransitionItem.transition_id``) and reports clicks through the scene's
signals, so the window speaks of ids, never of items.
"""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from collections.abc import Iterable

from PySide6.QtCore import SIGNAL, QPoint, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QPainter, QPainterPath, QPainterPathStroker, QPolygonF, QTransform
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsScene,
    QGraphicsSceneContextMenuEvent,
    QGraphicsSceneHelpEvent,
    QGraphicsSceneHoverEvent,
    QGraphicsSceneMouseEvent,
    QGraphicsView,
    QStyleOptionGraphicsItem,
    QToolTip,
    QWidget,
)

from explorer import durations
from explorer.layout import START_EDGE, EdgeGeometry, Layout, LayoutOptions, NodeGeometry
from explorer.model import Machine, State, Transition
from explorer.ui import style as st
from explorer.ui.language import ContentLanguage
from explorer.ui.style import Focus, Highlight, Palette, StateRole, TransitionRole
from explorer.ui.texts import state_html, transition_html

#: Padding between a state's border and its text.
_TEXT_PAD_X, _TEXT_PAD_Y = 5.0, 3.0
#: Padding inside a trigger label's box.
_LABEL_PAD_X, _LABEL_PAD_Y = 4.0, 1.5
#: Length and half-width of an arrowhead drawn without Graphviz's tip.
_ARROW_LENGTH, _ARROW_HALF_WIDTH = 10.0, 5.0
#: Characters per line when a trigger label is re-wrapped for another language
#: (the layout's own choice, so relabelled boxes look like laid-out ones).
_EDGE_WRAP = LayoutOptions().edge_wrap
#: Clock mark size beside a timeout's duration.
_CLOCK_SIZE = 10.0
#: Where along its curve a label Graphviz did not place may go, best first.
_LABEL_SPOTS = (0.5, 0.42, 0.58, 0.34, 0.66, 0.26, 0.74, 0.18, 0.82)
#: Above this many such labels only parallel edges' labels are kept apart (build time).
_FULL_PLACEMENT_EDGES = 400
#: Cell size of the grid that finds label collisions.
_CELL = 64.0
#: Where on an edge (fraction of its length) the step-number badge sits.
_BADGE_AT = 0.3

_CENTER = Qt.AlignmentFlag.AlignCenter


def wrap_trigger(text: str) -> str:
    """A trigger label wrapped for a label box (used when relabelling in another language)."""
    # Graphviz sized nothing for this text, so the layout's careful wrap_label
    # (which tries several widths) buys nothing here; plain textwrap is 5x faster.
    return textwrap.fill(text, _EDGE_WRAP, break_long_words=False) or text


# -- items -----------------------------------------------------------------------------


class StateItem(QGraphicsItem):
    """A state: a rounded box at Graphviz's node geometry with its label drawn inside."""

    def __init__(self, state: State, geometry: NodeGeometry, text: str, *, wrapped: bool) -> None:
        super().__init__()
        self.state_id = state.id
        self.final = state.final
        self._rect = QRectF(-geometry.width / 2, -geometry.height / 2, geometry.width, geometry.height)
        margin = 8.0  # room for thick borders and the selection ring
        self._bounds = self._rect.adjusted(-margin, -margin, margin, margin)
        self._roles: frozenset[StateRole] = frozenset()
        self._style = st.state_style(frozenset({StateRole.NORMAL}))
        self.setPos(geometry.x, geometry.y)
        self.setAcceptHoverEvents(True)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.set_text(text, wrapped=wrapped)

    # -- text --------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The label as drawn (lines joined by newlines, or one string wrapped by Qt)."""
        return self._text

    @property
    def text_font_px(self) -> int:
        """The pixel size the label is drawn at (smaller than the house size if it had to shrink)."""
        return self._font.pixelSize()

    def text_rect(self) -> QRectF:
        """Where text may go: the box minus padding (and the final state's inner border)."""
        inset = st.FINAL_INSET if self.final else 0.0
        return self._rect.adjusted(
            _TEXT_PAD_X + inset, _TEXT_PAD_Y + inset, -_TEXT_PAD_X - inset, -_TEXT_PAD_Y - inset
        )

    def set_text(self, text: str, *, wrapped: bool) -> None:
        """Show ``text`` in the same box: ``wrapped`` text keeps its lines, other text is
        word-wrapped by Qt; either shrinks, then elides, rather than overflow the box."""
        self._flags = int(_CENTER) | (0 if wrapped else int(Qt.TextFlag.TextWordWrap))
        area = self.text_rect()
        for px in range(st.STATE_FONT_PX, st.MIN_STATE_FONT_PX - 1, -1):
            fnt = st.font(px)
            used = QFontMetricsF(fnt).boundingRect(area, self._flags, text)
            if used.width() <= area.width() + 0.5 and used.height() <= area.height() + 0.5:
                self._font, self._text = fnt, text
                break
        else:
            self._font = st.font(st.MIN_STATE_FONT_PX)
            self._text = self._elide(text, area)
        self.update()

    def _elide(self, text: str, area: QRectF) -> str:
        metrics = QFontMetricsF(self._font)
        lines = text.split("\n") if self._flags & int(Qt.TextFlag.TextWordWrap) == 0 else [text]
        max_lines = max(1, int(area.height() // metrics.lineSpacing()))
        self._flags = int(_CENTER)
        kept = [metrics.elidedText(line, Qt.TextElideMode.ElideRight, area.width()) for line in lines[:max_lines]]
        if len(lines) > max_lines and not kept[-1].endswith("…"):
            kept[-1] = metrics.elidedText(kept[-1] + " …", Qt.TextElideMode.ElideRight, area.width())
        return "\n".join(kept)

    # -- style ---------------------------------------------------------------------

    @property
    def roles(self) -> frozenset[StateRole]:
        return self._roles

    @property
    def style(self) -> st.StateStyle:
        return self._style

    def set_roles(self, roles: frozenset[StateRole]) -> bool:
        """Restyle for ``roles``; False (and nothing touched) when they did not change."""
        if roles == self._roles:
            return False
        self._roles = roles
        self._style = st.state_style(roles)
        self.setZValue(self._style.z)
        self.update()
        return True

    # -- QGraphicsItem ---------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self._rect, st.CORNER_RADIUS, st.CORNER_RADIUS)
        return path

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        s = self._style
        r = st.CORNER_RADIUS
        if s.ring_pen is not None:
            painter.setPen(s.ring_pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(self._rect.adjusted(-5, -5, 5, 5), r + 4, r + 4)
        painter.setPen(s.pen)
        painter.setBrush(s.brush)
        painter.drawRoundedRect(self._rect, r, r)
        if s.overlay_brush is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(s.overlay_brush)
            painter.drawRoundedRect(self._rect, r, r)
        if self.final:
            painter.setPen(s.pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            inner = self._rect.adjusted(st.FINAL_INSET, st.FINAL_INSET, -st.FINAL_INSET, -st.FINAL_INSET)
            painter.drawRoundedRect(inner, r - 2, r - 2)
        painter.setFont(self._font)
        painter.setPen(s.text_color)
        painter.drawText(self.text_rect(), self._flags, self._text)

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        if (scene := _live_scene(self)) is not None:
            scene._item_hovered(self.state_id, True)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        if (scene := _live_scene(self)) is not None:
            scene._item_hovered(self.state_id, False)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        # Accepting the press keeps the view from starting a hand-drag pan;
        # a retired item lets the press through (the old picture still pans).
        event.setAccepted(event.button() == Qt.MouseButton.LeftButton and _live_scene(self) is not None)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = _live_scene(self)
        if scene is not None and event.button() == Qt.MouseButton.LeftButton and self.contains(event.pos()):
            scene.state_clicked.emit(self.state_id)

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        scene = _live_scene(self)
        if scene is None:
            event.ignore()
            return
        scene.state_context_requested.emit(self.state_id, event.screenPos())
        event.accept()


class TransitionItem(QGraphicsItem):
    """A transition: Graphviz's cubic beziers, an arrowhead, and a trigger label.

    The trigger label sits at Graphviz's label position on a white rounded box;
    calm labels appear only when zoomed in or hovered (level of detail), labels
    that matter now are always drawn and kept readable when zoomed out.
    """

    def __init__(
        self,
        transition: Transition,
        geometry: EdgeGeometry,
        text: str,
        *,
        timeout_text: str | None = None,
    ) -> None:
        super().__init__()
        self.transition_id = transition.id
        self.is_self_loop = transition.is_self_loop
        self._path = _bezier_path(geometry.path)
        self._arrow = _arrowhead(geometry)
        self._label_anchor = (
            QPointF(*geometry.label_pos) if geometry.label_pos is not None else self._path.pointAtPercent(0.5)
        )
        #: Whether Graphviz placed the label (False: we put it at the curve's midpoint).
        self.label_from_layout = geometry.label_pos is not None
        self._timeout_text = timeout_text
        #: The way-out number the session panel gives this edge (keys 1-9), when it is one.
        self._number: int | None = None
        self._steps: tuple[int, ...] = ()
        self._roles: frozenset[TransitionRole] = frozenset()
        self._style = st.transition_style(frozenset({TransitionRole.NORMAL}))
        self._shape: QPainterPath | None = None
        self.setAcceptHoverEvents(True)
        self.set_text(text)

    # -- label geometry --------------------------------------------------------------

    @property
    def text(self) -> str:
        return self._text

    @property
    def path(self) -> QPainterPath:
        """The curve in scene coordinates (a copy is cheap: QPainterPath is implicitly shared)."""
        return self._path

    @property
    def label_anchor(self) -> QPointF:
        return QPointF(self._label_anchor)

    def move_label(self, anchor: QPointF) -> None:
        """Put the label's centre at ``anchor`` (used to keep computed labels apart)."""
        self.prepareGeometryChange()
        self._label_anchor = QPointF(anchor)
        self._layout_label()

    def set_text(self, text: str) -> None:
        """Relabel in place; the curve stays where Graphviz put it."""
        self.prepareGeometryChange()
        self._text = text
        self._layout_label()
        self.update()

    @property
    def number(self) -> int | None:
        return self._number

    def set_number(self, number: int | None) -> None:
        """Show the panel's way-out number before the trigger, so "press 3" and the canvas agree."""
        if number != self._number:
            self.prepareGeometryChange()
            self._number = number
            self._layout_label()
            self.update()

    def _shown_text(self) -> str:
        if self._number is None or not self._text:
            return self._text
        # Circled digits (U+2460...) are in DejaVu Sans; past 20 plain digits.
        mark = chr(0x2460 + self._number - 1) if 1 <= self._number <= 20 else f"{self._number}."
        first, _, rest = self._text.partition("\n")
        return f"{mark} {first}" + (f"\n{rest}" if rest else "")

    def _layout_label(self) -> None:
        """Size the label box (trigger lines plus an optional clock row) around the anchor."""
        self._boxes = {}
        for bold in (False, True):
            metrics = QFontMetricsF(st.font(st.EDGE_FONT_PX, bold))
            shown = self._shown_text()
            text_size = metrics.boundingRect(QRectF(), int(_CENTER), shown).size() if shown else None
            clock_w = 0.0
            if self._timeout_text is not None:
                clock_w = _CLOCK_SIZE + 3 + metrics.horizontalAdvance(self._timeout_text)
            row_h = metrics.height()
            w = max(text_size.width() if text_size else 0.0, clock_w)
            h_full = (text_size.height() if text_size else 0.0) + (row_h if self._timeout_text is not None else 0.0)
            full = QRectF(0, 0, w + 2 * _LABEL_PAD_X, h_full + 2 * _LABEL_PAD_Y)
            full.moveCenter(self._label_anchor)
            mark = QRectF(0, 0, clock_w + 2 * _LABEL_PAD_X, row_h + 2 * _LABEL_PAD_Y)
            mark.moveCenter(self._label_anchor)
            self._boxes[bold] = (full, mark)
        self._update_bounds()

    def label_rect(self, *, bold: bool = False) -> QRectF:
        """The label box at 1:1 (scene units) with the trigger text shown."""
        return QRectF(self._boxes[bold][0])

    def _update_bounds(self) -> None:
        rect = self._path.boundingRect().united(self._arrow.boundingRect())
        boost = st.MAX_LABEL_BOOST if self._style.boost_label else 1.0
        for full, mark in self._boxes.values():
            rect = rect.united(_scaled(full, boost)).united(_scaled(mark, boost))
        if self._steps:
            rect = rect.united(_scaled(self._badge_rect(), st.MAX_LABEL_BOOST))
        pad = self._style.pen.widthF() / 2 + 2
        self._bounds = rect.adjusted(-pad, -pad, pad, pad)
        self._shape = None

    # -- style ---------------------------------------------------------------------

    @property
    def roles(self) -> frozenset[TransitionRole]:
        return self._roles

    @property
    def style(self) -> st.TransitionStyle:
        return self._style

    @property
    def steps(self) -> tuple[int, ...]:
        """The session step numbers shown on this edge's badge (empty: no badge)."""
        return self._steps

    def set_roles(self, roles: frozenset[TransitionRole], steps: tuple[int, ...] = ()) -> bool:
        """Restyle for ``roles`` (and step badge); False when nothing changed."""
        if roles == self._roles and steps == self._steps:
            return False
        self.prepareGeometryChange()
        self._roles, self._steps = roles, steps
        self._style = st.transition_style(roles)
        self.setZValue(self._style.z)
        self._update_bounds()
        self.update()
        return True

    def label_shown_at(self, lod: float) -> bool:
        """Whether the trigger label is drawn at zoom level ``lod`` (the level-of-detail rule).

        Labels that matter now always show; the others when zoomed in, when
        the scene shows all labels, and never in a picture that did not ask
        for all labels (a picture has no zoom to reveal them).
        """
        if self._style.always_label:
            return True
        scene = self.scene()
        if isinstance(scene, GraphScene):
            if scene.all_labels:
                return True
            if scene.rendering_picture or not scene.calm_labels:
                return False
        return lod >= st.LABEL_DETAIL_LOD

    # -- QGraphicsItem ---------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        # A widened stroke, so a 1 px edge is as easy to hit as a 10 px one; the
        # label box counts too, since people click on the words.
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(st.EDGE_HIT_WIDTH)
            stroker.setCapStyle(Qt.PenCapStyle.RoundCap)
            shape = stroker.createStroke(self._path)
            shape.addPolygon(self._arrow)
            shape.addRect(self._boxes[False][1])
            shape.setFillRule(Qt.FillRule.WindingFill)
            self._shape = shape
        return self._shape

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        s = self._style
        painter.setPen(s.pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(s.arrow_brush)
        painter.drawPolygon(self._arrow)

        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        show_text = bool(self._text) and self.label_shown_at(lod)
        if self._steps:
            self._paint_badge(painter, lod)
        if not show_text and not (s.show_timeout_mark and self._timeout_text is not None):
            return
        boost = 1.0
        if s.boost_label and lod > 0 and not _picture(self):
            boost = min(max(_min_label_px(self) / (st.EDGE_FONT_PX * lod), 1.0), st.MAX_LABEL_BOOST)
        painter.save()
        if boost != 1.0:
            painter.translate(self._label_anchor)
            painter.scale(boost, boost)
            painter.translate(-self._label_anchor)
        self._paint_label(painter, show_text)
        painter.restore()

    def _paint_label(self, painter: QPainter, show_text: bool) -> None:
        s = self._style
        fnt = st.font(st.EDGE_FONT_PX, s.bold_label)
        full, mark = self._boxes[s.bold_label]
        box = full if show_text else mark
        with_clock = s.show_timeout_mark and self._timeout_text is not None
        if not with_clock:
            box = QRectF(box)
            clock_h = QFontMetricsF(fnt).height() if self._timeout_text is not None else 0.0
            box.adjust(0, clock_h / 2, 0, -clock_h / 2)  # no clock row: shrink around the text
        painter.setPen(s.label_border)
        painter.setBrush(Palette.label_background)
        painter.drawRoundedRect(box, 4, 4)
        inner = box.adjusted(_LABEL_PAD_X, _LABEL_PAD_Y, -_LABEL_PAD_X, -_LABEL_PAD_Y)
        painter.setFont(fnt)
        if with_clock:
            row_h = QFontMetricsF(fnt).height()
            row = QRectF(inner.left(), inner.top(), inner.width(), row_h)
            self._paint_clock_row(painter, row, fnt)
            inner.setTop(inner.top() + row_h)
        if show_text:
            painter.setPen(s.label_color)
            painter.drawText(inner, int(_CENTER), self._shown_text())

    def _paint_clock_row(self, painter: QPainter, row: QRectF, fnt: object) -> None:
        assert self._timeout_text is not None
        metrics = QFontMetricsF(fnt)  # type: ignore[arg-type]
        width = _CLOCK_SIZE + 3 + metrics.horizontalAdvance(self._timeout_text)
        left = row.center().x() - width / 2
        clock = QRectF(left, row.center().y() - _CLOCK_SIZE / 2, _CLOCK_SIZE, _CLOCK_SIZE)
        color = self._style.timeout_color
        painter.setPen(st.clock_pen(color))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(clock)
        c = clock.center()
        painter.drawLine(c, QPointF(c.x(), clock.top() + 2.2))
        painter.drawLine(c, QPointF(clock.right() - 2.5, c.y()))
        painter.setPen(color)
        text_rect = QRectF(clock.right() + 3, row.top(), width, row.height())
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), self._timeout_text)

    def _badge_text(self) -> str:
        return ", ".join(str(n) for n in self._steps)

    def _badge_rect(self) -> QRectF:
        metrics = QFontMetricsF(st.font(st.EDGE_FONT_PX, True))
        h = metrics.height() + 2
        w = max(h, metrics.horizontalAdvance(self._badge_text()) + 8)
        rect = QRectF(0, 0, w, h)
        rect.moveCenter(self._path.pointAtPercent(_BADGE_AT))
        return rect

    def _paint_badge(self, painter: QPainter, lod: float) -> None:
        rect = self._badge_rect()
        painter.save()
        boost = 1.0
        if lod > 0 and not _picture(self):
            boost = min(max(_min_label_px(self) / (st.EDGE_FONT_PX * lod), 1.0), st.MAX_LABEL_BOOST)
        c = rect.center()
        painter.translate(c)
        painter.scale(boost, boost)
        painter.translate(-c)
        painter.setPen(st.badge_pen())
        painter.setBrush(st.badge_brush())
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setFont(st.font(st.EDGE_FONT_PX, True))
        painter.setPen(Palette.paper)
        painter.drawText(rect, int(_CENTER), self._badge_text())
        painter.restore()

    # -- events ----------------------------------------------------------------------

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        if (scene := _live_scene(self)) is not None:
            scene._item_hovered(self.transition_id, True)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        if (scene := _live_scene(self)) is not None:
            scene._item_hovered(self.transition_id, False)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        event.setAccepted(event.button() == Qt.MouseButton.LeftButton and _live_scene(self) is not None)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = _live_scene(self)
        if scene is not None and event.button() == Qt.MouseButton.LeftButton and self.contains(event.pos()):
            scene.transition_clicked.emit(self.transition_id)


class EntryItem(QGraphicsItem):
    """The initial state's entry arrow: a dot with an arrow into the state."""

    def __init__(self, path: QPainterPath, arrow: QPolygonF) -> None:
        super().__init__()
        self._path, self._arrow = path, arrow
        self._dot = QRectF(0, 0, 9, 9)
        self._dot.moveCenter(path.pointAtPercent(0))
        self._bounds = path.boundingRect().united(arrow.boundingRect()).united(self._dot).adjusted(-3, -3, 3, 3)
        self.setZValue(9)

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        painter.setPen(st.entry_pen())
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(Palette.ink)
        painter.drawPolygon(self._arrow)
        painter.drawEllipse(self._dot)


# -- geometry helpers --------------------------------------------------------------------


def _bezier_path(points: tuple[tuple[float, float], ...]) -> QPainterPath:
    path = QPainterPath(QPointF(*points[0]))
    for i in range(1, len(points) - 2, 3):
        path.cubicTo(QPointF(*points[i]), QPointF(*points[i + 1]), QPointF(*points[i + 2]))
    return path


def _arrowhead(geometry: EdgeGeometry) -> QPolygonF:
    """A triangle whose base is the curve's end and whose tip is Graphviz's arrow tip."""
    end = QPointF(*geometry.path[-1])
    if geometry.arrow_tip is not None:
        tip = QPointF(*geometry.arrow_tip)
    else:
        before = QPointF(*geometry.path[-2]) if len(geometry.path) > 1 else end - QPointF(1, 0)
        direction = end - before
        length = (direction.x() ** 2 + direction.y() ** 2) ** 0.5 or 1.0
        tip = end
        end = tip - direction * (_ARROW_LENGTH / length)
    return _triangle(end, tip)


def _triangle(base: QPointF, tip: QPointF) -> QPolygonF:
    d = tip - base
    length = (d.x() ** 2 + d.y() ** 2) ** 0.5 or 1.0
    normal = QPointF(-d.y() / length, d.x() / length) * _ARROW_HALF_WIDTH
    return QPolygonF([tip, base + normal, base - normal, tip])


def _scaled(rect: QRectF, factor: float) -> QRectF:
    if factor == 1.0:
        return rect
    out = QRectF(0, 0, rect.width() * factor, rect.height() * factor)
    out.moveCenter(rect.center())
    return out


def _place_labels(items: list[TransitionItem], obstacles: list[QRectF], spots: tuple[float, ...]) -> None:
    """Move each item's label to the first candidate spot clear of obstacles and earlier labels.

    A grid of cells keeps the look-ups local, so this is linear in the number of labels.
    """
    rects: list[QRectF] = []
    grid: dict[tuple[int, int], list[int]] = defaultdict(list)

    def cells(r: QRectF) -> Iterable[tuple[int, int]]:
        for gx in range(int(r.left() // _CELL), int(r.right() // _CELL) + 1):
            for gy in range(int(r.top() // _CELL), int(r.bottom() // _CELL) + 1):
                yield gx, gy

    def add(r: QRectF) -> None:
        rects.append(r)
        for cell in cells(r):
            grid[cell].append(len(rects) - 1)

    def hits(r: QRectF) -> set[int]:
        return {i for cell in cells(r) for i in grid.get(cell, ()) if r.intersects(rects[i])}

    def overlap(r: QRectF, found: set[int]) -> float:
        return sum(x.width() * x.height() for x in (r.intersected(rects[i]) for i in found))

    for rect in obstacles:
        add(rect)
    for item in items:
        size = item.label_rect(bold=True)
        step = size.height() + 3
        middle = [item.path.pointAtPercent(spot) for spot in spots]
        # On the curve first; then nudged off it, beside the middle, for
        # crowded places (parallel edges whose curves run close together).
        candidates = middle + [m + QPointF(0, k * step) for k in (1, -1, 2, -2, 3, -3) for m in middle[:3]]
        best: tuple[float, QPointF, QRectF] | None = None
        for anchor in candidates:
            rect = QRectF(size)
            rect.moveCenter(anchor)
            found = hits(rect)
            if not found:
                best = (0.0, anchor, rect)
                break
            cost = overlap(rect, found)
            if best is None or cost < best[0]:
                best = (cost, anchor, rect)
        assert best is not None
        if best[1] != item.label_anchor:
            item.move_label(best[1])
        add(best[2].adjusted(-2, -2, 2, 2))


def _cells(r: QRectF) -> Iterable[tuple[int, int]]:
    for gx in range(int(r.left() // _CELL), int(r.right() // _CELL) + 1):
        for gy in range(int(r.top() // _CELL), int(r.bottom() // _CELL) + 1):
            yield gx, gy


def _same_words(wrapped: str, text: str) -> bool:
    """Whether ``wrapped`` is ``text`` broken into lines (spaces and hyphens may differ)."""
    return bool(wrapped) and _NOT_WORDS.sub("", wrapped) == _NOT_WORDS.sub("", text)


_NOT_WORDS = re.compile(r"[\s\-]+")


def _picture(item: QGraphicsItem) -> bool:
    """True while the item's scene is being drawn into a picture (1:1, no zoom boost)."""
    scene = item.scene()
    return isinstance(scene, GraphScene) and scene.rendering_picture


def _min_label_px(item: QGraphicsItem) -> float:
    """The screen size the labels that matter are boosted to (the scene's, e.g. larger when presenting)."""
    scene = item.scene()
    return scene.min_label_px if isinstance(scene, GraphScene) else st.MIN_SCREEN_LABEL_PX


def _live_scene(item: QGraphicsItem) -> GraphScene | None:
    """The item's scene if it still takes input; None once it is retired (or the item was removed)."""
    scene = item.scene()
    if not isinstance(scene, GraphScene) or scene.retired:
        return None
    return scene


# -- the scene -------------------------------------------------------------------------


class GraphScene(QGraphicsScene):
    """A machine drawn from a layout; ``apply`` restyles, ``set_language`` relabels.

    Labels are shown in ``language``'s current language when given (the
    window's :class:`ContentLanguage`: the scene follows its changes), else in
    ``lang`` (None: the machine's default; pictures and tests pass a code).
    Where the layout's wrapped labels are in that language they are drawn line
    for line; otherwise labels are wrapped to fit the same boxes.
    """

    #: A state was clicked (left button); carries its id.
    state_clicked = Signal(str)
    #: A transition (its curve, arrow or label) was clicked; carries its id.
    transition_clicked = Signal(str)
    #: A state was right-clicked; carries its id and the screen position for a menu.
    state_context_requested = Signal(str, QPoint)
    #: The pointer entered a state or transition (its id) or left it (empty string).
    item_hovered = Signal(str)
    #: :meth:`apply` finished: the ids (states and transitions) whose style it changed.
    restyled = Signal(object)

    def __init__(self, machine: Machine, layout: Layout, lang: str | None = None, parent: object = None, *,
                 language: ContentLanguage | None = None) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.machine = machine
        self.layout = layout
        self._language = language if language is not None else ContentLanguage(machine, lang, parent=self)
        self._language.changed.connect(self._on_language_changed)
        self.item_for_state: dict[str, StateItem] = {}
        self.item_for_transition: dict[str, TransitionItem] = {}
        self.entry_item: EntryItem | None = None
        self._highlight: Highlight | None = None
        #: Overlay roles per id for the last overlay key (rebuilt when overlays change).
        self._marks: _Marks | None = None
        self._hovered: str | None = None
        #: The view's zoom (scene -> screen scale); None until a view reports it.
        self._view_scale: float | None = None
        #: Draw every trigger label at every zoom (View > Show All Trigger Labels).
        self.all_labels = False
        #: Set by export while painting into a picture: no zoom-dependent sizes.
        self.rendering_picture = False
        #: Labels that matter are drawn at least this many screen pixels high (see set_min_label_px).
        self.min_label_px = st.MIN_SCREEN_LABEL_PX
        #: Calm trigger labels appear when zoomed in (off while presenting: only what matters is labelled).
        self.calm_labels = True
        #: Set by :meth:`retire`: the window has moved on; items ignore all input.
        self.retired = False
        # Graphviz-free scene indexing: with BSP, a restyle that moves z-values
        # re-indexes items; for a static drawing the default index is right.
        self.setBackgroundBrush(Palette.paper)
        self._build()
        self.apply(Highlight())

    def retire(self) -> None:
        """Take no more input: the window shows (or is about to show) another machine or scene.

        A retired scene may stay on screen until its successor arrives (a slow
        or failed layout), but its items no longer answer clicks, hovers,
        context menus or tooltips, and it no longer follows the language: ids
        of an old machine must not reach a window that holds a new one. Called
        before the scene is deleted (deleteLater), so events already queued
        for its items find it retired rather than half gone.
        """
        if self.retired:
            return
        self.retired = True
        self._hovered = None
        for signal, signature in (
            (self.state_clicked, "state_clicked(QString)"),
            (self.transition_clicked, "transition_clicked(QString)"),
            (self.state_context_requested, "state_context_requested(QString,QPoint)"),
            (self.item_hovered, "item_hovered(QString)"),
            (self.restyled, "restyled(PyObject)"),
        ):
            # disconnect() of a signal without receivers raises a SystemError in PySide6.
            if self.receivers(SIGNAL(signature)) > 0:
                signal.disconnect()
        self._language.changed.disconnect(self._on_language_changed)
        grabber = self.mouseGrabberItem()
        if grabber is not None:
            grabber.ungrabMouse()
        QToolTip.hideText()

    # -- building ------------------------------------------------------------------

    def _build(self) -> None:
        m, lay = self.machine, self.layout
        for state in m.states:
            geometry = lay.nodes.get(state.id)
            if geometry is None:  # a neighbourhood layout draws only some states
                continue
            text, wrapped = self._state_text(state.id, geometry)
            item = StateItem(state, geometry, text, wrapped=wrapped)
            self.addItem(item)
            self.item_for_state[state.id] = item
        for t in m.transitions:
            egeo = lay.edges.get(t.id)
            if egeo is None or len(egeo.path) < 4:
                continue
            timeout_text = durations.compact(t.timeout.seconds) if t.timeout is not None else None
            item = TransitionItem(t, egeo, self._trigger_text(t.id, egeo), timeout_text=timeout_text)
            self.addItem(item)
            self.item_for_transition[t.id] = item
        self._place_computed_labels()
        #: Where each label sits when it is not emphasised (see _place_emphasised_labels).
        self._home_anchor = {tid: item.label_anchor for tid, item in self.item_for_transition.items()}
        self._emphasised: set[str] = set()
        self._state_grid: dict[tuple[int, int], list[QRectF]] | None = None
        self._build_entry()
        self._static_state_roles = {
            sid: frozenset(
                r
                for r, on in ((StateRole.INITIAL, sid == m.initial), (StateRole.FINAL, m.state(sid).final))
                if on
            )
            for sid in self.item_for_state
        }
        self._static_transition_roles = {
            tid: frozenset({TransitionRole.SELF_LOOP}) if m.transition(tid).is_self_loop else frozenset()
            for tid in self.item_for_transition
        }
        margin = 24.0
        rect = QRectF(0, 0, lay.width, lay.height).united(self.itemsBoundingRect())
        self.setSceneRect(rect.adjusted(-margin, -margin, margin, margin))

    def _state_text(self, state_id: str, geometry: NodeGeometry | None) -> tuple[str, bool]:
        """The label to draw and whether it is already wrapped (Graphviz's lines).

        Graphviz's lines are used when they are this language's label (the
        box was sized for them); otherwise Qt wraps the label into the box.
        """
        label = self.machine.state_label(state_id, self.lang)
        if geometry is not None and _same_words(geometry.label, label):
            return geometry.label, True
        return label, False

    def _trigger_text(self, transition_id: str, geometry: EdgeGeometry | None) -> str:
        label = self.machine.trigger_label(transition_id, self.lang)
        if geometry is not None and _same_words(geometry.label, label):
            return geometry.label
        return wrap_trigger(label)

    def _place_computed_labels(self) -> None:
        """Put the labels Graphviz did not place (no label room) where they can be read.

        Each goes on its own curve, at the first of a few spots around the
        middle where its box hits no state and no label placed before it (or
        where it hits least). Parallel edges thus keep their labels apart, and
        any subset of labels shown together does not pile up. Big scenes only
        keep parallel edges' labels apart: their calm labels show only when
        zoomed in, and a scene must build in a fraction of a second.
        """
        computed = [item for item in self.item_for_transition.values() if not item.label_from_layout]
        if len(computed) > _FULL_PLACEMENT_EDGES:
            by_pair: dict[frozenset[str], list[TransitionItem]] = defaultdict(list)
            for item in computed:
                t = self.machine.transition(item.transition_id)
                by_pair[frozenset((t.source, t.target))].append(item)
            for items in by_pair.values():
                if len(items) > 1:
                    _place_labels(items, [], _LABEL_SPOTS[:3])
            return
        obstacles = [s.mapRectToScene(s.shape().boundingRect()).adjusted(-3, -3, 3, 3)
                     for s in self.item_for_state.values()]
        obstacles += [item.label_rect(bold=True) for item in self.item_for_transition.values()
                      if item.label_from_layout]
        _place_labels(computed, obstacles, _LABEL_SPOTS)

    def _build_entry(self) -> None:
        initial = self.item_for_state.get(self.machine.initial)
        if initial is None:
            return
        egeo = self.layout.edges.get(START_EDGE)
        if egeo is not None and len(egeo.path) >= 4:
            path, arrow = _bezier_path(egeo.path), _arrowhead(egeo)
        else:
            box = initial.sceneBoundingRect().adjusted(8, 8, -8, -8)  # the box, without its margin
            tip = QPointF(box.left() - 1, box.center().y())
            start = tip - QPointF(40, 0)
            base = tip - QPointF(_ARROW_LENGTH, 0)
            path = QPainterPath(start)
            path.lineTo(base)
            arrow = _triangle(base, tip)
        self.entry_item = EntryItem(path, arrow)
        self.addItem(self.entry_item)

    # -- highlighting -------------------------------------------------------------------

    @property
    def highlight(self) -> Highlight:
        """The highlight last applied."""
        assert self._highlight is not None
        return self._highlight

    def apply(self, highlight: Highlight) -> None:
        """Restyle items for ``highlight``, touching only items whose style changed.

        When only the session parts change (current, ways out, path, history,
        selection), only items those mention before or after are looked at, so
        a step costs the same at 14 states as at 3000.
        """
        if self.retired:
            return  # the window's highlight belongs to what replaced this scene
        old = self._highlight
        if old is None or _overlay_key(old) != _overlay_key(highlight):
            state_ids: Iterable[str] = self.item_for_state
            transition_ids: Iterable[str] = self.item_for_transition
        else:
            s_old, t_old = self._mentioned(old)
            s_new, t_new = self._mentioned(highlight)
            state_ids, transition_ids = s_old | s_new, t_old | t_new
        self._highlight = highlight
        ctx = self._context(highlight)
        touched: list[str] = []
        for sid in state_ids:
            item = self.item_for_state.get(sid)
            if item is not None and item.set_roles(self._state_roles(sid, ctx)):
                touched.append(sid)
        for tid in transition_ids:
            item = self.item_for_transition.get(tid)
            if item is not None and item.set_roles(self._transition_roles(tid, ctx), highlight.taken.get(tid, ())):
                touched.append(tid)
        self._number_ways_out(old, highlight)
        self._place_emphasised_labels()
        self.restyled.emit(frozenset(touched))

    def _number_ways_out(self, old: Highlight | None, new: Highlight) -> None:
        """Number the current state's ways out in file order, as the session panel does."""
        if old is not None and old.current == new.current and old.available == new.available:
            return
        if old is not None and old.current is not None:
            for t in self.machine.outgoing(old.current):
                item = self.item_for_transition.get(t.id)
                if item is not None:
                    item.set_number(None)
        if new.current is not None:
            ways = [t.id for t in self.machine.outgoing(new.current) if t.id in new.available]
            for number, tid in enumerate(ways, start=1):
                item = self.item_for_transition.get(tid)
                if item is not None:
                    item.set_number(number)

    # -- keeping the labels that matter apart -------------------------------------------

    def set_view_scale(self, scale: float) -> None:
        """The view's zoom changed: re-place the emphasised labels for their screen size."""
        if self._view_scale is None or abs(scale - self._view_scale) > 1e-3:
            self._view_scale = scale
            self._place_emphasised_labels()

    def set_min_label_px(self, px: float) -> None:
        """Draw the labels that matter at least ``px`` screen pixels high (presentation: sized for the room)."""
        if px != self.min_label_px:
            self.min_label_px = px
            self._place_emphasised_labels()
            self.update()

    def _states_near(self, rect: QRectF) -> Iterable[QRectF]:
        if self._state_grid is None:
            grid: dict[tuple[int, int], list[QRectF]] = defaultdict(list)
            for item in self.item_for_state.values():
                r = item.mapRectToScene(item.shape().boundingRect()).adjusted(-3, -3, 3, 3)
                for cell in _cells(r):
                    grid[cell].append(r)
            self._state_grid = grid
        for cell in _cells(rect):
            yield from self._state_grid.get(cell, ())

    def _place_emphasised_labels(self) -> None:
        """Keep the labels that matter now (ways out, path, history) readable and apart.

        Zoomed out, they are drawn larger than their scene size (up to
        MAX_LABEL_BOOST) so a projector shows them; placed at build time for
        their 1:1 size, they would then overlap near a busy state. Only these
        few labels move, against a grid of the states built once, so a step
        stays cheap; labels that stop mattering go back home.
        """
        if self._view_scale is None or self.rendering_picture or self._highlight is None:
            return
        _, mentioned = self._mentioned(self._highlight)
        items = [self.item_for_transition[t] for t in mentioned
                 if t in self.item_for_transition and self.item_for_transition[t].style.boost_label]
        now = {item.transition_id for item in items}
        for tid in self._emphasised - now:
            item = self.item_for_transition.get(tid)
            if item is not None and item.label_anchor != self._home_anchor[tid]:
                item.move_label(self._home_anchor[tid])
        self._emphasised = now
        if not items:
            return
        boost = min(max(self.min_label_px / (st.EDGE_FONT_PX * self._view_scale), 1.0), st.MAX_LABEL_BOOST)
        placed: list[QRectF] = []
        # Ways out first (what a trainer points at), then the path, then history.
        items.sort(key=lambda i: (TransitionRole.AVAILABLE not in i.roles, TransitionRole.PATH not in i.roles,
                                  i.transition_id))

        bounds = self.sceneRect()

        def overlap(rect: QRectF) -> float:
            # Area outside the scene counts too: a fitted view would cut it off.
            inside = rect.intersected(bounds)
            area = rect.width() * rect.height() - inside.width() * inside.height()
            for other in (*placed, *self._states_near(rect)):
                if rect.intersects(other):
                    hit = rect.intersected(other)
                    area += hit.width() * hit.height()
            return area

        for item in items:
            home = item.label_rect(bold=True)
            w, h = home.width() * boost, home.height() * boost
            middle = [item.path.pointAtPercent(spot) for spot in _LABEL_SPOTS]
            candidates = middle + [m + QPointF(dx * w * 0.55, dy * (h + 4)) for m in middle
                                   for dx, dy in ((0, 1), (0, -1), (1, 0), (-1, 0), (0, 2), (0, -2),
                                                  (1, 1), (-1, -1), (1, -1), (-1, 1), (0, 3), (0, -3))]
            best: tuple[float, QPointF, QRectF] | None = None
            for anchor in candidates:
                rect = QRectF(0, 0, w, h)
                rect.moveCenter(anchor)
                cost = overlap(rect)
                if best is None or cost < best[0]:
                    best = (cost, anchor, rect)
                if cost == 0.0:
                    break
            assert best is not None
            if best[1] != item.label_anchor:
                item.move_label(best[1])
            placed.append(best[2].adjusted(-3, -3, 3, 3))

    def _mentioned(self, h: Highlight) -> tuple[set[str], set[str]]:
        """State and transition ids whose roles depend on the session parts of ``h``."""
        transitions = set(h.available) | set(h.taken) | set(h.path)
        states = set(h.visited)
        for sid in (h.current, h.path_target, h.selected, self._hovered):
            if sid is not None:
                states.add(sid)
                transitions.add(sid)  # ids of either kind: unknown ones are skipped
        for tid in [*h.available, *h.path]:
            t = self.machine.transition(tid)
            states.update((t.source, t.target))
        return states, transitions

    def _state_roles(self, sid: str, ctx: _Context) -> frozenset[StateRole]:
        h = ctx.highlight
        roles = set(self._static_state_roles[sid])
        if sid == h.current:
            roles.add(StateRole.CURRENT)
        if sid in ctx.available_targets:
            roles.add(StateRole.AVAILABLE_TARGET)
        if sid in h.visited:
            roles.add(StateRole.VISITED)
        if sid in ctx.path_states:
            roles.add(StateRole.PATH)
        if sid == h.path_target:
            roles.add(StateRole.PATH_TARGET)
        roles.update(ctx.marks.states.get(sid, ()))
        if sid == h.selected:
            roles.add(StateRole.SELECTED)
        if sid == self._hovered:
            roles.add(StateRole.HOVERED)
        if h.focus is not Focus.OFF and not roles & _STATE_EMPHASIS and not roles & ctx.marks.full_states:
            roles.add(StateRole.DIMMED_STRONG if h.focus is Focus.STRONG else StateRole.DIMMED)
        return frozenset(roles or {StateRole.NORMAL})

    def _transition_roles(self, tid: str, ctx: _Context) -> frozenset[TransitionRole]:
        h = ctx.highlight
        roles = set(self._static_transition_roles[tid])
        if tid in h.available:
            roles.add(TransitionRole.AVAILABLE)
        if tid in h.taken:
            roles.add(TransitionRole.TAKEN)
        if tid in ctx.path_set:
            roles.add(TransitionRole.PATH)
            if h.path and tid == h.path[0]:
                roles.add(TransitionRole.PATH_NEXT)
        roles.update(ctx.marks.transitions.get(tid, ()))
        if tid == h.selected:
            roles.add(TransitionRole.SELECTED)
        if tid == self._hovered:
            roles.add(TransitionRole.HOVERED)
        if h.focus is not Focus.OFF and not roles & _TRANSITION_EMPHASIS and not roles & ctx.marks.full_transitions:
            roles.add(TransitionRole.DIMMED_STRONG if h.focus is Focus.STRONG else TransitionRole.DIMMED)
        return frozenset(roles or {TransitionRole.NORMAL})

    def _context(self, highlight: Highlight) -> _Context:
        """Per-apply look-ups; the overlay roles are rebuilt only when the overlays changed."""
        key = (highlight.overlays, highlight.hidden, st.OVERLAYS)
        if self._marks is None or self._marks.key != key:
            self._marks = _Marks(key, highlight)
        return _Context(self.machine, highlight, self._marks)

    def _item_hovered(self, item_id: str, entered: bool) -> None:
        if self.retired:
            return
        previous = self._hovered
        self._hovered = item_id if entered else (None if self._hovered == item_id else self._hovered)
        if self._hovered == previous or self._highlight is None:
            return
        ctx = self._context(self._highlight)
        for key in (previous, self._hovered):
            if key is None:
                continue
            if key in self.item_for_state:
                self.item_for_state[key].set_roles(self._state_roles(key, ctx))
            elif key in self.item_for_transition:
                self.item_for_transition[key].set_roles(
                    self._transition_roles(key, ctx), self._highlight.taken.get(key, ())
                )
        self.item_hovered.emit(self._hovered or "")

    def tooltip_for(self, item_id: str) -> str:
        """The rich-text tooltip of a state or transition (built when asked, not per item up front)."""
        if self.machine.has_state(item_id):
            return state_html(self.machine, item_id, self.lang, kind="tooltip")
        return transition_html(self.machine, item_id, self.lang, kind="tooltip")

    def helpEvent(self, event: QGraphicsSceneHelpEvent) -> None:
        # Tooltips are made on demand: building thousands of HTML strings
        # up front would cost more than drawing the whole scene.
        if self.retired:
            QToolTip.hideText()
            return
        view = event.widget().parentWidget() if event.widget() is not None else None
        transform = view.transform() if isinstance(view, QGraphicsView) else QTransform()
        item = self.itemAt(event.scenePos(), transform)
        item_id = getattr(item, "state_id", None) or getattr(item, "transition_id", None)
        if item_id is None:
            QToolTip.hideText()
            return
        QToolTip.showText(event.screenPos(), self.tooltip_for(item_id), event.widget())
        event.accept()

    def set_picture_mode(self, on: bool) -> None:
        """Prepare for (True) or finish (False) drawing into a picture.

        Pictures are drawn 1:1 without zoom boost, and states are drawn as
        vectors: their device-coordinate cache would put bitmaps into SVG/PDF.
        """
        self.rendering_picture = on
        mode = QGraphicsItem.CacheMode.NoCache if on else QGraphicsItem.CacheMode.DeviceCoordinateCache
        for item in self.item_for_state.values():
            item.setCacheMode(mode)

    def set_all_labels(self, on: bool) -> None:
        """Show every trigger label at every zoom (True) or follow the level of detail."""
        if on != self.all_labels:
            self.all_labels = on
            for item in self.item_for_transition.values():
                item.update()

    # -- language ---------------------------------------------------------------------

    @property
    def language_state(self) -> ContentLanguage:
        """The owner of the language labels are shown in."""
        return self._language

    @property
    def lang(self) -> str:
        """The language labels are shown in (read from :attr:`language_state`)."""
        return self._language.current

    def set_language(self, lang: str) -> None:
        """Choose ``lang`` on the owner; the scene relabels when what it shows changes."""
        self._language.set(lang)

    def _on_language_changed(self, _lang: str) -> None:
        """Relabel every item; boxes and curves stay where they are."""
        for sid, item in self.item_for_state.items():
            text, wrapped = self._state_text(sid, self.layout.nodes.get(sid))
            item.set_text(text, wrapped=wrapped)
        for tid, item in self.item_for_transition.items():
            item.set_text(self._trigger_text(tid, self.layout.edges.get(tid)))
        self._place_computed_labels()  # boxes changed size


#: Roles that keep an item at full strength when a session has focus (with
#: the roles of overlays that do not dim, see style.Overlay.dims_with_focus).
_STATE_EMPHASIS = frozenset(
    {
        StateRole.CURRENT,
        StateRole.AVAILABLE_TARGET,
        StateRole.PATH,
        StateRole.PATH_TARGET,
        StateRole.VISITED,
        StateRole.SELECTED,
        StateRole.HOVERED,
    }
)
_TRANSITION_EMPHASIS = frozenset(
    {
        TransitionRole.AVAILABLE,
        TransitionRole.TAKEN,
        TransitionRole.PATH,
        TransitionRole.SELECTED,
        TransitionRole.HOVERED,
    }
)


def _overlay_key(h: Highlight) -> tuple[object, ...]:
    """The parts of a highlight that may restyle any item (a change means a full pass)."""
    return (h.overlays, h.hidden, h.focus, st.OVERLAYS)


class _Marks:
    """The roles the shown overlays give, by id, read from the overlay table once per overlay change."""

    __slots__ = ("key", "states", "transitions", "full_states", "full_transitions")

    def __init__(self, key: tuple[object, ...], highlight: Highlight) -> None:
        self.key = key
        self.states: dict[str, set[StateRole]] = defaultdict(set)
        self.transitions: dict[str, set[TransitionRole]] = defaultdict(set)
        full_states: set[StateRole] = set()
        full_transitions: set[TransitionRole] = set()
        for overlay in st.OVERLAYS:
            by_id, full = ((self.states, full_states) if overlay.marks_states
                           else (self.transitions, full_transitions))
            for item_id in highlight.shown(overlay.name):
                by_id[item_id].add(overlay.role)  # type: ignore[arg-type]
            if not overlay.dims_with_focus:
                full.add(overlay.role)  # type: ignore[arg-type]
        #: Roles that keep their item undimmed under focus.
        self.full_states = frozenset(full_states)
        self.full_transitions = frozenset(full_transitions)


class _Context:
    """Per-apply look-ups derived from a highlight (computed once, not per item)."""

    __slots__ = ("highlight", "marks", "available_targets", "path_states", "path_set")

    def __init__(self, machine: Machine, highlight: Highlight, marks: _Marks) -> None:
        self.highlight = highlight
        self.marks = marks
        self.available_targets = {machine.transition(t).target for t in highlight.available} - {highlight.current}
        self.path_set = frozenset(highlight.path)
        self.path_states: set[str] = set()
        for tid in highlight.path:
            t = machine.transition(tid)
            self.path_states.update((t.source, t.target))
        self.path_states.discard(highlight.current)  # type: ignore[arg-type]
