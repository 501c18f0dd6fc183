"""The window's rows of the bench: scene build, first paint, one step's restyle (alone and with the
repaint after it), one fired trigger.

The entry point passes :data:`ROWS` to :func:`explorer.bench.main` when it
runs ``explorer bench``; the bench core never imports the ui. Each measurement uses the
case's real Graphviz layout and the real scene, view and session controller,
the same objects the window uses; Qt runs offscreen.

Two longer runs that do not fit a table of seconds are :data:`OPTIONS`
(``explorer bench monkey`` and ``explorer bench memory``, passed in by the
entry point too): the monkey run (10,000 random actions on the real window:
exceptions and memory growth per 1,000 actions) and the window's memory
with a big machine drawn.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import time  # noqa: E402

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtGui import QImage, QPainter  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from explorer.analysis import analyse  # noqa: E402
from explorer.bench import BenchCase, Measurement, Skipped  # noqa: E402
from explorer.ui.scene import GraphScene  # noqa: E402
from explorer.ui.session_controller import SessionController  # noqa: E402
from explorer.ui.style import Highlight  # noqa: E402
from explorer.ui.view import GraphView  # noqa: E402

#: Steps walked per measurement; the mean per step is reported (one step alone
#: is below the timer's resolution at small sizes).
STEPS = 20
VIEWPORT = (1500, 900)


def _app() -> QApplication:
    return QApplication.instance() or QApplication([])  # type: ignore[return-value]


def _scene_and_view(case: BenchCase) -> tuple[GraphScene, GraphView]:
    if case.layout is None:
        raise Skipped("no layout")
    _app()
    scene = GraphScene(case.machine, case.layout)
    view = GraphView()
    view.resize(*VIEWPORT)
    view.set_scene_fitting(scene)
    scene.set_view_scale(view.zoom)
    return scene, view


def measure_scene_build(case: BenchCase) -> float:
    if case.layout is None:
        raise Skipped("no layout")
    _app()
    started = time.perf_counter()
    GraphScene(case.machine, case.layout)
    return time.perf_counter() - started


def measure_first_paint(case: BenchCase) -> float:
    """Build, fit and paint the whole viewport once: what opening a cached machine costs."""
    if case.layout is None:
        raise Skipped("no layout")
    _app()
    started = time.perf_counter()
    scene = GraphScene(case.machine, case.layout)
    view = GraphView()
    view.resize(*VIEWPORT)
    view.set_scene_fitting(scene)
    image = QImage(*VIEWPORT, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    view.render(painter)
    painter.end()
    return time.perf_counter() - started


class _Painted(QObject):
    """Counts the paint events a viewport receives (an event filter)."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def _repaint_now(app: QApplication, view: GraphView, painted: _Painted) -> None:
    """Let Qt deliver what a restyle asked for and paint it now, as the next frame would.

    The scene hands its dirty items to the view in a queued call, and the view's
    update request is another posted event: a few passes of the event loop, stopping
    as soon as the viewport has painted (or nothing was asked for).
    """
    before = painted.count
    for _ in range(4):
        app.processEvents()
        if painted.count != before:
            return


def _walk(case: BenchCase, *, time_fire: bool, repaint: bool = False) -> float:
    """Mean seconds per step over STEPS ways out, starting at the initial state.

    Each step fires the first way out through the window's controller and
    restyles the canvas; ``time_fire`` says whether the firing is timed too,
    or only the restyle; ``repaint`` times the repaint of the shown view after it too.
    """
    scene, view = _scene_and_view(case)
    app = _app()
    painted = _Painted()
    if repaint:
        view.viewport().installEventFilter(painted)
        view.show()
        for _ in range(4):
            app.processEvents()
    analysis = analyse(case.machine)
    controller = SessionController(case.machine)

    def restyle() -> None:
        scene.apply(Highlight.from_analysis(analysis, focus=True, **controller.highlight_fields()))

    restyle()
    if repaint:  # the first restyle dims everything: its repaint is the window's start, not a step's
        _repaint_now(app, view, painted)
    total = 0.0
    for _ in range(STEPS):
        ways = controller.session.available()
        if not ways:
            controller.restart()
            restyle()
            ways = controller.session.available()
            if not ways:
                raise Skipped("the initial state has no way out")
        started = time.perf_counter()
        controller.fire(ways[0].id)
        if not time_fire:
            started = time.perf_counter()
        restyle()
        if repaint:
            _repaint_now(app, view, painted)
        total += time.perf_counter() - started
        if repaint:
            app.processEvents()  # anything left over is not this step's frame
    controller.close()
    if repaint:
        view.viewport().removeEventFilter(painted)
        view.close()
    return total / STEPS


def measure_restyle(case: BenchCase) -> float:
    """The canvas restyle for one step alone (the step itself is taken untimed)."""
    return _walk(case, time_fire=False)


def measure_restyle_repaint(case: BenchCase) -> float:
    """One step's restyle and the repaint of the shown view after it: one frame (target under 16 ms)."""
    return _walk(case, time_fire=False, repaint=True)


def measure_fire(case: BenchCase) -> float:
    """Fire one trigger through the window's controller and restyle the canvas."""
    return _walk(case, time_fire=True)


#: The documentation row runs on the bundled machine once, in the first case of this size or less.
DOC_CASE_LIMIT = 60


def measure_doc_bundled(case: BenchCase) -> float:
    """``explorer doc`` of the bundled machine (Markdown, pictures, PDF; target under 3 s)."""
    if case.size > DOC_CASE_LIMIT:
        raise Skipped("measured once, on the bundled machine")
    import tempfile
    from pathlib import Path

    from explorer import BUNDLED_MACHINE
    from explorer.io.machine_yaml import load_machine
    from explorer.ui.documents import write_documentation

    _app()
    with tempfile.TemporaryDirectory(prefix="explorer-bench-doc-") as folder:
        start = time.perf_counter()
        write_documentation(load_machine(BUNDLED_MACHINE), Path(folder))
        return time.perf_counter() - start


# -- the longer runs ------------------------------------------------------------------


def monkey_run(actions: int = 10_000, seed: int = 9, states: int = 12) -> str:
    """Random actions on the real window (see explorer.ui.monkey); the report's summary.

    The open file is a generated machine of ``states`` states, saved over and
    over in good and broken versions (other ids, a YAML error, a comment).
    """
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QSettings

    from explorer.generate import generate_machine, machine_to_yaml
    from explorer.ui.main_window import MainWindow
    from explorer.ui.monkey import Monkey

    app = _app()
    text = machine_to_yaml(generate_machine(states, "structured", seed))
    other = machine_to_yaml(generate_machine(states, "random", seed + 1))
    versions = ["# saved again\n" + text, "name: [unclosed\n", other, text]
    with tempfile.TemporaryDirectory(prefix="explorer-monkey-") as folder:
        path = Path(folder) / "machine.yaml"
        path.write_text(text, encoding="utf-8")
        window = MainWindow(settings=QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat))
        window.error_reported.disconnect(window.show_error)  # no dialog boxes piling up
        window.resize(1200, 800)
        window.show()
        window.open_file(path)
        monkey = Monkey(window, path, versions, seed=seed)
        monkey.settle()
        report = monkey.run(actions)
        monkey.settle()
        window.close()
        window.deleteLater()
        app.processEvents()
    return report.summary()


#: The issue's aim for the window's peak memory with a 20,000-state machine open.
MEMORY_AIM_MIB = 600
#: The target for machines of at most 3,000 states (the speed issue's row).
MEMORY_TARGET_3000_MIB = 250


def memory_target(states: int) -> float:
    """The peak memory (MiB) the window may take with ``states`` states open."""
    return MEMORY_TARGET_3000_MIB if states <= 3000 else MEMORY_AIM_MIB


def window_memory_child(states: int, shape: str, seed: int = 1) -> dict[str, float]:
    """In this (fresh) process: the real window opens a generated machine; its numbers.

    The window is the one users get (MainWindow, shown at the bench's size):
    the machine is generated in memory and shown as if read from a file, so the
    file-size limit does not decide what is measured. Waits until the full
    picture is drawn and the analysis has arrived. ``peak`` is the process's
    peak resident memory (generation included), ``before`` the resident
    memory with Python, Qt and the machine loaded but no window.
    """
    import resource
    import tempfile
    from pathlib import Path

    from PySide6.QtCore import QEventLoop, QSettings, QTimer

    from explorer.generate import generate_machine
    from explorer.layout import LayoutOptions, layout_timeout
    from explorer.ui.main_window import MainWindow
    from explorer.ui.monkey import rss_mib

    app = _app()
    machine = generate_machine(states, shape, seed)  # type: ignore[arg-type]
    before = rss_mib()
    started = time.perf_counter()
    marks: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="explorer-bench-memory-") as folder:
        window = MainWindow(settings=QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat))
        window.error_reported.disconnect(window.show_error)
        failures: list[str] = []
        window.error_reported.connect(lambda title, message, _details: failures.append(f"{title}: {message}"))
        window.resize(*VIEWPORT)
        window.show()
        loop = QEventLoop()

        def mark(name: str) -> None:
            marks.setdefault(name, time.perf_counter() - started)
            if ("drawn" in marks and "analysed" in marks) or failures:
                loop.quit()

        window.layout_finished.connect(lambda ok: mark("drawn" if ok else "failed"))
        window.analysis_finished.connect(lambda: mark("analysed"))
        window.show_machine(machine, Path(folder) / f"generated-{shape}-{states}.yaml")
        marks["returned"] = time.perf_counter() - started  # the UI thread is free again from here
        limit = layout_timeout(LayoutOptions(), len(machine.states), len(machine.transitions))
        QTimer.singleShot(int((limit + 60) * 1000), loop.quit)
        if not (("drawn" in marks and "analysed" in marks) or failures):
            loop.exec()
        shown = rss_mib()
        window.close()
        window.deleteLater()
        app.processEvents()
    if failures or "drawn" not in marks:
        raise RuntimeError("; ".join(failures) or "the full picture was not drawn in time")
    # This process's own high-water mark (VmHWM): ru_maxrss would also count the
    # memory of the process that started it (Linux carries it over the fork).
    from explorer.bench import _peak_kib

    own = _peak_kib(os.getpid())
    peak = (own if own is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024  # KiB
    return {"before": before, "shown": shown, "peak": peak, **marks}


def window_memory(states: int = 20_000, shapes: tuple[str, ...] = ("structured", "random"), seed: int = 1,
                  timeout: float = 3600.0) -> str:
    """The window's peak memory with a generated machine of ``states`` states open, one fresh process per shape.

    Each shape runs in a process of its own (a peak is per process), with
    settings and caches in a temporary folder: the layout is uncached, as on
    a first open, and nothing is written to the user's home.
    """
    import json
    import subprocess
    import sys
    import tempfile

    target = memory_target(states)
    lines = [f"Window memory, {states} generated states (target: peak at most {target:.0f} MiB):", "",
             "| what | peak (MiB) | target | verdict | note |", "|---|---|---|---|---|"]
    for shape in shapes:
        with tempfile.TemporaryDirectory(prefix="explorer-bench-memory-home-") as home:
            env = dict(os.environ, QT_QPA_PLATFORM="offscreen", HOME=home, XDG_CONFIG_HOME=f"{home}/config",
                       XDG_CACHE_HOME=f"{home}/cache", XDG_DATA_HOME=f"{home}/data", XDG_STATE_HOME=f"{home}/state")
            code = ("import json, sys; from explorer.ui.bench_hooks import window_memory_child; "
                    f"print(json.dumps(window_memory_child({states}, {shape!r}, {seed})))")
            what = f"peak memory, window on {states} states {shape}"
            try:
                done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                                      timeout=timeout)
            except subprocess.TimeoutExpired:
                lines.append(f"| {what} | n/a | <= {target:.0f} | n/a | no result within {timeout:.0f} s |")
                continue
            if done.returncode != 0:
                last = (done.stderr.strip().splitlines() or ["no message"])[-1]
                lines.append(f"| {what} | n/a | <= {target:.0f} | n/a | failed ({last}) |")
                continue
            r = json.loads(done.stdout.strip().splitlines()[-1])
            peak = r["peak"]
            verdict = "met" if peak <= target else f"missed by {peak - target:.0f} ({peak / target:.2f}x)"
            lines.append(
                f"| {what} | {peak:.0f} | <= {target:.0f} | {verdict} | {r['before']:.0f} MiB before the window "
                f"(Python, Qt, the machine), {r['shown']:.0f} MiB with the picture shown; UI thread free "
                f"{r['returned']:.1f} s after the open, analysis in {r.get('analysed', float('nan')):.1f} s, "
                f"full picture in {r['drawn']:.1f} s |")
    return "\n".join(lines)


def run_option(argv: list[str]) -> str:
    """``monkey [--actions N] [--seed S]`` or ``memory [--states N] [--shape S]``: the report's text."""
    import argparse

    parser = argparse.ArgumentParser(prog="explorer bench", description="The window's longer bench runs.")
    sub = parser.add_subparsers(dest="run", required=True)
    monkey = sub.add_parser("monkey", help="random actions on the real window")
    monkey.add_argument("--actions", type=int, default=10_000)
    monkey.add_argument("--seed", type=int, default=9)
    memory = sub.add_parser("memory", help="the window's peak memory with a big generated machine open")
    memory.add_argument("--states", type=int, default=20_000)
    memory.add_argument("--shape", choices=("structured", "random", "both"), default="both")
    args = parser.parse_args(argv)
    if args.run == "monkey":
        return monkey_run(args.actions, args.seed)
    shapes = ("structured", "random") if args.shape == "both" else (args.shape,)
    return window_memory(args.states, shapes)


#: The longer runs, by the first word after ``explorer bench``.
OPTIONS = ("monkey", "memory")


#: The window's columns of the bench table, in order.
ROWS: dict[str, Measurement] = {
    "Scene build": measure_scene_build,
    "First paint": measure_first_paint,
    "Restyle one step": measure_restyle,
    "Restyle + repaint": measure_restyle_repaint,
    "Fire one trigger": measure_fire,
    "Doc (bundled)": measure_doc_bundled,
}
