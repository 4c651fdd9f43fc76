"""Callers, callees and references: resolved references turned into answers with confidences.

A reference is ``exact`` when its resolver names the target for certain; ``likely`` when it
could not, but either the method name has a single callable definition in the repository or
the receiver's class is a base of the target's class; ``name`` when only the name matches.
References that resolve to something else, or to code outside the repository, are dropped.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .anonymous import named_scope
from .extract import CLASS_KINDS, VALUE_KINDS
from .facts import Import
from .languages import LANGUAGES
from .resolve import resolver_for
from .resolve.python import PythonResolver
from .resolve.values import ClassValue, DefValue, Resolution, Resolver
from .store import IndexStore
from .symbols import Symbol, SymbolTable

__all__ = ["CONFIDENCES", "CallGraph", "Site"]

CONFIDENCES = ("exact", "likely", "name")

# Methods of builtin types. A call such as ``d.get(k)`` on a receiver of unknown type is far
# more often a dict than the one repository method named ``get``, so for these names the
# single-definition rule does not make a call `likely`.
_BUILTIN_METHODS = frozenset(
    name
    for kind in (str, bytes, list, dict, set, tuple, int, float, frozenset, bytearray)
    for name in dir(kind)
    if not name.startswith("_")
) | frozenset(
    [
        "read",
        "write",
        "close",
        "flush",
        "seek",
        "readline",
        "readlines",
        "open",
        "send",
        "recv",
        "put",
        "next",
        "run",
        "start",
        "stop",
        "wait",
        "acquire",
        "release",
        "match",
        "search",
        "group",
        "sub",
        "then",
        "catch",
        "push",
        "length",
        "apply",
        "call",
        "bind",
        "forEach",
        "map",
        "filter",
        "reduce",
        "toString",
        "equals",
        "hashCode",
        "size",
        "isEmpty",
        "contains",
        "String",
        "Error",
        "Close",
        "Write",
        "Read",
        "unwrap",
        "expect",
        "clone",
        "iter",
        "len",
        "to_string",
        "as_str",
        "into",
        "from",
        "new",
        "default",
        "fmt",
        "printf",
        "free",
        "malloc",
        # C++ standard containers and strings
        "empty",
        "resize",
        "reserve",
        "push_back",
        "pop_back",
        "emplace_back",
        "emplace",
        "begin",
        "end",
        "front",
        "back",
        "at",
        "data",
        "c_str",
        "substr",
        "erase",
        "swap",
        "compare",
        "assign",
        "reset",
        "lock",
        "unlock",
        # JavaScript arrays, maps and sets
        "slice",
        "splice",
        "indexOf",
        "includes",
        "some",
        "every",
        "find",
        "findIndex",
        "sort",
        "shift",
        "unshift",
        "has",
        "set",
        "delete",
        "keys",
        "values",
        "entries",
        # Java collections
        "put",
        "containsKey",
        "add",
        "remove",
    ]
)


@dataclass(frozen=True, slots=True)
class Site:
    """One reference to a target: where it is, which definition encloses it, how sure we are,
    and which of the targets it reaches."""

    path: str
    line: int
    column: int
    caller: str
    confidence: str
    kind: str
    callee: Symbol | None
    name: str


class CallGraph:
    """Resolves references over one :class:`SymbolTable`."""

    def __init__(self, store: IndexStore, table: SymbolTable) -> None:
        self._store = store
        self.table = table
        self._resolvers: dict[str, Resolver] = {}
        self._based_on: dict[str, list[tuple[int, str]]] | None = None
        self._all_imports: list[tuple[Any, ...]] = []
        self._imports_by_word: dict[str, list[int]] | None = None  # word -> indexes in _all_imports
        self._single_methods: dict[tuple[str, str], Symbol | None] = {}  # (name, family) -> the one

    def resolver(self, lang: str) -> Resolver:
        family = LANGUAGES[lang].family
        if family not in self._resolvers:
            self._resolvers[family] = resolver_for(family, self.table)
        return self._resolvers[family]

    # -- callers and references ---------------------------------------------------------------

    def references_to(self, targets: list[Symbol], *, kinds: Iterable[str] | None = None) -> list[Site]:
        """Every reference that may name one of ``targets``, best confidence first.

        ``kinds`` limits the reference kinds (``call``, ``ref``, ``type``); None means all.
        """
        wanted_kinds = set(kinds) if kinds is not None else None
        by_key = {t.key: t for t in targets}
        sites: list[Site] = []
        seen: set[tuple[str, int, int]] = set()
        reaching = [self._names_reaching(t) for t in targets]
        # A name that only holds a target (`stringType` in `const stringType = ZodString.create`)
        # reaches it where a call of it resolves to the target: matching it is no name match,
        # and reading it no use of the target.
        held_only = {n for names in reaching for n, held in names.items() if held} - {
            n for names in reaching for n, held in names.items() if not held
        }
        rows_by_name = {
            name: [row for row in self._store.references(name=name) if wanted_kinds is None or row[3] in wanted_kinds]
            for name in sorted({n for names in reaching for n in names})
        }
        self.table.load(
            path for rows in rows_by_name.values() for row in rows for path in self.table.paths_of_blob(row[0])
        )
        candidates_in: dict[str, list[Symbol]] = {}  # by the referring file's language
        for name, rows in rows_by_name.items():
            for blob_id, ref_name, receiver, kind, line, col, scope, arity in rows:
                for path in self.table.paths_of_blob(blob_id):
                    lang = self.table.language(path)
                    if lang is None or (path, line, col) in seen:
                        continue
                    candidates = candidates_in.get(lang)
                    if candidates is None:
                        candidates = candidates_in[lang] = [
                            t for t in targets if _same_family(lang, self.table.language(t.path))
                        ]
                    if not candidates:
                        continue
                    unique = self._single_callable(name, lang)
                    if unique is not None and unique.key not in by_key:
                        unique = None
                    resolver = self.resolver(lang)
                    resolution = _resolved(resolver, kind, path, scope, receiver, ref_name, arity)
                    site = self._judge(resolver, resolution, candidates, by_key, unique, receiver, ref_name)
                    if site is None or (name in held_only and (site[0] == "name" or kind != "call")):
                        continue
                    confidence, callee = site
                    seen.add((path, line, col))
                    sites.append(Site(path, line, col, _caller_name(scope), confidence, kind, callee, ref_name))
        if wanted_kinds is None:
            sites += self._import_sites(targets, by_key)
        order = {c: i for i, c in enumerate(CONFIDENCES)}
        return sorted(sites, key=lambda s: (order[s.confidence], s.path, s.line, s.column))

    def _import_sites(self, targets: list[Symbol], by_key: dict[tuple[str, str, int], Symbol]) -> list[Site]:
        """The import statements that bring one of ``targets`` in by name (or as a default
        export), and the statements that export it under another name."""
        sites = []
        for name in sorted({t.name for t in targets}):
            for blob_id, *row in self._store.imports_named(name):
                item = Import(*row)
                for path in self.table.paths_of_blob(blob_id):
                    lang = self.table.language(path)
                    if lang is None:
                        continue
                    resolver = self.resolver(lang)
                    value = resolver.import_value(path, item)
                    callee = by_key.get(value.symbol.key) if isinstance(value, DefValue | ClassValue) else None
                    if callee is None:  # a variable's value is what it holds: `from .globals import request`
                        modules = resolver.import_targets(path, item)
                        callee = next((t for t in targets if t.qualname == item.name and t.path in modules), None)
                    if callee is None:
                        continue
                    if not item.module and path == callee.path and callee.line <= item.line <= callee.end_line:
                        continue  # `export default function f`: the definition itself
                    kind = "import" if item.module else "export"  # `export { f as g }`, `module.exports = f`
                    sites.append(Site(path, item.line, 1, _caller_name(item.scope), "exact", kind, callee, name))
        return sites

    def _names_reaching(self, target: Symbol) -> dict[str, bool]:
        """Reference names that can reach ``target``: its own, the class name for a constructor
        (``Foo()`` runs ``Foo.__init__``) and any alias either is imported under; and, true
        in the result, the names it is assigned to (``_Segment = Segment``, ``request_class
        = Request``, zod's ``const stringType = ZodString.create``) with theirs."""
        names = {target.name}
        owner = self.table.symbol(target.path, target.qualname.rpartition(".")[0])
        if owner is not None and target.name in ("__init__", "constructor"):
            names.update(s.name for s in [owner, *self._subclasses(owner)])
        follow = self._held_by_name(target, names)
        names |= self._aliases_of(names)
        held = {a for name in names for a in self._assigned_to(name)} if follow else set()
        held = (held | self._aliases_of(held)) - names
        return dict.fromkeys(names, False) | dict.fromkeys(held, True)

    def _held_by_name(self, target: Symbol, names: set[str]) -> bool:
        """Whether to look for the names ``target`` is assigned to: a class's, a constructor's
        (reached by its class's names), or a function's in a language whose code calls
        functions so (see :attr:`Resolver.functions_held`)."""
        if target.kind in CLASS_KINDS or len(names) > 1:
            return True
        lang = self.table.language(target.path)
        return target.kind not in VALUE_KINDS and lang is not None and self.resolver(lang).functions_held

    def _aliases_of(self, names: set[str]) -> set[str]:
        """The other names any of ``names`` is imported or exported under, and the names those
        are imported under in turn from the file that renamed them (``pub use shapes::Circle
        as Round;`` in lib.rs, then ``use crate::{Round as R};``). A rename of a rename counts
        only there: in bundled JavaScript every chunk exports one-letter names of its own, and
        following them all reached most of the bundle."""
        found: set[str] = set()
        renamed = self._renames(dict.fromkeys(names))  # a first rename counts anywhere
        while renamed:
            renamed = {alias: files for alias, files in renamed.items() if alias not in names and alias not in found}
            found |= renamed.keys()
            renamed = self._renames(renamed) if renamed else {}
        return found

    def _renames(self, sources: Mapping[str, set[str] | None]) -> dict[str, set[str]]:
        """The aliases import and export statements give the names of ``sources``, each with
        the files it may come from: those of the statements, and the files they import from
        (a resolver may follow a re-export to its origin). A name with source files counts
        only in an export statement of one of them, or an import from one of them."""
        renamed: dict[str, set[str]] = {}
        for blob_id, *row in self._store.renaming_imports(sources):
            item = Import(*row)
            wanted = sources[item.name]
            for path in self.table.paths_of_blob(blob_id):
                origins = self._import_targets(path, item)
                if wanted is None or (path in wanted if not item.module else not wanted.isdisjoint(origins)):
                    renamed.setdefault(item.alias, set()).update([path, *origins])
        return renamed

    def _import_targets(self, path: str, item: Import) -> list[str]:
        lang = self.table.language(path)
        return self.resolver(lang).import_targets(path, item) if lang is not None and item.module else []

    def _assigned_to(self, name: str) -> set[str]:
        """The names that assignments of ``name``, bare or read on a receiver, bind, wherever
        it is assigned."""
        rows = [row for row in self._store.references(name=name) if row[3] == "ref"]
        bare = {name, f"type[{name}]", f"Type[{name}]"}  # `request_class: type[Request] = Request`
        found: set[str] = set()
        firsts = {row[0]: self.table.paths_of_blob(row[0])[:1] for row in rows}  # copies of a file bind alike
        self.table.load(path for paths in firsts.values() for path in paths)
        for blob_id, _, receiver, _, _, _, scope, _ in rows:
            held = {f"{receiver}.{name}"} if receiver else bare
            for path in firsts[blob_id]:
                symbols = self.table.file(path)
                for bound, values in (symbols.bindings.get(scope, {}) if symbols else {}).items():
                    if any(value in held for value, _ in values):
                        found.add(bound.rpartition(".")[2])  # `self.factory = Foo` is called as factory
        found.discard(name)
        return found

    def _subclasses(self, cls: Symbol) -> list[Symbol]:
        """Every repository class that inherits from ``cls``, directly or not: calling one of
        them may run ``cls``'s constructor."""
        lang = self.table.language(cls.path)
        if lang is None:
            return []
        resolver = self.resolver(lang)
        found: dict[tuple[str, str, int], Symbol] = {}
        pending = [cls]
        searched: set[str] = set()  # names only find candidates; is_subclass decides
        while pending:
            base = pending.pop()
            if base.name in searched:
                continue
            searched.add(base.name)
            for blob_id, subclass in self._classes_based_on(base.name):
                for path in self.table.paths_of_blob(blob_id):
                    symbol = self.table.symbol(path, subclass)
                    if symbol is None or symbol.key in found or not resolver.is_subclass(symbol, cls):
                        continue
                    found[symbol.key] = symbol
                    pending.append(symbol)
        return list(found.values())

    def _classes_based_on(self, name: str) -> list[tuple[int, str]]:
        """``(blob_id, class)`` of each class with a base written ``name`` or ``x.name``."""
        if self._based_on is None:
            self._based_on = defaultdict(list)
            for blob_id, cls, base in self._store.all_bases():
                self._based_on[base.rpartition(".")[2]].append((blob_id, cls))
        return self._based_on.get(name, [])

    def _single_callable(self, name: str, lang: str) -> Symbol | None:
        """The only method called ``name`` in the repository's code of ``lang``'s family, if
        there is one; a call ``x.name()`` on a receiver of unknown type then most likely
        reaches it (a Python call never reaches a JavaScript method). Functions do not count:
        one called through a module would have been resolved. Remembered, as it is asked
        for at every unresolved call site."""
        if name in _BUILTIN_METHODS:
            return None
        key = (name, LANGUAGES[lang].family)
        if key not in self._single_methods:
            methods = [
                s
                for s in self.table.definitions_named(name)
                if s.kind == "method" and _same_family(lang, self.table.language(s.path))
            ]
            self._single_methods[key] = methods[0] if len(methods) == 1 else None
        return self._single_methods[key]

    def _judge(
        self,
        resolver: Resolver,
        resolution: Resolution,
        candidates: list[Symbol],
        by_key: dict[tuple[str, str, int], Symbol],
        unique: Symbol | None,
        receiver: str,
        name: str,
    ) -> tuple[str, Symbol | None] | None:
        """The confidence with which a resolved reference reaches a candidate, or None."""
        found = resolution.symbol
        if found is not None:
            if found.key in by_key:
                return "exact", by_key[found.key]
            if found.kind in CLASS_KINDS:
                constructor = resolver.constructor_of(found)
                if constructor is not None and constructor.key in by_key:
                    return "exact", by_key[constructor.key]
            return None
        if resolution.outside:
            return None
        if receiver and resolution.receiver_class is not None:
            for target in candidates:
                if target.name == name and self._is_member_of(resolver, target, resolution.receiver_class):
                    return "likely", target
            return None
        if receiver and unique is not None and unique.name == name and not resolution.name_only:
            return "likely", unique
        matching = [t for t in candidates if t.name == name]
        return ("name", matching[0]) if len(matching) == 1 else ("name", None)

    # -- imports ------------------------------------------------------------------------------

    def importers_of(self, files: list[str]) -> list[tuple[str, Import]]:
        """The import statements, outside ``files``, that refer to any of ``files``."""
        wanted = set(files)
        languages = {f: lang for f in files if (lang := self.table.language(f))}
        words = {word for f, lang in languages.items() for word in self.resolver(lang).import_words(f)}
        words |= self._aliases_of(words)  # an item re-exported under another name
        found: dict[tuple[str, int], Import] = {}
        for blob_id, *row in self._imports_mentioning(words):
            item = Import(*row)
            for path in self.table.paths_of_blob(blob_id):
                lang = self.table.language(path)
                if lang is None or path in wanted or (path, item.line) in found:
                    continue
                if wanted.intersection(self.resolver(lang).import_targets(path, item)):
                    found[(path, item.line)] = item
        return [(path, found[(path, line)]) for path, line in sorted(found)]

    def _imports_mentioning(self, words: set[str]) -> list[tuple[Any, ...]]:
        """Import rows that may name a file with one of ``words`` in its path (a superset:
        the resolver decides), in table order, so the first import on a line comes first.
        A few words are searched for as substrings in SQL; for many (a folder's files), each
        row's words are indexed once, since every substring test reads the whole table."""
        if len(words) <= _FEW_WORDS:
            return self._store.imports_mentioning(sorted(words))
        if self._imports_by_word is None:
            self._all_imports = self._store.all_imports()
            self._imports_by_word = defaultdict(list)
            for index, row in enumerate(self._all_imports):
                for word in _words_of(f"{row[1]} {row[2]}"):
                    self._imports_by_word[word].append(index)
        parts = {part for word in words for part in _words_of(word)}
        matched = {index for part in parts for index in self._imports_by_word.get(part, [])}
        return [self._all_imports[index] for index in sorted(matched)]

    def imports_of(self, path: str) -> list[tuple[Import, list[str]]]:
        """The import statements of ``path``, in order, each with the repository files it
        refers to (none for an import of something outside the repository)."""
        symbols = self.table.file(path)
        lang = self.table.language(path)
        if symbols is None or lang is None:
            return []
        resolver = self.resolver(lang)
        items = sorted((item for scoped in symbols.imports.values() for item in scoped), key=lambda i: i.line)
        return [(item, resolver.import_targets(path, item)) for item in items]

    def inherited(self, cls: Symbol, name: str) -> Symbol | None:
        """The definition that ``cls.name`` reaches through the ancestors of ``cls``; for a
        field, the field itself rather than the value it holds."""
        lang = self.table.language(cls.path)
        if lang is None:
            return None
        resolver = self.resolver(lang)
        value = resolver.attribute(ClassValue(cls), name)
        if isinstance(value, DefValue | ClassValue):
            return value.symbol
        members = (self.table.symbol(klass.path, f"{klass.qualname}.{name}") for klass in resolver.mro(cls)[0])
        return next((member for member in members if member is not None), None)

    def python_path(self, dotted: str) -> Symbol | None:
        """The definition a Python dotted path names as importing code reaches it, through
        re-exports and inheritance: ``flask.url_for`` is ``flask.helpers.url_for``."""
        resolver = self.resolver("python")
        if not isinstance(resolver, PythonResolver):
            return None
        value = resolver.path_value(dotted)
        if isinstance(value, DefValue | ClassValue):
            return value.symbol
        owner, _, name = dotted.rpartition(".")
        holder = resolver.path_value(owner) if owner else None  # `httpx.codes.OK`: a class's field
        return self.inherited(holder.symbol, name) if isinstance(holder, ClassValue) else None

    # -- callees ------------------------------------------------------------------------------

    def calls_from(self, target: Symbol) -> list[tuple[Site, bool]]:
        """The calls made in ``target``'s body (nested definitions included), each resolved
        where possible; the flag says whether the callee lies outside the repository."""
        symbols = self.table.file(target.path)
        lang = self.table.language(target.path)
        if symbols is None or lang is None:
            return []
        resolver = self.resolver(lang)
        blob_id = self.table.blob_of(target.path)
        inside = f"{target.qualname}."
        calls: list[tuple[Site, bool]] = []
        # Read on the target's lines only: code outside them is a namesake's (a property's
        # setter), and a minified bundle's one function is a few rows of its file's thousands.
        for _, name, receiver, kind, line, col, scope, arity in self._store.references(
            blob_id=blob_id, lines=(target.line, target.end_line)
        ):
            named = named_scope(scope)  # an anonymous class's method is named under its body
            if kind != "call" or not (named == target.qualname or named.startswith(inside)):
                continue
            resolution = resolver.resolve_call(target.path, scope, receiver, name, arity)
            found = resolution.symbol
            if found is not None and found.kind in CLASS_KINDS:
                found = resolver.constructor_of(found) or found
            if found is not None:
                confidence = "exact"
            elif receiver and (unique := self._likely_callee(resolver, resolution, name, lang)):
                found, confidence = unique, "likely"
            else:
                confidence = "name"
            label = f"{receiver}.{name}" if receiver else name
            site = Site(target.path, line, col, named, confidence, kind, found, label)
            calls.append((site, resolution.outside))
        return calls

    def _likely_callee(self, resolver: Resolver, resolution: Resolution, name: str, lang: str) -> Symbol | None:
        """The method an unresolved ``receiver.name()`` most likely calls: the repository's one
        method of that name, unless the receiver's class is known and the method belongs to no
        subclass of it, the rule :meth:`_judge` applies for callers (a C++ member initializer
        ``type(t)`` is read on its class, and is no call of ``Desugarer::type``)."""
        if resolution.outside or resolution.name_only:
            return None
        unique = self._single_callable(name, lang)
        if unique is None or resolution.receiver_class is None:
            return unique
        return unique if self._is_member_of(resolver, unique, resolution.receiver_class) else None

    def _is_member_of(self, resolver: Resolver, method: Symbol, cls: Symbol) -> bool:
        """Whether ``method`` belongs to ``cls`` or to a subclass of it."""
        owner = self.table.symbol(method.path, method.qualname.rpartition(".")[0])
        return owner is not None and resolver.is_subclass(owner, cls)


def _resolved(resolver: Resolver, kind: str, path: str, scope: str, receiver: str, name: str, arity: int) -> Resolution:
    """What a reference of ``kind`` (``call``, ``type``, ``ref``) names."""
    if kind == "call":
        return resolver.resolve_call(path, scope, receiver, name, arity)
    if kind == "type":
        return resolver.resolve_type(path, scope, receiver, name)
    return resolver.resolve(path, scope, receiver, name)


def _caller_name(scope: str) -> str:
    """The calling definition as callers show it: the named one around the scope (an
    anonymous function's segments dropped), or ``<module>``."""
    return named_scope(scope) or "<module>"


_FEW_WORDS = 8
_WORD_BREAKS = re.compile(r"[^\w$-]+")


def _words_of(text: str) -> set[str]:
    """The lower-cased words of a module path or file name, split at dots, slashes, colons
    and the like: ``../lib/foo.h`` gives lib, foo and h."""
    return set(_WORD_BREAKS.split(text.lower())) - {""}


def _same_family(lang: str, other: str | None) -> bool:
    return other is not None and LANGUAGES[lang].family == LANGUAGES[other].family
