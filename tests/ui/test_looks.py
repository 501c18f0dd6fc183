"""Looks right everywhere: light and dark palettes from resources/, readable under a dark desktop,
names for screen readers, the window's icon and the About box.

Contrast is measured as the eye gets it: each label and button is grabbed
as pixels, its background is its most common colour and its text the pixel
that differs most; WCAG's ratio between the two must be at least 4.5.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QSpinBox,
    QTextBrowser,
    QWidget,
)

from explorer import BUNDLED_MACHINE, __version__, resources
from explorer.ui import style as st
from explorer.ui.main_window import MainWindow


def luminance(c: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def seen_contrast(widget: QWidget) -> float:
    """The contrast between a widget's background (its commonest colour) and its text (the farthest),
    as drawn in its window (a label's background is what lies under it)."""
    top = widget.window()
    image = top.grab(QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())).toImage()
    counts: Counter[int] = Counter(image.pixel(x, y) for x in range(0, image.width(), 1)
                                   for y in range(0, image.height(), 1))
    background = QColor.fromRgb(counts.most_common(1)[0][0])
    return max(contrast(background, QColor.fromRgb(rgb)) for rgb in counts)


@pytest.fixture
def dark_desktop(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """A dark desktop palette for the test's length (and the light house palette again afterwards)."""
    old = QApplication.palette()
    dark = QPalette()
    for role, colour in ((QPalette.ColorRole.Window, "#202124"), (QPalette.ColorRole.WindowText, "#e8eaed"),
                         (QPalette.ColorRole.Base, "#2b2c2f"), (QPalette.ColorRole.Text, "#e8eaed"),
                         (QPalette.ColorRole.Button, "#303134"), (QPalette.ColorRole.ButtonText, "#e8eaed"),
                         (QPalette.ColorRole.ToolTipBase, "#303134"), (QPalette.ColorRole.ToolTipText, "#e8eaed")):
        dark.setColor(role, QColor(colour))
    QApplication.setPalette(dark)
    yield
    QApplication.setPalette(old)
    st.use_palette("light")


def _open(qtbot, make_window) -> MainWindow:  # type: ignore[no-untyped-def]
    window, _record = make_window()
    window.resize(1600, 1000)
    window.show()
    with qtbot.waitSignal(window.layout_drawn, timeout=30000):
        assert window.open_file(BUNDLED_MACHINE)
    window.set_language("de")
    controller = window.controller
    assert controller is not None
    for target in ("waiting", "active"):
        controller.fire(next(t.id for t in controller.session.available() if t.target == target))
    controller.set_target("closed")
    return window


def _assert_panel_readable(window: MainWindow) -> None:
    panel = window.session_panel
    checked = 0
    for widget in panel.findChildren(QWidget):
        if not widget.isVisibleTo(panel) or not widget.isEnabled() or widget.width() < 4:
            continue
        if isinstance(widget, QLabel) and widget.text().strip() and not isinstance(widget.parent(), QAbstractButton):
            pass
        elif isinstance(widget, QAbstractButton) and widget.objectName() != "qt_scrollarea_hcontainer":
            pass
        else:
            continue
        ratio = seen_contrast(widget)
        assert ratio >= 4.5, f"{widget.objectName() or widget.accessibleName() or widget!r}: {ratio:.2f}:1"
        checked += 1
    assert checked >= 15


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_both_palettes_keep_their_contrasts(theme: str) -> None:
    colours = {name: QColor(value) for name, value in resources.palette(theme).items()}
    assert set(colours) == set(resources.palette("light"))
    assert set(st.Palette.__annotations__) - {"theme"} <= set(colours)
    text_pairs = [("ink", "paper"), ("ink", "state_fill"), ("calm_label", "paper"), ("on_current", "current"),
                  ("context_text", "context_fill"), ("context_label", "paper"), ("faint_text", "faint_fill"),
                  ("unreachable_text", "unreachable_fill"), ("current_dark", "paper"), ("ink", "available_fill"),
                  ("ink", "path_fill"), ("ink", "taken_fill")]
    for text, background in text_pairs:
        assert contrast(colours[text], colours[background]) >= 4.5, (theme, text, background)
    # (The light path's Okabe-Ito orange stays as it is: drawn 4 px wide, its labels in a darker amber.)
    for line in ("calm_edge", "context_edge", "current", "taken", "defect", "ambiguous", "state_border"):
        assert contrast(colours[line], colours["paper"]) >= 3.0, (theme, line)


def test_a_dark_desktop_gets_the_dark_palette_and_a_readable_panel(qtbot, make_window, dark_desktop,  # type: ignore[no-untyped-def]
                                                                   artifacts_dir: Path) -> None:
    window = _open(qtbot, make_window)
    assert window.theme_choice() == "auto" and window.theme() == "dark"
    assert st.Palette.theme == "dark"
    assert window.scene is not None
    assert window.scene.backgroundBrush().color() == QColor(resources.palette("dark")["paper"])
    current = window.scene.item_for_state["active"]
    assert contrast(current.style.text_color, current.style.brush.color()) >= 4.5
    qtbot.wait(30)
    _assert_panel_readable(window)
    assert window.grab().save(str(artifacts_dir / "dark_palette.png"))
    # Light chosen by hand on a dark desktop: the panel keeps its own readable colours.
    next(a for a in window.theme_group.actions() if a.data() == "light").trigger()
    assert st.Palette.theme == "light"
    assert window.scene.backgroundBrush().color() == QColor("#ffffff")
    qtbot.wait(30)
    _assert_panel_readable(window)
    assert window.grab().save(str(artifacts_dir / "light_on_dark_desktop.png"))


def test_the_light_palette_panel_is_readable(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, make_window)
    assert st.Palette.theme == "light"
    _assert_panel_readable(window)


def test_every_control_has_a_name_and_the_window_an_icon(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window = _open(qtbot, make_window)
    assert not window.windowIcon().isNull()
    kinds = (QAbstractButton, QComboBox, QSpinBox, QLineEdit, QListWidget, QTextBrowser, QGraphicsView)
    unnamed = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, kinds) or widget.objectName().startswith("qt_"):
            continue
        if isinstance(widget.parent(), (QComboBox, QSpinBox)) or type(widget).__name__ == "QToolButton":
            continue  # parts of a picker, and the docks' and tab bars' own buttons (Qt names them)
        name = widget.accessibleName() or (widget.text() if isinstance(widget, QAbstractButton) else "")
        if not name.strip():
            unnamed.append(widget)
    assert not unnamed, unnamed


def test_about_names_the_version_and_the_licence(qtbot, make_window) -> None:  # type: ignore[no-untyped-def]
    window, _record = make_window()
    window.about_action.trigger()
    box = window.findChild(QMessageBox, "aboutBox")
    assert box is not None and box.isVisible()
    assert __version__ in box.text() and "MIT" in box.text() and "Licence" in box.text()
    assert not box.iconPixmap().isNull()
    box.close()
