"""What the program ships that is not code: bundled machines, style sheets, palettes, icons.

The files live in the repository's top-level ``data/`` and ``resources/``
folders. ``pyproject.toml`` maps those folders to the packages
``explorer._data`` and ``explorer._resources``, so an installed wheel carries
them inside ``explorer/`` and an editable install finds them where they are.
Either way this module reaches them through :mod:`importlib.resources`, never
through a path computed from the source tree, and it is the only module that
does. It imports no Qt: the ui asks it for paths and text and makes the Qt
objects itself.
"""

from __future__ import annotations

import atexit
import json
from contextlib import ExitStack
from functools import cache
from importlib.resources import as_file, files
from importlib.resources.abc import Traversable
from pathlib import Path
from string import Template

#: The package that holds ``data/``: the bundled machines and their sources.
DATA_PACKAGE = "explorer._data"
#: The package that holds ``resources/``: style sheets, icons, desktop file, translations.
RESOURCES_PACKAGE = "explorer._resources"

#: The machine the program opens when given no file.
DEFAULT_MACHINE = "rescue_session_status.yaml"
#: The application's name on the desktop: the icon's and the desktop file's base name.
APP_ID = "state-explorer"
#: The sizes the icon is drawn at, as PNG files beside the SVG.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)

# Files inside a zipped install are extracted once and kept until the program ends.
_extracted = ExitStack()
atexit.register(_extracted.close)


def _root(package: str) -> Traversable:
    try:
        return files(package)
    except ModuleNotFoundError as e:
        # An editable install made before data/ and resources/ became packages.
        raise ModuleNotFoundError(
            f"{package} is missing: reinstall State Explorer (pip install -e . or make test)"
        ) from e


def _path(resource: Traversable) -> Path:
    """A real file path for a resource (it already is one unless the install is zipped)."""
    if isinstance(resource, Path):
        return resource
    return _extracted.enter_context(as_file(resource))


def bundled_machine() -> Path:
    """The machine the program opens when given no file."""
    return _path(_root(DATA_PACKAGE) / DEFAULT_MACHINE)


def bundled_machines() -> tuple[Path, ...]:
    """Every machine shipped with the program, by file name."""
    found = [item for item in _root(DATA_PACKAGE).iterdir() if item.is_file() and item.name.endswith(".yaml")]
    return tuple(_path(item) for item in sorted(found, key=lambda item: item.name))


def stylesheet(name: str, values: dict[str, object]) -> str:
    """The Qt style sheet ``resources/<name>.qss`` with its ``$placeholders`` filled in.

    Every placeholder must have a value: a missing one raises KeyError rather
    than leaving a rule Qt would silently ignore.
    """
    text = (_root(RESOURCES_PACKAGE) / f"{name}.qss").read_text(encoding="utf-8")
    return Template(text).substitute(values)


#: The palettes ``resources/palette.<name>.json`` holds.
PALETTES = ("light", "dark")


@cache
def palette(name: str) -> dict[str, str]:
    """The colours of palette ``name`` (``resources/palette.<name>.json``): colour name -> Qt colour text.

    Keys starting with ``_`` are notes for the reader, left out here.
    """
    if name not in PALETTES:
        raise ValueError(f"unknown palette {name!r} (one of {', '.join(PALETTES)})")
    text = (_root(RESOURCES_PACKAGE) / f"palette.{name}.json").read_text(encoding="utf-8")
    return {key: value for key, value in json.loads(text).items() if not key.startswith("_")}


@cache
def icon_pngs() -> tuple[Path, ...]:
    """The application icon as PNG files, one per size of :data:`ICON_SIZES`, small to large."""
    icons = _root(RESOURCES_PACKAGE) / "icons"
    return tuple(_path(icons / f"{APP_ID}-{size}.png") for size in ICON_SIZES)


def icon_svg() -> Path:
    """The application icon as drawn: the SVG the PNG files are rendered from."""
    return _path(_root(RESOURCES_PACKAGE) / "icons" / f"{APP_ID}.svg")


def desktop_file() -> Path:
    """The freedesktop ``.desktop`` entry, for installing the program into a menu."""
    return _path(_root(RESOURCES_PACKAGE) / f"{APP_ID}.desktop")


def translations_dir() -> Path:
    """Where the Qt translations of the UI are: ``state_explorer_<lang>.ts`` and its compiled ``.qm``."""
    return _path(_root(RESOURCES_PACKAGE) / "i18n")
