"""What every resolver shares: class ancestry, memoised evaluation, bound names and a guard
against runaway recursion.

Resolution is recursive (a receiver's type needs an import, which needs a re-export, which
needs a base class...), and real code has cycles, so every step goes through one depth guard,
and class ancestry is memoised with a placeholder that ends cyclic hierarchies.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePosixPath

from ..facts import Import
from ..symbols import Symbol, SymbolTable
from .values import UNKNOWN, ClassValue, Resolution, Value

__all__ = ["MAX_DEPTH", "ResolverBase", "parent_of"]

MAX_DEPTH = 24  # re-export chains, type chains and hierarchies deeper than this are not followed


class ResolverBase:
    """The shared half of a resolver; subclasses say how a base class written in source
    resolves (:meth:`base_class_value`), how an expression evaluates (:meth:`_evaluate`), what
    an attribute of a value is (:meth:`_attribute`) and what a name's bindings give
    (:meth:`_binding_value`)."""

    # What an evaluation reads as while it is under way (a cycle such as `x = x.parent`).
    _in_progress: Value = UNKNOWN

    functions_held: bool = False
    """Whether code commonly calls a function through a name it is assigned to, so that
    callers looks for those names (see :class:`Resolver`)."""

    def __init__(self, table: SymbolTable) -> None:
        self.table = table
        self._mro: dict[tuple[str, str, int], tuple[list[Symbol], bool]] = {}
        self._evaluated: dict[tuple[str, str, str], Value] = {}
        self._importing: set[tuple[str, Import]] = set()
        self._depth = 0

    def resolve(self, path: str, scope: str, receiver: str, name: str) -> Resolution:
        raise NotImplementedError

    def resolve_call(self, path: str, scope: str, receiver: str, name: str, arity: int = -1) -> Resolution:
        """What the call ``receiver.name(...)`` calls: in most languages a called name is
        looked up as any other."""
        return self.resolve(path, scope, receiver, name)

    def resolve_type(self, path: str, scope: str, receiver: str, name: str) -> Resolution:
        """What ``receiver.name`` written as a type names: in most languages, what any other
        name does."""
        return self.resolve(path, scope, receiver, name)

    def base_class_value(self, cls: Symbol, base: str) -> Value:
        """What base ``base``, as written in the definition of ``cls``, names."""
        raise NotImplementedError

    def _evaluate(self, path: str, scope: str, expression: str) -> Value:
        raise NotImplementedError

    def import_value(self, path: str, item: Import) -> Value:
        raise NotImplementedError

    def _attribute(self, value: Value, name: str) -> Value:
        raise NotImplementedError

    def _binding_value(self, path: str, scope: str, bound: list[tuple[str, str]]) -> Value:
        raise NotImplementedError

    def evaluate(self, path: str, scope: str, expression: str) -> Value:
        """What a receiver expression such as ``self.app``, ``pkg.Thing`` or ``Foo()`` evaluates
        to in ``scope`` of ``path``."""
        key = (path, scope, expression)
        if key not in self._evaluated:
            self._evaluated[key] = self._in_progress  # breaks cycles such as `x = x.parent`
            self._evaluated[key] = self.guarded(self._evaluate, path, scope, expression)
        return self._evaluated[key]

    def attribute(self, value: Value, name: str) -> Value:
        """What ``value.name`` names, for a call or a reference."""
        return self.guarded(self._attribute, value, name)

    def imported(self, path: str, item: Import) -> Value:
        """What the name an import binds stands for, when a lookup meets the import. An import
        whose resolution comes back to itself names nothing in the repository: in Rust's
        ``use anyhow::{anyhow, Error}`` the head ``anyhow`` is the crate, not the imported macro."""
        key = (path, item)
        if key in self._importing:
            return UNKNOWN
        self._importing.add(key)
        try:
            return self.import_value(path, item)
        finally:
            self._importing.discard(key)

    def bound_value(self, path: str, scope: str, name: str) -> Value:
        """What ``name`` is bound to in ``scope`` of ``path``; UNKNOWN if it is not bound there."""
        symbols = self.table.file(path)
        bound = symbols.bindings.get(scope, {}).get(name) if symbols else None
        return self._binding_value(path, scope, bound) if bound else UNKNOWN

    def import_words(self, path: str) -> set[str]:
        """The file's stem and its folder's name: what an import names for a module, and for
        a package entry file (``__init__.py``, ``index.js``, ``mod.rs``), a file of a Go
        package or a Java wildcard import."""
        pure = PurePosixPath(path)
        return {pure.stem, pure.parent.name} - {""}

    def implicit_base(self, base: str) -> bool:
        """Whether a base that resolves to nothing adds no members (Python's ``object``)."""
        return False

    def mro(self, cls: Symbol) -> tuple[list[Symbol], bool]:
        """The class and its repository ancestors, depth first, and whether every base was
        found in the repository (if not, a missing member may live outside)."""
        if cls.key in self._mro:
            return self._mro[cls.key]
        self._mro[cls.key] = ([cls], True)  # a cyclic hierarchy ends here
        order = [cls]
        complete = True
        symbols = self.table.file(cls.path)
        for base in symbols.bases.get(cls.qualname, ()) if symbols else ():
            value = self.base_class_value(cls, base)
            if not isinstance(value, ClassValue):
                complete = complete and self.implicit_base(base)
                continue
            ancestors, ancestors_complete = self.mro(value.symbol)
            complete = complete and ancestors_complete
            order.extend(a for a in ancestors if a not in order)
        self._mro[cls.key] = (order, complete)
        return order, complete

    def is_subclass(self, cls: Symbol, base: Symbol) -> bool:
        return base.key in {k.key for k in self.mro(cls)[0][1:]}

    def guarded(self, function: Callable[..., Value], *args: object) -> Value:
        """Run one resolution step, giving up on pathological depth instead of recursing."""
        if self._depth > MAX_DEPTH:
            return UNKNOWN
        self._depth += 1
        try:
            return function(*args)
        finally:
            self._depth -= 1


def parent_of(qualname: str) -> str:
    """The qualified name of what encloses ``qualname`` ('' at the top)."""
    return qualname.rpartition(".")[0]
