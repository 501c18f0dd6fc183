"""Reading and writing files: the only package that parses input or formats files.

``formats`` is the one entry point for machine files: a table of formats that
picks the reader by extension and content, and names the writers.
``yamlsafe`` reads YAML safely and with positions; ``machine_yaml`` turns a
machine file into a :class:`~explorer.model.Machine` and back, losslessly;
``scenario`` reads and writes scenario files; ``csv_format``, ``scxml``,
``xstate`` and ``mermaid`` read and write the formats people already have
(``formatkit`` is what their readers share); ``dot``, ``plantuml`` and
``markdown`` write documents. Every loader raises :class:`~explorer.errors.LoadError`
listing all the problems it found. Every file written for a person goes
through ``atomic.write_atomic``, so a failed write leaves the old file intact.
Nothing here runs a machine: replay lives in :mod:`explorer.replay`.
"""
