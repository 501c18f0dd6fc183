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
    QFileDialog,
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
from explorer.analysis import Analysis, analyse
from explorer.errors import ExplorerError, LoadError, Problem
from explorer.io.formats import load_machine_file, open_dialog_filters
from explorer.io.markdown import duration_words
from explorer.layout import Layout, LayoutCache, LayoutOptions, compute_layout, neighbourhood
from explorer.model import Machine
from explorer.ui.jobs import LayoutJob, LoadJob
from explorer.ui.legend import LegendWidget
from explorer.ui.scene import GraphScene
from explorer.ui.session_controller import SessionController
from explorer.ui.session_panel import SessionPanel
from explorer.ui.style import Highlight
from explorer.ui.view import GraphView

#: Above this many states an uncached layout first shows the neighbourhood view.
NEIGHBOURHOOD_THRESHOLD = 150
#: Files larger than this are read off the UI thread (about 250 states).
BACKGROUND_LOAD_BYTES = 256 * 1024
MAX_RECENT = 10
ENGINES = ("auto", "dot", "neato", "fdp", "sfdp", "circo")

SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Ctrl+O", "Open a machine"),
    ("F5", "Reload the machine from disk"),
    ("Ctrl+E", "Export the picture (SVG, PNG, PDF)"),
    ("1 … 9", "Fire the numbered way out of the current state"),
    ("Alt+Left / Ctrl+Z", "Back one step"),
    ("Alt+Right / Ctrl+Shift+Z", "Forward one step"),
    ("Ctrl+Shift+R", "Restart the session"),
    ("Ctrl+T", "Wait for the next timeout"),
    ("Ctrl+Space", "Run / pause the session clock"),
    ("Ctrl+G", "Go to a state: show the shortest path"),
    ("Ctrl+Shift+C", "Copy the trace as Markdown"),
    ("Ctrl++ / Ctrl+- / Ctrl+0", "Zoom in / out / fit"),
    ("Ctrl+L", "Switch label language"),
    ("Ctrl+Shift+L", "Show all trigger labels"),
    ("Ctrl+F", "Focus on the session (dim the rest)"),
    ("F11", "Full screen (projector)"),
    ("F1", "This list"),
)


class MainWindow(QMainWindow):
    """One machine at a time; opening another keeps this one until it loads."""

    #: A machine was loaded and shown (its path).
    machine_loaded = Signal(str)
    #: A layout was drawn (full or neighbourhood).
    layout_drawn = Signal()

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
        self._lang: str | None = None
        self.layout_count = 0  # layouts computed for this window (tests check restyles add none)

        cache_dir = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
        self._cache = LayoutCache(Path(cache_dir) / "layouts") if cache_dir else None

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
        self.session_panel = SessionPanel(self)
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
        Std = QKeySequence.StandardKey
        self.open_action = self._action("&Open…", self.open_dialog, Std.Open)
        self.reload_action = self._action("&Reload", lambda: self.reload(), QKeySequence("F5"))
        self.export_action = self._action("&Export Picture…", self.export_picture_dialog, QKeySequence("Ctrl+E"))
        self.export_mermaid_action = self._action("Export &Mermaid…", lambda: self.export_text_dialog("mermaid"))
        self.export_markdown_action = self._action("Export Mark&down Table…",
                                                   lambda: self.export_text_dialog("markdown"))
        self.quit_action = self._action("&Quit", self.close, Std.Quit)

        self.overlay_actions: dict[str, QAction] = {}
        for key, text in (("unreachable", "&Unreachable States"), ("defects", "&Dead Ends and Traps"),
                          ("timeouts", "&Timeout Edges"), ("ambiguous", "&Ambiguous Triggers")):
            self.overlay_actions[key] = self._action(text, self._on_overlay_toggled, checkable=True, checked=True)
        self.focus_action = self._action("&Focus on Session", self._on_overlay_toggled, QKeySequence("Ctrl+F"),
                                         checkable=True, checked=True)
        self.all_labels_action = self._action("Show All Trigger &Labels", self._on_all_labels_toggled,
                                              QKeySequence("Ctrl+Shift+L"), checkable=True)

        self.zoom_in_action = self._action("Zoom &In", lambda: self.view.zoom_in(),
                                           [QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self.zoom_out_action = self._action("Zoom &Out", lambda: self.view.zoom_out(), Std.ZoomOut)
        self.zoom_fit_action = self._action("&Fit to Window", lambda: self.view.zoom_fit(), QKeySequence("Ctrl+0"))
        self.full_screen_action = self._action("F&ull Screen", self._on_full_screen_toggled, QKeySequence("F11"),
                                               checkable=True)
        self.next_lang_action = self._action("Next Label &Language", self.cycle_language, QKeySequence("Ctrl+L"))

        self.shortcuts_action = self._action("&Keyboard Shortcuts", self.show_shortcuts, QKeySequence("F1"))
        self.about_action = self._action("&About State Explorer", self.show_about)

        self.go_to_action = self._action("&Go to State…", self.pick_target, QKeySequence("Ctrl+G"))

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
        view_menu.addAction(self.focus_action)
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
        session_menu.addAction(self.go_to_action)
        session_menu.addSeparator()
        # The panel owns these keys (QShortcut); a second owner would make them
        # ambiguous, so the menu only shows them after a tab.
        for text, keys, slot in (
            ("Back", "Alt+Left", lambda: self.controller and self.controller.back()),
            ("Forward", "Alt+Right", lambda: self.controller and self.controller.forward()),
            ("Restart", "Ctrl+Shift+R", lambda: self.controller and self.controller.restart()),
            ("Wait for Next Timeout", "Ctrl+T", lambda: self.controller and self.controller.wait_for_next_timeout()),
            ("Run / Pause Clock", "Ctrl+Space", self._toggle_clock),
        ):
            session_menu.addAction(f"{text}\t{keys}", slot)
        session_menu.addSeparator()
        session_menu.addAction(self._action("Copy Trace as Markdown", lambda: self.session_panel.copy_trace(),
                                            QKeySequence("Ctrl+Shift+C")))
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
        for key, action in self.overlay_actions.items():
            action.setChecked(_as_bool(s.value(f"view/overlay_{key}", True)))
        self.focus_action.setChecked(_as_bool(s.value("view/focus", True)))
        engine = s.value("view/engine", "auto")
        for a in self.engine_group.actions():
            a.setChecked(a.data() == engine)
        # Top to bottom by default: flows have few ranks and many states per
        # rank, which fills a wide screen (measured: labels 2x larger at fit).
        direction = s.value("view/direction", "TB")
        for a in self.direction_group.actions():
            a.setChecked(a.data() == direction)
        self._lang = s.value("view/language") or None
        self._rebuild_recent_menu()

    def _save_settings(self) -> None:
        s = self._settings
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/state", self.saveState())
        for key, action in self.overlay_actions.items():
            s.setValue(f"view/overlay_{key}", action.isChecked())
        s.setValue("view/focus", self.focus_action.isChecked())
        s.setValue("view/engine", self.engine())
        s.setValue("view/direction", self.direction())
        if self._lang:
            s.setValue("view/language", self._lang)
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
        if self.machine is None:
            return self._lang or "en"
        if self._lang in self.machine.languages:
            return self._lang  # type: ignore[return-value]
        return self.machine.language

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
            job = LoadJob(path, self._load_generation, self)
            job.loaded.connect(lambda m, g: g == self._load_generation and self._finish_open(m, path, keep_state))
            job.failed.connect(lambda p, g: g == self._load_generation and self._fail_open(path, p, show_errors))
            self._set_busy(f"Reading {path.name}…")
            job.start()
            return True
        try:
            machine = load_machine_file(path)
        except LoadError as e:
            self._fail_open(path, e.problems, show_errors)
            return False
        except (OSError, ExplorerError) as e:
            self._fail_open(path, [Problem(str(path), 0, 0, str(e))], show_errors)
            return False
        self._finish_open(machine, path, keep_state)
        return True

    def _finish_open(self, machine: Machine, path: Path, keep_state: str | None) -> None:
        self._set_busy(None)
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
        self.analysis = analyse(machine)
        self._selected = None
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
        self.controller = SessionController(self.machine, self, start=start)
        self.controller.changed.connect(self.refresh_highlight)
        self.controller.message_emitted.connect(self._show_message)
        self.session_panel.set_controller(self.controller)
        if old is not None:
            old.close()
            old.deleteLater()
        self.session_panel.set_language(self.language())

    def relayout(self) -> None:
        """Lay the machine out again (engine, direction or machine changed), off the UI thread."""
        if self.machine is None:
            return
        self.cancel_layout()
        self._generation += 1
        options = self.layout_options()
        job = LayoutJob(self.machine, options, self._generation, cache=self._cache, parent=self)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.cancelled.connect(self._on_job_cancelled)
        self._job = job
        big = len(self.machine.states) > NEIGHBOURHOOD_THRESHOLD
        if big:
            self._show_neighbourhood(options)
        self._set_busy(f"Laying out {len(self.machine.states)} states…")
        self.layout_count += 1
        job.start()

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
        self._job = None
        self._set_busy(None)
        self._partial = False
        self._show_layout(layout)
        notes = "; ".join(layout.notes)
        self.statusBar().showMessage(f"Laid out with {layout.engine} in {seconds:.2f} s" +
                                     (f" — {notes}" if notes else ""), 8000)

    def _on_job_failed(self, message: str, generation: int) -> None:
        if generation != self._generation:
            return
        self._job = None
        self._set_busy(None)
        QMessageBox.warning(self, "Layout failed", message)

    def _on_job_cancelled(self, generation: int) -> None:
        if generation == self._generation:
            self.statusBar().showMessage("Layout cancelled", 5000)

    def _show_layout(self, layout: Layout) -> None:
        assert self.machine is not None
        self.layout = layout
        old = self.scene
        scene = GraphScene(self.machine, layout, self.language(), self)
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
            selected=self._selected,
            show_unreachable=self.overlay_actions["unreachable"].isChecked(),
            show_defects=self.overlay_actions["defects"].isChecked(),
            show_timeouts=self.overlay_actions["timeouts"].isChecked(),
            show_ambiguous=self.overlay_actions["ambiguous"].isChecked(),
            focus=self.focus_action.isChecked(),
            **session,
        )

    def refresh_highlight(self) -> None:
        if self.scene is None or self.machine is None:
            return
        self.scene.apply(self.highlight())
        self.legend.set_overlays(
            self.overlay_actions["unreachable"].isChecked(),
            self.overlay_actions["defects"].isChecked(),
            self.overlay_actions["timeouts"].isChecked(),
            self.overlay_actions["ambiguous"].isChecked(),
        )
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
        if self.controller is not None and any(
            t.id == transition_id for t in self.controller.session.available()
        ):
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
        self._lang = lang
        for a in self.language_group.actions():
            a.setChecked(a.data() == lang)
        if self.scene is not None:
            self.scene.set_language(self.language())
        self.session_panel.set_language(self.language())
        if self._selected:
            self.select(self._selected)

    def cycle_language(self) -> None:
        if self.machine is None:
            return
        langs = list(self.machine.languages)
        current = self.language()
        self.set_language(langs[(langs.index(current) + 1) % len(langs)] if current in langs else langs[0])

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
        m, a, lang = self.machine, self.analysis, self.language()
        s = m.state(state_id)
        flags = [text for ids, text in ((a.unreachable, "unreachable"), (a.dead_ends, "dead end"),
                                        (a.traps, "trap: no final state reachable")) if state_id in ids]
        if s.final:
            flags.append("final")
        if state_id == m.initial:
            flags.append("initial")
        parts = [f"<h2>{html.escape(s.label.get(lang, m.language))}</h2>",
                 "<p>" + " · ".join(f"{html.escape(k)}: {html.escape(v)}" for k, v in s.label.values
                                    if k) + f"<br><small>id: {html.escape(s.id)}</small></p>"]
        if flags:
            parts.append(f"<p><b>{html.escape(', '.join(flags))}</b></p>")
        if s.description:
            parts.append(f"<p>{html.escape(s.description.get(lang, m.language))}</p>")
        for title, transitions, end in (("Ways out", m.outgoing(state_id), "target"),
                                        ("Ways in", m.incoming(state_id), "source")):
            parts.append(f"<h3>{title} ({len(transitions)})</h3><ul>")
            for t in transitions:
                other = m.state_label(getattr(t, end), lang)
                clock = " ⏱" if t.is_timeout else ""
                parts.append(f"<li>{html.escape(t.trigger.get(lang, m.language))}{clock} "
                             f"{'→' if end == 'target' else '←'} {html.escape(other)}</li>")
            parts.append("</ul>")
        return "".join(parts)

    def _transition_html(self, transition_id: str) -> str:
        assert self.machine is not None
        m, lang = self.machine, self.language()
        t = m.transition(transition_id)
        parts = [f"<h2>{html.escape(t.trigger.get(lang, m.language))}</h2>",
                 f"<p>{html.escape(m.state_label(t.source, lang))} → {html.escape(m.state_label(t.target, lang))}"
                 f"<br><small>id: {html.escape(t.id)}</small></p>"]
        if t.actor:
            parts.append(f"<p><b>Actor:</b> {html.escape(t.actor)}</p>")
        if t.timeout:
            when = ("after the configured time (a setting)" if t.timeout.seconds is None
                    else f"after {duration_words(t.timeout.seconds)}")
            parts.append(f"<p><b>⏱ Timeout:</b> fires {when}</p>")
        if t.steps:
            parts.append("<h3>Procedure</h3><ol>" +
                         "".join(f"<li>{html.escape(s.get(lang, m.language))}</li>" for s in t.steps) + "</ol>")
        if t.description:
            parts.append(f"<p><i>{html.escape(t.description.get(lang, m.language))}</i></p>")
        return "".join(parts)

    def _show_problems(self, problems) -> None:
        self.problems.clear()
        for p in problems:
            self.problems.addItem(str(p))
        self.problems_dock.show()

    def _error_dialog(self, title: str, problems) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, "State Explorer", title, parent=self)
        lines = [str(p) for p in problems]
        box.setInformativeText("\n".join(lines[:8]) + (f"\n… and {len(lines) - 8} more" if len(lines) > 8 else "")
                               + ("\n\nThe machine that was open stays open." if self.machine else ""))
        box.setDetailedText("\n".join(lines))
        self.error_box = box  # kept so tests can read and close it
        box.open()

    # -- dialogs ---------------------------------------------------------------------

    def open_dialog(self) -> None:
        start = str(self.path.parent) if self.path else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, "Open Machine", start, open_dialog_filters())
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
            QMessageBox.warning(self, "Export failed", str(e))
        else:
            self.statusBar().showMessage(f"Exported {name}", 5000)

    def export_text_dialog(self, kind: str) -> None:
        if self.machine is None or self.path is None:
            return
        from explorer.io.atomic import write_atomic
        from explorer.io.formats import format_named

        target = format_named(kind)
        assert target.write is not None
        title = "Export Mermaid" if kind == "mermaid" else "Export Markdown"
        name, _ = QFileDialog.getSaveFileName(self, title, str(self.path.with_suffix(target.extensions[0])))
        if not name:
            return
        try:
            write_atomic(name, target.write(self.machine, lang=self.language()))
        except (OSError, ExplorerError) as e:
            QMessageBox.warning(self, "Export failed", str(e))
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
            QMessageBox.warning(self, "Save failed", str(e))
        else:
            self.statusBar().showMessage(f"Saved scenario {name}", 5000)

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(v)}</td></tr>"
                       for k, v in SHORTCUTS)
        QMessageBox.information(self, "Keyboard Shortcuts", f"<table>{rows}</table>")

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


def _as_bool(value: object) -> bool:
    # QSettings returns "true"/"false" strings from INI files.
    if isinstance(value, str):
        return value.lower() in ("1", "true", "yes")
    return bool(value)
