"""Presentation mode: the canvas and a slim session bar, sized for a room, driven by a presenter's remote.

One key (and ``explorer --present``) turns it on; Esc turns it off. While
it is on, the window shows only the canvas and :class:`SessionBar` in full
screen; menus, docks, the legend and the status bar are hidden and come
back as they were. Text is sized for the room: the screen's height / 45
pixels (24 px on a 1080-px screen, 16 px at 720), for the state names and
the ways out on the canvas (the view zooms so that their font size times
the zoom reaches it) and for the bar.

Presenter remotes send PageDown/PageUp (or Right/Left), B or "." to blank
the screen, and Esc: PageDown steps a loaded scenario, or else fires the
way out the keyboard is on (Tab, Down and Up move among them); PageUp goes
back one step; B turns the screen black until any key. The pointer
spotlights the item under it (the view draws a soft ring; nothing is laid
out again).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QFrame, QGraphicsItem, QHBoxLayout, QLabel, QSizePolicy, QWidget

from explorer import durations
from explorer.ui.session_panel import panel_text
from explorer.ui.shortcuts import keys_for
from explorer.ui.style import FONT_FAMILY, MIN_SCREEN_LABEL_PX, Palette

if TYPE_CHECKING:
    from explorer.ui.main_window import MainWindow
    from explorer.ui.session_controller import SessionController
    from explorer.ui.view import GraphView

#: Text height in presentation mode: the screen's height divided by this (24 px at 1080, 16 px at 720).
SCREEN_LINES = 45
#: Never smaller than this, whatever the screen.
MIN_TEXT_PX = 16


def text_px_for(screen_height: int) -> int:
    """The presentation text size for a screen ``screen_height`` pixels high."""
    return max(MIN_TEXT_PX, round(screen_height / SCREEN_LINES))


class SessionBar(QFrame):
    """One line for the room: the current state, the clock, the way out the keyboard is on, and the keys."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("sessionBar")
        self.setAccessibleName(self.tr("Session bar"))
        self._controller: SessionController | None = None
        self._lang = "en"
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 6, 16, 6)
        layout.setSpacing(24)
        self.state_label = QLabel()
        self.state_label.setObjectName("barState")
        self.state_label.setAccessibleName(self.tr("Current state"))
        self.clock_label = QLabel()
        self.clock_label.setObjectName("barClock")
        self.clock_label.setAccessibleName(self.tr("Session time"))
        self.way_label = QLabel()
        self.way_label.setObjectName("barWay")
        self.way_label.setAccessibleName(self.tr("Way out on the keyboard"))
        self.way_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.hint_label = QLabel()
        self.hint_label.setObjectName("barHint")
        layout.addWidget(self.state_label)
        layout.addWidget(self.clock_label)
        layout.addWidget(self.way_label, 1)
        layout.addWidget(self.hint_label)
        self.set_text_px(MIN_TEXT_PX)

    def set_text_px(self, px: int) -> None:
        """Size every text of the bar for the room (the state name a little larger)."""
        self._px = px
        self.setStyleSheet(
            f"QFrame#sessionBar {{ background: {Palette.paper.name()}; "
            f"border-top: 3px solid {Palette.current.name()}; }}"
            f"QLabel {{ color: {Palette.ink.name()}; font-family: '{FONT_FAMILY}'; font-size: {px}px; }}"
            f"QLabel#barState {{ color: {Palette.current_dark.name()}; font-weight: bold; "
            f"font-size: {round(px * 1.25)}px; }}"
            f"QLabel#barClock {{ font-weight: bold; }}"
            f"QLabel#barHint {{ color: {Palette.calm_label.name()}; }}"
        )

    @property
    def text_px(self) -> int:
        return self._px

    def show_session(self, controller: SessionController | None, lang: str, focused: str | None) -> None:
        """Redraw from ``controller`` in ``lang``; ``focused`` is the way out the keyboard is on."""
        self._controller, self._lang = controller, lang
        if controller is None:
            self.state_label.setText(panel_text("no_session"))
            self.way_label.setText("")
            self.clock_label.setText("")
            return
        machine, session = controller.machine, controller.session
        name = machine.state_label(session.current, lang)
        final = machine.state(session.current).final
        self.state_label.setText(("◎ " if final else "") + name)
        ways = session.available()
        if focused is not None and any(t.id == focused for t in ways):
            number = next(i for i, t in enumerate(ways, start=1) if t.id == focused)
            t = machine.transition(focused)
            self.way_label.setText(f"▶ {number}/{len(ways)}  {machine.trigger_label(focused, lang)}"
                                   f" → {machine.state_label(t.target, lang)}")
        elif ways:
            self.way_label.setText(panel_text("present_ways", count=len(ways)) if len(ways) > 1
                                   else panel_text("present_way"))
        else:
            self.way_label.setText(panel_text("final") if final else panel_text("no_ways_out"))
        self.hint_label.setText(panel_text("present_keys"))
        self.show_time(session.time)

    def show_time(self, time: float) -> None:
        self.clock_label.setText(durations.clock(time))


class Blank(QWidget):
    """A black cover over the whole window (B on a remote): the room looks at the trainer."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(self.backgroundRole(), Qt.GlobalColor.black)
        self.setPalette(palette)
        self.setAccessibleName(self.tr("Blank screen"))
        self.hide()


class Presentation(QObject):
    """Presentation mode of one main window; the window's action calls :meth:`set_active`.

    ``bar`` is the session bar; the window puts it under the canvas (hidden
    until presentation mode starts).
    """

    #: Presentation mode was switched on (True) or off (False).
    toggled = Signal(bool)
    #: The screen was blanked (True) or shown again (False).
    blanked = Signal(bool)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._active = False
        self._saved_state: object = None
        self._was_full_screen = False
        self._was_maximized = False
        self._normal_geometry = None
        self._menu_visible = True
        self._status_visible = True
        self.bar = SessionBar(window)
        self.bar.hide()
        self.blank = Blank(window)
        self._controller: SessionController | None = None
        self._reframe = QTimer(self, singleShot=True, interval=0)
        self._reframe.timeout.connect(self.frame)

    @property
    def active(self) -> bool:
        return self._active

    @property
    def is_blank(self) -> bool:
        return self.blank.isVisible()

    def text_px(self) -> int:
        """The size text is drawn at for the room: in full screen the window is the screen."""
        window = self._window
        if self._active or window.screen() is None:
            return text_px_for(window.height())
        return text_px_for(window.screen().geometry().height())

    # -- on and off -------------------------------------------------------------------

    def set_active(self, on: bool) -> None:
        if on == self._active:
            return
        window = self._window
        self._active = on
        if on:
            self._saved_state = window.saveState()
            self._was_full_screen = window.isFullScreen()
            self._was_maximized = window.isMaximized()
            self._normal_geometry = window.geometry()
            self._menu_visible = window.menuBar().isVisible() or not window.isVisible()
            self._status_visible = window.statusBar().isVisible() or not window.isVisible()
            for dock in window.docks():
                # A running quiz keeps its dock: the class must read the question.
                if not (dock is window.quiz_dock and window.quiz_panel.active):
                    dock.hide()
            window.menuBar().hide()
            window.statusBar().hide()
            self.bar.show()
            window.showFullScreen()
            # Without a window manager the request is ignored: cover the screen ourselves.
            if window.screen() is not None:
                window.setGeometry(window.screen().geometry())
            window.view.set_spotlight(True)
            window.view.set_overview_wanted(False)
            window.view.set_scroll_bars_shown(False)
            window.view.setFocus(Qt.FocusReason.OtherFocusReason)
            QApplication.instance().installEventFilter(self)
        else:
            QApplication.instance().removeEventFilter(self)
            self.set_blank(False)
            window.view.set_spotlight(False)
            window.view.set_overview_wanted(window.overview_action.isChecked())
            window.view.set_scroll_bars_shown(True)
            self.bar.hide()
            window.menuBar().setVisible(self._menu_visible)
            window.statusBar().setVisible(self._status_visible)
            if self._saved_state is not None:
                window.restoreState(self._saved_state)
            if window.scene is not None:
                window.scene.set_min_label_px(MIN_SCREEN_LABEL_PX)
                window.scene.calm_labels = True
                window.scene.update()
            if not self._was_full_screen:
                window.showMaximized() if self._was_maximized else window.showNormal()
                if self._normal_geometry is not None and not self._was_maximized:
                    window.setGeometry(self._normal_geometry)
            QTimer.singleShot(50, window.view.zoom_fit)
        self.toggled.emit(on)
        self.refresh()
        self.schedule_frame()

    def set_blank(self, on: bool) -> None:
        """Black out the window (any key brings it back)."""
        if on == self.is_blank:
            return
        if on:
            self.blank.setGeometry(self._window.rect())
            self.blank.raise_()
            self.blank.show()
        else:
            self.blank.hide()
        self.blanked.emit(on)

    # -- following the session ---------------------------------------------------------------

    def set_controller(self, controller: SessionController | None) -> None:
        if self._controller is not None:
            for signal, slot in ((self._controller.changed, self._on_controller_changed),
                                 (self._controller.clock_ticked, self.bar.show_time)):
                try:
                    signal.disconnect(slot)
                except (RuntimeError, TypeError):
                    pass
        self._controller = controller
        if controller is not None:
            controller.changed.connect(self._on_controller_changed)
            controller.clock_ticked.connect(self.bar.show_time)
        self.refresh()

    def _on_controller_changed(self) -> None:
        self.refresh()
        self.schedule_frame()

    def refresh(self) -> None:
        """Redraw the bar (the state, the way out the keyboard is on)."""
        if not self._active:
            return
        self.bar.set_text_px(self.text_px())
        self.bar.show_session(self._controller, self._window.language(), self._window.view.focused_way_out)

    def schedule_frame(self) -> None:
        if self._active:
            self._reframe.start()

    def frame(self) -> None:
        """Zoom and centre the canvas on the current state and its ways out, names at room size."""
        window = self._window
        scene, view, controller = window.scene, window.view, self._controller
        if not self._active or scene is None or controller is None:
            return
        px = self.text_px()
        scene.set_min_label_px(px)
        # Zoomed in for the room, calm labels would all appear: only what matters is labelled.
        scene.calm_labels = False
        current = scene.item_for_state.get(controller.session.current)
        if current is None:
            return
        region = QRectF(current.sceneBoundingRect())
        fonts = [current.text_font_px]
        for t in controller.session.available():
            edge = scene.item_for_transition.get(t.id)
            target = scene.item_for_state.get(t.target)
            if edge is not None:
                region = region.united(edge.path.boundingRect())
            if target is not None:
                region = region.united(target.sceneBoundingRect())
                fonts.append(target.text_font_px)
        # Names at room size: zoom so that the smallest name's pixel size times the zoom reaches px.
        needed = px / min(fonts)
        fit_all = view.fit_zoom_for(scene.sceneRect())
        # Room around the region for the labels of the ways out (boosted to room size, beside
        # their curves): about two lines of room text on each side, so nothing sits on the screen's edge.
        pad = 2.5 * px / needed
        padded = region.adjusted(-pad, -pad, pad, pad)
        if fit_all >= needed:
            view.show_at(scene.sceneRect().center(), min(fit_all, 2 * needed))
        elif view.fit_zoom_for(padded) >= needed:
            view.show_at(padded.center(), needed)
        elif view.fit_zoom_for(region) >= needed:
            # The region just fits: keep the current state (and its labels) off the screen's edge.
            here = QRectF(current.sceneBoundingRect()).adjusted(-pad, -pad, pad, pad)
            view.show_at(_centre_keeping(region.center(), here, view, needed), needed)
        else:
            view.show_at(QPointF(current.sceneBoundingRect().center()), needed)
        self._keep_labels_on_screen(current)

    def _keep_labels_on_screen(self, current: QGraphicsItem) -> None:
        """Move the view as little as needed so the ways' labels are whole on screen, when they fit.

        The labels are placed for the zoom only once the view has it (boosted to room
        size, beside their curves, sometimes above the state), so this comes after.
        """
        window = self._window
        scene, view, controller = window.scene, window.view, self._controller
        assert scene is not None and controller is not None
        keep = QRectF(current.sceneBoundingRect())
        for t in controller.session.available():
            edge = scene.item_for_transition.get(t.id)
            box = edge.drawn_label_rect(view.zoom) if edge is not None else None
            if box is not None:
                keep = keep.united(edge.mapRectToScene(box))
        if view.fit_zoom_for(keep) >= view.zoom and not view.visible_scene_rect().contains(keep):
            view.show_at(_centre_keeping(view.visible_scene_rect().center(), keep, view, view.zoom), view.zoom)

    # -- the remote's keys -------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Resize and watched is self._window:
            if self.is_blank:
                self.blank.setGeometry(self._window.rect())
            self.refresh()
            self.schedule_frame()
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QWidget):
            return False
        if watched.window() is not self._window or not self._window.isActiveWindow():
            return False
        return self.handle_key(event)  # type: ignore[arg-type]

    def handle_key(self, event: QKeyEvent) -> bool:
        """Do what a presenter's key asks; True when the key was one of presentation mode's."""
        key = event.key()
        if key in (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta):
            return False
        if self.is_blank:
            self.set_blank(False)  # any key brings the picture back, and does nothing else
            return True
        # Remotes and laptops send keypad keys too: the keypad modifier does not make another key.
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        pressed = QKeySequence(event.keyCombination().key() | modifiers)

        def pressed_for(name: str) -> bool:
            return any(pressed.matches(s) == QKeySequence.SequenceMatch.ExactMatch for s in keys_for(name))

        controller, window = self._controller, self._window
        if pressed_for("leave"):
            window.presentation_action.setChecked(False)
            return True
        if pressed_for("present_blank"):
            self.set_blank(True)
            return True
        if controller is None:
            return False
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        if pressed_for("present_step") or (plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter)):
            self.step_forward()
            return True
        if pressed_for("present_back"):
            controller.back()
            return True
        if key == Qt.Key.Key_Tab and plain or (plain and key == Qt.Key.Key_Down):
            self._move_focus(1)
            return True
        if key == Qt.Key.Key_Backtab or (plain and key == Qt.Key.Key_Up):
            self._move_focus(-1)
            return True
        if plain and Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            window.session_panel.fire_numbered(key - Qt.Key.Key_0)
            return True
        # The session's keys: the panel that owns them is hidden, so they are answered here.
        for name, slot in (("back", controller.back), ("forward", controller.forward),
                           ("restart", controller.restart), ("wait", controller.wait_for_next_timeout),
                           ("run_clock", window.toggle_clock)):
            if pressed_for(name):
                slot()
                return True
        return False

    def _move_focus(self, step: int) -> None:
        view = self._window.view
        if view.focus_way_out(step) is None:
            view.focus_way_out(step)  # past the end: round again from the other end
        self.refresh()

    def step_forward(self) -> None:
        """PageDown: the next step of a loaded scenario, else the way out the keyboard is on (else the first)."""
        controller, window = self._controller, self._window
        if controller is None:
            return
        scenario = window.session_panel.scenario
        if scenario is not None:
            if not controller.is_replaying:
                controller.prepare_replay(scenario)
            controller.replay_step()
            return
        way = window.view.focused_way_out
        if way is None:
            ways = controller.session.available()
            if not ways:
                return
            way = controller.next_step() or ways[0].id
        controller.fire(way)



def _centre_keeping(centre: QPointF, keep: QRectF, view: GraphView, zoom: float) -> QPointF:
    """``centre`` moved as little as needed for ``keep`` to lie inside the viewport at ``zoom``."""
    half_w = view.viewport().width() / zoom / 2
    half_h = view.viewport().height() / zoom / 2
    x, y = centre.x(), centre.y()
    x = min(max(x, keep.right() - half_w), keep.left() + half_w)
    y = min(max(y, keep.bottom() - half_h), keep.top() + half_h)
    return QPointF(x, y)
