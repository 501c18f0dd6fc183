"""The canvas's viewport: zoom (wheel, methods), pan (drag, scroll bars), fit.

Keyboard shortcuts belong to the window; this view offers the methods they call.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QResizeEvent, QMouseEvent, QPainter, QWheelEvent
from PySide6.QtWidgets import QGraphicsScene, QGraphicsView, QWidget

#: Zoom factor of one wheel notch or one zoom_in()/zoom_out().
ZOOM_STEP = 1.2
#: Zoom limits: far enough out for 3000 states, close enough to read a label.
MIN_ZOOM, MAX_ZOOM = 0.02, 8.0
#: Margin around the scene when fitting, in screen pixels.
FIT_MARGIN = 16


def retire_scene(scene: QGraphicsScene | None) -> None:
    """Make ``scene`` take no more input (see GraphScene.retire); other scenes are left alone."""
    retire = getattr(scene, "retire", None)
    if retire is not None:
        retire()


class GraphView(QGraphicsView):
    """A QGraphicsView for a GraphScene: antialiased, wheel zoom under the mouse, drag to pan."""

    #: The zoom (scale factor, 1.0 = 100 %) changed.
    zoom_changed = Signal(float)

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
        old = self.scene()
        if old is scene:
            return None
        retire_scene(old)
        self.setScene(scene)
        self.zoom_fit()
        return old

    # -- events -----------------------------------------------------------------------

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A fitted picture stays fitted when the window or a dock changes size;
        # once the user has zoomed, their zoom is left alone.
        if getattr(self, "_fitted", False):
            self.zoom_fit()

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
