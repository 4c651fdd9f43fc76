"""Nested spans, and the innermost one around a position.

Definitions nest (a method in a class in a module), and two questions need the innermost one
around a point: extraction asks it for every reference's byte offset, and grep for every hit's
line. One structure answers both in logarithmic time, climbing from the last span that starts
before the point to its parents.
"""

from __future__ import annotations

import bisect
from typing import Generic, TypeVar

__all__ = ["Nesting"]

_T = TypeVar("_T")


class Nesting(Generic[_T]):
    """Spans ``(start, end, item)``, ``end`` exclusive, that nest or are disjoint."""

    def __init__(self, spans: list[tuple[int, int, _T]]) -> None:
        self._spans = sorted(spans, key=lambda span: (span[0], -span[1]))
        self._starts = [span[0] for span in self._spans]
        # For each span, the index of its parent, so lookups can climb outward.
        self._parents: list[int] = []
        stack: list[int] = []
        for index, (start, _, _) in enumerate(self._spans):
            while stack and self._spans[stack[-1]][1] <= start:
                stack.pop()
            self._parents.append(stack[-1] if stack else -1)
            stack.append(index)

    def to_plain(self) -> tuple[list[tuple[int, int, _T]], list[int]]:
        """The sorted spans and their parents: plain data to store, rebuilt by :meth:`from_plain`
        without sorting again."""
        return self._spans, self._parents

    @classmethod
    def from_plain(cls, plain: tuple[list[tuple[int, int, _T]], list[int]]) -> Nesting[_T]:
        nesting = cls.__new__(cls)
        nesting._spans, nesting._parents = plain
        nesting._starts = [span[0] for span in nesting._spans]
        return nesting

    def innermost(self, position: int) -> _T | None:
        """The item of the innermost span holding ``position``, or None."""
        index = bisect.bisect_right(self._starts, position) - 1
        while index >= 0:
            start, end, item = self._spans[index]
            if start <= position < end:
                return item
            index = self._parents[index]
        return None
