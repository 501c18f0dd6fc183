"""The legend: what each colour and line means, painted with the canvas's own styles.

``legend_items`` is the data (the session rows, then one row per overlay of
``style.OVERLAYS`` that is switched on); ``paint_legend`` draws rows with a
QPainter, so the dock widget and exported pictures show the same swatches the
canvas uses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, QSize, QSizeF, Qt, QTranslator
from PySide6.QtGui import QFontMetricsF, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from explorer.ui import style as st
from explorer.ui.i18n import QT_TRANSLATE_NOOP, translation_file
from explorer.ui.style import Palette, StateRole, TransitionRole

#: Swatch and row metrics, in pixels.
SWATCH_W, SWATCH_H, ROW_H, GAP, PAD = 40.0, 18.0, 26.0, 8.0, 8.0
#: Legend text size.
LEGEND_FONT_PX = 13


@dataclass(frozen=True)
class LegendEntry:
    """One row: a swatch drawn with the style of ``roles`` and a caption."""

    key: str
    text: str
    #: "state" or "transition": which kind of swatch to draw.
    kind: str
    roles: frozenset[StateRole] | frozenset[TransitionRole]
    #: The overlay (a row of style.OVERLAYS) this row belongs to (None: always shown).
    overlay: str | None = None
    #: A document's language (exports): the caption follows it, not the UI's. None: the UI's.
    lang: str | None = None

    @property
    def caption(self) -> str:
        """``text`` in the UI language, or in :attr:`lang` for a document's legend.

        The table holds the English, so a translator installed later applies.
        """
        if self.lang is None:
            return QCoreApplication.translate("Legend", self.text)
        translator = _document_translator(self.lang)
        return (translator.translate("Legend", self.text) if translator is not None else "") or self.text


@cache
def _document_translator(lang: str) -> QTranslator | None:
    """The UI catalogue of ``lang``, kept apart from the installed one (None for English or no catalogue)."""
    if lang == "en":
        return None  # the source language: the table's own words
    translator = QTranslator()
    return translator if translator.load(translation_file(lang)) else None


_S, _T = StateRole, TransitionRole

#: The rows every legend shows, in reading order; the overlays' rows follow.
BASE_ENTRIES: tuple[LegendEntry, ...] = (
    LegendEntry("current", QT_TRANSLATE_NOOP("Legend", "Current state"), "state", frozenset({_S.CURRENT})),
    LegendEntry("available", QT_TRANSLATE_NOOP("Legend", "Way out (click to step)"), "transition",
                frozenset({_T.AVAILABLE})),
    LegendEntry("path", QT_TRANSLATE_NOOP("Legend", "Path to the chosen target"), "transition", frozenset({_T.PATH})),
    LegendEntry("taken", QT_TRANSLATE_NOOP("Legend", "Taken, with step numbers"), "transition", frozenset({_T.TAKEN})),
    LegendEntry("initial", QT_TRANSLATE_NOOP("Legend", "Initial state"), "state", frozenset({_S.INITIAL})),
    LegendEntry("final", QT_TRANSLATE_NOOP("Legend", "Final state"), "state", frozenset({_S.FINAL})),
)


def overlay_entry(overlay: st.Overlay) -> LegendEntry:
    """The legend row of one overlay: its role's swatch and its legend text."""
    kind = "state" if overlay.marks_states else "transition"
    return LegendEntry(overlay.name, overlay.legend, kind, frozenset({overlay.role}),
                       overlay.name)  # type: ignore[arg-type]


def legend_items(hidden: Iterable[str] = (), lang: str | None = None) -> tuple[LegendEntry, ...]:
    """The rows to show when the overlays named in ``hidden`` are switched off (captions in ``lang``: see
    :attr:`LegendEntry.lang`)."""
    off = frozenset(hidden)
    return in_language(BASE_ENTRIES + tuple(overlay_entry(o) for o in st.OVERLAYS if o.name not in off), lang)


def in_language(entries: Iterable[LegendEntry], lang: str | None) -> tuple[LegendEntry, ...]:
    """``entries`` with their captions in a document's ``lang`` (None: as they are)."""
    return tuple(entries) if lang is None else tuple(replace(e, lang=lang) for e in entries)


def _paint_swatch(painter: QPainter, rect: QRectF, entry: LegendEntry) -> None:
    painter.save()
    if entry.kind == "state":
        s = st.state_style(entry.roles)  # type: ignore[arg-type]
        painter.setPen(s.pen)
        painter.setBrush(s.brush)
        painter.drawRoundedRect(rect, 5, 5)
        if s.overlay_brush is not None:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(s.overlay_brush)
            painter.drawRoundedRect(rect, 5, 5)
        if StateRole.FINAL in entry.roles:
            painter.setPen(s.pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(3, 3, -3, -3), 3, 3)
        if StateRole.INITIAL in entry.roles:
            # The entry arrow points at the box from the left; draw it inside the swatch.
            painter.setPen(st.entry_pen())
            y = rect.center().y()
            painter.drawLine(QPointF(rect.left() + 4, y), QPointF(rect.center().x() + 4, y))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(Palette.ink)
            tip = QPointF(rect.center().x() + 10, y)
            painter.drawPolygon([tip, QPointF(tip.x() - 7, y - 4), QPointF(tip.x() - 7, y + 4)])
    else:
        s2 = st.transition_style(entry.roles)  # type: ignore[arg-type]
        y = rect.center().y()
        left, right = QPointF(rect.left() + 2, y), QPointF(rect.right() - 8, y)
        painter.setPen(s2.pen)
        painter.drawLine(left, right)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(s2.arrow_brush)
        tip = QPointF(rect.right(), y)
        painter.drawPolygon([tip, QPointF(right.x() - 1, y - 5), QPointF(right.x() - 1, y + 5)])
        if TransitionRole.TAKEN in entry.roles:
            badge = QRectF(0, 0, 14, 14)
            badge.moveCenter(QPointF(rect.center().x() - 4, y))
            painter.setPen(st.badge_pen())
            painter.setBrush(st.badge_brush())
            painter.drawEllipse(badge)
            painter.setFont(st.font(10, True))
            painter.setPen(Palette.paper)
            painter.drawText(badge, int(Qt.AlignmentFlag.AlignCenter), "1")
        if TransitionRole.TIMEOUT in entry.roles:
            clock = QRectF(0, 0, 11, 11)
            clock.moveCenter(QPointF(rect.center().x() - 4, y))
            painter.setPen(st.clock_pen(s2.timeout_color))
            painter.setBrush(Palette.paper)
            painter.drawEllipse(clock)
            c = clock.center()
            painter.drawLine(c, QPointF(c.x(), clock.top() + 2.5))
            painter.drawLine(c, QPointF(clock.right() - 2.5, c.y()))
    painter.restore()


def legend_size(entries: tuple[LegendEntry, ...], columns: int = 1) -> QSizeF:
    """Size :func:`paint_legend` needs for ``entries`` laid out in ``columns``."""
    metrics = QFontMetricsF(st.font(LEGEND_FONT_PX))
    text_w = max((metrics.horizontalAdvance(e.caption) for e in entries), default=0.0)
    col_w = SWATCH_W + GAP + text_w + 2 * GAP
    rows = -(-len(entries) // max(columns, 1))
    return QSizeF(2 * PAD + columns * col_w, 2 * PAD + rows * ROW_H)


def paint_legend(painter: QPainter, origin: QPointF, entries: tuple[LegendEntry, ...], columns: int = 1) -> None:
    """Draw ``entries`` from ``origin`` (top left), filling columns top to bottom."""
    fnt = st.font(LEGEND_FONT_PX)
    metrics = QFontMetricsF(fnt)
    text_w = max((metrics.horizontalAdvance(e.caption) for e in entries), default=0.0)
    col_w = SWATCH_W + GAP + text_w + 2 * GAP
    rows = -(-len(entries) // max(columns, 1))
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    for i, entry in enumerate(entries):
        col, row = divmod(i, rows)
        x = origin.x() + PAD + col * col_w
        y = origin.y() + PAD + row * ROW_H
        _paint_swatch(painter, QRectF(x, y + (ROW_H - SWATCH_H) / 2, SWATCH_W, SWATCH_H), entry)
        painter.setFont(fnt)
        painter.setPen(Palette.ink)
        text_rect = QRectF(x + SWATCH_W + GAP, y, text_w + GAP, ROW_H)
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter), entry.caption)
    painter.restore()


class LegendWidget(QWidget):
    """A compact legend for the dock: one row per role that is switched on."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._entries = legend_items()
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setAutoFillBackground(True)

    @property
    def entries(self) -> tuple[LegendEntry, ...]:
        """The rows shown now."""
        return self._entries

    def set_hidden_overlays(self, hidden: Iterable[str]) -> None:
        """Hide the rows of the overlays named in ``hidden`` (switched off), show the others."""
        entries = legend_items(hidden)
        if entries != self._entries:
            self._entries = entries
            if self.width() > 0:
                # The height is pinned in resizeEvent; rows came or went, so pin it anew (else rows are cut).
                self.setMinimumHeight(self.heightForWidth(self.width()))
                self.setMaximumHeight(self.heightForWidth(self.width()))
            self.updateGeometry()
            self.update()

    def columns(self) -> int:
        """As many columns as the width holds: a bottom dock becomes a band of two rows."""
        one = legend_size(self._entries, 1).width()
        return max(1, min(len(self._entries), int(self.width() // max(one, 1.0))))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        one = legend_size(self._entries, 1).width()
        columns = max(1, min(len(self._entries), int(width // max(one, 1.0))))
        return int(legend_size(self._entries, columns).height())

    def sizeHint(self) -> QSize:
        return legend_size(self._entries, 1).toSize()

    def minimumSizeHint(self) -> QSize:
        size = legend_size(self._entries, 1)
        return QSize(int(size.width()), self.heightForWidth(self.width()) if self.width() > 0 else int(size.height()))

    def resizeEvent(self, event) -> None:  # noqa: ANN001 (Qt override)
        self.setMinimumHeight(self.heightForWidth(self.width()))
        self.setMaximumHeight(self.heightForWidth(self.width()))
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), Palette.paper)
        paint_legend(painter, QPointF(0, 0), self._entries, self.columns())
        painter.end()
