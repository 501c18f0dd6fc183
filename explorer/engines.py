"""The Graphviz layout engines a user may choose, named once for the CLI, the window and the layout.

A module of its own, without imports, so the command line can offer the
choices without loading networkx and Graphviz first (``explorer --help`` stays
fast); :mod:`explorer.layout` is what runs them.
"""

from __future__ import annotations

#: Engines a user may choose; "auto" lets :func:`explorer.layout.plan_layout` decide by size.
ENGINES: tuple[str, ...] = ("auto", "dot", "neato", "fdp", "sfdp", "circo")
