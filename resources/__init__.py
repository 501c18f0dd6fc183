"""Style sheets, the icon, the desktop file and translations, shipped as package data.

Not code: ``pyproject.toml`` maps this folder to the package
``explorer._resources`` so that :mod:`explorer.resources` finds these files
with importlib.resources, in a wheel and in an editable install alike. This
file only makes the folder a package (the editable install's finder maps
regular packages only).
"""
