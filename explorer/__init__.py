"""State Explorer: see and walk through a state machine's transition table.

Layers, each depending only on those before it:
model <- io / analysis / session / layout <- ui <- cli (the entry point).
Only ``explorer.ui`` and the entry point import Qt; only ``explorer.layout``
talks to Graphviz; only ``explorer.io`` parses files.
"""

from __future__ import annotations

from pathlib import Path

#: The version, in one place: pyproject.toml reads it from here.
__version__ = "0.1.0"

#: The machine the program opens when given no file (found lazily, see __getattr__).
BUNDLED_MACHINE: Path


def __getattr__(name: str) -> Path:
    # Looked up on first use, so that importing the package does not touch
    # importlib.resources; explorer.resources is where the file is found.
    if name == "BUNDLED_MACHINE":
        from explorer.resources import bundled_machine

        return bundled_machine()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
