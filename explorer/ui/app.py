"""Start the Qt application and open the window (``explorer [FILE]``)."""

from __future__ import annotations

import argparse
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
    app = make_app()
    from explorer.ui import i18n
    from explorer.ui.main_window import MainWindow

    # Before the window: widgets read their texts when they are built.
    i18n.install_translator(i18n.choose_ui_language(getattr(args, "ui_lang", None)))

    window = MainWindow()
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
