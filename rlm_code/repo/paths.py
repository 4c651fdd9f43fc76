"""Repository-relative paths: every path into or out of a :class:`Repo` is one.

A path is POSIX-style, relative to the root, and never leaves it: ``..`` segments that climb
out, absolute paths elsewhere and symlinks that point outside are all refused.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from ..errors import PathError

__all__ = ["relative_path", "resolve_root"]


def resolve_root(path: str | os.PathLike[str]) -> Path:
    """The absolute, symlink-free path of a repository folder."""
    root = Path(path).expanduser()
    if not root.exists():
        raise PathError(f"no such folder: {os.fspath(path)}")
    if not root.is_dir():
        raise PathError(f"not a folder: {os.fspath(path)}")
    return root.resolve()


def relative_path(root: Path, path: str | os.PathLike[str]) -> str:
    """``path`` (relative to ``root``, or absolute inside it) as a repo-relative POSIX path.

    Refuses anything outside the root, including through a symlink. The file need not exist.
    """
    text = os.fspath(path).replace("\\", "/")
    candidate = Path(text) if Path(text).is_absolute() else root / text
    resolved = candidate.resolve()
    try:
        relative = resolved.relative_to(root)
    except ValueError:
        raise PathError(f"path is outside the repository: {os.fspath(path)}") from None
    posix = PurePosixPath(*relative.parts).as_posix()
    return "" if posix == "." else posix
