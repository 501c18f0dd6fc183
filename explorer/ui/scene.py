"""The canvas: a QGraphicsScene of state and transition items drawn from a Layout.

Graphviz's geometry (explorer.layout) is turned into items once; afterwards
highlighting, hover, selection and language changes only restyle or relabel
existing items. Nothing here runs Graphviz.

Each item knows the id it stands for (``StateItem.state_id``,
``TransitionItem.transition_id``) and reports clicks through the scene's
signals, so the window speaks of ids, never of items.
"""

from __future__ import annotations


import math
import re
import textwrap
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Iterator
from functools import lru_cache

from PySide6.QtCore import SIGNAL, QLineF, QPoint, QPointF, QRectF, Qt, QTimer, Signal
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

from explorer import durations, tangle
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
#: Up to this many edges every label gets a home on its own curve at build time; above,
#: Graphviz's places are kept and only parallel edges' labels are kept apart.
_FULL_PLACEMENT_EDGES = 1500
#: Below this text height on screen (pixels) a label drawn 1:1 is a speck: it is not placed.
_TINY_LABEL_PX = 3.0
#: Below this text height on screen (pixels) even a boosted label is a dot: it sits on its
#: curve's midpoint without a search for the best place.
_SPECK_LABEL_PX = 1.0
#: Cell size of the grid that finds label collisions.
_CELL = 64.0
#: Up to this many rectangles, an overlap query reads them all instead of the grid's cells.
_SCAN_ALL = 48
#: Where on an edge (fraction of its length) the step-number badge sits, best first.
_BADGE_SPOTS = (0.3, 0.4, 0.22, 0.5, 0.15, 0.6, 0.7, 0.8)
#: Zoom boosts come in steps, so a slightly different window keeps the same placement.
_BOOST_STEP = 0.25
#: A way out's number badge sits this far (scene units at 1:1, times the boost)
#: from where the edge leaves its state, then further along if that spot is taken.
_NUMBER_BADGE_GAP = 16.0


def label_boost(lod: float, min_px: float = st.MIN_SCREEN_LABEL_PX) -> float:
    """How much larger than its scene size a label that matters (and a badge) is drawn at zoom ``lod``.

    Enough for ``min_px`` on screen (more while presenting), at most MAX_LABEL_BOOST, rounded
    up to steps of _BOOST_STEP: placement depends on this number only, so
    windows of nearly the same size show the same picture.
    """
    if lod <= 0:
        return 1.0
    raw = min_px / (st.EDGE_FONT_PX * lod)
    if raw <= 1.0:
        return 1.0
    return min(math.ceil(raw / _BOOST_STEP - 1e-6) * _BOOST_STEP, st.MAX_LABEL_BOOST)

_CENTER = Qt.AlignmentFlag.AlignCenter
_NORMAL_STATE = frozenset({StateRole.NORMAL})
_NORMAL_TRANSITION = frozenset({TransitionRole.NORMAL})
# Shared by every item that has them: one set per item would cost megabytes at 3,000 states.
_SELF_LOOP = frozenset({TransitionRole.SELF_LOOP})
_NO_ROLES: frozenset[TransitionRole] = frozenset()
# Looked up once: an enum member's look-up is a Python call, and paint runs per item per frame.
_NO_PEN, _NO_BRUSH = Qt.PenStyle.NoPen, Qt.BrushStyle.NoBrush


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
        # Born plain, as the first restyle would make most items: it then skips them.
        self._roles: frozenset[StateRole] = _NORMAL_STATE
        self._style = st.state_style(_NORMAL_STATE)
        self.setZValue(self._style.z)
        #: The hub stubs that stand for this state (drawn in its style).
        self.stubs: list[HubStubItem] = []
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
        for stub in self.stubs:
            stub.update()
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


class _TransitionEvents:
    """Pointing at and clicking a transition, for its edge and for its hub stub alike (both have
    ``transition_id``): hover marks it, a left click on it steps or selects it."""

    transition_id: str

    def hoverEnterEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        if (scene := _live_scene(self)) is not None:  # type: ignore[arg-type]
            scene._item_hovered(self.transition_id, True)

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        if (scene := _live_scene(self)) is not None:  # type: ignore[arg-type]
            scene._item_hovered(self.transition_id, False)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        # As on a state: accepting keeps the view from starting a pan.
        event.setAccepted(event.button() == Qt.MouseButton.LeftButton
                          and _live_scene(self) is not None)  # type: ignore[arg-type]

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        scene = _live_scene(self)  # type: ignore[arg-type]
        if scene is not None and event.button() == Qt.MouseButton.LeftButton \
                and self.contains(event.pos()):  # type: ignore[attr-defined]
            scene.transition_clicked.emit(self.transition_id)


class HubStubItem(_TransitionEvents, QGraphicsItem):
    """Where a transition into a hub ends (View > Hub States as Stubs): a small box named after the hub.

    Drawn in the hub state's current style (colour, final double border), so
    it reads as that state; the state itself is drawn once elsewhere. It
    belongs to its transition: pointing at it or clicking it is pointing at
    or clicking the transition (the session steps along it into the hub),
    and its tooltip is the transition's.
    """

    #: Largest and smallest text size (the layout sized the box for the first).
    FONT_PX, MIN_FONT_PX = 11, 7
    #: The hub's roles that come from the session: a stub shows them only while its own
    #: transition matters (a way out, the path, a step taken, pointed at), so the one stub
    #: of a way out into the hub stands out, not all of them.
    SESSION_ROLES = frozenset({StateRole.CURRENT, StateRole.AVAILABLE_TARGET, StateRole.VISITED, StateRole.PATH,
                               StateRole.PATH_TARGET, StateRole.SELECTED, StateRole.HOVERED,
                               StateRole.DIMMED, StateRole.DIMMED_STRONG})
    LIVE_EDGE_ROLES = frozenset({TransitionRole.AVAILABLE, TransitionRole.TAKEN, TransitionRole.PATH,
                                 TransitionRole.PATH_NEXT, TransitionRole.SELECTED, TransitionRole.HOVERED,
                                 TransitionRole.QUIZ_REVEALED})
    _DIMMING = {TransitionRole.DIMMED: StateRole.DIMMED, TransitionRole.DIMMED_STRONG: StateRole.DIMMED_STRONG}

    def __init__(self, transition: TransitionItem, state: StateItem, geometry: NodeGeometry, text: str) -> None:
        super().__init__()
        self.transition_id = transition.transition_id
        #: The hub state this stub stands for.
        self.hub_id = state.state_id
        self._state = state
        self._edge = transition
        transition.stub = self
        self._rect = QRectF(-geometry.width / 2, -geometry.height / 2, geometry.width, geometry.height)
        self._bounds = self._rect.adjusted(-2, -2, 2, 2)
        self.setPos(geometry.x, geometry.y)
        self.setZValue(8)  # over curves, under the labels that matter
        self.setAcceptHoverEvents(True)
        state.stubs.append(self)
        self.set_text(text)

    @property
    def text(self) -> str:
        return self._text

    @property
    def text_font_px(self) -> int:
        """The pixel size the hub's name is drawn at."""
        return self._font.pixelSize()

    def _text_rect(self) -> QRectF:
        inset = st.FINAL_INSET / 2 if self._state.final else 0.0
        return self._rect.adjusted(3 + inset, 1 + inset, -3 - inset, -1 - inset)

    def set_text(self, text: str) -> None:
        """The hub's name, shrunk (to MIN_FONT_PX) to fit the box Graphviz made for it."""
        area, flags = self._text_rect(), int(_CENTER) | int(Qt.TextFlag.TextWordWrap)
        for px in range(self.FONT_PX, self.MIN_FONT_PX - 1, -1):
            fnt = st.font(px)
            used = QFontMetricsF(fnt).boundingRect(area, flags, text)
            if used.width() <= area.width() + 0.5 and used.height() <= area.height() + 0.5:
                break
        self._font, self._text = fnt, text
        self.update()

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(self._rect, 4, 4)
        return path

    @property
    def roles(self) -> frozenset[StateRole]:
        """The hub's roles as this stub shows them (see :attr:`SESSION_ROLES`)."""
        hub, edge = self._state.roles, self._edge.roles
        if edge & self.LIVE_EDGE_ROLES:
            return hub
        own = (hub - self.SESSION_ROLES) | {self._DIMMING[r] for r in edge if r in self._DIMMING}
        return frozenset(own or {StateRole.NORMAL})

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        s = st.state_style(self.roles)
        painter.setPen(s.pen)
        painter.setBrush(s.brush)
        painter.drawRoundedRect(self._rect, 4, 4)
        if s.overlay_brush is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(s.overlay_brush)
            painter.drawRoundedRect(self._rect, 4, 4)
            painter.setPen(s.pen)
        if self._state.final:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            inset = st.FINAL_INSET / 2
            painter.drawRoundedRect(self._rect.adjusted(inset, inset, -inset, -inset), 3, 3)
        painter.setFont(self._font)
        painter.setPen(s.text_color)
        painter.drawText(self._text_rect(), int(_CENTER) | int(Qt.TextFlag.TextWordWrap), self._text)


class TransitionItem(_TransitionEvents, QGraphicsItem):
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
        self._roles: frozenset[TransitionRole] = _NORMAL_TRANSITION
        self._style = st.transition_style(_NORMAL_TRANSITION)
        self.setZValue(self._style.z)
        self._shape: QPainterPath | None = None
        #: The bounding boxes of the curve's cubic pieces and the arrow, as flat numbers
        #: (left, top, right, bottom, ...); made on the first partial repaint (see _reach).
        self._hulls: tuple[float, ...] | None = None
        #: A thin line from the label to its own curve, when the label had to sit away from it.
        self._leader: QLineF | None = None
        #: Where the taken-step badge and the way-out number badge sit (points on the curve).
        self._badge_center: QPointF | None = None
        self._number_center: QPointF | None = None
        #: The hub stub this transition ends at, if any (it follows this item's roles).
        self.stub: HubStubItem | None = None
        self.setAcceptHoverEvents(True)
        # Paint is told the exposed rect, so an edge that only passes near a repainted spot skips it.
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption)
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

    @property
    def leader(self) -> QLineF | None:
        """The line joining the label to its curve (None: the label touches its curve)."""
        return QLineF(self._leader) if self._leader is not None else None

    def move_label(self, anchor: QPointF, leader: QLineF | None = None) -> None:
        """Put the label's centre at ``anchor``, joined to the curve by ``leader`` if given."""
        if anchor == self._label_anchor and leader == self._leader:
            return
        self.prepareGeometryChange()
        self._label_anchor = QPointF(anchor)
        self._leader = QLineF(leader) if leader is not None else None
        self._place_boxes()  # same text, same sizes: nothing to measure

    def move_badges(self, taken: QPointF | None, number: QPointF | None) -> None:
        """Put the taken-step badge and the way-out number badge at these points of the curve.

        No point for the number: no number badge (its label still starts with the number).
        """
        if taken == self._badge_center and number == self._number_center:
            return
        self.prepareGeometryChange()
        self._badge_center, self._number_center = taken, number
        self._update_bounds()
        self.update()

    def label_box(self, scale: float = 1.0, anchor: QPointF | None = None) -> QRectF:
        """The label box as drawn with the current style, ``scale`` times its scene size, about ``anchor``."""
        full = self._boxes[self._style.bold_label][0]
        out = QRectF(0, 0, full.width() * scale, full.height() * scale)
        out.moveCenter(anchor if anchor is not None else self._label_anchor)
        return out

    def drawn_label_rect(self, lod: float) -> QRectF | None:
        """Where the label box is drawn at zoom ``lod`` (scene units), or None when it is not drawn."""
        if not self._text or not self.label_shown_at(lod):
            return None
        boost = label_boost(lod, _min_label_px(self)) if self._style.boost_label and not _picture(self) else 1.0
        return self.label_box(boost)

    def drawn_badge_rects(self, lod: float) -> list[QRectF]:
        """Where the step badges (taken steps, way-out number) are drawn at zoom ``lod``."""
        boost = label_boost(lod, _min_label_px(self)) if not _picture(self) else 1.0
        out = []
        if self._steps:
            out.append(_scaled(self._badge_rect(), boost))
        if self._number is not None and self._number_center is not None:
            out.append(_scaled(self._number_rect(), boost))
        return out

    def set_text(self, text: str) -> None:
        """Relabel in place; the curve stays where Graphviz put it."""
        self.prepareGeometryChange()
        self._text = text
        self._layout_label()
        self.update()

    @property
    def number(self) -> int | None:
        return self._number

    @property
    def timeout_text(self) -> str | None:
        """The timeout shown in the label's clock row (None: no timeout)."""
        return self._timeout_text

    @property
    def drawn_arrow(self) -> QPolygonF:
        """The arrowhead polygon (item coordinates)."""
        return self._arrow

    @property
    def has_timeout(self) -> bool:
        return self._timeout_text is not None

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
        shown = self._shown_text()
        # Plain then bold, indexed by the style's ``bold_label`` (a tuple: 3,000 small dicts cost megabytes).
        self._sizes = (_label_sizes(shown, self._timeout_text, False), _label_sizes(shown, self._timeout_text, True))
        self._place_boxes()

    def _place_boxes(self) -> None:
        """Put the measured label boxes (plain and bold) around the anchor."""
        anchor = self._label_anchor
        self._boxes = tuple((_box(anchor, full_w, full_h), _box(anchor, mark_w, mark_h))
                            for full_w, full_h, mark_w, mark_h in self._sizes)
        self._update_bounds()

    def label_rect(self, *, bold: bool = False) -> QRectF:
        """The label box at 1:1 (scene units) with the trigger text shown."""
        return QRectF(self._boxes[bold][0])

    def _update_bounds(self) -> None:
        # What is drawn besides the curve and its arrow: labels, badges, the leader line.
        rect = QRectF()
        boost = st.MAX_LABEL_BOOST if self._style.boost_label else 1.0
        for full, mark in self._boxes:
            rect = rect.united(_scaled(full, boost)).united(_scaled(mark, boost))
        if self._steps:
            rect = rect.united(_scaled(self._badge_rect(), st.MAX_LABEL_BOOST))
        if self._number is not None and self._number_center is not None:
            rect = rect.united(_scaled(self._number_rect(), st.MAX_LABEL_BOOST))
        if self._leader is not None:
            rect = rect.united(QRectF(self._leader.p1(), self._leader.p2()).normalized())
        self._extras = rect
        rect = rect.united(self._path.boundingRect()).united(self._arrow.boundingRect())
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
        if self.stub is not None:
            self.stub.update()
        return True

    def label_shown_at(self, lod: float) -> bool:
        """Whether the trigger label is drawn at zoom level ``lod`` (the level-of-detail rule).

        Labels that matter now always show; the others when zoomed in, when
        the scene shows all labels, and never in a picture that did not ask
        for all labels (a picture has no zoom to reveal them). History labels, drawn
        1:1, are left out where they would be specks (their step badges show).
        """
        scene = self.scene()
        if self._style.always_label:
            return (self._style.boost_label or lod * st.EDGE_FONT_PX >= _TINY_LABEL_PX
                    or not isinstance(scene, GraphScene) or scene.all_labels or scene.rendering_picture)
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

    def _reach(self, exposed: QRectF, lod: float) -> int:
        """What of this edge a repaint of ``exposed`` (item coordinates) must draw.

        Qt repaints every item whose bounding rect meets the repainted area; a long
        edge's rect meets most small areas it never passes through (a step's repaint
        at 3,000 states met over a thousand of them), so the answer is worked out from
        plain numbers, without a call into Qt: a sum of 1 (the curve), 2 (the arrow) and
        4 (a label, badge or leader line); 7 is everything. Generous: a cubic piece counts
        as its control points' bounding box (which holds the curve).
        """
        if exposed.isEmpty():
            return 7
        pad = self._style.pen.widthF() / 2 + 3.0 / max(lod, 1e-6)  # the stroke and its antialiasing
        left, top = exposed.left() - pad, exposed.top() - pad
        right, bottom = exposed.right() + pad, exposed.bottom() + pad
        b = self._bounds
        if left <= b.left() and top <= b.top() and right >= b.right() and bottom >= b.bottom():
            return 7  # the whole edge is repainted (a full frame): no test pays off
        e = self._extras
        if not e.isNull() and e.left() <= right and e.right() >= left and e.top() <= bottom and e.bottom() >= top:
            return 7
        hulls = self._hulls
        if hulls is None:
            hulls = self._hulls = _piece_boxes(self._path, self._arrow)
        n = len(hulls) - 4  # the last box is the arrow's
        reach = 2 if (hulls[n] <= right and hulls[n + 2] >= left
                      and hulls[n + 1] <= bottom and hulls[n + 3] >= top) else 0
        for i in range(0, n, 4):
            if hulls[i] <= right and hulls[i + 2] >= left and hulls[i + 1] <= bottom and hulls[i + 3] >= top:
                return reach | 1
        return reach

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None) -> None:
        lod = QStyleOptionGraphicsItem.levelOfDetailFromTransform(painter.worldTransform())
        reach = self._reach(option.exposedRect, lod)
        if not reach:
            return
        s = self._style
        if reach & 1:
            painter.setPen(s.pen)
            painter.setBrush(_NO_BRUSH)
            painter.drawPath(self._path)
        if reach & 2:
            painter.setPen(_NO_PEN)
            painter.setBrush(s.arrow_brush)
            painter.drawPolygon(self._arrow)
        if reach != 7:
            return  # the repaint passes through the curve or arrow only: labels and badges lie elsewhere

        show_text = bool(self._text) and self.label_shown_at(lod)
        if show_text and self._leader is not None:
            painter.setPen(st.leader_pen(s.pen.color()))
            painter.drawLine(self._leader)
        if self._steps:
            self._paint_badge(painter, lod)
        if self._number is not None and self._number_center is not None:
            self._paint_number(painter, lod)
        if not show_text and not (s.show_timeout_mark and self._timeout_text is not None):
            return
        boost = 1.0
        if s.boost_label and not _picture(self):
            boost = label_boost(lod, _min_label_px(self))
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

    def badge_size(self, text: str) -> tuple[float, float]:
        """Width and height of a step badge showing ``text``, at 1:1."""
        metrics = QFontMetricsF(st.font(st.EDGE_FONT_PX, True))
        h = metrics.height() + 2
        return max(h, metrics.horizontalAdvance(text) + 8), h

    def _badge_rect(self) -> QRectF:
        rect = QRectF(0, 0, *self.badge_size(self._badge_text()))
        rect.moveCenter(self._badge_center if self._badge_center is not None
                        else self._path.pointAtPercent(_BADGE_SPOTS[0]))
        return rect

    def _number_rect(self) -> QRectF:
        rect = QRectF(0, 0, *self.badge_size(str(self._number)))
        rect.moveCenter(self._number_center if self._number_center is not None else self._path.pointAtPercent(0.1))
        return rect

    def _paint_number(self, painter: QPainter, lod: float) -> None:
        """The way-out number on the curve itself, in the ways-out colour: "press 3" finds its arrow."""
        rect = self._number_rect()
        boost = label_boost(lod, _min_label_px(self)) if not _picture(self) else 1.0
        painter.save()
        c = rect.center()
        painter.translate(c)
        painter.scale(boost, boost)
        painter.translate(-c)
        painter.setPen(st.badge_pen())
        painter.setBrush(self._style.arrow_brush if TransitionRole.AVAILABLE in self._roles else st.badge_brush())
        painter.drawRoundedRect(rect, rect.height() / 2, rect.height() / 2)
        painter.setFont(st.font(st.EDGE_FONT_PX, True))
        painter.setPen(Palette.paper)
        painter.drawText(rect, int(_CENTER), str(self._number))
        painter.restore()

    def _paint_badge(self, painter: QPainter, lod: float) -> None:
        rect = self._badge_rect()
        painter.save()
        boost = label_boost(lod, _min_label_px(self)) if not _picture(self) else 1.0
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


@lru_cache(maxsize=1 << 16)
def _label_sizes(shown: str, timeout_text: str | None, bold: bool) -> tuple[float, float, float, float]:
    """Width and height of a label box and of its clock-only box, at 1:1.

    Measured once per distinct text (the house fonts never change while running):
    measuring is half of building a big scene, and labels move without changing size.
    """
    metrics = QFontMetricsF(st.font(st.EDGE_FONT_PX, bold))
    text_size = metrics.boundingRect(QRectF(), int(_CENTER), shown).size() if shown else None
    clock_w = 0.0
    if timeout_text is not None:
        clock_w = _CLOCK_SIZE + 3 + metrics.horizontalAdvance(timeout_text)
    row_h = metrics.height()
    w = max(text_size.width() if text_size else 0.0, clock_w)
    h_full = (text_size.height() if text_size else 0.0) + (row_h if timeout_text is not None else 0.0)
    return w + 2 * _LABEL_PAD_X, h_full + 2 * _LABEL_PAD_Y, clock_w + 2 * _LABEL_PAD_X, row_h + 2 * _LABEL_PAD_Y


def _bezier_path(points: tuple[tuple[float, float], ...]) -> QPainterPath:
    path = QPainterPath(QPointF(*points[0]))
    for i in range(1, len(points) - 2, 3):
        path.cubicTo(QPointF(*points[i]), QPointF(*points[i + 1]), QPointF(*points[i + 2]))
    return path


def _piece_boxes(path: QPainterPath, arrow: QPolygonF) -> tuple[float, ...]:
    """The bounding boxes of ``path``'s pieces (control points included) and of ``arrow``, flat."""
    out: list[float] = []
    count = path.elementCount()
    prev = path.elementAt(0) if count else None
    i = 1
    while i < count and prev is not None:
        e = path.elementAt(i)
        if e.type == QPainterPath.ElementType.CurveToElement and i + 2 < count:
            pts = (prev, e, path.elementAt(i + 1), path.elementAt(i + 2))
            i += 3
        else:
            pts = (prev, e)
            i += 1
        xs, ys = [p.x for p in pts], [p.y for p in pts]
        out += (min(xs), min(ys), max(xs), max(ys))
        prev = pts[-1]
    box = arrow.boundingRect()
    out += (box.left(), box.top(), box.right(), box.bottom())
    return tuple(out)


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


class _RectGrid:
    """Rectangles (each with an owner id) by grid cell, so overlap look-ups stay local.

    Kept as plain (left, top, right, bottom) numbers besides the QRectF: a step asks a few
    thousand overlaps, and Python arithmetic is cheaper than a call into Qt for each.
    """

    __slots__ = ("rects", "_boxes", "_grid", "_cell")

    def __init__(self, cell: float = _CELL) -> None:
        #: Cell size: big for rectangles that are big and many (states), so a query reads few cells.
        self._cell = cell
        self.rects: list[tuple[QRectF, str]] = []
        self._boxes: list[tuple[float, float, float, float]] = []
        self._grid: dict[tuple[int, int], list[int]] = defaultdict(list)

    def add(self, rect: QRectF, owner: str = "") -> None:
        self.rects.append((rect, owner))
        self._boxes.append((rect.left(), rect.top(), rect.right(), rect.bottom()))
        for cell in _cells(rect, self._cell):
            self._grid[cell].append(len(self.rects) - 1)

    def _near(self, left: float, top: float, right: float, bottom: float) -> set[int]:
        grid, size = self._grid, self._cell
        found: set[int] = set()
        for gx in range(int(left // size), int(right // size) + 1):
            for gy in range(int(top // size), int(bottom // size) + 1):
                ids = grid.get((gx, gy))
                if ids:
                    found.update(ids)
        return found

    def _hits(self, rect: QRectF) -> set[int]:
        return {i for cell in _cells(rect, self._cell) for i in self._grid.get(cell, ())
                if rect.intersects(self.rects[i][0])}

    def overlap(self, rect: QRectF, skip: Collection[str] = ()) -> float:
        """Area of ``rect`` covered by the rectangles (those of owners in ``skip`` left out)."""
        left, top, right, bottom = rect.left(), rect.top(), rect.right(), rect.bottom()
        area = 0.0
        boxes = self._boxes
        if len(boxes) <= _SCAN_ALL and not skip:
            # A step's few placed boxes: one pass over them beats collecting grid cells.
            for ol, ot, orr, ob in boxes:
                if orr <= left or ol >= right or ob <= top or ot >= bottom:
                    continue  # beside it (the common case, decided without arithmetic)
                w = (right if right < orr else orr) - (left if left > ol else ol)
                h = (bottom if bottom < ob else ob) - (top if top > ot else ot)
                if w > 0 and h > 0:
                    area += w * h
            return area
        for i in sorted(self._near(left, top, right, bottom)):
            ol, ot, orr, ob = boxes[i]
            if orr <= left or ol >= right or ob <= top or ot >= bottom:
                continue
            w = (right if right < orr else orr) - (left if left > ol else ol)
            h = (bottom if bottom < ob else ob) - (top if top > ot else ot)
            if w > 0 and h > 0 and (not skip or self.rects[i][1] not in skip):
                area += w * h
        return area

    def owners_hit(self, rect: QRectF) -> set[str]:
        return {self.rects[i][1] for i in self._hits(rect)}

    def within(self, left: float, top: float, right: float, bottom: float) -> tuple[tuple[float, ...], ...]:
        """The rectangles that overlap the region (as numbers, in the order added).

        Everything :meth:`overlap` can say about a box inside the region follows from
        these, so the same answer twice means the same overlaps for every such box.
        """
        boxes = self._boxes
        near = range(len(boxes)) if len(boxes) <= _SCAN_ALL else sorted(self._near(left, top, right, bottom))
        out = []
        for i in near:
            box = boxes[i]
            if min(right, box[2]) > max(left, box[0]) and min(bottom, box[3]) > max(top, box[1]):
                out.append(box)
        return tuple(out)


#: A place for a label or badge: [centre, box, leader line (or the curve point it starts at) or None,
#: static cost or None, ring,
#: curves crossing or None]. The static cost (hard overlap area, touches its own curve) and the
#: curves crossing ((count, exact): counted only as far as needed) depend on states and
#: curves only, which never move, so they are computed once, when first needed.
_Spot = list


class _Spots:
    """The places tried for one label or badge at one size, best first, made as they are asked for."""

    __slots__ = ("made", "_more")

    def __init__(self, more: Iterator[_Spot]) -> None:
        self.made: list[_Spot] = []
        self._more: Iterator[_Spot] | None = more

    def __iter__(self) -> Iterator[_Spot]:
        i = 0
        while True:
            if i == len(self.made):
                if self._more is None:
                    return
                spot = next(self._more, None)
                if spot is None:
                    self._more = None
                    return
                self.made.append(spot)
            yield self.made[i]
            i += 1


class _Placer:
    """Places labels on their own curves and badges on them, away from states, curves and each other.

    A label is tried at a few points of its own curve (centred on the curve,
    then beside it on each side, touching it); the first place that covers no
    state, lies on no other curve and is free of what was placed before wins
    (an early exit: usually the first). When there is none, the label goes to
    the nearest free place around its curve with a leader line to it. Costs
    that depend on states and curves are cached per label and size, so a
    step re-checks only the few labels and badges placed in it.
    """

    #: Where along its curve a label is tried, best first.
    SPOTS = (0.5, 0.38, 0.62, 0.26, 0.74, 0.15, 0.85, 0.08, 0.92)
    #: Where a label that needs a leader line is tried from.
    LEADER_SPOTS = (0.5, 0.3, 0.7, 0.15, 0.85)
    #: How far another curve must stay from a label box (the flattened curves are this accurate).
    CLEARANCE = 3.0
    #: Chord of the flattened curves, in scene units.
    CHORD = 16.0

    def __init__(self, scene: GraphScene) -> None:
        self._scene = scene
        self.bounds = scene.sceneRect()
        self._states = _RectGrid(4 * _CELL)
        for sid, item in scene.item_for_state.items():
            self._states.add(item.mapRectToScene(item.shape().boundingRect()).adjusted(-3, -3, 3, 3), sid)
        for tid, stub in scene.item_for_stub.items():  # a stub is a state box to labels
            self._states.add(stub.mapRectToScene(stub.shape().boundingRect()).adjusted(-3, -3, 3, 3), tid)
        self._lines: dict[str, list[tuple[float, float]]] = {}
        self._segments: dict[tuple[int, int], list[tuple[str, float, float, float, float]]] | None = None
        self._spots: dict[tuple[object, ...], _Spots] = {}
        #: The last answer per place key: (region, boxes taken in it, answer); see _recall.
        self._decided: dict[tuple[object, ...], tuple[tuple[float, ...], tuple[object, ...], object]] = {}
        # Big scenes try fewer places: a step must stay cheap, and their labels are few at a time.
        small = len(scene.item_for_transition) <= _FULL_PLACEMENT_EDGES
        self._big = not small
        self._spots_at = self.SPOTS if small else self.SPOTS[:3]
        self._leader_at = self.LEADER_SPOTS if small else self.LEADER_SPOTS[:3]
        self._rings = 6 if small else 2

    # -- curves ----------------------------------------------------------------------

    def line(self, tid: str) -> list[tuple[float, float]]:
        """``tid``'s curve flattened, as in :func:`explorer.tangle.bezier_polyline`."""
        line = self._lines.get(tid)
        if line is None:
            geometry = self._scene.layout.edges.get(tid)
            line = tangle.bezier_polyline(geometry.path, self.CHORD) if geometry is not None else []
            self._lines[tid] = line
        return line

    def _segment_grid(self) -> dict[tuple[int, int], list[tuple[str, float, float, float, float]]]:
        # Built on first use: a scene that never shows a label that matters never pays for it.
        # Each cell holds its segments' ends as numbers: a query reads them with no look-up.
        if self._segments is None:
            grid: dict[tuple[int, int], list[tuple[str, float, float, float, float]]] = defaultdict(list)
            for tid in self._scene.item_for_transition:
                line = self.line(tid)
                for i in range(len(line) - 1):
                    # The cells the segment passes through, not its bounding box's (quadratic in length).
                    (x1, y1), (x2, y2) = line[i], line[i + 1]
                    segment = (tid, x1, y1, x2, y2)
                    for cell in tangle.segment_cells(line[i], line[i + 1], _CELL):
                        grid[cell].append(segment)
            self._segments = grid
        return self._segments

    def curves_crossing(self, rect: QRectF, own: str, limit: int | None = None) -> int:
        """How many curves other than ``own`` come within CLEARANCE of ``rect``.

        With a ``limit``, counting stops once the count is past it (the answer is then
        ``limit + 1``, a lower bound): a place that can no longer win needs no exact count.
        """
        c = self.CLEARANCE
        left, top, right, bottom = rect.left() - c, rect.top() - c, rect.right() + c, rect.bottom() + c
        grid = self._segment_grid()
        found: set[str] = set()
        hits = tangle.segment_hits_rect
        for gx in range(int(left // _CELL), int(right // _CELL) + 1):
            for gy in range(int(top // _CELL), int(bottom // _CELL) + 1):
                for tid, x1, y1, x2, y2 in grid.get((gx, gy), ()):
                    # Most segments of a cell pass beside the box: their ends on one side say so.
                    if ((x1 < left and x2 < left) or (x1 > right and x2 > right)
                            or (y1 < top and y2 < top) or (y1 > bottom and y2 > bottom)
                            or tid == own or tid in found):
                        continue
                    if hits((x1, y1), (x2, y2), left, top, right, bottom):
                        found.add(tid)
                        if limit is not None and len(found) > limit:
                            return len(found)
        return len(found)

    def _crossing(self, spot: _Spot, own: str, limit: int | None) -> int:
        """``curves_crossing`` of a spot's box, counted once (exactly or up to ``limit``) and kept."""
        known = spot[5]
        if known is not None and (known[1] or (limit is not None and known[0] > limit)):
            return int(known[0])
        value = self.curves_crossing(spot[1], own, limit)
        spot[5] = (value, limit is None or value <= limit)
        return value

    def _leader_to(self, box: QRectF, tid: str) -> QLineF:
        """A line from the point of ``tid``'s curve nearest to ``box`` to the box's outline."""
        line = self.line(tid)
        cx, cy = box.center().x(), box.center().y()
        nearest = min(line, key=lambda p: (p[0] - cx) ** 2 + (p[1] - cy) ** 2)
        p = QPointF(*nearest)
        return QLineF(p, _nearest_on_rect(box, p))

    def touches_own(self, rect: QRectF, own: str) -> bool:
        r = rect.adjusted(-1, -1, 1, 1)
        left, top, right, bottom = r.left(), r.top(), r.right(), r.bottom()
        line = self.line(own)
        for i in range(len(line) - 1):
            (x1, y1), (x2, y2) = p, q = line[i], line[i + 1]
            if ((x1 < left and x2 < left) or (x1 > right and x2 > right)
                    or (y1 < top and y2 < top) or (y1 > bottom and y2 > bottom)):
                continue
            if tangle.segment_hits_rect(p, q, left, top, right, bottom):
                return True
        return False

    def _hard(self, rect: QRectF) -> float:
        inside = rect.intersected(self.bounds)
        # Covering a state is far worse than running off the picture's edge (a pan shows it,
        # and a view zoomed in to follow the session shows more than the picture around it).
        area = rect.width() * rect.height() - inside.width() * inside.height() + 100 * self._states.overlap(rect)
        return area if area > 0.01 else 0.0  # not a rounding error's worth

    # -- labels ----------------------------------------------------------------------

    def _label_spots(self, item: TransitionItem, w: float, h: float, home: QPointF | None) -> Iterator[_Spot]:
        path, tid = item.path, item.transition_id
        if home is not None:  # Graphviz's own place first: the layout made room for it
            box = _box(home, w, h)
            yield [home, box, self._leader_to(box, tid), None, 0, None]
        # Beside the curve, a box edge passes 2 units inside the point, so the box touches the curve.
        dx, dy = w / 2 - 2, h / 2 - 2
        big = self._big
        for t in self._spots_at:
            p = path.pointAtPercent(t)
            for ox, oy in ((0.0, 0.0), (0.0, -dy), (0.0, dy), (dx, 0.0), (-dx, 0.0)):
                if big and t != 0.5 and ox:
                    continue  # big scenes: beside the curve only at its middle (a step must stay cheap)
                anchor = QPointF(p.x() + ox, p.y() + oy)
                yield [anchor, _box(anchor, w, h), None, None, 0, None]
        # Nearest rings first, so a leader line stays as short as it can.
        leader_points = [path.pointAtPercent(t) for t in self._leader_at]
        for k in range(1, self._rings + 1):
            for p in leader_points:
                rx, ry = w / 2 + 6 + (k - 1) * w * 0.6, h / 2 + 6 + (k - 1) * (h + 4)
                for ux, uy in ((0, -1), (0, 1), (1, 0), (-1, 0), (1, -1), (-1, 1), (1, 1), (-1, -1)):
                    anchor = QPointF(p.x() + ux * rx, p.y() + uy * ry)
                    # The leader's start on the curve; the line itself is drawn up when the place wins.
                    yield [anchor, _box(anchor, w, h), p, None, k, None]

    @staticmethod
    def _label_key(item: TransitionItem, scale: float, home: QPointF | None) -> tuple[object, ...]:
        full = item.label_box(1.0)
        w, h = full.width() * scale, full.height() * scale
        return ("label", item.transition_id, round(w, 1), round(h, 1),
                None if home is None else (home.x(), home.y()))

    @staticmethod
    def _badge_key(item: TransitionItem, kind: str, w: float, h: float) -> tuple[object, ...]:
        return ("badge", kind, item.transition_id, round(w, 1), round(h, 1))

    def place(self, item: TransitionItem, scale: float, taken: Callable[[QRectF], float],
              home: QPointF | None = None) -> tuple[QPointF, QRectF, QLineF | None]:
        """The best place for ``item``'s label drawn ``scale`` times its size; ``taken`` says how
        much of a box is covered by what was placed before."""
        full = item.label_box(1.0)
        w, h = full.width() * scale, full.height() * scale
        key = self._label_key(item, scale, home)
        spots = self._spots.get(key)
        if spots is None:
            spots = self._spots[key] = _Spots(self._label_spots(item, w, h, home))
        best: tuple[tuple[float, ...], _Spot] | None = None
        ring: tuple[int, float, _Spot | None] = (0, 0.0, None)  # ring, crossings, free place with a leader
        for index, spot in enumerate(spots):
            if spot[4] != ring[0]:
                if ring[2] is not None:
                    # With a leader line the owner is plain, so a near place with another
                    # curve under it beats a far one with none (a long line is hard to follow).
                    return _answer(ring[2])
                ring = (spot[4], 0.0, None)
            if spot[3] is None:
                # Places on the curve touch it by construction; leader places are checked
                # below, only when they could still win.
                spot[3] = (self._hard(spot[1]), True if spot[2] is None else None)
            hard, touches = spot[3]
            covered = hard + 4 * taken(spot[1])
            if covered >= 0.01 and best is not None and covered > best[0][0]:
                continue  # more covered than the best so far: cannot win, whatever else holds
            if touches is None:
                touches = self.touches_own(spot[1], item.transition_id)
                if touches:
                    spot[2] = None  # a leader place that touches the curve after all needs no line
                spot[3] = (hard, touches)
            if not touches and spot[2] is None:
                continue  # neither on its curve nor joined to it
            # Counting the curves under a box is the dear part: count only as far as
            # could still make this place win (the same choice as counting them all).
            limits: list[int | None] = []
            if covered < 0.01:
                limits.append(0)  # free: wins at once with no curve under it
                if spot[2] is not None:
                    limits.append(None if ring[2] is None else int(ring[1]) - 1)
            if best is None or covered < best[0][0]:
                limits.append(None)
            elif covered == best[0][0]:
                flag, most = int(best[0][1]), int(best[0][2])
                if spot[2] is not None:
                    limits.append(None if flag else most - 1)
                else:
                    limits.append(most - 1 if flag else (0 if most > 0 else -1))
            if all(limit is not None and limit < 0 for limit in limits):
                continue  # cannot win, whatever lies under it
            crossing = self._crossing(spot, item.transition_id,
                                      None if None in limits else max(x for x in limits if x is not None))
            if covered < 0.01 and crossing == 0:
                return _answer(spot)
            if covered < 0.01 and spot[2] is not None and (ring[2] is None or crossing < ring[1]):
                ring = (ring[0], float(crossing), spot)
            # On another curve, a label without a leader line is taken for that curve's.
            rank = (covered, float(crossing > 0 and spot[2] is None), float(crossing), float(index))
            if best is None or rank < best[0]:
                best = (rank, spot)
        assert best is not None
        return _answer(best[1])

    # -- badges --------------------------------------------------------------------------

    def _badge_spots(self, item: TransitionItem, kind: str, w: float, h: float, scale: float) -> Iterator[_Spot]:
        path = item.path
        if kind == "number":
            # Near where the edge leaves its state, so the number reads as "this way out".
            length = path.length()
            fractions: Iterable[float] = [
                path.percentAtLength(min(_NUMBER_BADGE_GAP * scale + w / 2 + k * (w + 4), 0.9 * length))
                for k in range(6)
            ]
        else:
            fractions = _BADGE_SPOTS
        # Short curves: anywhere along them, before giving up.
        fractions = [*fractions, *(k / 10 for k in range(1, 10))]
        for t in fractions:
            c = path.pointAtPercent(t)
            box = _box(c, w, h)
            yield [c, box, None, (self._hard(box), 0, True), 0]

    def place_badge(self, item: TransitionItem, kind: str, w: float, h: float, scale: float,
                    taken: Callable[[QRectF], float]) -> tuple[QPointF, QRectF, bool]:
        """A point on ``item``'s curve for a badge of ``w`` x ``h`` (already scaled) clear of states and
        ``taken``, and whether it is clear; else the place that covers least (other badges count most)."""
        key = self._badge_key(item, kind, w, h)
        spots = self._spots.get(key)
        if spots is None:
            spots = self._spots[key] = _Spots(self._badge_spots(item, kind, w, h, scale))
        best: tuple[float, _Spot] | None = None
        for spot in spots:
            covered = spot[3][0] + 100 * taken(spot[1])
            if covered < 0.01:
                return spot[0], spot[1], True
            if best is None or covered < best[0]:
                best = (covered, spot)
        assert best is not None
        return best[1][0], best[1][1], False

    # -- the same question again --------------------------------------------------------

    def _recall(self, key: tuple[object, ...], taken: _RectGrid) -> object | None:
        """The answer given for ``key`` last time, if what is taken around its places is the same."""
        known = self._decided.get(key)
        if known is not None and taken.within(*known[0]) == known[1]:
            return known[2]
        return None

    def _remember(self, key: tuple[object, ...], taken: _RectGrid, answer: object) -> None:
        # Every place tried so far lies inside this region; a decision reads ``taken`` only there.
        made = self._spots[key].made
        region = (min(s[1].left() for s in made), min(s[1].top() for s in made),
                  max(s[1].right() for s in made), max(s[1].bottom() for s in made))
        self._decided[key] = (region, taken.within(*region), answer)

    def place_among(self, item: TransitionItem, scale: float,
                    taken: _RectGrid) -> tuple[QPointF, QRectF, QLineF | None]:
        """:meth:`place` against the boxes in ``taken``, answered from memory when nothing near changed.

        A step re-places every label that matters, but most of them (the walk's history) see the
        same boxes around them as in the step before: the answer is then the same, and costs
        one look at the grid instead of a search.
        """
        key = self._label_key(item, scale, None)
        answer = self._recall(key, taken)
        if answer is None and self._big:
            # Big scenes: a label whose last place is still clear of what was placed before
            # stays there (a new box elsewhere cannot make another place better; only a box
            # taken away could), so only labels whose own place was taken are searched again.
            known = self._decided.get(key)
            if known is not None and taken.overlap(known[2][1]) < 0.01:  # type: ignore[index]
                answer = known[2]
                self._remember(key, taken, answer)
        if answer is None:
            answer = self.place(item, scale, taken.overlap)
            self._remember(key, taken, answer)
        return answer  # type: ignore[return-value]

    def place_badge_among(self, item: TransitionItem, kind: str, w: float, h: float, scale: float,
                          taken: _RectGrid) -> tuple[QPointF, QRectF, bool]:
        """:meth:`place_badge` against the boxes in ``taken``, remembered as :meth:`place_among`."""
        key = self._badge_key(item, kind, w, h)
        answer = self._recall(key, taken)
        if answer is None:
            answer = self.place_badge(item, kind, w, h, scale, taken.overlap)
            self._remember(key, taken, answer)
        return answer  # type: ignore[return-value]

    def forget(self) -> None:
        """Drop cached places (label sizes or scene bounds changed)."""
        self._spots.clear()
        self._decided.clear()
        self.bounds = self._scene.sceneRect()


def _answer(spot: _Spot) -> tuple[QPointF, QRectF, QLineF | None]:
    """A chosen place as (centre, box, leader line or None)."""
    leader = spot[2]
    if isinstance(leader, QPointF):  # a leader from this point of the curve to the box
        leader = QLineF(leader, _nearest_on_rect(spot[1], leader))
    return spot[0], spot[1], leader


def _box(center: QPointF, w: float, h: float) -> QRectF:
    box = QRectF(0, 0, w, h)
    box.moveCenter(center)
    return box


def _nearest_on_rect(rect: QRectF, p: QPointF) -> QPointF:
    """The point of ``rect``'s outline nearest to ``p`` (outside the rectangle)."""
    return QPointF(min(max(p.x(), rect.left()), rect.right()), min(max(p.y(), rect.top()), rect.bottom()))


def _cells(r: QRectF, size: float = _CELL) -> Iterable[tuple[int, int]]:
    for gx in range(int(r.left() // size), int(r.right() // size) + 1):
        for gy in range(int(r.top() // size), int(r.bottom() // size) + 1):
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


class _AsBuilt:
    """A transition's label as built (plain, no way-out number), for placing its home later.

    Placing reads only the id, the curve and the box size; the item itself may be
    restyled (bold) or numbered by then, which changes its box.
    """

    __slots__ = ("transition_id", "path", "_w", "_h")

    def __init__(self, item: TransitionItem) -> None:
        self.transition_id = item.transition_id
        self.path = item.path
        self._w, self._h = _label_sizes(item.text, item.timeout_text, False)[:2]

    def label_box(self, scale: float = 1.0, anchor: QPointF | None = None) -> QRectF:
        return _box(anchor if anchor is not None else QPointF(), self._w * scale, self._h * scale)


#: How long after the first paint the homes of labels not shown yet are placed (ms).
_IDLE_PLACEMENT_MS = 100

#: The deepest BSP index a scene gets (see GraphScene._bound_index).
_MAX_BSP_DEPTH = 10


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
                 language: ContentLanguage | None = None, lazy_labels: bool = False) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        #: Place the homes of labels not shown yet after the first paint (the window; see _place_pending_labels).
        self._lazy_labels = lazy_labels
        self.machine = machine
        self.layout = layout
        self._language = language if language is not None else ContentLanguage(machine, lang, parent=self)
        self._language.changed.connect(self._on_language_changed)
        self.item_for_state: dict[str, StateItem] = {}
        self.item_for_transition: dict[str, TransitionItem] = {}
        #: Hub stubs by the id of the transition that ends at them (see :class:`HubStubItem`).
        self.item_for_stub: dict[str, HubStubItem] = {}
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
        # re-indexes items; for a static drawing the BSP index is right (its depth
        # capped on big scenes, see _bound_index).
        self.setBackgroundBrush(Palette.paper)
        self._bound_index(len(layout.nodes) + len(layout.edges) + len(layout.stubs))
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

    def _bound_index(self, items: int) -> None:
        """Cap the depth of Qt's BSP index for big scenes (memory; lookups stay as fast).

        Qt picks a depth of log2(items) (15 at 5,000 states), and every item is
        listed in each leaf its bounding rect meets: long edges, whose rects span
        much of a big scene, then fill tens of thousands of leaves (130 MiB at
        5,000 random states, built at the first paint). At depth 10 the index of
        3,000-5,000 states answers point and rect queries as fast as at Qt's
        depth. Small scenes keep Qt's choice.
        """
        if items > 1 << _MAX_BSP_DEPTH:
            self.setBspTreeDepth(_MAX_BSP_DEPTH)
        # A device-coordinate cache keeps a bitmap per state and zoom (about 7 KiB a
        # state at a fitted zoom: 20 MiB at 3,000 states). Worth it on small machines;
        # on big ones a restyle redraws the state anyway, and a fitted view paints
        # states a few pixels wide.
        self._state_cache = (QGraphicsItem.CacheMode.NoCache if items > 1 << _MAX_BSP_DEPTH
                             else QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def _build(self) -> None:
        m, lay = self.machine, self.layout
        for state in m.states:
            geometry = lay.nodes.get(state.id)
            if geometry is None:  # a neighbourhood layout draws only some states
                continue
            text, wrapped = self._state_text(state.id, geometry)
            item = StateItem(state, geometry, text, wrapped=wrapped)
            if self._state_cache != QGraphicsItem.CacheMode.DeviceCoordinateCache:
                item.setCacheMode(self._state_cache)
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
            self._build_stub(t)
        margin = 24.0
        # Labels are placed inside the laid-out area (a fitted view would cut off the rest).
        self.setSceneRect(QRectF(0, 0, lay.width, lay.height).adjusted(-margin, -margin, margin, margin))
        self._placer = _Placer(self)
        #: Where each label sits when it does not matter now, and the boxes there (None: big scenes).
        self._home: dict[str, tuple[QPointF, QLineF | None]] = {}
        self._homes: _RectGrid | None = None
        #: Where the placer looked for homes (the laid-out area), kept for homes placed later.
        self._home_bounds = QRectF(self._placer.bounds)
        # The window's first paint shows only the labels that matter (placed by apply): the
        # other homes, most of a small scene's build, are placed after it (or when needed).
        self._homes_pending = self._lazy_labels and len(self.item_for_transition) <= _FULL_PLACEMENT_EDGES
        self._idle_placement_due = False
        if not self._homes_pending:
            self._place_computed_labels()
        #: Labels placed away from home by the last placement, and edges that got badges.
        self._moved: set[str] = set()
        self._badged: set[str] = set()
        self._placed_for: tuple[object, ...] | None = None
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
            tid: _SELF_LOOP if m.transition(tid).is_self_loop else _NO_ROLES
            for tid in self.item_for_transition
        }
        rect = QRectF(0, 0, lay.width, lay.height).united(self.itemsBoundingRect())
        self.setSceneRect(rect.adjusted(-margin, -margin, margin, margin))
        self._placer.forget()

    def _build_stub(self, t: Transition) -> None:
        """The stub ``t``'s curve ends at, when the layout drew its target as one."""
        geometry, hub = self.layout.stubs.get(t.id), self.item_for_state.get(t.target)
        if geometry is None or hub is None:
            return
        edge = self.item_for_transition[t.id]
        stub = HubStubItem(edge, hub, geometry, self.machine.state_label(t.target, self.lang))
        self.addItem(stub)
        self.item_for_stub[t.id] = stub

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
        """Give every label a home at 1:1: on its own curve, clear of states, other curves and labels.

        Graphviz's place is kept where it is all that (the layout made room
        for it); otherwise the label goes elsewhere on its curve or, failing
        that, beside it with a leader line (see :class:`_Placer`). So with
        all labels shown, each one reads as its own edge's. Big scenes keep
        Graphviz's places and only keep parallel edges' labels apart: their
        calm labels show only when zoomed in, and a scene must build in a
        fraction of a second.
        """
        items = list(self.item_for_transition.values())
        if len(items) <= _FULL_PLACEMENT_EDGES:
            homes = _RectGrid()
            for item in items:
                home = item.label_anchor if item.label_from_layout else None
                anchor, rect, leader = self._placer.place(item, 1.0, homes.overlap, home)
                item.move_label(anchor, leader)
                homes.add(rect.adjusted(-2, -2, 2, 2), item.transition_id)
                self._home[item.transition_id] = (anchor, leader)
            self._homes = homes
            return
        computed = [item for item in items if not item.label_from_layout]
        if len(computed) > _FULL_PLACEMENT_EDGES:
            by_pair: dict[frozenset[str], list[TransitionItem]] = defaultdict(list)
            for item in computed:
                t = self.machine.transition(item.transition_id)
                by_pair[frozenset((t.source, t.target))].append(item)
            for group in by_pair.values():
                if len(group) > 1:
                    _place_labels(group, [], _LABEL_SPOTS[:3])
            self._home = {tid: (item.label_anchor, None) for tid, item in self.item_for_transition.items()}
            return
        obstacles = [s.mapRectToScene(s.shape().boundingRect()).adjusted(-3, -3, 3, 3)
                     for s in self.item_for_state.values()]
        obstacles += [item.label_rect(bold=True) for item in self.item_for_transition.values()
                      if item.label_from_layout]
        _place_labels(computed, obstacles, _LABEL_SPOTS)
        self._home = {tid: (item.label_anchor, None) for tid, item in self.item_for_transition.items()}

    # -- homes placed after the first paint ---------------------------------------------

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 (Qt override)
        super().drawForeground(painter, rect)
        if self._homes_pending and not self._idle_placement_due:
            # Soon after the first paint, not before it: a zoom, hover or export that needs
            # the homes earlier places them at once (see _place_emphasised_labels).
            self._idle_placement_due = True
            QTimer.singleShot(_IDLE_PLACEMENT_MS, self, self._place_homes_when_idle)

    def _place_homes_when_idle(self) -> None:
        if self._homes_pending and not self.retired and self._place_pending_labels():
            self._place_emphasised_labels(force=True)  # the scene rect (the placer's bounds) changed

    def _built_anchor(self, item: TransitionItem) -> QPointF:
        """Where ``item``'s label was put when built: Graphviz's place, else its curve's midpoint."""
        egeo = self.layout.edges[item.transition_id]
        return QPointF(*egeo.label_pos) if egeo.label_pos is not None else item.path.pointAtPercent(0.5)

    def _marks_shown(self) -> bool:
        """Whether some label that is not shown still draws its clock mark at its place."""
        return any(item.style.show_timeout_mark and item.has_timeout for item in self.item_for_transition.values())

    def _place_pending_labels(self) -> bool:
        """Place the homes left for later (``lazy_labels``) exactly as an eager build would have.

        The same placer pass as :meth:`_place_computed_labels` at build time: a fresh placer
        with the build's bounds, each label at its built size (plain, no way-out number),
        in the same order. Labels placed away from home now (``_moved``) stay where they are;
        the scene rect becomes the build's. Returns whether the scene rect changed.
        """
        if not self._homes_pending:
            return False
        self._homes_pending = False
        placer = _Placer(self)
        placer.bounds = QRectF(self._home_bounds)
        homes = _RectGrid()
        lay = self.layout
        drawn = QRectF()
        for item in list(self.item_for_transition.values()):
            tid = item.transition_id
            home = self._built_anchor(item) if item.label_from_layout else None
            anchor, box, leader = placer.place(_AsBuilt(item), 1.0, homes.overlap, home)
            homes.add(box.adjusted(-2, -2, 2, 2), tid)
            self._home[tid] = (anchor, leader)
            if tid not in self._moved:  # a label placed away from home now goes home when it stops mattering
                item.move_label(anchor, leader)
            drawn = drawn.united(self._built_bounds(item, anchor, leader))
        self._homes = homes
        for other in [*self.item_for_state.values(), *self.item_for_stub.values(), self.entry_item]:
            if other is not None:
                drawn = drawn.united(other.sceneBoundingRect())
        rect = QRectF(0, 0, lay.width, lay.height).united(drawn)  # as _build sets it
        margin = 24.0
        rect.adjust(-margin, -margin, margin, margin)
        if rect == self.sceneRect():
            return False
        self.setSceneRect(rect)
        self._placer.forget()
        return True

    @staticmethod
    def _built_bounds(item: TransitionItem, anchor: QPointF, leader: QLineF | None) -> QRectF:
        """``item``'s bounding rect as built (plain style, no number or badges), its label at ``anchor``.

        As :meth:`TransitionItem._update_bounds` computes it for that state, in the same order;
        the item itself may be restyled, numbered or moved by now, and is left as it is.
        """
        style = st.transition_style(_NORMAL_TRANSITION)
        boost = st.MAX_LABEL_BOOST if style.boost_label else 1.0
        rect = QRectF()
        for bold in (False, True):
            full_w, full_h, mark_w, mark_h = _label_sizes(item.text, item.timeout_text, bold)
            rect = rect.united(_scaled(_box(anchor, full_w, full_h), boost)).united(
                _scaled(_box(anchor, mark_w, mark_h), boost))
        if leader is not None:
            rect = rect.united(QRectF(leader.p1(), leader.p2()).normalized())
        rect = rect.united(item.path.boundingRect()).united(item.drawn_arrow.boundingRect())
        pad = style.pen.widthF() / 2 + 2
        return item.mapRectToScene(rect.adjusted(-pad, -pad, pad, pad))

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
        """The view's zoom changed: re-place the labels that matter for their size on screen."""
        if self._view_scale is None or abs(scale - self._view_scale) > 1e-3:
            self._view_scale = scale
            self._place_emphasised_labels()

    def set_min_label_px(self, px: float) -> None:
        """Draw the labels that matter at least ``px`` screen pixels high (presentation: sized for the room)."""
        if px != self.min_label_px:
            self.min_label_px = px
            self._place_emphasised_labels()
            self.update()

    def _label_scale(self) -> float:
        """How much larger than 1:1 boosted labels and badges are drawn now (1 in pictures)."""
        if self.rendering_picture or self._view_scale is None:
            return 1.0
        return label_boost(self._view_scale, self.min_label_px)

    def _unboosted_labels_tiny(self) -> bool:
        """Whether labels drawn 1:1 are too small on screen to read now (never in pictures)."""
        return (not self.rendering_picture and self._view_scale is not None
                and self._view_scale * st.EDGE_FONT_PX < _TINY_LABEL_PX)

    def _calm_labels_shown(self) -> bool:
        if self.all_labels:
            return True
        return not self.rendering_picture and self._view_scale is not None and self._view_scale >= st.LABEL_DETAIL_LOD

    def _place_emphasised_labels(self, *, force: bool = False) -> None:
        """Place the labels and badges that matter now (ways out, path, history, hover, selection).

        Zoomed out, labels that matter are drawn larger than their scene size
        (see :func:`label_boost`), so they are placed for that size, in scene
        coordinates: the same zoom boost gives the same places, whatever the
        window. Badges go first, on their curves; then the labels, ways out
        first; then, when calm labels show too, those that the new labels or
        badges cover move aside. Everything else stays at home.
        """
        h = self._highlight
        if h is None:
            return
        scale = self._label_scale()
        calm = self._calm_labels_shown()
        if self._homes_pending and (calm or self.rendering_picture or self._marks_shown()):
            force = self._place_pending_labels() or force  # homes are shown (or in the way) now
        _, mentioned = self._mentioned(h)
        if self._hovered is not None:
            mentioned.add(self._hovered)
        tiny = self._unboosted_labels_tiny()
        items = [self.item_for_transition[t] for t in mentioned
                 if t in self.item_for_transition and self.item_for_transition[t].style.always_label]
        items.sort(key=_label_priority)
        key = (scale, calm, tiny, tuple((i.transition_id, i.roles, i.steps, i.number, i.text) for i in items))
        if key == self._placed_for and not force:
            return
        self._placed_for = key
        taken = _RectGrid()
        placer = self._placer
        badged: set[str] = set()
        # Taken steps first: they have no other place to show their numbers; a way out's
        # number badge is left out where its curve has no room (its label starts with it).
        steps_at: dict[str, QPointF] = {}
        for item in sorted((i for i in items if i.steps), key=_badge_priority):
            w, bh = item.badge_size(", ".join(map(str, item.steps)))
            steps_at[item.transition_id], box, _clear = placer.place_badge_among(
                item, "steps", w * scale, bh * scale, scale, taken)
            taken.add(box.adjusted(-2, -2, 2, 2), item.transition_id)
        for item in sorted((i for i in items if i.number is not None or i.steps), key=_badge_priority):
            number_at = None
            if item.number is not None:
                w, bh = item.badge_size(str(item.number))
                number_at, box, clear = placer.place_badge_among(item, "number", w * scale, bh * scale, scale, taken)
                if clear:
                    taken.add(box.adjusted(-2, -2, 2, 2), item.transition_id)
                else:
                    number_at = None
            item.move_badges(steps_at.get(item.transition_id), number_at)
            badged.add(item.transition_id)
        for tid in self._badged - badged:
            if tid in self.item_for_transition:
                self.item_for_transition[tid].move_badges(None, None)
        self._badged = badged
        now = set()
        # Zoomed so far out that even boosted text is a dot (a 3,000-state machine fitted to
        # the window), no place is readable: searching for the best one would cost a step
        # many milliseconds for nothing. The labels sit on their curves' midpoints.
        specks = tiny and scale * st.EDGE_FONT_PX * (self._view_scale or 1.0) < _SPECK_LABEL_PX
        for item in items:
            if not item.text or (tiny and not item.style.boost_label):
                # History labels are drawn 1:1: zoomed far out they are specks, not words, and
                # placing them would cost most of a step (their badges, boosted, show the steps).
                continue
            size = scale if item.style.boost_label else 1.0
            if specks:
                anchor, leader = item.path.pointAtPercent(0.5), None
                box = item.label_box(size, anchor)
            else:
                anchor, box, leader = placer.place_among(item, size, taken)
            item.move_label(anchor, leader)
            taken.add(box.adjusted(-2, -2, 2, 2), item.transition_id)
            now.add(item.transition_id)
        moved = set(now)
        homes = self._homes
        if calm and homes is not None:
            # Calm labels covered by what was placed now step aside, in a fixed order.
            covered: set[str] = set()
            for rect, _owner in taken.rects:
                covered |= homes.owners_hit(rect)
            for tid in sorted(covered - now):
                item = self.item_for_transition[tid]
                skip = moved | {tid}
                anchor, box, leader = placer.place(
                    item, 1.0, lambda r, skip=skip: taken.overlap(r) + homes.overlap(r, skip))  # type: ignore[misc]
                item.move_label(anchor, leader)
                taken.add(box.adjusted(-2, -2, 2, 2), tid)
                moved.add(tid)
        for tid in self._moved - moved:
            item = self.item_for_transition.get(tid)
            if item is not None and tid in self._home:
                item.move_label(*self._home[tid])
            elif item is not None and self._homes_pending:
                item.move_label(self._built_anchor(item))  # as built: its home comes later
        self._moved = moved

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
        self._place_emphasised_labels()  # a hovered label shows: it must not cover others
        self.item_hovered.emit(self._hovered or "")

    def hover(self, item_id: str | None) -> None:
        """Show ``item_id`` as pointed at, as if the mouse were on it (None: nothing is).

        The session panel's way-out buttons use this: pointing at one lights its edge
        and label here. Only that item is restyled; ``item_hovered`` tells the panel back.
        """
        if item_id:
            self._item_hovered(item_id, True)
        elif self._hovered is not None:
            self._item_hovered(self._hovered, False)

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
        mode = QGraphicsItem.CacheMode.NoCache if on else self._state_cache
        for item in self.item_for_state.values():
            item.setCacheMode(mode)
        self._place_emphasised_labels()  # pictures draw labels at 1:1: placed for that size

    def set_all_labels(self, on: bool) -> None:
        """Show every trigger label at every zoom (True) or follow the level of detail."""
        if on != self.all_labels:
            self.all_labels = on
            for item in self.item_for_transition.values():
                item.update()
            self._place_emphasised_labels()

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
        for stub in self.item_for_stub.values():
            stub.set_text(self.machine.state_label(stub.hub_id, self.lang))
        self._placer.forget()
        self._home.clear()
        self._homes_pending = False  # placed now, as before
        for tid, item in self.item_for_transition.items():  # Graphviz's places first again
            egeo = self.layout.edges.get(tid)
            item.move_label(QPointF(*egeo.label_pos) if egeo is not None and egeo.label_pos is not None
                            else item.path.pointAtPercent(0.5))
        self._place_computed_labels()  # boxes changed size
        self._moved.clear()
        self._place_emphasised_labels(force=True)


def _label_priority(item: TransitionItem) -> tuple[object, ...]:
    """Ways out first (what a trainer points at, in panel order), then the path, then history."""
    r = item.roles
    return (TransitionRole.AVAILABLE not in r, item.number or 0, TransitionRole.PATH not in r,
            TransitionRole.TAKEN not in r, item.transition_id)


def _badge_priority(item: TransitionItem) -> tuple[object, ...]:
    return (item.number is None, item.number or 0, min(item.steps, default=0), item.transition_id)


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
