"""The size limit of the files the readers read, and how users raise it.

Every reader refuses a file above its format's limit before reading it
(:data:`explorer.io.yamlsafe.MAX_BYTES` for YAML,
:data:`explorer.io.formatkit.MAX_BYTES` for the others). One setting raises
or lowers the limit of every format: the CLI's ``--max-file-size``
(:func:`file_size_limit`), else the environment variable
``EXPLORER_MAX_FILE_MB``. It lives apart from the readers so that
:mod:`explorer.io.formats` can check a file's size without importing them
(a cached reopen never imports PyYAML).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from explorer.errors import LoadError, Problem, quote

#: The environment variable that sets the size limit of every format, in MiB.
MAX_FILE_ENV = "EXPLORER_MAX_FILE_MB"

_MIB = 1024 * 1024

#: The limit set by :func:`file_size_limit` (the CLI's ``--max-file-size``), in bytes.
_limit_override: int | None = None


def max_file_bytes(default: int) -> int:
    """The size limit in bytes of a format whose own limit is ``default``.

    ``--max-file-size`` (:func:`file_size_limit`) wins, then the environment
    variable ``EXPLORER_MAX_FILE_MB`` (MiB, fractions allowed), then
    ``default``. Either sets one limit for every format. ValueError when the
    variable is not a positive number.
    """
    if _limit_override is not None:
        return _limit_override
    text = os.environ.get(MAX_FILE_ENV, "").strip()
    if not text:
        return default
    return mib_to_bytes(text, f"the environment variable {MAX_FILE_ENV}")


def mib_to_bytes(text: str | float, what: str) -> int:
    """A limit given in MiB as bytes; ValueError naming ``what`` unless it is a positive number."""
    try:
        mib = float(text)
    except ValueError:
        mib = float("nan")
    if not mib > 0 or mib == float("inf"):
        raise ValueError(f"{what} must be a positive number of MiB (such as 64), not {quote(text)}")
    return max(1, int(mib * _MIB))


@contextmanager
def file_size_limit(mib: float | None) -> Iterator[None]:
    """Within the block, every format reads files up to ``mib`` MiB (None: leave the limit as it is)."""
    global _limit_override
    before = _limit_override
    if mib is not None:
        _limit_override = mib_to_bytes(mib, "the size limit")
    try:
        yield
    finally:
        _limit_override = before


def size_limit_for(filename: str, default: int) -> int:
    """:func:`max_file_bytes`, with a bad setting reported as a LoadError about ``filename``."""
    try:
        return max_file_bytes(default)
    except ValueError as e:
        raise LoadError([Problem(filename, 0, 0, f"cannot read the file: {e}")]) from e


def too_large_problem(filename: str, size: int, limit: int) -> Problem:
    """The problem of a file of ``size`` bytes over ``limit``: sizes, the limit, and how to raise it."""
    return Problem(filename, 0, 0,
                   f"the file is too large ({size:,} bytes, {size / _MIB:,.1f} MiB; the limit is {limit:,} bytes, "
                   f"{limit / _MIB:,.1f} MiB); to read it anyway, raise the limit with --max-file-size MIB "
                   f"(explorer's commands) or the environment variable {MAX_FILE_ENV}=MIB")


def too_large(filename: str, size: int, limit: int) -> LoadError:
    """:func:`too_large_problem` as the error to raise."""
    return LoadError([too_large_problem(filename, size, limit)])


def read_source(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """The bytes of a file, refusing to read more than the limit.

    The limit is ``max_bytes`` (a format's own), as raised by
    :func:`max_file_bytes`. The size is looked at before anything is read, so
    a 600 MB file costs nothing. Every failure is a LoadError naming the file.
    """
    name = os.fspath(path)
    max_bytes = size_limit_for(name.replace("\0", "\\0"), max_bytes)
    try:
        with open(name, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            if size > max_bytes:
                raise too_large(name, size, max_bytes)
            # st_size can lie (pipes, /proc); read one byte past the limit to know.
            data = f.read(max_bytes + 1)
    except OSError as e:
        raise LoadError([Problem(name, 0, 0, f"cannot read the file: {e.strerror or e}")]) from e
    except ValueError as e:  # a NUL byte in the name: no file can have it
        raise LoadError([Problem(name.replace("\0", "\\0"), 0, 0, f"cannot read the file: {e}")]) from e
    if len(data) > max_bytes:
        raise too_large(name, len(data), max_bytes)
    return data
