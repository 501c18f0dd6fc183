"""The canvas's viewport: zoom (wheel, methods), pan (drag, scroll bars), fit, and what keeps up with a walk.

Keyboard shortcuts belong to the window; this view offers the methods they
call. Besides zoom and pan it keeps the keyboard's place among the current
state's ways out (Tab moves through them, Enter fires one), can spotlight
the item under the pointer (a soft ring, drawn over the scene: nothing is
laid out again), and carries a small overview map of where it looks.
"""

from __future__ import annotations

import warnings

from PySide6.QtCore import QCoreApplication, QEvent, QPointF, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

from explorer.ui.style import Palette

#: Zoom factor of one wheel notch or one zoom_in()/zoom_out().
ZOOM_STEP = 1.2
#: Zoom limits: far enough out for 3000 states, close enough to read a label.
MIN_ZOOM, MAX_ZOOM = 0.02, 8.0
#: Margin around the scene when fitting, in screen pixels.
FIT_MARGIN = 16
#: The overview map's longer side, in pixels.
OVERVIEW_SIZE = 220


def retire_scene(scene: QGraphicsScene | None) -> None:
    """Make ``scene`` take no more input (see GraphScene.retire); other scenes are left alone."""
    retire = getattr(scene, "retire", None)
    if retire is not None:
        retire()


class GraphView(QGraphicsView):
    """A QGraphicsView for a GraphScene: antialiased, wheel zoom under the mouse, drag to pan."""

    #: The zoom (scale factor, 1.0 = 100 %) changed.
    zoom_changed = Signal(float)
    #: Tab put the keyboard on a way out of the current state (its transition id; "" when it left them).
    way_out_focused = Signal(str)
    #: Enter or Return on the focused way out: fire it (its transition id).
    way_out_activated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        # ScrollHandDrag only starts when the press is not accepted by an item,
        # so clicks on states and edges still reach them.
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontAdjustForAntialiasing, True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(self.tr("Canvas"))
        self._fitted = False
        #: The way out the keyboard is on (Tab), or None.
        self._focused_way: str | None = None
        #: Draw a soft ring around the item under the pointer (presentation).
        self._spotlight = False
        self._spot: QRectF | None = None
        self.overview = OverviewMap(self)
        self.overview.hide()
        self._overview_wanted = True
        for bar in (self.horizontalScrollBar(), self.verticalScrollBar()):
            bar.valueChanged.connect(self._on_view_moved)
            bar.rangeChanged.connect(self._on_view_moved)

    # -- zoom --------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        """The current scale factor (1.0: one scene point is one pixel)."""
        return self.transform().m11()

    def set_zoom(self, zoom: float) -> None:
        """Scale to ``zoom`` (clamped), keeping the point under the anchor in place."""
        zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        current = self.zoom
        if abs(zoom - current) < 1e-9:
            return
        self.scale(zoom / current, zoom / current)
        self._fitted = False
        self.zoom_changed.emit(self.zoom)

    def zoom_in(self) -> None:
        self._zoom_by_keys(ZOOM_STEP)

    def zoom_out(self) -> None:
        self._zoom_by_keys(1 / ZOOM_STEP)

    def zoom_reset(self) -> None:
        """100 %: scene points are screen pixels."""
        self._zoom_by_keys(1.0 / self.zoom)

    def _zoom_by_keys(self, factor: float) -> None:
        # From the keyboard there is no meaningful mouse position: zoom about the centre.
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.set_zoom(self.zoom * factor)
        self.setTransformationAnchor(anchor)

    def zoom_fit(self) -> None:
        """Show the whole scene with a margin (never magnified past 100 % for small machines)."""
        scene = self.scene()
        if scene is None:
            return
        rect: QRectF = scene.sceneRect()
        view = self.viewport().rect().adjusted(FIT_MARGIN, FIT_MARGIN, -FIT_MARGIN, -FIT_MARGIN)
        if rect.isEmpty() or view.width() <= 0 or view.height() <= 0:
            return
        zoom = min(view.width() / rect.width(), view.height() / rect.height(), 1.5)
        self.resetTransform()
        self.scale(zoom, zoom)
        self.centerOn(rect.center())
        self._fitted = True
        self.zoom_changed.emit(self.zoom)

    def set_scene_fitting(self, scene: QGraphicsScene | None) -> QGraphicsScene | None:
        """Show ``scene`` and fit it to the window; the scene shown before, retired.

        The previous scene (if it has ``retire``, as GraphScene does) takes no
        more input from the moment it is replaced; the caller deletes it
        (deleteLater), after the view has let go of it.
        """
        old = self._adopt(scene)
        self.zoom_fit()
        return old

    def set_scene_keeping(self, scene: QGraphicsScene, item_id: str, old_view_pos: QPointF,
                          zoom: float) -> QGraphicsScene | None:
        """Show ``scene`` at ``zoom`` with the item ``item_id`` where the old scene had it on screen;
        the scene shown before, retired (as :meth:`set_scene_fitting`).

        The full layout of a big machine replaces its neighbourhood view this
        way: the current state stays put instead of the view jumping to fit-all.
        """
        old = self._adopt(scene)
        item = _item(scene, item_id)
        if item is None:
            self.zoom_fit()
            return old
        self.resetTransform()
        zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        self.scale(zoom, zoom)
        self._fitted = False
        # The bigger scene brings scroll bars, which shrink the viewport: let that happen first.
        QCoreApplication.sendPostedEvents(self, QEvent.Type.LayoutRequest)
        centre = QPointF(self.viewport().rect().center())
        self.centerOn(item.sceneBoundingRect().center() + (centre - old_view_pos) / zoom)
        # Pixel rounding: move the rest of the way by scrolling.
        miss = self.mapFromScene(item.sceneBoundingRect().center()) - old_view_pos.toPoint()
        self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() + miss.x())
        self.verticalScrollBar().setValue(self.verticalScrollBar().value() + miss.y())
        self.zoom_changed.emit(self.zoom)
        return old

    def _adopt(self, scene: QGraphicsScene | None) -> QGraphicsScene | None:
        """Show ``scene``; the one shown before, retired (None when it is the same)."""
        old = self.scene()
        if old is scene:
            return None
        retire_scene(old)
        self.setScene(scene)
        self._focused_way = None
        self._spot = None
        if hasattr(scene, "item_hovered"):
            scene.item_hovered.connect(self._on_scene_item_hovered)
        self.overview.set_scene(scene)
        return old

    # -- where the view looks -------------------------------------------------------------

    def visible_scene_rect(self) -> QRectF:
        """The part of the scene the viewport shows."""
        return self.mapToScene(self.viewport().rect()).boundingRect()

    def fit_zoom_for(self, rect: QRectF) -> float:
        """The zoom at which ``rect`` (scene units) just fits the viewport with the fit margin."""
        view = self.viewport().rect().adjusted(FIT_MARGIN, FIT_MARGIN, -FIT_MARGIN, -FIT_MARGIN)
        if rect.isEmpty() or view.width() <= 0 or view.height() <= 0:
            return self.zoom
        return min(view.width() / rect.width(), view.height() / rect.height())

    def show_at(self, centre: QPointF, zoom: float) -> None:
        """Look at ``centre`` (scene units) at ``zoom``."""
        zoom = min(max(zoom, MIN_ZOOM), MAX_ZOOM)
        if abs(zoom - self.zoom) > 1e-9:
            self.resetTransform()
            self.scale(zoom, zoom)
            self._fitted = False
            self.zoom_changed.emit(self.zoom)
        self.centerOn(centre)

    def keep_in_view(self, rect: QRectF, margin: float = 0.15) -> bool:
        """Scroll so ``rect`` lies inside the middle of the viewport (``margin`` of each side kept free);
        True when the view moved. The zoom stays."""
        visible = self.visible_scene_rect()
        inner = visible.adjusted(visible.width() * margin, visible.height() * margin,
                                 -visible.width() * margin, -visible.height() * margin)
        if inner.contains(rect):
            return False
        self.centerOn(rect.center())
        return True

    def set_scroll_bars_shown(self, on: bool) -> None:
        """Scroll bars as needed, or none (presenting: the room needs no scroll bars)."""
        policy = Qt.ScrollBarPolicy.ScrollBarAsNeeded if on else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        self.setHorizontalScrollBarPolicy(policy)
        self.setVerticalScrollBarPolicy(policy)

    # -- the current state's ways out on the keyboard ---------------------------------------

    @property
    def focused_way_out(self) -> str | None:
        """The way out Tab put the keyboard on (None: none, or it is no way out any more)."""
        ways = self._ways_out()
        return self._focused_way if self._focused_way in ways else None

    def _ways_out(self) -> list[str]:
        """The current state's ways out in the scene's (and the panel's) numbered order."""
        scene = self.scene()
        highlight = getattr(scene, "_highlight", None)
        if highlight is None or highlight.current is None:
            return []
        machine = scene.machine  # type: ignore[attr-defined]
        return [t.id for t in machine.outgoing(highlight.current) if t.id in highlight.available]

    def focus_way_out(self, step: int) -> str | None:
        """Move the keyboard ``step`` ways out on (negative: back); None when it moved past either end."""
        ways = self._ways_out()
        current = self.focused_way_out
        index = (ways.index(current) if current is not None else (-1 if step > 0 else len(ways))) + step
        self._focused_way = ways[index] if 0 <= index < len(ways) else None
        self.way_out_focused.emit(self._focused_way or "")
        return self._focused_way

    def focusNextPrevChild(self, next: bool) -> bool:  # noqa: A002, N802 (Qt override)
        # Tab walks through the current state's ways out before it leaves the canvas.
        if self.hasFocus() and self.focus_way_out(1 if next else -1) is not None:
            return True
        return super().focusNextPrevChild(next)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.focused_way_out is not None:
            self.way_out_activated.emit(self.focused_way_out)
            event.accept()
            return
        super().keyPressEvent(event)

    # -- spotlight ----------------------------------------------------------------------------

    def set_spotlight(self, on: bool) -> None:
        """Ring the item under the pointer and calm the rest a little (for a room watching a pointer)."""
        self._spotlight = on
        self.viewport().update()

    @property
    def spotlight_rect(self) -> QRectF | None:
        """The scene rect the spotlight rings now, or None."""
        return self._spot if self._spotlight else None

    def _on_scene_item_hovered(self, item_id: str) -> None:
        item = _item(self.scene(), item_id) if item_id else None
        self._spot = item.sceneBoundingRect() if item is not None else None
        if self._spotlight:
            self.viewport().update()

    def drawForeground(self, painter: QPainter, rect: QRectF) -> None:  # noqa: N802 (Qt override)
        super().drawForeground(painter, rect)
        spot = self.spotlight_rect
        if spot is None:
            return
        ring = spot.adjusted(-14, -14, 14, 14)
        calm = QPainterPath()
        calm.addRect(self.visible_scene_rect().united(ring))
        hole = QPainterPath()
        hole.addRoundedRect(ring, 18, 18)
        painter.save()
        veil = QColor(Palette.paper)
        veil.setAlpha(90)
        painter.fillPath(calm.subtracted(hole), veil)
        glow = QColor(Palette.path)
        glow.setAlpha(150)
        pen = QPen(glow, 6 / max(self.zoom, 0.05))
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(ring, 18, 18)
        painter.restore()

    # -- the overview map -----------------------------------------------------------------------

    def set_overview_wanted(self, on: bool) -> None:
        """Show the overview map whenever the view shows only part of the scene (View > Overview Map)."""
        self._overview_wanted = on
        self._on_view_moved()

    def _on_view_moved(self, *_args: object) -> None:
        scene = self.scene()
        partial = scene is not None and not self.visible_scene_rect().adjusted(-2, -2, 2, 2).contains(
            scene.sceneRect())
        self.overview.setVisible(self._overview_wanted and partial)
        if self.overview.isVisible():
            self._place_overview()
            self.overview.update()

    # -- events -----------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A fitted picture stays fitted when the window or a dock changes size;
        # once the user has zoomed, their zoom is left alone.
        if self._fitted:
            self.zoom_fit()
        self._on_view_moved()

    def _place_overview(self) -> None:
        size = self.overview.sizeHint()
        viewport = self.viewport().geometry()
        self.overview.setGeometry(viewport.right() - size.width() - 8, viewport.bottom() - size.height() - 8,
                                  size.width(), size.height())
        self.overview.raise_()

    def wheelEvent(self, event: QWheelEvent) -> None:
        delta = event.angleDelta().y()
        if delta == 0:
            super().wheelEvent(event)  # horizontal wheels scroll
            return
        # 120 units are one notch; touchpads send smaller steps, zoomed proportionally.
        # Anchor by hand at the wheel event's own position: AnchorUnderMouse uses
        # the last mouse *move*, which is stale after keyboard zooms or on touchpads.
        pos = event.position().toPoint()
        before = self.mapToScene(pos)
        anchor = self.transformationAnchor()
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.NoAnchor)
        self.set_zoom(self.zoom * ZOOM_STEP ** (delta / 120))
        shift = self.mapToScene(pos) - before
        self.translate(shift.x(), shift.y())
        self.setTransformationAnchor(anchor)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        # After a hand-drag the view leaves the closed-hand cursor; items set their own.
        self.viewport().unsetCursor()


def _item(scene: QGraphicsScene | None, item_id: str):  # type: ignore[no-untyped-def]
    """The state or transition item ``item_id`` of a GraphScene, or None."""
    if scene is None:
        return None
    states = getattr(scene, "item_for_state", {})
    return states.get(item_id) or getattr(scene, "item_for_transition", {}).get(item_id)


class OverviewMap(QWidget):
    """A small map of the whole scene with a frame where the main view looks; click or drag to move there.

    The scene is drawn once into a picture (again, late, when the scene
    changes), not painted live like a second view: a 1,000-state scene costs
    tens of milliseconds to paint, and the frame moves with every scroll.
    """

    def __init__(self, view: GraphView) -> None:
        super().__init__(view)
        self._view = view
        self._scene: QGraphicsScene | None = None
        self._picture: QPixmap | None = None
        self.setAccessibleName(self.tr("Overview map"))
        self.setToolTip(self.tr("Where the view is: click to look there"))
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self._redraw = QTimer(self, singleShot=True, interval=400)
        self._redraw.timeout.connect(self._render)

    def set_scene(self, scene: QGraphicsScene | None) -> None:
        if self._scene is not None:
            # A retired scene has let go of its receivers already: PySide then warns, or raises.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                try:
                    self._signal(self._scene).disconnect(self._on_scene_changed)
                except (RuntimeError, TypeError):
                    pass
        self._scene = scene
        self._picture = None
        if scene is not None:
            self._signal(scene).connect(self._on_scene_changed)
        self.updateGeometry()

    @staticmethod
    def _signal(scene: QGraphicsScene) -> object:
        """What tells the map to redraw: a GraphScene's restyles, else any change.

        Not QGraphicsScene.changed where there is a choice: while anything listens to it,
        Qt sends every view each changed item's whole bounding rect through that signal
        instead of its own precise updates, and a step at 3,000 states repaints far more
        than it changed. The map at its size shows colours, not hovers or text.
        """
        restyled = getattr(scene, "restyled", None)
        return restyled if restyled is not None else scene.changed

    def sizeHint(self) -> QSize:  # noqa: N802 (Qt override)
        rect = self._scene.sceneRect() if self._scene is not None else QRectF(0, 0, 4, 3)
        if rect.isEmpty():
            return QSize(OVERVIEW_SIZE, OVERVIEW_SIZE * 3 // 4)
        ratio = rect.height() / rect.width()
        if ratio <= 1:
            return QSize(OVERVIEW_SIZE, max(40, round(OVERVIEW_SIZE * ratio)))
        return QSize(max(40, round(OVERVIEW_SIZE / ratio)), OVERVIEW_SIZE)

    def _on_scene_changed(self, _regions: object) -> None:
        if self.isVisible():
            self._redraw.start()
        else:
            self._picture = None

    def _render(self) -> None:
        if self._scene is None:
            return
        picture = QPixmap(self.size() * self.devicePixelRatioF())
        picture.setDevicePixelRatio(self.devicePixelRatioF())
        picture.fill(Palette.paper)
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._scene.render(painter, QRectF(0, 0, self.width(), self.height()), self._scene.sceneRect())
        painter.end()
        self._picture = picture
        self.update()

    def _mapping(self) -> tuple[float, QPointF]:
        """(scale, offset): scene point p is at p * scale + offset on the map (the picture is centred)."""
        assert self._scene is not None
        rect = self._scene.sceneRect()
        if rect.isEmpty():
            return 1.0, QPointF()
        scale = min(self.width() / rect.width(), self.height() / rect.height())
        offset = QPointF((self.width() - rect.width() * scale) / 2, (self.height() - rect.height() * scale) / 2)
        return scale, offset - rect.topLeft() * scale

    def frame_rect(self) -> QRectF:
        """The main view's visible rect, in the map's pixels."""
        if self._scene is None:
            return QRectF()
        scale, offset = self._mapping()
        visible = self._view.visible_scene_rect()
        return QRectF(visible.left() * scale + offset.x(), visible.top() * scale + offset.y(),
                      visible.width() * scale, visible.height() * scale)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 (Qt override)
        if self._picture is None or self._picture.size() != self.size() * self.devicePixelRatioF():
            self._render()
        painter = QPainter(self)
        if self._picture is not None:
            painter.drawPixmap(0, 0, self._picture)
        painter.setPen(QPen(Palette.state_border, 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        # The frame is never smaller than a fingertip's target, however tall the machine.
        frame = self.frame_rect().intersected(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        centre = frame.center()
        frame.setSize(frame.size().expandedTo(QSize(8, 8).toSizeF()))
        frame.moveCenter(centre)
        veil = QColor(Palette.current)
        veil.setAlpha(40)
        painter.setBrush(veil)
        painter.setPen(QPen(Palette.current, 2))
        painter.drawRect(frame)

    def _move_view(self, pos: QPointF) -> None:
        if self._scene is None:
            return
        scale, offset = self._mapping()
        self._view.centerOn((pos - offset) / scale)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._move_view(event.position())
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._move_view(event.position())
        event.accept()
