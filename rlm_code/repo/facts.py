"""Plain records extracted from one source file: what it defines, calls, imports and binds.

They depend only on a file's bytes and language, never on its path, so identical files share
one extraction. Tuples keep them cheap to pickle between worker processes and to hand to
``sqlite3.executemany``.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["Base", "Binding", "Definition", "FileFacts", "Import", "Reference"]


class Definition(NamedTuple):
    """A named definition. ``qualname`` joins enclosing definitions with dots (``Class.method``)."""

    name: str
    qualname: str
    kind: str
    line: int
    end_line: int
    column: int
    signature: str
    returns: str


class Reference(NamedTuple):
    """A use of a name. ``kind`` is ``call`` for call sites; ``receiver`` is what precedes the
    name (``self`` in ``self.save()``), ``scope`` the qualname of the enclosing definition.
    ``arity`` is the number of arguments of a Java call, which picks among overloads; -1
    where it is not counted."""

    name: str
    receiver: str
    kind: str
    line: int
    column: int
    scope: str
    arity: int = -1


class Import(NamedTuple):
    """One imported binding: ``from module import name as alias``, or ``import module``."""

    module: str
    name: str
    alias: str
    line: int
    scope: str


class Base(NamedTuple):
    """``cls`` (a qualname) names ``base`` (as written) among its parents."""

    cls: str
    base: str


class Binding(NamedTuple):
    """``target`` in ``scope`` holds what ``value`` produces: the callee of a call assigned to
    it (``kind='call'``), its annotation (``'type'``) or an expression (``'value'``), or
    each element of what a loop iterates over (``'each'``, or ``'each.1'`` for the second
    of the names a loop unpacks each element into; ``'comprehension'`` for a comprehension's
    variable, which the names outside it never see); ``'param'`` marks an untyped parameter
    (or, with its type as ``value``, a Go closure's) and ``'local'`` a name bound some other
    way. The target ``<return>`` holds what the function returns. Enough to resolve
    ``x = Foo(); x.bar()``."""

    scope: str
    target: str
    value: str
    kind: str


class FileFacts(NamedTuple):
    definitions: list[Definition]
    references: list[Reference]
    imports: list[Import]
    bases: list[Base]
    bindings: list[Binding]
    lines: int
    syntax_errors: bool
