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
from explorer.errors import ExplorerError, LoadError, MachineError, ScenarioError

ENGINES = ("auto", "dot", "neato", "fdp", "sfdp", "circo")
SUBCOMMANDS = ("check", "path", "render", "export", "scenario", "bench")


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

    from explorer.io.formats import format_names

    p = sub.add_parser("export", help="export the machine as Mermaid or Markdown",
                       description="Export the machine as a Mermaid state diagram or a Markdown table "
                                   "(or, with -f yaml, as a machine file written out in full).")
    p.add_argument("file", type=Path)
    p.add_argument("-f", "--format", choices=format_names(writable=True), default="mermaid")
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


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] == "bench":
        from explorer import bench

        return bench.main(args_list[1:])
    if args_list and args_list[0] in SUBCOMMANDS:
        args = _subcommand_parser().parse_args(args_list)
        handler = {
            "check": cmd_check,
            "path": cmd_path,
            "render": cmd_render,
            "export": cmd_export,
            "scenario": cmd_scenario,
        }[args.command]
        try:
            return handler(args)
        except LoadError as e:
            for problem in e.problems:
                print(problem, file=sys.stderr)
            return 1
        except (ExplorerError, OSError) as e:
            print(f"explorer {args.command}: {e}", file=sys.stderr)
            return 1
    args = _window_parser().parse_args(args_list)
    from explorer.ui.app import run_app

    return run_app(args)


# -- commands ------------------------------------------------------------------


def _load(path: Path):  # -> Machine (imported lazily to keep start-up quick)
    from explorer.io.formats import load_machine_file

    return load_machine_file(path)


def cmd_check(args: argparse.Namespace) -> int:
    from explorer.analysis import analyse

    machine = _load(args.file)
    result = analyse(machine)
    lang = machine.language
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
        }
        print(json.dumps(obj, ensure_ascii=False, indent=2))
    else:
        print(_check_text(machine, result))
    if args.strict and not result.is_clean:
        for line in _defect_lines(args.file, machine, result):
            print(line, file=sys.stderr)
        return 1
    return 0


def _in_file_order(ids: frozenset[str], order: list[str]) -> list[str]:
    return [i for i in order if i in ids]


def _check_text(machine, result) -> str:
    from explorer.io.markdown import duration_words

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
                         else f" [timeout: {duration_words(t.timeout.seconds)}]")
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
    from explorer.layout import LayoutOptions, compute_layout
    from explorer.ui.export import render_machine_file

    machine = _load(args.file)
    suffix = args.output.suffix.lower()
    if suffix not in (".svg", ".png", ".pdf"):
        print(f"explorer render: {args.output}: choose an output ending in .svg, .png or .pdf", file=sys.stderr)
        return 2
    lang = args.lang or machine.language
    layout = compute_layout(
        machine, LayoutOptions(engine=args.engine, direction=args.direction, lang=lang, edge_labels=True)
    )
    render_machine_file(machine, layout, args.output, lang=lang, all_labels=args.labels == "all")
    for note in layout.notes:
        print(f"explorer render: {note}", file=sys.stderr)
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from explorer.io.atomic import write_atomic
    from explorer.io.formats import format_named

    machine = _load(args.file)
    lang = args.lang or machine.language
    writer = format_named(args.format).write
    assert writer is not None  # the choices are the writable formats
    text = writer(machine, lang=lang)
    if args.output:
        write_atomic(args.output, text)
    else:
        print(text)
    return 0


def cmd_scenario(args: argparse.Namespace) -> int:
    from explorer.io.markdown import replay_json, replay_markdown
    from explorer.io.scenario import load_scenario
    from explorer.replay import replay

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
