"""CSV and TSV: the transition table as a spreadsheet exports it, one transition per row.

Columns (headers are case-insensitive; only ``from``, ``to`` and a trigger
are required; their order does not matter)::

    id  from  to  trigger  trigger_<lang>...  actor  timeout  steps  steps_<lang>...
    description  description_<lang>...  initial  final

- ``trigger`` is the text in every language; ``trigger_de``, ``trigger_en``
  ... the text in one language. The first ``trigger_<lang>`` column names the
  machine's default language.
- ``steps``: the procedure, one step per line inside the cell, or separated
  by ``;`` when the cell has a single line.
- ``timeout``: a duration (``90s``, ``5 min``, ``00:05:00``) or ``setting``
  (also ``true``) when the duration is a setting.
- ``initial``: ``yes`` on a row makes its ``from`` state the initial one
  (default: the first row's ``from``); ``final``: ``yes`` makes its ``to``
  state final.
- A row with a ``from`` and nothing in ``to`` and the triggers names a state
  (one that no transition touches, say); ``initial``/``final`` then apply to it.
- States are the ids named in ``from`` and ``to``, in order of first
  appearance, labelled with their ids. The machine is named after the file.

The delimiter (comma, semicolon as German Excel writes it, tab, bar) is
taken from the header row; the encoding is UTF-8 (with or without a byte
order mark) or, failing that, cp1252 as Excel writes it. In problems the
column is the cell's position in its row (1 = the spreadsheet's column A).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import PurePath

from explorer.errors import LoadError
from explorer.io.formatkit import (
    Draft,
    MachineBuilder,
    decode,
    did_you_mean,
    ids_are_generated,
    parse_duration,
    text_of,
    timeout_text,
)
from explorer.model import ANY_LANGUAGE, Machine, State, Text, Timeout, Transition

NAME = "csv"
EXTENSIONS = (".csv", ".tsv")
DESCRIPTION = "CSV/TSV table"

#: More columns than this in a row is refused (a million-column line would otherwise be read whole).
MAX_COLUMNS = 1000

_BASE_COLUMNS = ("id", "from", "to", "trigger", "actor", "timeout", "steps", "description", "initial", "final")
#: Columns that may come once per language: ``trigger_de``, ``steps_en``, ...
_PER_LANGUAGE = ("trigger", "steps", "description")
_LANG_COLUMN = re.compile(r"(trigger|steps|description)_([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*)")
_DELIMITERS = (",", ";", "\t", "|")
_YES = frozenset({"yes", "y", "true", "x", "1", "✓", "ja", "j", "wahr"})
_NO = frozenset({"", "no", "n", "false", "0", "nein", "falsch"})
_SETTING = frozenset({"setting", "true", "yes", "einstellung"})


def sniff(head: bytes) -> bool:
    """A first line that names ``from`` and ``to`` columns, separated by a delimiter."""
    first = head.split(b"\n", 1)[0].decode("utf-8", "ignore").lstrip("\ufeff").strip().lower()
    if not any(d in first for d in _DELIMITERS):
        return False
    cells = {c.strip().strip('"') for c in re.split(r"[,;\t|]", first)}
    return {"from", "to"} <= cells


# -- reading ------------------------------------------------------------------------------


def read(data: bytes, filename: str) -> Machine:
    """The machine in a CSV or TSV table; LoadError lists every problem, by row and cell."""
    text = decode(data, filename, "a CSV table", fallback="cp1252")
    return _Reader(filename).read(text)


class _Reader:
    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.b = MachineBuilder(filename)
        self.initial: str | None = None
        self.initial_at = (0, 0)

    def read(self, text: str) -> Machine:
        rows = self._rows(text)
        try:
            header_line, header = next(rows)
        except StopIteration:
            raise self.b.fail(0, 0, "the table has no header row") from None
        columns = self._columns(header, header_line)
        for line, row in rows:
            if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
                self.b.problem(line, len(header) + 1, f"this row has {len(row)} cells but the header only "
                                                      f"{len(header)}")
                continue
            # Step cells keep their line breaks (a trailing one marks a single step with a ';').
            cells = {name: (row[i] if name.startswith("steps") else row[i].strip()) if i < len(row) else ""
                     for name, i in columns.items()}
            if any(cell.strip() for cell in cells.values()):
                self._row(cells, columns, line)
        if self.initial is None and self.b.drafts:
            self.initial = self.b.drafts[0].source
        elif self.initial is None and self.b.states:
            self.initial = next(iter(self.b.states))
        languages = [name.split("_", 1)[1] for name in columns if name.startswith("trigger_")]
        name = PurePath(self.filename).stem or "machine"
        return self.b.build(name, self.initial, language=languages[0] if languages else "en",
                            initial_at=self.initial_at)

    def _rows(self, text: str) -> Iterator[tuple[int, list[str]]]:
        """(line where the row starts, cells) for every row; csv's own errors become problems."""
        first_line = text.split("\n", 1)[0]
        delimiter = max(_DELIMITERS, key=lambda d: (first_line.count(d), -_DELIMITERS.index(d)))
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        start = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as e:
                # The field size limit guards against a gigantic cell (a 1 GB line).
                raise self.b.fail(start, 0, f"the table cannot be read here: {e}") from e
            if len(row) > MAX_COLUMNS:
                raise self.b.fail(start, MAX_COLUMNS + 1, f"this row has {len(row):,} cells; "
                                                          f"the limit is {MAX_COLUMNS:,}")
            yield start, row
            start = reader.line_num + 1

    def _columns(self, header: list[str], line: int) -> dict[str, int]:
        columns: dict[str, int] = {}
        known = [*_BASE_COLUMNS, *(f"{c}_<lang>" for c in _PER_LANGUAGE)]
        for i, raw in enumerate(header):
            name = raw.strip().lower().lstrip("\ufeff")
            if not name:
                continue
            lang = _LANG_COLUMN.fullmatch(name)
            if lang:
                name = f"{lang.group(1)}_{lang.group(2)}"
            elif name not in _BASE_COLUMNS:
                self.b.problem(line, i + 1, f"unknown column {raw.strip()!r}{did_you_mean(name, _BASE_COLUMNS)} "
                                            f"(known columns: {', '.join(known)})")
                continue
            if name in columns:
                self.b.problem(line, i + 1, f"column {name!r} is given twice")
                continue
            columns[name] = i
        for required in ("from", "to"):
            if required not in columns:
                self.b.problem(line, 1, f"the header has no {required!r} column")
        if not any(c == "trigger" or c.startswith("trigger_") for c in columns):
            self.b.problem(line, 1, "the header has no 'trigger' column (or trigger_<lang> columns)")
        if self.b.problems:
            raise LoadError(self.b.problems)
        return columns

    def _text(self, cells: dict[str, str], field: str) -> Text | None:
        return text_of((ANY_LANGUAGE if name == field else name.split("_", 1)[1], value)
                       for name, value in cells.items() if name == field or name.startswith(field + "_"))

    def _flag(self, cells: dict[str, str], field: str, columns: dict[str, int], line: int) -> bool:
        value = cells.get(field, "").casefold()
        if value in _YES:
            return True
        if value not in _NO:
            self.b.problem(line, columns[field] + 1, f"{field} must be yes or no (or empty), not {cells[field]!r}")
        return False

    def _row(self, cells: dict[str, str], columns: dict[str, int], line: int) -> None:
        source, target = cells["from"], cells["to"]
        trigger = self._text(cells, "trigger")
        initial = self._flag(cells, "initial", columns, line) if "initial" in cells else False
        final = self._flag(cells, "final", columns, line) if "final" in cells else False
        if not source:
            self.b.problem(line, columns["from"] + 1, "'from' is empty")
            return
        self.b.ensure_state(source, line)
        if initial:
            self._set_initial(source, line, columns["initial"] + 1)
        if not target and trigger is None:  # a row that names a state
            if final:
                self._make_final(source)
            return
        if not target:
            self.b.problem(line, columns["to"] + 1, "'to' is empty (a row that only names a state has no trigger)")
            return
        self.b.ensure_state(target, line)
        if final:
            self._make_final(target)
        if trigger is None:
            column = min(i for n, i in columns.items() if n == "trigger" or n.startswith("trigger_"))
            self.b.problem(line, column + 1, "the trigger is empty")
            return
        self.b.add(Draft(source=source, target=target, trigger=trigger, line=line, column=columns["from"] + 1,
                         id=cells.get("id") or None, actor=cells.get("actor") or None,
                         steps=self._steps(cells, columns, line), timeout=self._timeout(cells, columns, line),
                         description=self._text(cells, "description")))

    def _set_initial(self, state: str, line: int, column: int) -> None:
        if self.initial is not None and self.initial != state:
            self.b.problem(line, column, f"a second initial state {state!r} (the first is {self.initial!r}, "
                                         f"line {self.initial_at[0]})")
            return
        self.initial, self.initial_at = state, (line, column)

    def _make_final(self, state_id: str) -> None:
        state = self.b.states[state_id]
        self.b.states[state_id] = State(id=state.id, label=state.label, final=True, line=state.line)

    def _timeout(self, cells: dict[str, str], columns: dict[str, int], line: int) -> Timeout | None:
        value = cells.get("timeout", "")
        if not value:
            return None
        if value.casefold() in _SETTING:
            return Timeout(None)
        try:
            return Timeout(parse_duration(value))
        except ValueError as e:
            self.b.problem(line, columns["timeout"] + 1, f"timeout must be a duration or 'setting': {e}")
            return None

    def _steps(self, cells: dict[str, str], columns: dict[str, int], line: int) -> tuple[Text, ...]:
        per_lang: list[tuple[str, list[str]]] = []
        for name, value in cells.items():
            if name == "steps" or name.startswith("steps_"):
                lang = ANY_LANGUAGE if name == "steps" else name.split("_", 1)[1]
                parts = value.splitlines() if "\n" in value else value.split(";")
                steps = [p.strip() for p in parts if p.strip()]
                if steps:
                    per_lang.append((lang, steps))
        if not per_lang:
            return ()
        counts = {len(steps) for _, steps in per_lang}
        if len(counts) > 1:
            shown = ", ".join(f"{lang or 'steps'}: {len(steps)}" for lang, steps in per_lang)
            self.b.problem(line, columns["steps" if "steps" in columns else f"steps_{per_lang[0][0]}"] + 1,
                           f"the steps columns list different numbers of steps ({shown})")
            return ()
        return tuple(Text(tuple((lang, steps[i]) for lang, steps in per_lang)) for i in range(counts.pop()))


# -- writing ------------------------------------------------------------------------------


def write(machine: Machine, lang: str | None = None, delimiter: str = ",") -> str:
    """The machine as a table that :func:`read` reads back (``delimiter="\\t"`` for TSV).

    Every language is written (``lang`` is accepted for the common interface
    and ignored). What a table cannot carry: state labels and descriptions,
    the machine's name (the reader takes the file's) and description, and the
    order of states (they come back in order of first appearance).
    """
    languages = _languages(machine)
    transitions = machine.transitions

    def has(get: object) -> bool:
        return any(get(t) for t in transitions)  # type: ignore[operator]

    def neutral(text: Text | None) -> bool:
        return text is not None and any(k == ANY_LANGUAGE for k, _ in text.values)

    columns = [] if ids_are_generated(machine) else ["id"]
    columns += ["from", "to"]
    if has(lambda t: neutral(t.trigger)) or not languages:
        columns.append("trigger")
    columns += [f"trigger_{x}" for x in languages if has(lambda t, x=x: x in dict(t.trigger.values))]
    if has(lambda t: t.actor):
        columns.append("actor")
    if has(lambda t: t.timeout):
        columns.append("timeout")
    if has(lambda t: any(neutral(s) for s in t.steps)):
        columns.append("steps")
    columns += [f"steps_{x}" for x in languages if has(lambda t, x=x: any(x in dict(s.values) for s in t.steps))]
    if has(lambda t: neutral(t.description)):
        columns.append("description")
    columns += [f"description_{x}" for x in languages
                if has(lambda t, x=x: t.description is not None and x in dict(t.description.values))]

    touched = {s for t in transitions for s in (t.source, t.target)}
    first_source = transitions[0].source if transitions else None
    mark_initial = machine.initial != first_source
    finals = {s.id for s in machine.states if s.final}
    if mark_initial:
        columns.append("initial")
    if finals:
        columns.append("final")

    rows: list[dict[str, str]] = []
    initial_marked = False
    for t in transitions:
        row = _transition_row(t)
        if mark_initial and not initial_marked and t.source == machine.initial:
            row["initial"], initial_marked = "yes", True
        if t.target in finals:
            row["final"] = "yes"
        rows.append(row)
    incoming = {t.target for t in transitions}
    for state in machine.states:
        # A state row for what no transition names, or a mark no transition row can carry.
        needs_initial = mark_initial and not initial_marked and state.id == machine.initial
        needs_final = state.final and state.id not in incoming
        if state.id not in touched or needs_initial or needs_final:
            row = {"from": state.id}
            if needs_initial:
                row["initial"], initial_marked = "yes", True
            if state.final:
                row["final"] = "yes"
            rows.append(row)
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue()


def _languages(machine: Machine) -> list[str]:
    """Every language a transition text is given in, the machine's default language first."""
    seen: dict[str, None] = {}
    for t in machine.transitions:
        for text in (t.trigger, *t.steps, *((t.description,) if t.description else ())):
            for lang, _ in text.values:
                if lang != ANY_LANGUAGE:
                    seen[lang] = None
    langs = list(seen)
    if machine.language in seen:
        langs.remove(machine.language)
        langs.insert(0, machine.language)
    return langs


def _transition_row(t: Transition) -> dict[str, str]:
    row = {"id": t.id, "from": t.source, "to": t.target, "actor": t.actor or ""}
    for lang, value in t.trigger.values:
        row["trigger" if lang == ANY_LANGUAGE else f"trigger_{lang}"] = value
    if t.timeout is not None:
        row["timeout"] = timeout_text(t.timeout)
    keys = dict.fromkeys(lang for s in t.steps for lang, _ in s.values)
    for lang in keys:
        # A line break inside a step would make two steps; it becomes a space.
        lines = [" ".join(dict(s.values).get(lang, "").splitlines()) for s in t.steps]
        cell = "\n".join(lines)
        if len(lines) == 1 and ";" in cell:
            cell += "\n"  # one step with a ';' in it: a line break keeps the reader from splitting it
        row["steps" if lang == ANY_LANGUAGE else f"steps_{lang}"] = cell
    if t.description is not None:
        for lang, value in t.description.values:
            row["description" if lang == ANY_LANGUAGE else f"description_{lang}"] = value
    return row
