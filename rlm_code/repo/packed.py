"""What resolving references reads about one file, packed into one value per content.

A resolver reads a file's definitions, imports, class bases and name bindings all at once and
never searches them by column, so the index keeps them as one marshalled record per blob
instead of rows: loading a file is one read rather than hundreds of rows turned into objects,
and indexing writes far fewer rows. (Definitions, imports and bases are kept as rows too, for
the queries that search them by name.) Packing runs in the indexing workers, so the parent
process only stores the bytes.
"""

from __future__ import annotations

import marshal
from typing import Any, NamedTuple

from .extract import VALUE_KINDS
from .facts import FileFacts, Import
from .nesting import Nesting

__all__ = ["FORMAT_VERSION", "ResolverFacts", "pack", "pack_scopes", "unpack", "unpack_scopes"]

# Part of the index's schema version: marshal's format may change between Python versions,
# and an index written in another format is rebuilt rather than misread.
FORMAT_VERSION = f"marshal{marshal.version}"

Bindings = dict[str, dict[str, list[tuple[str, str]]]]


class ResolverFacts(NamedTuple):
    definitions: list[tuple[Any, ...]]  # the fields of each Definition, in source order
    imports: dict[str, list[Import]]  # scope -> what it imports, in order
    bases: dict[str, list[str]]  # class qualname -> its bases as written
    bindings: Bindings  # scope -> bound name -> [(value, kind)], see facts.Binding


def pack(facts: FileFacts) -> bytes:
    """The resolver's record of ``facts``."""
    imports: dict[str, list[tuple[Any, ...]]] = {}
    for item in facts.imports:
        imports.setdefault(item.scope, []).append(tuple(item))
    bases: dict[str, list[str]] = {}
    for cls, base in facts.bases:
        bases.setdefault(cls, []).append(base)
    bindings: Bindings = {}
    # Most bindings are untyped names that carry no value; sharing one ("", kind) tuple per
    # kind lets marshal write it once and load it once.
    valueless: dict[str, tuple[str, str]] = {}
    for scope, target, value, kind in facts.bindings:
        entry = (value, kind) if value else valueless.setdefault(kind, ("", kind))
        bindings.setdefault(scope, {}).setdefault(target, []).append(entry)
    return marshal.dumps(([tuple(d) for d in facts.definitions], imports, bases, bindings))


def unpack(data: bytes) -> ResolverFacts:
    definitions, imports, bases, bindings = marshal.loads(data)
    return ResolverFacts(
        definitions,
        {scope: [Import(*item) for item in items] for scope, items in imports.items()},
        bases,
        bindings,
    )


def pack_scopes(facts: FileFacts) -> bytes:
    """The line spans of the definitions that can enclose code (values enclose nothing), ready
    to answer "which definition is around line N": grep asks it of every file with a hit, and
    reading this small record is far cheaper than selecting and sorting definition rows."""
    spans = [(d.line, d.end_line + 1, d.qualname) for d in facts.definitions if d.kind not in VALUE_KINDS]
    return marshal.dumps(Nesting(spans).to_plain())  # end lines are inclusive, a Nesting's ends are not


def unpack_scopes(data: bytes) -> Nesting[str]:
    spans, parents = marshal.loads(data)
    return Nesting.from_plain((spans, parents))
