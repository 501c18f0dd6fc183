"""The file formats State Explorer reads and writes, and the one way to load a machine file.

Every place that opens a machine (the CLI's commands, the window's File >
Open, drag and drop, recent files, reload, the background loader, the bench)
calls :func:`load_machine_file`; every place that exports a machine as text
looks its writer up here by name. :data:`FORMATS` is the table: one row per
format, with its name (as ``explorer export -f`` and ``explorer convert -f``
spell it), its file extensions, a sniffer that recognises its content, the
size it is read up to, and a reader and/or a writer. Adding a format is one
new row (a module with ``NAME``, ``EXTENSIONS``, ``DESCRIPTION``,
``sniff``, ``read``, ``write``); the CLI, the dialogs' file filters, the
window's drop and reload and the loaders all follow the table.

How a file's reader is chosen (:func:`reader_for`): by extension first (a
``.yaml`` file is read as YAML even if it is broken, so that its errors are
YAML errors with positions); a file whose extension no reader claims is
recognised by the start of its content, the strict sniffers first (SCXML's
root element, XState's ``"states"``, Mermaid's ``stateDiagram``, a CSV
header with ``from`` and ``to``) and YAML's loose one (``key:``) last; when
nothing fits, one :class:`~explorer.errors.LoadError` names the file and the
formats known.

The table is cheap to import: a format's module (and what it pulls in, such
as the XML parser, which alone imports urllib and http.client) is imported
the first time that format reads, writes or sniffs, so opening a YAML file
never loads the SCXML reader (issue 13). The rows repeat each module's
``NAME``, ``EXTENSIONS`` and ``DESCRIPTION``; a test checks that they agree.
"""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from explorer.errors import LoadError, Problem
from explorer.io import limits
from explorer.model import Machine

#: How much of a file the sniffers look at.
SNIFF_BYTES = 4096
#: The size limit of YAML machines (:data:`explorer.io.yamlsafe.MAX_BYTES`) and of the
#: other formats (:data:`explorer.io.formatkit.MAX_BYTES`), repeated here so that the
#: table imports no reader (a test checks that they agree).
YAML_MAX_BYTES = 32 * 1024 * 1024
FORMAT_MAX_BYTES = 64 * 1024 * 1024


class MachineReader(Protocol):
    """Reads a whole file's bytes (``filename`` names it in problems); raises LoadError."""

    def __call__(self, data: bytes, filename: str) -> Machine: ...


class MachineWriter(Protocol):
    """Writes a machine as text; ``lang`` chooses the labels where the format holds one language.

    ``filename`` is the file the text is for, when known: a format with
    variants chosen by extension (CSV's ``.tsv``) follows it.
    """

    def __call__(self, machine: Machine, *, lang: str | None = None, filename: str | None = None) -> str: ...


@dataclass(frozen=True)
class Format:
    """One file format: how to recognise it, read it and write it."""

    #: The short name used on the command line (``explorer export -f NAME``).
    name: str
    #: What a person calls it, as file dialogs show it.
    title: str
    #: Lower-case file name endings with their dot, the preferred one first.
    extensions: tuple[str, ...]
    #: Reads a machine from the file's bytes; None for formats that are only written.
    read: MachineReader | None = None
    #: Writes a machine as text; None for formats that are only read.
    write: MachineWriter | None = None
    #: True when the first :data:`SNIFF_BYTES` of a file look like this format
    #: (used only when the extension says nothing).
    sniff: Callable[[bytes], bool] | None = None
    #: Files larger than this are refused before they are read.
    max_bytes: int = FORMAT_MAX_BYTES
    #: A loose sniffer (YAML's ``key:``), tried after the strict ones.
    loose_sniff: bool = False

    @property
    def dialog_filter(self) -> str:
        """This format as one Qt file dialog filter: ``YAML machine (*.yaml *.yml)``."""
        return f"{self.title} ({' '.join('*' + e for e in self.extensions)})"

    def matches_name(self, filename: str) -> bool:
        return filename.lower().endswith(self.extensions)


def _looks_like_yaml_machine(head: bytes) -> bool:
    """A YAML mapping: the first line that is not blank or a comment is ``key:`` or a document start."""
    text = head.decode("utf-8", "replace").lstrip("\ufeff")
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith(("%YAML", "---")):
            return True
        return re.match(r"(\"[^\"]*\"|'[^']*'|\w[\w .-]*):(\s|$)", stripped) is not None
    return False


def _module(name: str):  # noqa: ANN202 - a module of explorer.io
    """``explorer.io.<name>``, imported on first use."""
    return importlib.import_module(f"explorer.io.{name}")


def _read_yaml(data: bytes, filename: str) -> Machine:
    return _module("machine_yaml").load_machine_text(data, filename)


def _write_yaml(machine: Machine, *, lang: str | None = None, filename: str | None = None) -> str:
    return _module("machine_yaml").dump_machine(machine, lang=lang)


def _write_markdown(machine: Machine, *, lang: str | None = None, filename: str | None = None) -> str:
    return _module("markdown").machine_markdown(machine, lang=lang)


def _write_csv(machine: Machine, *, lang: str | None = None, filename: str | None = None) -> str:
    tab = filename is not None and filename.lower().endswith(".tsv")
    return _module("csv_format").write(machine, lang, delimiter="\t" if tab else ",")


def _lazy_row(module: str, name: str, title: str, extensions: tuple[str, ...], *, readable: bool,
              write: MachineWriter | None = None) -> Format:
    """The row of the format module ``explorer.io.<module>`` (``NAME``, ``DESCRIPTION``, ``EXTENSIONS``
    repeated here); its ``read``, ``sniff`` and ``write`` import the module when first called."""

    def read(data: bytes, filename: str) -> Machine:
        return _module(module).read(data, filename)

    def sniff(head: bytes) -> bool:
        return bool(_module(module).sniff(head))

    def write_text(machine: Machine, *, lang: str | None = None, filename: str | None = None) -> str:
        return _module(module).write(machine, lang)

    return Format(name, title, extensions, read=read if readable else None, write=write or write_text,
                  sniff=sniff if readable else None)


#: Every format, in the order file dialogs list them.
FORMATS: tuple[Format, ...] = (
    Format("yaml", "YAML machine", (".yaml", ".yml"), read=_read_yaml, write=_write_yaml,
           sniff=_looks_like_yaml_machine, max_bytes=YAML_MAX_BYTES, loose_sniff=True),
    _lazy_row("csv_format", "csv", "CSV/TSV table", (".csv", ".tsv"), readable=True, write=_write_csv),
    _lazy_row("scxml", "scxml", "SCXML state chart", (".scxml",), readable=True),
    _lazy_row("xstate", "xstate", "XState machine JSON", (".json",), readable=True),
    _lazy_row("mermaid", "mermaid", "Mermaid state diagram", (".mmd", ".mermaid"), readable=True),
    _lazy_row("dot", "dot", "Graphviz DOT", (".dot", ".gv"), readable=False),
    _lazy_row("plantuml", "plantuml", "PlantUML state diagram", (".puml", ".plantuml"), readable=False),
    Format("markdown", "Markdown", (".md", ".markdown"), write=_write_markdown),
)

#: The module behind each row that has one (``explorer.io.<module>``), by format name.
FORMAT_MODULES: dict[str, str] = {"csv": "csv_format", "scxml": "scxml", "xstate": "xstate", "mermaid": "mermaid",
                                  "dot": "dot", "plantuml": "plantuml"}


def format_names(*, readable: bool = False, writable: bool = False) -> tuple[str, ...]:
    """The names of the formats (only those that can be read / written, when asked)."""
    return tuple(f.name for f in FORMATS
                 if (not readable or f.read is not None) and (not writable or f.write is not None))


def format_named(name: str) -> Format:
    """The format called ``name`` (case-insensitive); KeyError lists the names known."""
    for f in FORMATS:
        if f.name == name.lower():
            return f
    raise KeyError(f"no format {name!r}; known formats: {', '.join(format_names())}")


def _readable() -> tuple[Format, ...]:
    return tuple(f for f in FORMATS if f.read is not None)


def _known_formats_text() -> str:
    return "; ".join(f"{f.title} ({', '.join(f.extensions)})" for f in _readable())


def reader_for(path: str | os.PathLike[str], data: bytes | None = None) -> Format:
    """The format to read ``path`` with: by extension, else by its content.

    ``data`` is the file's content (or its start) when it has already been
    read; otherwise the start of the file is read for sniffing. Raises
    LoadError naming the file and the formats known when nothing fits.
    """
    filename = os.fspath(path)
    for f in _readable():
        if f.matches_name(filename):
            return f
    head = data[:SNIFF_BYTES] if data is not None else _head(filename)
    for f in sorted(_readable(), key=lambda f: f.loose_sniff):
        if f.sniff is not None and f.sniff(head):
            return f
    suffix = os.path.splitext(filename)[1]
    said = f"its extension {suffix!r} is not one State Explorer reads" if suffix else "it has no extension"
    raise LoadError([Problem(filename, 0, 0,
                             f"cannot tell what kind of machine file this is: {said}, and its content does not "
                             f"look like any format State Explorer knows. Known formats: {_known_formats_text()}")])


def _head(filename: str) -> bytes:
    try:
        with open(filename, "rb") as f:
            return f.read(SNIFF_BYTES)
    except OSError as e:
        raise LoadError([Problem(filename, 0, 0, f"cannot read the file: {e.strerror or e}")]) from e


def read_source(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of a file, refusing to read more than ``max_bytes`` (:func:`explorer.io.limits.read_source`).

    No reader is imported for it: a reopen from the open cache, which reads
    the file only to hash it, does not import the YAML reader (and PyYAML).
    """
    return limits.read_source(path, max_bytes)


def load_machine_file(path: str | os.PathLike[str], format: str | None = None) -> Machine:
    """The machine in the file at ``path``, read by the reader for its type (or by ``format``).

    Every problem is reported in one LoadError with file, line and column;
    files above the size limit are refused before they are read.
    """
    filename = os.fspath(path)
    chosen = reader_for(filename) if format is None else _reader_named(format, filename)
    assert chosen.read is not None
    return chosen.read(read_source(filename, chosen.max_bytes), filename)


def load_machine_data(data: bytes | str, filename: str, format: str | None = None) -> Machine:
    """The machine in ``data``, read as the file ``filename`` would be (its extension, else its content)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    if format is None:
        chosen = reader_for(filename, raw)
    else:
        chosen = _reader_named(format, filename)
    assert chosen.read is not None
    return chosen.read(raw, filename)


def _reader_named(name: str, filename: str) -> Format:
    try:
        chosen = format_named(name)
    except KeyError as e:
        raise LoadError([Problem(filename, 0, 0, str(e.args[0]))]) from None
    if chosen.read is None:
        raise LoadError([Problem(filename, 0, 0, f"State Explorer can write {chosen.title} but not read it; "
                                                 f"formats it reads: {', '.join(format_names(readable=True))}")])
    return chosen


def writer_for(path: str | os.PathLike[str]) -> Format | None:
    """The writable format whose extension ``path`` has, or None."""
    filename = os.fspath(path)
    return next((f for f in FORMATS if f.write is not None and f.matches_name(filename)), None)


def open_dialog_filters() -> str:
    """The filters of File > Open: every readable format together, each alone (when several), all files."""
    readable = _readable()
    every = " ".join("*" + e for f in readable for e in f.extensions)
    filters = [f"Machines ({every})"]
    if len(readable) > 1:
        filters += [f.dialog_filter for f in readable]
    filters.append("All files (*)")
    return ";;".join(filters)


def machine_extensions() -> tuple[str, ...]:
    """Every extension a machine file can have (drag and drop, watchers)."""
    return tuple(e for f in _readable() for e in f.extensions)
