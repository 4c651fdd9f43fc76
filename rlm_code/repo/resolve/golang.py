"""Go: packages are folders, imports name them by path, and every file of a folder sees the
others' names.

An import path belongs to the repository when its last elements are a folder of it:
``example.com/shop/store`` is the folder ``store`` (or ``shop/store``, the longest match
winning), so ``go.mod`` need not be read. The name an import binds is its alias or the
path's last element. Methods may be declared in any file of their type's package.
"""

from __future__ import annotations

import functools
import posixpath
import re

from ..facts import Import
from .generic import GenericResolver
from .values import EXTERNAL, UNKNOWN, ModuleValue, Value, symbol_value

__all__ = ["GoResolver"]

_VERSION = re.compile(r"v\d+")
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

    @functools.cached_property
    def _packages(self) -> dict[str, list[str]]:
        """Folder -> its Go files."""
        return self.table.paths_by_folder("go")

    def package_folder(self, import_path: str) -> str | None:
        """The repository folder an import path names: its longest tail that is one."""
        elements = import_path.split("/")
        tails = ("/".join(elements[cut:]) for cut in range(len(elements)))
        return next((tail for tail in tails if tail in self._packages), None)

    # -- the Resolver protocol --------------------------------------------------------------

    def module_files(self, module: str) -> list[str]:
        folder = self.package_folder(module)
        return sorted(self._packages[folder]) if folder else []

    def import_targets(self, path: str, item: Import) -> list[str]:
        return self.module_files(item.module)

    # -- hooks ------------------------------------------------------------------------------

    def bound_name(self, item: Import) -> str:
        if item.alias in (".", "_"):
            return ""
        if item.alias:
            return item.alias
        elements = item.module.split("/")
        if len(elements) > 1 and _VERSION.fullmatch(elements[-1]):
            return elements[-2]  # example.com/lib/v2 is package lib
        return elements[-1]

    def import_value(self, path: str, item: Import) -> Value:
        folder = self.package_folder(item.module)
        return ModuleValue(folder) if folder else EXTERNAL

    def module_member(self, module: str, name: str) -> Value:
        for path in self._packages.get(module, ()):
            symbol = self.table.symbol(path, name)
            if symbol is not None:
                return symbol_value(symbol)
        return UNKNOWN

    def outer_value(self, path: str, scope: str, name: str) -> Value:
        """A name of the same package, of a dot-imported one, or a builtin."""
        value = self.module_member(posixpath.dirname(path), name)
        if value is not UNKNOWN:
            return value
        symbols = self.table.file(path)
        for item in symbols.imports.get("", ()) if symbols else ():
            folder = self.package_folder(item.module) if item.alias == "." else None
            if folder and (value := self.module_member(folder, name)) is not UNKNOWN:
                return value
        return EXTERNAL if name in _BUILTINS else UNKNOWN

    def shares_members(self, path: str, other: str) -> bool:
        return posixpath.dirname(path) == posixpath.dirname(other)
