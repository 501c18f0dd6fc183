"""A cache for the whole open of a machine file: machine, analysis and layout in one file.

Opening a file costs reading and checking the YAML, building the model,
the analysis, the DOT source and a Graphviz run; at 3,000 states several
seconds. All of it depends only on the file's bytes, the layout options, this
program and Graphviz, so :class:`OpenCache` keeps the result under a key made
of exactly those, and a reopen reads one file and builds the scene.

An entry is never trusted blindly. Its file is a header line (magic, format,
key, SHA-256 of the payload) and a pickle of frozen dataclasses; a file whose
header, key or digest does not match, that does not unpickle into an
:class:`OpenEntry` for the same content, or that an older version of the
program wrote, is ignored (and removed) and the open is done the long way.
The program's own source files are part of the key (size and modification
time of the modules whose output is cached), so a changed loader, analysis or
layout never meets a stale entry. The cache lives beside the layout cache
(``*.open`` files), is bounded in size (least recently used entries are
removed first) and may be deleted at any time.

No Qt here: the window and ``explorer render`` both use it.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from explorer import __version__
from explorer.analysis import Analysis, analyse
from explorer.errors import LayoutError
from explorer.io.formats import Format, read_source, reader_for
from explorer.layout import Layout, LayoutCache, LayoutOptions, compute_layout, graphviz_version
from explorer.model import Machine

#: Bump when the entry's layout or meaning changes.
FORMAT = 1
MAGIC = b"state-explorer-open\n"
SUFFIX = ".open"
#: The budget of all entries together; the least recently used go first.
DEFAULT_MAX_BYTES = 200 * 1024 * 1024

#: The modules whose results an entry holds: a change to any of them is a new key.
_CACHED_MODULES = ("model.py", "analysis.py", "layout.py", "opencache.py", "durations.py", "io/machine_yaml.py",
                   "io/yamlsafe.py", "io/formats.py", "io/formatkit.py", "io/csv_format.py", "io/scxml.py",
                   "io/xstate.py", "io/mermaid.py")


@dataclass(frozen=True)
class OpenEntry:
    """What opening one file produced."""

    #: SHA-256 of the file's bytes (hex).
    content_hash: str
    machine: Machine
    analysis: Analysis
    #: The full layout, or None when it is not known yet (the window stores it when it is).
    layout: Layout | None = None
    #: The options ``layout`` was computed with.
    options: LayoutOptions | None = None


@dataclass
class OpenCacheStats:
    """What the cache did since it was made: public, so a caller can say "opened from the cache"."""

    hits: int = 0
    misses: int = 0
    #: Entries that were there but could not be used (corrupt, foreign, older format).
    rejected: int = 0
    stored: int = 0


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _program_fingerprint() -> list[object]:
    here = Path(__file__).resolve().parent
    stamps: list[object] = [__version__, FORMAT, list(sys.version_info[:2])]
    for name in _CACHED_MODULES:
        try:
            st = (here / name).stat()
            stamps.append([name, st.st_size, st.st_mtime_ns])
        except OSError:
            stamps.append([name, None])
    return stamps


def _unpickle(payload: bytes) -> object:
    """``pickle.loads`` with the cyclic garbage collector paused.

    An entry of 3,000 states is a few hundred thousand small objects, all of
    them alive afterwards; the collector, woken every 700 new objects, would
    walk the growing heap again and again (about 3x the time of the loads
    itself). Nothing made here is garbage, so there is nothing to collect.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(payload)
    finally:
        if was_enabled:
            gc.enable()


class OpenCache:
    """Whole opens on disk, one ``<key>.open`` file each, bounded to ``max_bytes``."""

    def __init__(self, directory: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self.stats = OpenCacheStats()

    def key(self, content: bytes | str, options: LayoutOptions, purpose: str = "") -> str:
        """The key for opening ``content`` (bytes or its hash) with ``options`` for ``purpose``.

        ``purpose`` tells apart users that store different layouts for the same options.
        """
        digest = content if isinstance(content, str) else content_hash(content)
        try:
            version = graphviz_version(self.directory)
        except LayoutError:
            version = None
        blob = json.dumps([_program_fingerprint(), version, purpose, digest, asdict(options)], sort_keys=True)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def _path(self, key: str) -> Path:
        if len(key) != 64 or any(c not in "0123456789abcdef" for c in key):
            raise ValueError(f"not a cache key: {key!r}")
        return self.directory / f"{key}{SUFFIX}"

    def get(self, key: str, content_digest: str) -> OpenEntry | None:
        """The entry for ``key`` if there is a valid one for content ``content_digest``; else None."""
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except OSError:
            self.stats.misses += 1
            return None
        entry = self._decode(raw, key, content_digest)
        if entry is None:
            self.stats.rejected += 1
            self.stats.misses += 1
            try:
                path.unlink()
            except OSError:
                pass
            return None
        try:
            os.utime(path)  # most recently used: pruned last
        except OSError:
            pass
        self.stats.hits += 1
        return entry

    @staticmethod
    def _decode(raw: bytes, key: str, content_digest: str) -> OpenEntry | None:
        if not raw.startswith(MAGIC):
            return None
        end = raw.find(b"\n", len(MAGIC))
        if end < 0:
            return None
        try:
            header = json.loads(raw[len(MAGIC):end])
            payload = raw[end + 1:]
            if (not isinstance(header, dict) or header.get("format") != FORMAT or header.get("key") != key
                    or header.get("sha256") != hashlib.sha256(payload).hexdigest()):
                return None
            # Only after the digest matched: the payload is the one this program wrote.
            entry = _unpickle(payload)
        except Exception:  # noqa: BLE001 - any damage means "not usable", never a failed open
            return None
        if not (isinstance(entry, OpenEntry) and entry.content_hash == content_digest
                and isinstance(entry.machine, Machine) and isinstance(entry.analysis, Analysis)
                and (entry.layout is None or isinstance(entry.layout, Layout))
                and (entry.options is None or isinstance(entry.options, LayoutOptions))):
            return None
        return entry

    def put(self, key: str, entry: OpenEntry) -> bool:
        """Store ``entry`` atomically, then prune; False when the cache cannot be written."""
        path = self._path(key)
        try:
            payload = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception:  # noqa: BLE001 - an entry that cannot be pickled is simply not cached
            return False
        header = json.dumps({"format": FORMAT, "key": key, "sha256": hashlib.sha256(payload).hexdigest()})
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=SUFFIX)
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(MAGIC + header.encode("ascii") + b"\n" + payload)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            return False  # a read-only or full cache costs speed, never the open
        self.stats.stored += 1
        self.prune()
        return True

    def entries(self) -> list[Path]:
        """The entry files, least recently used first."""
        try:
            found = [(p.stat().st_mtime_ns, p) for p in self.directory.glob(f"*{SUFFIX}")]
        except OSError:
            return []
        return [p for _, p in sorted(found)]

    def prune(self) -> None:
        """Remove the least recently used entries until all fit in ``max_bytes``."""
        files = []
        for p in self.entries():
            try:
                files.append((p, p.stat().st_size))
            except OSError:
                continue
        total = sum(size for _, size in files)
        for p, size in files:
            if total <= self.max_bytes:
                break
            try:
                p.unlink()
                total -= size
            except OSError:
                pass


def _read(path: Path) -> tuple[Format, bytes]:
    """The reader for ``path`` (by its type, as File > Open picks it) and the file's bytes, size-checked."""
    chosen = reader_for(path)
    return chosen, read_source(path, chosen.max_bytes)


def _machine(chosen: Format, content: bytes, path: Path) -> Machine:
    assert chosen.read is not None
    return chosen.read(content, os.fspath(path))


def open_for_render(path: Path, options: LayoutOptions, cache: OpenCache | None) -> OpenEntry:
    """Machine, analysis and full layout of the file at ``path`` (``explorer render``), cached.

    Problems in the file raise LoadError as :func:`explorer.io.formats.load_machine_file` does.
    """
    chosen, content = _read(path)
    digest = content_hash(content)
    # The same bytes read as another format are another machine: the format is part of the key.
    key = cache.key(digest, options, f"render:{chosen.name}") if cache is not None else None
    if cache is not None and key is not None:
        hit = cache.get(key, digest)
        if hit is not None and hit.layout is not None:
            return hit
    machine = _machine(chosen, content, path)
    layout_cache = LayoutCache(cache.directory) if cache is not None else None
    layout = compute_layout(machine, options, cache=layout_cache)
    entry = OpenEntry(digest, machine, analyse(machine), layout, options)
    if cache is not None and key is not None:
        cache.put(key, entry)
    return entry


@dataclass(frozen=True)
class Opened:
    """A machine file read for the window: the machine, and where its entry is (or goes)."""

    machine: Machine
    #: The cache key of this content (None without a cache).
    key: str | None = None
    content_hash: str | None = None
    #: The cached entry when this open was a hit (its analysis and maybe a layout).
    entry: OpenEntry | None = None


#: The window's entries hold the last full layout with the options it was made
#: with; the key is the content alone, since the options (the language) are
#: only known once the machine is.
WINDOW_OPTIONS = LayoutOptions()


def open_machine(path: Path, cache: OpenCache | None) -> Opened:
    """The machine in the file at ``path`` (any readable format), from ``cache`` when it holds this content.

    Raises LoadError exactly as :func:`explorer.io.formats.load_machine_file` does.
    """
    chosen, content = _read(path)
    if cache is None:
        return Opened(_machine(chosen, content, path))
    digest = content_hash(content)
    key = cache.key(digest, WINDOW_OPTIONS, f"window:{chosen.name}")
    hit = cache.get(key, digest)
    if hit is not None:
        return Opened(hit.machine, key, digest, hit)
    return Opened(_machine(chosen, content, path), key, digest)
