"""The open cache: a reopen is read from one file, a damaged or outdated entry is never used."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from explorer.analysis import analyse
from explorer.io.machine_yaml import load_machine
from explorer.layout import LayoutOptions
from explorer.opencache import SUFFIX, OpenCache, content_hash, open_for_render, open_machine

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "rescue_session_status.yaml"
OPTIONS = LayoutOptions(edge_labels=True)


@pytest.fixture
def machine_file(tmp_path: Path) -> Path:
    path = tmp_path / "machine.yaml"
    path.write_bytes(BUNDLED.read_bytes())
    return path


def _entries(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"*{SUFFIX}"))


def test_a_second_open_hits_and_gives_the_same_machine_analysis_and_layout(tmp_path: Path, machine_file: Path) -> None:
    first_cache = OpenCache(tmp_path / "cache")
    first = open_for_render(machine_file, OPTIONS, first_cache)
    assert (first_cache.stats.hits, first_cache.stats.misses, first_cache.stats.stored) == (0, 1, 1)
    assert len(_entries(tmp_path / "cache")) == 1

    again = OpenCache(tmp_path / "cache")  # as a new process would
    second = open_for_render(machine_file, OPTIONS, again)
    assert (again.stats.hits, again.stats.misses, again.stats.stored) == (1, 0, 0)
    assert second.machine == first.machine == load_machine(machine_file)
    # Lines are not part of equality: check them too, they name places in the file.
    assert [s.line for s in second.machine.states] == [s.line for s in first.machine.states]
    assert [t.line for t in second.machine.transitions] == [t.line for t in first.machine.transitions]
    assert second.analysis == analyse(second.machine)
    assert second.layout == first.layout


@pytest.mark.parametrize("damage", ["garbage", "truncated", "flipped byte", "other format", "empty"])
def test_a_damaged_entry_is_ignored_and_rebuilt(tmp_path: Path, machine_file: Path, damage: str) -> None:
    cache_dir = tmp_path / "cache"
    first = open_for_render(machine_file, OPTIONS, OpenCache(cache_dir))
    (entry,) = _entries(cache_dir)
    raw = entry.read_bytes()
    damaged = {
        "garbage": b"not a cache entry at all",
        "truncated": raw[: len(raw) // 2],
        "flipped byte": raw[:-10] + bytes([raw[-10] ^ 0xFF]) + raw[-9:],
        "other format": raw.replace(b'"format": 1', b'"format": 999', 1),
        "empty": b"",
    }[damage]
    assert damaged != raw
    entry.write_bytes(damaged)

    cache = OpenCache(cache_dir)
    second = open_for_render(machine_file, OPTIONS, cache)
    assert cache.stats.hits == 0 and cache.stats.rejected == 1
    assert second.machine == first.machine and second.layout == first.layout
    # Rebuilt: the next open is a hit again.
    third_cache = OpenCache(cache_dir)
    open_for_render(machine_file, OPTIONS, third_cache)
    assert third_cache.stats.hits == 1


def test_an_entry_for_other_content_is_not_used_even_under_the_right_name(tmp_path: Path, machine_file: Path) -> None:
    cache_dir = tmp_path / "cache"
    open_for_render(machine_file, OPTIONS, OpenCache(cache_dir))
    (entry,) = _entries(cache_dir)
    other = tmp_path / "other.yaml"
    other.write_text(machine_file.read_text(encoding="utf-8").replace("Connecting", "Dialling"), encoding="utf-8")
    open_for_render(other, OPTIONS, OpenCache(cache_dir))
    (other_entry,) = [p for p in _entries(cache_dir) if p != entry]
    entry.write_bytes(other_entry.read_bytes())  # a valid entry, but of other content and key

    cache = OpenCache(cache_dir)
    opened = open_for_render(machine_file, OPTIONS, cache)
    assert cache.stats.rejected == 1
    assert opened.machine == load_machine(machine_file)


def test_a_changed_file_misses(tmp_path: Path, machine_file: Path) -> None:
    cache_dir = tmp_path / "cache"
    english = LayoutOptions(edge_labels=True, lang="en")
    open_for_render(machine_file, english, OpenCache(cache_dir))
    text = machine_file.read_text(encoding="utf-8")
    assert "Connecting" in text
    machine_file.write_text(text.replace("Connecting", "Dialling"), encoding="utf-8")

    cache = OpenCache(cache_dir)
    opened = open_for_render(machine_file, english, cache)
    assert (cache.stats.hits, cache.stats.misses) == (0, 1)
    assert opened.machine.state_label("connecting", "en") == "Dialling"
    assert any("Dialling" in node.label for node in opened.layout.nodes.values())


def test_other_options_miss(tmp_path: Path, machine_file: Path) -> None:
    cache_dir = tmp_path / "cache"
    open_for_render(machine_file, OPTIONS, OpenCache(cache_dir))
    cache = OpenCache(cache_dir)
    opened = open_for_render(machine_file, LayoutOptions(edge_labels=True, direction="TB"), cache)
    assert cache.stats.hits == 0
    assert opened.layout is not None and opened.options.direction == "TB"


def test_errors_are_reported_as_without_a_cache(tmp_path: Path) -> None:
    from explorer.errors import LoadError

    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ninitial: a\nstates:\n  a:\ntransitions:\n  - {from: a, to: b, trigger: go}\n",
                   encoding="utf-8")
    with pytest.raises(LoadError) as without:
        load_machine(bad)
    with pytest.raises(LoadError) as cached:
        open_machine(bad, OpenCache(tmp_path / "cache"))
    assert [str(p) for p in cached.value.problems] == [str(p) for p in without.value.problems]
    assert _entries(tmp_path / "cache") == []


def test_the_cache_stays_within_its_budget_least_recently_used_first(tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    files = []
    for i in range(3):
        path = tmp_path / f"m{i}.yaml"
        path.write_text(BUNDLED.read_text(encoding="utf-8") + f"\n# copy {i}\n", encoding="utf-8")
        files.append(path)
    cache = OpenCache(cache_dir)
    for i, path in enumerate(files):
        open_for_render(path, OPTIONS, cache)
        (newest,) = [p for p in _entries(cache_dir) if p.stat().st_mtime_ns == max(q.stat().st_mtime_ns for q in _entries(cache_dir))]
        os.utime(newest, ns=(10**18 + i * 10**9, 10**18 + i * 10**9))  # a clear order, whatever the clock
    size = max(p.stat().st_size for p in _entries(cache_dir))
    first_key = cache.key(BUNDLED.read_bytes() + b"\n# copy 0\n", OPTIONS, "render:yaml")
    # Use the first file again: it becomes the most recently used.
    assert cache.get(first_key, content_hash(files[0].read_bytes())) is not None
    small = OpenCache(cache_dir, max_bytes=2 * size + size // 2)
    small.prune()
    kept = _entries(cache_dir)
    assert len(kept) == 2
    assert (cache_dir / f"{first_key}{SUFFIX}") in kept


def test_render_from_the_cache_draws_the_same_picture(tmp_path: Path) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CACHE_HOME=str(tmp_path / "xdg"))
    pictures = []
    for name in ("cold.svg", "warm.svg"):
        out = tmp_path / name
        subprocess.run([sys.executable, "-m", "explorer", "render", str(BUNDLED), "-o", str(out)],
                       env=env, check=True, timeout=120, capture_output=True)
        pictures.append(out.read_bytes())
    # render keeps Graphviz's answers (the export lays out with its labels in the DOT), not whole opens.
    assert list((tmp_path / "xdg" / "state-explorer").glob("*.json"))
    assert pictures[0] == pictures[1]


def test_graphviz_version_is_remembered_per_binary_and_asked_again_when_it_changes(tmp_path: Path) -> None:
    import json
    import shutil

    from explorer.layout import VERSION_MEMO, graphviz_version

    real = graphviz_version(tmp_path)
    assert "graphviz" in real
    memo = tmp_path / VERSION_MEMO
    data = json.loads(memo.read_text(encoding="utf-8"))
    dot = shutil.which("dot")
    assert data["binary"][0] == dot and data["version"] == real
    # The memo is what a new run reads (no dot -V): a planted answer for this binary is believed ...
    memo.write_text(json.dumps({**data, "version": "planted"}), encoding="utf-8")
    assert graphviz_version(tmp_path) == "planted"
    # ... but not for another binary (another size or time: Graphviz was reinstalled).
    stale = [data["binary"][0], data["binary"][1] + 1, data["binary"][2]]
    memo.write_text(json.dumps({"binary": stale, "version": "planted"}), encoding="utf-8")
    assert graphviz_version(tmp_path) == real
    memo.write_text("{not json", encoding="utf-8")
    assert graphviz_version(tmp_path) == real
