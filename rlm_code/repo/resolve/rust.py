"""Rust: module paths of one crate, ``use`` declarations, and methods in any ``impl`` of it.

A crate is the folder holding ``lib.rs`` or ``main.rs``; its files are modules by the usual
layout (``src/a/b.rs`` and ``src/a/b/mod.rs`` are ``crate::a::b``). A path starts at the
crate (``crate::``), the current module (``self::``, or a child module's name), its parent
(``super::``), a name the file imports, or a crate's name: the repository's own crates by the
name their ``Cargo.toml`` gives them (what its tests and examples write), and other first
names are external crates. Inline
``mod x { ... }`` blocks are definitions of kind ``module``. ``pub use`` re-exports and
glob imports are followed. Trait methods reach a type through ``impl Trait for Type`` in
the type's own file.
"""

from __future__ import annotations

import functools
import posixpath
import re
import tomllib

from ..facts import Import
from ..symbols import SymbolTable
from .generic import GenericResolver
from .hierarchy import parent_of
from .values import (
    EXTERNAL,
    UNKNOWN,
    ClassValue,
    ContainerValue,
    DefValue,
    InstanceValue,
    ModuleValue,
    TupleValue,
    Value,
    element_of,
    place_of,
    symbol_value,
)
from .written import called, closing_bracket, split_arguments, split_last, subscript

__all__ = ["RustResolver"]

_ROOTS = ("lib.rs", "main.rs")
_PRELUDE = frozenset(
    {
        "Some",
        "None",
        "Ok",
        "Err",
        "Option",
        "Result",
        "Vec",
        "String",
        "Box",
        "Rc",
        "Arc",
        "Default",
        "Clone",
        "Copy",
        "Debug",
        "Iterator",
        "IntoIterator",
        "From",
        "Into",
        "ToString",
        "ToOwned",
        "Drop",
        "Fn",
        "FnMut",
        "FnOnce",
        "Send",
        "Sync",
        "Sized",
        "drop",
        "std",
        "core",
        "alloc",
        "println",
        "print",
        "eprintln",
        "eprint",
        "format",
        "vec",
        "panic",
        "assert",
        "assert_eq",
        "assert_ne",
        "write",
        "writeln",
        "todo",
        "unimplemented",
        "unreachable",
        "matches",
        "dbg",
    }
)


# Methods of the locks and smart pointers that give what they hold (on a type read as what
# it holds, see ``holders``, they are the wrapper's where the type has none of its own).
_UNWRAPPING = frozenset(
    {
        "unwrap",
        "expect",
        "unwrap_or",
        "unwrap_or_else",
        "unwrap_or_default",
        "as_ref",
        "as_mut",
        "as_deref",
        "as_deref_mut",
        "clone",
        "to_owned",
        "borrow",
        "borrow_mut",
        "lock",
    }
)
# An Option or Result is read as a collection of at most one (see ``type_value``); what
# calling these methods on a collection gives, by what it is made of (see ``_held``).
_HELD_RESULTS = {
    # What it holds: `opt.unwrap()`, `cache.get_or_insert_with(Foo::new)`.
    "item": frozenset(
        {
            "unwrap",
            "expect",
            "unwrap_or",
            "unwrap_or_else",
            "unwrap_or_default",
            "unwrap_unchecked",
            "get_or_insert",
            "get_or_insert_with",
        }
    ),
    # One holding the same: `opt.as_ref()`, `res.ok()`, `items.clone()`, a lock's `borrow()`.
    "same": frozenset(
        {
            "as_ref",
            "as_mut",
            "as_deref",
            "as_deref_mut",
            "as_slice",
            "as_mut_slice",
            "to_vec",
            "clone",
            "to_owned",
            "cloned",
            "copied",
            "take",
            "replace",
            "ok",
            "ok_or",
            "ok_or_else",
            "map_err",
            "or",
            "or_else",
            "xor",
            "filter",
            "borrow",
            "borrow_mut",
        }
    ),
    # A Result of it: a lock's `lock()`, `read()`, `write()`.
    "locked": frozenset({"lock", "read", "write", "try_lock"}),
    # An Option of an element: `items.first()`, `map.get(&key)` (of a value).
    "element": frozenset(
        {"first", "last", "first_mut", "last_mut", "pop", "pop_front", "pop_back", "front", "back", "get", "get_mut"}
    ),
    # Something that may be one of the repository's values, or not: `opt.map(..)`.
    "unknown": frozenset({"map", "and_then", "map_or", "map_or_else", "flatten", "zip", "unzip", "transpose", "and"}),
}
_ONE_OR_NONE = frozenset({"Option", "Result"})
# A first parameter `self`, `&self`, `&'a mut self`, `mut self`.
_SELF_PARAMETER = re.compile(r"\(\s*(?:&\s*(?:'\w+\s+)?)?(?:mut\s+)?self\b")
# A path through a tuple struct's fields or a tuple's places, named by position: `self.0.exec`.
_POSITIONAL_PATH = re.compile(r"[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\.\d+(?:\.(?:[A-Za-z_]\w*|\d+))*")


# Iterator adapters that give what the collection they are called on holds, each step as it is
# (some of the steps: `filter(|x| ..)`, `skip(1)`). `filter` and `take` are in _HELD_RESULTS too,
# as an Option's methods: the same names, another meaning.
_ITERATING = frozenset(
    {
        "iter",
        "iter_mut",
        "into_iter",
        "rev",
        "copied",
        "cloned",
        "filter",
        "skip",
        "take",
        "skip_while",
        "take_while",
        "step_by",
        "inspect",
        "peekable",
        "fuse",
        "by_ref",
    }
)
# Those of a map that give one part of each of its pairs: its key (0) or its value (1).
_MAP_PARTS = {"keys": 0, "into_keys": 0, "values": 1, "values_mut": 1, "into_values": 1}


class RustResolver(GenericResolver):
    """Resolves Rust references."""

    # A smart pointer is used as what it points to; a lock is read as what it holds, whose
    # methods code reaches after locking (see ``_unwrapped``).
    holders = frozenset({"Box", "Rc", "Arc", "Mutex", "RwLock", "RefCell", "Cell"})
    sequences = frozenset({"Vec", "VecDeque", "LinkedList", "HashSet", "BTreeSet", "BinaryHeap"})
    mappings = frozenset({"HashMap", "BTreeMap"})

    def __init__(self, table: SymbolTable, family: str) -> None:
        super().__init__(table, family)
        self._globbing: set[tuple[str, str]] = set()  # (path, name) being searched for in globs

    @functools.cached_property
    def _modules(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """Path -> (crate folder, module path inside the crate)."""
        rust = [p for p in self.table.paths() if self.table.language(p) == "rust"]
        roots = {posixpath.dirname(p) for p in rust if posixpath.basename(p) in _ROOTS}
        modules: dict[str, tuple[str, tuple[str, ...]]] = {}
        for path in rust:
            folder = posixpath.dirname(path)
            while folder not in roots and folder:
                folder = posixpath.dirname(folder)
            if folder not in roots:
                continue
            inside = posixpath.relpath(path, folder) if folder else path
            parts = inside.removesuffix(".rs").split("/")
            if parts[-1] == "mod" or (len(parts) == 1 and parts[0] in ("lib", "main")):
                parts = parts[:-1]
            modules[path] = (folder, tuple(parts))
        return modules

    @functools.cached_property
    def _files(self) -> dict[tuple[str, tuple[str, ...]], str]:
        """(crate folder, module path) -> its file; a crate's root is its ``lib.rs`` first."""
        files: dict[tuple[str, tuple[str, ...]], str] = {}
        for path, key in sorted(self._modules.items(), key=lambda entry: not entry[0].endswith("lib.rs")):
            files.setdefault(key, path)
        return files

    @functools.cached_property
    def _crates(self) -> dict[str, str]:
        """Crate name, as code writes it -> the folder of its ``lib.rs``, from each
        ``Cargo.toml``'s ``[lib]`` or ``[package]`` name."""
        crates = {}
        for folder, text in self.table.manifests("Cargo.toml").items():
            try:
                manifest = tomllib.loads(text)
            except tomllib.TOMLDecodeError:
                continue
            lib, package = manifest.get("lib", {}), manifest.get("package", {})
            name = lib.get("name") or package.get("name")
            source = posixpath.dirname(lib.get("path", "src/lib.rs"))
            crate = posixpath.join(folder, source) if folder else source
            if isinstance(name, str) and (crate, ()) in self._files:
                crates[name.replace("-", "_")] = crate
        return crates

    # -- the Resolver protocol --------------------------------------------------------------

    def module_files(self, module: str) -> list[str]:
        parts = tuple(p for p in module.split("::") if p)
        parts = parts[1:] if parts[:1] == ("crate",) else parts
        return sorted({path for (_, inside), path in self._files.items() if inside == parts})

    def import_targets(self, path: str, item: Import) -> list[str]:
        named = f"{item.module}::{item.name}" if item.name not in ("", "self", "*") else item.module
        for written in (named, item.module):
            value = self.path_value(path, item.scope, written)
            if isinstance(value, ModuleValue):
                return [value.name]
            if isinstance(value, DefValue | ClassValue):
                return [value.symbol.path]
        return []

    def import_words(self, path: str) -> set[str]:
        """Also what a ``use`` reaching ``path`` may name instead of its module: an item it
        defines, re-exported (``use serde_json::from_str`` reaches ``src/de.rs``); for a
        crate root, ``crate`` and the crate's names (``use indexmap::IndexMap``); and
        ``super``, for a module with modules below it (``use super::*`` in ``src/map/core.rs``
        reaches ``src/map.rs``)."""
        words = super().import_words(path)
        symbols = self.table.file(path)
        if symbols is not None:
            words |= {name for name in symbols.definitions if "." not in name}
        if path not in self._modules:
            return words
        crate, inside = self._modules[path]
        if not inside:
            words |= {"crate", *(name for name, folder in self._crates.items() if folder == crate)}
        if (crate, inside) in self._parents:
            words.add("super")
        return words

    @functools.cached_property
    def _parents(self) -> set[tuple[str, tuple[str, ...]]]:
        """(crate folder, module path) of each module with a module below it."""
        return {(crate, inside[:end]) for crate, inside in self._modules.values() for end in range(len(inside))}

    # -- paths ------------------------------------------------------------------------------

    def _evaluate(self, path: str, scope: str, expression: str) -> Value:
        """A ``::`` path, or ``super``/``crate`` alone, names a module or an item; ``self`` is
        the instance inside an ``impl`` and the current module elsewhere (``self::f()``);
        ``items[i]`` is an element of ``items``, ``items[1..]`` a slice of them."""
        module_path = expression in ("super", "crate") or (expression == "self" and not self._takes_self(path, scope))
        if module_path or ("::" in expression and not expression.endswith(")")):
            return self.path_value(path, scope, expression)
        if (parts := subscript(expression)) is not None:
            held = self.evaluate(path, scope, parts[0])
            if ".." not in parts[1]:
                return element_of(held)
            return held if isinstance(held, ContainerValue) or held is EXTERNAL else UNKNOWN  # a slice
        if _POSITIONAL_PATH.fullmatch(expression):
            return self._positional(path, scope, expression)
        inner = self._unwrapped(path, scope, expression)
        return inner if inner is not None else super()._evaluate(path, scope, expression)

    def _positional(self, path: str, scope: str, expression: str) -> Value:
        """A path with fields named by position (``self.0.searcher``): a tuple struct's field
        ``0`` is declared so (rust-tags.scm), a tuple's place ``1`` holds what its type says."""
        head, *parts = expression.split(".")
        value = self.head_value(path, scope, head)
        for part in parts:
            positional = part.isdigit() and isinstance(value, TupleValue)
            value = place_of(value, int(part)) if positional else self.member_value(value, part)
        return value

    def _takes_self(self, path: str, scope: str) -> bool:
        """Whether the innermost function ``scope`` lies in takes ``self``: there ``self`` is
        an instance, of a type of the repository or not (``impl Index for usize``, whose
        methods are no scope of their type's)."""
        while scope:
            symbol = self.table.symbol(path, scope)
            if symbol is not None and symbol.kind in ("function", "method"):
                return _SELF_PARAMETER.search(symbol.signature) is not None
            scope = parent_of(scope)
        return False

    def _unwrapped(self, path: str, scope: str, expression: str) -> Value | None:
        """``x?``, ``x.unwrap()``, ``x.expect(..)``, ``x.as_ref()``, ``x.lock()`` and the like
        give what ``x`` holds; ``opt.as_ref()`` or ``res.ok()`` an Option of the same, and
        ``items.first()`` or ``map.get(k)`` an Option of an element (see ``_held``). None if
        ``expression`` is no such call."""
        if expression.endswith("?"):
            held = self.evaluate(path, scope, expression[:-1])
            return held.items if isinstance(held, ContainerValue) else held
        callee = called(expression)
        receiver, name = split_last(callee) if callee else ("", "")
        if not receiver:
            return None
        held = self.evaluate(path, scope, receiver)
        if isinstance(held, ContainerValue):
            return _held(held, name)
        if name not in _UNWRAPPING:
            return None
        if isinstance(held, InstanceValue) and self.attribute(held, name) in (UNKNOWN, EXTERNAL):
            return held  # the type itself has no such method: the wrapper's is meant
        return None

    def type_value(self, path: str, scope: str, text: str) -> Value:
        """As for every language; an Option or Result (the crate's own ``Result<T>`` alias
        too) is a collection of at most one: what it holds is reached by unwrapping or
        iterating it, and a method called on it directly is its own (``self.value.take()``
        is ``Option::take`` whatever ``Value`` defines). A tuple holds each of its places."""
        inner = self._unboxed(text)
        if inner.startswith("(") and closing_bracket(inner, 0) == len(inner) - 1:
            return self._tuple_value(path, scope, inner[1:-1])
        head, _, arguments = inner.partition("<")
        if head.rpartition(":")[2] in _ONE_OR_NONE and inner.endswith(">"):
            return ContainerValue(self.type_value(path, scope, split_arguments(arguments[:-1])[0]))
        return super().type_value(path, scope, text)

    def _tuple_value(self, path: str, scope: str, inside: str) -> Value:
        """A tuple type's places, each of its own type (``Vec<(Span, Foo)>``: a loop's
        ``(span, foo)`` takes the second); the unit type ``()`` is the language's own."""
        parts = [part for part in split_arguments(inside) if part]
        if not parts:
            return EXTERNAL
        return TupleValue(tuple(self.type_value(path, scope, part) for part in parts))

    def step_types(self, text: str) -> list[str]:
        """As for every language, through the smart pointers and locks around a collection
        (``Rc<RefCell<Vec<Foo>>>``)."""
        return super().step_types(self._unboxed(text))

    def _unboxed(self, text: str) -> str:
        """A written type without the references, smart pointers and locks around it."""
        text = text.strip().lstrip("&*").strip()
        head, _, inner = text.partition("<")
        if head.rpartition(":")[2] in self.holders and text.endswith(">"):
            return self._unboxed(split_arguments(inner[:-1])[0])
        return text

    def loop_step(self, path: str, scope: str, iterated: str) -> Value:
        """As for every language, through the adapters of the standard collections:
        ``items.iter()`` and ``items.iter().filter(..)`` step as ``items`` does,
        ``map.values()`` gives each value, and ``x.iter().enumerate()`` pairs an index with
        each step."""
        callee = called(iterated) if iterated.endswith(")") else None
        receiver, name = split_last(callee) if callee else ("", "")
        if not receiver:
            return super().loop_step(path, scope, iterated)
        if name in _ITERATING:
            return self.loop_step(path, scope, receiver)
        if name == "enumerate":
            step = self.loop_step(path, scope, receiver)
            return TupleValue((EXTERNAL, step)) if step is not UNKNOWN else UNKNOWN
        if name in _MAP_PARTS:
            step = self.loop_step(path, scope, receiver)
            if isinstance(step, TupleValue) and len(step.parts) == 2:
                return step.parts[_MAP_PARTS[name]]
        return super().loop_step(path, scope, iterated)

    def path_value(self, path: str, scope: str, written: str) -> Value:
        """What a path such as ``crate::a::f``, ``super::b`` or ``shapes::Circle`` names."""
        parts = written.split("::")
        crate, current = self._modules.get(path, ("", ()))
        head = parts[0]
        if head in ("crate", "self", "super"):
            here = (*current, *self._inline_modules(path, scope))
            base = () if head == "crate" else here[:-1] if head == "super" else here
            rest = parts[1:]
            while rest and rest[0] == "super":
                base, rest = base[:-1], rest[1:]
            value: Value = self._module_in(path, base)
        else:
            value, rest = self.head_value(path, scope, head), parts[1:]
            if value is UNKNOWN:
                value = self._module(crate, (*current, head))
            if value is UNKNOWN and head in self._crates:
                value = self._module(self._crates[head], ())
            if value is UNKNOWN:
                value = EXTERNAL  # another crate: std, a dependency
        for part in rest:
            value = self.member_value(value, part)
        return value

    def _module(self, crate: str, inside: tuple[str, ...]) -> Value:
        path = self._files.get((crate, inside))
        return ModuleValue(path) if path else UNKNOWN

    def _inline_modules(self, path: str, scope: str) -> tuple[str, ...]:
        """The ``mod x { ... }`` blocks of ``path`` that ``scope`` lies in, outermost first:
        in ``mod tests { use super::*; }`` the module ``super`` names is the file's own."""
        inline: tuple[str, ...] = ()
        for part in scope.split(".") if scope else ():
            symbol = self.table.symbol(path, ".".join((*inline, part)))
            if symbol is None or symbol.kind != "module":
                break
            inline = (*inline, part)
        return inline

    def _module_in(self, path: str, inside: tuple[str, ...]) -> Value:
        """The module at ``inside`` in the crate of ``path``: a file, or a ``mod x { ... }``
        block of ``path`` itself when ``inside`` goes below the file's own module."""
        crate, current = self._modules.get(path, ("", ()))
        if len(inside) > len(current) and inside[: len(current)] == current:
            symbol = self.table.symbol(path, ".".join(inside[len(current) :]))
            return DefValue(symbol) if symbol is not None else UNKNOWN
        return self._module(crate, inside)

    # -- hooks ------------------------------------------------------------------------------

    def bound_name(self, item: Import) -> str:
        if item.alias:
            return item.alias
        if item.name == "*":
            return ""
        if item.name in ("", "self"):
            return item.module.rpartition("::")[2]
        return item.name.rpartition("::")[2]

    def import_value(self, path: str, item: Import) -> Value:
        if item.name in ("", "self"):
            return self.path_value(path, item.scope, item.module)
        return self.path_value(path, item.scope, f"{item.module}::{item.name}")

    def module_member(self, module: str, name: str) -> Value:
        """``name`` in the module file ``module``: an item, a re-export, a child module."""
        symbols = self.table.file(module)
        if symbols is None:
            return UNKNOWN
        symbol = symbols.definitions.get(name)
        if symbol is not None:
            return symbol_value(symbol)
        for item in symbols.imports.get("", ()):
            if self.bound_name(item) == name:
                return self.imported(module, item)
        crate, inside = self._modules.get(module, ("", ()))
        child = self._module(crate, (*inside, name))
        return child if child is not UNKNOWN else self._glob_member(module, name)

    def _glob_member(self, path: str, name: str) -> Value:
        """``name`` as one of the glob imports of ``path`` brings it in. A glob import whose
        path leads back to the same search names nothing of the repository: in
        ``src/rayon/map.rs``, ``use rayon::prelude::*;`` looks for the crate ``rayon`` among
        its own glob imports."""
        key = (path, name)
        if key in self._globbing:
            return UNKNOWN
        self._globbing.add(key)
        try:
            symbols = self.table.file(path)
            for item in symbols.imports.get("", ()) if symbols else ():
                if item.name == "*":
                    value = self.attribute(self.path_value(path, "", item.module), name)
                    if value not in (UNKNOWN, EXTERNAL):
                        return value
            return UNKNOWN
        finally:
            self._globbing.discard(key)

    def outer_value(self, path: str, scope: str, name: str) -> Value:
        """A child module declared with ``mod name;``, a glob import, or the prelude."""
        crate, inside = self._modules.get(path, ("", ()))
        value = self._module(crate, (*inside, name))
        if value is UNKNOWN:
            value = self._glob_member(path, name)
        return EXTERNAL if value is UNKNOWN and name in _PRELUDE else value

    def shares_members(self, path: str, other: str) -> bool:
        """Any file of the same crate may hold an ``impl`` of a type."""
        crate = self._modules.get(path)
        return crate is not None and crate[0] == self._modules.get(other, (None,))[0]


def _held(container: ContainerValue, method: str) -> Value:
    """What calling ``method`` on a collection, an Option or a Result gives (see
    ``_HELD_RESULTS``); for any other method, the language's own value."""
    if method in _HELD_RESULTS["item"]:
        return container.items
    if method in _HELD_RESULTS["same"]:
        return container
    if method in _HELD_RESULTS["locked"]:
        return ContainerValue(container)
    if method in _HELD_RESULTS["element"]:
        return ContainerValue(element_of(container))
    return UNKNOWN if method in _HELD_RESULTS["unknown"] else EXTERNAL
