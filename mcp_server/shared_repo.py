"""A :class:`Repo` that many tool calls can use at once.

The MCP server answers tool calls concurrently (in worker threads, and from the sandbox
threads of ``ask`` runs and REPL sessions), while a ``Repo`` holds one SQLite connection and
lazily filled caches that are not meant to be shared. Rather than change the library, the
server serialises every call that touches the index behind one re-entrant lock. Each call is
short (milliseconds on most repositories), so the lock costs little; re-indexing holds it for
its whole run, so nobody reads a half-written index.

``read_file``, and ``grep`` without symbols, stay unlocked: they read the file system only,
and must not wait for an index that is being built.
"""

from __future__ import annotations

import functools
import os
import threading
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

from rlm_code.repo import GrepResult, Repo

__all__ = ["SharedRepo"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


def _locked(method: Callable[Concatenate[Repo, _P], _R]) -> Callable[Concatenate[SharedRepo, _P], _R]:
    def call(self: SharedRepo, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        with self.lock:
            return method(self, *args, **kwargs)

    return functools.update_wrapper(call, method)  # type: ignore[return-value]


class SharedRepo(Repo):
    """A ``Repo`` whose index-reading methods take one lock (see the module docstring)."""

    def __init__(self, path: str | os.PathLike[str], **options: Any) -> None:
        super().__init__(path, **options)
        self.lock = threading.RLock()

    index = _locked(Repo.index)
    close = _locked(Repo.close)
    list_files = _locked(Repo.list_files)
    outline = _locked(Repo.outline)
    find_definitions = _locked(Repo.find_definitions)
    read_symbol = _locked(Repo.read_symbol)
    callers = _locked(Repo.callers)
    references = _locked(Repo.references)
    callees = _locked(Repo.callees)
    importers = _locked(Repo.importers)
    stats = _locked(Repo.stats)

    def grep(self, *args: Any, symbols: bool = True, **options: Any) -> GrepResult:
        """``Repo.grep``, locked unless it reads no index (``symbols=False``)."""
        if not symbols:
            return Repo.grep(self, *args, symbols=False, **options)
        with self.lock:
            return Repo.grep(self, *args, **options)
