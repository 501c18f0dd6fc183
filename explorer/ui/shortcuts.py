"""Every key the program answers to, in one table: the actions, the panel and the help read it.

One row per command: a name the code looks it up by, its keys, and the
sentence the Keyboard Shortcuts dialog (and the README) shows. Keys are Qt's
standard keys (:class:`QKeySequence.StandardKey`) where Qt has one, so they fit
each platform (zoom, reload, full screen, find, undo and redo differ between
Windows, macOS, KDE and GNOME); the rest are written out.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QKeySequence

from explorer.ui.i18n import QT_TRANSLATE_NOOP

Std = QKeySequence.StandardKey
Key = str | QKeySequence.StandardKey


@dataclass(frozen=True)
class Shortcut:
    """A command's keys and what it does."""

    #: The name code looks the row up by (:func:`keys_for`).
    name: str
    #: Written keys ("Ctrl+T") or Qt standard keys, in the order the help lists them.
    keys: tuple[Key, ...]
    #: What the keys do, as the help says it (English; :func:`help_rows` gives it in the UI language).
    description: str
    #: How the help writes the keys when listing them one by one would be long ("1 … 9").
    display: str | None = None


#: The table, in the order the help lists it.
SHORTCUTS: tuple[Shortcut, ...] = (
    Shortcut("open", (Std.Open,), QT_TRANSLATE_NOOP("Shortcuts", "Open a machine")),
    Shortcut("reload", (Std.Refresh,), QT_TRANSLATE_NOOP("Shortcuts", "Reload the machine from disk")),
    Shortcut("export", ("Ctrl+E",), QT_TRANSLATE_NOOP("Shortcuts", "Export the picture (SVG, PNG, PDF)")),
    Shortcut("fire", tuple(str(n) for n in range(1, 10)),
             QT_TRANSLATE_NOOP("Shortcuts", "Fire the numbered way out of the current state"),
             display="1 … 9"),
    # Undo and redo step through the session's history, so they carry its keys.
    Shortcut("back", ("Alt+Left", Std.Undo), QT_TRANSLATE_NOOP("Shortcuts", "Back one step")),
    Shortcut("forward", ("Alt+Right", Std.Redo), QT_TRANSLATE_NOOP("Shortcuts", "Forward one step")),
    # Not Ctrl+R: that is Reload on some platforms.
    Shortcut("restart", ("Ctrl+Shift+R",), QT_TRANSLATE_NOOP("Shortcuts", "Restart the session")),
    Shortcut("wait", ("Ctrl+T",), QT_TRANSLATE_NOOP("Shortcuts", "Wait for the next timeout")),
    Shortcut("run_clock", ("Ctrl+Space",), QT_TRANSLATE_NOOP("Shortcuts", "Run / pause the session clock")),
    Shortcut("find", (Std.Find,), QT_TRANSLATE_NOOP("Shortcuts", "Find a state by name")),
    Shortcut("go_to", ("Ctrl+G",), QT_TRANSLATE_NOOP("Shortcuts", "Go to a state: show the shortest path")),
    Shortcut("copy_trace", ("Ctrl+Shift+C",), QT_TRANSLATE_NOOP("Shortcuts", "Copy the trace as Markdown")),
    # Ctrl+= too: on many keyboards + needs Shift.
    Shortcut("zoom_in", (Std.ZoomIn, "Ctrl+="), QT_TRANSLATE_NOOP("Shortcuts", "Zoom in")),
    Shortcut("zoom_out", (Std.ZoomOut,), QT_TRANSLATE_NOOP("Shortcuts", "Zoom out")),
    Shortcut("zoom_fit", ("Ctrl+0",), QT_TRANSLATE_NOOP("Shortcuts", "Fit to window")),
    Shortcut("next_language", ("Ctrl+L",), QT_TRANSLATE_NOOP("Shortcuts", "Switch label language")),
    Shortcut("all_labels", ("Ctrl+Shift+L",), QT_TRANSLATE_NOOP("Shortcuts", "Show all trigger labels")),
    Shortcut("focus", ("Ctrl+Shift+F",), QT_TRANSLATE_NOOP("Shortcuts", "Focus on the session (dim the rest)")),
    # F11 as well: presenters expect it, and GNOME's standard key is Ctrl+F11.
    Shortcut("full_screen", (Std.FullScreen, "F11"), QT_TRANSLATE_NOOP("Shortcuts", "Full screen (projector)")),
    # One key leaves whichever mode is on (a compare view first, then presenting).
    Shortcut("leave", ("Esc",), QT_TRANSLATE_NOOP("Shortcuts", "Leave the compare view or presentation mode")),
    # F5 is Reload, and a remote's F5 would reload the file: presenting has a key of its own.
    Shortcut("present", ("F6",),
             QT_TRANSLATE_NOOP("Shortcuts", "Presentation mode: canvas and session bar only, text sized for the room")),
    Shortcut("centre", ("Ctrl+Home",), QT_TRANSLATE_NOOP("Shortcuts", "Centre on the current state")),
    Shortcut("way_out_next", ("Tab", "Shift+Tab"),
             QT_TRANSLATE_NOOP("Shortcuts", "Move through the ways out of the current state on the canvas "
             "(Enter takes one)"), display="Tab, Shift+Tab"),
    # The keys presenter remotes send; they work while presenting (the canvas keeps the arrows otherwise).
    Shortcut("present_step", ("PgDown", "Right"),
             QT_TRANSLATE_NOOP("Shortcuts", "Presenting: next step of the loaded scenario, else take the chosen way out")),
    Shortcut("present_back", ("PgUp", "Left"), QT_TRANSLATE_NOOP("Shortcuts", "Presenting: back one step")),
    Shortcut("present_blank", ("B", "."),
             QT_TRANSLATE_NOOP("Shortcuts", "Presenting: blank the screen (any key shows it again)")),
    # The quiz takes these keys while it runs (its panel filters them before the shortcuts above), so
    # the rows name no keys of their own: 1-4 and Esc belong to "fire" and "leave" the rest of the time.
    Shortcut("quiz_answer", (), QT_TRANSLATE_NOOP("Shortcuts", "Quiz: answer with choice 1 to 4"), display="1 … 4"),
    # Esc leaves a quiz too; the README table has one row per key, so the sentence says so here.
    Shortcut("quiz_next", (), QT_TRANSLATE_NOOP("Shortcuts", "Quiz: reveal the answer, then the next question "
                                                              "(Esc leaves the quiz)"),
             display="Space, Enter"),
    Shortcut("shortcuts", (Std.HelpContents,), QT_TRANSLATE_NOOP("Shortcuts", "This list")),
    Shortcut("quit", (Std.Quit,), QT_TRANSLATE_NOOP("Shortcuts", "Quit")),
)

_BY_NAME = {row.name: row for row in SHORTCUTS}


def shortcut(name: str) -> Shortcut:
    """The row called ``name`` (KeyError for a name the table lacks: a typo in code)."""
    return _BY_NAME[name]


@cache
def _resolved() -> dict[str, tuple[QKeySequence, ...]]:
    """Each row's key sequences on this platform.

    A standard key may expand to a key another row writes out (KDE's full
    screen is Ctrl+Shift+F, our focus mode); the written key wins, since an
    ambiguous key would do nothing at all. Qt's key names that are not
    keyboard keys (the "Open" or "Zoom In" keys of some keyboards) stay: they
    do no harm where there is no such key.
    """
    written = {(QKeySequence(k).toString(), row.name) for row in SHORTCUTS for k in row.keys if isinstance(k, str)}
    out: dict[str, tuple[QKeySequence, ...]] = {}
    for row in SHORTCUTS:
        elsewhere = {text for text, name in written if name != row.name}
        seen: dict[str, QKeySequence] = {}
        for key in row.keys:
            if isinstance(key, str):
                sequence = QKeySequence(key)
                seen.setdefault(sequence.toString(), sequence)
                continue
            for sequence in QKeySequence.keyBindings(key):
                text = sequence.toString()
                if text not in elsewhere:
                    seen.setdefault(text, sequence)
        out[row.name] = tuple(seen.values())
    return out


def keys_for(name: str) -> list[QKeySequence]:
    """The key sequences of ``name`` on this platform, first the one menus show."""
    return list(_resolved()[name])


def keys_text(name: str) -> str:
    """The keys of ``name`` as the help, tooltips and menus write them ("Alt+Left, Ctrl+Z").

    Written keys, and the first binding of each standard key (the platform's
    usual one); "" when the platform has none (Quit on Windows).
    """
    row = shortcut(name)
    if row.display is not None:
        return row.display
    texts: list[str] = []
    for key in row.keys:
        if isinstance(key, str):
            candidates = [QKeySequence(key)]
        else:
            candidates = [s for s in keys_for(name) if s in QKeySequence.keyBindings(key)][:1]
        for sequence in candidates:
            text = sequence.toString(QKeySequence.SequenceFormat.NativeText)
            if text and text not in texts:
                texts.append(text)
    return ", ".join(texts)


def help_rows() -> list[tuple[str, str]]:
    """(keys, description) for the Keyboard Shortcuts dialog, rows without keys left out."""
    return [(text, QCoreApplication.translate("Shortcuts", row.description))
            for row in SHORTCUTS if (text := keys_text(row.name))]
