"""Name resolvers, one per language family, chosen from a registry with lazy imports."""

from __future__ import annotations

import importlib

from ..symbols import SymbolTable
from .values import Resolver

__all__ = ["RESOLVERS", "resolver_for"]

# Language family -> "module:Class". Families without an entry share the generic resolver.
RESOLVERS: dict[str, str] = {
    "python": "rlm_code.repo.resolve.python:PythonResolver",
    "js": "rlm_code.repo.resolve.javascript:JavaScriptResolver",
    "go": "rlm_code.repo.resolve.golang:GoResolver",
    "java": "rlm_code.repo.resolve.java:JavaResolver",
    "rust": "rlm_code.repo.resolve.rust:RustResolver",
    "c": "rlm_code.repo.resolve.cfamily:CFamilyResolver",
}
_GENERIC = "rlm_code.repo.resolve.generic:GenericResolver"


def resolver_for(family: str, table: SymbolTable) -> Resolver:
    module_name, _, class_name = RESOLVERS.get(family, _GENERIC).partition(":")
    resolver_class = getattr(importlib.import_module(module_name), class_name)
    resolver: Resolver = resolver_class(table, family)
    return resolver
