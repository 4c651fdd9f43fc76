"""Block scopes, and the names that bind beyond the blocks they are written in.

JavaScript's ``let`` and ``const`` bind in the block around them: two ``if`` branches that
each declare ``const result`` hold two names, and a ``const e`` in a ``try`` block shadows the
``function e`` around it there only. Such a block is a scope segment, as an anonymous
function is (see :mod:`.anonymous`); a function or class declared in a block is a
definition named after the function around, no binding. A ``var``, though, binds in its
function, and an assignment binds the name where it is declared: ``x = new B()`` in a block is
a value the function's ``x`` may hold after it, which a binding kept in the block would hide.
Those are *hoisted*: out of each block around them that does not declare the name itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from .nesting import Nesting

__all__ = ["Hoisting"]

# A name in a bound value (or a word of a string in it, which only makes the check stricter).
_NAME = re.compile(r"[A-Za-z_$][\w$]*")


class Hoisting:
    """Where the names bound in one file's blocks bind."""

    def __init__(
        self,
        blocks: set[str],
        hoisted: list[tuple[int, int]],
        bound: Iterable[tuple[int, str, str]],
    ) -> None:
        """``blocks``: the segments of the file's blocks; ``hoisted``: the byte spans whose
        bindings are hoisted (a ``var``'s name, an assignment's target); ``bound``: each
        binding or import as ``(start byte, scope, name)``, from which the names each block
        declares are read."""
        self._blocks = blocks
        self._hoisted = Nesting([(start, end, True) for start, end in hoisted])
        self._declared: dict[str, set[str]] = {}  # block -> the names declared there
        for start, scope, name in bound:
            if self._in_block(scope) and not self._is_hoisted(start):
                self._declared.setdefault(scope, set()).add(name)

    def scope(self, start: int, scope: str, name: str) -> str:
        """The scope ``name``, bound at byte ``start`` of code in ``scope``, binds in."""
        if not self._in_block(scope) or not self._is_hoisted(start):
            return scope
        while name not in self._declared.get(scope, ()):
            around, _, segment = scope.rpartition(".")
            if segment not in self._blocks:
                break
            scope = around
        return scope

    def binding(self, start: int, scope: str, name: str, value: str, kind: str) -> tuple[str, str, str]:
        """``(scope, value, kind)`` of a binding of ``name`` at byte ``start`` of code in
        ``scope``: hoisted out of blocks, its value is read where it binds, so a value that
        may name what a block it leaves declares (``r = i`` after ``const i = next(r)`` in a
        loop's body, where the module has an ``i`` too) is one the binding cannot tell."""
        placed = self.scope(start, scope, name)
        if placed == scope or not value:
            return placed, value, kind
        left = set().union(*(self._declared.get(s, ()) for s in _scopes_between(scope, placed)))
        if left.intersection(_NAME.findall(value)):
            return placed, "", "local"
        return placed, value, kind

    def _in_block(self, scope: str) -> bool:
        """Whether ``scope`` is a block's (most are not: only then is a binding looked at)."""
        return scope.endswith(">") and scope.rpartition(".")[2] in self._blocks

    def _is_hoisted(self, start: int) -> bool:
        return self._hoisted.innermost(start) is not None


def _scopes_between(inner: str, outer: str) -> list[str]:
    """``inner`` and the scopes around it, up to ``outer`` (which it is in) left out."""
    scopes = []
    while inner != outer:
        scopes.append(inner)
        inner = inner.rpartition(".")[0]
    return scopes
