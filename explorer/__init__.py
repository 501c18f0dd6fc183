"""State Explorer: see and walk through a state machine's transition table.

Layers, each depending only on those before it:
model <- io / analysis / session / layout <- ui <- cli (the entry point).
Only ``explorer.ui`` and the entry point import Qt; only ``explorer.layout``
talks to Graphviz; only ``explorer.io`` parses files.
"""

from pathlib import Path

__version__ = "0.1.0"

#: The machine the program opens when given no file.
BUNDLED_MACHINE = Path(__file__).resolve().parent.parent / "data" / "rescue_session_status.yaml"
