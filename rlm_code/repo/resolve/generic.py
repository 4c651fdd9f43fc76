"""Scope-aware resolution for languages without a dedicated resolver.

It resolves what can be resolved from one file: a bare name defined in an enclosing scope or
at the top of the file, and ``this``/``self`` members of the enclosing class. Anything else
is left unresolved for the call graph's name-based rules.
"""

from __future__ import annotations

from ..extract import CLASS_KINDS
from ..facts import Import
from ..symbols import Symbol, SymbolTable
from .values import Resolution

__all__ = ["GenericResolver"]

_SELF_NAMES = frozenset({"this", "self", "Self"})


class GenericResolver:
    def __init__(self, table: SymbolTable, family: str) -> None:
        self.table = table
        self.family = family

    def resolve(self, path: str, scope: str, receiver: str, name: str) -> Resolution:
        symbols = self.table.file(path)
        if symbols is None:
            return Resolution()
        if not receiver:
            while True:
                symbol = symbols.definitions.get(f"{scope}.{name}" if scope else name)
                if symbol is not None:
                    return Resolution(symbol=symbol)
                if not scope:
                    return Resolution()
                scope = scope.rpartition(".")[0]
        if receiver in _SELF_NAMES:
            while scope:
                owner = symbols.definitions.get(scope)
                if owner is not None and owner.kind in CLASS_KINDS:
                    member = symbols.definitions.get(f"{scope}.{name}")
                    return Resolution(symbol=member) if member else Resolution(receiver_class=owner)
                scope = scope.rpartition(".")[0]
        return Resolution()

    def constructor_of(self, cls: Symbol) -> Symbol | None:
        return None

    def is_subclass(self, cls: Symbol, base: Symbol) -> bool:
        return False

    def module_files(self, module: str) -> list[str]:
        return []

    def import_targets(self, path: str, item: Import) -> list[str]:
        return []
