"""Long work off the UI thread: loading a big machine or scenario file, analysing it, laying it out.

The window starts a job and keeps drawing and answering clicks meanwhile; a
job's signals arrive on the UI thread (queued, because the job object lives
there while its work runs in Qt's thread pool).
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from time import perf_counter

from PySide6.QtCore import QObject, QThreadPool, Signal

from pathlib import Path

from explorer.analysis import Analysis, analyse
from explorer.errors import ExplorerError, LayoutCancelled, LayoutError, LoadError, Problem, shorten
from explorer.layout import Layout, LayoutCache, LayoutOptions, compute_layout
from explorer.findings import findings
from explorer.model import Machine
from explorer.opencache import OpenCache, Opened, open_machine


#: Threads the jobs may use at once, at least: a full layout and a neighbourhood
#: layout mostly wait on Graphviz, and must not hold up a file being read or a
#: machine being analysed on a machine with two cores (Qt's default: one per core).
MIN_THREADS = 4


def pool() -> QThreadPool:
    """Qt's global thread pool, with room for :data:`MIN_THREADS` jobs at once."""
    instance = QThreadPool.globalInstance()
    if instance.maxThreadCount() < MIN_THREADS:
        instance.setMaxThreadCount(MIN_THREADS)
    return instance


def warm(machine: Machine) -> None:
    """Build the machine's lazily cached look-ups (ways in and out, ids, languages) here, in a worker.

    Each is a pass over every transition (about a second together at 20,000
    states); built in the thread that read or analysed the machine, the
    window's first use of them on the UI thread costs nothing.
    """
    if machine.states:
        machine.outgoing(machine.initial)
        machine.incoming(machine.initial)
        machine.state(machine.initial)
    if machine.transitions:
        machine.transition(machine.transitions[0].id)
    machine.languages  # noqa: B018 - a cached property: reading it builds it


class LayoutJob(QObject):
    """One layout request; ``generation`` lets the window drop stale results."""

    #: The layout finished: (layout, generation, seconds taken).
    finished = Signal(object, int, float)
    #: Graphviz failed: (message, generation).
    failed = Signal(str, int)
    #: The user cancelled: (generation).
    cancelled = Signal(int)

    def __init__(
        self,
        machine: Machine,
        options: LayoutOptions,
        generation: int,
        *,
        states: Collection[str] | None = None,
        cache: LayoutCache | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.machine = machine
        self.options = options
        self.generation = generation
        self.states = states
        self.cache = cache
        self._cancel = threading.Event()

    def start(self) -> None:
        pool().start(self._run)

    def cancel(self) -> None:
        self._cancel.set()

    def _run(self) -> None:
        try:
            self._compute()
        except RuntimeError:
            pass  # the window (and this job) went away while Graphviz ran: nobody to tell

    def _compute(self) -> None:
        started = perf_counter()
        try:
            layout: Layout = compute_layout(
                self.machine, self.options, states=self.states, cancel=self._cancel, cache=self.cache
            )
        except LayoutCancelled:
            self.cancelled.emit(self.generation)
        except LayoutError as e:
            self.failed.emit(str(e), self.generation)
        except Exception as e:  # noqa: BLE001 - a worker must report, never die silently
            self.failed.emit(f"unexpected layout failure: {shorten(repr(e))}", self.generation)
        else:
            self.finished.emit(layout, self.generation, perf_counter() - started)


class LoadJob(QObject):
    """Read and check one machine file; ``generation`` lets the window drop stale results."""

    #: The machine loaded: (machine, generation).
    loaded = Signal(object, int)
    #: It could not be loaded: (list of Problem, generation).
    failed = Signal(list, int)

    def __init__(self, path: Path, generation: int, parent: QObject | None = None, *,
                 open_cache: OpenCache | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.generation = generation
        self.open_cache = open_cache
        #: How the file was read (set before :attr:`loaded` is emitted).
        self.opened: Opened | None = None

    def start(self) -> None:
        pool().start(self._run)

    def _run(self) -> None:
        try:
            try:
                self.opened = open_machine(self.path, self.open_cache)
                machine = self.opened.machine
                warm(machine)
            except LoadError as e:
                self.failed.emit(list(e.problems), self.generation)
            except (OSError, ExplorerError) as e:
                self.failed.emit([Problem(str(self.path), 0, 0, str(e))], self.generation)
            else:
                self.loaded.emit(machine, self.generation)
        except RuntimeError:
            pass  # the window went away while the file was read


class ScenarioLoadJob(QObject):
    """Read and check one scenario file (100,000 steps take seconds); ``generation`` drops stale results."""

    #: The scenario loaded: (Scenario, generation).
    loaded = Signal(object, int)
    #: It could not be loaded: (list of Problem, generation).
    failed = Signal(list, int)

    def __init__(self, path: Path, generation: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path
        self.generation = generation

    def start(self) -> None:
        pool().start(self._run)

    def _run(self) -> None:
        try:
            try:
                # Here, not at the top: the scenario reader (and PyYAML) waits for the first scenario.
                from explorer.io.scenario import load_scenario

                scenario = load_scenario(self.path)
            except LoadError as e:
                self.failed.emit(list(e.problems), self.generation)
            except (OSError, ExplorerError) as e:
                self.failed.emit([Problem(str(self.path), 0, 0, str(e))], self.generation)
            else:
                self.loaded.emit(scenario, self.generation)
        except RuntimeError:
            pass  # the window went away while the file was read


class AnalysisJob(QObject):
    """The analysis and the findings of one machine (seconds at 20,000 states); ``generation`` drops stale results.

    An ``analysis`` already known (from the open cache) is kept and only the
    findings are worded, in ``lang``. The worker also builds the machine's
    lazily cached maps (ways in and out, languages) that the window reads
    next, so they are not built on the UI thread.
    """

    #: Done: (Analysis, tuple of Finding, generation).
    finished = Signal(object, object, int)
    #: It failed (a bug, never a user error): (message, generation).
    failed = Signal(str, int)

    def __init__(self, machine: Machine, generation: int, *, analysis: Analysis | None = None,
                 lang: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.machine = machine
        self.generation = generation
        self.analysis = analysis
        self.lang = lang

    def start(self) -> None:
        pool().start(self._run)

    def _run(self) -> None:
        try:
            try:
                analysis = self.analysis if self.analysis is not None else analyse(self.machine)
                warm(self.machine)
                found = findings(self.machine, analysis, self.lang)
            except Exception as e:  # noqa: BLE001 - a worker must report, never die silently
                self.failed.emit(f"unexpected analysis failure: {shorten(repr(e))}", self.generation)
            else:
                self.finished.emit(analysis, found, self.generation)
        except RuntimeError:
            pass  # the window went away while the machine was analysed
