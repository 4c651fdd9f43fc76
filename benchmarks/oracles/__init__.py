"""Compilers as independent judges of ``callers``: what each one says every call site calls.

``callers_vs_compilers.py`` measures rlm-code's callers on Java, TypeScript/JavaScript and C/C++
projects against the language's own compiler front end, the way ``callers_accuracy.py`` uses
jedi for Python. Each module here (``typescript``, ``java``, ``clang``) knows how to fetch its
projects and how to run its compiler over one, and reports the same two facts:

* every function and method the compiler sees declared in the project's files
  (:class:`Declaration`), and
* every call site in those files with the declaration it is statically bound to
  (:class:`Call`): inside the project, outside it (a library, the standard library, a
  builtin), or unknown (the compiler could not tell).

Positions are repository-relative POSIX paths, 1-based lines and 1-based columns counted in
characters (code points), and always those of a name: a declaration's name, and the called
name at a call site (``b`` in ``a.b(x)``, ``f`` in ``f(x)``, ``Foo`` in ``new Foo()``). That is
where rlm-code reports a caller, so the two sides meet on ``(path, line, column)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

Position = tuple[str, int, int]  # (path, line, column) of a name


@dataclass(frozen=True)
class Declaration:
    """A function, method or constructor declared in the project. ``overrides`` names the
    declarations it overrides or implements (the compiler's view), so that a site bound to a
    base method can be told apart from one bound to an unrelated method."""

    path: str
    line: int
    column: int
    name: str
    kind: str  # "function", "method" or "constructor"
    overrides: tuple[Position, ...] = ()

    @property
    def position(self) -> Position:
        return (self.path, self.line, self.column)


@dataclass(frozen=True)
class Call:
    """One call site. ``callee`` is the position of the declaration's name when it is inside
    the project; otherwise ``outside`` says whether the compiler bound it to something outside
    (True) or could not bind it at all (False: the site is unknown and judged neither way)."""

    path: str
    line: int
    column: int
    name: str
    callee: Position | None
    outside: bool = False

    @property
    def position(self) -> Position:
        return (self.path, self.line, self.column)


@dataclass(frozen=True)
class Facts:
    declarations: list[Declaration]
    calls: list[Call]


@dataclass(frozen=True)
class Project:
    """One measured project. ``fetch(cache)`` downloads and unpacks it once under ``cache``
    and returns its root; ``judge(root, cache)`` runs the compiler over it. ``targets_under``
    are the folders whose declarations are asked about (the library, not its tests); calls
    are collected from every file the compiler reads."""

    name: str
    language: str
    fetch: Callable[[Path], Path]
    judge: Callable[[Path, Path], Facts]
    targets_under: tuple[str, ...] = ("",)
    notes: str = field(default="")
