"""Graphviz layout: real Graphviz on small hand-made machines, cancel, errors, cache."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from explorer import layout as layout_module
from explorer.errors import LayoutCancelled, LayoutError, MachineError
from explorer.generate import generate_machine
from explorer.layout import (
    START_EDGE,
    START_NODE,
    TANGLED_SHARE,
    Layout,
    LayoutCache,
    LayoutOptions,
    compute_layout,
    default_cache_dir,
    layout_from_json,
    layout_to_json,
    long_edge_share,
    neighbourhood,
    parse_json_layout,
    plan_layout,
    to_dot,
    wrap_label,
)
from explorer.model import Machine

MachineFactory = Callable[..., Machine]


@pytest.fixture
def small(machine_factory: MachineFactory) -> Machine:
    """Parallel edges a->b, a self-loop on b, a final c, German labels with umlauts."""
    return machine_factory(
        [
            ("a", "b", "Kunde startet das Applet", {"id": "start"}),
            ("a", "b", "Techniker lädt den Kunden ein", {"id": "invite"}),
            ("b", "b", "Zeitüberschreitung", {"id": "retry", "timeout": 60}),
            ("b", "c", "Sitzung beenden", {"id": "end"}),
        ],
        finals=["c"],
        labels={
            "a": {"de": "Verbindung wird hergestellt", "en": "Connecting"},
            "b": {"de": 'Warten auf "Techniker" <neu>', "en": "Waiting"},
            "c": {"de": "Aus Warteschlange der Technikerkonsole gelöscht", "en": "Removed from queue"},
        },
        language="de",
    )


def _close(p: tuple[float, float], q: tuple[float, float], tolerance: float) -> bool:
    return abs(p[0] - q[0]) <= tolerance and abs(p[1] - q[1]) <= tolerance


def _inside(p: tuple[float, float], node: layout_module.NodeGeometry, slack: float = 2.0) -> bool:
    return abs(p[0] - node.x) <= node.width / 2 + slack and abs(p[1] - node.y) <= node.height / 2 + slack


# -- wrap_label ----------------------------------------------------------------


def test_wrap_keeps_words_whole_and_lines_short() -> None:
    text = "Aus Warteschlange der Technikerkonsole gelöscht"
    lines = wrap_label(text, 18).split("\n")
    assert " ".join(lines) == text
    assert all(len(line) <= 18 + 18 // 4 for line in lines)
    assert len(lines) == 3  # the short "der" joins a neighbour instead of standing alone


def test_wrap_cuts_only_overlong_words_with_a_hyphen() -> None:
    word = "Donaudampfschifffahrtsgesellschaftskapitän"
    lines = wrap_label(word, 18).split("\n")
    assert len(lines) > 1
    assert all(line.endswith("-") for line in lines[:-1])
    assert "".join(line.removesuffix("-") for line in lines) == word
    # A compound that fits a line is never cut.
    assert wrap_label("Technikerkonsole", 18) == "Technikerkonsole"


def test_wrap_breaks_compounds_at_hyphens_and_keeps_explicit_breaks() -> None:
    assert wrap_label("Applet-Download-Bestätigung erhalten", 18).split("\n")[0].endswith("-")
    assert wrap_label("eins\nzwei", 18) == "eins\nzwei"
    assert wrap_label("", 18) == ""


# -- DOT -----------------------------------------------------------------------


def test_dot_names_nodes_by_state_id_and_edges_by_transition_id(small: Machine) -> None:
    source = to_dot(small, LayoutOptions())
    for tid in ("start", "invite", "retry", "end"):
        assert f"id={tid}" in source
    assert "peripheries=2" in source
    assert 'fontname="DejaVu Sans"' in source
    assert START_NODE in source


def test_dot_subset_has_only_those_states_and_edges_among_them(small: Machine) -> None:
    source = to_dot(small, LayoutOptions(), states={"b", "c"})
    assert "id=end" in source and "id=retry" in source
    assert "id=start" not in source and START_NODE not in source
    with pytest.raises(MachineError):
        to_dot(small, LayoutOptions(), states={"nope"})


def test_reserved_start_id_is_refused(machine_factory: MachineFactory) -> None:
    clash = machine_factory([(START_NODE, "b", "go")])
    with pytest.raises(LayoutError, match="reserved"):
        to_dot(clash, LayoutOptions())


def test_unknown_engine_is_refused() -> None:
    with pytest.raises(LayoutError):
        LayoutOptions(engine="twopi-ish")


# -- compute_layout on real Graphviz -------------------------------------------


def test_every_state_and_transition_has_geometry(small: Machine) -> None:
    result = compute_layout(small)
    assert set(result.nodes) == {s.id for s in small.states} | {START_NODE}
    assert set(result.edges) == {t.id for t in small.transitions} | {START_EDGE}
    for t in small.transitions:
        edge = result.edges[t.id]
        assert (edge.source, edge.target) == (t.source, t.target)
        assert len(edge.path) % 3 == 1 and len(edge.path) >= 4
        assert edge.label_pos is not None
        assert edge.label == wrap_label(small.trigger_label(t.id), LayoutOptions().edge_wrap)
        assert edge.arrow_tip is not None and _inside(edge.arrow_tip, result.nodes[t.target])
    start = result.edges[START_EDGE]
    assert (start.source, start.target) == (START_NODE, small.initial)
    assert result.engine == "dot" and result.notes == ()


def test_labels_round_trip_with_quotes_brackets_and_umlauts(small: Machine) -> None:
    result = compute_layout(small, LayoutOptions(lang="de"))
    for s in small.states:
        assert result.nodes[s.id].label == wrap_label(small.state_label(s.id, "de"), 18)
    english = compute_layout(small, LayoutOptions(lang="en"))
    assert english.nodes["c"].label == "Removed from queue"


def test_parallel_transitions_get_distinct_paths(small: Machine) -> None:
    result = compute_layout(small)
    assert result.edges["start"].path != result.edges["invite"].path
    assert result.edges["start"].label_pos != result.edges["invite"].label_pos


def test_self_loop_starts_and_ends_at_its_node(small: Machine) -> None:
    result = compute_layout(small)
    loop, node = result.edges["retry"], result.nodes["b"]
    assert _inside(loop.path[0], node)
    # The curve stops where the arrowhead begins; the tip touches the node.
    assert loop.arrow_tip is not None and _inside(loop.arrow_tip, node)
    assert _close(loop.path[-1], loop.arrow_tip, tolerance=12)
    # It leaves the box in between: a visible loop, not a dot.
    assert any(not _inside(p, node, slack=0) for p in loop.path)


def test_y_axis_points_down_and_everything_is_inside_the_bounds(machine_factory: MachineFactory) -> None:
    chain = machine_factory([("a", "b", "next"), ("b", "c", "next")])
    tb = compute_layout(chain, LayoutOptions(direction="TB"))
    assert tb.nodes["a"].y < tb.nodes["b"].y < tb.nodes["c"].y
    lr = compute_layout(chain, LayoutOptions(direction="LR"))
    assert lr.nodes["a"].x < lr.nodes["b"].x < lr.nodes["c"].x
    for result in (tb, lr):
        for node in result.nodes.values():
            assert 0 <= node.y <= result.height and 0 <= node.x <= result.width
    # Arrow tips point downwards in TB: the tip lies below the curve's end.
    edge = tb.edges["a-b"]
    assert edge.arrow_tip is not None and edge.arrow_tip[1] > edge.path[-1][1]


def test_without_edge_labels_no_label_positions(small: Machine) -> None:
    result = compute_layout(small, LayoutOptions(edge_labels=False))
    assert all(e.label_pos is None for e in result.edges.values())


@pytest.mark.parametrize("engine", ["neato", "fdp", "sfdp", "circo"])
def test_other_engines_give_complete_geometry(small: Machine, engine: str) -> None:
    result = compute_layout(small, LayoutOptions(engine=engine))
    assert result.engine == engine
    assert set(result.edges) >= {t.id for t in small.transitions}
    assert all(len(e.path) % 3 == 1 for e in result.edges.values())


def test_neighbourhood_layout_has_only_the_neighbours(small: Machine) -> None:
    around = neighbourhood(small, "c")
    assert around == {"b", "c"}
    assert neighbourhood(small, "c", radius=2) == {"a", "b", "c"}
    result = compute_layout(small, states=around)
    assert set(result.nodes) == {"b", "c"}
    assert set(result.edges) == {"retry", "end"}


# -- parse_json_layout on hand-written Graphviz output -------------------------


def test_parser_flips_y_and_maps_gvids_to_names() -> None:
    data: dict[str, Any] = {
        "bb": "0,0,200,100",
        "objects": [
            {"_gvid": 0, "name": "a", "pos": "20,80", "width": "0.5", "height": "0.25", "label": "A\\nB"},
            {"_gvid": 1, "name": "b", "pos": "180,20", "width": "1", "height": "0.5", "label": "\\N"},
        ],
        "edges": [
            {"_gvid": 0, "tail": 0, "head": 1, "id": "x", "pos": "e,170,30 30,70 60,60 120,40 160,35", "lp": "100,50"},
            {"_gvid": 1, "tail": 1, "head": 0},  # no id: not ours
        ],
    }
    result = parse_json_layout(data)
    a, b = result.nodes["a"], result.nodes["b"]
    assert (a.x, a.y, a.width, a.height, a.label) == (20, 20, 36, 18, "A\nB")
    assert (b.y, b.label) == (80, "")
    edge = result.edges["x"]
    assert (edge.source, edge.target) == ("a", "b")
    assert edge.path == ((30, 30), (60, 40), (120, 60), (160, 65))
    assert edge.arrow_tip == (170, 70) and edge.label_pos == (100, 50)
    assert set(result.edges) == {"x"}
    assert (result.width, result.height) == (200, 100)


def test_parser_draws_unrouted_edges_straight_between_boxes() -> None:
    data = {
        "bb": "0,0,300,100",
        "objects": [
            {"_gvid": 0, "name": "a", "pos": "50,50", "width": "1", "height": "0.5"},
            {"_gvid": 1, "name": "b", "pos": "250,50", "width": "1", "height": "0.5"},
        ],
        "edges": [{"_gvid": 0, "tail": 0, "head": 1, "id": "x"}],
    }
    edge = parse_json_layout(data).edges["x"]
    assert len(edge.path) == 4
    assert edge.path[0] == (86, 50) and edge.path[-1] == (214, 50) and edge.arrow_tip == (214, 50)


def test_parser_rejects_output_that_is_not_a_layout() -> None:
    with pytest.raises(LayoutError):
        parse_json_layout({"objects": []})


# -- running Graphviz: cancel and failure --------------------------------------


def test_cancel_kills_a_slow_layout_quickly() -> None:
    # Plain dot on a random 300-state machine runs for minutes.
    slow = generate_machine(300, "random", seed=1)
    cancel = threading.Event()
    timer = threading.Timer(0.2, cancel.set)
    started = time.monotonic()
    timer.start()
    try:
        with pytest.raises(LayoutCancelled):
            compute_layout(slow, LayoutOptions(engine="dot", bounded=False), cancel=cancel)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 10  # cancelled, not minutes of dot (generous for a busy CI)


def test_missing_graphviz_is_a_layout_error(small: Machine, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(LayoutError, match="not found"):
        compute_layout(small)


def test_graphviz_failure_reports_its_message(small: Machine) -> None:
    with pytest.raises(LayoutError, match="syntax error"):
        layout_module.run_graphviz("digraph { a -> }", "dot")


# -- planning by size ----------------------------------------------------------


def test_auto_engine_on_a_large_machine_says_what_it_chose() -> None:
    big = generate_machine(1200, "structured", seed=2)
    plan = plan_layout(big, LayoutOptions())
    assert plan.engine == "sfdp" and plan.graph_attr["splines"] == "line"
    assert any("1200 states" in note and "sfdp" in note for note in plan.notes)
    result = compute_layout(big)
    assert result.engine == "sfdp" and result.notes == plan.notes
    assert set(result.edges) >= {t.id for t in big.transitions}
    assert all(len(e.path) % 3 == 1 for e in result.edges.values())


def test_auto_engine_keeps_dot_while_it_is_fast() -> None:
    structured = plan_layout(generate_machine(200, "structured", seed=3), LayoutOptions())
    assert structured.engine == "dot" and structured.notes == ()
    small = plan_layout(generate_machine(30, "random", seed=3), LayoutOptions())
    assert small.engine == "dot" and small.notes == ()
    bigger = plan_layout(generate_machine(600, "structured", seed=3), LayoutOptions())
    assert bigger.engine == "dot" and bigger.graph_attr["splines"] == "line" and "600 states" in bigger.notes[0]


def test_auto_engine_tells_tangled_machines_from_flows() -> None:
    flow, tangle = generate_machine(120, "structured", seed=4), generate_machine(120, "random", seed=4)
    assert long_edge_share(flow.graph, flow.initial) < TANGLED_SHARE < long_edge_share(tangle.graph, tangle.initial)
    bounded = plan_layout(tangle, LayoutOptions())
    assert bounded.engine == "dot" and bounded.graph_attr["nslimit"] and bounded.notes
    assert plan_layout(generate_machine(200, "random", seed=4), LayoutOptions()).engine == "sfdp"


def test_a_chosen_engine_is_kept_and_unbounded_means_graphviz_defaults() -> None:
    big = generate_machine(600, "random", seed=3)
    assert plan_layout(big, LayoutOptions(engine="dot")).engine == "dot"
    assert plan_layout(big, LayoutOptions(engine="neato")).graph_attr["splines"] == "line"
    plain = plan_layout(big, LayoutOptions(bounded=False))
    assert plain == layout_module.LayoutPlan("dot", {"splines": "true"})


# -- the cache -----------------------------------------------------------------


def test_cache_hit_does_not_run_graphviz(small: Machine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = LayoutCache(tmp_path / "cache")
    first = compute_layout(small, cache=cache)

    def no_graphviz(*args: object, **kwargs: object) -> dict[str, Any]:
        raise AssertionError("Graphviz ran despite a cached layout")

    monkeypatch.setattr(layout_module, "run_graphviz", no_graphviz)
    assert compute_layout(small, cache=cache) == first
    # Other options are another layout: a miss.
    with pytest.raises(AssertionError):
        compute_layout(small, LayoutOptions(direction="TB"), cache=cache)


def test_corrupt_cache_entries_are_recomputed(small: Machine, tmp_path: Path) -> None:
    cache = LayoutCache(tmp_path)
    first = compute_layout(small, cache=cache)
    (entry,) = tmp_path.glob("*.json")
    for garbage in ("{not json", json.dumps({"format": 1, "nodes": "x"}), json.dumps([1, 2])):
        entry.write_text(garbage, encoding="utf-8")
        assert cache.get(entry.stem) is None
        assert compute_layout(small, cache=cache) == first
    assert not list(tmp_path.glob(".tmp-*"))


def test_layout_json_round_trip(small: Machine) -> None:
    result = compute_layout(small)
    again = layout_from_json(json.loads(json.dumps(layout_to_json(result))))
    assert again == result
    assert isinstance(again, Layout)


def test_default_cache_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert default_cache_dir() == tmp_path / "state-explorer"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert default_cache_dir() == Path.home() / ".cache" / "state-explorer"


def test_a_big_source_reaches_graphviz_even_when_polling_outpaces_writing(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Regression: a source larger than a pipe's buffer used to be fed through
    communicate() retried with no input, which stops writing after the first
    timeout, so Graphviz waited forever for the rest (seen in the bench under load)."""
    import explorer.layout as layout_module
    from explorer.generate import generate_machine

    monkeypatch.setattr(layout_module, "_POLL_SECONDS", 0.0001)
    machine = generate_machine(300, "structured", 1)
    assert len(layout_module.to_dot(machine, LayoutOptions())) > 65536
    cancel = threading.Event()
    timer = threading.Timer(30, cancel.set)  # a hang fails the test instead of blocking CI
    timer.start()
    try:
        layout = compute_layout(machine, LayoutOptions(), cancel=cancel)
    finally:
        timer.cancel()
    assert {s.id for s in machine.states} <= set(layout.nodes)
