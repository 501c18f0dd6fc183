"""Start the Qt application and open the window (``explorer [FILE]``)."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont, QIcon
from PySide6.QtWidgets import QApplication

from explorer import BUNDLED_MACHINE, __version__, resources


def app_icon() -> QIcon:
    """The application icon, at every size it ships in (Qt picks the nearest)."""
    icon = QIcon()
    for png in resources.icon_pngs():
        icon.addFile(str(png))
    return icon


def make_app(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    app.setOrganizationName("StateExplorer")
    app.setApplicationName("State Explorer")
    app.setApplicationVersion(__version__)
    # Every window takes this icon; the desktop file name lets Wayland find the menu entry.
    app.setWindowIcon(app_icon())
    app.setDesktopFileName(resources.APP_ID)
    font = QFont(app.font())
    if font.pointSizeF() < 11:
        font.setPointSizeF(11)  # readable from the back of a classroom
        app.setFont(font)
    return app  # type: ignore[return-value]


def run_app(args: argparse.Namespace) -> int:
    # Until the first picture: see _collect_after_first_picture.
    gc.disable()
    app = make_app()
    from explorer.ui import i18n
    from explorer.ui.main_window import MainWindow

    # What is alive now (modules, classes, Qt's enums) lives as long as the
    # process: the collector never needs to walk it again.
    gc.freeze()
    # Before the window: widgets read their texts when they are built.
    i18n.install_translator(i18n.choose_ui_language(getattr(args, "ui_lang", None)))

    window = MainWindow()
    _collect_after_first_picture(window)
    if args.engine:
        for action in window.engine_group.actions():
            action.setChecked(action.data() == args.engine)
    if args.lang:
        window.set_language(args.lang)
    path: Path = args.file or BUNDLED_MACHINE
    if not window.open_file(path) and window.machine is None and path != BUNDLED_MACHINE:
        window.open_file(BUNDLED_MACHINE, show_errors=False)
    if getattr(args, "present", False):
        window.show()
        window.presentation_action.setChecked(True)
    elif args.full_screen:
        window.full_screen_action.setChecked(True)
    else:
        window.show()
    if args.path_to and window.machine is not None:
        try:
            window.set_target(window.machine.find_state(args.path_to))
        except Exception as e:  # noqa: BLE001 - a bad argument must not stop the window
            window.statusBar().showMessage(str(e), 8000)
    if args.scenario:
        QTimer.singleShot(0, lambda: window.open_scenario(args.scenario, autoplay=True))
    mode = os.environ.get(QUIT_AFTER_PAINT)
    if mode:
        _quit_after_first_paint(app, window, mode)
    return app.exec()


#: The collector resumes at the latest this long after the start (ms), whatever the window does.
GC_PAUSE_MS = 15_000


def _collect_after_first_picture(window) -> None:  # window: MainWindow
    """Keep Python's cyclic collector paused until the window first shows a picture.

    Opening a machine makes hundreds of thousands of objects that all stay
    alive (the machine, its analysis, layout and scene items); the collector,
    woken every 700 new objects, walks the growing heap again and again: at
    1,000 states about a second of a cached reopen (issue 13). There is
    little cyclic garbage to find before the first picture, so it resumes
    once the window has drawn one (or said why it cannot), at the latest
    after :data:`GC_PAUSE_MS`.

    What was made meanwhile is frozen (left out of collections) rather than
    walked once more in one long pass right after the picture. Frozen objects
    are never collected as cycles, so when the window opens another machine
    (and the first one's objects become garbage) they are unfrozen again.
    """

    def unfreeze(*_args: object) -> None:
        window.machine_loaded.disconnect(unfreeze)
        gc.unfreeze()

    def resume(*_args: object) -> None:
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
            window.machine_loaded.connect(unfreeze)

    window.layout_drawn.connect(resume)
    window.layout_finished.connect(resume)
    window.error_reported.connect(resume)
    QTimer.singleShot(GC_PAUSE_MS, resume)


#: For the bench only (explorer.bench): end the process once the machine is
#: painted, so its lifetime measures "start to window showing the machine".
#: "full" (or any other value) waits for the full layout; "any" ends after the
#: first picture, which for a big machine is the neighbourhood view.
QUIT_AFTER_PAINT = "STATE_EXPLORER_QUIT_AFTER_PAINT"


def _quit_after_first_paint(app: QApplication, window, mode: str) -> None:  # window: MainWindow
    signal = window.layout_drawn if mode == "any" else window.layout_finished

    def painted(*_args: object) -> None:
        window.view.viewport().repaint()  # the paint itself, synchronously
        QTimer.singleShot(0, end)

    def end() -> None:
        # Ended at once, like the bench's bare window: tearing down a scene of
        # 3,000 states item by item (about a second) comes after the picture
        # and is not part of what is measured. What the open wrote (the caches)
        # is on disk already; closing the window writes the settings.
        window.close()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)

    signal.connect(painted)
