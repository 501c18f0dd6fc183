"""One place that maps meaning to pen and brush.

The window and the session decide *what* matters (a :class:`Highlight`: sets of
ids); this module decides *how* it looks. Each state and transition gets a set
of roles, and a role set resolves to one style object, built once and cached,
so painting never allocates pens or fonts and diffing a restyle is comparing
role sets.

The palette follows Okabe and Ito's colour-blind safe colours, and every colour
means one thing: blue = where you are and the ways out, amber = a planned
path, bluish green = what was taken, vermillion = defects, purple = ambiguity,
grey = unreachable or calm. Shape carries meaning too (dashed = timeout or
trap, hatching = unreachable, double border = final) so nothing depends on
colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from types import MappingProxyType

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen

from explorer import durations
from explorer.analysis import Analysis

# -- fonts and sizes (scene units = Graphviz points) ---------------------------

#: The font Graphviz measures with and Qt draws with, so boxes fit their text.
FONT_FAMILY = "DejaVu Sans"
#: State label size; matches LayoutOptions.node_font_size.
STATE_FONT_PX = 18
#: Trigger label size; matches LayoutOptions.edge_font_size.
EDGE_FONT_PX = 11
#: Smallest size a state label may shrink to before it is elided.
MIN_STATE_FONT_PX = 8
#: Labels that matter now are drawn at least this many *screen* pixels high,
#: however far the view is zoomed out (a projector at fit-to-window).
MIN_SCREEN_LABEL_PX = 14.0
#: ...but never blown up more than this, so they stay near their edge.
MAX_LABEL_BOOST = 2.2
#: Calm trigger labels appear from this zoom (level of detail) on.
LABEL_DETAIL_LOD = 0.95
#: Clickable width around an edge, in scene units.
EDGE_HIT_WIDTH = 10.0
#: State box corner radius.
CORNER_RADIUS = 8.0
#: Gap between the two borders of a final state.
FINAL_INSET = 4.0


# -- the palette ----------------------------------------------------------------


class Palette:
    """Named colours; each means one thing."""

    ink = QColor("#1f2933")  # text and outlines of ordinary things
    paper = QColor("#ffffff")
    state_fill = QColor("#f5f7fa")
    state_border = QColor("#52606d")
    calm_edge = QColor("#a3acb9")  # the quiet spine
    calm_label = QColor("#52606d")
    current = QColor("#0072b2")  # Okabe-Ito blue: you are here, ways out
    current_dark = QColor("#004a75")
    available_fill = QColor("#e3f0f9")
    path = QColor("#e69f00")  # Okabe-Ito orange: the planned path
    path_dark = QColor("#b87700")
    path_fill = QColor("#fff3d6")
    taken = QColor("#009e73")  # Okabe-Ito bluish green: history
    taken_fill = QColor("#e1f4ee")
    defect = QColor("#d55e00")  # Okabe-Ito vermillion: dead ends and traps
    ambiguous = QColor("#8e44ad")  # purple
    unreachable = QColor("#9aa5b1")
    unreachable_fill = QColor("#eef0f2")
    unreachable_text = QColor("#7b8794")
    selection = QColor("#1f2933")
    label_background = QColor(255, 255, 255, 235)


#: The current state's fill, for checks that look for it in screenshots.
CURRENT_FILL = Palette.current

#: Opacity of everything that is not part of the story when a session has focus.
DIMMED_OPACITY = 0.32


# -- roles ------------------------------------------------------------------------


class StateRole(str, Enum):
    NORMAL = "normal"
    INITIAL = "initial"
    FINAL = "final"
    CURRENT = "current"
    AVAILABLE_TARGET = "available_target"
    VISITED = "visited"
    PATH = "path"
    PATH_TARGET = "path_target"
    UNREACHABLE = "unreachable"
    DEAD_END = "dead_end"
    TRAP = "trap"
    SELECTED = "selected"
    HOVERED = "hovered"
    DIMMED = "dimmed"


class TransitionRole(str, Enum):
    NORMAL = "normal"
    AVAILABLE = "available"
    TAKEN = "taken"
    PATH = "path"
    PATH_NEXT = "path_next"
    TIMEOUT = "timeout"
    AMBIGUOUS = "ambiguous"
    SELF_LOOP = "self_loop"
    SELECTED = "selected"
    HOVERED = "hovered"
    DIMMED = "dimmed"


def _frozen_mapping(value: Mapping[str, tuple[int, ...]]) -> Mapping[str, tuple[int, ...]]:
    return MappingProxyType(dict(value))


@dataclass(frozen=True)
class Highlight:
    """What matters now, as ids; the window builds one and hands it to the scene.

    Transition-id sets: ``available``, ``path``, ``timeouts``, ``ambiguous``
    and the keys of ``taken``; state-id sets: ``visited``, ``unreachable``,
    ``dead_ends``, ``traps``. The ``show_*`` switches are the View menu's
    overlays; ``focus`` (a session is running) dims everything that is not
    current, a way out, on the path or taken.
    """

    current: str | None = None
    available: frozenset[str] = frozenset()
    visited: frozenset[str] = frozenset()
    #: transition id -> the step numbers (1-based) at which it was taken.
    taken: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    path: tuple[str, ...] = ()
    path_target: str | None = None
    unreachable: frozenset[str] = frozenset()
    dead_ends: frozenset[str] = frozenset()
    traps: frozenset[str] = frozenset()
    timeouts: frozenset[str] = frozenset()
    ambiguous: frozenset[str] = frozenset()
    #: A state id or a transition id.
    selected: str | None = None
    show_unreachable: bool = True
    show_defects: bool = True
    show_timeouts: bool = True
    show_ambiguous: bool = True
    focus: bool = False

    def __post_init__(self) -> None:
        # Accept any iterables/mappings but store immutable ones, so a
        # Highlight can be shared and compared safely.
        for name in ("available", "visited", "unreachable", "dead_ends", "traps", "timeouts", "ambiguous"):
            value = getattr(self, name)
            if not isinstance(value, frozenset):
                object.__setattr__(self, name, frozenset(value))
        object.__setattr__(self, "path", tuple(self.path))
        object.__setattr__(self, "taken", _frozen_mapping(self.taken))

    @classmethod
    def from_analysis(cls, analysis: Analysis, **changes: object) -> Highlight:
        """The overlays of a machine's analysis, plus any session fields given."""
        return cls(
            unreachable=analysis.unreachable,
            dead_ends=analysis.dead_ends,
            traps=analysis.traps,
            timeouts=analysis.timeouts,
            ambiguous=analysis.ambiguous,
            **changes,  # type: ignore[arg-type]
        )


# -- resolved styles ------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class StateStyle:
    """How a state with a given role set is drawn. Shared: do not mutate its Qt objects."""

    pen: QPen
    brush: QBrush
    #: Drawn over ``brush`` (hatching for unreachable states), or None.
    overlay_brush: QBrush | None
    text_color: QColor
    #: A ring around the box (selection, path target), or None.
    ring_pen: QPen | None
    opacity: float
    z: float


@dataclass(frozen=True, eq=False)
class TransitionStyle:
    """How a transition with a given role set is drawn. Shared: do not mutate its Qt objects."""

    pen: QPen
    #: Fills the arrowhead.
    arrow_brush: QBrush
    #: Label text colour and the label box's border.
    label_color: QColor
    label_border: QPen
    #: Draw the trigger label at every zoom (it matters now).
    always_label: bool
    #: Boost the label to MIN_SCREEN_LABEL_PX on screen when zoomed out.
    boost_label: bool
    bold_label: bool
    show_timeout_mark: bool
    opacity: float
    z: float


def _pen(color: QColor, width: float, style: Qt.PenStyle = Qt.PenStyle.SolidLine) -> QPen:
    pen = QPen(color, width, style)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    if style == Qt.PenStyle.DashLine:
        pen.setDashPattern([4.0, 3.0])  # in pen widths: long enough to read as dashes on a projector
    return pen


@lru_cache(maxsize=None)
def state_style(roles: frozenset[StateRole]) -> StateStyle:
    """The style for a state's role set (cached: one object per distinct set)."""
    r = roles
    fill, border, width, text = Palette.state_fill, Palette.state_border, 1.5, Palette.ink
    style = Qt.PenStyle.SolidLine
    overlay: QBrush | None = None
    ring: QPen | None = None
    z = 10.0
    if StateRole.VISITED in r:
        fill, border, width = Palette.taken_fill, Palette.taken, 2.0
    if StateRole.PATH in r:
        fill, border, width = Palette.path_fill, Palette.path, 2.5
    if StateRole.AVAILABLE_TARGET in r:
        fill, border, width = Palette.available_fill, Palette.current, 2.5
    if StateRole.PATH_TARGET in r:
        fill, border, width = Palette.path_fill, Palette.path_dark, 3.5
        ring = _pen(Palette.path, 3.0)
    if StateRole.UNREACHABLE in r:
        fill, border, width, text = Palette.unreachable_fill, Palette.unreachable, 1.5, Palette.unreachable_text
        style = Qt.PenStyle.DashLine
        overlay = QBrush(Palette.unreachable.lighter(115), Qt.BrushStyle.BDiagPattern)
    if StateRole.DEAD_END in r or StateRole.TRAP in r:
        border, width = Palette.defect, 3.0
        style = Qt.PenStyle.DashLine if StateRole.TRAP in r and StateRole.DEAD_END not in r else Qt.PenStyle.SolidLine
    if StateRole.CURRENT in r:
        fill, border, width, text = Palette.current, Palette.current_dark, 3.0, Palette.paper
        style, overlay = Qt.PenStyle.SolidLine, None
        z = 12.0
    if StateRole.HOVERED in r:
        width += 1.0
        border = border.darker(130)
    if StateRole.SELECTED in r:
        ring = _pen(Palette.selection, 2.5)
        z = 13.0
    return StateStyle(
        pen=_pen(border, width, style),
        brush=QBrush(fill),
        overlay_brush=overlay,
        text_color=QColor(text),
        ring_pen=ring,
        opacity=DIMMED_OPACITY if StateRole.DIMMED in r else 1.0,
        z=z,
    )


@lru_cache(maxsize=None)
def transition_style(roles: frozenset[TransitionRole]) -> TransitionStyle:
    """The style for a transition's role set (cached: one object per distinct set)."""
    r = roles
    color, width, z = Palette.calm_edge, 1.3, 0.0
    label_color = Palette.calm_label
    always = boost = bold = False
    if TransitionRole.AMBIGUOUS in r:
        color, width, label_color, z = Palette.ambiguous, 2.2, Palette.ambiguous, 2.0
    if TransitionRole.TAKEN in r:
        color, width, label_color, z = Palette.taken, 3.0, Palette.taken.darker(140), 4.0
        always = True
    if TransitionRole.PATH in r:
        color, width, label_color, z = Palette.path, 4.0, Palette.path_dark.darker(130), 6.0
        always = boost = True
    if TransitionRole.AVAILABLE in r:
        color, width, label_color, z = Palette.current, 2.6, Palette.current_dark, 8.0
        always = boost = bold = True
    if TransitionRole.PATH_NEXT in r:
        color, width, label_color, z = Palette.path_dark, 5.5, Palette.path_dark.darker(130), 9.0
        always = boost = bold = True
    if TransitionRole.HOVERED in r:
        width += 1.5
        always = True
        z = max(z, 15.0)
        if color == Palette.calm_edge:
            color, label_color = Palette.state_border, Palette.ink
    if TransitionRole.SELECTED in r:
        width += 1.5
        always = bold = True
        z = max(z, 16.0)
        if color == Palette.calm_edge:
            color, label_color = Palette.ink, Palette.ink
    if TransitionRole.DIMMED in r:
        # Focus: the story is in colour, everything else calm grey (the dash still tells a timeout).
        color, label_color, width = Palette.calm_edge, Palette.calm_label, 1.3
    pen_style = Qt.PenStyle.DashLine if TransitionRole.TIMEOUT in r else Qt.PenStyle.SolidLine
    border = QPen(color, 1.0 if color == Palette.calm_edge else 1.5)
    return TransitionStyle(
        pen=_pen(color, width, pen_style),
        arrow_brush=QBrush(color),
        label_color=QColor(label_color),
        label_border=border,
        always_label=always,
        boost_label=boost,
        bold_label=bold,
        show_timeout_mark=TransitionRole.TIMEOUT in r,
        opacity=DIMMED_OPACITY if TransitionRole.DIMMED in r else 1.0,
        z=z,
    )


# -- fonts (built once, after the QApplication exists) -------------------------------


@lru_cache(maxsize=None)
def font(pixel_size: int, bold: bool = False) -> QFont:
    """The house font at a pixel size (scene units); cached so painting allocates none."""
    f = QFont(FONT_FAMILY)
    f.setPixelSize(pixel_size)
    f.setBold(bold)
    # Hinting snaps glyphs to device pixels, which makes text wobble when zooming.
    f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return f


@lru_cache(maxsize=1)
def entry_pen() -> QPen:
    """The initial state's entry arrow."""
    return _pen(Palette.ink, 2.0)


@lru_cache(maxsize=None)
def _clock_pen(rgba: int) -> QPen:
    return _pen(QColor.fromRgba(rgba), 1.3)


def clock_pen(color: QColor) -> QPen:
    """The outline of the clock mark beside a timeout's duration, in ``color``."""
    return _clock_pen(color.rgba())


@lru_cache(maxsize=1)
def badge_pen() -> QPen:
    """Outline of the step-number badges: white, so a badge stands off its edge."""
    return _pen(Palette.paper, 1.5)


@lru_cache(maxsize=1)
def badge_brush() -> QBrush:
    """Background of the step-number badges on taken transitions."""
    return QBrush(Palette.taken.darker(115))


#: A timeout's duration as shown beside the clock mark: "1 min", "90 s", "7 d", or "∗" for a setting.
format_duration = durations.compact
