"""The command line's fixed words, marked for ``pyside6-lupdate`` so the catalogue keeps them.

Markdown, the documentation set, Mermaid and ``explorer check`` take their own
words from the UI's translation catalogue (:mod:`explorer.io.catalogue` reads
the ``.ts`` without Qt). lupdate extracts strings only from the code it is
given (``explorer/ui``) and drops the rest with ``-no-obsolete``, so this
module repeats each English word with ``QT_TRANSLATE_NOOP`` in its
document's context. Nothing imports it to run; tests/ui/test_i18n.py checks
that it lists exactly the words of those tables.
"""

from __future__ import annotations

from explorer.ui.i18n import QT_TRANSLATE_NOOP

__all__ = ["MARKED"]

#: (context, English word) of every fixed word of the command line's documents.
MARKED: tuple[tuple[str, str], ...] = (
    # MarkdownWords
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "From {source} to {target}")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "Start: **{state}**")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "→ Status: **{state}**")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "Already in **{state}**; nothing to do.")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "wait {duration}")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "wait for the configured timeout")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "Wait {duration}")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "nothing happens")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "at {clock}")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "Note")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "Final state: **{state}** at {clock}.")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "Expected: **{state}** ✓")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "**Stopped at step {step}:** {message}")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "**Failed:** {message}")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "Scenario")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "States")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "Transitions")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "initial")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "final")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "State")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "Id")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "Kind")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "From")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "To")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "Trigger")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "Actor")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "Timeout")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "Procedure")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "setting")),
    ("MarkdownWords", QT_TRANSLATE_NOOP("MarkdownWords", "⚠ This trigger can also lead to {states}.")),
    # DocumentationWords
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "Overview")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "Defects")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "No defects found.")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "States")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "State")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "initial state")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "final state")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "Ways in")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "Ways out")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "None: only the start leads here.")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "None: the flow ends here.")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "Trigger")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "Actor")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "Timeout")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "Target")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "setting")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "From the start to every end")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "From {source} to {target}")),
    ("DocumentationWords",
     QT_TRANSLATE_NOOP("DocumentationWords", "**{target}** cannot be reached from **{source}**.")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "Ways in and out of {state}")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "No procedure steps are written for this way out.")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "→ Status: **{state}**")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "from {state}")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "Contents")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "⚠ ambiguous")),
    ("DocumentationWords", QT_TRANSLATE_NOOP("DocumentationWords", "{name}: documentation")),
    # MermaidWords
    ("MermaidWords", QT_TRANSLATE_NOOP("MermaidWords", "setting")),
    # CheckWords
    ("CheckWords", QT_TRANSLATE_NOOP("CheckWords", "{states} states, {transitions} transitions, initial: {initial}")),
    ("CheckWords", QT_TRANSLATE_NOOP("CheckWords", "unreachable:")),
    ("CheckWords", QT_TRANSLATE_NOOP("CheckWords", "dead ends:")),
    ("CheckWords", QT_TRANSLATE_NOOP("CheckWords", "traps:")),
    ("CheckWords", QT_TRANSLATE_NOOP("CheckWords", "ambiguous:")),
    ("CheckWords", QT_TRANSLATE_NOOP("CheckWords", "timeouts:")),
    ("CheckWords", QT_TRANSLATE_NOOP("CheckWords", "findings:")),
    ("CheckWords", QT_TRANSLATE_NOOP("CheckWords", "none")),
    ("CheckWords", QT_TRANSLATE_NOOP("CheckWords", "timeout: {duration}")),
    ("CheckWords", QT_TRANSLATE_NOOP("CheckWords", "setting")),
)
