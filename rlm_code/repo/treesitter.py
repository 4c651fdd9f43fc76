"""The one place that touches the py-tree-sitter API, so a version change is fixed here only.

Targets tree-sitter 0.26: ``Query(language, source)`` and ``QueryCursor(query).matches(node)``.
Grammars come from one wheel per language; queries from this package's ``queries/`` folder.
"""

from __future__ import annotations

import functools
import importlib
import re
from importlib import resources
from typing import TYPE_CHECKING

from .languages import LANGUAGES

if TYPE_CHECKING:
    import tree_sitter

__all__ = ["Match", "parse", "pattern_captures", "query_matches", "read_query_source"]

Match = tuple[int, dict[str, list["tree_sitter.Node"]]]
_INHERITS = re.compile(r";\s*inherits:\s*([\w, -]+)")
# A capture name, outside the query's strings and comments (which may mention `@overload`).
_CAPTURE = re.compile(r'"(?:[^"\\]|\\.)*"|;[^\n]*|@([\w.]+)')


@functools.cache
def _language(name: str) -> tree_sitter.Language:
    import tree_sitter

    module_name, function_name = LANGUAGES[name].grammar
    module = importlib.import_module(module_name)
    return tree_sitter.Language(getattr(module, function_name)())


@functools.cache
def _parser(name: str) -> tree_sitter.Parser:
    import tree_sitter

    return tree_sitter.Parser(_language(name))


def read_query_source(name: str) -> str:
    """The text of a language's tags query, followed by the queries it inherits.

    A first line such as ``; inherits: ecma, jsx`` (the nvim-treesitter convention) names
    shared files ``ecma-tags.scm`` and ``jsx-tags.scm``; they come after the language's own
    patterns, so its specific patterns win when both claim a node.
    """
    return _read_query_file(LANGUAGES[name].query_file)


def _read_query_file(file_name: str) -> str:
    folder = resources.files(__package__).joinpath("queries")
    source = folder.joinpath(file_name).read_text(encoding="utf-8")
    inherits = _INHERITS.match(source)
    if inherits is None:
        return source
    parents = [part.strip() for part in inherits.group(1).split(",") if part.strip()]
    return "\n".join([source, *(_read_query_file(f"{parent}-tags.scm") for parent in parents)])


@functools.cache
def _query(name: str) -> tree_sitter.Query:
    import tree_sitter

    return tree_sitter.Query(_language(name), read_query_source(name))


@functools.cache
def pattern_captures(name: str) -> tuple[frozenset[str], ...]:
    """The capture names written in each pattern of a language's tags query, by pattern
    index: what a match of that pattern can hold, known before any match arrives."""
    query = _query(name)
    source = read_query_source(name).encode("utf-8")

    def captures(start: int, end: int) -> frozenset[str]:
        text = source[start:end].decode("utf-8")
        return frozenset(match[1] for match in _CAPTURE.finditer(text) if match[1])

    return tuple(
        captures(query.start_byte_for_pattern(i), query.end_byte_for_pattern(i)) for i in range(query.pattern_count)
    )


def parse(name: str, data: bytes) -> tree_sitter.Tree:
    """Parse ``data`` with the grammar of language ``name``. Never raises on bad syntax:
    tree-sitter recovers and marks the broken spans as errors."""
    return _parser(name).parse(data)


def query_matches(name: str, node: tree_sitter.Node) -> list[Match]:
    """All matches of the language's tags query under ``node``, in document order."""
    import tree_sitter

    return tree_sitter.QueryCursor(_query(name)).matches(node)
