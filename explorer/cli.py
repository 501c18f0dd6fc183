"""The entry point: ``explorer [FILE]`` opens the window; subcommands run headless.

This is the only place (besides the window) that turns errors into messages:
loader problems become ``file:line:col: message`` lines on stderr and exit 1;
usage errors exit 2. Qt is imported only by the commands that need it.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from explorer import __version__
from explorer.engines import ENGINES
from explorer.errors import ExplorerError, LoadError, MachineError, ScenarioError

SUBCOMMANDS = ("check", "path", "render", "export", "convert", "scenario", "bench", "coverage", "tours", "diff", "doc")


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
    p.add_argument("--lang", help="language of the report's words (default: English; labels stay in the "
                                  "machine's language unless given)")
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
                       description="Lay the machine out with Graphviz and draw it for a document: every "
                                   "trigger label where Graphviz placed it, no session unless asked, a legend "
                                   "of what the picture shows. SVG, PNG or PDF by the output's suffix. With "
                                   "--paper every text stays at least 7 pt at 100 %%; a flow too large for "
                                   "the paper is split into an overview page and pages of its parts.")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, help="OUT.svg, OUT.png or OUT.pdf")
    _add_lang(p)
    p.add_argument("--engine", choices=ENGINES, default="auto")
    p.add_argument("--direction", choices=("LR", "TB"), default="LR")
    p.add_argument("--labels", choices=("auto", "all"), default="all", help=argparse.SUPPRESS)
    _add_picture_options(p)
    p.add_argument("--compare", type=Path, metavar="OLD",
                   help="mark what changed since OLD: added in green, changed in amber, "
                        "ends of removed items in red (as File > Compare With… does)")
    p.add_argument("--layout-timeout", type=_positive_seconds, metavar="SECONDS",
                   help="stop Graphviz after this many seconds (default: 30 s plus 0.02 s per state and "
                        "transition, or $EXPLORER_LAYOUT_TIMEOUT)")

    from explorer.io.formats import format_names

    writable = format_names(writable=True)
    p = sub.add_parser("export", help="write the machine in another format (Mermaid, DOT, SCXML, CSV, ...)",
                       description="Write the machine in one of the formats State Explorer writes: "
                                   f"{', '.join(writable)} (default: mermaid).")
    p.add_argument("file", type=Path)
    p.add_argument("-f", "--format", choices=writable, default="mermaid")
    p.add_argument("-o", "--output", type=Path, help="write here instead of standard output")
    _add_lang(p)

    p = sub.add_parser("convert", help="read a machine in one format and write it in another",
                       description="Read IN and write OUT, each in the format its extension names "
                                   "(.yaml/.yml, .csv, .tsv, .scxml, .json for XState, .mmd, .dot/.gv, .puml, "
                                   ".md). OUT '-' writes to standard output (give -f).")
    p.add_argument("input", type=Path, metavar="IN")
    p.add_argument("output", metavar="OUT")
    p.add_argument("-f", "--format", choices=writable, help="the format to write (default: by OUT's extension)")
    p.add_argument("--from", dest="from_format", choices=format_names(readable=True), metavar="FORMAT",
                   help="the format to read IN as (default: by its extension, else its content): "
                        + ", ".join(format_names(readable=True)))
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

    p = sub.add_parser("doc", help="write a documentation set: Markdown with pictures, and a PDF",
                       description="Write OUT/NAME.md with SVG pictures in OUT/pictures/ and the same content "
                                   "as OUT/NAME.pdf (A4): an overview and the machine's defects, one section "
                                   "per state (its ways in and out, a table of its ways out and the procedure "
                                   "of each), and the shortest path from the start to every final state.")
    p.add_argument("file", type=Path)
    p.add_argument("-o", "--output", type=Path, required=True, metavar="OUT", help="the folder to write into")
    _add_lang(p)
    p.add_argument("--engine", choices=ENGINES, default="auto")
    p.add_argument("--direction", choices=("LR", "TB"), default="LR")

    _add_review_parsers(sub)
    for command in sub.choices.values():  # every command so far reads a machine file
        command.add_argument("--max-file-size", type=_positive_mib, metavar="MIB",
                             help="read machine files up to this size in MiB (default 32 for YAML, 64 for the "
                                  "other formats; also the environment variable EXPLORER_MAX_FILE_MB)")
    sub.add_parser("bench", help="run the benchmarks (see 'explorer bench --help')", add_help=False)
    return parser


def _positive_mib(text: str) -> float:
    try:
        mib = float(text)
    except ValueError:
        mib = float("nan")
    if not 0 < mib < float("inf"):
        raise argparse.ArgumentTypeError(f"must be a positive number of MiB, not {text!r}")
    return mib


def _positive_seconds(text: str) -> float:
    """argparse type: a finite number of seconds above zero."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not (0 < value < float("inf")):
        raise argparse.ArgumentTypeError(f"expected a positive number of seconds, not {text[:40]!r}")
    return value


def _add_picture_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--paper", choices=("a4", "a3", "letter"),
                   help="lay out on this paper (PDF: pages; SVG/PNG: one file per page)")
    p.add_argument("--orientation", choices=("portrait", "landscape"), default="landscape")
    p.add_argument("--dpi", type=float, default=144.0, help="PNG resolution (default 144)")
    p.add_argument("--session", type=Path, metavar="SCENARIO",
                   help="draw the walk of this scenario (states visited, steps taken, where it ends)")
    p.add_argument("--no-legend", action="store_true", help="leave the legend out")


def _window_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="explorer",
        description="Open the State Explorer window on FILE (default: the bundled technician-console machine).",
        epilog="Subcommands (run headless): " + ", ".join(SUBCOMMANDS) + ". Try 'explorer check --help'.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("file", type=Path, nargs="?",
                        help="a machine file (.yaml, .csv, .tsv, .scxml, .json, .mmd)")
    _add_lang(parser)
    parser.add_argument("--engine", choices=ENGINES, help="layout engine")
    parser.add_argument("--scenario", type=Path, help="open this scenario and replay it")
    parser.add_argument("--path-to", metavar="STATE", help="highlight the shortest path to this state")
    parser.add_argument("--full-screen", action="store_true", help="start in full screen (projector)")
    parser.add_argument("--present", action="store_true",
                        help="start in presentation mode: canvas and session bar only, text sized for the room")
    parser.add_argument("--ui-lang", choices=("en", "de"),
                        help="language of menus and dialogs (default: as chosen in the menu, else the system's); "
                             "independent of --lang")
    return parser


def _run_bench(argv: list[str]) -> int:
    """``explorer bench``: the core's rows and the window's, which only the entry point may bring together."""
    from explorer import bench
    from explorer.review_bench import ROWS as review_rows

    notes: list[str] = []
    if argv[:1] in (["monkey"], ["memory"]):  # the window's longer runs (explorer.ui.bench_hooks.OPTIONS)
        from explorer.ui.bench_hooks import run_option

        print(run_option(list(argv)))
        return 0
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
            "convert": cmd_convert,
            "scenario": cmd_scenario,
            "coverage": cmd_coverage,
            "tours": cmd_tours,
            "diff": cmd_diff,
            "doc": cmd_doc,
        }[args.command]
        # A command is one short run: Python's cyclic collector, woken every
        # 700 new objects to walk the growing heap, costs it more than the
        # little cyclic garbage it would find (issue 13). Paused for the run.
        was_collecting = gc.isenabled()
        gc.disable()
        try:
            if args.max_file_size is None:
                return handler(args)
            from explorer.io.yamlsafe import file_size_limit

            with file_size_limit(args.max_file_size):
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
        finally:
            gc.unfreeze()  # what _load froze is the collector's again (main() may run again in one process)
            if was_collecting:
                gc.enable()
    args = _window_parser().parse_args(args_list)
    gc.disable()  # the window's start-up runs without the collector (run_app resumes it)
    from explorer.ui.app import run_app

    return run_app(args)


# -- commands ------------------------------------------------------------------


def _load(path: Path):  # -> Machine (imported lazily to keep start-up quick)
    from explorer.io.formats import load_machine_file

    machine = load_machine_file(path)
    # The machine lives until the command ends: keep the cycle collector from
    # walking its objects again and again while the command works on it (a
    # 20,000-state machine is millions of objects; the analysis ran 2-10x
    # slower). _main unfreezes when the command is done.
    gc.freeze()
    return machine


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
        print(_check_text(machine, result, args.lang))
        print(_findings_text(args.file, found, args.lang))
    if args.strict and not result.is_clean:
        for line in _defect_lines(args.file, machine, result):
            print(line, file=sys.stderr)
        return 1
    return 0


# -- findings (issue 10): the same list and words as the defects panel ----------


def _findings(machine, result):  # -> tuple[Finding, ...]
    from explorer.findings import findings

    return findings(machine, result)


#: The check report's own words, in English; other languages from the catalogue (context ``CheckWords``,
#: marked for lupdate in :mod:`explorer.ui.cli_words`). The labels around them follow ``--lang`` too.
CHECK_WORDS: dict[str, str] = {
    "summary": "{states} states, {transitions} transitions, initial: {initial}",
    "unreachable": "unreachable:", "dead_ends": "dead ends:", "traps": "traps:", "ambiguous": "ambiguous:",
    "timeouts": "timeouts:", "findings": "findings:", "none": "none", "timeout": "timeout: {duration}",
    "setting": "setting",
}


def _check_words(lang: str | None) -> dict[str, str]:
    from explorer.io import catalogue

    return catalogue.words(catalogue.CHECK, CHECK_WORDS, lang or "en")


def _findings_text(path: Path, found, lang: str | None = None) -> str:
    from explorer.findings import finding_lines

    w = _check_words(lang)
    lines = [f"  {w['findings']:<12} {len(found) or w['none']}"]
    lines += [f"    {line}" for line in finding_lines(found, str(path))]
    return "\n".join(lines)


def _in_file_order(ids: frozenset[str], order: list[str]) -> list[str]:
    return [i for i in order if i in ids]


def _check_text(machine, result, lang: str | None = None) -> str:
    from explorer import durations

    w = _check_words(lang)
    lang = lang or machine.language
    state_ids = [s.id for s in machine.states]
    tids = [t.id for t in machine.transitions]

    def label(sid: str) -> str:
        return machine.state_label(sid, lang)

    def states(ids: frozenset[str]) -> str:
        return ", ".join(f"{label(i)} ({i})" for i in _in_file_order(ids, state_ids)) or w["none"]

    def transitions(ids: frozenset[str]) -> str:
        if not ids:
            return w["none"]
        rows = []
        for i in _in_file_order(ids, tids):
            t = machine.transition(i)
            extra = ""
            if t.timeout:
                duration = (w["setting"] if t.timeout.seconds is None
                            else durations.words(t.timeout.seconds, lang if lang in ("de", "en") else "en"))
                extra = f" [{w['timeout'].format(duration=duration)}]"
            rows.append(f"\n    {i}: {label(t.source)} -> {label(t.target)}"
                        f" \"{machine.trigger_label(t.id, lang)}\"{extra}")
        return "".join(rows)

    summary = w["summary"].format(states=len(machine.states), transitions=len(machine.transitions),
                                  initial=f"{label(machine.initial)} ({machine.initial})")
    lines = [
        f"{machine.name}",
        f"  {summary}",
        *(f"  {w[key]:<12} {text}" for key, text in (
            ("unreachable", states(result.unreachable)), ("dead_ends", states(result.dead_ends)),
            ("traps", states(result.traps)), ("ambiguous", transitions(result.ambiguous)),
            ("timeouts", transitions(result.timeouts)))),
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


def _session_of(path: Path, machine, lang: str):  # -> Highlight (Qt imported by the caller)
    from explorer.io.scenario import load_scenario, replay
    from explorer.ui.export import session_highlight

    scenario = load_scenario(path)
    try:
        result = replay(scenario, machine)
    except ScenarioError as e:
        partial = getattr(e, "result", None)
        if partial is None:
            raise
        print(f"explorer: {path}: {e} (drawing the steps before it)", file=sys.stderr)
        result = partial
    taken = [step.transition for record in result.records for step in record.fired]
    return session_highlight(machine, result.start, taken)


def cmd_render(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    suffix = args.output.suffix.lower()
    if suffix not in (".svg", ".png", ".pdf"):
        _load(args.file)  # checked after loading: a broken file is reported first
        print(f"explorer render: {args.output}: choose an output ending in .svg, .png or .pdf", file=sys.stderr)
        return 2
    from explorer.layout import LayoutCache, LayoutOptions, default_cache_dir
    from explorer.opencache import OpenCache, open_for_render

    # The whole open (machine and the full layout, as the export lays it out:
    # edge labels, the language asked for or the machine's) comes from the open
    # cache when this file was rendered so before: no YAML, no DOT, no Graphviz.
    entry = open_for_render(args.file, LayoutOptions(engine=args.engine, direction=args.direction, lang=args.lang,
                                                     edge_labels=True, timeout=args.layout_timeout),
                            OpenCache(default_cache_dir()))
    machine = entry.machine
    from explorer.ui.export import ExportOptions, export_machine

    extra = None
    if args.compare is not None:
        from explorer.diff import diff_machines, diff_marks

        old = _load(args.compare)
        extra = diff_marks(diff_machines(old, machine), old, machine)
    lang = args.lang or machine.language
    session = _session_of(args.session, machine, lang) if args.session else None
    options = ExportOptions(lang=lang, direction=args.direction, engine=args.engine, paper=args.paper,
                            orientation=args.orientation, dpi=args.dpi, legend=not args.no_legend,
                            session=session, extra=extra, layout_timeout=args.layout_timeout,
                            layout_cache=LayoutCache(default_cache_dir()))
    result = export_machine(machine, args.output, options, layout=entry.layout)
    for note in result.notes:
        print(f"explorer render: {note}", file=sys.stderr)
    if len(result.files) > 1 or len(result.pages) > 1:
        print(f"explorer render: {len(result.pages)} pages: " + ", ".join(str(f) for f in result.files),
              file=sys.stderr)
    return 0


def cmd_doc(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    machine = _load(args.file)
    from explorer.ui.documents import doc_name, write_documentation

    result = write_documentation(machine, args.output, lang=args.lang or machine.language,
                                 name=doc_name(machine, args.file), direction=args.direction, engine=args.engine)
    print(f"{result.markdown}\n{result.pdf} ({result.pdf_pages} pages)\n"
          f"{len(result.pictures)} pictures in {result.pictures[0].parent}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from explorer.io.atomic import write_atomic
    from explorer.io.formats import format_named

    machine = _load(args.file)
    lang = args.lang or machine.language
    writer = format_named(args.format).write
    assert writer is not None  # the choices are the writable formats
    text = writer(machine, lang=lang, filename=str(args.output) if args.output else None)
    if args.output:
        write_atomic(args.output, text)
    else:
        print(text)
    return 0


def cmd_convert(args: argparse.Namespace) -> int:
    from explorer.io.atomic import write_atomic
    from explorer.io.formats import format_named, format_names, load_machine_file, writer_for

    to_stdout = args.output == "-"
    if args.format is not None:
        target = format_named(args.format)
    elif to_stdout:
        print("explorer convert: give the format to write to standard output with -f", file=sys.stderr)
        return 2
    else:
        found = writer_for(args.output)
        if found is None:
            print(f"explorer convert: {args.output}: cannot tell the format from the extension; give -f "
                  f"({', '.join(format_names(writable=True))})", file=sys.stderr)
            return 2
        target = found
    machine = load_machine_file(args.input, args.from_format)
    assert target.write is not None  # the choices and writer_for give writable formats
    text = target.write(machine, lang=args.lang or machine.language, filename=None if to_stdout else args.output)
    if to_stdout:
        sys.stdout.write(text)
    else:
        write_atomic(args.output, text)
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
    from explorer.io.scenario import load_scenario
    from explorer.replay import replay

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
