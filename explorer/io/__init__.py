"""Reading and writing files: the only package that parses input or formats files.

``yamlsafe`` reads YAML safely and with positions; ``machine_yaml`` turns a
machine file into a :class:`~explorer.model.Machine`; ``scenario`` reads and
writes scenario files; ``markdown`` and ``mermaid`` write documents. Every
loader raises :class:`~explorer.errors.LoadError` listing all the problems it
found.
"""
