"""The bundled machines and the texts they were made from, shipped as package data.

Not code: ``pyproject.toml`` maps this folder to the package ``explorer._data``
so that :mod:`explorer.resources` finds these files with importlib.resources,
in a wheel and in an editable install alike. This file only makes the folder a
package (the editable install's finder maps regular packages only).
"""
