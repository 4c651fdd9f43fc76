"""rlm-code: code intelligence for large repositories.

``Repo`` is a fast navigator (files, grep, outline, symbols, callers, callees, importers)
over an on-disk index; it needs no model.
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
    "BudgetExceeded",
    "IndexStoreError",
    "NotFoundError",
    "PathError",
    "PatternError",
    "Repo",
    "RlmCodeError",
    "UsageError",
    "__version__",
]
