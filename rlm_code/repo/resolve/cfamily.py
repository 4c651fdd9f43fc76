"""C and C++: includes, and names shared between files.

A file sees what it defines, what its includes define (transitively), and, since a header
only declares, what the source file beside each included header defines: including
``list.h`` makes ``list.c``'s functions visible. An include is looked for beside the
including file, from the repository root, then as the tail of any path (an ``-I`` folder).
In C++ a class's members may be defined in any file (``void Foo::bar()``), namespaces are
open (``ns::f`` is found wherever ``namespace ns`` defines ``f``), ``using ns::f;`` and
``namespace alias = ns;`` bind names, and code in a method sees its class's members by bare
name. Headers ending in ``.h`` are parsed as C.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections import defaultdict

from ..facts import Import
from ..symbols import Symbol, SymbolTable
from .generic import GenericResolver
from .hierarchy import parent_of
from .values import (
    EXTERNAL,
    UNKNOWN,
    ContainerValue,
    DefValue,
    ModuleValue,
    Resolution,
    TupleValue,
    Value,
    element_of,
    symbol_value,
)
from .written import called, split_last, subscript, type_name

__all__ = ["CFamilyResolver"]

_SOURCE_EXTENSIONS = (".c", ".cc", ".cpp", ".cxx", ".c++")
_MAX_VISIBLE = 64  # include chains are followed this far
_BRACED_TEMPORARY = re.compile(r"([A-Za-z_][\w:]*(?:<.*>)?)\{.*\}", re.DOTALL)
_EXTERNAL_NAMESPACES = frozenset({"std", "boost", "absl"})
_PAIR_MEMBERS = ("first", "second")
# Methods of the standard containers that give one of their elements (of a map, a value).
_ELEMENT_ACCESSORS = frozenset({"at", "front", "back", "top"})


class CFamilyResolver(GenericResolver):
    """Resolves C and C++ references."""

    members_visible = True
    holders = frozenset({"unique_ptr", "shared_ptr"})  # used as the object they point to
    sequences = frozenset(
        {
            "vector",
            "list",
            "deque",
            "forward_list",
            "array",
            "span",
            "initializer_list",
            "set",
            "multiset",
            "unordered_set",
            "unordered_multiset",
        }
    )
    mappings = frozenset({"map", "multimap", "unordered_map", "unordered_multimap"})

    def __init__(self, table: SymbolTable, family: str) -> None:
        super().__init__(table, family)
        self._aliasing: set[tuple[str, str, int]] = set()  # keys of the type aliases being read

    @functools.cached_property
    def _by_basename(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for path in self.table.paths():
            if self._in_family(path):
                found[posixpath.basename(path)].append(path)
        return dict(found)

    def include_file(self, path: str, written: str) -> str | None:
        """The repository file ``#include "written"`` in ``path`` brings in."""
        for candidate in (posixpath.join(posixpath.dirname(path), written), written):
            candidate = posixpath.normpath(candidate)
            if self.table.language(candidate) and self._in_family(candidate):
                return candidate
        same_name = self._by_basename.get(posixpath.basename(written), ())
        tails = [p for p in same_name if p.endswith(f"/{written}")]
        return min(tails) if tails else None

    @functools.cache  # noqa: B019 - one resolver lives as long as its symbol table
    def visible_files(self, path: str) -> list[str]:
        """``path``, the files it includes (breadth first), then the sources beside them."""
        order = [path]
        for current in order:
            symbols = self.table.file(current)
            for item in symbols.imports.get("", ()) if symbols else ():
                found = self.include_file(current, item.module)
                if found and found not in order and len(order) < _MAX_VISIBLE:
                    order.append(found)
        for header in list(order[1:]):
            stem = posixpath.splitext(header)[0]
            for extension in _SOURCE_EXTENSIONS:
                source = stem + extension
                if source not in order and self.table.language(source):
                    order.append(source)
        return order

    # -- the Resolver protocol --------------------------------------------------------------

    def resolve(self, path: str, scope: str, receiver: str, name: str) -> Resolution:
        """As for every language, but ``Foo(...)`` written directly in the body of class
        ``Foo`` declares its constructor (which a class behind an export macro parses as a
        call): no call at all."""
        if not receiver and scope.rpartition(".")[2] == name:
            symbols = self.table.file(path)
            if symbols is not None and symbols.kind_of(scope) in self.class_kinds:
                return Resolution(outside=True)
        return super().resolve(path, scope, receiver, name)

    def _attribute(self, value: Value, name: str) -> Value:
        """As for every language, and a pair's ``first`` and ``second`` (a step of a loop over a
        ``std::map``) are its key and its value."""
        if isinstance(value, TupleValue) and len(value.parts) == 2 and name in _PAIR_MEMBERS:
            return value.parts[_PAIR_MEMBERS.index(name)]
        return super()._attribute(value, name)

    def type_value(self, path: str, scope: str, text: str) -> Value:
        """As for every language; a ``const`` that compact text joins to the type after it
        (``constFoo`` of ``std::vector<const Foo *>``) is dropped when the whole names nothing,
        and a type alias (``typedef std::vector<Foo> Fodder;``, ``using Fodder = ...``) is the
        type it stands for."""
        value = super().type_value(path, scope, text)
        if value is UNKNOWN and text.startswith("const"):
            value = super().type_value(path, scope, text.removeprefix("const"))
        alias = self._alias(path, scope, text) if value is UNKNOWN else None
        if alias is not None and alias.key not in self._aliasing:
            self._aliasing.add(alias.key)  # `typedef struct Foo Foo;` stands for itself
            try:
                return self.type_value(alias.path, parent_of(alias.qualname), alias.returns)
            finally:
                self._aliasing.discard(alias.key)
        return value

    def _alias(self, path: str, scope: str, text: str) -> Symbol | None:
        """The type alias a written type names, if it names one whose aliased type is known."""
        name = type_name(text.removeprefix("const"), self.holders)
        value = self.evaluate(path, scope, name) if name else UNKNOWN
        if isinstance(value, DefValue) and value.symbol.kind == "type" and value.symbol.returns:
            return value.symbol
        return None

    def _evaluate(self, path: str, scope: str, expression: str) -> Value:
        """As for every language, and a temporary ``Foo{1}`` is a ``Foo``, as ``Foo(1)`` is;
        ``items[i]``, ``items.at(i)``, ``items.front()`` are an element of a container or an
        array (of a map, a value)."""
        braced = _BRACED_TEMPORARY.fullmatch(expression)
        if braced is not None:
            return self.call_result(self.callee_value(path, scope, braced[1]))
        if (parts := subscript(expression)) is not None:
            return element_of(self.evaluate(path, scope, parts[0]))
        callee = called(expression)
        receiver, name = split_last(callee) if callee else ("", "")
        if receiver and name in _ELEMENT_ACCESSORS:
            held = self.evaluate(path, scope, receiver)
            if isinstance(held, ContainerValue):
                return element_of(held)
        return super()._evaluate(path, scope, expression)

    def module_files(self, module: str) -> list[str]:
        return sorted(
            path
            for path in self._by_basename.get(posixpath.basename(module), ())
            if path == module or path.endswith(f"/{module}")
        )

    def import_targets(self, path: str, item: Import) -> list[str]:
        if item.name or item.alias:
            return []  # a C++ `using` or namespace alias, not an include
        found = self.include_file(path, item.module)
        return [found] if found else []

    # -- hooks ------------------------------------------------------------------------------

    def constructor_name(self, cls: Symbol) -> str | None:
        return cls.name

    def import_value(self, path: str, item: Import) -> Value:
        """A C++ ``using ns::name;`` or ``namespace alias = ns;`` (an include binds no name)."""
        namespace = item.module.replace("::", ".")
        return self.module_member(namespace, item.name) if item.name else ModuleValue(namespace)

    def shares_members(self, path: str, other: str) -> bool:
        return True

    def outer_value(self, path: str, scope: str, name: str) -> Value:
        """A name defined in a visible file, in the enclosing namespaces first. Inside class
        ``Foo`` (an out-of-line ``Foo::bar``), ``Foo`` is the class, not its constructor."""
        prefixes = []
        while scope:
            if scope.rpartition(".")[2] != name:
                prefixes.append(scope)
            scope = parent_of(scope)
        for prefix in [*prefixes, ""]:
            qualname = f"{prefix}.{name}" if prefix else name
            for other in self.visible_files(path)[1:]:
                symbol = self.table.symbol(other, qualname)
                if symbol is not None:
                    return symbol_value(symbol)
        if name in _EXTERNAL_NAMESPACES:
            return EXTERNAL
        named = self.table.definitions_named(name)
        if any(s.kind == "module" and s.qualname == name for s in named):
            return ModuleValue(name)
        return self._linked_function(named, name)

    def _linked_function(self, named: list[Symbol], name: str) -> Value:
        """The one function of the repository the linker would join a call of ``name`` to: a
        header's prototype may sit beside no source of that name (``jq.h`` declares what
        ``execute.c`` defines), but a global function name is one in a whole C program."""
        found = [
            s
            for s in named
            if s.qualname == name and s.kind == "function" and self._in_family(s.path) and not _is_static(s)
        ]
        return symbol_value(found[0]) if len(found) == 1 else UNKNOWN

    def namespace_member(self, namespace: Symbol, name: str) -> Value:
        return self.module_member(namespace.qualname, name)

    def module_member(self, module: str, name: str) -> Value:
        """``name`` in namespace ``module`` (a qualified name), wherever it is defined. What
        the repository does not define in ``std`` is the standard library's, though it opens
        ``namespace std`` itself to specialize ``std::hash`` (nlohmann's json.hpp)."""
        qualname = f"{module}.{name}"
        named = self.table.definitions_named(name)
        found = [s for s in named if s.qualname == qualname and self._in_family(s.path)]
        if not found:
            return EXTERNAL if module.partition(".")[0] in _EXTERNAL_NAMESPACES else UNKNOWN
        return ModuleValue(qualname) if found[0].kind == "module" else symbol_value(found[0])


def _is_static(function: Symbol) -> bool:
    """Whether a C function is file-local (``static``, ``static inline``), invisible elsewhere."""
    return "static" in function.signature.split("(")[0].split()
