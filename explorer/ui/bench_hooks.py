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


def window_memory(states: int = 20_000, shape: str = "structured", seed: int = 1) -> str:
    """Resident memory of the window's picture of a generated machine: before, with the scene shown, after."""
    from explorer.generate import generate_machine
    from explorer.layout import LayoutOptions, compute_layout
    from explorer.ui.monkey import rss_mib

    _app()
    machine = generate_machine(states, shape, seed)  # type: ignore[arg-type]
    started = time.perf_counter()
    layout = compute_layout(machine, LayoutOptions(edge_labels=False))
    laid_out = time.perf_counter() - started
    before = rss_mib()
    started = time.perf_counter()
    scene = GraphScene(machine, layout)
    view = GraphView()
    view.resize(*VIEWPORT)
    view.set_scene_fitting(scene)
    scene.set_view_scale(view.zoom)
    image = QImage(*VIEWPORT, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    view.render(painter)
    painter.end()
    built = time.perf_counter() - started
    shown = rss_mib()
    return (f"{states} states ({shape}): layout {laid_out:.1f} s; scene built and painted in {built:.1f} s; "
            f"memory {before:.0f} MiB before the scene, {shown:.0f} MiB with it shown "
            f"(+{shown - before:.0f} MiB)")


def run_option(argv: list[str]) -> str:
    """``monkey [--actions N] [--seed S]`` or ``memory [--states N] [--shape S]``: the report's text."""
    import argparse

    parser = argparse.ArgumentParser(prog="explorer bench", description="The window's longer bench runs.")
    sub = parser.add_subparsers(dest="run", required=True)
    monkey = sub.add_parser("monkey", help="random actions on the real window")
    monkey.add_argument("--actions", type=int, default=10_000)
    monkey.add_argument("--seed", type=int, default=9)
    memory = sub.add_parser("memory", help="the window's memory with a big machine drawn")
    memory.add_argument("--states", type=int, default=20_000)
    memory.add_argument("--shape", choices=("structured", "random"), default="structured")
    args = parser.parse_args(argv)
    if args.run == "monkey":
        return monkey_run(args.actions, args.seed)
    return window_memory(args.states, args.shape)


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
