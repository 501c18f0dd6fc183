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

Overlays (the View menu's marks: unreachable, dead ends, timeouts, ...) are
rows of :data:`OVERLAYS`; the highlight, scene, legend, export, menu and
settings all read that table, so an overlay is added by adding a row.

Focus (a session is running) calms what is not part of the story with
lighter colours, never with transparency, so every calm name still reads at
4.5:1 and every calm edge at 3:1 against white; defect marks keep their
full strength.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from types import MappingProxyType

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QPen

from explorer import durations, resources
from explorer.analysis import Analysis
from explorer.overlays import IdsFunction, OverlaySources, analysis_ids, extra_ids

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
    """Named colours; each means one thing. Read from ``resources/palette.<theme>.json``.

    The attributes are filled in by :func:`use_palette` (light at import);
    code reads them at call time (``Palette.current``), so a theme change
    reaches everything that is drawn or styled after it.
    """

    ink: QColor  # text and outlines of ordinary things
    paper: QColor
    state_fill: QColor
    state_border: QColor
    calm_edge: QColor  # the quiet spine: 3.7:1 on paper
    calm_label: QColor
    # Context while a session has focus: lighter, never below 4.5:1 for names
    # and 3:1 for lines (WCAG), so the rest of the flow stays readable.
    context_fill: QColor
    context_border: QColor
    context_text: QColor
    context_edge: QColor
    context_label: QColor
    faint_fill: QColor
    faint_border: QColor
    faint_text: QColor
    current: QColor  # Okabe-Ito blue: you are here, ways out
    current_dark: QColor
    on_current: QColor  # text on the current state's fill
    available_fill: QColor
    path: QColor  # Okabe-Ito orange: the planned path
    path_dark: QColor
    path_fill: QColor
    taken: QColor  # Okabe-Ito bluish green: history
    taken_fill: QColor
    defect: QColor  # Okabe-Ito vermillion: dead ends and traps
    ambiguous: QColor  # purple
    unreachable: QColor
    unreachable_fill: QColor
    unreachable_text: QColor
    selection: QColor
    # Review marks: coverage (what a walk has not shown yet) and compare (what
    # changed from another version); shown only while asked for.
    uncovered: QColor  # Okabe-Ito reddish purple: not seen yet
    diff_added: QColor  # green: new in this version
    diff_added_fill: QColor
    diff_changed: QColor  # amber: differs from the other version
    diff_changed_fill: QColor
    diff_removed: QColor  # red: lost something the other version had
    label_background: QColor
    rule: QColor  # thin separators and frames in the panel
    disabled_text: QColor
    #: The palette in use: "light" or "dark".
    theme: str = "light"


def use_palette(theme: str) -> None:
    """Take the colours of ``theme`` ("light" or "dark") from resources/ for everything drawn from now on.

    Styles built from the old colours are forgotten; widgets and scenes that
    hold colours (style sheets, scene backgrounds) must be refreshed by
    their owner (the main window does).
    """
    global CURRENT_FILL
    for name, value in resources.palette(theme).items():
        setattr(Palette, name, QColor(value))
    Palette.theme = theme
    CURRENT_FILL = Palette.current
    for cached in (state_style, transition_style, entry_pen, _clock_pen, badge_pen, badge_brush):
        cached.cache_clear()


def dark_desktop(window_colour: QColor) -> bool:
    """Whether a desktop whose windows have ``window_colour`` is dark (its lightness below half)."""
    return window_colour.lightnessF() < 0.5


#: The current state's fill, for checks that look for it in screenshots (set by use_palette).
CURRENT_FILL: QColor


class Focus(str, Enum):
    """How strongly a running session calms the rest of the flow (View > Focus on Session)."""

    OFF = "off"
    LIGHT = "light"
    STRONG = "strong"


#: The focus a new user gets: the story stands out, the rest stays easy to read.
DEFAULT_FOCUS = Focus.LIGHT


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
    #: Reachable, not visited by the walks so far (coverage overlay).
    UNVISITED = "unvisited"
    #: New in this version (compare).
    DIFF_ADDED = "diff_added"
    #: Differs from the other version (compare).
    DIFF_CHANGED = "diff_changed"
    #: Lost a transition the other version had (compare: an endpoint of a removed item).
    DIFF_REMOVED_END = "diff_removed_end"
    #: A state the class may pick as the answer (quiz).
    QUIZ_CHOICE = "quiz_choice"
    #: The right answer, once revealed (quiz).
    QUIZ_ANSWER = "quiz_answer"
    #: The state the class picked wrongly (quiz).
    QUIZ_WRONG = "quiz_wrong"
    #: Context while a session has light focus.
    DIMMED = "dimmed"
    #: Context while a session has strong focus.
    DIMMED_STRONG = "dimmed_strong"


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
    #: Reachable, not taken by the walks so far (coverage overlay).
    UNTAKEN = "untaken"
    DIFF_ADDED = "diff_added"
    DIFF_CHANGED = "diff_changed"
    #: The way out the quiz asks about: its label stands out, its line stays calm (quiz).
    QUIZ_ASKED = "quiz_asked"
    #: The asked way out once its answer is revealed (quiz).
    QUIZ_REVEALED = "quiz_revealed"
    DIMMED = "dimmed"
    DIMMED_STRONG = "dimmed_strong"


# -- overlays: one row each -------------------------------------------------------------


@dataclass(frozen=True)
class Overlay:
    """One overlay: a View-menu switch that gives ``role`` to the ids ``ids`` computes.

    Whether it marks states or transitions follows from the role's kind.
    """

    #: Stable name: the key of its ids in a Highlight, of its menu action and its legend row.
    name: str
    role: StateRole | TransitionRole
    #: The legend row's caption.
    legend: str
    #: The View > Overlays entry (with its & mnemonic); it and ``legend`` are English, translated where shown.
    menu_text: str
    #: Computes the marked ids (see explorer.overlays).
    ids: IdsFunction
    #: Shown until the user switches it off.
    default: bool = True
    #: Whether focus may calm an item marked by it (timeouts: yes, the dash
    #: and clock stay; defects: no, a reviewer must see them at once).
    dims_with_focus: bool = False
    #: QSettings key of the switch ("" = view/overlay_<name>).
    settings_key: str = ""

    def __post_init__(self) -> None:
        if not self.settings_key:
            object.__setattr__(self, "settings_key", f"view/overlay_{self.name}")

    @property
    def marks_states(self) -> bool:
        return isinstance(self.role, StateRole)


#: Every overlay, in legend and menu order. Read it as ``style.OVERLAYS`` at
#: call time (not imported by name), so one table serves every reader.
OVERLAYS: tuple[Overlay, ...] = (
    Overlay("unreachable", StateRole.UNREACHABLE, QT_TRANSLATE_NOOP("Legend", "Unreachable state"),
            QT_TRANSLATE_NOOP("Overlays", "&Unreachable States"),
            analysis_ids("unreachable")),
    Overlay("dead_ends", StateRole.DEAD_END, QT_TRANSLATE_NOOP("Legend", "Dead end (no way out)"),
            QT_TRANSLATE_NOOP("Overlays", "&Dead Ends"), analysis_ids("dead_ends")),
    Overlay("traps", StateRole.TRAP, QT_TRANSLATE_NOOP("Legend", "Trap (no way to a final state)"),
            QT_TRANSLATE_NOOP("Overlays", "T&raps"), analysis_ids("traps")),
    Overlay("timeouts", TransitionRole.TIMEOUT, QT_TRANSLATE_NOOP("Legend", "Timeout (fires when time passes)"),
            QT_TRANSLATE_NOOP("Overlays", "&Timeout Edges"),
            analysis_ids("timeouts"), dims_with_focus=True),
    Overlay("ambiguous", TransitionRole.AMBIGUOUS, QT_TRANSLATE_NOOP("Legend", "Ambiguous trigger"),
            QT_TRANSLATE_NOOP("Overlays", "&Ambiguous Triggers"),
            analysis_ids("ambiguous")),
    # Review overlays: their ids come from the window (coverage, compare), so they are off until asked for.
    Overlay("unvisited", StateRole.UNVISITED, QT_TRANSLATE_NOOP("Legend", "Not visited yet (coverage)"),
            QT_TRANSLATE_NOOP("Overlays", "Not &Visited States (Coverage)"),
            extra_ids("unvisited"), default=False),
    Overlay("untaken", TransitionRole.UNTAKEN, QT_TRANSLATE_NOOP("Legend", "Not taken yet (coverage)"),
            QT_TRANSLATE_NOOP("Overlays", "Not Ta&ken Transitions (Coverage)"),
            extra_ids("untaken"), default=False),
    Overlay("diff_added_states", StateRole.DIFF_ADDED, QT_TRANSLATE_NOOP("Legend", "Added state (compare)"),
            QT_TRANSLATE_NOOP("Overlays", "Added States (Compare)"),
            extra_ids("diff_added_states"), default=False),
    Overlay("diff_added", TransitionRole.DIFF_ADDED, QT_TRANSLATE_NOOP("Legend", "Added transition (compare)"),
            QT_TRANSLATE_NOOP("Overlays", "Added Transitions (Compare)"),
            extra_ids("diff_added"), default=False),
    Overlay("diff_changed_states", StateRole.DIFF_CHANGED, QT_TRANSLATE_NOOP("Legend", "Changed state (compare)"),
            QT_TRANSLATE_NOOP("Overlays", "Changed States (Compare)"),
            extra_ids("diff_changed_states"), default=False),
    Overlay("diff_changed", TransitionRole.DIFF_CHANGED, QT_TRANSLATE_NOOP("Legend", "Changed transition (compare)"),
            QT_TRANSLATE_NOOP("Overlays", "Changed Transitions (Compare)"), extra_ids("diff_changed"), default=False),
    Overlay("diff_removed_ends", StateRole.DIFF_REMOVED_END,
            QT_TRANSLATE_NOOP("Legend", "Lost a transition (compare; see the list)"),
            QT_TRANSLATE_NOOP("Overlays", "Ends of Removed Items (Compare)"), extra_ids("diff_removed_ends"),
            default=False),
    # Quiz marks: the window's quiz panel sets their ids and switches them on while a quiz runs.
    Overlay("quiz_asked", TransitionRole.QUIZ_ASKED, QT_TRANSLATE_NOOP("Legend", "Asked way out (quiz)"),
            QT_TRANSLATE_NOOP("Overlays", "Asked Way Out (Quiz)"), extra_ids("quiz_asked"), default=False),
    Overlay("quiz_choices", StateRole.QUIZ_CHOICE, QT_TRANSLATE_NOOP("Legend", "A choice (quiz)"),
            QT_TRANSLATE_NOOP("Overlays", "Choices (Quiz)"), extra_ids("quiz_choices"), default=False),
    Overlay("quiz_answer", StateRole.QUIZ_ANSWER, QT_TRANSLATE_NOOP("Legend", "Right answer (quiz)"),
            QT_TRANSLATE_NOOP("Overlays", "Right Answer (Quiz)"), extra_ids("quiz_answer"), default=False),
    Overlay("quiz_revealed", TransitionRole.QUIZ_REVEALED, QT_TRANSLATE_NOOP("Legend", "Where it leads (quiz)"),
            QT_TRANSLATE_NOOP("Overlays", "Revealed Way Out (Quiz)"), extra_ids("quiz_revealed"), default=False),
    Overlay("quiz_wrong", StateRole.QUIZ_WRONG, QT_TRANSLATE_NOOP("Legend", "Wrong pick (quiz)"),
            QT_TRANSLATE_NOOP("Overlays", "Wrong Pick (Quiz)"), extra_ids("quiz_wrong"), default=False),
)

#: The overlays a quiz switches on (and off again when it is left).
QUIZ_OVERLAYS: tuple[str, ...] = ("quiz_asked", "quiz_choices", "quiz_answer", "quiz_revealed", "quiz_wrong")

#: The overlays the compare view switches on (and off again when it is left).
COMPARE_OVERLAYS: tuple[str, ...] = (
    "diff_added_states", "diff_added", "diff_changed_states", "diff_changed", "diff_removed_ends",
)


def overlay_ids(sources: OverlaySources) -> Mapping[str, frozenset[str]]:
    """Each overlay's ids from ``sources``, by overlay name."""
    return MappingProxyType({o.name: frozenset(o.ids(sources)) for o in OVERLAYS})


def _frozen_mapping(value: Mapping[str, tuple[int, ...]]) -> Mapping[str, tuple[int, ...]]:
    return MappingProxyType(dict(value))


@dataclass(frozen=True)
class Highlight:
    """What matters now, as ids; the window builds one and hands it to the scene.

    Session parts: ``current``, ``available`` (transition ids), ``visited``
    (state ids), ``taken``, ``path``, ``path_target``. Overlay parts:
    ``overlays`` maps each overlay's name (a row of :data:`OVERLAYS`) to the
    ids it marks, ``hidden`` names the overlays switched off. ``focus`` (a
    session is running) calms everything that is not current, a way out, on
    the path, taken, or marked by an overlay that keeps full strength.
    """

    current: str | None = None
    available: frozenset[str] = frozenset()
    visited: frozenset[str] = frozenset()
    #: transition id -> the step numbers (1-based) at which it was taken.
    taken: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    path: tuple[str, ...] = ()
    path_target: str | None = None
    #: A state id or a transition id.
    selected: str | None = None
    #: Overlay name -> the ids it marks (shown unless the name is in ``hidden``).
    overlays: Mapping[str, frozenset[str]] = field(default_factory=dict)
    #: Names of the overlays switched off.
    hidden: frozenset[str] = frozenset()
    #: How strongly to calm the context (True means the default strength).
    focus: Focus = Focus.OFF

    def __post_init__(self) -> None:
        # Accept any iterables/mappings but store immutable ones, so a
        # Highlight can be shared and compared safely.
        for name in ("available", "visited", "hidden"):
            value = getattr(self, name)
            if not isinstance(value, frozenset):
                object.__setattr__(self, name, frozenset(value))
        object.__setattr__(self, "path", tuple(self.path))
        object.__setattr__(self, "taken", _frozen_mapping(self.taken))
        if not isinstance(self.overlays, MappingProxyType):
            object.__setattr__(
                self, "overlays", MappingProxyType({k: frozenset(v) for k, v in self.overlays.items()})
            )
        if isinstance(self.focus, bool):
            object.__setattr__(self, "focus", DEFAULT_FOCUS if self.focus else Focus.OFF)
        elif not isinstance(self.focus, Focus):
            object.__setattr__(self, "focus", Focus(self.focus))

    @classmethod
    def from_analysis(
        cls,
        analysis: Analysis | None,
        *,
        extra: Mapping[str, Iterable[str]] | None = None,
        **changes: object,
    ) -> Highlight:
        """Every overlay's ids computed from ``analysis`` and the ``extra`` id sets
        (by overlay name), plus any session or view fields given."""
        sources = OverlaySources(analysis, {k: frozenset(v) for k, v in (extra or {}).items()})
        return cls(overlays=overlay_ids(sources), **changes)  # type: ignore[arg-type]

    def shown(self, overlay: str) -> frozenset[str]:
        """The ids ``overlay`` marks now (none when it is switched off)."""
        if overlay in self.hidden:
            return frozenset()
        return self.overlays.get(overlay, frozenset())


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
    #: The clock mark's colour: never calmed by focus.
    timeout_color: QColor
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
    if StateRole.UNVISITED in r:
        border, width, style = Palette.uncovered, 3.0, Qt.PenStyle.DotLine
    if StateRole.DIFF_REMOVED_END in r:
        border, width, style = Palette.diff_removed, 3.0, Qt.PenStyle.DotLine
    if StateRole.DIFF_CHANGED in r:
        fill, border, width, style = Palette.diff_changed_fill, Palette.diff_changed, 3.0, Qt.PenStyle.DashDotLine
    if StateRole.DIFF_ADDED in r:
        fill, border, width, style = Palette.diff_added_fill, Palette.diff_added, 3.5, Qt.PenStyle.SolidLine
    # Quiz marks: a choice is outlined (dotted, it may be wrong), the answer filled and ringed.
    if StateRole.QUIZ_CHOICE in r:
        border, width, style = Palette.current, 3.0, Qt.PenStyle.DotLine
    if StateRole.QUIZ_WRONG in r:
        # Crossed out, so it is not read as a trap (the other dashed vermillion border).
        fill, border, width, style = Palette.state_fill, Palette.defect, 4.0, Qt.PenStyle.SolidLine
        overlay = QBrush(Palette.defect.lighter(175), Qt.BrushStyle.DiagCrossPattern)
    if StateRole.QUIZ_ANSWER in r:
        fill, border, width, style = Palette.taken_fill, Palette.taken, 4.5, Qt.PenStyle.SolidLine
        ring = _pen(Palette.taken, 3.0)
    # Focus calms with lighter colours, not transparency: the contrast stays known.
    if StateRole.DIMMED in r:
        fill, border, width, text = Palette.context_fill, Palette.context_border, 1.3, Palette.context_text
    if StateRole.DIMMED_STRONG in r:
        fill, border, width, text = Palette.faint_fill, Palette.faint_border, 1.0, Palette.faint_text
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
    if TransitionRole.UNTAKEN in r:
        color, width, label_color, z = Palette.uncovered, 2.6, Palette.uncovered.darker(130), 3.0
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
    # Compare marks win over the session's colours: they are shown only while comparing.
    if TransitionRole.DIFF_CHANGED in r:
        color, width, label_color, z = Palette.diff_changed, 3.5, Palette.diff_changed.darker(120), max(z, 3.0)
        always = True
    if TransitionRole.DIFF_ADDED in r:
        color, width, label_color, z = Palette.diff_added, 3.5, Palette.diff_added, max(z, 3.0)
        always = True
    # The asked way out: the label reads from the back row, the line fades so it does not point at the answer.
    if TransitionRole.QUIZ_ASKED in r:
        color, width, label_color, z = Palette.faint_border, 1.0, Palette.current_dark, 8.0
        always = boost = bold = True
    if TransitionRole.QUIZ_REVEALED in r:
        color, width, label_color, z = Palette.taken, 4.5, Palette.taken.darker(140), 9.0
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
    # A timeout's clock keeps the colour it has without focus.
    timeout_color = label_color
    # Focus: the story is in colour, everything else a lighter grey that still
    # reads (the dash and the clock still tell a timeout).
    if TransitionRole.DIMMED in r:
        color, label_color, width = Palette.context_edge, Palette.context_label, 1.2
    if TransitionRole.DIMMED_STRONG in r:
        color, label_color, width = Palette.context_edge, Palette.faint_text, 1.0
    pen_style = Qt.PenStyle.DashLine if TransitionRole.TIMEOUT in r else Qt.PenStyle.SolidLine
    if TransitionRole.UNTAKEN in r and TransitionRole.TIMEOUT not in r:
        pen_style = Qt.PenStyle.DotLine
    elif TransitionRole.DIFF_CHANGED in r and TransitionRole.TIMEOUT not in r:
        pen_style = Qt.PenStyle.DashDotLine
    border = QPen(color, 1.0 if color in (Palette.calm_edge, Palette.context_edge) else 1.5)
    return TransitionStyle(
        pen=_pen(color, width, pen_style),
        arrow_brush=QBrush(color),
        label_color=QColor(label_color),
        label_border=border,
        always_label=always,
        boost_label=boost,
        bold_label=bold,
        show_timeout_mark=TransitionRole.TIMEOUT in r,
        timeout_color=QColor(timeout_color),
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


@lru_cache(maxsize=None)
def _leader_pen(rgba: int) -> QPen:
    pen = QPen(QColor.fromRgba(rgba), 1.5)
    pen.setCosmetic(True)  # one pixel on screen at every zoom: a hint, not another edge
    return pen


def leader_pen(color: QColor) -> QPen:
    """The thin line joining a label set away from its edge to the edge, in the edge's colour."""
    return _leader_pen(color.rgba())


use_palette("light")
