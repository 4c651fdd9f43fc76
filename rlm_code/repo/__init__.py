"""The repository as a virtual context: index, search and navigation, with no model at all."""

from __future__ import annotations

from .indexer import IndexReport
from .models import (
    CalleesResult,
    CallersResult,
    CallSite,
    Definition,
    FileList,
    FileSlice,
    GrepMatch,
    GrepResult,
    ImportEdge,
    ImportersResult,
    ImportSite,
    Outline,
    RepoStats,
    SymbolSource,
)
from .repo import Repo

__all__ = [
    "CallSite",
    "CalleesResult",
    "CallersResult",
    "Definition",
    "FileList",
    "FileSlice",
    "GrepMatch",
    "GrepResult",
    "ImportEdge",
    "ImportSite",
    "ImportersResult",
    "IndexReport",
    "Outline",
    "Repo",
    "RepoStats",
    "SymbolSource",
]
