"""Python type annotations as written, read without a parser: the class one names, and what
a container annotation (``list[Task]``, ``dict[str, Task]``) holds.

The resolver evaluates the names these functions return; here is only the syntax, and the
names of the builtin and ``typing`` containers, whose methods are never the repository's.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .written import split_arguments

__all__ = ["DOTTED_NAME", "Named", "held_annotations", "read_annotation", "tuple_places"]

DOTTED_NAME = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*")
"""A name or a dotted path of names: ``Foo``, ``t.List``, ``self.app``."""
_WRAPPERS = frozenset({"Optional", "ClassVar", "Final", "Annotated", "Required", "NotRequired"})
# Containers whose iteration gives their first argument (a generator: what it yields), and
# context managers, whose first argument is what entering one gives (``with cm() as x``).
_ITERABLES = frozenset(
    {
        "AsyncIterable",
        "AsyncIterator",
        "AsyncGenerator",
        "ContextManager",
        "AbstractContextManager",
        "AsyncContextManager",
        "AbstractAsyncContextManager",
        "list",
        "List",
        "set",
        "Set",
        "frozenset",
        "FrozenSet",
        "deque",
        "Deque",
        "Iterable",
        "Iterator",
        "Generator",
        "Collection",
        "Sequence",
        "MutableSequence",
        "AbstractSet",
        "MutableSet",
        "Reversible",
        "KeysView",
        "ValuesView",
    }
)
# Containers whose iteration gives their keys, the first argument, mapped to the second.
_MAPPINGS = frozenset(
    {"dict", "Dict", "Mapping", "MutableMapping", "defaultdict", "DefaultDict", "OrderedDict", "ChainMap"}
)


class Named(NamedTuple):
    """The one class an annotation names (dotted, as written), whether it means the class
    itself (``type[Foo]``) rather than an instance, and the arguments in brackets after the
    name (``Task`` of ``list[Task]``)."""

    name: str
    wants_class: bool
    arguments: list[str]


def read_annotation(annotation: str) -> Named | None:
    """The class an annotation names, or None if it names several or none. ``Optional[Foo]``,
    ``Foo | None`` and ``"Foo"`` all give ``Foo``; ``type[Foo]`` gives the class itself."""
    text = annotation.strip().strip("\"'")
    options = [part for part in _parts(text, "|") if part not in ("None", "")]
    if len(options) != 1:
        return None
    text = options[0]
    arguments: list[str] = []
    if "[" in text and text.endswith("]"):
        head, _, inner = text[:-1].partition("[")
        short = head.rpartition(".")[2]
        if short in _WRAPPERS:
            return read_annotation(_parts(inner, ",")[0])
        if short == "Union":
            return read_annotation("|".join(_parts(inner, ",")))
        if short in ("type", "Type"):
            found = read_annotation(inner)
            return Named(found.name, True, []) if found else None
        text, arguments = head, _parts(inner, ",")
    return Named(text, False, arguments) if DOTTED_NAME.fullmatch(text) else None


def held_annotations(named: Named) -> tuple[str, str | None] | None:
    """For a builtin or ``typing`` container, the annotation of what iterating it gives and,
    for a mapping, of its values; None for anything else (``tuple[A, B]`` holds no one type)."""
    short, arguments = named.name.rpartition(".")[2], named.arguments
    if short in _MAPPINGS and len(arguments) == 2:
        return arguments[0], arguments[1]
    if short in ("tuple", "Tuple"):
        return (arguments[0], None) if len(arguments) == 2 and arguments[1] == "..." else None
    return (arguments[0], None) if short in _ITERABLES and arguments else None


def tuple_places(named: Named) -> list[str] | None:
    """The annotation of each place of a tuple of fixed length (``tuple[Blueprint, dict]``),
    or None for any other annotation."""
    short, arguments = named.name.rpartition(".")[2], named.arguments
    if short in ("tuple", "Tuple") and arguments and "..." not in arguments:
        return arguments
    return None


def _parts(text: str, separator: str) -> list[str]:
    """``text`` split at each top-level ``separator``, each part without the quotes of a
    forward reference: ``dict[str, "Task"], int`` gives ``dict[str, "Task"]`` and ``int``."""
    return [part.strip("\"'") for part in split_arguments(text, separator, angled=False)]
