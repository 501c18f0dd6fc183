"""The review tools' rows of the bench (issue 10): findings, tours, diff, coverage steps.

The entry point passes :data:`ROWS` to :func:`explorer.bench.main`. Qt-free.
Tours also report their length against the lower bound (the number of
reachable transitions): the ratio goes to the case's notes, which the table
shows under "Layout chosen" as ``tours N.NN× lower bound``.
"""

from __future__ import annotations

import dataclasses
import random
import time

from explorer.analysis import analyse
from explorer.bench import BenchCase, Measurement
from explorer.coverage import Coverage
from explorer.diff import diff_machines
from explorer.findings import findings
from explorer.model import Text
from explorer.tours import plan_tours

#: Share of transitions edited in the "new version" the diff row compares against.
DIFF_EDITED = 0.05


def _timed(action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure_findings(case: BenchCase) -> float:
    """The whole analysis and the findings list, on the machine in memory."""
    machine = dataclasses.replace(case.machine)  # a fresh copy: no cached look-ups
    return _timed(lambda: findings(machine, analyse(machine)))


def measure_tours(case: BenchCase) -> float:
    """Plan the tours; note their total length against the lower bound."""
    machine = dataclasses.replace(case.machine)
    started = time.perf_counter()
    plan = plan_tours(machine)
    seconds = time.perf_counter() - started
    note = f"tours {plan.ratio:.2f}× lower bound ({len(plan.tours)} tours)"
    if note not in case.layout_notes:
        case.layout_notes = (*case.layout_notes, note)
    return seconds


def measure_diff(case: BenchCase) -> float:
    """Diff the machine against a version with 5 % of its transitions edited (trigger or target) and one removed."""
    old = dataclasses.replace(case.machine)
    rng = random.Random(case.size)
    ts = list(old.transitions)
    for i in rng.sample(range(len(ts)), max(1, int(len(ts) * DIFF_EDITED))):
        if rng.random() < 0.5:
            ts[i] = dataclasses.replace(ts[i], trigger=Text.of({"de": "Geändert", "en": "Changed"}))
        else:
            ts[i] = dataclasses.replace(ts[i], target=old.initial)
    ts.pop(rng.randrange(len(ts)))
    new = dataclasses.replace(old, transitions=tuple(ts))
    return _timed(lambda: diff_machines(old, new))


#: Steps per coverage measurement: one step alone is a microsecond, below what the table shows.
COVERAGE_STEPS = 1000


def measure_coverage_steps(case: BenchCase) -> float:
    """Time to record 1000 steps in a live coverage count (so the table's milliseconds read as microseconds per step)."""
    coverage = Coverage(case.machine)
    all_ids = [t.id for t in case.machine.transitions]
    ids = (all_ids * (COVERAGE_STEPS // len(all_ids) + 1))[:COVERAGE_STEPS]
    return _timed(lambda: [coverage.take(tid) for tid in ids])


#: The review tools' rows, measured after the core's.
ROWS: dict[str, Measurement] = {
    "Findings": measure_findings,
    "Tours": measure_tours,
    "Diff (5 % edited)": measure_diff,
    "Coverage, 1000 steps": measure_coverage_steps,
}
