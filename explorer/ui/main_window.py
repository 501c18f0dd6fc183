"""The main window: a machine on the canvas, the live session beside it.

The window owns the document (machine, analysis, layout, session) and the
view choices; it is the only widget that shows dialogs. Layouts are computed
off the UI thread; highlighting only restyles the scene's existing items.
"""

from __future__ import annotations

import html
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, QStandardPaths, Qt, QTimer, QFileSystemWatcher, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QComboBox,
    QCompleter,
    QFileDialog,
    QInputDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QWidget,
)

from explorer import __version__
from explorer import durations
from explorer.analysis import Analysis, analyse
from explorer.engines import ENGINES
from explorer.errors import ExplorerError, LoadError, MachineError, Problem
from explorer.layout import Layout, LayoutCache, LayoutOptions, compute_layout, neighbourhood
from explorer.model import Machine
from explorer.opencache import OpenCache, Opened, OpenEntry, open_machine
from explorer.ui.jobs import LayoutJob, LoadJob
from explorer.ui.language import ContentLanguage
from explorer.ui.legend import LegendWidget
from explorer.ui.scene import GraphScene
from explorer.ui.session_controller import SessionController
from explorer.ui.session_panel import SessionPanel
from explorer.ui import style as st
from explorer.ui.shortcuts import help_rows, keys_for, keys_text
from explorer.ui.style import Focus, Highlight
from explorer.ui.texts import state_html, transition_html
from explorer.ui.view import GraphView

#: Above this many states an uncached layout first shows the neighbourhood view.
NEIGHBOURHOOD_THRESHOLD = 150
#: Files larger than this are read off the UI thread (about 250 states).
BACKGROUND_LOAD_BYTES = 256 * 1024
MAX_RECENT = 10


class MainWindow(QMainWindow):
    """One machine at a time; opening another keeps this one until it loads."""

    #: A machine was loaded and shown (its path).
    machine_loaded = Signal(str)
    #: A layout was drawn (full or neighbourhood).
    layout_drawn = Signal()
    #: A layout was requested (its LayoutOptions): every Graphviz run of the window starts here.
    layout_started = Signal(object)
    #: The requested layout ended: True when it was drawn, False when it failed or was cancelled.
    layout_finished = Signal(bool)
    #: An error for the user: (title, message, details). :meth:`show_error` shows it in a
    #: dialog; tests disconnect that and read the signal instead.
    error_reported = Signal(str, str, str)

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        self.setWindowTitle("State Explorer")
        self.setAcceptDrops(True)
        self._settings = settings or QSettings()
        self.machine: Machine | None = None
        self.path: Path | None = None
        self.analysis: Analysis | None = None
        self.layout: Layout | None = None
        self.controller: SessionController | None = None
        self.scene: GraphScene | None = None
        self._selected: str | None = None
        self._job: LayoutJob | None = None
        self._generation = 0
        self._load_generation = 0
        self._partial = False  # the scene shows a neighbourhood, the full layout is on its way
        self.error_reported.connect(self.show_error)
        #: Overlay ids computed outside the analysis (coverage, diff, tours), by overlay name.
        self._extra_overlay_ids: dict[str, frozenset[str]] = {}
        #: The one owner of the content language; the scene, panel and controller share it.
        self.content_language = ContentLanguage(parent=self)
        self.content_language.changed.connect(self._on_content_language_changed)

        cache_dir = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
        self._cache = LayoutCache(Path(cache_dir) / "layouts") if cache_dir else None
        #: Whole opens (machine, analysis, layout) beside the layouts; its ``stats`` say what it did.
        self.open_cache = OpenCache(Path(cache_dir) / "layouts") if cache_dir else None
        self._opened: Opened | None = None  # how the open machine was read: where its cache entry goes

        self.view = GraphView(self)
        self.view.zoom_changed.connect(self._on_view_zoom_changed)
        self.setCentralWidget(self.view)
        self._build_docks()
        self._build_status_bar()
        self._build_actions()
        self._build_menus()

        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_watcher_file_changed)
        self._reload_timer = QTimer(self, singleShot=True, interval=300)
        self._reload_timer.timeout.connect(lambda: self.reload(auto=True))

        self._restore_settings()

    # -- construction ----------------------------------------------------------

    def _build_docks(self) -> None:
        self.session_panel = SessionPanel(self, language=self.content_language)
        self.session_panel.open_scenario_requested.connect(self.open_scenario_dialog)
        self.session_panel.save_scenario_requested.connect(self.save_scenario_dialog)
        self.session_panel.message_emitted.connect(self._show_message)
        self.session_dock = self._dock("Session", self.session_panel, Qt.DockWidgetArea.RightDockWidgetArea)

        self.inspector = QTextBrowser(self)
        self.inspector.setOpenLinks(False)
        self.inspector.setMinimumWidth(280)
        self.inspector_dock = self._dock("Inspector", self.inspector, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.session_dock, self.inspector_dock)
        self.session_dock.raise_()

        self.legend = LegendWidget(self)
        # The legend runs along the bottom of the canvas, so the canvas keeps
        # the screen's width and the session panel its full height.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.legend_dock = self._dock("Legend", self.legend, Qt.DockWidgetArea.BottomDockWidgetArea)

        self.problems = QListWidget(self)
        self.problems_dock = self._dock("Problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea)
        self.problems_dock.hide()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.counts_label = QLabel(self)
        bar.addPermanentWidget(self.counts_label)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # busy indicator: Graphviz reports no progress
        self.busy.setMaximumWidth(160)
        self.busy.setTextVisible(False)
        self.busy_label = QLabel(self)
        self.cancel_button = QPushButton("Cancel", self)
        self.cancel_button.clicked.connect(self.cancel_layout)
        for w in (self.busy_label, self.busy, self.cancel_button):
            bar.addPermanentWidget(w)
            w.hide()

    def _action(self, text: str, slot, shortcut: str | QKeySequence | list | None = None, *,
                checkable: bool = False, checked: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)
        action.setCheckable(checkable)
        if checkable:
            action.setChecked(checked)
            action.toggled.connect(slot)
        else:
            action.triggered.connect(slot)
        self.addAction(action)  # shortcuts work even with menus hidden in full screen
        return action

    def _build_actions(self) -> None:
        # Keys come from the one table in explorer.ui.shortcuts (also read by the panel and the help).
        self.open_action = self._action("&Open…", self.open_dialog, keys_for("open"))
        self.reload_action = self._action("&Reload", lambda: self.reload(), keys_for("reload"))
        self.export_action = self._action("&Export Picture…", self.export_picture_dialog, keys_for("export"))
        self.export_mermaid_action = self._action("Export &Mermaid…", lambda: self.export_text_dialog("mermaid"))
        self.export_markdown_action = self._action("Export Mark&down Table…",
                                                   lambda: self.export_text_dialog("markdown"))
        self.quit_action = self._action("&Quit", self.close, keys_for("quit"))

        #: One checkable action per row of style.OVERLAYS, by overlay name.
        self.overlay_actions: dict[str, QAction] = {
            o.name: self._action(o.menu_text, self._on_overlay_toggled, checkable=True, checked=o.default)
            for o in st.OVERLAYS
        }
        #: View > Focus on Session: how strongly a session calms the rest of the flow.
        self.focus_group = QActionGroup(self)
        self.focus_actions: dict[Focus, QAction] = {}
        for level, text in ((Focus.OFF, "&Off"), (Focus.LIGHT, "&Light"), (Focus.STRONG, "&Strong")):
            a = QAction(text, self, checkable=True)
            a.setData(level.value)
            a.setChecked(level is st.DEFAULT_FOCUS)
            self.focus_group.addAction(a)
            self.focus_actions[level] = a
        self.focus_group.triggered.connect(lambda _a: self.refresh_highlight())
        #: One key switches focus off and back to the strength chosen before.
        self.focus_toggle_action = self._action("Toggle &Focus", self.toggle_focus, keys_for("focus"))
        self._focus_before_off = st.DEFAULT_FOCUS
        self.all_labels_action = self._action("Show All Trigger &Labels", self._on_all_labels_toggled,
                                              keys_for("all_labels"), checkable=True)

        self.zoom_in_action = self._action("Zoom &In", lambda: self.view.zoom_in(), keys_for("zoom_in"))
        self.zoom_out_action = self._action("Zoom &Out", lambda: self.view.zoom_out(), keys_for("zoom_out"))
        self.zoom_fit_action = self._action("&Fit to Window", lambda: self.view.zoom_fit(), keys_for("zoom_fit"))
        self.full_screen_action = self._action("F&ull Screen", self._on_full_screen_toggled, keys_for("full_screen"),
                                               checkable=True)
        self.next_lang_action = self._action("Next Label &Language", self.cycle_language, keys_for("next_language"))

        self.shortcuts_action = self._action("&Keyboard Shortcuts", self.show_shortcuts, keys_for("shortcuts"))
        self.about_action = self._action("&About State Explorer", self.show_about)

        self.find_action = self._action("&Find State…", self.find_state_dialog, keys_for("find"))
        self.go_to_action = self._action("&Go to State…", self.pick_target, keys_for("go_to"))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        file_menu.addAction(self.reload_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.export_mermaid_action)
        file_menu.addAction(self.export_markdown_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        view_menu = bar.addMenu("&View")
        overlays = view_menu.addMenu("&Overlays")
        for action in self.overlay_actions.values():
            overlays.addAction(action)
        focus_menu = view_menu.addMenu("&Focus on Session")
        for action in self.focus_actions.values():
            focus_menu.addAction(action)
        focus_menu.addSeparator()
        focus_menu.addAction(self.focus_toggle_action)
        view_menu.addAction(self.all_labels_action)
        view_menu.addSeparator()

        self.engine_menu = view_menu.addMenu("Layout &Engine")
        self.engine_group = QActionGroup(self)
        for name in ENGINES:
            a = QAction("Automatic" if name == "auto" else name, self, checkable=True)
            a.setData(name)
            a.setChecked(name == "auto")
            self.engine_group.addAction(a)
            self.engine_menu.addAction(a)
        self.engine_group.triggered.connect(lambda _a: self.relayout())

        self.direction_menu = view_menu.addMenu("&Direction")
        self.direction_group = QActionGroup(self)
        for code, text in (("LR", "Left to Right"), ("TB", "Top to Bottom")):
            a = QAction(text, self, checkable=True)
            a.setData(code)
            a.setChecked(code == "TB")
            self.direction_group.addAction(a)
            self.direction_menu.addAction(a)
        self.direction_group.triggered.connect(lambda _a: self.relayout())

        self.language_menu = view_menu.addMenu("&Language")
        self.language_group = QActionGroup(self)
        self.language_group.triggered.connect(lambda a: self.set_language(a.data()))
        view_menu.addAction(self.next_lang_action)
        view_menu.addSeparator()
        for a in (self.zoom_in_action, self.zoom_out_action, self.zoom_fit_action):
            view_menu.addAction(a)
        view_menu.addAction(self.full_screen_action)
        view_menu.addSeparator()
        for dock in (self.session_dock, self.inspector_dock, self.legend_dock, self.problems_dock):
            view_menu.addAction(dock.toggleViewAction())

        session_menu = bar.addMenu("&Session")
        session_menu.addAction(self.find_action)
        session_menu.addAction(self.go_to_action)
        session_menu.addSeparator()
        # The panel owns these keys (QShortcut); a second owner would make them
        # ambiguous, so the menu only shows them after a tab.
        for text, name, slot in (
            ("Back", "back", lambda: self.controller and self.controller.back()),
            ("Forward", "forward", lambda: self.controller and self.controller.forward()),
            ("Restart", "restart", lambda: self.controller and self.controller.restart()),
            ("Wait for Next Timeout", "wait", lambda: self.controller and self.controller.wait_for_next_timeout()),
            ("Run / Pause Clock", "run_clock", self._toggle_clock),
        ):
            session_menu.addAction(f"{text}\t{keys_text(name).split(', ')[0]}", slot)
        session_menu.addSeparator()
        session_menu.addAction(self._action("Copy Trace as Markdown", lambda: self.session_panel.copy_trace(),
                                            keys_for("copy_trace")))
        session_menu.addAction("Open Scenario…", self.open_scenario_dialog)
        session_menu.addAction("Save Scenario…", self.save_scenario_dialog)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.shortcuts_action)
        help_menu.addAction(self.about_action)

    # -- settings ----------------------------------------------------------------

    def _restore_settings(self) -> None:
        s = self._settings
        geometry = s.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            screen = self.screen().availableGeometry()
            self.setGeometry(screen.adjusted(20, 20, -20, -20) if screen.width() > 1200 else screen)
        state = s.value("window/state")
        if state is not None:
            self.restoreState(state)
        for o in st.OVERLAYS:
            self.overlay_actions[o.name].setChecked(s.value(o.settings_key, o.default, type=bool))
        self.focus_actions[_focus_setting(s.value("view/focus", st.DEFAULT_FOCUS.value, type=str))].setChecked(True)
        engine = s.value("view/engine", "auto")
        for a in self.engine_group.actions():
            a.setChecked(a.data() == engine)
        # Top to bottom by default: flows have few ranks and many states per
        # rank, which fills a wide screen (measured: labels 2x larger at fit).
        direction = s.value("view/direction", "TB")
        for a in self.direction_group.actions():
            a.setChecked(a.data() == direction)
        self.content_language.set(s.value("view/language") or None)
        self._rebuild_recent_menu()

    def _save_settings(self) -> None:
        s = self._settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        for o in st.OVERLAYS:
            s.setValue(o.settings_key, self.overlay_actions[o.name].isChecked())
        s.setValue("view/focus", self.focus_strength().value)
        s.setValue("view/engine", self.engine())
        s.setValue("view/direction", self.direction())
        if self.content_language.chosen:
            s.setValue("view/language", self.content_language.chosen)
        s.sync()

    def recent_files(self) -> list[str]:
        value = self._settings.value("recent/files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in (value or [])]

    def _remember_recent(self, path: Path) -> None:
        files = [str(path)] + [f for f in self.recent_files() if f != str(path)]
        self._settings.setValue("recent/files", files[:MAX_RECENT])
        self._rebuild_recent_menu()

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for f in files:
            action = self.recent_menu.addAction(Path(f).name)
            action.setToolTip(f)
            action.setStatusTip(f)
            action.triggered.connect(lambda _=False, f=f: self.open_file(Path(f)))
        self.recent_menu.setEnabled(bool(files))

    # -- the document ------------------------------------------------------------

    def engine(self) -> str:
        checked = self.engine_group.checkedAction()
        return checked.data() if checked else "auto"

    def direction(self) -> str:
        checked = self.direction_group.checkedAction()
        return checked.data() if checked else "TB"

    def language(self) -> str:
        """The language content is shown in (asked of :attr:`content_language`)."""
        return self.content_language.current

    def layout_options(self) -> LayoutOptions:
        # The window lays out without room for every trigger label: labels of
        # the transitions that matter now are drawn on their curves, the rest
        # on zoom, so the flow stays large enough to read at fit-to-window.
        return LayoutOptions(engine=self.engine(), direction=self.direction(), lang=self.language(),
                             edge_labels=False)

    def open_file(self, path: Path, *, show_errors: bool = True, keep_state: str | None = None,
                  background: bool | None = None) -> bool:
        """Load ``path``; on failure show the problems and keep what was open.

        Big files are read off the UI thread (``background`` None: decided by
        size); then True means "started" and :attr:`machine_loaded` or the
        problems follow. ``keep_state`` continues the session in that state.
        """
        if background is None:
            try:
                background = path.stat().st_size > BACKGROUND_LOAD_BYTES
            except OSError:
                background = False  # the loader reports the missing file
        if background:
            self._load_generation += 1
            job = LoadJob(path, self._load_generation, self, open_cache=self.open_cache)
            job.loaded.connect(lambda m, g: g == self._load_generation and self._finish_open(m, path, keep_state,
                                                                                           opened=job.opened))
            job.failed.connect(lambda p, g: g == self._load_generation and self._fail_open(path, p, show_errors))
            self._set_busy(f"Reading {path.name}…")
            job.start()
            return True
        try:
            opened = open_machine(path, self.open_cache)
        except LoadError as e:
            self._fail_open(path, e.problems, show_errors)
            return False
        except (OSError, ExplorerError) as e:
            self._fail_open(path, [Problem(str(path), 0, 0, str(e))], show_errors)
            return False
        self._finish_open(opened.machine, path, keep_state, opened=opened)
        return True

    def _finish_open(self, machine: Machine, path: Path, keep_state: str | None,
                     opened: Opened | None = None) -> None:
        self._set_busy(None)
        self._opened = opened if opened is not None and opened.machine is machine else None
        self._set_machine(machine, path.resolve(), start=keep_state if keep_state and machine.has_state(keep_state)
                          else None)
        self._remember_recent(path.resolve())

    def _fail_open(self, path: Path, problems: list[Problem], show_errors: bool) -> None:
        self._set_busy(None)
        self._show_problems(problems)
        if show_errors:
            self._error_dialog(f"{path.name} could not be opened", problems)

    def reload(self, *, auto: bool = False) -> bool:
        """Read the open file again, keeping the session's current state if it still exists."""
        if self.path is None:
            return False
        keep_state = self.controller.session.current if self.controller else None
        ok = self.open_file(self.path, show_errors=not auto, keep_state=keep_state)
        if ok:
            self.statusBar().showMessage(f"Reloaded {self.path.name}", 4000)
        elif auto:
            self.statusBar().showMessage(f"{self.path.name} changed on disk but has errors; "
                                         "showing the last good version (see Problems)", 10000)
        return ok

    def _set_machine(self, machine: Machine, path: Path, start: str | None = None) -> None:
        if self.path is not None and str(self.path) in self._watcher.files():
            self._watcher.removePath(str(self.path))
        self.machine = machine
        self.path = path
        self._watcher.addPath(str(path))
        hit = self._opened.entry if self._opened is not None and self._opened.machine is machine else None
        self.analysis = hit.analysis if hit is not None else analyse(machine)
        self._selected = None
        # After the analysis: a language change redraws the inspector from it.
        self.content_language.set_machine(machine)
        self.problems.clear()
        self.problems_dock.hide()
        self._rebuild_language_menu()
        self._new_session(start=start)
        self.setWindowTitle(f"{machine.name} — State Explorer")
        self._update_counts()
        self.inspector.setHtml(self._machine_html())
        self.relayout()
        self.machine_loaded.emit(str(path))

    def _new_session(self, start: str | None = None) -> None:
        assert self.machine is not None
        old = self.controller
        self.controller = SessionController(self.machine, self, start=start, language=self.content_language)
        self.controller.changed.connect(self.refresh_highlight)
        self.controller.message_emitted.connect(self._show_message)
        self.session_panel.set_controller(self.controller)
        if old is not None:
            old.close()
            old.deleteLater()

    def relayout(self) -> None:
        """Lay the machine out again (engine, direction or machine changed), off the UI thread."""
        if self.machine is None:
            return
        self.cancel_layout()
        self._generation += 1
        options = self.layout_options()
        cached = self._cached_layout(options)
        if cached is not None:
            # Delivered like a job that finished at once, so the order of signals stays the same.
            self.layout_started.emit(options)
            generation = self._generation
            QTimer.singleShot(0, lambda: self._on_job_finished(cached, generation, 0.0))
            return
        job = LayoutJob(self.machine, options, self._generation, cache=self._cache, parent=self)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.cancelled.connect(self._on_job_cancelled)
        self._job = job
        self.layout_started.emit(options)
        big = len(self.machine.states) > NEIGHBOURHOOD_THRESHOLD
        if big:
            self._show_neighbourhood(options)
        self._set_busy(f"Laying out {len(self.machine.states)} states…")
        job.start()

    def _cached_layout(self, options: LayoutOptions) -> Layout | None:
        """The full layout the open cache holds for the open machine and ``options``, if any."""
        opened = self._opened
        if opened is None or opened.machine is not self.machine or opened.entry is None:
            return None
        entry = opened.entry
        return entry.layout if entry.layout is not None and entry.options == options else None

    def _store_open(self, layout: Layout, options: LayoutOptions) -> None:
        """Keep machine, analysis and this full layout for the next open of the same file."""
        opened = self._opened
        if (self.open_cache is None or opened is None or opened.machine is not self.machine
                or opened.key is None or opened.content_hash is None or self.analysis is None):
            return
        if opened.entry is not None and opened.entry.layout is layout:
            return  # it came from there
        entry = OpenEntry(opened.content_hash, self.machine, self.analysis, layout, options)
        self.open_cache.put(opened.key, entry)
        self._opened = replace(opened, entry=entry)

    def _show_neighbourhood(self, options: LayoutOptions) -> None:
        """Draw the current state's surroundings at once while the full layout runs."""
        assert self.machine is not None and self.controller is not None
        centre = self.controller.session.current
        states = neighbourhood(self.machine, centre, radius=2)
        if len(states) > 60:
            states = neighbourhood(self.machine, centre, radius=1)
        try:
            layout = compute_layout(self.machine, replace(options, engine="dot"), states=states)
        except ExplorerError as e:
            self.statusBar().showMessage(f"Neighbourhood view failed: {e}", 8000)
            return
        self._partial = True
        self._show_layout(layout)
        self.statusBar().showMessage(
            f"Showing the {len(states)} states around “{self.machine.state_label(centre, self.language())}” "
            "while the full picture is laid out…", 0)

    def cancel_layout(self) -> None:
        """Stop what runs in the background (reading a file, laying out); what is shown stays."""
        self._load_generation += 1  # a file still being read is dropped when it arrives
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self._set_busy(None)

    def _set_busy(self, text: str | None) -> None:
        for w in (self.busy, self.busy_label, self.cancel_button):
            w.setVisible(text is not None)
        self.busy_label.setText(text or "")

    def _on_job_finished(self, layout: Layout, generation: int, seconds: float) -> None:
        if generation != self._generation:
            return  # a newer request replaced this one
        job, self._job = self._job, None
        self._set_busy(None)
        self._partial = False
        self._show_layout(layout)
        self.layout_finished.emit(True)
        notes = "; ".join(layout.notes)
        if job is None:  # from the open cache
            self.statusBar().showMessage(f"Opened from the cache (laid out with {layout.engine})" +
                                         (f" — {notes}" if notes else ""), 8000)
            return
        self.statusBar().showMessage(f"Laid out with {layout.engine} in {seconds:.2f} s" +
                                     (f" — {notes}" if notes else ""), 8000)
        if job.states is None:
            self._store_open(layout, job.options)

    def _on_job_failed(self, message: str, generation: int) -> None:
        if generation != self._generation:
            return
        self._job = None
        self._set_busy(None)
        self.layout_finished.emit(False)
        self.error_reported.emit("Layout failed", message, "")

    def _on_job_cancelled(self, generation: int) -> None:
        if generation == self._generation:
            self.statusBar().showMessage("Layout cancelled", 5000)
            self.layout_finished.emit(False)

    def _show_layout(self, layout: Layout) -> None:
        assert self.machine is not None
        self.layout = layout
        old = self.scene
        scene = GraphScene(self.machine, layout, parent=self, language=self.content_language)
        scene.state_clicked.connect(self._on_scene_state_clicked)
        scene.transition_clicked.connect(self._on_scene_transition_clicked)
        scene.state_context_requested.connect(self._on_scene_state_context_requested)
        scene.set_all_labels(self.all_labels_action.isChecked())
        self.scene = scene
        self.view.set_scene_fitting(scene)
        self.refresh_highlight()
        scene.set_view_scale(self.view.zoom)
        if old is not None:
            old.deleteLater()
        self.layout_drawn.emit()

    # -- highlighting (restyles only) -------------------------------------------

    def highlight(self) -> Highlight:
        assert self.machine is not None and self.analysis is not None
        session = self.controller.highlight_fields() if self.controller else {}
        return Highlight.from_analysis(
            self.analysis,
            extra=self._extra_overlay_ids,
            selected=self._selected,
            hidden=self.hidden_overlays(),
            focus=self.focus_strength(),
            **session,
        )

    def hidden_overlays(self) -> frozenset[str]:
        """Names of the overlays switched off in View > Overlays."""
        return frozenset(name for name, action in self.overlay_actions.items() if not action.isChecked())

    def focus_strength(self) -> Focus:
        """The focus strength chosen in View > Focus on Session."""
        checked = self.focus_group.checkedAction()
        return Focus(checked.data()) if checked is not None else st.DEFAULT_FOCUS

    def toggle_focus(self) -> None:
        """Focus off, or back on at the strength chosen before it was switched off."""
        current = self.focus_strength()
        if current is Focus.OFF:
            self.set_focus_strength(self._focus_before_off)
        else:
            self._focus_before_off = current
            self.set_focus_strength(Focus.OFF)

    def set_focus_strength(self, level: Focus) -> None:
        """Choose how strongly a running session calms the rest of the flow."""
        self.focus_actions[level].setChecked(True)
        self.refresh_highlight()

    def set_overlay_ids(self, overlay: str, ids: frozenset[str] | None) -> None:
        """Give an overlay whose ids come from outside the analysis (coverage, diff, tour)
        its ids, or None to clear them; the canvas restyles."""
        if ids is None:
            self._extra_overlay_ids.pop(overlay, None)
        else:
            self._extra_overlay_ids[overlay] = frozenset(ids)
        self.refresh_highlight()

    def refresh_highlight(self) -> None:
        if self.scene is None or self.machine is None:
            return
        self.scene.apply(self.highlight())
        self.legend.set_hidden_overlays(self.hidden_overlays())
        self._update_counts()

    def _on_view_zoom_changed(self, zoom: float) -> None:
        if self.scene is not None:
            self.scene.set_view_scale(zoom)

    def _on_overlay_toggled(self, _checked: bool) -> None:
        self.refresh_highlight()

    def _on_all_labels_toggled(self, checked: bool) -> None:
        if self.scene is not None:
            self.scene.set_all_labels(checked)

    # -- canvas events -------------------------------------------------------------

    def _on_scene_state_clicked(self, state_id: str) -> None:
        self.select(state_id)

    def _on_scene_transition_clicked(self, transition_id: str) -> None:
        # Clicking a way out of the current state steps the session; any other
        # edge is only selected, so a stray click never changes the walk.
        if self.controller is not None and self.controller.session.is_available(transition_id):
            self.controller.fire(transition_id)
        self.select(transition_id)

    def _on_scene_state_context_requested(self, state_id: str, screen_pos: QPoint) -> None:
        assert self.machine is not None
        menu = QMenu(self)
        label = self.machine.state_label(state_id, self.language())
        menu.addAction(f"Show Path to “{label}”", lambda: self.set_target(state_id))
        menu.addAction("Start Session Here", lambda: self.start_session_at(state_id))
        menu.addAction("Inspect", lambda: self.select(state_id))
        if self.controller and self.controller.target is not None:
            menu.addAction("Clear Path", lambda: self.set_target(None))
        menu.popup(screen_pos)

    def select(self, item_id: str | None) -> None:
        self._selected = item_id
        if item_id and self.machine is not None:
            if self.machine.has_state(item_id):
                self.inspector.setHtml(self._state_html(item_id))
            elif self.machine.has_transition(item_id):
                self.inspector.setHtml(self._transition_html(item_id))
        self.refresh_highlight()

    def set_target(self, state_id: str | None) -> None:
        if self.controller is not None:
            self.controller.set_target(state_id)

    def start_session_at(self, state_id: str) -> None:
        self._new_session(start=state_id)
        self.refresh_highlight()

    def _toggle_clock(self) -> None:
        if self.controller is None:
            return
        self.controller.pause() if self.controller.is_running else self.controller.run_clock()

    def pick_target(self) -> None:
        self.session_panel.focus_target_picker()

    def find_state_dialog(self) -> None:
        """Ask for a state by name (Edit's usual Find key): any language, its id, or part of a name."""
        if self.machine is None:
            return
        lang = self.language()
        dialog = QInputDialog(self)
        dialog.setWindowTitle("Find State")
        dialog.setLabelText("State name (any language) or id:")
        dialog.setComboBoxEditable(True)
        dialog.setComboBoxItems(sorted((self.machine.state_label(s.id, lang) for s in self.machine.states),
                                       key=str.casefold))
        dialog.setTextValue("")
        combo = dialog.findChild(QComboBox)
        if combo is not None and combo.completer() is not None:
            # Long German names: a word from the middle of a name must find it too.
            combo.completer().setFilterMode(Qt.MatchFlag.MatchContains)
            combo.completer().setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        dialog.textValueSelected.connect(self.find_state)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    def find_state(self, query: str) -> str | None:
        """Select the state ``query`` names and bring it into view; its id, or None (and a message)."""
        if self.machine is None or not query.strip():
            return None
        try:
            state_id = self.machine.find_state(query)
        except MachineError as e:
            needle = query.strip().casefold()
            hits = [s.id for s in self.machine.states
                    if any(needle in text.casefold() for _, text in s.label.values) or needle in s.id.casefold()]
            if len(hits) != 1:
                self._show_message(str(e) if not hits else f"{query!r} is part of several names: "
                                   + ", ".join(self.machine.state_label(h, self.language()) for h in hits[:5])
                                   + (" …" if len(hits) > 5 else ""))
                return None
            state_id = hits[0]
        self.select(state_id)
        if self.scene is not None and state_id in self.scene.item_for_state:
            self.view.centerOn(self.scene.item_for_state[state_id])
        return state_id

    # -- language ------------------------------------------------------------------

    def _rebuild_language_menu(self) -> None:
        for a in self.language_group.actions():
            self.language_group.removeAction(a)
        self.language_menu.clear()
        if self.machine is None:
            return
        for lang in self.machine.languages:
            a = QAction(lang, self, checkable=True)
            a.setData(lang)
            a.setChecked(lang == self.language())
            self.language_group.addAction(a)
            self.language_menu.addAction(a)

    def set_language(self, lang: str) -> None:
        """Choose the content language; the canvas, panel and controller follow :attr:`content_language`."""
        self.content_language.set(lang)

    def cycle_language(self) -> None:
        self.content_language.cycle()

    def _on_content_language_changed(self, lang: str) -> None:
        for a in self.language_group.actions():
            a.setChecked(a.data() == lang)
        if self._selected:
            self.select(self._selected)
        elif self.machine is not None and self.analysis is not None:
            self.inspector.setHtml(self._machine_html())

    # -- status, inspector ---------------------------------------------------------

    def _update_counts(self) -> None:
        if self.machine is None or self.analysis is None:
            self.counts_label.setText("")
            return
        a = self.analysis
        self.counts_label.setText(
            f"{self.machine.name}  ·  {len(self.machine.states)} states  ·  "
            f"{len(self.machine.transitions)} transitions  ·  {len(a.unreachable)} unreachable  ·  "
            f"{len(a.timeouts)} timeout edges" + ("  ·  neighbourhood view" if self._partial else "")
        )

    def _machine_html(self) -> str:
        assert self.machine is not None and self.analysis is not None
        m, a, lang = self.machine, self.analysis, self.language()

        def names(ids: frozenset[str]) -> str:
            return ", ".join(html.escape(m.state_label(i, lang)) for i in sorted(ids)) or "none"

        return (
            f"<h2>{html.escape(m.name)}</h2>"
            f"<p>{len(m.states)} states, {len(m.transitions)} transitions.</p>"
            f"<p><b>Unreachable:</b> {names(a.unreachable)}<br><b>Dead ends:</b> {names(a.dead_ends)}"
            f"<br><b>Traps:</b> {names(a.traps)}<br><b>Ambiguous triggers:</b> {len(a.ambiguous)}"
            f"<br><b>Timeout edges:</b> {len(a.timeouts)}</p>"
            "<p>Click a state or a transition to inspect it.</p>"
        )

    def _state_html(self, state_id: str) -> str:
        assert self.machine is not None and self.analysis is not None
        return state_html(self.machine, state_id, self.language(), analysis=self.analysis)

    def _transition_html(self, transition_id: str) -> str:
        assert self.machine is not None
        return transition_html(self.machine, transition_id, self.language())

    def _show_problems(self, problems) -> None:
        self.problems.clear()
        for p in problems:
            self.problems.addItem(str(p))
        self.problems_dock.show()

    def _error_dialog(self, title: str, problems) -> None:
        lines = [str(p) for p in problems]
        self.error_reported.emit(
            title,
            "\n".join(lines[:8]) + (f"\n… and {len(lines) - 8} more" if len(lines) > 8 else "")
            + ("\n\nThe machine that was open stays open." if self.machine else ""),
            "\n".join(lines),
        )

    def show_error(self, title: str, message: str, details: str = "") -> None:
        """Show an :attr:`error_reported` error in a window-modal box that does not block the event loop."""
        box = QMessageBox(QMessageBox.Icon.Warning, "State Explorer", title, parent=self)
        box.setInformativeText(message)
        if details:
            box.setDetailedText(details)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # -- dialogs ---------------------------------------------------------------------

    def open_dialog(self) -> None:
        start = str(self.path.parent) if self.path else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Open Machine", start, "Machines (*.yaml *.yml);;All files (*)")
        if name:
            self.open_file(Path(name))

    def export_picture_dialog(self) -> None:
        if self.scene is None or self.path is None:
            return
        from explorer.ui.export import export_picture

        suggested = str(self.path.with_suffix(".svg"))
        name, _ = QFileDialog.getSaveFileName(self, "Export Picture", suggested,
                                              "SVG (*.svg);;PNG (*.png);;PDF (*.pdf)")
        if not name:
            return
        try:
            export_picture(self.scene, Path(name))
        except (ExplorerError, OSError) as e:
            self.error_reported.emit("Export failed", str(e), "")
        else:
            self.statusBar().showMessage(f"Exported {name}", 5000)

    def export_text_dialog(self, kind: str) -> None:
        if self.machine is None or self.path is None:
            return
        suffix, title = (".mmd", "Export Mermaid") if kind == "mermaid" else (".md", "Export Markdown")
        name, _ = QFileDialog.getSaveFileName(self, title, str(self.path.with_suffix(suffix)))
        if not name:
            return
        if kind == "mermaid":
            from explorer.io.mermaid import machine_to_mermaid as convert
        else:
            from explorer.io.markdown import machine_markdown as convert
        try:
            Path(name).write_text(convert(self.machine, lang=self.language()), encoding="utf-8")
        except OSError as e:
            self.error_reported.emit("Export failed", str(e), "")
        else:
            self.statusBar().showMessage(f"Exported {name}", 5000)

    def open_scenario_dialog(self) -> None:
        if self.controller is None:
            return
        start = str(self.path.parent) if self.path else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Open Scenario", start, "Scenarios (*.yaml *.yml)")
        if name:
            self.open_scenario(Path(name))

    def open_scenario(self, path: Path, *, autoplay: bool = False) -> bool:
        assert self.controller is not None
        try:
            scenario = self.controller.load_scenario(path)
        except LoadError as e:
            self._show_problems(e.problems)
            self._error_dialog(f"{path.name} could not be opened", e.problems)
            return False
        self.session_panel.set_scenario(scenario)
        if autoplay:
            self.controller.start_replay(scenario)
        return True

    def save_scenario_dialog(self) -> None:
        if self.controller is None or self.path is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, "Save Scenario", str(self.path.parent / "scenario.yaml"),
                                              "Scenarios (*.yaml *.yml)")
        if not name:
            return
        try:
            self.controller.save_scenario(Path(name), self.path)
        except (OSError, ExplorerError) as e:
            self.error_reported.emit("Save failed", str(e), "")
        else:
            self.statusBar().showMessage(f"Saved scenario {name}", 5000)

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(v)}</td></tr>"
                       for k, v in help_rows())
        box = QMessageBox(QMessageBox.Icon.Information, "Keyboard Shortcuts", f"<table>{rows}</table>", parent=self)
        box.setObjectName("shortcutsBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): the window (and its clock) keeps running while the list is open

    def show_about(self) -> None:
        QMessageBox.about(self, "About State Explorer",
                          f"<h3>State Explorer {__version__}</h3><p>See and walk through a state machine's "
                          "transition table. Layout by Graphviz, graphs by networkx, UI by Qt.</p>")

    # -- window events -----------------------------------------------------------------

    def _on_full_screen_toggled(self, on: bool) -> None:
        if on:
            self._normal_geometry = self.geometry()
            self.showFullScreen()
            # Without a window manager (a bare X server, some kiosks) the
            # request is ignored; cover the screen ourselves.
            self.setGeometry(self.screen().geometry())
        else:
            self.showNormal()
            if getattr(self, "_normal_geometry", None) is not None:
                self.setGeometry(self._normal_geometry)
        QTimer.singleShot(100, self.view.zoom_fit)

    def _on_watcher_file_changed(self, path: str) -> None:
        # Editors save by replacing the file, which drops it from the watcher.
        if path not in self._watcher.files() and Path(path).exists():
            self._watcher.addPath(path)
        self._reload_timer.start()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                path = Path(url.toLocalFile())
                if path.suffix.lower() in (".yaml", ".yml") and self._looks_like_scenario(path):
                    self.open_scenario(path)
                else:
                    self.open_file(path)
                event.acceptProposedAction()
                return

    @staticmethod
    def _looks_like_scenario(path: Path) -> bool:
        try:
            head = path.read_text(encoding="utf-8", errors="replace")[:4096]
        except OSError:
            return False
        return "steps:" in head and "states:" not in head

    def closeEvent(self, event: QCloseEvent) -> None:
        self.cancel_layout()
        if self.controller is not None:
            self.controller.close()
        self._save_settings()
        super().closeEvent(event)


def _focus_setting(value: str) -> Focus:
    """The focus strength stored in the settings; earlier versions stored a bool."""
    legacy = {"true": st.DEFAULT_FOCUS.value, "false": Focus.OFF.value}
    try:
        return Focus(legacy.get(value.lower(), value))
    except ValueError:
        return st.DEFAULT_FOCUS
