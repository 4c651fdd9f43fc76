"""What a name or expression stands for, as far as static resolution can tell, and the result
a resolver hands to the call graph.

Resolvers of every language speak this vocabulary; the call graph turns it into confidences.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from ..extract import CLASS_KINDS
from ..facts import Import
from ..symbols import Symbol

__all__ = [
    "CYCLE",
    "EXTERNAL",
    "FOREIGN_RESULT",
    "UNKNOWN",
    "ClassValue",
    "ContainerValue",
    "DefValue",
    "InstanceValue",
    "LiteralValue",
    "ModuleValue",
    "OneOfValue",
    "Resolution",
    "Resolver",
    "SuperValue",
    "TupleValue",
    "Value",
    "element_of",
    "place_of",
    "symbol_value",
]


@dataclass(frozen=True, slots=True)
class ModuleValue:
    """A module (Python), package (Go) or file (JS) of this repository."""

    name: str


@dataclass(frozen=True, slots=True)
class ClassValue:
    """The class object itself: ``Foo`` in ``Foo.create()`` or ``Foo()``."""

    symbol: Symbol


@dataclass(frozen=True, slots=True)
class InstanceValue:
    """An instance of a repository class: ``self``, or ``x`` after ``x = Foo()``."""

    symbol: Symbol


@dataclass(frozen=True, slots=True)
class SuperValue:
    """``super()`` inside ``symbol``: attribute lookups skip the class itself."""

    symbol: Symbol


@dataclass(frozen=True, slots=True)
class DefValue:
    """A function, method or variable definition."""

    symbol: Symbol


@dataclass(frozen=True, slots=True)
class ContainerValue:
    """A builtin container or iterator whose written type says what it holds (``list[Task]``,
    ``Iterator[Task]``, ``dict[str, Task]``). Its own methods are the language's, as for
    :data:`EXTERNAL`; iterating it gives ``items`` (a mapping's keys), and a mapping's values
    are ``values``."""

    items: Value
    values: Value | None = None


@dataclass(frozen=True, slots=True)
class TupleValue:
    """A tuple whose written type says what each place holds (``tuple[Blueprint, dict]``),
    or each step of ``d.items()``, ``enumerate(x)``, ``zip(a, b)``. Its methods are the
    language's, as for :data:`EXTERNAL`."""

    parts: tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class OneOfValue:
    """A name bound to instances (or classes) of several classes: ``field = Boolean()`` and
    later ``field = Date()``. A member that every option reaches alike is that member
    (``Field.deserialize``, which both inherit); any other is unknown."""

    options: frozenset[Value]


@dataclass(frozen=True, slots=True)
class LiteralValue:
    """A JavaScript object literal written at the top of a file, known by one of its methods:
    ``this`` in ``{ inspect() { return this.toJSON() }, toJSON() {...} }``."""

    method: Symbol


@dataclass(frozen=True, slots=True)
class _Marker:
    label: str


EXTERNAL = _Marker("external")
"""Something defined outside the repository: a builtin, the standard library, a dependency."""

UNKNOWN = _Marker("unknown")
"""Static resolution could not tell."""

CYCLE = _Marker("cycle")
"""What a value that depends on itself reads as while it is being worked out: ``field_dict =
self.select_related`` met while typing ``self.select_related = field_dict``, a recursive
function's own call. A binding to it adds nothing to what the others say; anything read from
it is unknown."""

FOREIGN_RESULT = _Marker("foreign result")
"""What a function outside the repository returned (``copy.copy(x)``, ``getattr(o, n)``): it
may be one of the repository's objects or not. Unlike :data:`UNKNOWN` it still disagrees
with any other value a name is bound to."""

Value = (
    ModuleValue
    | ClassValue
    | InstanceValue
    | SuperValue
    | DefValue
    | ContainerValue
    | TupleValue
    | OneOfValue
    | LiteralValue
    | _Marker
)


def symbol_value(symbol: Symbol, class_kinds: frozenset[str] = CLASS_KINDS) -> Value:
    """What naming a definition gives: the class itself for a class-like one (of a
    language's ``class_kinds``)."""
    return ClassValue(symbol) if symbol.kind in class_kinds else DefValue(symbol)


def place_of(value: Value, place: int) -> Value:
    """What place ``place`` of a :class:`TupleValue` holds (``value`` of ``key, value`` in a
    loop over pairs); UNKNOWN for a tuple too short, or any other value."""
    return value.parts[place] if isinstance(value, TupleValue) and place < len(value.parts) else UNKNOWN


def element_of(value: Value) -> Value:
    """What indexing ``value`` gives: an element of a sequence or array, the value of a
    mapping's pair (its items are pairs); UNKNOWN for anything but a :class:`ContainerValue`."""
    if not isinstance(value, ContainerValue):
        return UNKNOWN
    items = value.items
    return items.parts[1] if isinstance(items, TupleValue) and len(items.parts) == 2 else items


@dataclass(frozen=True, slots=True)
class Resolution:
    """What one reference names.

    ``symbol`` is set when resolution is certain. Otherwise ``outside`` says it names
    something outside the repository, ``receiver_class`` carries the receiver's class
    when that much was known but the member was not found on it, and ``name_only`` says
    that no guess beats a name match (``super().m()`` under a base made by a call is not the
    class's own ``m``, whatever else defines it).
    """

    symbol: Symbol | None = None
    outside: bool = False
    receiver_class: Symbol | None = None
    name_only: bool = False


class Resolver(Protocol):
    """Resolves references of one language family."""

    functions_held: bool
    """Whether code commonly calls a function or method through a name it is assigned to
    (JavaScript's ``const stringType = ZodString.create``): callers then looks for calls of
    those names, which costs a read of every file that names the function. A class is always
    looked for so (``request_class = Request``)."""

    def resolve(self, path: str, scope: str, receiver: str, name: str) -> Resolution:
        """What ``receiver.name`` (or bare ``name``) names, seen from ``scope`` in ``path``."""
        ...

    def resolve_call(self, path: str, scope: str, receiver: str, name: str, arity: int = -1) -> Resolution:
        """What the call ``receiver.name(...)`` (or bare ``name(...)``) calls, passing ``arity``
        arguments (-1 if not counted): what ``resolve`` says, but for a language that looks a
        called name up apart from the others, and picks an overload by its arguments (Java)."""
        ...

    def resolve_type(self, path: str, scope: str, receiver: str, name: str) -> Resolution:
        """What ``receiver.name`` written as a type names: what ``resolve`` says, but for a
        language that keeps types apart from values (TypeScript)."""
        ...

    def constructor_of(self, cls: Symbol) -> Symbol | None:
        """The method a call to class ``cls`` runs first (``__init__``, a constructor)."""
        ...

    def is_subclass(self, cls: Symbol, base: Symbol) -> bool:
        """Whether ``cls`` inherits from ``base`` (directly or not)."""
        ...

    def attribute(self, value: Value, name: str) -> Value:
        """What ``value.name`` names; for a class, the member its ancestors give it too."""
        ...

    def mro(self, cls: Symbol) -> tuple[list[Symbol], bool]:
        """The class and its repository ancestors, and whether every base was found."""
        ...

    def module_files(self, module: str) -> list[str]:
        """The files a module name as the language writes it denotes (``flask.helpers``,
        a Go import path, a Java package or class); empty if none in the repository."""
        ...

    def import_value(self, path: str, item: Import) -> Value:
        """What the name an import statement binds stands for."""
        ...

    def import_targets(self, path: str, item: Import) -> list[str]:
        """The repository files that import statement ``item`` in ``path`` refers to."""
        ...

    def import_words(self, path: str) -> set[str]:
        """Words of which every import that :meth:`import_targets` leads to ``path`` mentions
        one (lower-cased or not): a cheap filter before resolving each import."""
        ...
