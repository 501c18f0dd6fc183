"""The bench: how long State Explorer takes on generated machines of growing size.

``explorer bench`` (or ``python -m explorer bench``) generates seeded machines
(:mod:`explorer.generate`) of each size and shape and measures, as medians:

- load + analysis: the machine written as YAML text, loaded by the real
  loader, then the whole analysis;
- layout: :func:`explorer.layout.compute_layout` without a cache, with the
  engine and limits it picks by size;
- the baseline: plain ``dot -Tjson`` with Graphviz's defaults on the same
  machine's DOT source, in the same run, and the ratio ours / baseline;
- the rows passed in by the caller (``main(rows=...)``): the entry point
  passes the window's (scene build, first paint, restyle for one step, firing
  one trigger) from ``explorer.ui.bench_hooks``. The bench itself knows
  nothing of the window, so it stays below the ui layer; ``python -m
  explorer.bench`` measures the core rows only.

Every run is bounded by ``--baseline-timeout``: a run cut there is reported
as "over N s" and not repeated; a run that takes more than
:data:`REPEAT_LIMIT_SECONDS` is not repeated either, so a default bench
finishes within about ten minutes on two cores. The table is printed and
written, with date, machine and the issue's targets, to ``--out``.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from explorer.errors import LayoutCancelled, LayoutError
from explorer.generate import SHAPES, Shape, generate_machine, machine_to_yaml
from explorer.io.atomic import write_atomic
from explorer.io.machine_yaml import dump_machine
from explorer.layout import Layout, LayoutOptions, compute_layout, graphviz_version, plan_layout, to_dot
from explorer.model import Machine
from explorer.tangle import Tangle
from explorer.tangle import measure as measure_tangle

DEFAULT_SIZES = (50, 200, 1000, 3000)
QUICK_SIZES = (12, 40)
#: A run slower than this is measured once, not ``--repeat`` times.
REPEAT_LIMIT_SECONDS = 5.0

TARGETS = """\
Targets (issue 3, "Layout at scale"):

- any generated 200-state machine drawn and interactive within 5 s, with a layout that still reads well;
- 1000 states interactive within 6 s;
- 3000 states usable (neighbourhood view, analysis, session) within 2 s while the full picture completes;
- restyle for one step under 2 ms median at 3000 states;
- scene build plus first paint under 0.5 s at 1000 states with the layout cached;
- our overhead over the baseline `dot` call under 20 % where layout is uncached.
"""


SPEED_TARGETS = """\
Targets (issue 13, "Speed"): `explorer render` of the bundled machine at most 3.5x `dot -Tsvg` on the same
DOT; start to window showing the bundled machine at most 1.6x a bare window (cold cache), 1.3x (warm);
uncached layout at most 1.2x `dot` on the identical DOT at every size; 3,000 states first usable view under
2 s; cached reopen, whole process: bundled 0.5 s, 1,000 states 1 s, 3,000 states 2 s; restyle one step under
2 ms at 3,000 states; peak memory of the window on 3,000 states at most 250 MiB.
"""


class Skipped(Exception):
    """A measurement that does not apply (a module not there yet); the message says why."""


@dataclass
class BenchCase:
    """One machine under test, handed to every measurement function."""

    size: int
    shape: Shape
    machine: Machine
    #: The machine in the file format, for load measurements.
    yaml_text: str
    #: Bound for one run, in seconds.
    timeout: float
    #: Our layout, once the layout row has run (hooks that draw need it).
    layout: Layout | None = None
    #: What the layout chose (engine, limits), for the table.
    layout_notes: tuple[str, ...] = ()
    #: The machine written in each format (by name), for the "Read <format>" rows; filled on first use.
    written: dict[str, bytes] = field(default_factory=dict)
    #: How tangled our layout's picture is (crossings, edge length), once the layout row has run.
    tangle: Tangle | None = None
    #: The same with View > Hub States as Stubs off (None: the layout drew no stubs).
    tangle_without_stubs: Tangle | None = None


#: A measurement: runs once on a case and returns seconds (or raises Skipped,
#: or TimeoutError when it hit ``case.timeout``).
Measurement = Callable[[BenchCase], float]


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure_load_and_analysis(case: BenchCase) -> float:
    """Load the YAML text with the real loader (through the format registry), then run the whole analysis."""
    try:
        from explorer.io.formats import load_machine_data
    except ImportError as e:
        raise Skipped("no loader yet") from e
    try:
        from explorer.analysis import analyse
    except ImportError:
        return _timed(lambda: load_machine_data(case.yaml_text, "generated.yaml"))

    def run() -> None:
        analyse(load_machine_data(case.yaml_text, "generated.yaml"))

    return _timed(run)


def measure_read(format_name: str) -> Measurement:
    """A row that reads the case's machine written in ``format_name``, through the registry by extension.

    Writing happens once per case, outside the timing; what is timed is what
    File > Open and ``explorer check`` do with such a file's bytes.
    """
    from explorer.io.formats import format_named, load_machine_data

    target = format_named(format_name)
    filename = "generated" + target.extensions[0]

    def measure(case: BenchCase) -> float:
        assert target.write is not None
        data = case.written.get(format_name)
        if data is None:
            data = case.written[format_name] = target.write(case.machine, filename=filename).encode("utf-8")
        return _timed(lambda: load_machine_data(data, filename))

    return measure


def _read_rows() -> dict[str, Measurement]:
    """One "Read <format>" row per format that can be both written and read (issue 11: 3,000 states in under 2 s)."""
    from explorer.io.formats import format_names

    readable = set(format_names(readable=True))
    return {f"Read {name}": measure_read(name) for name in format_names(writable=True) if name in readable}


def _bounded_layout(case: BenchCase, options: LayoutOptions) -> tuple[float, Layout]:
    cancel = threading.Event()
    timer = threading.Timer(case.timeout, cancel.set)
    timer.start()
    try:
        started = time.perf_counter()
        result = compute_layout(case.machine, options, cancel=cancel)
        return time.perf_counter() - started, result
    except LayoutCancelled as e:
        raise TimeoutError from e
    finally:
        timer.cancel()


def measure_layout(case: BenchCase) -> float:
    """Our layout, uncached, with the engine and limits chosen by size."""
    seconds, result = _bounded_layout(case, LayoutOptions())
    case.layout, case.layout_notes = result, (result.engine, *result.notes)
    case.tangle = measure_tangle(result)  # not timed: a picture measure, reported in its own table
    if result.stubs and case.tangle_without_stubs is None:  # the "before" of the hub stubs, once
        case.tangle_without_stubs = measure_tangle(_bounded_layout(case, LayoutOptions(hub_stubs=False))[1])
    return seconds


def measure_baseline(case: BenchCase) -> float:
    """``dot`` alone on the identical DOT source our layout writes: same engine, same ``-Tjson0``.

    The ratio ours / baseline is then exactly our overhead: the DOT source,
    starting the process, reading the JSON back.
    """
    options = LayoutOptions()
    plan = plan_layout(case.machine, options)
    source = to_dot(case.machine, options, plan=plan)
    with tempfile.NamedTemporaryFile("w", suffix=".dot", encoding="utf-8", delete=False) as f:
        f.write(source)
    started = time.perf_counter()
    try:
        subprocess.run(
            [_dot(), f"-K{plan.engine}", "-Tjson0", f.name],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=case.timeout,
            check=True,
        )
    except subprocess.TimeoutExpired as e:
        raise TimeoutError from e
    except (OSError, subprocess.CalledProcessError) as e:
        raise LayoutError(f"baseline dot failed: {e}") from e
    finally:
        os.unlink(f.name)
    return time.perf_counter() - started


def _dot() -> str:
    return shutil.which("dot") or "dot"


#: The table's measured columns, in order: name -> function. These are the
#: core's; a caller adds its own with ``main(rows=...)`` (the entry point passes
#: the window's) or :func:`register`. Functions run in this order on each case,
#: so added rows see ``case.layout``.
MEASUREMENTS: dict[str, Measurement] = {
    "Load + analysis": measure_load_and_analysis,
    **_read_rows(),
    "Layout (ours)": measure_layout,
    "Baseline dot": measure_baseline,
}


def register(name: str, measurement: Measurement) -> None:
    """Add (or replace) a measured column of the bench table, for every later run."""
    MEASUREMENTS[name] = measurement


@dataclass
class Cell:
    """The runs of one measurement on one case, and how they ended."""

    runs: list[float] = field(default_factory=list)
    over: float | None = None  # the bound, when a run was cut there
    skipped: str | None = None

    @property
    def median(self) -> float | None:
        return statistics.median(self.runs) if self.runs else None

    def text(self) -> str:
        if self.skipped is not None:
            return f"n/a ({self.skipped})"
        if self.over is not None and self.runs:
            # Earlier runs finished and a later one did not: show both, honestly.
            return f"{_seconds(self.median)}, 1 run over {self.over:g} s"
        if self.over is not None:
            return f"over {self.over:g} s"
        return _seconds(self.median)


def _seconds(value: float | None) -> str:
    if value is None:
        return "n/a"
    if value < 0.01:
        return f"{value * 1000:.2f} ms"
    if value < 1:
        return f"{value * 1000:.0f} ms"
    return f"{value:.2f} s"


def run_case(case: BenchCase, repeat: int, measurements: Mapping[str, Measurement] | None = None) -> dict[str, Cell]:
    """Each measurement (default :data:`MEASUREMENTS`) on ``case``, up to ``repeat`` runs."""
    cells: dict[str, Cell] = {}
    for name, measurement in (MEASUREMENTS if measurements is None else measurements).items():
        cell = cells[name] = Cell()
        for _ in range(repeat):
            try:
                seconds = measurement(case)
            except Skipped as e:
                cell.skipped = str(e)
                break
            except TimeoutError:
                cell.over = case.timeout
                break
            except LayoutError as e:
                cell.skipped = str(e).splitlines()[0]
                break
            cell.runs.append(seconds)
            if seconds > REPEAT_LIMIT_SECONDS:
                break
    return cells


def _ratio(cells: dict[str, Cell]) -> str:
    ours, base = cells["Layout (ours)"], cells["Baseline dot"]
    if ours.median is None:
        return "n/a"
    if base.over is not None and not base.runs:
        return f"under {ours.median / base.over:.2g}"
    if base.median:
        return f"{ours.median / base.median:.2f}"
    return "n/a"


def table(results: Sequence[tuple[BenchCase, dict[str, Cell]]]) -> str:
    """The Markdown table of medians: one row per machine, one column per measurement."""
    names = list(results[0][1]) if results else list(MEASUREMENTS)
    header = ["States", "Shape", "Transitions", *names, "Ours / baseline", "Layout chosen"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for case, cells in results:
        chosen = "; ".join(case.layout_notes) or "n/a"
        row = [
            str(case.size),
            case.shape,
            str(len(case.machine.transitions)),
            *(cells[n].text() for n in names),
            _ratio(cells),
            chosen,
        ]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def tangle_lines(results: Sequence[tuple[BenchCase, dict[str, Cell]]]) -> list[str]:
    """What the eye must follow in each case's picture, one line per case (a list, not a
    second table, so the timing table stays the report's only one)."""
    return [f"- {case.size} {case.shape}: {case.tangle.edges} edges, "
            + (_before_after(case.tangle_without_stubs, case.tangle) if case.tangle_without_stubs is not None else
               f"{case.tangle.crossings} edge crossings, {case.tangle.total_length:.0f} pt of edges")
            for case, _cells in results if case.tangle is not None]


def _before_after(before: Tangle, after: Tangle) -> str:
    change = (after.crossings - before.crossings) / before.crossings if before.crossings else 0.0
    return (f"{before.crossings} -> {after.crossings} edge crossings ({change:+.0%}), "
            f"{before.total_length:.0f} -> {after.total_length:.0f} pt of edges (hub stubs off -> on)")


def bundled_tangle_lines(path: Path) -> list[str]:
    """Crossings and edge length of the bundled machine without and with hub stubs (the default),
    with the window's layout options and with `explorer render`'s."""
    from explorer.io.formats import load_machine_file

    machine = load_machine_file(path)
    lines = []
    for what, options in (("window (top to bottom, labels drawn on demand)",
                           LayoutOptions(direction="TB", edge_labels=False)),
                          ("`explorer render` (left to right, every label laid out)", LayoutOptions())):
        before = measure_tangle(compute_layout(machine, replace(options, hub_stubs=False)))
        after = measure_tangle(compute_layout(machine, options))
        lines.append(f"- bundled machine, {what}: {_before_after(before, after)}")
    return lines


def _machine_description() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    try:
        gv = graphviz_version()
    except LayoutError as e:
        gv = str(e)
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, {gv}"


def report(results: Sequence[tuple[BenchCase, dict[str, Cell]]], args: argparse.Namespace, notes: Sequence[str],
           processes: Sequence[ProcessRow] = (), bundled_tangle: Sequence[str] = ()) -> str:
    """The whole ``docs/benchmarks.md``."""
    today = datetime.date.today().isoformat()
    measured = set(results[0][1]) if results else set(MEASUREMENTS)
    missing = [n for n in ("Scene build", "First paint", "Restyle one step", "Fire one trigger") if n not in measured]
    parts = [
        "# Benchmarks",
        "",
        f"Run on {today}: {_machine_description()}.",
        "",
        f"Command: `explorer bench --sizes {','.join(map(str, args.sizes))} "
        f"--shapes {','.join(args.shapes)} --repeat {args.repeat} --baseline-timeout {args.baseline_timeout:g}"
        f"{' --check-sizes ' + ','.join(map(str, args.check_sizes)) if getattr(args, 'check_sizes', None) else ''}`. "
        f"Medians of {args.repeat} runs (a run over {REPEAT_LIMIT_SECONDS:g} s is measured once; "
        f"a run cut at {args.baseline_timeout:g} s is reported as \"over\"). Machines are generated "
        "by `explorer.generate` (seeded; about three labelled transitions per state; *structured*: "
        "transitions mostly between nearby states, *random*: uniform targets).",
        "",
        table(results),
        "",
        "Columns: *Load + analysis* loads the machine from YAML text with the real loader and runs the "
        "whole analysis; *Layout (ours)* is `compute_layout` without cache (DOT source, Graphviz, "
        "parsing); *Baseline dot* is `dot` alone on the identical DOT source with the same engine "
        "and output (`-Tjson0`), so *Ours / baseline* is our whole overhead; *Layout chosen* is the engine and what `compute_layout` told the user.",
        "",
    ]
    if processes:
        parts += [
            "## Whole processes and the issue's targets",
            "",
            f"Processes run to their end, {max(args.repeat, 5)} paired runs each (ours and its floor "
            "alternating), medians; floors are measured in the same run. *Cold cache*: an empty cache "
            "directory for every run; *cached*: the same file opened before with the same options. The "
            "window quits itself after its first paint (offscreen). Generated machines are *structured*, "
            f"except in the `explorer check` rows (--check-sizes; {args.repeat} runs each, both shapes).",
            "",
            process_table(processes),
            "",
        ]
    parts += [
        "Picture (explorer.tangle, on our layout): edge crossings counted between the flattened curves "
        "of different edges; total length of all drawn edges. Before -> after: View > Hub States as "
        "Stubs off -> on (the default; see explorer.layout.hub_states).",
        "",
        *bundled_tangle,
        *tangle_lines(results),
        "",
    ]
    if missing:
        parts += [f"Not measured in this run (`explorer bench` adds the window's): {', '.join(missing)}.", ""]
    parts += [f"- {n}" for n in notes]
    parts += ["", TARGETS, "", SPEED_TARGETS]
    return "\n".join(parts).rstrip() + "\n"


# -- whole processes (issue 13) ---------------------------------------------------------
#
# What a user waits for is a whole process: Python and Qt starting, imports,
# reading, layout, drawing. Each row runs real processes and is set against a
# floor measured in the same run on the same machine (a bare Python, a bare
# Qt window, dot alone on our DOT), so that the ratios mean the same on a
# fast or a busy machine. The window quits itself after its first paint when
# the environment says so (explorer.ui.app.QUIT_AFTER_PAINT, for the bench only).

QUIT_AFTER_PAINT = "STATE_EXPLORER_QUIT_AFTER_PAINT"

#: A bare QApplication with an empty QMainWindow, ending after its first paint
#: the way the window does under QUIT_AFTER_PAINT (closed, then the process ends).
BARE_WINDOW = """
import os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
window = QMainWindow()
window.resize(1200, 800)
window.show()
def end():
    window.close()
    sys.stdout.flush()
    os._exit(0)
def painted():
    window.repaint()
    QTimer.singleShot(0, end)
QTimer.singleShot(0, painted)
app.exec()
"""


@dataclass
class ProcessRow:
    """One whole-process row: our runs, the floor's, and the target as a ratio or in seconds."""

    what: str
    ours: list[float] = field(default_factory=list)
    floor_name: str = ""
    floor: list[float] = field(default_factory=list)
    #: Target as a ratio to the floor (when there is a floor) ...
    max_ratio: float | None = None
    #: ... or in seconds (or MiB, with ``unit``).
    max_value: float | None = None
    unit: str = "s"
    note: str = ""

    @property
    def value(self) -> float | None:
        return statistics.median(self.ours) if self.ours else None

    @property
    def floor_value(self) -> float | None:
        return statistics.median(self.floor) if self.floor else None

    def _show(self, v: float | None) -> str:
        if v is None:
            return "n/a"
        return f"{v:.0f} MiB" if self.unit == "MiB" else _seconds(v)

    def cells(self) -> list[str]:
        value, floor = self.value, self.floor_value
        ratio = f"{value / floor:.2f}x" if value is not None and floor else "n/a"
        if self.max_ratio is not None:
            target = f"<= {self.max_ratio:g}x {self.floor_name}"
            verdict = ("n/a" if ratio == "n/a" else "met" if value / floor <= self.max_ratio  # type: ignore[operator]
                       else f"missed by {value / floor / self.max_ratio:.2f}x")  # type: ignore[operator]
        else:
            target = f"<= {self._show(self.max_value)}" if self.max_value is not None else "n/a"
            verdict = ("n/a" if value is None or self.max_value is None else "met" if value <= self.max_value
                       else f"missed by {self._show(value - self.max_value)} ({value / self.max_value:.2f}x)")
        floor_text = f"{self.floor_name}: {self._show(floor)}" if self.floor_name else "-"
        return [self.what, self._show(value), floor_text, ratio, target, verdict, self.note]


def _env(home: Path, cache: Path) -> dict[str, str]:
    """An environment of the bench's own: offscreen Qt, settings and caches in ``home``."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.update(XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(cache))
    env.pop(QUIT_AFTER_PAINT, None)
    # As installed: Python's compiled bytecode is kept (pip writes it at install
    # time). A run with PYTHONDONTWRITEBYTECODE would measure compiling every
    # module at every start instead; the bytecode goes to the bench's own folder.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    return env


def _run(argv: list[str], env: dict[str, str], timeout: float) -> tuple[float, float]:
    """Run ``argv`` to its end: (seconds, peak resident memory in MiB)."""
    seconds, usage = _run_usage(argv, env, timeout)
    return seconds, usage.ru_maxrss / 1024  # Linux: KiB


@dataclass(frozen=True)
class _Usage:
    """What a child used: its CPU seconds and its own peak resident memory (KiB)."""

    ru_utime: float
    ru_stime: float
    ru_maxrss: int


def _peak_kib(pid: int) -> int | None:
    """The high-water mark of ``pid``'s resident memory (VmHWM, KiB); None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status", "rb") as f:
            for line in f:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def _run_usage(argv: list[str], env: dict[str, str], timeout: float) -> tuple[float, Any]:
    """Run ``argv`` to its end: (seconds, its resource usage as ``os.wait4`` gives it)."""
    started = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = started + timeout
    # The child's own peak, read from /proc while it runs: wait4's ru_maxrss is
    # no good here, because Linux carries the forking parent's memory into it (a
    # bench process that has built a 20,000-state machine made every child look
    # 650 MiB big). VmHWM belongs to the new program's memory alone.
    peak = 0
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, _peak_kib(process.pid) or 0)
        if time.perf_counter() > deadline:
            process.kill()
            os.wait4(process.pid, 0)
            raise TimeoutError(" ".join(argv))
        time.sleep(0.002)
    seconds = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise LayoutError(f"{' '.join(argv[:4])} ... exited with {process.returncode}")
    return seconds, _Usage(usage.ru_utime, usage.ru_stime, peak or usage.ru_maxrss)


def _paired(row: ProcessRow, ours: Callable[[], float], floor: Callable[[], float] | None, repeat: int) -> ProcessRow:
    """Our runs and the floor's interleaved, so load from elsewhere hits both alike.

    One untimed run of each first: it writes the bytecode (and, where the
    caller's ``ours`` uses a warm cache, is harmless)."""
    try:
        ours()
        if floor is not None:
            floor()
    except (TimeoutError, LayoutError) as e:
        row.note = str(e)
        return row
    for _ in range(repeat):
        try:
            row.ours.append(ours())
            if floor is not None:
                row.floor.append(floor())
        except TimeoutError:
            row.note = (row.note + "; " if row.note else "") + "a run was cut at the bound"
            break
        except LayoutError as e:
            row.note = (row.note + "; " if row.note else "") + str(e)
            break
    return row


def process_rows(bundled: Path, sizes: Sequence[int], repeat: int, timeout: float,
                 table_results: Sequence[tuple[BenchCase, dict[str, Cell]]] = ()) -> list[ProcessRow]:
    """The issue's whole-process rows, measured now, each with its floor and target."""
    py = sys.executable
    rows: list[ProcessRow] = []
    with tempfile.TemporaryDirectory(prefix="explorer-bench-") as tmp:
        home = Path(tmp)
        warm_cache = home / "warm-cache"
        counter = iter(range(10**6))

        def cold() -> Path:
            return home / f"cold-{next(counter)}"  # a cache nobody filled yet

        def explorer_window(path: Path, cache: Path, mode: str = "full") -> tuple[float, float]:
            env = _env(home, cache)
            env[QUIT_AFTER_PAINT] = mode
            return _run([py, "-m", "explorer", str(path)], env, timeout)

        def bare_window() -> tuple[float, float]:
            return _run([py, "-c", BARE_WINDOW], _env(home, cold()), timeout)

        # Floors.
        python_start = _paired(ProcessRow("bare Python start-up (floor)"),
                               lambda: _run([py, "-c", "pass"], _env(home, cold()), timeout)[0], None, repeat)
        rows.append(python_start)

        # explorer render, bundled machine, against dot -Tsvg on the same DOT with the same engine.
        from explorer.io.machine_yaml import load_machine

        machine = load_machine(bundled)
        options = LayoutOptions(edge_labels=True)
        plan = plan_layout(machine, options)
        dot_file, svg = home / "bundled.dot", home / "out.svg"
        dot_file.write_text(to_dot(machine, options, plan=plan), encoding="utf-8")

        def dot_svg() -> float:
            return _run([_dot(), f"-K{plan.engine}", "-Tsvg", str(dot_file), "-o", str(home / "dot.svg")],
                        _env(home, cold()), timeout)[0]

        def render(cache: Path) -> float:
            return _run([py, "-m", "explorer", "render", str(bundled), "-o", str(svg)], _env(home, cache), timeout)[0]

        rows.append(_paired(ProcessRow("`explorer render` bundled to SVG, cold cache", floor_name="dot -Tsvg",
                                       max_ratio=3.5), lambda: render(cold()), dot_svg, repeat))
        render(warm_cache)
        rows.append(_paired(ProcessRow("`explorer render` bundled to SVG, cached", floor_name="dot -Tsvg",
                                       max_ratio=3.5), lambda: render(warm_cache), dot_svg, repeat))

        # The window on the bundled machine against a bare window.
        rows.append(_paired(ProcessRow("start to window showing bundled, cold cache", floor_name="bare window",
                                       max_ratio=1.6), lambda: explorer_window(bundled, cold())[0],
                            lambda: bare_window()[0], repeat))
        explorer_window(bundled, warm_cache)
        warm_bundled = _paired(ProcessRow("start to window showing bundled, cached (reopen)",
                                          floor_name="bare window", max_ratio=1.3),
                               lambda: explorer_window(bundled, warm_cache)[0], lambda: bare_window()[0], repeat)
        rows.append(warm_bundled)
        rows.append(ProcessRow("cached reopen bundled, whole process", ours=list(warm_bundled.ours), max_value=0.5))

        # Generated machines: cached reopen, first usable view, memory.
        limits = {1000: 1.0, 3000: 2.0}
        for size in sizes:
            generated = generate_machine(size, "structured", 1)
            path = home / f"generated-{size}.yaml"
            path.write_text(machine_to_yaml(generated), encoding="utf-8")
            if size >= 3000:
                rows.append(_paired(ProcessRow(f"{size} states structured: first usable view, cold",
                                               max_value=2.0, note="start to the first picture (neighbourhood)"),
                                    lambda: explorer_window(path, cold(), "any")[0], None, max(1, repeat // 2)))
                # The issue measures both shapes here; random machines are the harder layouts.
                random_path = home / f"generated-{size}-random.yaml"
                random_path.write_text(machine_to_yaml(generate_machine(size, "random", 1)), encoding="utf-8")
                rows.append(_paired(ProcessRow(f"{size} states random: first usable view, cold",
                                               max_value=2.0, note="start to the first picture (neighbourhood)"),
                                    lambda: explorer_window(random_path, cold(), "any")[0], None,
                                    max(1, repeat // 2)))
            try:
                _, fill_mem = explorer_window(path, warm_cache)
            except (TimeoutError, LayoutError) as e:
                rows.append(ProcessRow(f"cached reopen {size} states", note=f"could not fill the cache: {e}"))
                continue
            rows.append(_paired(ProcessRow(f"cached reopen {size} states structured, whole process",
                                           max_value=limits.get(size, 2.0)),
                                lambda: explorer_window(path, warm_cache)[0], None, repeat))
            if size >= 3000:
                peak = [explorer_window(path, cold())[1] for _ in range(max(1, repeat // 2))]
                bare_peak = [bare_window()[1] for _ in range(max(1, repeat // 2))]
                rows.append(ProcessRow(f"peak memory, window on {size} states (uncached open)", ours=peak,
                                       floor_name="bare window", floor=bare_peak, max_value=250, unit="MiB",
                                       note=f"cache fill run: {fill_mem:.0f} MiB"))
    # Rows the size table measured already.
    worst: tuple[float, str] | None = None
    for case, cells in table_results:
        ours, base = cells.get("Layout (ours)"), cells.get("Baseline dot")
        if ours and base and ours.median and base.median:
            ratio = ours.median / base.median
            if worst is None or ratio > worst[0]:
                worst = (ratio, f"{case.size} {case.shape}")
    if worst is not None:
        rows.append(ProcessRow("uncached layout vs dot on the identical DOT (worst size)", ours=[worst[0]],
                               floor_name="", max_value=1.2, unit="x", note=f"worst at {worst[1]}"))
    for case, cells in table_results:
        restyle = cells.get("Restyle one step")
        if case.size >= 3000 and restyle is not None and restyle.median is not None:
            rows.append(ProcessRow(f"restyle one step, {case.size} {case.shape}", ours=[restyle.median],
                                   max_value=0.002))
        repaint = cells.get("Restyle + repaint")
        if case.size >= 3000 and repaint is not None and repaint.median is not None:
            rows.append(ProcessRow(f"restyle + repaint one step (one frame), {case.size} {case.shape}",
                                   ours=[repaint.median], max_value=0.016))
    return rows


#: Target of ``explorer check`` on a big generated machine, whole process (issue 9: "a few seconds").
CHECK_TARGET_SECONDS = 5.0


def check_rows(sizes: Sequence[int], shapes: Sequence[str], repeat: int, timeout: float,
               seed: int = 1) -> list[ProcessRow]:
    """``explorer check FILE`` as a whole process on generated machines of ``sizes`` states, per shape.

    Opt-in (``--check-sizes 20000``): writing a 20,000-state machine takes
    longer than checking it. The note gives the file's size, which the size
    limit (:data:`explorer.io.yamlsafe.MAX_BYTES`) must hold.
    """
    py = sys.executable
    rows: list[ProcessRow] = []
    with tempfile.TemporaryDirectory(prefix="explorer-bench-check-") as tmp:
        home = Path(tmp)
        for size in sizes:
            for shape in shapes:
                path = home / f"check-{size}-{shape}.yaml"
                path.write_text(dump_machine(generate_machine(size, shape, seed)), encoding="utf-8")  # type: ignore[arg-type]
                megabytes = path.stat().st_size / 1e6
                env = _env(home, home / "cache")
                cpu: list[float] = []

                def check() -> float:
                    seconds, usage = _run_usage([py, "-m", "explorer", "check", str(path)], env, timeout)  # noqa: B023
                    cpu.append(usage.ru_utime + usage.ru_stime)  # noqa: B023
                    return seconds

                row = _paired(ProcessRow(f"`explorer check` {size} states {shape}, whole process",
                                         max_value=CHECK_TARGET_SECONDS), check, None, repeat)
                # CPU time too: on a busy machine it says what the wall clock cannot.
                cpu_text = f"CPU {statistics.median(cpu[1:] or cpu):.1f} s, " if cpu else ""
                row.note = f"{cpu_text}file {megabytes:.1f} MB" + (f"; {row.note}" if row.note else "")
                rows.append(row)
                print(f"measured check {size} {shape}", flush=True)
    return rows


def process_table(rows: Sequence[ProcessRow]) -> str:
    header = ["What", "Ours (median)", "Floor, same run", "Ours / floor", "Target", "Verdict", "Note"]
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    for row in rows:
        cells = row.cells()
        if row.unit == "x":
            cells[1] = f"{row.value:.2f}x" if row.value is not None else "n/a"
            cells[4] = f"<= {row.max_value:g}x"
            cells[5] = ("met" if row.value is not None and row.max_value is not None and row.value <= row.max_value
                        else f"missed by {row.value / row.max_value:.2f}x" if row.value and row.max_value else "n/a")
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _int_list(text: str) -> list[int]:
    try:
        sizes = [int(v) for v in text.split(",") if v.strip()]
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from e
    if not sizes or min(sizes) < 2:
        raise argparse.ArgumentTypeError("sizes must be at least 2")
    return sizes


def _shape_list(text: str) -> list[str]:
    shapes = [v.strip() for v in text.split(",") if v.strip()]
    for shape in shapes:
        if shape not in SHAPES:
            raise argparse.ArgumentTypeError(f"unknown shape {shape!r} (structured, random)")
    return shapes


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="explorer bench",
        description="Measure load, analysis and layout (and what the window registers) on generated machines.",
    )
    p.add_argument("--sizes", type=_int_list, help="state counts (default 50,200,1000,3000; with --quick 12,40)")
    p.add_argument("--shapes", type=_shape_list, default=list(SHAPES), help="structured,random (default both)")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement; the table shows medians (default 3)")
    p.add_argument("--baseline-timeout", type=float, default=60.0, help="bound of every run in seconds (default 60)")
    p.add_argument("--seed", type=int, default=1, help="seed of the generated machines (default 1)")
    p.add_argument("--out", type=Path, default=Path("docs/benchmarks.md"), help="where to write the report")
    p.add_argument("--quick", action="store_true", help="one run each, bounded at 20 s, tiny sizes unless --sizes: checks that the bench works")
    p.add_argument("--process", action=argparse.BooleanOptionalAction, default=None,
                   help="measure the whole-process rows (default: yes, except with --quick)")
    p.add_argument("--process-sizes", type=_int_list, default=None,
                   help="generated sizes of the whole-process rows (default 1000,3000; none with --quick)")
    p.add_argument("--check-sizes", type=_int_list, default=[],
                   help="also time `explorer check` as a whole process on generated machines of these sizes, "
                        "each shape of --shapes (for example 20000; none by default: writing them takes long)")
    return p


def main(argv: Sequence[str] | None = None, *, rows: Mapping[str, Measurement] | None = None,
         notes: Sequence[str] = ()) -> int:
    """Run the bench; ``rows`` are measured after the core's (the entry point passes the window's),
    ``notes`` are added to the report (for example why some rows are missing)."""
    args = parser().parse_args(argv)
    if args.sizes is None:
        args.sizes = list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    if args.quick:
        args.repeat, args.baseline_timeout = 1, min(args.baseline_timeout, 20.0)
    if args.repeat < 1:
        parser().error("--repeat must be at least 1")
    if args.process is None:
        args.process = not args.quick
    if args.process_sizes is None:
        args.process_sizes = [] if args.quick else [1000, 3000]
    measurements = {**MEASUREMENTS, **(rows or {})}
    notes = list(notes)
    results: list[tuple[BenchCase, dict[str, Cell]]] = []
    for size in args.sizes:
        for shape in args.shapes:
            machine = generate_machine(size, shape, args.seed)
            case = BenchCase(size, shape, machine, dump_machine(machine), args.baseline_timeout)
            results.append((case, run_case(case, args.repeat, measurements)))
            print(f"measured {size} {shape}", flush=True)
    processes: list[ProcessRow] = []
    if args.process:
        from explorer.resources import bundled_machine

        processes = process_rows(bundled_machine(), args.process_sizes, max(args.repeat, 1 if args.quick else 5),
                                 max(args.baseline_timeout, 60.0), results)
    if args.check_sizes:
        processes += check_rows(args.check_sizes, args.shapes, max(args.repeat, 1), max(args.baseline_timeout, 60.0),
                                args.seed)
    if processes:
        print(process_table(processes))
    from explorer.resources import bundled_machine as bundled_path

    text = report(results, args, notes, processes, bundled_tangle_lines(bundled_path()))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(args.out, text)
    print(table(results))
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
