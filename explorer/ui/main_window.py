"""The main window: a machine on the canvas, the live session beside it.

The window owns the document (machine, analysis, layout, session) and the
view choices; it is the only widget that shows dialogs. Layouts are computed
off the UI thread; highlighting only restyles the scene's existing items.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QDateTime, QEvent, QEventLoop, QPoint, QPointF, QSettings, QStandardPaths, Qt, QTimer, QFileSystemWatcher, Signal
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QKeySequence,
    QPalette,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QComboBox,
    QCompleter,
    QFileDialog,
    QFrame,
    QInputDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from explorer import __version__
from explorer.analysis import Analysis, analyse
from explorer.coverage import Coverage
from explorer.diff import MachineDiff, diff_machines, diff_marks
from explorer.findings import KINDS, Finding, counts, findings
from explorer.engines import ENGINES
from explorer.errors import ExplorerError, LayoutCancelled, LayoutError, LoadError, MachineError, Problem
from explorer.io.formats import load_machine_file, open_dialog_filters
from explorer.layout import Layout, LayoutCache, LayoutOptions, neighbourhood
from explorer.model import Machine
from explorer.opencache import OpenCache, Opened, OpenEntry, open_machine
from explorer.ui.compare_panel import ComparePanel
from explorer.ui.coverage_panel import CoveragePanel
from explorer.ui.defects_panel import DefectsPanel
from explorer.session import Step
from explorer.ui import i18n
from explorer.ui.i18n import QT_TRANSLATE_NOOP
from explorer.ui.jobs import AnalysisJob, LayoutJob, LoadJob, ScenarioLoadJob
from explorer.ui.language import ContentLanguage
from explorer.ui.legend import LegendWidget
from explorer.ui.presentation import Presentation
from explorer.ui.quiz_panel import QuizPanel
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
#: Above this many states the analysis and its findings run off the UI thread (at
#: 1,000 states they take about 0.1 s; at 20,000 seconds). Smaller machines are
#: analysed at once, so their first picture already shows the defects.
BACKGROUND_ANALYSIS_STATES = 1000
#: The analysis while it is computed: no defects marked yet.
_NO_ANALYSIS = Analysis(*(frozenset[str](),) * 6)
MAX_RECENT = 10
#: The machine's inspector names at most this many states per kind of defect.
MAX_INSPECTOR_NAMES = 50


class MainWindow(QMainWindow):
    """One machine at a time; opening another keeps this one until it loads."""

    #: A machine was loaded and shown (its path).
    machine_loaded = Signal(str)
    #: A scenario was read and given to the session panel (its path).
    scenario_loaded = Signal(str)
    #: A layout was drawn (full or neighbourhood).
    layout_drawn = Signal()
    #: A layout was requested (its LayoutOptions): every Graphviz run of the window starts here.
    layout_started = Signal(object)
    #: The requested layout ended: True when it was drawn, False when it failed or was cancelled.
    layout_finished = Signal(bool)
    #: The analysis of a big machine went to the background (the machine's path); the
    #: defects panel and overlays fill in at :attr:`analysis_finished`.
    analysis_started = Signal(str)
    #: The analysis of the open machine arrived (small machines: at once, while it loads).
    analysis_finished = Signal()
    #: An export asked Graphviz for a layout (its LayoutOptions); it runs as a background job.
    export_layout_started = Signal(object)
    #: An error for the user: (title, message, details). :meth:`show_error` shows it in a
    #: dialog; tests disconnect that and read the signal instead.
    error_reported = Signal(str, str, str)

    def __init__(self, settings: QSettings | None = None) -> None:
        super().__init__()
        i18n.ensure_translator()  # English counts need their plural forms ("1 dead end")
        self.setWindowTitle("State Explorer")
        from explorer.ui.app import app_icon  # the app module opens this window: imported late

        self.setWindowIcon(app_icon())
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
        self._neighbourhood_job: LayoutJob | None = None
        self._neighbourhood_centre = ""
        self._generation = 0
        self._load_generation = 0
        self._scenario_generation = 0
        self._analysis_generation = 0
        self._analysis_job: AnalysisJob | None = None
        #: A full layout laid out before the analysis arrived: stored in the open cache once it does.
        self._unstored: tuple[Layout, LayoutOptions] | None = None
        #: While an export runs: its cancel flag, what the status bar says, and its running layout job.
        self._export_cancel: threading.Event | None = None
        self._export_text = ""
        self._export_job: LayoutJob | None = None
        self._partial = False  # the scene shows a neighbourhood, the full layout is on its way
        self.error_reported.connect(self.show_error)
        #: Overlay ids computed outside the analysis (coverage, diff, tours), by overlay name.
        self._extra_overlay_ids: dict[str, frozenset[str]] = {}
        #: The analysis's findings (the defects panel and the status bar read them).
        self.findings: tuple[Finding, ...] = ()
        #: (machine, analysis, language, path) the findings were worded for.
        self._findings_for: tuple[object, ...] | None = None
        #: What the walks of this window have covered (every step of every session and replay).
        self.coverage: Coverage | None = None
        #: A path between two chosen states shown instead of the session's (Path Between States).
        self._review_path: tuple[str, str, tuple[str, ...]] | None = None
        #: The other version while comparing: (its path, its machine, the diff), else None.
        self.compare: tuple[Path, Machine, MachineDiff] | None = None
        #: The open review dialogs and the last tour plan (None until asked for).
        self.path_dialog: QWidget | None = None
        self.tours_dialog_widget: QWidget | None = None
        self.tour_plan = None
        self._coverage_timer = QTimer(self, singleShot=True, interval=0)
        self._coverage_timer.timeout.connect(self._refresh_coverage)
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
        self.view.way_out_focused.connect(self._on_view_way_out_focused)
        self.view.way_out_activated.connect(self._on_view_way_out_activated)
        # The canvas, and under it the session bar that presentation mode shows.
        canvas = QWidget(self)
        canvas_box = QVBoxLayout(canvas)
        canvas_box.setContentsMargins(0, 0, 0, 0)
        canvas_box.setSpacing(0)
        canvas_box.addWidget(self.view, 1)
        self.presentation = Presentation(self)
        canvas_box.addWidget(self.presentation.bar)
        self.setCentralWidget(canvas)
        self._build_docks()
        self._build_status_bar()
        self._build_actions()
        self._build_menus()

        # The watcher follows the open file's path, not its inode: it watches
        # the file and its folder, so a save by rename, or a delete and
        # re-create, is seen and the new file watched again.
        self._watcher = QFileSystemWatcher(self)
        self._watcher.fileChanged.connect(self._on_watcher_file_changed)
        self._watcher.directoryChanged.connect(self._on_watcher_directory_changed)
        #: (inode, mtime, size) of the open file when last read; a folder change reloads only if it differs.
        self._file_stamp: tuple[int, int, int] | None = None
        self._changed_in_place = False
        self._reload_timer = QTimer(self, singleShot=True, interval=300)
        self._reload_timer.timeout.connect(self._on_reload_timer_timeout)

        self._restore_settings()
        # The legend lists the switched-on overlays from the start (off rows would make it tall).
        self.legend.set_hidden_overlays(self.hidden_overlays())
        self.apply_theme()
        self._name_controls()

    # -- construction ----------------------------------------------------------

    def _build_docks(self) -> None:
        self.session_panel = SessionPanel(self, language=self.content_language)
        self.session_panel.open_scenario_requested.connect(self.open_scenario_dialog)
        self.session_panel.save_scenario_requested.connect(self.save_scenario_dialog)
        self.session_panel.message_emitted.connect(self._show_message)
        self.session_panel.way_out_pointed.connect(self._on_way_out_pointed)
        self.session_dock = self._dock(QT_TRANSLATE_NOOP("MainWindow", "Session"), self.session_panel,
                                       Qt.DockWidgetArea.RightDockWidgetArea)

        self.inspector = QTextBrowser(self)
        self.inspector.setOpenLinks(False)
        self.inspector.setMinimumWidth(280)
        self.inspector_dock = self._dock(QT_TRANSLATE_NOOP("MainWindow", "Inspector"), self.inspector,
                                         Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.session_dock, self.inspector_dock)
        self.session_dock.raise_()

        self.legend = LegendWidget(self)
        # The legend runs along the bottom of the canvas, so the canvas keeps
        # the screen's width and the session panel its full height.
        self.setCorner(Qt.Corner.BottomRightCorner, Qt.DockWidgetArea.RightDockWidgetArea)
        self.legend_dock = self._dock(QT_TRANSLATE_NOOP("MainWindow", "Legend"), self.legend,
                                      Qt.DockWidgetArea.BottomDockWidgetArea)

        self.problems = QListWidget(self)
        self.problems_dock = self._dock(QT_TRANSLATE_NOOP("MainWindow", "Problems"), self.problems,
                                        Qt.DockWidgetArea.BottomDockWidgetArea)
        self.problems_dock.hide()

        # Review docks: tabs beside the session, so the canvas keeps its size.
        self.defects_panel = DefectsPanel(self)
        self.defects_panel.finding_activated.connect(self._on_defects_panel_finding_activated)
        self.defects_dock = self._dock(QT_TRANSLATE_NOOP("MainWindow", "Defects"), self.defects_panel,
                                       Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.inspector_dock, self.defects_dock)
        self.coverage_panel = CoveragePanel(self)
        self.coverage_panel.path_requested.connect(self._on_coverage_panel_path_requested)
        self.coverage_panel.reset_requested.connect(self.reset_coverage)
        self.coverage_dock = self._dock(QT_TRANSLATE_NOOP("MainWindow", "Coverage"), self.coverage_panel,
                                        Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.defects_dock, self.coverage_dock)
        self.compare_panel = ComparePanel(self)
        self.compare_panel.item_activated.connect(self._on_compare_panel_item_activated)
        self.compare_panel.leave_requested.connect(self.leave_compare)
        self.compare_dock = self._dock(QT_TRANSLATE_NOOP("MainWindow", "Compare"), self.compare_panel,
                                       Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.coverage_dock, self.compare_dock)
        self.compare_dock.hide()
        self.quiz_panel = QuizPanel(self)
        self.quiz_panel.left.connect(self._on_quiz_panel_left)
        # In a scroll area: the quiz's large text must not make the window taller than a 720-px screen.
        quiz_scroll = QScrollArea(self)
        quiz_scroll.setWidgetResizable(True)
        quiz_scroll.setFrameShape(QFrame.Shape.NoFrame)
        quiz_scroll.setWidget(self.quiz_panel)
        self.quiz_dock = self._dock("Quiz", quiz_scroll, Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.compare_dock, self.quiz_dock)
        self.quiz_dock.hide()
        self.session_dock.raise_()

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(self.tr(title), self)
        dock.setObjectName(f"dock-{title.lower()}")  # the English title: saved window states survive a language change
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _show_message(self, text: str) -> None:
        self.statusBar().showMessage(text, 8000)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.counts_label = QLabel(self)
        self.counts_label.setMinimumWidth(1)  # every kind is counted: the text must not set the window's width
        bar.addPermanentWidget(self.counts_label)
        self.busy = QProgressBar(self)
        self.busy.setRange(0, 0)  # busy indicator: Graphviz reports no progress
        self.busy.setMaximumWidth(160)
        self.busy.setTextVisible(False)
        self.busy_label = QLabel(self)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.clicked.connect(self._on_cancel_button_clicked)
        for w in (self.busy_label, self.busy, self.cancel_button):
            bar.addPermanentWidget(w)
            w.hide()
        #: "Analysing N states…" while a big machine's analysis runs in the background.
        self.analysis_label = QLabel(self)
        bar.addPermanentWidget(self.analysis_label)
        self.analysis_label.hide()

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
        self.open_action = self._action(self.tr("&Open…"), self.open_dialog, keys_for("open"))
        self.reload_action = self._action(self.tr("&Reload"), lambda: self.reload(), keys_for("reload"))
        self.export_action = self._action(self.tr("&Export Picture…"), self.export_picture_dialog, keys_for("export"))
        self.export_doc_action = self._action(self.tr("Export &Documentation…"), self.export_documentation_dialog)
        self.export_mermaid_action = self._action(self.tr("Export &Mermaid…"),
                                                  lambda: self.export_text_dialog("mermaid"))
        self.export_markdown_action = self._action(self.tr("Export Mark&down Table…"),
                                                   lambda: self.export_text_dialog("markdown"))
        self.export_as_action = self._action(self.tr("Export &As…"), self.export_as_dialog)
        self.quit_action = self._action(self.tr("&Quit"), self.close, keys_for("quit"))

        #: One checkable action per row of style.OVERLAYS, by overlay name.
        self.overlay_actions: dict[str, QAction] = {
            o.name: self._action(QCoreApplication.translate("Overlays", o.menu_text), self._on_overlay_toggled,
                                 checkable=True, checked=o.default)
            for o in st.OVERLAYS
        }
        #: View > Focus on Session: how strongly a session calms the rest of the flow.
        self.focus_group = QActionGroup(self)
        self.focus_actions: dict[Focus, QAction] = {}
        for level, text in ((Focus.OFF, self.tr("&Off")), (Focus.LIGHT, self.tr("&Light")),
                            (Focus.STRONG, self.tr("&Strong"))):
            a = QAction(text, self, checkable=True)
            a.setData(level.value)
            a.setChecked(level is st.DEFAULT_FOCUS)
            self.focus_group.addAction(a)
            self.focus_actions[level] = a
        self.focus_group.triggered.connect(lambda _a: self.refresh_highlight())
        #: One key switches focus off and back to the strength chosen before.
        self.focus_toggle_action = self._action(self.tr("Toggle &Focus"), self.toggle_focus, keys_for("focus"))
        self._focus_before_off = st.DEFAULT_FOCUS
        self.all_labels_action = self._action(self.tr("Show All Trigger &Labels"), self._on_all_labels_toggled,
                                              keys_for("all_labels"), checkable=True)
        #: View > Hub States as Stubs: transitions into a state many lead to end at small boxes
        #: named after it (explorer.layout.hub_states); on by default, it halves the crossings.
        self.hub_stubs_action = self._action(self.tr("&Hub States as Stubs"), lambda _on: self.relayout(),
                                             checkable=True, checked=LayoutOptions().hub_stubs)

        self.zoom_in_action = self._action(self.tr("Zoom &In"), lambda: self.view.zoom_in(), keys_for("zoom_in"))
        self.zoom_out_action = self._action(self.tr("Zoom &Out"), lambda: self.view.zoom_out(), keys_for("zoom_out"))
        self.zoom_fit_action = self._action(self.tr("&Fit to Window"), lambda: self.view.zoom_fit(),
                                            keys_for("zoom_fit"))
        self.full_screen_action = self._action(self.tr("F&ull Screen"), self._on_full_screen_toggled,
                                               keys_for("full_screen"), checkable=True)
        self.next_lang_action = self._action(self.tr("Next Label &Language"), self.cycle_language,
                                             keys_for("next_language"))

        # -- presentation and following the session (classroom) --
        self.presentation_action = self._action(self.tr("&Presentation Mode"), self.presentation.set_active,
                                                keys_for("present"), checkable=True)
        self.presentation.toggled.connect(self.presentation_action.setChecked)
        #: On by default for machines above NEIGHBOURHOOD_THRESHOLD states (set when one loads).
        self.follow_action = self._action(self.tr("Follow &Current State"), self._on_follow_toggled, checkable=True)
        self.centre_action = self._action(self.tr("Ce&ntre on Current State"), self.centre_on_current,
                                          keys_for("centre"))
        self.overview_action = self._action(self.tr("Overview &Map"), self.view.set_overview_wanted, checkable=True,
                                            checked=True)
        #: View > Theme: the colours of resources/palette.<theme>.json; "auto" follows the desktop.
        self.theme_group = QActionGroup(self)
        for code, text in (("auto", self.tr("&Automatic (as the Desktop)")), ("light", self.tr("&Light")),
                           ("dark", self.tr("&Dark"))):
            a = QAction(text, self, checkable=True)
            a.setData(code)
            a.setChecked(code == "auto")
            self.theme_group.addAction(a)
        self.theme_group.triggered.connect(lambda _a: self.apply_theme())

        self.shortcuts_action = self._action(self.tr("&Keyboard Shortcuts"), self.show_shortcuts, keys_for("shortcuts"))
        self.about_action = self._action(self.tr("&About State Explorer"), self.show_about)

        self.find_action = self._action(self.tr("&Find State…"), self.find_state_dialog, keys_for("find"))
        self.go_to_action = self._action(self.tr("&Go to State…"), self.pick_target, keys_for("go_to"))

        # Review (issue 10): compare, paths between any two states, tours, coverage.
        self.compare_action = self._action(self.tr("Compare &With…"), self.compare_dialog)
        self.leave_compare_action = self._action(self.tr("&Leave Compare"), self.leave_compare, keys_for("leave"))
        self.leave_compare_action.setEnabled(False)  # Esc is free for others while not comparing
        self.path_between_action = self._action(self.tr("&Path Between States…"), self.path_between_dialog)
        self.copy_path_action = self._action(self.tr("Copy Path as &Procedure"), self.copy_path_procedure)
        self.tours_action = self._action(self.tr("&Tours…"), self.tours_dialog)
        self.reset_coverage_action = self._action(self.tr("Reset &Coverage"), self.reset_coverage)
        self.quiz_action = self._action(self.tr("&Quiz…"), lambda: self.start_quiz())
        self.quiz_tours_action = self._action(self.tr("Quiz over the T&ours"), lambda: self.start_quiz("tours"))

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        file_menu.addAction(self.open_action)
        self.recent_menu = file_menu.addMenu(self.tr("Open &Recent"))
        file_menu.addAction(self.reload_action)
        file_menu.addAction(self.compare_action)
        file_menu.addSeparator()
        file_menu.addAction(self.export_action)
        file_menu.addAction(self.export_doc_action)
        file_menu.addAction(self.export_mermaid_action)
        file_menu.addAction(self.export_markdown_action)
        file_menu.addAction(self.export_as_action)
        file_menu.addSeparator()
        file_menu.addAction(self.quit_action)

        view_menu = bar.addMenu(self.tr("&View"))
        overlays = view_menu.addMenu(self.tr("&Overlays"))
        for action in self.overlay_actions.values():
            overlays.addAction(action)
        focus_menu = view_menu.addMenu(self.tr("&Focus on Session"))
        for action in self.focus_actions.values():
            focus_menu.addAction(action)
        focus_menu.addSeparator()
        focus_menu.addAction(self.focus_toggle_action)
        view_menu.addAction(self.all_labels_action)
        view_menu.addSeparator()
        view_menu.addAction(self.hub_stubs_action)

        self.engine_menu = view_menu.addMenu(self.tr("Layout &Engine"))
        self.engine_group = QActionGroup(self)
        for name in ENGINES:
            a = QAction(self.tr("Automatic") if name == "auto" else name, self, checkable=True)
            a.setData(name)
            a.setChecked(name == "auto")
            self.engine_group.addAction(a)
            self.engine_menu.addAction(a)
        self.engine_group.triggered.connect(lambda _a: self.relayout())

        self.direction_menu = view_menu.addMenu(self.tr("&Direction"))
        self.direction_group = QActionGroup(self)
        for code, text in (("LR", self.tr("Left to Right")), ("TB", self.tr("Top to Bottom"))):
            a = QAction(text, self, checkable=True)
            a.setData(code)
            a.setChecked(code == "TB")
            self.direction_group.addAction(a)
            self.direction_menu.addAction(a)
        self.direction_group.triggered.connect(lambda _a: self.relayout())

        self.language_menu = view_menu.addMenu(self.tr("&Language"))
        self.language_group = QActionGroup(self)
        self.language_group.triggered.connect(lambda a: self.set_language(a.data()))
        view_menu.addAction(self.next_lang_action)
        view_menu.addSeparator()
        for a in (self.zoom_in_action, self.zoom_out_action, self.zoom_fit_action):
            view_menu.addAction(a)
        view_menu.addAction(self.full_screen_action)
        view_menu.addAction(self.presentation_action)
        view_menu.addSeparator()
        theme_menu = view_menu.addMenu(self.tr("&Theme"))
        for a in self.theme_group.actions():
            theme_menu.addAction(a)
        view_menu.addAction(self.follow_action)
        view_menu.addAction(self.centre_action)
        view_menu.addAction(self.overview_action)
        view_menu.addSeparator()
        for dock in (self.session_dock, self.inspector_dock, self.legend_dock, self.problems_dock,
                     self.defects_dock, self.coverage_dock, self.compare_dock, self.quiz_dock):
            view_menu.addAction(dock.toggleViewAction())
        view_menu.addAction(self.leave_compare_action)

        session_menu = bar.addMenu(self.tr("&Session"))
        session_menu.addAction(self.find_action)
        session_menu.addAction(self.go_to_action)
        session_menu.addSeparator()
        # The panel owns these keys (QShortcut); a second owner would make them
        # ambiguous, so the menu only shows them after a tab.
        for text, name, slot in (
            (self.tr("Back"), "back", lambda: self.controller and self.controller.back()),
            (self.tr("Forward"), "forward", lambda: self.controller and self.controller.forward()),
            (self.tr("Restart"), "restart", lambda: self.controller and self.controller.restart()),
            (self.tr("Wait for Next Timeout"), "wait",
             lambda: self.controller and self.controller.wait_for_next_timeout()),
            (self.tr("Run / Pause Clock"), "run_clock", self.toggle_clock),
        ):
            session_menu.addAction(f"{text}\t{keys_text(name).split(', ')[0]}", slot)
        session_menu.addSeparator()
        session_menu.addAction(self._action(self.tr("Copy Trace as Markdown"), lambda: self.session_panel.copy_trace(),
                                            keys_for("copy_trace")))
        session_menu.addAction(self.tr("Open Scenario…"), self.open_scenario_dialog)
        session_menu.addAction(self.tr("Save Scenario…"), self.save_scenario_dialog)
        session_menu.addSeparator()
        session_menu.addAction(self.path_between_action)
        session_menu.addAction(self.copy_path_action)
        session_menu.addAction(self.tours_action)
        session_menu.addAction(self.reset_coverage_action)
        session_menu.addSeparator()
        session_menu.addAction(self.quiz_action)
        session_menu.addAction(self.quiz_tours_action)

        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.shortcuts_action)
        # The UI's own language, apart from the machine's label language (View > Language, Ctrl+L).
        self.ui_language_menu = help_menu.addMenu(self.tr("&Interface Language"))
        self.ui_language_group = QActionGroup(self)
        for code in i18n.UI_LANGUAGES:
            a = QAction(i18n.LANGUAGE_NAMES[code], self, checkable=True)
            a.setData(code)
            a.setChecked(code == i18n.current_ui_language())
            self.ui_language_group.addAction(a)
            self.ui_language_menu.addAction(a)
        self.ui_language_group.triggered.connect(lambda a: self.choose_ui_language(a.data()))
        help_menu.addAction(self.about_action)

    def choose_ui_language(self, code: str) -> None:
        """Keep ``code`` as the interface language; it applies from the next start (the menus are built once)."""
        self._settings.setValue(i18n.SETTINGS_KEY, code)
        if code == i18n.current_ui_language():
            self.statusBar().showMessage(self.tr("Interface language: %1").replace("%1", i18n.LANGUAGE_NAMES[code]),
                                         5000)
        else:
            self.statusBar().showMessage(
                self.tr("The interface will be in %1 from the next start").replace("%1", i18n.LANGUAGE_NAMES[code]),
                8000)

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
        self.hub_stubs_action.setChecked(s.value("view/hub_stubs", LayoutOptions().hub_stubs, type=bool))
        self.content_language.set(s.value("view/language") or None)
        theme = s.value("view/theme", "auto")
        for a in self.theme_group.actions():
            a.setChecked(a.data() == theme)
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
        s.setValue("view/hub_stubs", self.hub_stubs_action.isChecked())
        s.setValue("view/theme", self.theme_choice())
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
                             edge_labels=False, hub_stubs=self.hub_stubs_action.isChecked())

    def open_file(self, path: Path, *, show_errors: bool = True, keep_state: str | None = None,
                  background: bool | None = None, keep_session: bool = False) -> bool:
        """Load ``path``; on failure show the problems and keep what was open.

        Big files are read off the UI thread (``background`` None: decided by
        size); then True means "started" and :attr:`machine_loaded` or the
        problems follow. ``keep_state`` continues the session in that state;
        ``keep_session`` (a reload of the open file) carries the whole walk
        over: the steps that still fit with their notes, the clock, the
        target and the loaded scenario.
        """
        if background is None:
            try:
                background = path.stat().st_size > BACKGROUND_LOAD_BYTES
            except OSError:
                background = False  # the loader reports the missing file
        if background:
            self._load_generation += 1
            job = LoadJob(path, self._load_generation, self, open_cache=self.open_cache)
            job.loaded.connect(lambda m, g: g == self._load_generation
                               and self._finish_open(m, path, keep_state, keep_session, opened=job.opened))
            job.failed.connect(lambda p, g: g == self._load_generation and self._fail_open(path, p, show_errors))
            # Deleted once it reported (its worker is done with it): jobs must not pile up.
            job.loaded.connect(job.deleteLater)
            job.failed.connect(job.deleteLater)
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
        self._finish_open(opened.machine, path, keep_state, keep_session, opened=opened)
        return True

    def show_machine(self, machine: Machine, path: Path) -> None:
        """Show a machine made in memory (a generated one, for the bench) as if it had been read from ``path``."""
        self._finish_open(machine, path, None)

    def _finish_open(self, machine: Machine, path: Path, keep_state: str | None, keep_session: bool = False,
                     opened: Opened | None = None) -> None:
        self._set_busy(None)
        self._opened = opened if opened is not None and opened.machine is machine else None
        carry = self.controller if keep_session and self.path == path.resolve() else None
        scenario = self.session_panel.scenario if carry is not None else None
        cut = self._set_machine(machine, path.resolve(), carry=carry,
                                start=keep_state if keep_state and machine.has_state(keep_state) else None)
        if carry is not None:
            if scenario is not None:
                self.session_panel.set_scenario(scenario)
            self._report_carry_over(cut)
        self._remember_recent(path.resolve())

    def _report_carry_over(self, cut: Step | None) -> None:
        """Say that the file was reloaded, and where the trace was cut if a step no longer fits."""
        assert self.path is not None and self.controller is not None
        if cut is None:
            self.statusBar().showMessage(self.tr("Reloaded %1").replace("%1", self.path.name), 4000)
            return
        kept = len(self.controller.session.history)
        text = (f"Reloaded {self.path.name}: step {kept + 1} ({cut.transition}, {cut.source} → {cut.target}) "
                f"no longer fits the machine, so the trace ends after step {kept}.")
        self.problems.addItem(text)
        self.problems_dock.show()
        self.statusBar().showMessage(text, 10000)

    def _fail_open(self, path: Path, problems: list[Problem], show_errors: bool) -> None:
        self._set_busy(None)
        self._show_problems(problems)
        if show_errors:
            self._error_dialog(self.tr("%1 could not be opened").replace("%1", path.name), problems)

    def reload(self, *, auto: bool = False) -> bool:
        """Read the open file again, carrying the walk over (the steps that still fit, notes, clock, scenario)."""
        if self.path is None:
            return False
        ok = self.open_file(self.path, show_errors=not auto, keep_session=True)
        if not ok and auto:
            self.statusBar().showMessage(self.tr("%1 changed on disk but has errors; showing the last good version "
                                                 "(see Problems)").replace("%1", self.path.name), 10000)
        return ok

    def _set_machine(self, machine: Machine, path: Path, start: str | None = None,
                     carry: SessionController | None = None) -> Step | None:
        """Show ``machine``; with ``carry`` (a reload) its walk goes on. The first step that no longer fits, or None."""
        same_file = self.path == path
        if not same_file:
            self.leave_compare()  # another file: the comparison was about the one before
        if self.scene is not None:
            # The old picture stays on screen until the new layout arrives (or
            # fails), but it shows another machine: it takes no more input.
            self.scene.retire()
            self.scene = None
        self.machine = machine
        self._watch(path)
        self.path = path
        hit = self._opened.entry if self._opened is not None and self._opened.machine is machine else None
        known = hit.analysis if hit is not None else None
        self._selected = None
        self._review_path = None
        self._unstored = None
        self._analysis_generation += 1  # an analysis still running is for the machine before
        self._analysis_job = None
        background = len(machine.states) > BACKGROUND_ANALYSIS_STATES
        if background:
            # Seconds at 20,000 states: the worker analyses and words the findings
            # (in the language chosen below) while the window draws and answers.
            self.analysis = None
            self.findings = ()
            self._findings_for = None
            self.defects_panel.set_pending(path)
        else:
            self.analysis = known if known is not None else analyse(machine)
        # After the analysis: a language change redraws the inspector from it
        # (and words the findings in the new language, once). Before the coverage:
        # its panel then fills its lists once, in the new language.
        self.content_language.set_machine(machine)
        if background:
            self._start_analysis(known)
        else:
            self._update_findings()
            self._set_analysing(None)
        self._start_coverage(machine, same_file=same_file)
        self.problems.clear()
        self.problems_dock.hide()
        self._rebuild_language_menu()
        # Big machines do not fit a screen readably: the view follows the walk unless told otherwise.
        self.follow_action.setChecked(len(machine.states) > NEIGHBOURHOOD_THRESHOLD)
        cut = self._new_session(start=start, carry=carry)
        self._recompare()
        self.setWindowTitle(f"{machine.name} — State Explorer")
        self._update_counts()
        self.inspector.setHtml(self._machine_html())
        self.relayout()
        self.machine_loaded.emit(str(path))
        if not background:
            self.analysis_finished.emit()
        return cut

    # -- the analysis of a big machine, off the UI thread -------------------------------

    def _start_analysis(self, known: Analysis | None = None) -> None:
        """Analyse the open machine (or only word ``known``'s findings) in the thread pool."""
        assert self.machine is not None and self.path is not None
        self._analysis_generation += 1
        job = AnalysisJob(self.machine, self._analysis_generation, analysis=known, lang=self.language(), parent=self)
        job.finished.connect(self._on_analysis_job_finished)
        job.failed.connect(self._on_analysis_job_failed)
        # Deleted once it reported: each job holds a machine, and a reload must not keep old ones alive.
        job.finished.connect(job.deleteLater)
        job.failed.connect(job.deleteLater)
        self._analysis_job = job
        self._set_analysing(self.tr("Analysing %1 states…").replace("%1", f"{len(self.machine.states):,}"))
        self.analysis_started.emit(str(self.path))
        job.start()

    @property
    def analysis_pending(self) -> bool:
        """True while the open machine's analysis runs in the background (no defects shown yet)."""
        return self._analysis_job is not None

    def _set_analysing(self, text: str | None) -> None:
        self.analysis_label.setVisible(text is not None)
        self.analysis_label.setText(text or "")

    def _on_analysis_job_finished(self, analysis: Analysis, found: tuple[Finding, ...], generation: int) -> None:
        job = self._analysis_job
        if generation != self._analysis_generation or job is None or job.machine is not self.machine:
            return  # for a machine (or a language) that was replaced meanwhile: dropped
        self._analysis_job = None
        self._set_analysing(None)
        self.analysis, self.findings = analysis, tuple(found)
        self.defects_panel.set_findings(self.findings, self.path)
        if self._selected:
            self.select(self._selected)  # the inspector names the defects of the selection; restyles too
        else:
            self.inspector.setHtml(self._machine_html())
            self.refresh_highlight()
        if self._unstored is not None:
            self._store_open(*self._unstored)
        self.analysis_finished.emit()

    def _on_analysis_job_failed(self, message: str, generation: int) -> None:
        if generation != self._analysis_generation:
            return
        self._analysis_job = None
        self._set_analysing(None)
        self.error_reported.emit("Analysis failed", message, "")

    def _new_session(self, start: str | None = None, carry: SessionController | None = None) -> Step | None:
        assert self.machine is not None
        old = self.controller
        cut = None
        if carry is not None:
            self.controller, cut = carry.carried_over(self.machine, self)
        else:
            self.controller = SessionController(self.machine, self, start=start, language=self.content_language)
        self.controller.changed.connect(self.refresh_highlight)
        self.controller.message_emitted.connect(self._show_message)
        self.controller.fired.connect(self._on_controller_fired)
        self.controller.changed.connect(self._on_controller_changed)
        self.session_panel.set_controller(self.controller)
        self.controller.changed.connect(self._follow_current)
        self.presentation.set_controller(self.controller)
        if old is not None:
            old.close()
            old.deleteLater()
        if self.coverage is not None:
            self.coverage.visit(self.controller.session.current)
            self._coverage_timer.start()
        return cut

    # -- coverage (what the walks have shown) ---------------------------------------

    def _start_coverage(self, machine: Machine, *, same_file: bool) -> None:
        """Count from nothing for a new file; a reload keeps what still exists (what was shown was shown)."""
        old = self.coverage
        # The analysis has found the unreachable states already: not searched again.
        self.coverage = Coverage(machine, self.analysis.unreachable if self.analysis is not None else None)
        if same_file and old is not None:
            for sid in old.visited:
                if machine.has_state(sid):
                    self.coverage.visit(sid)
            for tid in old.taken:
                if machine.has_transition(tid):
                    self.coverage.take(tid)
        self.coverage_panel.set_coverage(self.coverage, self.language())

    def _on_controller_fired(self, transition_id: str) -> None:
        # Every step counts: a choice, a timeout, a replayed scenario or tour (O(1) here;
        # the panel and the overlay catch up once the event loop is free).
        self._review_path = None  # the canvas follows the walk again (the next restyle drops a path shown)
        if self.coverage is not None and self.machine is not None and self.machine.has_transition(transition_id):
            self.coverage.take(transition_id)
            self._coverage_timer.start()

    def _on_controller_changed(self) -> None:
        # A replay may start elsewhere than the initial state: its start counts as visited.
        if self.coverage is not None and self.controller is not None:
            current = self.controller.session.current
            if current not in self.coverage.visited:
                self.coverage.visit(current)
                self._coverage_timer.start()

    def _refresh_coverage(self) -> None:
        """Bring the coverage panel and the coverage overlays up to date."""
        self.coverage_panel.refresh()
        c = self.coverage
        shown = {"unvisited": c is not None and self.overlay_actions["unvisited"].isChecked(),
                 "untaken": c is not None and self.overlay_actions["untaken"].isChecked()}
        changed = False
        for name, on in shown.items():
            ids: frozenset[str] | None = None
            if on and c is not None:
                ids = frozenset(c.unvisited_states() if name == "unvisited" else c.untaken_transitions())
            if self._extra_overlay_ids.get(name) != ids:
                if ids is None:
                    self._extra_overlay_ids.pop(name, None)
                else:
                    self._extra_overlay_ids[name] = ids
                changed = True
        if changed:
            self.refresh_highlight()

    def reset_coverage(self) -> None:
        """Forget what was covered; the current state counts as seen again (Session > Reset Coverage)."""
        if self.coverage is None:
            return
        self.coverage.reset()
        if self.controller is not None:
            self.coverage.visit(self.controller.session.current)
        self._refresh_coverage()
        self._show_message("Coverage reset.")

    def _on_coverage_panel_path_requested(self, state_id: str) -> None:
        """Show the way to an unvisited state: from where the session is, else from the initial state."""
        if self.machine is None or self.controller is None:
            return
        from explorer.analysis import shortest_path

        self._review_path = None
        if shortest_path(self.machine, self.controller.session.current, state_id) is not None:
            self.set_target(state_id)
        else:
            path = shortest_path(self.machine, self.machine.initial, state_id)
            if path is not None:
                self._review_path = (self.machine.initial, state_id, tuple(path))
        self.select(state_id)
        self._centre_on((state_id,))

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
            # With the window as context: a window closed before the timer fires gets no call.
            QTimer.singleShot(0, self, lambda: self._on_job_finished(cached, generation, 0.0))
            return
        job = LayoutJob(self.machine, options, self._generation, cache=self._cache, parent=self)
        job.finished.connect(self._on_job_finished)
        job.failed.connect(self._on_job_failed)
        job.cancelled.connect(self._on_job_cancelled)
        # Deleted once it reported (its worker is done with it); each job holds a
        # machine and a layout, so jobs kept as children of the window would pile up.
        for signal in (job.finished, job.failed, job.cancelled):
            signal.connect(job.deleteLater)
        self._job = job
        self.layout_started.emit(options)
        big = len(self.machine.states) > NEIGHBOURHOOD_THRESHOLD
        if big:
            self._show_neighbourhood(options)
        self._set_busy(self._laying_out_text())
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
        if self.analysis is None and opened is not None and opened.machine is self.machine:
            self._unstored = (layout, options)  # the analysis is on its way: stored when it arrives
            return
        self._unstored = None
        if (self.open_cache is None or opened is None or opened.machine is not self.machine
                or opened.key is None or opened.content_hash is None or self.analysis is None):
            return
        if opened.entry is not None and opened.entry.layout is layout:
            return  # it came from there
        entry = OpenEntry(opened.content_hash, self.machine, self.analysis, layout, options)
        self.open_cache.put(opened.key, entry)
        self._opened = replace(opened, entry=entry)

    def _show_neighbourhood(self, options: LayoutOptions) -> None:
        """Draw the current state's surroundings soon while the full layout runs.

        A small layout, but still a Graphviz run: it goes to the thread pool
        like the full one (a dot that hangs must not freeze the window).
        """
        assert self.machine is not None and self.controller is not None
        centre = self.controller.session.current
        states = neighbourhood(self.machine, centre, radius=2)
        if len(states) > 60:
            states = neighbourhood(self.machine, centre, radius=1)
        job = LayoutJob(self.machine, replace(options, engine="dot"), self._generation, states=states, parent=self)
        job.finished.connect(self._on_neighbourhood_finished)
        job.failed.connect(self._on_neighbourhood_failed)
        self._neighbourhood_job = job
        self._neighbourhood_centre = centre
        job.start()

    def _on_neighbourhood_finished(self, layout: Layout, generation: int, _seconds: float) -> None:
        job, self._neighbourhood_job = self._neighbourhood_job, None
        if generation != self._generation or self._job is None or job is None or self.machine is None:
            return  # replaced, cancelled, or the full picture came first
        self._partial = True
        self._show_layout(layout)
        label = self.machine.state_label(self._neighbourhood_centre, self.language())
        self.statusBar().showMessage(
            self.tr("Showing the %n states around “%1” while the full picture is laid out…", "",
                    len(layout.nodes)).replace("%1", label), 0)

    def _on_neighbourhood_failed(self, message: str, generation: int) -> None:
        self._neighbourhood_job = None
        if generation == self._generation and self._job is not None:
            self.statusBar().showMessage(self.tr("Neighbourhood view failed: %1").replace("%1", message), 8000)

    def cancel_layout(self) -> None:
        """Stop what runs in the background (reading a file, laying out); what is shown stays."""
        self._load_generation += 1  # a file still being read is dropped when it arrives
        if self._job is not None:
            self._job.cancel()
            self._job = None
        if self._neighbourhood_job is not None:
            self._neighbourhood_job.cancel()
            self._neighbourhood_job = None
        self._set_busy(None)

    def _on_cancel_button_clicked(self) -> None:
        # The indicator shows the export while one runs (the layout's shows again after it).
        if self._export_cancel is not None:
            self.cancel_export()
        else:
            self.cancel_layout()

    def _set_busy(self, text: str | None) -> None:
        if text is None and self._export_cancel is not None:
            text = self._export_text  # a layout ended while an export runs: the export is still busy
        for w in (self.busy, self.busy_label, self.cancel_button):
            w.setVisible(text is not None)
        self.busy_label.setText(text or "")

    def _on_job_finished(self, layout: Layout, generation: int, seconds: float) -> None:
        if generation != self._generation:
            return  # a newer request replaced this one
        job, self._job = self._job, None
        self._set_busy(None)
        was_partial, self._partial = self._partial, False
        self._show_layout(layout, keep_place=was_partial)
        self.layout_finished.emit(True)
        notes = "; ".join(layout.notes)
        if job is None:  # from the open cache
            cached = self.tr("Opened from the cache (laid out with %1)").replace("%1", layout.engine)
            self.statusBar().showMessage(cached +
                                         (f" — {notes}" if notes else ""), 8000)
            return
        self.statusBar().showMessage(self.tr("Laid out with %1 in %2 s").replace("%1", layout.engine)
                                     .replace("%2", i18n.format_number(seconds, 2)) +
                                     (f" — {notes}" if notes else ""), 8000)
        if job.states is None:
            self._store_open(layout, job.options)

    def _on_job_failed(self, message: str, generation: int) -> None:
        if generation != self._generation:
            return
        self._job = None
        self._set_busy(None)
        self.layout_finished.emit(False)
        self.error_reported.emit(self.tr("Layout failed"), message, "")

    def _on_job_cancelled(self, generation: int) -> None:
        if generation == self._generation:
            self.statusBar().showMessage(self.tr("Layout cancelled"), 5000)
            self.layout_finished.emit(False)

    def _show_layout(self, layout: Layout, *, keep_place: bool = False) -> None:
        assert self.machine is not None
        self.layout = layout
        # The full layout replacing a neighbourhood view keeps the current state where it was on screen.
        keep = self._screen_place_of_current() if keep_place else None
        scene = GraphScene(self.machine, layout, parent=self, language=self.content_language, lazy_labels=True)
        scene.state_clicked.connect(self._on_scene_state_clicked)
        scene.transition_clicked.connect(self._on_scene_transition_clicked)
        scene.state_context_requested.connect(self._on_scene_state_context_requested)
        scene.item_hovered.connect(self.session_panel.show_canvas_hover)
        scene.set_all_labels(self.all_labels_action.isChecked())
        self.scene = scene
        # The view retires the scene it showed (this machine's or an older
        # one's) before letting go of it; only then is it deleted.
        if keep is not None:
            old = self.view.set_scene_keeping(scene, *keep)
        else:
            old = self.view.set_scene_fitting(scene)
        self.refresh_highlight()
        scene.set_view_scale(self.view.zoom)
        self.presentation.schedule_frame()
        if old is not None:
            old.deleteLater()
        self.layout_drawn.emit()

    # -- looks: theme, names for assistive technology ----------------------------------

    def theme_choice(self) -> str:
        """View > Theme: "auto", "light" or "dark"."""
        checked = self.theme_group.checkedAction()
        return checked.data() if checked else "auto"

    def theme(self) -> str:
        """The palette in use for the choice: "auto" is dark when the desktop is."""
        choice = self.theme_choice()
        if choice != "auto":
            return choice
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorScheme") and hints.colorScheme() == Qt.ColorScheme.Dark:
            return "dark"
        window_colour = QGuiApplication.palette().color(QPalette.ColorRole.Window)
        return "dark" if st.dark_desktop(window_colour) else "light"

    def apply_theme(self) -> None:
        """Take the colours of :meth:`theme` for the canvas, the panel, the legend and the session bar."""
        theme = self.theme()
        changed = theme != st.Palette.theme
        st.use_palette(theme)
        self.session_panel.restyle()
        self.legend.update()
        self.presentation.refresh()
        if changed and self.layout is not None and self.machine is not None:
            # A new scene from the same layout (its background and styles change): no Graphviz.
            self._show_layout(self.layout, keep_place=True)

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]  # noqa: N802 (Qt override)
        super().changeEvent(event)
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.ThemeChange) \
                and self.theme_choice() == "auto" and self.theme() != st.Palette.theme:
            self.apply_theme()

    def _name_controls(self) -> None:
        """Names for screen readers where a widget shows no text of its own."""
        for widget, name in ((self.inspector, self.tr("Inspector")), (self.legend, self.tr("Legend")),
                             (self.problems, self.tr("Problems")), (self.busy, self.tr("Working")),
                             (self.counts_label, self.tr("Machine summary"))):
            widget.setAccessibleName(name)

    # -- following the session (classroom) -----------------------------------------

    def docks(self) -> list[QDockWidget]:
        """Every dock of the window (presentation mode hides them all), whoever added it."""
        return self.findChildren(QDockWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)

    def _current_item(self):  # type: ignore[no-untyped-def]
        if self.scene is None or self.controller is None:
            return None
        return self.scene.item_for_state.get(self.controller.session.current)

    def _screen_place_of_current(self) -> tuple[str, QPointF, float] | None:
        """(state id, viewport position, zoom) of the current state in the scene on screen now."""
        item = self._current_item()
        if item is None:
            return None
        assert self.controller is not None
        pos = QPointF(self.view.mapFromScene(item.sceneBoundingRect().center()))
        return self.controller.session.current, pos, self.view.zoom

    def centre_on_current(self) -> None:
        """Bring the current state to the middle of the view, zoomed in far enough to read its name."""
        item = self._current_item()
        if item is None:
            return
        zoom = max(self.view.zoom, st.MIN_SCREEN_LABEL_PX / item.text_font_px)
        self.view.show_at(item.sceneBoundingRect().center(), zoom)

    def _on_follow_toggled(self, on: bool) -> None:
        if on:
            self._follow_current()

    def _follow_current(self) -> None:
        """With Follow Current State on, keep the current state and its ways out in view after each step."""
        if not self.follow_action.isChecked() or self.presentation.active:
            return
        item = self._current_item()
        if item is None:
            return
        if item.text_font_px * self.view.zoom < st.MIN_SCREEN_LABEL_PX:
            self.centre_on_current()
        else:
            self.view.keep_in_view(item.sceneBoundingRect())

    def _on_view_way_out_focused(self, transition_id: str) -> None:
        # The keyboard's way out is selected on the canvas and described to screen readers.
        if transition_id and self.machine is not None:
            t = self.machine.transition(transition_id)
            lang = self.language()
            self.view.setAccessibleDescription(
                f"{self.machine.trigger_label(transition_id, lang)} → {self.machine.state_label(t.target, lang)}")
            self.select(transition_id)
        self.presentation.refresh()

    def _on_view_way_out_activated(self, transition_id: str) -> None:
        if self.controller is not None:
            self.controller.fire(transition_id)

    # -- highlighting (restyles only) -------------------------------------------

    def highlight(self) -> Highlight:
        assert self.machine is not None
        session = self.controller.highlight_fields() if self.controller else {}
        if self._review_path is not None:
            # Path Between States: the chosen path replaces the session's own while it is shown.
            _source, target, path = self._review_path
            session = {**session, "path": path, "path_target": target}
        # A quiz question is open: the ways out would show the answer.
        session = {**session, **self.quiz_panel.session_changes()}
        return Highlight.from_analysis(
            self.analysis if self.analysis is not None else _NO_ANALYSIS,  # defects follow when it arrives
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

    def set_overlay_id_sets(self, marks: Mapping[str, Iterable[str] | None]) -> None:
        """:meth:`set_overlay_ids` for several overlays at once, with one restyle."""
        for overlay, ids in marks.items():
            if ids is None:
                self._extra_overlay_ids.pop(overlay, None)
            else:
                self._extra_overlay_ids[overlay] = frozenset(ids)
        self.refresh_highlight()

    def refresh_highlight(self) -> None:
        if self.scene is None or self.machine is None:
            return
        if self.scene.machine is not self.machine:
            return  # a new version is being laid out; its scene applies the highlight when drawn
        self.scene.apply(self.highlight())
        self.legend.set_hidden_overlays(self.hidden_overlays())
        self._update_counts()

    def _on_view_zoom_changed(self, zoom: float) -> None:
        if self.scene is not None:
            self.scene.set_view_scale(zoom)

    def _on_overlay_toggled(self, _checked: bool) -> None:
        self._refresh_coverage()  # the coverage overlays compute their ids only while shown
        self.refresh_highlight()

    def _on_all_labels_toggled(self, checked: bool) -> None:
        if self.scene is not None:
            self.scene.set_all_labels(checked)

    # -- canvas events -------------------------------------------------------------

    def _on_way_out_pointed(self, transition_id: str) -> None:
        """A way out pointed at in the session panel shows as hovered on the canvas (and its label)."""
        if self.scene is not None:
            self.scene.hover(transition_id or None)

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
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one menu per right-click: none may linger
        label = self.machine.state_label(state_id, self.language())
        menu.addAction(self.tr("Show Path to “%1”").replace("%1", label), lambda: self.set_target(state_id))
        menu.addAction(self.tr("Start Session Here"), lambda: self.start_session_at(state_id))
        menu.addAction(self.tr("Inspect"), lambda: self.select(state_id))
        if self.controller and self.controller.target is not None:
            menu.addAction(self.tr("Clear Path"), lambda: self.set_target(None))
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

    def _centre_on(self, ids: tuple[str, ...]) -> None:
        """Bring the items of ``ids`` (states or transitions) into view, centred together."""
        if self.scene is None:
            return
        items = [self.scene.item_for_state.get(i) or self.scene.item_for_transition.get(i) for i in ids]
        rects = [item.sceneBoundingRect() for item in items if item is not None]
        if not rects:
            return
        rect = rects[0]
        for r in rects[1:]:
            rect = rect.united(r)
        self.view.centerOn(rect.center())

    def _on_defects_panel_finding_activated(self, ids: tuple[str, ...]) -> None:
        if not ids:
            return
        self.select(ids[0])
        self._centre_on(ids)

    def _on_compare_panel_item_activated(self, item_id: str) -> None:
        self.select(item_id)
        self._centre_on((item_id,))

    # -- paths between any two states, tours ----------------------------------------

    def path_between_dialog(self) -> None:
        """Session > Path Between States…: From and To, the path as a procedure, shown on the canvas."""
        if self.machine is None:
            return
        from explorer.ui.review_dialogs import PathBetweenDialog

        source = self.controller.session.current if self.controller else None
        target = self.controller.target if self.controller else None
        dialog = PathBetweenDialog(self.machine, self.language(), source, target, parent=self)
        dialog.path_chosen.connect(self.show_path_between)
        dialog.finished.connect(lambda _r: self.show_path_between(None, None, None))
        dialog.finished.connect(dialog.deleteLater)
        self.path_dialog = dialog
        dialog.open()
        dialog.path_chosen.emit(*(dialog.from_combo.currentData(), dialog.to_combo.currentData(), dialog.path))

    def show_path_between(self, source: str | None, target: str | None, path: list[str] | None) -> None:
        """Draw ``path`` (from ``source`` to ``target``) instead of the session's; None clears it."""
        if source is None or target is None or path is None:
            if self._review_path is None:
                return
            self._review_path = None
        else:
            self._review_path = (source, target, tuple(path))
            if path:
                self._centre_on(tuple(path))
        self.refresh_highlight()

    def shown_path(self) -> tuple[str, list[str]] | None:
        """The path the canvas shows (Path Between States, else the session's): its start and transition ids."""
        if self._review_path is not None:
            return self._review_path[0], list(self._review_path[2])
        if self.controller is not None and self.controller.path() is not None:
            return self.controller.session.current, self.controller.path() or []
        return None

    def copy_path_procedure(self) -> str:
        """Session > Copy Path as Procedure: the shown path as a numbered Markdown procedure, to the clipboard."""
        shown = self.shown_path()
        if self.machine is None or shown is None:
            self._show_message("No path to copy: choose a target (Go to…) or Session > Path Between States….")
            return ""
        from explorer.io.markdown import procedure_markdown

        start, path = shown
        text = procedure_markdown(self.machine, path, lang=self.language(), start=start)
        QGuiApplication.clipboard().setText(text)
        self._show_message(f"Path copied as a procedure ({len(path)} steps).")
        return text

    def tours_dialog(self) -> None:
        """Session > Tours…: the walks that together take every reachable transition; play one."""
        if self.machine is None:
            return
        from explorer.tours import plan_tours
        from explorer.ui.review_dialogs import ToursDialog

        self.tour_plan = plan_tours(self.machine)
        dialog = ToursDialog(self.machine, self.tour_plan, self.language(), parent=self)
        dialog.play_requested.connect(self.play_tour)
        dialog.finished.connect(dialog.deleteLater)
        self.tours_dialog_widget = dialog
        dialog.open()

    def play_tour(self, index: int, *, delay_ms: int | None = None) -> bool:
        """Play tour ``index`` (0-based) of the last plan through the session's scenario replay."""
        plan = self.tour_plan
        if self.machine is None or self.controller is None or plan is None or not 0 <= index < len(plan.tours):
            return False
        from explorer.tours import tour_scenario

        scenario = tour_scenario(self.machine, plan.tours[index], name=f"Tour {index + 1} of {len(plan.tours)}",
                                 machine_path=self.path)
        self._review_path = None
        self.session_panel.set_scenario(scenario)
        if delay_ms is None:
            self.controller.start_replay(scenario)
        else:
            self.controller.start_replay(scenario, delay_ms)
        return True

    # -- compare with another version -----------------------------------------------

    def compare_dialog(self) -> None:
        if self.machine is None:
            return
        start = str(self.path.parent) if self.path else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Compare With"), start, open_dialog_filters())
        if name:
            self.compare_with(Path(name))

    def compare_with(self, path: Path) -> bool:
        """Compare the open machine with the version in ``path`` (read like File > Open); False when it fails."""
        if self.machine is None:
            return False
        try:
            old = load_machine_file(path)
        except LoadError as e:
            self._show_problems(e.problems)
            self._error_dialog(self.tr("%1 could not be compared").replace("%1", path.name), e.problems)
            return False
        except (OSError, ExplorerError) as e:
            problems = [Problem(str(path), 0, 0, str(e))]
            self._show_problems(problems)
            self._error_dialog(self.tr("%1 could not be compared").replace("%1", path.name), problems)
            return False
        self.compare = (path.resolve(), old, diff_machines(old, self.machine))
        for name in st.COMPARE_OVERLAYS:
            self.overlay_actions[name].setChecked(True)
        self.leave_compare_action.setEnabled(True)
        self.compare_dock.show()
        self.compare_dock.raise_()
        self._apply_compare()
        return True

    def _recompare(self) -> None:
        """The open machine changed (reload): compare it with the other version again."""
        if self.compare is not None and self.machine is not None:
            old_path, old, _ = self.compare
            self.compare = (old_path, old, diff_machines(old, self.machine))
            self._apply_compare()

    def _apply_compare(self) -> None:
        assert self.compare is not None and self.machine is not None
        old_path, old, d = self.compare
        self.compare_panel.set_diff(d, old, self.machine, old_path, self.language())
        for name, ids in diff_marks(d, old, self.machine).items():
            self._extra_overlay_ids[name] = ids
        self.refresh_highlight()
        self._show_message(f"Comparing with {old_path.name}: {len(d.states_added) + len(d.transitions_added)} added, "
                           f"{len(d.states_changed) + len(d.transitions_changed)} changed, "
                           f"{len(d.states_removed) + len(d.transitions_removed)} removed.")

    def leave_compare(self) -> None:
        """Back to the normal view (Esc, View > Leave Compare, the panel's button)."""
        if self.compare is None:
            return
        self.compare = None
        for name in st.COMPARE_OVERLAYS:
            self._extra_overlay_ids.pop(name, None)
            self.overlay_actions[name].setChecked(False)
        self.leave_compare_action.setEnabled(False)
        self.compare_panel.set_diff(None)
        self.compare_dock.hide()
        self.refresh_highlight()

    # -- quiz (classroom) ------------------------------------------------------------------

    def start_quiz(self, source: str = "auto", *, seed: int | None = None) -> bool:
        """Session > Quiz…: ask the class where each way out leads, over the loaded
        scenario ("auto" when one is loaded, or "scenario") or over the tours ("tours")."""
        if self.machine is None or self.controller is None:
            return False
        from explorer.errors import ScenarioError
        from explorer.quiz import Quiz

        scenario = self.session_panel.scenario
        # A new seed each run unless one is given: a class that sees the quiz again gets new orders.
        seed = seed if seed is not None else QDateTime.currentMSecsSinceEpoch() % 100_000
        try:
            if source == "scenario" or (source == "auto" and scenario is not None):
                if scenario is None:
                    self._show_message("Load a scenario first (Session > Open Scenario…), or quiz over the tours.")
                    return False
                quiz = Quiz.from_scenario(self.machine, scenario, seed=seed)
            else:
                quiz = Quiz.from_tours(self.machine, seed=seed)
        except ScenarioError as e:
            self.error_reported.emit(self.tr("The scenario cannot be quizzed"), str(e), "")
            return False
        self._review_path = None
        if self.controller.is_replaying:
            self.controller.stop_replay()
        self.controller.pause()  # a running clock would fire timeouts under the class's answers
        self.quiz_dock.show()
        self.quiz_dock.raise_()
        self.quiz_panel.start(quiz)
        return True

    def _on_quiz_panel_left(self) -> None:
        self.quiz_dock.hide()
        self.session_dock.raise_()
        self.refresh_highlight()

    def start_session_at(self, state_id: str) -> None:
        self._new_session(start=state_id)
        self.refresh_highlight()

    def toggle_clock(self) -> None:
        """Run the session clock, or pause it when it runs."""
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
        dialog.setWindowTitle(self.tr("Find State"))
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
        if self.machine is not None:
            if len(self.machine.states) <= BACKGROUND_ANALYSIS_STATES:
                self._update_findings()
            elif self.analysis is not None or self._analysis_job is not None:
                # Reworded in the background; replaces a job still wording them in the language before.
                # (While a machine is being set, neither is true: its job starts in this language.)
                self._start_analysis(self.analysis)
            self.coverage_panel.set_language(lang)
            if self.compare is not None:
                self.compare_panel.set_diff(self.compare[2], self.compare[1], self.machine, self.compare[0], lang)
        if self._selected:
            self.select(self._selected)
        elif self.machine is not None:
            self.inspector.setHtml(self._machine_html())

    # -- status, inspector ---------------------------------------------------------

    def _update_findings(self) -> None:
        """Word the findings of the open machine in the content language, once per machine and language.

        Opening a file may change the language too: both ask, the findings
        (a tenth of a second at 3,000 states) are worded once.
        """
        if self.machine is None or self.analysis is None:
            return
        key = (self.machine, self.analysis, self.language(), self.path)
        done = self._findings_for
        if done is not None and done[0] is key[0] and done[1] is key[1] and done[2:] == key[2:]:
            return
        self._findings_for = key
        self.findings = findings(self.machine, self.analysis, self.language())
        self.defects_panel.set_findings(self.findings, self.path)

    def _laying_out_text(self) -> str:
        assert self.machine is not None
        return self.tr("Laying out %n state(s)…", "", len(self.machine.states))

    def _update_counts(self) -> None:
        if self.machine is None:
            self.counts_label.setText("")
            return
        if self.analysis is None:  # being analysed in the background
            self.counts_label.setText("  ·  ".join([
                self.machine.name, self.tr("%n state(s)", "", len(self.machine.states)),
                self.tr("%n transition(s)", "", len(self.machine.transitions))]))
            self.counts_label.setToolTip("")
            return
        a = self.analysis
        # The kinds that were found, with the words of the defects panel's groups; every kind,
        # zeros included, in the tooltip (eleven counts do not fit beside a status message).
        found = counts(self.findings)

        kinds = "  ·  ".join(self._kind_count(kind, n) for kind, n in found.items() if n) or self.tr("no defects")
        self.counts_label.setText("  ·  ".join([
            self.machine.name, self.tr("%n state(s)", "", len(self.machine.states)),
            self.tr("%n transition(s)", "", len(self.machine.transitions)),
            self.tr("%n timeout edge(s)", "", len(a.timeouts)), kinds,
            *([self.tr("neighbourhood view")] if self._partial else [])]))
        every = "<br>".join(self._kind_count(kind, n) for kind, n in found.items())
        self.counts_label.setToolTip(f"{every}<br><br>" + self.tr("Findings by kind: see View > Defects"))

    def _kind_count(self, kind: str, n: int) -> str:
        """``n`` findings of ``kind`` in the status bar's short words (the defects panel's groups)."""
        # One tr() per kind, spelt out, so that lupdate finds each with its plural forms.
        words = {
            "unreachable": lambda: self.tr("%n unreachable", "", n),
            "dead_end": lambda: self.tr("%n dead end(s)", "", n),
            "trap": lambda: self.tr("%n trap(s)", "", n),
            "ambiguous_trigger": lambda: self.tr("%n ambiguous trigger(s)", "", n),
            "timeout_conflict": lambda: self.tr("%n timeout conflict(s)", "", n),
            "self_loop": lambda: self.tr("%n self-loop(s)", "", n),
            "missing_label": lambda: self.tr("%n missing label(s)", "", n),
            "no_steps": lambda: self.tr("%n without steps", "", n),
        }
        return words[kind]() if kind in words else f"{n} {KINDS[kind]}"

    def _machine_html(self) -> str:
        assert self.machine is not None
        m, a, lang = self.machine, self.analysis, self.language()
        if a is None:
            looking = self.tr("Looking for defects…")
            return (f"<h2>{html.escape(m.name)}</h2>"
                    "<p>" + self.tr("%1 states, %2 transitions.").replace("%1", str(len(m.states)))
                    .replace("%2", str(len(m.transitions))) + "</p>"
                    f"<p>{html.escape(looking)}</p>")

        def names(ids: frozenset[str]) -> str:
            # At most a screenful of names: a big machine's thousand would fill the inspector for nothing.
            shown = sorted(ids)[:MAX_INSPECTOR_NAMES]
            text = ", ".join(html.escape(m.state_label(i, lang)) for i in shown) or self.tr("none")
            more = self.tr("and %n more (see Defects)", "", len(ids) - len(shown))
            return text + (f" {more}" if len(ids) > len(shown) else "")

        rows = ((self.tr("Unreachable:"), names(a.unreachable)), (self.tr("Dead ends:"), names(a.dead_ends)),
                (self.tr("Traps:"), names(a.traps)), (self.tr("Ambiguous triggers:"), str(len(a.ambiguous))),
                (self.tr("Timeout edges:"), str(len(a.timeouts))))
        counts = self.tr("%1 states, %2 transitions.").replace("%1", str(len(m.states)))
        return (
            f"<h2>{html.escape(m.name)}</h2>"
            f"<p>{counts.replace('%2', str(len(m.transitions)))}</p>"
            "<p>" + "<br>".join(f"<b>{title}</b> {value}" for title, value in rows) + "</p>"
            "<p>" + self.tr("Click a state or a transition to inspect it.") + "</p>"
        )

    def _state_html(self, state_id: str) -> str:
        assert self.machine is not None  # the analysis may be on its way: then no defects are named yet
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
            "\n".join(lines[:8]) + ("\n" + self.tr("… and %n more", "", len(lines) - 8) if len(lines) > 8 else "")
            + ("\n\n" + self.tr("The machine that was open stays open.") if self.machine else ""),
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
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open Machine"), start, open_dialog_filters())
        if name:
            self.open_file(Path(name))

    def export_picture_dialog(self) -> None:
        if self.machine is None or self.path is None:
            return
        from explorer.ui.export_dialog import PictureExportDialog

        has_session = self.controller is not None and bool(self.controller.session.taken_transitions())
        dialog = PictureExportDialog(self.path.with_suffix(".svg"), self, has_session=has_session)
        if dialog.exec() != PictureExportDialog.DialogCode.Accepted:
            return
        self.export_document_picture(dialog.path(), paper=dialog.paper(), orientation=dialog.orientation(),
                                     dpi=dialog.dpi(), include_session=dialog.include_session())

    def export_document_picture(self, path: Path, *, paper: str | None = None, orientation: str = "landscape",
                                dpi: float = 144.0, include_session: bool = False) -> bool:
        """Export the machine for a document, as ``explorer render`` does (in the window's language
        and direction); the session only when asked. False (and an error reported) when it fails."""
        if self.machine is None:
            return False
        from explorer.ui.export import ExportOptions, export_machine, session_highlight

        session = None
        if include_session and self.controller is not None:
            s = self.controller.session
            session = session_highlight(self.machine, s.start, s.taken_transitions())
        try:
            options = ExportOptions(lang=self.language(), direction=self.direction(), engine=self.engine(),
                                    paper=paper, orientation=orientation, dpi=dpi, session=session,
                                    hub_stubs=self.hub_stubs_action.isChecked())
            with self._exporting(Path(path).name) as started:
                if not started:
                    return False
                result = export_machine(self.machine, Path(path), options)
        except LayoutCancelled:
            self.statusBar().showMessage(self.tr("Export cancelled"), 5000)
            return False
        except (ExplorerError, OSError) as e:
            self.error_reported.emit(self.tr("Export failed"), str(e), "")
            return False
        pages = " " + self.tr("(%n pages)", "", len(result.pages)) if len(result.pages) > 1 else ""
        self.statusBar().showMessage(self.tr("Exported %1").replace("%1", str(path)) + pages, 5000)
        return True

    # -- exports: Graphviz in the background, the painting here -----------------------

    @contextmanager
    def _exporting(self, name: str) -> Iterator[bool]:
        """Around one export: its busy indicator and Cancel, and its layouts run as jobs.

        Yields False (and says so) when another export is still running: the
        window's event loop goes on during an export, so a second one could be asked for.
        """
        from explorer.ui.export import layouts_run_by

        if self._export_cancel is not None:
            self._show_message(self.tr("An export is still running; wait for it or cancel it first."))
            yield False
            return
        self._export_cancel = threading.Event()
        self._export_text = self.tr("Exporting %1…").replace("%1", name)
        self._set_busy(self._export_text)
        # Busy, not waiting: the window answers (and Cancel works) while Graphviz runs.
        QApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        try:
            with layouts_run_by(self._run_export_layout):
                yield True
        finally:
            QApplication.restoreOverrideCursor()
            self._export_cancel = None
            self._export_job = None
            laying_out = self._job is not None and self.machine is not None
            self._set_busy(self._laying_out_text() if laying_out else None)

    @property
    def export_running(self) -> bool:
        """True while an export (picture or documentation) is being laid out or written."""
        return self._export_cancel is not None

    def cancel_export(self) -> None:
        """Stop the export that is running (its Graphviz run is killed); nothing is written."""
        if self._export_cancel is not None:
            self._export_cancel.set()
        if self._export_job is not None:
            self._export_job.cancel()

    def _run_export_layout(self, machine: Machine, options: LayoutOptions, states: Collection[str] | None,
                           cache: LayoutCache | None) -> Layout:
        """One Graphviz run of an export, as a background job; events (and Cancel) are handled meanwhile."""
        cancel = self._export_cancel
        if cancel is None or cancel.is_set():
            raise LayoutCancelled("export cancelled")
        job = LayoutJob(machine, options, 0, states=states, cache=cache, parent=self)
        outcome: list[tuple[str, object]] = []
        loop = QEventLoop(self)

        def finished(layout: Layout, _generation: int, _seconds: float) -> None:
            outcome.append(("drawn", layout))
            loop.quit()

        def failed(message: str, _generation: int) -> None:
            outcome.append(("failed", message))
            loop.quit()

        def cancelled(_generation: int) -> None:
            outcome.append(("cancelled", None))
            loop.quit()

        job.finished.connect(finished)
        job.failed.connect(failed)
        job.cancelled.connect(cancelled)
        for signal in (job.finished, job.failed, job.cancelled):
            signal.connect(job.deleteLater)
        self._export_job = job
        self.export_layout_started.emit(options)
        if cancel.is_set():  # cancelled by a listener of the signal
            job.cancel()
        job.start()
        # The job's signals are queued to this thread: this loop delivers them.
        while not outcome:
            loop.exec()
        self._export_job = None
        what, value = outcome[0]
        if what == "failed":
            raise LayoutError(str(value))
        if what == "cancelled" or cancel.is_set():
            raise LayoutCancelled("export cancelled")
        assert isinstance(value, Layout)
        return value

    def export_documentation_dialog(self) -> None:
        if self.machine is None or self.path is None:
            return
        folder = QFileDialog.getExistingDirectory(self, self.tr("Export Documentation into"), str(self.path.parent))
        if folder:
            self.export_documentation(Path(folder))

    def export_documentation(self, folder: Path) -> bool:
        """Write the documentation set (Markdown, SVG pictures, PDF) into ``folder``, in the window's language."""
        if self.machine is None:
            return False
        from explorer.ui.documents import doc_name, write_documentation

        try:
            with self._exporting(Path(folder).name) as started:
                if not started:
                    return False
                result = write_documentation(self.machine, folder, lang=self.language(),
                                             name=doc_name(self.machine, self.path), direction=self.direction(),
                                             engine=self.engine())
        except LayoutCancelled:
            self.statusBar().showMessage(self.tr("Export cancelled"), 5000)
            return False
        except (ExplorerError, OSError) as e:
            self.error_reported.emit(self.tr("Export failed"), str(e), "")
            return False
        self.statusBar().showMessage(self.tr("Documentation written: %1, %2").replace("%1", str(result.markdown))
                                     .replace("%2", str(result.pdf)), 8000)
        return True

    def export_text_dialog(self, kind: str) -> None:
        if self.machine is None or self.path is None:
            return
        from explorer.io.atomic import write_atomic
        from explorer.io.formats import format_named

        target = format_named(kind)
        assert target.write is not None
        title = self.tr("Export Mermaid") if kind == "mermaid" else self.tr("Export Markdown")
        name, _ = QFileDialog.getSaveFileName(self, title, str(self.path.with_suffix(target.extensions[0])))
        if not name:
            return
        try:
            write_atomic(name, target.write(self.machine, lang=self.language()))
        except (OSError, ExplorerError) as e:
            self.error_reported.emit(self.tr("Export failed"), str(e), "")
        else:
            self.statusBar().showMessage(self.tr("Exported %1").replace("%1", name), 5000)

    def export_as_dialog(self) -> None:
        """File > Export As…: the machine in any format State Explorer writes, chosen by the dialog's filter."""
        if self.machine is None or self.path is None:
            return
        from explorer.io.formats import FORMATS

        writable = [f for f in FORMATS if f.write is not None]
        filters = [f.dialog_filter for f in writable]
        suggested = str(self.path.with_suffix(writable[0].extensions[0]))
        name, chosen = QFileDialog.getSaveFileName(self, self.tr("Export As"), suggested, ";;".join(filters))
        if name:
            self.export_as(Path(name), next((f.name for f in writable if f.dialog_filter == chosen), None))

    def export_as(self, path: Path, format: str | None = None) -> bool:
        """Write the machine to ``path`` in ``format`` (default: by the extension); errors go to error_reported.

        A name without an extension gets the format's own. The file is written
        atomically: when writing fails the file that was there stays as it was.
        """
        assert self.machine is not None
        from explorer.io.atomic import write_atomic
        from explorer.io.formats import format_named, format_names, writer_for

        target = format_named(format) if format is not None else writer_for(path)
        if target is None:
            self.error_reported.emit(self.tr("Export failed"),
                                     f"{path.name}: cannot tell the format from the extension; "
                                     f"choose one of: {', '.join(format_names(writable=True))}", "")
            return False
        assert target.write is not None
        if not path.suffix:
            path = path.with_suffix(target.extensions[0])
        try:
            write_atomic(path, target.write(self.machine, lang=self.language(), filename=str(path)))
        except (OSError, ExplorerError) as e:
            self.error_reported.emit(self.tr("Export failed"), str(e), "")
            return False
        self.statusBar().showMessage(self.tr("Exported %1 (%2)").replace("%1", path.name)
                                     .replace("%2", target.title), 5000)
        return True

    def open_scenario_dialog(self) -> None:
        if self.controller is None:
            return
        start = str(self.path.parent) if self.path else str(Path.home())
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open Scenario"), start,
                                              self.tr("Scenarios (*.yaml *.yml)"))
        if name:
            self.open_scenario(Path(name))

    def open_scenario(self, path: Path, *, autoplay: bool = False, background: bool | None = None) -> bool:
        """Load a scenario for the session panel (``autoplay``: replay it at once).

        Big files are read off the UI thread (``background`` None: decided by
        size); then True means "started" and :attr:`scenario_loaded` or the
        problems follow.
        """
        assert self.controller is not None
        if background is None:
            try:
                background = path.stat().st_size > BACKGROUND_LOAD_BYTES
            except OSError:
                background = False  # the loader reports the missing file
        if background:
            self._scenario_generation += 1
            job = ScenarioLoadJob(path, self._scenario_generation, self)
            job.loaded.connect(lambda s, g: g == self._scenario_generation and self._finish_scenario(path, s, autoplay))
            job.failed.connect(lambda p, g: g == self._scenario_generation and self._fail_scenario(path, p))
            job.loaded.connect(job.deleteLater)
            job.failed.connect(job.deleteLater)
            self._set_busy(f"Reading {path.name}…")
            job.start()
            return True
        try:
            scenario = self.controller.load_scenario(path)
        except LoadError as e:
            self._fail_scenario(path, e.problems)
            return False
        self._finish_scenario(path, scenario, autoplay)
        return True

    def _finish_scenario(self, path: Path, scenario: object, autoplay: bool) -> None:
        self._set_busy(None)
        if self.controller is None:
            return
        self.session_panel.set_scenario(scenario)  # type: ignore[arg-type]
        if autoplay:
            self.controller.start_replay(scenario)  # type: ignore[arg-type]
        self.scenario_loaded.emit(str(path))

    def _fail_scenario(self, path: Path, problems: list[Problem]) -> None:
        self._set_busy(None)
        self._show_problems(problems)
        self._error_dialog(self.tr("%1 could not be opened").replace("%1", path.name), problems)

    def save_scenario_dialog(self) -> None:
        if self.controller is None or self.path is None:
            return
        name, _ = QFileDialog.getSaveFileName(self, self.tr("Save Scenario"), str(self.path.parent / "scenario.yaml"),
                                              self.tr("Scenarios (*.yaml *.yml)"))
        if not name:
            return
        try:
            self.controller.save_scenario(Path(name), self.path)
        except (OSError, ExplorerError) as e:
            self.error_reported.emit(self.tr("Save failed"), str(e), "")
        else:
            self.statusBar().showMessage(self.tr("Saved scenario %1").replace("%1", name), 5000)

    def show_shortcuts(self) -> None:
        rows = "".join(f"<tr><td><b>{html.escape(k)}</b>&nbsp;&nbsp;</td><td>{html.escape(v)}</td></tr>"
                       for k, v in help_rows())
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Keyboard Shortcuts"), f"<table>{rows}</table>",
                          parent=self)
        box.setObjectName("shortcutsBox")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()  # not exec(): the window (and its clock) keeps running while the list is open

    def show_about(self) -> None:
        """Help > About: what the program is, its version and its licence (window-modal, not blocking)."""
        box = QMessageBox(QMessageBox.Icon.NoIcon, self.tr("About State Explorer"), _about_html(), parent=self)
        box.setObjectName("aboutBox")
        box.setIconPixmap(self.windowIcon().pixmap(64, 64))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

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

    # -- following the open file ------------------------------------------------------

    def _watch(self, path: Path) -> None:
        """Watch ``path`` and its folder (only those: the previous file's are dropped)."""
        wanted = {str(path), str(path.parent)}
        stale = [p for p in self._watcher.files() + self._watcher.directories() if p not in wanted]
        if stale:
            self._watcher.removePaths(stale)
        missing = [p for p in (str(path), str(path.parent))
                   if p not in self._watcher.files() + self._watcher.directories() and Path(p).exists()]
        if missing:
            self._watcher.addPaths(missing)
        self._file_stamp = _stamp(path)

    def _on_watcher_file_changed(self, path: str) -> None:
        if self.path is None or path != str(self.path):
            return
        # A file replaced or deleted drops out of the watcher; a new file at
        # the path is added again (here, or when the folder reports it).
        if path not in self._watcher.files() and Path(path).exists():
            self._watcher.addPath(path)
        # The file itself changed: reload even if its stamp looks the same
        # (two saves of one size within the file system's clock tick).
        self._changed_in_place = True
        self._reload_timer.start()

    def _on_watcher_directory_changed(self, _folder: str) -> None:
        if self.path is None:
            return
        path = str(self.path)
        if path not in self._watcher.files() and self.path.exists():
            self._watcher.addPath(path)  # re-created, or renamed over the old one
        if _stamp(self.path) != self._file_stamp:
            self._reload_timer.start()

    def _on_reload_timer_timeout(self) -> None:
        # Debounced: an editor's save (write, rename, delete + create) is one
        # reload. While the file is missing nothing is reloaded; the folder
        # reports it when it comes back.
        if self.path is None or not self.path.exists():
            return
        stamp = _stamp(self.path)
        if stamp == self._file_stamp and not self._changed_in_place:
            return
        self._changed_in_place = False
        self._file_stamp = stamp  # a broken version is not read again until it changes
        self.reload(auto=True)

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
        self.leave_compare()  # the compare overlays are not a setting to come back to
        self.cancel_layout()
        self.cancel_export()
        if self.controller is not None:
            self.controller.close()
        self._save_settings()
        super().closeEvent(event)


def _about_html() -> str:
    """The About text: name, version, what it does, licence (from the installed package's metadata)."""
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        licence = metadata("state-explorer").get("License-Expression") or "MIT"
    except PackageNotFoundError:
        licence = "MIT"
    return (f"<h3>State Explorer {html.escape(__version__)}</h3>"
            "<p>See and walk through a state machine's transition table. "
            "Layout by Graphviz, graphs by networkx, UI by Qt (PySide6).</p>"
            f"<p>Version {html.escape(__version__)}. Licence: {html.escape(licence)} "
            "(the full text is the LICENSE file that ships with the program).</p>")


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """What tells one version of a file from another: inode, mtime (ns), size; None if missing."""
    try:
        st_ = path.stat()
    except OSError:
        return None
    return (st_.st_ino, st_.st_mtime_ns, st_.st_size)


def _focus_setting(value: str) -> Focus:
    """The focus strength stored in the settings; earlier versions stored a bool."""
    legacy = {"true": st.DEFAULT_FOCUS.value, "false": Focus.OFF.value}
    try:
        return Focus(legacy.get(value.lower(), value))
    except ValueError:
        return st.DEFAULT_FOCUS
