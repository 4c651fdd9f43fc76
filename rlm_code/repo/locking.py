"""One indexer per index at a time, across processes.

An MCP server and a terminal (or two terminals) may open the same repository at once. Two
processes writing the same index would each parse the same new files and collide on them, and
one creating the database while another reads it half-made could take it for a damaged file
and delete it. So whoever brings an index up to date first takes an exclusive ``flock`` on a
lock file beside it, in the cache folder. A second process waits, then finds the work done
and only checks what changed since. Taking the lock also touches the lock file, so its
modification time says when the index was last used.

The lock is advisory and dies with its process, so a killed indexer never leaves it held. On
a system without ``fcntl`` (Windows) indexing is not serialised.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ..errors import CacheFolderError, IndexStoreError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["exclusive", "lock_path_of", "try_exclusive"]


def lock_path_of(index_path: Path) -> Path:
    return index_path.with_name(f"{index_path.name}.lock")


@contextmanager
def exclusive(index_path: Path, *, on_wait: Callable[[], object] | None = None) -> Iterator[None]:
    """Hold the lock of the index at ``index_path``; ``on_wait`` is called once if another
    process holds it, before waiting for it."""
    with _lock_file(index_path) as handle:
        if handle is not None and not _take(handle, wait=False):
            if on_wait is not None:
                on_wait()
            _take(handle, wait=True)
        yield


@contextmanager
def try_exclusive(index_path: Path) -> Iterator[bool]:
    """Hold the lock if no other process does; yields whether it is held."""
    with _lock_file(index_path) as handle:
        yield handle is None or _take(handle, wait=False)


@contextmanager
def _lock_file(index_path: Path) -> Iterator[BinaryIO | None]:
    """The open lock file (None without ``fcntl``); closing it releases the lock."""
    if fcntl is None:  # pragma: no cover - Windows
        yield None
        return
    lock_path = lock_path_of(index_path)
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "ab")  # noqa: SIM115 - closed in the finally below
    except OSError as exc:
        raise CacheFolderError(f"cannot open the index lock at {lock_path}: {exc} ({IndexStoreError.HINT})") from exc
    try:
        yield handle
    finally:
        handle.close()


def _take(handle: BinaryIO, *, wait: bool) -> bool:
    try:
        fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    os.utime(handle.fileno())  # the index's last use
    return True
