"""Writing user files atomically: the new content completely, or the old file untouched.

Every file State Explorer writes for a person (scenarios, Markdown and
Mermaid exports, pictures, machine files) goes through :func:`write_atomic`.
The bytes go to a temporary file in the same folder, are flushed to the disk,
and only then replace the target with one ``os.replace``; on any failure
(disk full, no permission, a missing folder) the temporary file is removed,
the old file stays byte for byte as it was, and :class:`~explorer.errors.WriteError`
says why. A file that already exists keeps its permissions.

Writing to the same folder matters: ``os.replace`` is atomic only within one
file system. Asking before overwriting is the caller's business (the dialogs).
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from explorer.errors import WriteError

#: Bytes handed to one ``os.write`` call; larger writes loop.
_CHUNK = 1 << 20


def write_atomic(path: str | os.PathLike[str], data: bytes | str, *, encoding: str = "utf-8") -> None:
    """Replace ``path`` with ``data`` (text is encoded with ``encoding``) in one step.

    Raises :class:`~explorer.errors.WriteError` naming the file and the reason
    when anything fails; the file that was at ``path`` is then unchanged.
    """
    target = Path(path)
    if target.is_symlink():
        # Replace the file the link points to, not the link (editors do the same).
        target = target.resolve()
    payload = data.encode(encoding) if isinstance(data, str) else bytes(data)
    folder = target.parent
    mode = _mode_for(target)
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as e:
        raise WriteError(str(target), _reason(e, folder)) from e
    try:
        try:
            _write_all(fd, payload)
            os.fsync(fd)
        finally:
            os.close(fd)
        # mkstemp creates the file readable by its owner only; a user file
        # should look like any other (or like the one it replaces).
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, target)
    except BaseException as e:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass  # already gone (replaced) or never writable; nothing more to clean
        if isinstance(e, OSError):
            raise WriteError(str(target), _reason(e, folder)) from e
        raise
    _sync_folder(folder)


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = os.write(fd, view[:_CHUNK])
        if written <= 0:  # should not happen for regular files; do not spin
            raise OSError(errno.EIO, "the disk accepted no more data")
        view = view[written:]


def _mode_for(target: Path) -> int:
    """The permission bits the written file gets: the old file's, else the umask's default."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        pass
    # The umask can only be read by setting it; set it straight back.
    umask = os.umask(0o022)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (POSIX)."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems refuse fsync on folders; the data is written
    finally:
        os.close(fd)


def _reason(e: OSError, folder: Path) -> str:
    """The operating system's reason, in words a person can act on."""
    if e.errno == errno.ENOENT and not folder.is_dir():
        return f"the folder {folder} does not exist"
    if e.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full"
    return e.strerror or str(e)
