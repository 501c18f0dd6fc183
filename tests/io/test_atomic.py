"""The atomic writer: the new content completely, or the old file byte for byte."""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

import pytest

from explorer.errors import ExplorerError, WriteError
from explorer.io import atomic
from explorer.io.atomic import write_atomic
from explorer.io.scenario import Scenario, ScenarioStep, load_scenario, save_scenario

OLD = b"the old content, which must survive\n" * 10


def _only(folder: Path) -> list[str]:
    """The names in ``folder``: a failed write leaves no temporary file behind."""
    return sorted(p.name for p in folder.iterdir())


def test_writes_text_and_bytes(tmp_path: Path) -> None:
    write_atomic(tmp_path / "a.txt", "Übergabe ✓")
    write_atomic(tmp_path / "b.bin", b"\x00\x01")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "Übergabe ✓"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert _only(tmp_path) == ["a.txt", "b.bin"]


def test_a_big_file_is_written_whole(tmp_path: Path) -> None:
    data = os.urandom(3 * 1024 * 1024 + 17)  # more than one write call
    write_atomic(tmp_path / "big", data)
    assert (tmp_path / "big").read_bytes() == data


def test_a_new_file_gets_the_usual_permissions(tmp_path: Path) -> None:
    write_atomic(tmp_path / "new.txt", "x")
    umask = os.umask(0o022)
    os.umask(umask)
    assert stat.S_IMODE((tmp_path / "new.txt").stat().st_mode) == 0o666 & ~umask


def test_an_existing_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "kept.txt"
    path.write_bytes(OLD)
    os.chmod(path, 0o604)
    write_atomic(path, "new")
    assert path.read_text(encoding="utf-8") == "new"
    assert stat.S_IMODE(path.stat().st_mode) == 0o604


def test_a_symlink_is_followed_not_replaced(tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_bytes(OLD)
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, "through the link")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "through the link"


def test_a_full_disk_leaves_the_old_file(tmp_path: Path, full_disk) -> None:
    path = tmp_path / "file.txt"
    path.write_bytes(OLD)
    with pytest.raises(WriteError) as info:
        write_atomic(path, b"n" * 100_000)
    assert full_disk.failed_writes == 1
    assert path.read_bytes() == OLD
    assert _only(tmp_path) == ["file.txt"]
    assert str(path) in str(info.value) and "the disk is full" in str(info.value)
    assert isinstance(info.value, ExplorerError) and info.value.reason == "the disk is full"


@pytest.mark.parametrize("step", ["fsync", "replace", "chmod"])
def test_a_failure_at_any_step_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   step: str) -> None:
    path = tmp_path / "file.txt"
    path.write_bytes(OLD)

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    class FailingOs:
        def __getattr__(self, name: str) -> object:
            return fail if name == step else getattr(os, name)

    monkeypatch.setattr(atomic, "os", FailingOs())
    with pytest.raises(WriteError, match=os.strerror(errno.EIO)):
        write_atomic(path, "new content")
    assert path.read_bytes() == OLD
    assert _only(tmp_path) == ["file.txt"]


def test_a_missing_folder_is_named(tmp_path: Path) -> None:
    with pytest.raises(WriteError, match="does not exist") as info:
        write_atomic(tmp_path / "no" / "such" / "file.txt", "x")
    assert str(tmp_path / "no" / "such") in str(info.value)


def test_no_permission_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, who may write anywhere; the refusal is what the system would say.
    def refuse(*_args: object, **_kwargs: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    path = tmp_path / "file.txt"
    path.write_bytes(OLD)
    with pytest.raises(WriteError, match=os.strerror(errno.EACCES)):
        write_atomic(path, "x")
    assert path.read_bytes() == OLD


def test_saving_a_scenario_on_a_full_disk_keeps_the_old_one(tmp_path: Path, full_disk) -> None:
    path = tmp_path / "walk.yaml"
    save_scenario(Scenario(steps=(ScenarioStep("wait", 5.0),), name="old walk"), path)
    before = path.read_bytes()
    long = Scenario(steps=tuple(ScenarioStep("trigger", f"step number {i}", note="n" * 50) for i in range(500)))
    with pytest.raises(WriteError, match="the disk is full"):
        save_scenario(long, path)
    assert path.read_bytes() == before
    assert load_scenario(path).name == "old walk"
    assert _only(tmp_path) == ["walk.yaml"]
