"""Go: packages are folders, imports name them by path, and every file of a folder sees the
others' names.

An import path belongs to the repository when a ``go.mod`` declares its module
(``module example.com/shop`` in the root makes ``example.com/shop/store`` the folder
``store``, and ``example.com/shop`` the root), or else when its last elements are a folder
of it (``store`` or ``shop/store``, the longest match winning). The name an import binds is
its alias or the path's last element. Methods may be declared in any file of their type's
package.
"""

from __future__ import annotations

import functools
import posixpath
import re

from ..extract import CLASS_KINDS
from ..facts import Import
from .generic import GenericResolver
from .hierarchy import parent_of
from .values import (
    EXTERNAL,
    UNKNOWN,
    ContainerValue,
    DefValue,
    InstanceValue,
    ModuleValue,
    Resolution,
    TupleValue,
    Value,
    place_of,
)
from .written import closing_bracket, split_arguments, subscript

__all__ = ["GoResolver"]

_VERSION = re.compile(r"v\d+")
_IDENTIFIER = re.compile(r"[A-Za-z_]\w*")
_MODULE = re.compile(r"^\s*module\s+\"?([^\s\"]+)", re.MULTILINE)
# An expression and the fields read after it: `v.(*Route)` and `.next`, `r.middlewares[i]` and
# `.next` (the shortest head, so a plain path `a.b.c` splits as `a` and `.b.c`).
_TRAILING_FIELDS = re.compile(r"(.+?)((?:\.\w+)*)")
# A type assertion on a name or field: `x.(*Server)`.
_ASSERTION = re.compile(r"[\w.]+\.\(([^()]+)\)")
# A variadic parameter's declaration, which binds a slice (go-tags.scm): `hs...Handler`.
_VARIADIC = re.compile(r"[A-Za-z_]\w*\.\.\.(.+)")
# A channel's type, compacted: `chan*Route`, `<-chanerror`, `chan<-[]byte`; the element follows.
_CHANNEL = re.compile(r"(?:<-)?chan(?:<-)?(.+)")
_BUILTINS = frozenset(
    {
        "append",
        "cap",
        "clear",
        "close",
        "complex",
        "copy",
        "delete",
        "imag",
        "len",
        "make",
        "max",
        "min",
        "new",
        "panic",
        "print",
        "println",
        "real",
        "recover",
        "bool",
        "byte",
        "comparable",
        "complex64",
        "complex128",
        "error",
        "float32",
        "float64",
        "int",
        "int8",
        "int16",
        "int32",
        "int64",
        "rune",
        "string",
        "uint",
        "uint8",
        "uint16",
        "uint32",
        "uint64",
        "uintptr",
        "any",
    }
)


class GoResolver(GenericResolver):
    """Resolves Go references."""

    class_kinds = CLASS_KINDS | {"type"}  # `type Frame uintptr` has methods too

    @functools.cached_property
    def _packages(self) -> dict[str, list[str]]:
        """Folder -> its Go files."""
        return self.table.paths_by_folder("go")

    @functools.cached_property
    def _modules(self) -> list[tuple[str, str]]:
        """``(module path, folder)`` of each ``go.mod``, the longest module path first."""
        found = [
            (m[1], folder) for folder, text in self.table.manifests("go.mod").items() if (m := _MODULE.search(text))
        ]
        return sorted(found, key=lambda entry: -len(entry[0]))

    def package_folder(self, import_path: str) -> str | None:
        """The repository folder an import path names: inside a module a ``go.mod`` declares,
        or else its longest tail that is a folder."""
        for module, folder in self._modules:
            if import_path == module or import_path.startswith(f"{module}/"):
                inside = posixpath.join(folder, import_path[len(module) :].strip("/")).strip("/")
                if inside in self._packages:
                    return inside
        elements = import_path.split("/")
        tails = ("/".join(elements[cut:]) for cut in range(len(elements)))
        return next((tail for tail in tails if tail in self._packages), None)

    # -- the Resolver protocol --------------------------------------------------------------

    def module_files(self, module: str) -> list[str]:
        folder = self.package_folder(module)  # "" is the root folder
        return sorted(self._packages[folder]) if folder is not None else []

    def import_targets(self, path: str, item: Import) -> list[str]:
        return self.module_files(item.module)

    # -- hooks ------------------------------------------------------------------------------

    def import_words(self, path: str) -> set[str]:
        """Also, for a file in the folder of a ``go.mod``, its module's name: the package there
        is imported by the module path alone (``github.com/sirupsen/logrus``)."""
        folder = posixpath.dirname(path)
        names = {_package_name(module) for module, root in self._modules if root == folder}
        return super().import_words(path) | names

    def bound_name(self, item: Import) -> str:
        if item.alias in (".", "_"):
            return ""
        return item.alias or _package_name(item.module)

    def import_value(self, path: str, item: Import) -> Value:
        folder = self.package_folder(item.module)
        return ModuleValue(folder) if folder is not None else EXTERNAL

    def module_member(self, module: str, name: str) -> Value:
        for path in self._packages.get(module, ()):
            symbol = self.table.symbol(path, name)
            if symbol is not None:
                return self.value_of(symbol)
        return UNKNOWN

    def outer_value(self, path: str, scope: str, name: str) -> Value:
        """A name of the same package, of a dot-imported one, or a builtin."""
        value = self.module_member(posixpath.dirname(path), name)
        if value is not UNKNOWN:
            return value
        symbols = self.table.file(path)
        for item in symbols.imports.get("", ()) if symbols else ():
            folder = self.package_folder(item.module) if item.alias == "." else None
            if folder is not None and (value := self.module_member(folder, name)) is not UNKNOWN:
                return value
        return EXTERNAL if name in _BUILTINS else UNKNOWN

    def shares_members(self, path: str, other: str) -> bool:
        return posixpath.dirname(path) == posixpath.dirname(other)

    def _evaluate(self, path: str, scope: str, expression: str) -> Value:
        """As for every language, and a type assertion ``x.(*Server)`` is a ``*Server``: written
        so, or a type switch's variable in a case of that type (see ``narrowing.py``); an
        element ``rs[i]`` is what a step over ``rs`` holds in its second place."""
        trailing = _TRAILING_FIELDS.fullmatch(expression)
        head, fields = trailing.groups() if trailing else (expression, "")
        if (assertion := _ASSERTION.fullmatch(head)) is not None:
            value = self.type_value(path, scope, assertion[1])
        elif (parts := subscript(head)) is not None and parts[1] and ":" not in parts[1]:  # not `rs[1:]`
            value = place_of(self._step_of(self.evaluate(path, scope, parts[0])), 1)
        else:
            return super()._evaluate(path, scope, expression)
        for field in fields.split(".")[1:]:
            value = self.member_value(value, field)
        return value

    def type_value(self, path: str, scope: str, text: str) -> Value:
        """As for every language, but a function's list of results (``(e *Echo)``,
        ``(srv *Server, err error)``, ``(int, string)``) gives the type of the first, and a
        variadic parameter (``hs...Handler``) is a slice (``[]Handler``)."""
        variadic = _VARIADIC.fullmatch(text)
        return super().type_value(path, scope, f"[]{variadic[1]}" if variadic else _result_types(text)[0])

    def class_value(self, path: str, scope: str, text: str) -> Value:
        """As for every language, and a channel is outside the repository (its steps are its
        elements). A type is looked up first: ``channelWriter`` may be a type's name."""
        value = super().class_value(path, scope, text)
        return EXTERNAL if value is UNKNOWN and _CHANNEL.fullmatch(text.strip()) else value

    def step_types(self, text: str) -> list[str]:
        """What ``range`` gives over a map (its key and value: ``map[string]*Route``), a slice or
        an array (an index and the element: ``[]*Route``, ``[4]Route``), a channel (the element
        alone: ``chan*Route``, as bindings write it)."""
        text = text.strip().lstrip("*")
        if text.startswith(("[", "map[")):
            opening = text.index("[")
            closing = closing_bracket(text, opening)
            if closing != -1:
                key = text[opening + 1 : closing] if opening else "int"
                return [key, text[closing + 1 :]]
        channel = _CHANNEL.fullmatch(text)
        return [channel[1]] if channel else []

    def loop_step(self, path: str, scope: str, iterated: str) -> Value:
        """As for every language, by Go's places (see :meth:`_step_of`)."""
        return self._step_of(self.evaluate(path, scope, iterated))

    def _step_of(self, held: Value) -> Value:
        """What one step of ``range`` over ``held`` gives, as places: an index or a key and
        an element, or a channel's element alone (``v := <-ch`` takes it from the same place).
        A named type steps as the type it is defined as: ``type Routes []*Route``."""
        held = self._underlying(held)
        if not isinstance(held, ContainerValue):
            return UNKNOWN
        return held.items if isinstance(held.items, TupleValue) else TupleValue((held.items,))

    def _underlying(self, value: Value) -> Value:
        """The container an instance of a named slice, map or channel type is (``type Routes
        []*Route``: its signature, ``Routes []*Route``, writes it); ``value`` otherwise."""
        if not isinstance(value, InstanceValue) or value.symbol.kind != "type":
            return value
        symbol = value.symbol
        _, _, written = symbol.signature.partition(" ")
        underlying = self.type_value(symbol.path, parent_of(symbol.qualname), written) if written else UNKNOWN
        return underlying if isinstance(underlying, ContainerValue) else value

    def resolve(self, path: str, scope: str, receiver: str, name: str) -> Resolution:
        """As for every language, except a bare name that a closure's parameter and the function
        around the closure both bind: it is the one or the other by where it is written, which
        a scope cannot tell (``f := helper`` then ``run(func(f func()) { f() })``), so it names
        nothing of the repository for sure, and is outside only if all its bindings say so.
        Receivers need no such care: in the closure they say the parameter's type."""
        symbols = self.table.file(path) if not receiver else None
        bound = symbols.bindings.get(scope, {}).get(name, []) if symbols is not None else []
        if {kind == "param" for _, kind in bound} == {True, False}:
            return Resolution(outside=super()._binding_value(path, scope, _params_as_types(bound)) is EXTERNAL)
        return super().resolve(path, scope, receiver, name)

    def _binding_value(self, path: str, scope: str, bound: list[tuple[str, str]]) -> Value:
        """As for every language, without the parameters of closures (``'param'``, with their
        types) when the function binds the name itself: a closure's parameter holds its type
        inside the closure only, where its receivers say so (see ``narrowing.py``)."""
        own = [(text, kind) for text, kind in bound if kind != "param"]
        return super()._binding_value(path, scope, own or _params_as_types(bound))

    def later_result(self, callee: Value, place: int) -> Value:
        """The type of a function's result at ``place``: ``err`` in ``_, err := NewPair()``."""
        if not isinstance(callee, DefValue) or not callee.symbol.returns:
            return EXTERNAL if callee is EXTERNAL else UNKNOWN
        symbol = callee.symbol
        types = _result_types(symbol.returns)
        return self.type_value(symbol.path, symbol.qualname, types[place]) if place < len(types) else UNKNOWN


def _params_as_types(bound: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Bindings with each closure parameter read as a name declared with its type (a local of
    unknown value if it has none written: ``func(hs ...Handler)``)."""
    return [(text, ("type" if text else "local") if kind == "param" else kind) for text, kind in bound]


def _package_name(import_path: str) -> str:
    """The name a package imported by ``import_path`` is known by: its last element, but
    ``example.com/lib/v2`` is package lib."""
    elements = import_path.split("/")
    if len(elements) > 1 and _VERSION.fullmatch(elements[-1]):
        return elements[-2]
    return elements[-1]


def _result_types(text: str) -> list[str]:
    """The type of each result of a parenthesised list, named (``(a, b *T, err error)``: a
    name without a type has the next one's) or not (``(int, *T)``); ``[text]`` for a type."""
    if not (text.startswith("(") and text.endswith(")")):
        return [text]
    parts = [part.split(None, 1) for part in split_arguments(text[1:-1])]
    if not any(len(words) == 2 and _IDENTIFIER.fullmatch(words[0]) and words[0] != "chan" for words in parts):
        return [" ".join(words) for words in parts]
    types: list[str] = []
    following = ""
    for words in reversed(parts):
        following = words[1] if len(words) == 2 else following
        types.append(following)
    return types[::-1]
