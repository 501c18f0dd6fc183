"""Shared test set-up: headless Qt, a home of the run's own, the bundled machine, small machines.

``QT_QPA_PLATFORM`` and the home must be set before anything imports Qt or
asks where the cache is, which is why they are the first thing this file does
(pytest imports conftest before test modules).
"""

from __future__ import annotations

import os
import shutil
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: The test run's home: HOME and the XDG folders point here, so the layout
#: cache, QSettings and anything a program started by a test writes (the CLI,
#: the real window) stay out of the user's home. Removed when the run ends.
TEST_HOME = tempfile.mkdtemp(prefix="explorer-tests-home-")
for _variable, _folder in (("HOME", ""), ("XDG_CACHE_HOME", ".cache"), ("XDG_CONFIG_HOME", ".config"),
                           ("XDG_DATA_HOME", ".local/share"), ("XDG_STATE_HOME", ".local/state")):
    os.environ[_variable] = os.path.join(TEST_HOME, _folder) if _folder else TEST_HOME
# Hypothesis (tests/io/test_fuzz.py) keeps caches; in the run's home, not the working tree.
os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = os.path.join(TEST_HOME, ".hypothesis")

from collections.abc import Callable, Iterable, Iterator, Mapping  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402

from explorer.model import Machine, State, Text, Timeout, Transition, generate_transition_id  # noqa: E402

#: The repository root, found from this file so tests run from any directory.
ROOT = Path(__file__).resolve().parents[1]
#: The machine the program opens by default.
BUNDLED_MACHINE = ROOT / "data" / "rescue_session_status.yaml"
#: Fixture files of the tests.
FIXTURES = Path(__file__).resolve().parent / "fixtures"
#: Pictures tests write so a person can look at them (gitignored).
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


@pytest.fixture(scope="session", autouse=True)
def qt_test_paths() -> Iterator[Path]:
    """Qt's standard paths in test mode (``~/.qttest/...``, inside :data:`TEST_HOME`) for the whole run."""
    from PySide6.QtCore import QStandardPaths

    QStandardPaths.setTestModeEnabled(True)
    yield Path(TEST_HOME)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(TEST_HOME, ignore_errors=True)


@pytest.fixture(scope="session")
def bundled_machine() -> Machine:
    """The technician-console machine from data/, loaded by the real loader."""
    from explorer.io.machine_yaml import load_machine

    return load_machine(BUNDLED_MACHINE)


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


#: One transition for :func:`make_machine`: (source, target, trigger) or
#: (source, target, trigger, extra) where extra holds Transition keyword
#: arguments (``timeout`` may be given as seconds, or True for a setting).
TransitionSpec = tuple[str, str, str] | tuple[str, str, str, Mapping[str, Any]]


def make_machine(
    transitions: Iterable[TransitionSpec],
    *,
    initial: str | None = None,
    finals: Iterable[str] = (),
    states: Iterable[str] = (),
    labels: Mapping[str, str | Mapping[str, str]] | None = None,
    name: str = "test machine",
    language: str = "en",
) -> Machine:
    """A small machine from a list of edges; states are created as they appear.

    Labels default to the capitalised id; ``labels`` overrides them (a plain
    string or a language mapping). ``states`` adds states no edge mentions.
    """
    specs = list(transitions)
    order: list[str] = []
    for sid in [*(s for spec in specs for s in spec[:2]), *states]:
        if sid not in order:
            order.append(sid)
    labels = labels or {}
    final_ids = set(finals)
    built_states = tuple(
        State(id=sid, label=Text.of(labels.get(sid, sid.capitalize())), final=sid in final_ids)
        for sid in order
    )
    built: list[Transition] = []
    for spec in specs:
        source, target, trigger = spec[0], spec[1], spec[2]
        extra = dict(spec[3]) if len(spec) > 3 else {}  # type: ignore[misc]
        timeout = extra.pop("timeout", None)
        if timeout is True:
            extra["timeout"] = Timeout(None)
        elif timeout is not None:
            extra["timeout"] = Timeout(float(timeout))
        if "steps" in extra:
            extra["steps"] = tuple(Text.of(s) for s in extra["steps"])
        tid = extra.pop("id", None) or generate_transition_id(source, target, (t.id for t in built))
        built.append(Transition(id=tid, source=source, target=target, trigger=Text.of(trigger), **extra))
    return Machine(
        name=name,
        initial=initial or order[0],
        states=built_states,
        transitions=tuple(built),
        language=language,
    )


@pytest.fixture
def machine_factory() -> Callable[..., Machine]:
    """:func:`make_machine`, for tests that build their own small machines."""
    return make_machine


class _FullDiskOs:
    """``os`` as :mod:`explorer.io.atomic` sees it on a disk with ``room`` bytes left."""

    def __init__(self, room: int) -> None:
        self.room = room
        self.failed_writes = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def write(self, fd: int, data: Any) -> int:
        import errno

        if self.room <= 0:
            self.failed_writes += 1
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written = os.write(fd, bytes(data[: self.room]))
        self.room -= written
        return written


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> _FullDiskOs:
    """User files written while this is active hit a full disk after 8 KiB (ENOSPC), as in issue 9.

    Only the atomic writer's view of ``os`` is patched, so pytest, Qt and
    Graphviz write as usual.
    """
    from explorer.io import atomic

    fake = _FullDiskOs(8 * 1024)
    monkeypatch.setattr(atomic, "os", fake)
    return fake


# -- fake Graphviz ---------------------------------------------------------------------------

#: What a fake ``dot`` prints on stdout for each fault that is about its output.
FAKE_DOT_OUTPUTS: dict[str, bytes] = {
    "garbage": b"this is not JSON \x01\x02 at all\n",
    "wrong_shape": b'{"bb": "0,0,100,100", "objects": {"a": 1}, "edges": []}\n',
    "deep": b"[" * 100_000 + b"]" * 100_000,
    "empty": b"",
    "stateless": b'{"bb": "0,0,100,100", "objects": [], "edges": []}\n',
    # Only state "a": every other state of the machine is missing.
    "missing_states": (b'{"bb": "0,0,100,100", "objects": [{"_gvid": 0, "name": "a", "pos": "50,50", '
                       b'"width": "1", "height": "0.5"}], "edges": []}\n'),
}
#: What a fake ``dot`` does, as shell, for each fault that is about the process.
_FAKE_DOT_ACTIONS: dict[str, str] = {
    # Not "exec sleep": the sleep is a child, as in a wrapper script, and must be stopped too.
    "hangs": "sleep 600",
    "crashes": "kill -SEGV $$",
    "fails": "echo \"Error: <stdin>: syntax error in line 6 near 'xxx'\" >&2\nexit 3",
}
#: Every fault a fake ``dot`` can have; "missing" means no ``dot`` on PATH at all.
FAKE_DOT_FAULTS = ("missing", *_FAKE_DOT_ACTIONS, *FAKE_DOT_OUTPUTS)
#: What the message of each fault must say (lower case), so the user knows what went wrong.
#: "missing_states" assumes a machine of three states a, b, c.
FAKE_DOT_MESSAGES: dict[str, str] = {
    "missing": "was not found",
    "hangs": "did not finish within",
    "crashes": "killed by sigsegv",
    "fails": "exited with status 3: error: <stdin>: syntax error in line 6",
    "garbage": "no readable json",
    "wrong_shape": "'objects' is an object, not a list",
    "deep": "nested too deeply",
    "empty": "wrote nothing",
    "stateless": "no states",
    "missing_states": "without 2 of its 3 states (",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that takes ``dot_fault`` runs once per fault of :data:`FAKE_DOT_FAULTS`."""
    if "dot_fault" in metafunc.fixturenames:
        metafunc.parametrize("dot_fault", FAKE_DOT_FAULTS)


@pytest.fixture
def dot_fault_message() -> Mapping[str, str]:
    """:data:`FAKE_DOT_MESSAGES`, for test modules that cannot import this conftest."""
    return FAKE_DOT_MESSAGES


@pytest.fixture
def fake_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[[str], Path]:
    """Put a broken ``dot`` first on PATH: ``fake_dot("hangs")``; returns its folder.

    Each fake answers ``-V`` like Graphviz (with its fault in the version, so
    layout-cache keys never mix with the real dot's), reads the DOT source from
    stdin, then misbehaves. ``"missing"`` leaves no ``dot`` on PATH. The real
    PATH comes back when the test ends (monkeypatch).
    """

    def install(fault: str) -> Path:
        folder = tmp_path / f"fake-dot-{fault}"
        folder.mkdir()
        if fault == "missing":
            monkeypatch.setenv("PATH", str(folder))
            return folder
        if fault in FAKE_DOT_OUTPUTS:
            output = folder / "output"
            output.write_bytes(FAKE_DOT_OUTPUTS[fault])
            action = f"cat '{output}'"
        else:
            action = _FAKE_DOT_ACTIONS[fault]
        script = folder / "dot"
        script.write_text(
            "#!/bin/sh\n"
            f'if [ "$1" = "-V" ]; then echo "dot - fake graphviz version 0 ({fault}, {folder})" >&2; exit 0; fi\n'
            "cat >/dev/null\n"
            f"{action}\n"
        )
        script.chmod(0o755)
        monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ.get('PATH', '')}")
        return folder

    return install
