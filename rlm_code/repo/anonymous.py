"""Anonymous functions as scopes of their own bindings, which no caller is named after.

A callback (``test('x', () => { const schema = z.string(); schema.parse(1) })``) or an IIFE
binds its parameters and locals for itself: two tests' ``schema`` are two names, and a
parameter shadows a name of the module inside the function only. It is no definition, though:
the caller shown for a call inside it is the named definition around it. So the scope of a
reference, binding or import inside one is that definition's qualified name followed by one
segment per anonymous function around it, innermost last (``Foo.run.<3:5-9:2>``); the
resolver walks it like any other scope, and what users see drops the segments.
"""

from __future__ import annotations

import re

__all__ = ["anonymous_segment", "named_scope", "segment_span"]

# `<line:column-end line:end column>`: where the function starts and ends (ends exclusive).
_SEGMENT = re.compile(r"<(\d+):(\d+)-(\d+):(\d+)>")
_SEGMENTS = re.compile(r"\.?<\d+:\d+-\d+:\d+>")


def anonymous_segment(start: tuple[int, int], end: tuple[int, int]) -> str:
    """The scope segment of an anonymous function spanning from ``start`` to ``end``, each a
    1-based ``(line, column)`` as definitions give theirs."""
    return f"<{start[0]}:{start[1]}-{end[0]}:{end[1]}>"


def named_scope(scope: str) -> str:
    """``scope`` without its anonymous functions: the named definition code there is in, as
    callers show it ('' for the module)."""
    return _SEGMENTS.sub("", scope).lstrip(".") if "<" in scope else scope


def segment_span(segment: str) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Where the anonymous function of ``segment`` starts and ends (ends exclusive), each a
    ``(line, column)``; None for a segment that names no anonymous function."""
    found = _SEGMENT.fullmatch(segment)
    if found is None:
        return None
    start_line, start_column, end_line, end_column = map(int, found.groups())
    return (start_line, start_column), (end_line, end_column)
