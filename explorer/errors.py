"""The one error tree of State Explorer.

Everything below the entry point raises these (wrapping outside errors with
``from e``); only the CLI and the main window turn them into messages.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Most characters of a user's text (or a program's output) quoted in a message:
#: enough to recognise it, short enough that a 1 MB line makes a short message.
QUOTE_LIMIT = 200


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` cut to about ``limit`` characters, saying how much was left out.

    Every message that quotes input goes through here, so no message grows
    with the input (a file that is one 1 MB line quoted whole froze the window).
    """
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit:,} more characters)"


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)`` for a message, at most about ``limit`` characters of it.

    Long texts are cut before ``repr`` runs, so the cost does not grow with them.
    """
    if isinstance(value, str) and len(value) > limit:
        return f"{value[:limit]!r}… ({len(value) - limit:,} more characters)"
    try:
        shown = repr(value)
    except ValueError:  # an int of more than 4,300 digits has no repr
        return "a number too long to show"
    return shorten(shown, limit)


#: Longest message a Problem keeps: a backstop for messages that quote input
#: without :func:`quote` (several quotes, PyYAML's own wording).
MAX_MESSAGE = 1000


@dataclass(frozen=True)
class Problem:
    """One thing wrong in an input file, at a place a person can find."""

    file: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    column: int  # 1-based; 0 when unknown
    message: str

    def __post_init__(self) -> None:
        if len(self.message) > MAX_MESSAGE:
            object.__setattr__(self, "message", shorten(self.message, MAX_MESSAGE))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


class ExplorerError(Exception):
    """Base of every error State Explorer raises on purpose."""


class LoadError(ExplorerError):
    """A file could not be loaded; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class MachineError(ExplorerError):
    """A machine was built or queried inconsistently (unknown id, ...)."""


class SessionError(ExplorerError):
    """A session was asked to do something the machine does not allow."""


class ScenarioError(ExplorerError):
    """A scenario step does not apply to the machine; names the step."""

    def __init__(self, message: str, step: int | None = None) -> None:
        self.step = step
        super().__init__(message)


class WriteError(ExplorerError):
    """A file for the user could not be written; the file that was there is unchanged.

    ``path`` is the file asked for, ``reason`` what went wrong (disk full,
    permission denied, no such folder, ...) as the operating system said it.
    """

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"cannot write {path}: {reason}")


class LayoutError(ExplorerError):
    """Graphviz failed, was not found, or was cancelled."""


class LayoutCancelled(LayoutError):
    """The user cancelled a layout before it finished."""
