"""The indexes in the cache folder: which repository each one belongs to, how much room it
takes, when it was last used, and removing the ones nobody needs any more.

Every repository gets its own index, keyed by its absolute path, so clones in temporary
folders and repositories since deleted leave indexes behind (Django's takes 50 MB). Nothing
removes them on its own: ``rlm-code cache prune`` does, when asked.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from .locking import lock_path_of, try_exclusive
from .models import CachedIndex
from .store import IndexStore, default_cache_dir

__all__ = ["CachedIndex", "cached_indexes", "other_indexes", "remove_index"]


def cached_indexes(cache_dir: Path | None = None) -> list[CachedIndex]:
    """Every index in the cache folder, the most recently used first."""
    folder = (cache_dir or default_cache_dir()) / "index"
    found = [_describe(path) for path in folder.glob("*.sqlite3")] if folder.is_dir() else []
    return sorted(found, key=lambda index: index.last_used, reverse=True)


def other_indexes(index_path: Path) -> list[Path]:
    """The other indexes in the folder of the index at ``index_path``, the most recently used
    first: where an index being built may find content already parsed."""
    others = [path for path in index_path.parent.glob("*.sqlite3") if path != index_path]
    return sorted(others, key=_last_used, reverse=True)


def remove_index(index: CachedIndex) -> bool:
    """Delete an index with its log and lock files; False, and nothing deleted, if a process
    is indexing with it right now."""
    path = Path(index.path)
    with try_exclusive(path) as held:
        if not held:
            return False
        IndexStore.delete(path)
        lock_path_of(path).unlink(missing_ok=True)
    return True


def _describe(path: Path) -> CachedIndex:
    root = _root_of(path)
    size = sum(part.stat().st_size for part in IndexStore.files(path) if part.exists())
    return CachedIndex(str(path), root, size, _last_used(path), root is not None and Path(root).is_dir())


def _last_used(path: Path) -> float:
    """When an index run last opened the index: its lock file is touched each time."""
    lock = lock_path_of(path)
    try:
        return (lock if lock.exists() else path).stat().st_mtime
    except OSError:  # removed meanwhile
        return 0.0


def _root_of(path: Path) -> str | None:
    """The repository path recorded in an index, read without writing to it."""
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=1)) as db:
            row = db.execute("SELECT value FROM meta WHERE key = 'root'").fetchone()
    except sqlite3.Error:
        return None
    return str(row[0]) if row else None
