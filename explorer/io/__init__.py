"""Reading files: the only package that parses input.

``yamlsafe`` reads YAML safely and with positions; ``machine_yaml`` turns a
machine file into a :class:`~explorer.model.Machine`. Every loader raises
:class:`~explorer.errors.LoadError` listing all the problems it found.
"""
