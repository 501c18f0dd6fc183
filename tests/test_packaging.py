"""The wheel, built from the project and installed into a fresh venv, works on its own.

Once per module: copy what the wheel is built from (package, data/, resources/,
pyproject.toml, README, LICENSE) to a temporary folder, build the wheel there
with ``pip wheel --no-build-isolation`` (offline, a few seconds), create a venv
without pip and install the wheel into it with ``pip --python``. The programs
then run with that venv's Python, from the temporary folder, without
PYTHONPATH, so nothing can come from the source tree.

The dependencies (PySide6, networkx, graphviz, PyYAML, defusedxml) are not downloaded
again: a ``.pth`` file lets the fresh venv see the folders where the test
environment has them installed. Python does not run the ``.pth``
files of a folder added that way, so the editable install of the project
living there stays switched off; a test checks that ``explorer`` is imported
from the fresh venv, and another that the wheel's declared dependencies are
the ones the test environment satisfies.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from email.parser import Parser
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

import explorer
from explorer import resources
from explorer.cli import main

ROOT = Path(__file__).resolve().parents[1]
#: What the wheel is built from; nothing else of the checkout is copied.
BUILD_INPUTS = ("explorer", "data", "resources", "pyproject.toml", "README.md", "LICENSE")


@dataclass(frozen=True)
class Installed:
    """A fresh venv with the wheel installed."""

    wheel: Path
    venv: Path
    #: A working folder outside the checkout, used as cwd and for settings and caches.
    home: Path

    @property
    def bin(self) -> Path:
        return self.venv / "bin"

    @property
    def site_packages(self) -> Path:
        return Path(self.run("python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
        env.update(QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(self.home / "config"),
                   XDG_CACHE_HOME=str(self.home / "cache"), PYTHONDONTWRITEBYTECODE="1")
        return env

    def run(self, program: str, *args: str, check: bool = True) -> str:
        proc = subprocess.run([str(self.bin / program), *args], cwd=self.home, env=self.env(),
                              capture_output=True, text=True, timeout=120)
        if check:
            assert proc.returncode == 0, proc.stderr
            assert "Traceback" not in proc.stderr, proc.stderr
        return proc.stdout


def _copy_build_inputs(target: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in BUILD_INPUTS:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=ignore)
        else:
            shutil.copy2(source, target / name)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("wheel")
    source, dist, venv, home = base / "source", base / "dist", base / "venv", base / "home"
    home.mkdir()
    _copy_build_inputs(source)
    quiet = {"capture_output": True, "text": True, "timeout": 300}
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                            "--no-index", "-w", str(dist), str(source)], **quiet)
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel,) = dist.glob("state_explorer-*.whl")
    made = subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], **quiet)
    assert made.returncode == 0, made.stderr
    added = subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"), "install",
                            "--no-deps", "--no-index", str(wheel)], **quiet)
    assert added.returncode == 0, added.stdout + added.stderr
    result = Installed(wheel, venv, home)
    # Written after the wheel is installed, so pip never saw the test environment's
    # editable install of the project.
    folders = _dependency_folders(_runtime_requirements(wheel))
    (result.site_packages / "_test_dependencies.pth").write_text("\n".join(folders) + "\n", encoding="utf-8")
    return result


def _runtime_requirements(wheel: Path) -> list[Requirement]:
    """The wheel's dependencies, without those of its extras."""
    meta = Parser().parsestr(_wheel_text(wheel, ".dist-info/METADATA"))
    return [r for r in map(Requirement, meta.get_all("Requires-Dist")) if r.marker is None]


def _dependency_folders(requirements: list[Requirement]) -> list[str]:
    """Where the test environment has these distributions and theirs installed."""
    folders: set[str] = set()
    todo, seen = list(requirements), set()
    while todo:
        requirement = todo.pop()
        if requirement.name.lower() in seen:
            continue
        seen.add(requirement.name.lower())
        distribution = metadata.distribution(requirement.name)
        folders.add(str(distribution.locate_file("")))
        todo += [r for r in map(Requirement, distribution.requires or []) if r.marker is None]
    return sorted(folders)


def _wheel_names(wheel: Path) -> set[str]:
    with zipfile.ZipFile(wheel) as archive:
        return set(archive.namelist())


def _wheel_text(wheel: Path, suffix: str) -> str:
    with zipfile.ZipFile(wheel) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(suffix)]
        return archive.read(name).decode("utf-8")


# -- what the wheel holds -------------------------------------------------------------


def test_the_wheel_holds_every_module_of_the_package(installed: Installed) -> None:
    names = _wheel_names(installed.wheel)
    package = ROOT / "explorer"
    modules = {p.relative_to(ROOT).as_posix() for p in package.rglob("*.py") if "__pycache__" not in p.parts}
    assert modules and modules <= names, f"missing from the wheel (list them in pyproject.toml): {modules - names}"
    assert "explorer/py.typed" in names


def test_the_wheel_holds_data_and_resources(installed: Installed) -> None:
    names = _wheel_names(installed.wheel)
    shipped = {
        "explorer/_data": ROOT / "data",
        "explorer/_resources": ROOT / "resources",
    }
    for prefix, folder in shipped.items():
        files = {f"{prefix}/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*")
                 if p.is_file() and "__pycache__" not in p.parts}
        assert files <= names, f"missing from the wheel: {files - names}"
    assert "explorer/_data/rescue_session_status.yaml" in names
    assert "explorer/_data/sources/rescue_session_status.de.txt" in names
    assert "explorer/_resources/session_panel.qss" in names
    assert "explorer/_resources/state-explorer.desktop" in names
    assert "explorer/_resources/icons/state-explorer.svg" in names
    assert {f"explorer/_resources/icons/state-explorer-{n}.png" for n in resources.ICON_SIZES} <= names
    assert "explorer/_resources/i18n/README.md" in names


def test_the_wheel_carries_licence_version_urls_and_entry_points(installed: Installed) -> None:
    names = _wheel_names(installed.wheel)
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    meta = Parser().parsestr(_wheel_text(installed.wheel, ".dist-info/METADATA"))
    assert meta["Version"] == explorer.__version__
    assert meta["License-Expression"] == "MIT"
    assert meta.get_all("Project-URL") and meta.get_all("Classifier")
    entry_points = _wheel_text(installed.wheel, ".dist-info/entry_points.txt")
    assert "[console_scripts]\nexplorer = explorer.cli:main" in entry_points
    assert "[gui_scripts]\nstate-explorer = explorer.cli:gui_main" in entry_points


def test_the_declared_dependencies_are_the_ones_borrowed_from_the_test_environment(installed: Installed) -> None:
    runtime = _runtime_requirements(installed.wheel)
    assert {r.name.lower() for r in runtime} == {"pyside6-essentials", "networkx", "graphviz", "pyyaml", "defusedxml"}
    for requirement in runtime:
        assert requirement.specifier.contains(metadata.version(requirement.name)), requirement


# -- running it -----------------------------------------------------------------------


def test_the_installed_package_is_imported_from_the_venv(installed: Installed) -> None:
    where = json.loads(installed.run("python", "-c", (
        "import json, explorer; from explorer import BUNDLED_MACHINE, resources; "
        "print(json.dumps([explorer.__file__, str(BUNDLED_MACHINE), str(resources.desktop_file())]))"
    )))
    site = installed.site_packages
    for path in where:
        assert Path(path).is_relative_to(site), path
        assert not Path(path).is_relative_to(ROOT), path
    assert Path(where[1]).name == "rescue_session_status.yaml"


def test_explorer_check_on_the_bundled_machine(installed: Installed, capsys: pytest.CaptureFixture[str]) -> None:
    bundled = installed.run("python", "-c", "from explorer import BUNDLED_MACHINE; print(BUNDLED_MACHINE)").strip()
    out = installed.run("explorer", "check", bundled)
    assert "14 states, 62 transitions" in out
    # The same report as the source tree gives (findings name the file they are in).
    assert main(["check", str(explorer.BUNDLED_MACHINE)]) == 0
    assert out.replace(bundled, "MACHINE") == capsys.readouterr().out.replace(str(explorer.BUNDLED_MACHINE), "MACHINE")
    transitions = json.loads(installed.run("explorer", "check", bundled, "--json"))["transitions"]
    assert len(transitions) == 62


#: Runs the real entry point (``explorer`` with no file) and reports what the window shows.
WINDOW_PROBE = """
import json
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from explorer.cli import main
from explorer.ui.app import make_app
from explorer.ui.main_window import MainWindow
from explorer.ui.session_panel import SessionPanel

app = make_app()
report = {}

def probe():
    windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    if not windows or windows[0].layout is None:
        return  # not drawn yet
    window = windows[0]
    report.update(
        path=str(window.path), name=window.machine.name, transitions=len(window.machine.transitions),
        icon_sizes=sorted(s.width() for s in window.windowIcon().availableSizes()),
        panel_style=window.findChild(SessionPanel).styleSheet(),
    )
    app.quit()

timer = QTimer()
timer.timeout.connect(probe)
timer.start(50)
QTimer.singleShot(60_000, app.quit)  # a hang fails below instead of blocking the suite
code = main([])
print(json.dumps({"code": code, **report}))
"""


def test_the_window_opens_the_bundled_machine(installed: Installed) -> None:
    report = json.loads(installed.run("python", "-c", WINDOW_PROBE).strip().splitlines()[-1])
    assert report["code"] == 0
    assert "transitions" in report, "the window drew nothing within a minute"
    assert report["transitions"] == 62
    assert Path(report["path"]).is_relative_to(installed.site_packages)
    assert report["name"] == "Rescue-Technikerkonsole: Sitzungsstatus"
    assert report["icon_sizes"] == list(resources.ICON_SIZES)
    assert "QLabel#caption" in report["panel_style"] and "$" not in report["panel_style"]


def test_a_closed_pipe_is_no_traceback(installed: Installed) -> None:
    bundled = installed.run("python", "-c", "from explorer import BUNDLED_MACHINE; print(BUNDLED_MACHINE)").strip()
    # The reader is gone before the program writes: its first write fails for sure.
    with subprocess.Popen([str(installed.bin / "explorer"), "check", bundled], cwd=installed.home,
                          env=installed.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == 1  # as Python's documentation advises for EPIPE
    assert err == ""


def test_explorer_check_piped_into_head(installed: Installed) -> None:
    bundled = installed.run("python", "-c", "from explorer import BUNDLED_MACHINE; print(BUNDLED_MACHINE)").strip()
    with subprocess.Popen([str(installed.bin / "explorer"), "check", bundled], cwd=installed.home,
                          env=installed.env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE) as check:
        assert check.stdout is not None and check.stderr is not None
        head = subprocess.run(["head", "-1"], stdin=check.stdout, capture_output=True, text=True, timeout=60)
        check.stdout.close()
        err = check.stderr.read().decode()
        check.wait(timeout=60)
    assert head.stdout == "Rescue-Technikerkonsole: Sitzungsstatus\n"
    assert "Traceback" not in err and "BrokenPipe" not in err
