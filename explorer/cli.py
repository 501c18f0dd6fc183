"""The entry point: ``explorer [FILE]`` opens the window; subcommands run headless.

This is the only place (besides the window) that turns errors into messages:
loader problems become ``file:line:col: message`` lines on stderr and exit 1;
usage errors exit 2. Qt is imported only by the commands that need it.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from explorer import __version__
from explorer.engines import ENGINES
from explorer.errors import ExplorerError, LoadError, MachineError, ScenarioError

SUBCOMMANDS = ("check", "path", "render", "export", "scenario", "bench", "coverage", "tours", "diff")


def _add_lang(p: argparse.ArgumentParser) -> None:
    p.add_argument("--lang", help="label language (default: the machine's own, e.g. de or en)")


def _subcommand_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="explorer",
        description="State Explorer: see and walk through a state machine's transition table.",
        epilog="Run 'explorer [FILE]' without a subcommand to open the window.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("check", help="validate a machine and print its analysis",
                       description="Validate a machine file and print its states, transitions and defects.")
    p.add_argument("file", type=Path)
    p.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    p.add_argument("--strict", action="store_true",
                   help="exit 1 when the machine has defects (unreachable states, dead ends, traps, ambiguous triggers)")

    p = sub.add_parser("path", help="print the shortest path between two states as a numbered procedure",
                       description="Print the shortest path from one state to another as a numbered "
                                   "procedure (Markdown) to paste into a manual.")
    p.add_argument("file", type=Path)
    p.add_argument("source", metavar="FROM", help="state id or label (any language)")
    p.add_argument("target", metavar="TO", help="state id or label (any language)")
    _add_lang(p)

    p = sub.add_parser("render", help="render the picture to SVG, PNG or PDF",
                       description="Lay the machine out with Graphviz and render the same picture the window "
                                   "shows to SVG, PNG or PDF (chosen by the output's suffix).")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, help="OUT.svg, OUT.png or OUT.pdf")
    _add_lang(p)
    p.add_argument("--engine", choices=ENGINES, default="auto")
    p.add_argument("--direction", choices=("LR", "TB"), default="LR")
    p.add_argument("--labels", choices=("auto", "all"), default="all",
                   help="'all' draws every trigger label (default for documents)")

    p = sub.add_parser("export", help="export the machine as Mermaid or Markdown",
                       description="Export the machine as a Mermaid state diagram or a Markdown table.")
    p.add_argument("file", type=Path)
    p.add_argument("-f", "--format", choices=("mermaid", "markdown"), default="mermaid")
    p.add_argument("-o", "--output", type=Path, help="write here instead of standard output")
    _add_lang(p)

    p = sub.add_parser("scenario", help="replay a scenario and print it as Markdown or JSON",
                       description="Replay a scenario file step by step; print the walk as Markdown or JSON. "
                                   "Exit 0 when every step applies and 'expect' holds, 1 otherwise.")
    p.add_argument("scenario", type=Path)
    p.add_argument("--machine", type=Path, help="the machine file (default: the scenario's 'machine:')")
    _add_lang(p)
    p.add_argument("--json", action="store_true")
    p.add_argument("--timeout-default", type=float, default=None, metavar="SECONDS",
                   help="duration used for timeouts that are a setting "
                        "(default: the scenario's default_timeout, else 60)")

    sub.add_parser("bench", help="run the benchmarks (see 'explorer bench --help')", add_help=False)
    _add_review_parsers(sub)
    return parser


def _window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="explorer",
        description="Open the State Explorer window on FILE (default: the bundled technician-console machine).",
        epilog="Subcommands (run headless): " + ", ".join(SUBCOMMANDS) + ". Try 'explorer check --help'.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("file", type=Path, nargs="?", help="a machine file (.yaml)")
    _add_lang(parser)
    parser.add_argument("--engine", choices=ENGINES, help="layout engine")
    parser.add_argument("--scenario", type=Path, help="open this scenario and replay it")
    parser.add_argument("--path-to", metavar="STATE", help="highlight the shortest path to this state")
    parser.add_argument("--full-screen", action="store_true", help="start in full screen (projector)")
    return parser


def _run_bench(argv: list[str]) -> int:
    """``explorer bench``: the core's rows and the window's, which only the entry point may bring together."""
    from explorer import bench
    from explorer.review_bench import ROWS as review_rows

    notes: list[str] = []
    try:
        from explorer.ui.bench_hooks import ROWS as window_rows
    except ImportError as e:  # Qt's libraries missing: measure the core, say why the rest is not
        window_rows, notes = {}, [f"the window's rows are left out: {e}"]
    return bench.main(argv, rows={**review_rows, **window_rows}, notes=notes)


def main(argv: Sequence[str] | None = None) -> int:
    """``explorer``: a subcommand, or the window."""
    try:
        code = _main(argv)
        # Output is buffered: a reader that went away (``explorer check F | head -1``)
        # shows up here, and must not become a traceback.
        sys.stdout.flush()
        return code
    except BrokenPipeError:
        # As Python's documentation of SIGPIPE advises: send the rest of the output
        # to devnull so that the flush at exit cannot fail again, and exit 1.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1


def gui_main() -> int:
    """``state-explorer``, the desktop entry: only the window (it may have no console)."""
    args = _window_parser().parse_args(sys.argv[1:])
    from explorer.ui.app import run_app

    return run_app(args)


def _main(argv: Sequence[str] | None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] == "bench":
        return _run_bench(args_list[1:])
    if args_list and args_list[0] in SUBCOMMANDS:
        args = _subcommand_parser().parse_args(args_list)
        handler = {
            "check": cmd_check,
            "path": cmd_path,
            "render": cmd_render,
            "export": cmd_export,
            "scenario": cmd_scenario,
            "coverage": cmd_coverage,
            "tours": cmd_tours,
            "diff": cmd_diff,
        }[args.command]
        try:
            return handler(args)
        except LoadError as e:
            for problem in e.problems:
                print(problem, file=sys.stderr)
            return 1
        except BrokenPipeError:
            raise  # an OSError, but not the file's: main() handles it
        except (ExplorerError, OSError) as e:
            print(f"explorer {args.command}: {e}", file=sys.stderr)
            return 1
    args = _window_parser().parse_args(args_list)
    from explorer.ui.app import run_app

    return run_app(args)


# -- commands ------------------------------------------------------------------


def _load(path: Path):  # -> Machine (imported lazily to keep start-up quick)
    from explorer.io.machine_yaml import load_machine

    return load_machine(path)


def cmd_check(args: argparse.Namespace) -> int:
    from explorer.analysis import analyse

    machine = _load(args.file)
    result = analyse(machine)
    lang = machine.language
    found = _findings(machine, result)
    if args.json:
        obj = {
            "name": machine.name,
            "language": machine.language,
            "languages": list(machine.languages),
            "initial": machine.initial,
            "states": [
                {"id": s.id, "label": s.label.get(lang, lang), "final": s.final} for s in machine.states
            ],
            "transitions": [
                {
                    "id": t.id,
                    "from": t.source,
                    "to": t.target,
                    "trigger": t.trigger.get(lang, lang),
                    "actor": t.actor,
                    "timeout": t.timeout.to_json() if t.timeout else None,
                    "steps": [s.get(lang, lang) for s in t.steps],
                }
                for t in machine.transitions
            ],
            "unreachable": _in_file_order(result.unreachable, [s.id for s in machine.states]),
            "dead_ends": _in_file_order(result.dead_ends, [s.id for s in machine.states]),
            "traps": _in_file_order(result.traps, [s.id for s in machine.states]),
            "ambiguous": _in_file_order(result.ambiguous, [t.id for t in machine.transitions]),
            "timeouts": _in_file_order(result.timeouts, [t.id for t in machine.transitions]),
            "self_loops": _in_file_order(result.self_loops, [t.id for t in machine.transitions]),
            "findings": [f.to_json() for f in found],
        }
        print(json.dumps(obj, ensure_ascii=False, indent=2))
    else:
        print(_check_text(machine, result))
        print(_findings_text(args.file, found))
    if args.strict and not result.is_clean:
        for line in _defect_lines(args.file, machine, result):
            print(line, file=sys.stderr)
        return 1
    return 0


# -- findings (issue 10): the same list and words as the defects panel ----------


def _findings(machine, result):  # -> tuple[Finding, ...]
    from explorer.findings import findings

    return findings(machine, result)


def _findings_text(path: Path, found) -> str:
    from explorer.findings import finding_lines

    lines = [f"  findings:    {len(found) or 'none'}"]
    lines += [f"    {line}" for line in finding_lines(found, str(path))]
    return "\n".join(lines)


def _in_file_order(ids: frozenset[str], order: list[str]) -> list[str]:
    return [i for i in order if i in ids]


def _check_text(machine, result) -> str:
    from explorer import durations

    lang = machine.language
    state_ids = [s.id for s in machine.states]
    tids = [t.id for t in machine.transitions]

    def states(ids: frozenset[str]) -> str:
        return ", ".join(f"{machine.state_label(i)} ({i})" for i in _in_file_order(ids, state_ids)) or "none"

    def transitions(ids: frozenset[str]) -> str:
        if not ids:
            return "none"
        rows = []
        for i in _in_file_order(ids, tids):
            t = machine.transition(i)
            extra = ""
            if t.timeout:
                extra = (" [timeout: setting]" if t.timeout.seconds is None
                         else f" [timeout: {durations.words(t.timeout.seconds)}]")
            rows.append(f"\n    {i}: {machine.state_label(t.source)} -> {machine.state_label(t.target)}"
                        f" \"{t.trigger.get(lang, lang)}\"{extra}")
        return "".join(rows)

    lines = [
        f"{machine.name}",
        f"  {len(machine.states)} states, {len(machine.transitions)} transitions, "
        f"initial: {machine.state_label(machine.initial)} ({machine.initial})",
        f"  unreachable: {states(result.unreachable)}",
        f"  dead ends:   {states(result.dead_ends)}",
        f"  traps:       {states(result.traps)}",
        f"  ambiguous:   {transitions(result.ambiguous)}",
        f"  timeouts:    {transitions(result.timeouts)}",
    ]
    return "\n".join(lines)


def _defect_lines(path: Path, machine, result) -> list[str]:
    out = []
    for kind, ids in (("unreachable state", result.unreachable), ("dead end", result.dead_ends),
                      ("trap (no final state reachable)", result.traps)):
        for sid in sorted(ids, key=lambda i: machine.state(i).line):
            out.append(f"{path}:{machine.state(sid).line}:1: {kind}: {sid}")
    for tid in sorted(result.ambiguous, key=lambda i: machine.transition(i).line):
        t = machine.transition(tid)
        out.append(f"{path}:{t.line}:1: ambiguous trigger from {t.source}: {t.trigger}")
    return out


def cmd_path(args: argparse.Namespace) -> int:
    from explorer.analysis import shortest_path
    from explorer.io.markdown import procedure_markdown

    machine = _load(args.file)
    try:
        source = machine.find_state(args.source)
        target = machine.find_state(args.target)
    except MachineError as e:
        print(f"explorer path: {e}", file=sys.stderr)
        return 2
    path = shortest_path(machine, source, target)
    lang = args.lang or machine.language
    if path is None:
        print(
            f"explorer path: {machine.state_label(target, lang)} cannot be reached from "
            f"{machine.state_label(source, lang)}",
            file=sys.stderr,
        )
        return 1
    print(procedure_markdown(machine, path, lang=lang, start=source))
    return 0


def cmd_render(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from explorer.layout import LayoutOptions, default_cache_dir
    from explorer.opencache import OpenCache, open_for_render

    suffix = args.output.suffix.lower()
    if suffix not in (".svg", ".png", ".pdf"):
        _load(args.file)  # a broken file is reported first, as before
        print(f"explorer render: {args.output}: choose an output ending in .svg, .png or .pdf", file=sys.stderr)
        return 2
    # lang None is the machine's own language, so the options are known before the file is read.
    options = LayoutOptions(engine=args.engine, direction=args.direction, lang=args.lang, edge_labels=True)
    opened = open_for_render(args.file, options, OpenCache(default_cache_dir()))
    machine, layout = opened.machine, opened.layout
    assert layout is not None
    lang = args.lang or machine.language
    # Qt is imported after the file was read and laid out: a broken file fails fast.
    from explorer.ui.export import render_machine_file

    render_machine_file(machine, layout, args.output, lang=lang, all_labels=args.labels == "all",
                        analysis=opened.analysis)
    for note in layout.notes:
        print(f"explorer render: {note}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    machine = _load(args.file)
    lang = args.lang or machine.language
    if args.format == "mermaid":
        from explorer.io.mermaid import machine_to_mermaid

        text = machine_to_mermaid(machine, lang=lang)
    else:
        from explorer.io.markdown import machine_markdown

        text = machine_markdown(machine, lang=lang)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
    else:
        print(text)
    return 0


def cmd_scenario(args: argparse.Namespace) -> int:
    from explorer.io.markdown import replay_json, replay_markdown
    from explorer.io.scenario import load_scenario, replay

    scenario = load_scenario(args.scenario)
    machine_path = args.machine or scenario.machine_path
    if machine_path is None:
        print(f"explorer scenario: {args.scenario}: no machine given (use --machine or 'machine:')",
              file=sys.stderr)
        return 2
    machine = _load(machine_path)
    lang = args.lang or machine.language
    try:
        result = replay(scenario, machine, default_timeout=args.timeout_default)
    except ScenarioError as e:
        partial = getattr(e, "result", None)
        if partial is not None and not args.json:
            print(replay_markdown(partial, machine, lang=lang))
        print(f"{args.scenario}: {e}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(replay_json(result, machine), ensure_ascii=False, indent=2))
    else:
        print(replay_markdown(result, machine, lang=lang))
    return 0


# -- review tools (issue 10): coverage, tours, diff ------------------------------


def _add_review_parsers(sub) -> None:  # sub: argparse's subparsers action
    p = sub.add_parser("coverage", help="which states and transitions scenarios cover",
                       description="Replay scenarios on a machine and print which reachable states and "
                                   "transitions they visit and take (Markdown or JSON).")
    p.add_argument("file", type=Path, metavar="MACHINE")
    p.add_argument("scenarios", type=Path, nargs="+", metavar="SCENARIO")
    p.add_argument("--json", action="store_true")
    p.add_argument("--require", type=float, metavar="PERCENT",
                   help="exit 1 when fewer than PERCENT %% of the reachable transitions are taken")
    p.add_argument("--timeout-default", type=float, default=None, metavar="SECONDS",
                   help="duration used for timeouts that are a setting (default: each scenario's, else 60)")
    _add_lang(p)

    p = sub.add_parser("tours", help="generate walks that together take every reachable transition",
                       description="Compute a small set of walks from the initial state that together take "
                                   "every reachable transition at least once; print them as numbered "
                                   "procedures and, with -o, write them as scenario files.")
    p.add_argument("file", type=Path, metavar="MACHINE")
    p.add_argument("-o", "--output", type=Path, metavar="DIR", help="write DIR/tour-01.yaml, tour-02.yaml, ...")
    p.add_argument("--json", action="store_true")
    _add_lang(p)

    p = sub.add_parser("diff", help="compare two versions of a machine",
                       description="States and transitions added, removed and changed between two versions "
                                   "of a machine, and the defects introduced and fixed. Exit 0 whether or "
                                   "not they differ; 1 when a file does not load.")
    p.add_argument("old", type=Path, metavar="OLD")
    p.add_argument("new", type=Path, metavar="NEW")
    p.add_argument("--json", action="store_true")
    _add_lang(p)


def cmd_coverage(args: argparse.Namespace) -> int:
    from explorer.coverage import Coverage, coverage_markdown
    from explorer.io.scenario import load_scenario, replay

    machine = _load(args.file)
    coverage = Coverage(machine)
    for path in args.scenarios:
        scenario = load_scenario(path)
        try:
            result = replay(scenario, machine, default_timeout=args.timeout_default)
        except ScenarioError as e:
            line = scenario.steps[e.step - 1].line if e.step else 0
            where = f"{path}:{line}:1" if line else f"{path}"
            print(f"{where}: {e}", file=sys.stderr)
            return 1
        coverage.add_walk(result.start, (s.transition for s in result.steps))
    report = coverage.report()
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    else:
        print(coverage_markdown(report, machine, [str(p) for p in args.scenarios], lang=args.lang), end="")
    if args.require is not None and report.transitions_percent + 1e-9 < args.require:
        print(f"explorer coverage: {report.transitions_percent:.1f} % of the reachable transitions are taken, "
              f"{args.require:g} % required", file=sys.stderr)
        return 1
    return 0


def cmd_tours(args: argparse.Namespace) -> int:
    from explorer.io.scenario import save_scenario
    from explorer.tours import plan_tours, tour_scenario, tours_markdown

    machine = _load(args.file)
    plan = plan_tours(machine)
    files: list[Path] = []
    if args.output is not None:
        args.output.mkdir(parents=True, exist_ok=True)
        width = max(2, len(str(len(plan.tours))))
        for i, tour in enumerate(plan.tours, start=1):
            path = args.output / f"tour-{i:0{width}d}.yaml"
            name = f"Tour {i} of {len(plan.tours)}"
            save_scenario(tour_scenario(machine, tour, name=name, machine_path=args.file.resolve()), path)
            files.append(path)
    if args.json:
        obj = {
            "tours": [{"file": str(files[i]) if files else None, "steps": len(tour)}
                      for i, tour in enumerate(plan.tours)],
            "total_steps": plan.total_steps,
            "lower_bound": plan.lower_bound,
            "uncoverable": list(plan.uncoverable),
        }
        print(json.dumps(obj, ensure_ascii=False, indent=2))
    else:
        print(tours_markdown(machine, plan, lang=args.lang, files=files or None), end="")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from explorer.diff import diff_machines, diff_markdown

    old, new = _load(args.old), _load(args.new)
    result = diff_machines(old, new)
    if args.json:
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
    else:
        print(diff_markdown(result, old, new, str(args.old), str(args.new), lang=args.lang), end="")
    return 0
