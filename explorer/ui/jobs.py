"""Long work off the UI thread: loading a big machine or scenario file, laying it out.

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

from explorer.errors import ExplorerError, LayoutCancelled, LayoutError, LoadError, Problem, shorten
from explorer.io.scenario import load_scenario
from explorer.layout import Layout, LayoutCache, LayoutOptions, compute_layout
from explorer.model import Machine
from explorer.opencache import OpenCache, Opened, open_machine


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
        QThreadPool.globalInstance().start(self._run)

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
        QThreadPool.globalInstance().start(self._run)

    def _run(self) -> None:
        try:
            try:
                self.opened = open_machine(self.path, self.open_cache)
                machine = self.opened.machine
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
        QThreadPool.globalInstance().start(self._run)

    def _run(self) -> None:
        try:
            try:
                scenario = load_scenario(self.path)
            except LoadError as e:
                self.failed.emit(list(e.problems), self.generation)
            except (OSError, ExplorerError) as e:
                self.failed.emit([Problem(str(self.path), 0, 0, str(e))], self.generation)
            else:
                self.loaded.emit(scenario, self.generation)
        except RuntimeError:
            pass  # the window went away while the file was read
