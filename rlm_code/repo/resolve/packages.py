"""The JavaScript packages a repository holds, and the source file a bare specifier naming one
of them reaches.

A monorepo's packages import each other by name (``import { ref } from '@vue/reactivity'``),
and a package may import itself (preact's ``compat/`` imports ``'preact'`` and
``'preact/hooks'``). Each ``package.json`` with a ``name`` makes that name, and its subpaths,
files of the repository. What the name points at is read the way bundlers and TypeScript
read it, but towards the source rather than the build: the ``exports`` entry of the subpath
(every condition, in order: ``source``-like custom conditions come first in practice), then
``source``, ``module``, ``main`` and ``types``. A declaration file stands for the
implementation beside it (``src/index.d.ts`` for ``src/index.js``). Build output (under
``dist/`` or ``build/``, or minified) is taken only when nothing else is found: before it
come ``src/<subpath>`` and ``<subpath>/src`` of the package folder.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections.abc import Callable, Iterator
from typing import Any

from ..symbols import SymbolTable

__all__ = ["Packages", "is_built"]

_BUILT_FOLDERS = frozenset({"dist", "build", "node_modules"})
_DECLARATION = re.compile(r"\.d\.[cm]?ts$")
_ENTRY_FIELDS = ("source", "module", "main", "types", "typings")


class Packages:
    """Package names of one repository's ``package.json`` files, and where they lead.

    ``file_at`` finds the repository file a path names as an import does (with an extension
    added, or a folder's ``index``), or None."""

    def __init__(self, table: SymbolTable, file_at: Callable[[str], str | None]) -> None:
        self._table = table
        self._file_at = file_at

    @functools.cached_property
    def _by_name(self) -> dict[str, tuple[str, dict[str, Any]]]:
        """Package name -> (its folder, its manifest); the shallowest folder wins a name two
        manifests give (a test fixture's copy of the package)."""
        found: dict[str, tuple[str, dict[str, Any]]] = {}
        for folder, text in sorted(
            self._table.manifests("package.json").items(), key=lambda i: (i[0].count("/"), i[0])
        ):
            try:
                manifest = json.loads(text)
            except ValueError:
                continue
            name = manifest.get("name") if isinstance(manifest, dict) else None
            if isinstance(name, str) and name and name not in found:
                found[name] = (folder, manifest)
        return found

    def file_of(self, specifier: str) -> str | None:
        """The repository file a bare specifier (``'preact'``, ``'@scope/pkg/sub'``) names, or
        None if it names no package of the repository."""
        parts = specifier.split("/")
        size = 2 if specifier.startswith("@") else 1
        package = self._by_name.get("/".join(parts[:size]))
        if package is None:
            return None
        folder, manifest = package
        subpath = "/".join(parts[size:])
        built = None
        for candidate in self._entries(manifest, subpath):
            found = self._source_of(posixpath.join(folder, candidate))
            if found is not None and not is_built(found):
                return found
            built = built or found
        for guess in [f"src/{subpath}", f"{subpath}/src", subpath] if subpath else ["src", "index"]:
            found = self._file_at(posixpath.normpath(posixpath.join(folder, guess)))
            if found is not None and not is_built(found):
                return found
        return built

    def names_holding(self, path: str) -> set[str]:
        """The names of the packages whose folder holds ``path``: a bare specifier that
        reaches it starts with one of them."""
        return {name for name, (folder, _) in self._by_name.items() if not folder or path.startswith(f"{folder}/")}

    def _source_of(self, path: str) -> str | None:
        """The file ``path`` names, or for a declaration file the implementation beside it."""
        path = posixpath.normpath(path)
        if _DECLARATION.search(path):
            implementation = self._file_at(_DECLARATION.sub("", path))
            if implementation is not None and not _DECLARATION.search(implementation):
                return implementation
        return self._file_at(path)

    def _entries(self, manifest: dict[str, Any], subpath: str) -> Iterator[str]:
        """The paths a manifest gives for ``subpath`` ('' for the package itself), best first."""
        exports = manifest.get("exports")
        if isinstance(exports, dict) and exports and not all(key.startswith(".") for key in exports):
            exports = {".": exports}  # conditions only: the package's own entry
        elif not isinstance(exports, dict):
            exports = {".": exports} if exports else {}
        wanted = f"./{subpath}" if subpath else "."
        if wanted in exports:
            yield from _leaves(exports[wanted])
        else:
            for key, value in exports.items():
                if key.count("*") == 1:
                    head, _, tail = key.partition("*")
                    if wanted.startswith(head) and wanted.endswith(tail) and len(wanted) >= len(head) + len(tail):
                        star = wanted[len(head) : len(wanted) - len(tail)]
                        yield from (leaf.replace("*", star) for leaf in _leaves(value))
        if not subpath:
            yield from (value for field in _ENTRY_FIELDS if isinstance(value := manifest.get(field), str))


def _leaves(value: object) -> Iterator[str]:
    """The paths of an ``exports`` value: a string, or conditions and fallbacks around them,
    in the order they are written."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for inner in value.values():
            yield from _leaves(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _leaves(inner)


def is_built(path: str) -> bool:
    """Whether a file is build output or a declaration rather than the source itself."""
    *folders, name = path.split("/")
    return ".min." in name or bool(_DECLARATION.search(name)) or any(f in _BUILT_FOLDERS for f in folders)
