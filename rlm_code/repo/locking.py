"""One indexer per index at a time, across processes.

An MCP server and a terminal (or two terminals) may open the same repository at once. Two
processes writing the same index would each parse the same new files and collide on them, and
one creating the database while another reads it half-made could take it for a damaged file
and delete it. So whoever brings an index up to date first takes an exclusive ``flock`` on a
lock file beside it, in the cache folder. A second process waits, then finds the work done
and only checks what changed since.

The lock is advisory and dies with its process, so a killed indexer never leaves it held. On
a system without ``fcntl`` (Windows) indexing is not serialised.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import IndexStoreError

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = ["exclusive"]


@contextmanager
def exclusive(index_path: Path, *, on_wait: Callable[[], object] | None = None) -> Iterator[None]:
    """Hold the lock of the index at ``index_path``; ``on_wait`` is called once if another
    process holds it, before waiting for it."""
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    lock_path = index_path.with_name(f"{index_path.name}.lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(lock_path, "ab")  # noqa: SIM115 - closed in the finally below
    except OSError as exc:
        raise IndexStoreError(f"cannot open the index lock at {lock_path}: {exc}") from exc
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is not None:
                on_wait()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        handle.close()  # closing the file releases the lock
