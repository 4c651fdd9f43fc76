"""Finding and running the ``rg`` binary that the ``ripgrep`` wheel installs.

ripgrep decides which files belong to a repository (it honours .gitignore, .ignore and hidden
files) and does the text search. Its failures become :class:`PatternError` or
:class:`RlmCodeError` here, where they enter.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sysconfig
from pathlib import Path

from ..errors import RlmCodeError

__all__ = ["RG_ARGS", "FileListing", "rg_binary"]

# Shared by listing and search: honour .gitignore even outside a git checkout, and never
# follow symlinks (one could lead out of the repository).
RG_ARGS = ("--no-require-git", "--no-config", "--no-messages")


@functools.cache
def rg_binary() -> str:
    """The path of ``rg``: first the one installed beside this Python, then ``$PATH``."""
    name = "rg.exe" if os.name == "nt" else "rg"
    scripts = sysconfig.get_path("scripts")
    candidate = Path(scripts, name) if scripts else None
    if candidate is not None and candidate.is_file():
        return str(candidate)
    found = shutil.which("rg")
    if found is None:
        raise RlmCodeError("ripgrep (rg) was not found; reinstall rlm-code to get it")
    return found


class FileListing:
    """ripgrep listing the files under ``root``, started at once: the caller can do other
    work (like reading the index) while it walks the tree, then collect the paths."""

    def __init__(self, root: Path) -> None:
        try:
            self._process = subprocess.Popen(
                [rg_binary(), "--files", "--null", *RG_ARGS],
                cwd=root,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            raise RlmCodeError(f"cannot run ripgrep: {exc}") from exc

    def paths(self) -> tuple[list[str], int]:
        """Repo-relative POSIX paths of the files ripgrep would search, sorted, and how many
        more it found whose names are not UTF-8: they are left out, since every path in or
        out of rlm-code (and in the index) is text."""
        stdout, stderr = self._process.communicate()
        if self._process.returncode not in (0, 1):  # 1: no files at all
            message = stderr.decode("utf-8", "replace").strip().splitlines()
            raise RlmCodeError(f"ripgrep failed listing files: {message[0] if message else self._process.returncode}")
        undecodable = 0
        try:
            names = stdout.decode("utf-8").split("\0")
        except UnicodeDecodeError:  # rare: decode name by name
            names = []
            for raw in stdout.split(b"\0"):
                try:
                    names.append(raw.decode("utf-8"))
                except UnicodeDecodeError:
                    undecodable += 1
        return sorted(name.removeprefix("./").replace(os.sep, "/") for name in names if name), undecodable
