"""The symbol table: definitions and per-file facts, loaded from the index on demand.

Resolvers ask it questions ("what does ``app.py`` import in scope ``create_app``?", "which
file is module ``flask.helpers``?") and it answers from the store, caching each file it loads,
so one ``callers`` query touches only the files that mention the name.
"""

from __future__ import annotations

import functools
import gc
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import NamedTuple

from .facts import Import
from .nesting import Nesting
from .packed import Bindings
from .store import IndexStore

__all__ = ["FileSymbols", "ScopedBinding", "Symbol", "SymbolTable"]

ScopedBinding = tuple[str, list[tuple[str, str]]]
"""A scope, and a name's ``(value, kind)`` bindings there."""


class Symbol(NamedTuple):
    """One definition in one file. A named tuple rather than a frozen dataclass: resolving a
    first ``callers`` makes one for every definition of every file it reads, and a tuple is
    built four times faster."""

    path: str
    name: str
    qualname: str
    kind: str
    line: int
    end_line: int
    column: int
    signature: str
    returns: str

    @property
    def key(self) -> tuple[str, str, int]:
        """What tells it from every other definition: a JavaScript class's static method and
        its instances' method of the same name share a qualified name, not a line."""
        return (self.path, self.qualname, self.line)

    @property
    def target(self) -> str:
        """The unambiguous way to name it: ``path:Qualified.name``."""
        return f"{self.path}:{self.qualname}"


@dataclass(slots=True)
class FileSymbols:
    """Everything a resolver needs to know about one file."""

    path: str
    lang: str
    definitions: dict[str, Symbol] = field(default_factory=dict)
    imports: dict[str, list[Import]] = field(default_factory=dict)  # scope -> imports, in order
    bases: dict[str, list[str]] = field(default_factory=dict)  # class qualname -> bases as written
    bindings: Bindings = field(default_factory=dict)  # scope -> name -> [(value, kind)]
    in_order: list[Symbol] = field(default_factory=list)
    """Every definition by position, same-named ones too (a property and its setter, a
    function defined in both branches of an ``if``) but not an overload signature that
    something implements; ``definitions`` keeps one per name."""
    _named: dict[str, list[Symbol]] | None = field(default=None, init=False, repr=False, compare=False)
    _members: dict[tuple[str, tuple[str, ...]], dict[str, list[ScopedBinding]]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def kind_of(self, qualname: str) -> str | None:
        symbol = self.definitions.get(qualname)
        return symbol.kind if symbol is not None else None

    def all_named(self, qualname: str) -> list[Symbol]:
        """Every definition of ``qualname`` in :attr:`in_order`, by position. Resolvers ask
        this per reference (JavaScript's getter beside its setter, a static method beside
        an instance one), so the index is built at the first ask rather than for every file
        loaded, and not scanned again."""
        if self._named is None:
            self._named = {}
            for symbol in self.in_order:
                self._named.setdefault(symbol.qualname, []).append(symbol)
        return self._named.get(qualname, [])

    def member_bindings(self, cls: str, owners: tuple[str, ...]) -> dict[str, list[ScopedBinding]]:
        """Member name -> where class ``cls`` binds it, in order: its body (``name: int``, a
        Java field), then each scope within it, for each of ``owners`` in turn (``self.name =
        ...``, ``this.name = ...``). Resolvers ask per reference, so it is gathered once per
        class rather than walking every scope of the file each time (commons-lang's walk spent
        a sixth of its time there)."""
        found = self._members.get((cls, owners))
        if found is not None:
            return found
        found = {}
        for name, bound in self.bindings.get(cls, {}).items():
            found.setdefault(name, []).append((cls, bound))
        inside = f"{cls}."
        for scope, targets in self.bindings.items():
            if scope.startswith(inside):
                for owner in owners:
                    prefix = f"{owner}."
                    for target, bound in targets.items():
                        if target.startswith(prefix):
                            found.setdefault(target[len(prefix) :], []).append((scope, bound))
        self._members[cls, owners] = found
        return found


class SymbolTable:
    """A read-only view of the index for resolving names; build a new one after re-indexing."""

    def __init__(self, store: IndexStore) -> None:
        self._store = store
        self._files: dict[str, tuple[str, int]] = {
            path: (lang, blob_id)
            for path, lang, blob_id in store.indexed_files()
            if lang is not None and blob_id is not None
        }
        self._paths_by_blob: dict[int, list[str]] = defaultdict(list)
        for path, (_, blob_id) in self._files.items():
            self._paths_by_blob[blob_id].append(path)
        self._loaded: dict[str, FileSymbols] = {}
        self._definitions_named: dict[str, tuple[Symbol, ...]] = {}
        self._scopes: dict[int, Nesting[str]] = {}

    # -- files ------------------------------------------------------------------------------

    def manifests(self, filename: str) -> dict[str, str]:
        """Folder -> text of each file called ``filename`` (``go.mod``): a build file that
        names the package of its folder. Read from disk when a resolver first asks, since
        the index holds the facts of source files only."""
        found = {}
        for path, _, skipped in self._store.all_files():
            folder, _, name = path.rpartition("/")
            if name == filename and skipped is None:
                try:
                    found[folder] = (self._store.root / path).read_text("utf-8", "replace")
                except OSError:
                    continue
        return found

    def paths(self) -> list[str]:
        return list(self._files)

    def language(self, path: str) -> str | None:
        entry = self._files.get(path)
        return entry[0] if entry else None

    def blob_of(self, path: str) -> int | None:
        entry = self._files.get(path)
        return entry[1] if entry else None

    def paths_by_folder(self, lang: str) -> dict[str, list[str]]:
        """Folder -> its files in language ``lang``, in path order."""
        found: dict[str, list[str]] = defaultdict(list)
        for path, (file_lang, _) in self._files.items():
            if file_lang == lang:
                found[path.rpartition("/")[0]].append(path)
        return dict(found)

    def paths_of_blob(self, blob_id: int) -> list[str]:
        return self._paths_by_blob.get(blob_id, [])

    def file(self, path: str) -> FileSymbols | None:
        """The facts of one indexed source file, or None if it is not one."""
        if path not in self._loaded:
            self.load([path])
        return self._loaded.get(path)

    def load(self, paths: Iterable[str]) -> None:
        """Read the facts of many files in a few queries, ahead of resolving references in
        them; files already loaded, and paths that are not indexed source files, are skipped."""
        wanted = [p for p in dict.fromkeys(paths) if p not in self._loaded and p in self._files]
        if not wanted:
            return
        with _long_lived():
            self._load(wanted)

    def _load(self, wanted: list[str]) -> None:
        records = self._store.resolver_facts(sorted({self._files[p][1] for p in wanted}))
        for path in wanted:
            lang, blob_id = self._files[path]
            record = records.get(blob_id)
            if record is None:
                continue
            symbols = FileSymbols(path, lang, {}, record.imports, record.bases, record.bindings)
            symbols.in_order = [Symbol(path, *row) for row in record.definitions]  # extraction's position order
            for symbol in symbols.in_order:
                first = symbols.definitions.get(symbol.qualname)
                # An overload signature gives way to the implementation that follows it.
                if first is None or (first.kind == "signature" and symbol.kind != "signature"):
                    symbols.definitions[symbol.qualname] = symbol
            symbols.in_order = _without_implemented_signatures(symbols.in_order)
            self._loaded[path] = symbols

    def enclosing_finders(self, paths: Iterable[str]) -> dict[str, Callable[[int], str | None]]:
        """For each of ``paths``, the function naming the innermost definition around a line
        of it (None outside any, or in a file that is not indexed). The line spans of all the
        files are read in one query of small packed records, a much lighter read than
        :meth:`load`."""
        blobs = {path: self.blob_of(path) for path in paths}
        self._scopes.update(
            self._store.scopes({blob_id for blob_id in blobs.values() if blob_id is not None} - self._scopes.keys())
        )
        return {
            path: self._scopes[blob_id].innermost if blob_id is not None else _nowhere
            for path, blob_id in blobs.items()
        }

    # -- definitions ------------------------------------------------------------------------

    def definitions_named(self, name: str) -> list[Symbol]:
        """Every definition called ``name``, one per file that holds it, sorted by path; an
        overload signature only where nothing implements it. Kept once read: resolvers ask
        again for each member they look for outside its class's file (zod's walk asked 38,652
        times, for its thousands of names), and the table never changes; each caller gets a
        list of its own."""
        found = self._definitions_named.get(name)
        if found is None:
            rows = self._store.definitions(name)
            symbols = [Symbol(path, *row[1:]) for row in rows for path in self.paths_of_blob(row[0])]
            found = tuple(sorted(_without_implemented_signatures(symbols), key=lambda s: (s.path, s.line, s.column)))
            self._definitions_named[name] = found
        return list(found)

    def definition_names(self) -> list[str]:
        return self._store.definition_names()

    def symbol(self, path: str, qualname: str) -> Symbol | None:
        symbols = self.file(path)
        return symbols.definitions.get(qualname) if symbols else None

    # -- Python modules ---------------------------------------------------------------------

    @functools.cached_property
    def python_module_of(self) -> dict[str, str]:
        """Path -> dotted module name, for every Python file."""
        python_paths = [p for p, (lang, _) in self._files.items() if lang == "python"]
        packages = {p.rpartition("/")[0] for p in python_paths if _is_init(p)}
        return {path: module_name_for(path, packages) for path in python_paths}

    @functools.cached_property
    def python_modules(self) -> dict[str, str]:
        """Dotted module name -> path, the inverse of :attr:`python_module_of`; a ``.py``
        wins over its ``.pyi`` stub.

        A file is also known by the longer names its folders give it, where no other file
        has that name: folders without an ``__init__.py`` are namespace packages (PEP 420),
        so ``app/util.py`` is ``util`` to a script run beside it and ``app.util`` to code
        run from the root."""
        modules: dict[str, str] = {}
        ordered = sorted(self.python_module_of.items(), key=lambda i: (not i[0].endswith(".py"), i[0]))
        for path, module in ordered:
            modules.setdefault(module, path)
        for path, module in ordered:
            for longer in longer_module_names(path, module):
                modules.setdefault(longer, path)
        return modules

    @functools.cached_property
    def python_namespaces(self) -> frozenset[str]:
        """The dotted names of folders that hold modules but are not modules themselves (no
        ``__init__.py``): ``app`` of ``app.util``, which ``import app.util`` binds."""
        prefixes: set[str] = set()
        for name in self.python_modules:
            while (cut := name.rfind(".")) > 0:
                name = name[:cut]
                if name in prefixes:  # and so are all of its own prefixes
                    break
                prefixes.add(name)
        return frozenset(prefixes.difference(self.python_modules))


def _without_implemented_signatures(symbols: list[Symbol]) -> list[Symbol]:
    """``symbols`` without the overload signatures that something implements."""
    implemented = {(s.path, s.qualname) for s in symbols if s.kind != "signature"}
    return [s for s in symbols if s.kind != "signature" or (s.path, s.qualname) not in implemented]


def _is_init(path: str) -> bool:
    return _stem(path.rpartition("/")[2]) == "__init__"


def _stem(filename: str) -> str:
    """``PurePosixPath(filename).stem``, without building a path object (this runs for every
    Python file of the repository)."""
    dot = filename.rfind(".")
    return filename[:dot] if 0 < dot < len(filename) - 1 else filename


def module_name_for(path: str, packages: set[str]) -> str:
    """The dotted module name of a Python file, given the folders that are packages.

    The name starts at the topmost package among the file's folders, and takes in every
    folder below it, with or without an ``__init__.py`` (a namespace subpackage inside a
    package, like Flask's ``sansio``). So ``src/flask/sansio/app.py`` is
    ``flask.sansio.app``, and ``tests/test_app.py`` outside any package is ``test_app``.
    """
    *folders, filename = path.split("/")
    stem = _stem(filename)
    top = next((depth for depth in range(1, len(folders) + 1) if "/".join(folders[:depth]) in packages), None)
    parts = folders[top - 1 :] if top is not None else []
    if stem != "__init__":
        parts.append(stem)
    return ".".join(parts) or stem


def longer_module_names(path: str, module: str) -> list[str]:
    """The dotted names of ``path`` that take in folders above its package (or above the
    file, outside any package), shortest first, as far up as folder names are identifiers:
    ``src/ns/pkg/mod.py`` of module ``pkg.mod`` gives ``ns.pkg.mod`` and ``src.ns.pkg.mod``."""
    size = module.count(".") + 1
    if path.count("/") + 1 - _is_init(path) <= size:  # the module name takes in every folder
        return []
    *folders, filename = path.split("/")
    stem = _stem(filename)
    parts = [*folders, stem] if stem != "__init__" else folders
    names = []
    while size < len(parts) and parts[-size - 1].isidentifier():
        size += 1
        names.append(".".join(parts[-size:]))
    return names


def _nowhere(line: int) -> None:
    """The enclosing definition of any line of a file that is not indexed: none."""
    return None


@contextmanager
def _long_lived() -> Iterator[None]:
    """Build objects that will live as long as the table with the cyclic garbage collector
    paused. Facts are tuples, lists, dicts and strings that hold no cycles, yet the thousands
    built per file set off collections that walk everything built so far: on Django, a first
    ``callers`` of ``timezone.now`` spent two thirds of its time in them (62 ms, 20 without)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
