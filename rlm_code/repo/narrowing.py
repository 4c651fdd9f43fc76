"""Regions of a file in which a name holds one type: the cases of a Go type switch, the body of
a Go closure.

In ``switch v := x.(type) { case *Foo: v.M() case Bar: v.N() }`` each case gives ``v`` its
own type; in ``c := pool.Get().(*context); h = func(c Context) { c.Handler() }`` the closure
gives ``c`` another. Bindings hold for a whole definition, so they cannot say this; instead a
receiver (or a bound expression) that starts with the name, inside such a region, is read as
a type assertion on it: ``v.M()`` under ``case *Foo:`` has the receiver ``v.(*Foo)``, which
the resolver evaluates as it would the same text written in the source. A case of several
types, and the default case, keep the name's own type (the switched value's), so they leave
receivers as written. The innermost region wins: a closure's parameter inside a case.
"""

from __future__ import annotations

import re

__all__ = ["Narrowings"]

_HEAD = re.compile(r"[A-Za-z_]\w*")


class Narrowings:
    """The narrowing regions of one file, as the query finds them, one type at a time."""

    def __init__(self) -> None:
        self._regions: dict[str, dict[tuple[int, int], list[str]]] = {}  # name -> span -> types

    def add(self, start: int, end: int, name: str, type_text: str) -> None:
        """Record that ``name`` holds ``type_text`` between two offsets ('' for a region that
        gives it no single type, such as a default case)."""
        self._regions.setdefault(name, {}).setdefault((start, end), []).append(type_text)

    def receiver(self, offset: int, receiver: str) -> str:
        """``receiver``, written at ``offset``, as the innermost region there for its first
        name reads it: ``v.next`` in a case of ``*Foo`` is ``v.(*Foo).next``."""
        if not self._regions or not receiver:
            return receiver
        head = _HEAD.match(receiver)
        if head is None or not (spans := self._regions.get(head[0])):
            return receiver
        regions = [(end - start, types) for (start, end), types in spans.items() if start <= offset < end]
        if not regions:
            return receiver
        _, types = min(regions, key=lambda region: region[0])
        if len(types) != 1 or not types[0]:
            return receiver
        return f"{head[0]}.({types[0]}){receiver[head.end() :]}"
