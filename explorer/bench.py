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
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from explorer.errors import LayoutCancelled, LayoutError
from explorer.generate import SHAPES, Shape, generate_machine, machine_to_yaml
from explorer.layout import Layout, LayoutOptions, compute_layout, graphviz_version, to_dot
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
    #: How tangled our layout's picture is (crossings, edge length), once the layout row has run.
    tangle: Tangle | None = None


#: A measurement: runs once on a case and returns seconds (or raises Skipped,
#: or TimeoutError when it hit ``case.timeout``).
Measurement = Callable[[BenchCase], float]


def _timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure_load_and_analysis(case: BenchCase) -> float:
    """Load the YAML text with the real loader, then run the whole analysis."""
    try:
        from explorer.io.machine_yaml import load_machine_text
    except ImportError as e:
        raise Skipped("no loader yet") from e
    try:
        from explorer.analysis import analyse
    except ImportError:
        return _timed(lambda: load_machine_text(case.yaml_text, "generated.yaml"))

    def run() -> None:
        analyse(load_machine_text(case.yaml_text, "generated.yaml"))

    return _timed(run)


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
    return seconds


def measure_baseline(case: BenchCase) -> float:
    """Plain ``dot -Tjson`` with Graphviz's defaults on the same machine's DOT source."""
    source = to_dot(case.machine, LayoutOptions(engine="dot", bounded=False))
    started = time.perf_counter()
    try:
        subprocess.run(
            ["dot", "-Tjson"],
            input=source.encode("utf-8"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=case.timeout,
            check=True,
        )
    except subprocess.TimeoutExpired as e:
        raise TimeoutError from e
    except (OSError, subprocess.CalledProcessError) as e:
        raise LayoutError(f"baseline dot failed: {e}") from e
    return time.perf_counter() - started


#: The table's measured columns, in order: name -> function. These are the
#: core's; a caller adds its own with ``main(rows=...)`` (the entry point passes
#: the window's) or :func:`register`. Functions run in this order on each case,
#: so added rows see ``case.layout``.
MEASUREMENTS: dict[str, Measurement] = {
    "Load + analysis": measure_load_and_analysis,
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
    return [f"- {case.size} {case.shape}: {case.tangle.edges} edges, {case.tangle.crossings} edge crossings, "
            f"{case.tangle.total_length:.0f} pt of edges"
            for case, _cells in results if case.tangle is not None]


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


def report(results: Sequence[tuple[BenchCase, dict[str, Cell]]], args: argparse.Namespace, notes: Sequence[str]) -> str:
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
        f"--shapes {','.join(args.shapes)} --repeat {args.repeat} --baseline-timeout {args.baseline_timeout:g}`. "
        f"Medians of {args.repeat} runs (a run over {REPEAT_LIMIT_SECONDS:g} s is measured once; "
        f"a run cut at {args.baseline_timeout:g} s is reported as \"over\"). Machines are generated "
        "by `explorer.generate` (seeded; about three labelled transitions per state; *structured*: "
        "transitions mostly between nearby states, *random*: uniform targets).",
        "",
        table(results),
        "",
        "Columns: *Load + analysis* loads the machine from YAML text with the real loader and runs the "
        "whole analysis; *Layout (ours)* is `compute_layout` without cache (DOT source, Graphviz, "
        "parsing); *Baseline dot* is plain `dot -Tjson` with Graphviz's defaults on the same "
        "machine; *Layout chosen* is the engine and what `compute_layout` told the user.",
        "",
    ]
    parts += [
        "Picture (explorer.tangle, on our layout): edge crossings counted between the flattened curves "
        "of different edges; total length of all drawn edges.",
        "",
        *tangle_lines(results),
        "",
    ]
    if missing:
        parts += [f"Not measured in this run (`explorer bench` adds the window's): {', '.join(missing)}.", ""]
    parts += [f"- {n}" for n in notes]
    parts += ["", TARGETS]
    return "\n".join(parts).rstrip() + "\n"


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
    measurements = {**MEASUREMENTS, **(rows or {})}
    notes = list(notes)
    results: list[tuple[BenchCase, dict[str, Cell]]] = []
    for size in args.sizes:
        for shape in args.shapes:
            machine = generate_machine(size, shape, args.seed)
            case = BenchCase(size, shape, machine, machine_to_yaml(machine), args.baseline_timeout)
            results.append((case, run_case(case, args.repeat, measurements)))
            print(f"measured {size} {shape}", flush=True)
    text = report(results, args, notes)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(table(results))
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
