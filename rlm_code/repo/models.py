"""The results a :class:`Repo` returns. Each has ``to_dict()``, the shape of ``--json`` output
and of MCP structured content, and a ``truncated`` flag wherever a limit can cut it."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from .symbols import Symbol

__all__ = [
    "CachedIndex",
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
    "Outline",
    "RepoStats",
    "SymbolSource",
]


class _Result:
    def to_dict(self) -> dict[str, Any]:
        plain: dict[str, Any] = _plain(self)
        return plain


_LEAVES = frozenset({str, int, float, bool, type(None)})


_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names, or None for any other type."""
    if cls not in _FIELD_NAMES:
        _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls)) if is_dataclass(cls) else None
    return _FIELD_NAMES[cls]


def _plain(value: Any) -> Any:
    """What ``dataclasses.asdict`` makes of a result, made several times faster: a grep can
    hold tens of thousands of matches, and asdict copies every leaf through ``deepcopy``."""
    kind = type(value)
    if kind in _LEAVES:
        return value
    names = _field_names(kind)
    if names is not None:
        plain = {}
        for name in names:
            item = getattr(value, name)
            plain[name] = item if type(item) in _LEAVES else _plain(item)
        return plain
    if kind is list:
        return [item if type(item) in _LEAVES else _plain(item) for item in value]
    if isinstance(value, tuple):
        items = [_plain(item) for item in value]
        return kind(*items) if hasattr(value, "_fields") else kind(items)
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    return copy.deepcopy(value)


@dataclass(frozen=True, slots=True)
class Definition(_Result):
    """A definition as results show it."""

    path: str
    line: int
    end_line: int
    qualname: str
    kind: str
    signature: str

    @classmethod
    def of(cls, symbol: Symbol) -> Definition:
        return cls(symbol.path, symbol.line, symbol.end_line, symbol.qualname, symbol.kind, symbol.signature)

    @property
    def target(self) -> str:
        return f"{self.path}:{self.qualname}"


@dataclass(frozen=True, slots=True)
class FileList(_Result):
    paths: list[str]
    total: int
    truncated: bool


# Not frozen: a search builds these by the ten thousand (freezing triples the cost of each),
# and its context lines are added as ripgrep's output arrives.
@dataclass(slots=True)
class GrepMatch(_Result):
    path: str
    line: int
    column: int
    text: str
    symbol: str | None
    context_before: list[str] = field(default_factory=list)
    context_after: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class GrepResult(_Result):
    pattern: str
    matches: list[GrepMatch]
    truncated: bool


@dataclass(frozen=True, slots=True)
class FileSlice(_Result):
    """Lines ``start``..``end`` (1-based, inclusive) of a file of ``total_lines`` lines."""

    path: str
    start: int
    end: int
    total_lines: int
    text: str
    truncated: bool


@dataclass(frozen=True, slots=True)
class Outline(_Result):
    path: str
    language: str | None
    definitions: list[Definition]


@dataclass(frozen=True, slots=True)
class SymbolSource(_Result):
    """A definition's source from line ``start``: its decorators come before its own line."""

    definition: Definition
    source: str
    truncated: bool
    start: int


@dataclass(frozen=True, slots=True)
class CallSite(_Result):
    """A reference to a target. ``caller`` is the enclosing definition's qualified name (or
    ``<module>``), ``callee`` the definition reached, as ``path:qualname``, and ``name`` the
    name as written at the site (with its receiver, for callees). ``callee_line`` is where
    the definition reached starts: overloads share a qualified name."""

    path: str
    line: int
    column: int
    caller: str
    confidence: str
    callee: str | None
    kind: str = "call"
    name: str = ""
    callee_line: int | None = None


@dataclass(frozen=True, slots=True)
class CallersResult(_Result):
    """The sites that reach ``target``. ``name_matches_hidden`` counts the unresolved sites
    that only share its name and were left out (none when they were asked for), so that a
    short list never passes for a complete one."""

    target: str
    definitions: list[Definition]
    callers: list[CallSite]
    truncated: bool
    name_matches_hidden: int = 0


@dataclass(frozen=True, slots=True)
class CalleesResult(_Result):
    """The calls made inside a definition. A callee outside the repository has ``callee``
    None and ``confidence`` ``external``."""

    target: str
    definitions: list[Definition]
    callees: list[CallSite]
    truncated: bool


@dataclass(frozen=True, slots=True)
class ImportSite(_Result):
    """``path`` imports ``name`` (or the whole module when empty) from ``module``; ``text`` is
    the source line."""

    path: str
    line: int
    module: str
    name: str
    alias: str
    text: str


@dataclass(frozen=True, slots=True)
class ImportEdge(_Result):
    """``path`` imports the repository file ``target`` at ``line``; ``module`` and ``name``
    are the import as written. One edge of the repository's import graph."""

    path: str
    line: int
    target: str
    module: str
    name: str


@dataclass(frozen=True, slots=True)
class ImportersResult(_Result):
    """The imports of ``module`` (whose ``files`` these are), only those made from files
    ``inside`` a folder, file or module when that is given; if none is, ``through`` is the
    shortest chain of imports that still leads from ``inside`` to ``module`` (empty if none
    does)."""

    module: str
    files: list[str]
    importers: list[ImportSite]
    truncated: bool
    inside: str | None = None
    through: list[ImportEdge] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class RepoStats(_Result):
    root: str
    files: int
    source_files: int
    languages: dict[str, int]
    lines: int
    definitions: int
    references: int
    skipped: dict[str, int]
    syntax_errors: int
    invalid_utf8: int
    top_folders: list[tuple[str, int]]
    index_path: str
    index_bytes: int


@dataclass(frozen=True, slots=True)
class CachedIndex(_Result):
    """One index database in the cache folder. ``root`` is the repository it indexes (None if
    the file cannot be read, and then ``repo_exists`` is False too); ``size`` counts the
    database with its write-ahead log; ``last_used`` is when an index run last opened it, in
    seconds since the epoch."""

    path: str
    root: str | None
    size: int
    last_used: float
    repo_exists: bool
