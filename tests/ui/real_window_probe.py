"""Run the program as ``explorer`` would, then report where its window and the session panel's controls lie.

Used by tests/ui/test_real_window.py under Xvfb (a real X screen, not the
offscreen platform): ``python real_window_probe.py OUT.json ARGS...`` starts
the window with the command line ARGS, waits until a scenario given with
``--scenario`` has been replayed and the screen has settled, writes the
geometry (screen coordinates) as JSON to OUT.json and quits.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QTimer
from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QSpinBox, QWidget

from explorer.cli import _window_parser
from explorer.ui.app import make_app, run_app

#: Polls (250 ms apart) before the probe gives up and reports what it has.
MAX_POLLS = 240
#: Polls to wait once the replay is over, so the last relayout has happened.
SETTLE_POLLS = 4


def _global_rect(widget: QWidget) -> list[int]:
    top_left = widget.mapToGlobal(QPoint(0, 0))
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def _report(window: QWidget) -> dict[str, object]:
    from explorer.ui.session_panel import WayOutButton

    panel = window.session_panel  # type: ignore[attr-defined]
    kinds = (QAbstractButton, QComboBox, QSpinBox)
    controls = []
    for widget in panel.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisible() or isinstance(widget.parent(), (QComboBox, QSpinBox)):
            continue
        chain = []  # the widget's visible ancestors up to the panel: it must lie inside each (way-out buttons scroll)
        parent = widget.parentWidget()
        while parent is not None and not isinstance(widget, WayOutButton):
            chain.append(_global_rect(parent))
            if parent is panel:
                break
            parent = parent.parentWidget()
        need = widget.sizeHint() if isinstance(widget, QAbstractButton) else widget.minimumSizeHint()
        controls.append({"name": widget.accessibleName() or getattr(widget, "text", lambda: "")() or type(widget).__name__,
                         "rect": _global_rect(widget), "ancestors": chain, "need": [need.width(), need.height()],
                         "way_out": isinstance(widget, WayOutButton)})
    ways = panel.findChild(QWidget, "waysOut")
    frame = window.frameGeometry()
    screen = window.screen().geometry()
    return {"screen": [screen.x(), screen.y(), screen.width(), screen.height()],
            "window": [frame.x(), frame.y(), frame.width(), frame.height()],
            "panel": _global_rect(panel), "status_bar": _global_rect(window.statusBar()),
            "ways_viewport": _global_rect(ways.viewport()), "controls": controls}


def main() -> int:
    out = Path(sys.argv[1])
    args = _window_parser().parse_args(sys.argv[2:])
    app = make_app()
    state = {"polls": 0, "settled": 0}

    def poll() -> None:
        state["polls"] += 1
        window = next((w for w in QApplication.topLevelWidgets() if hasattr(w, "session_panel") and w.isVisible()),
                      None)
        controller = getattr(window, "controller", None)
        done = (window is not None and controller is not None and window.session_panel.scenario is not None
                and not controller.is_auto_replaying)
        state["settled"] = state["settled"] + 1 if done else 0
        if state["settled"] >= SETTLE_POLLS or state["polls"] >= MAX_POLLS:
            report = _report(window) if window is not None else {}
            report["settled"] = state["settled"] >= SETTLE_POLLS
            out.write_text(json.dumps(report), encoding="utf-8")
            app.quit()
            return
        QTimer.singleShot(250, poll)

    QTimer.singleShot(250, poll)
    return run_app(args)


if __name__ == "__main__":
    sys.exit(main())
