"""rlm-code: code intelligence for large repositories.

``Repo`` is a fast navigator (files, grep, outline, symbols, callers, callees, importers)
over an on-disk index; it needs no model. ``ask`` answers a question about a repository with
a recursive language model (or, with no model configured, the offline supervisor).
"""

from __future__ import annotations

from .errors import (
    BudgetExceeded,
    IndexStoreError,
    NotFoundError,
    PathError,
    PatternError,
    RlmCodeError,
    UsageError,
)
from .repo import Repo

__version__ = "0.1.0"

__all__ = [
    "Answer",
    "BudgetExceeded",
    "IndexStoreError",
    "NotFoundError",
    "PathError",
    "PatternError",
    "Repo",
    "RlmCodeError",
    "UsageError",
    "__version__",
    "ask",
]

_LAZY = {"ask": "ask", "Answer": "Answer"}


def __getattr__(name: str) -> object:
    """``ask`` and ``Answer`` load the engine and model layers; import them only when used."""
    if name in _LAZY:
        from . import agent

        return getattr(agent, _LAZY[name])
    raise AttributeError(f"module 'rlm_code' has no attribute {name!r}")
