"""Reading a target (``name``, ``Qualified.name``, ``path/to/file.py:Qualified.name`` or a
Python dotted path such as ``flask.helpers.url_for``) into the definitions it names."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import NotFoundError, UsageError
from .extract import CLASS_KINDS
from .paths import relative_path
from .symbols import Symbol, SymbolTable, longer_module_names

if TYPE_CHECKING:
    from .callgraph import CallGraph

__all__ = ["find_symbols"]

_FILE_SEPARATOR = re.compile(r"(?<!:):(?!:)")  # one colon, not C++'s `::`
_COPIED_FOLDERS = frozenset(
    {"vendor", "vendors", "third_party", "thirdparty", "node_modules", "bower_components", "dist"}
)


def find_symbols(graph: CallGraph, root: Path, target: str, *, unindexed: Callable[[str], Exception]) -> list[Symbol]:
    """Every definition ``target`` names, sorted by path and line, those named exactly as
    written first (a top-level ``Value`` before ``Visitor.Value``) and copied-in code last; raises
    if none does, and ``unindexed(path)`` if the target's file has no symbols, so that a file
    named here fails as it does everywhere else (no such file is bad input, not "not found").

    A name is found the way code reaches it, too: ``Class.member`` that ``Class`` inherits
    names the ancestor's definition (``Flask.route`` is ``Scaffold.route``), and a Python
    dotted path may go through a re-export (``flask.url_for`` is ``flask.helpers.url_for``)."""
    table = graph.table
    target = target.strip()
    if not target:
        raise UsageError("the target is empty")
    # The last single colon: a qualified name never holds one, while a path may (C:/, a:b.py).
    single_colon = next(reversed(list(_FILE_SEPARATOR.finditer(target))), None)
    if single_colon:
        path, qualname = target[: single_colon.start()], target[single_colon.end() :]
        if not path.strip() or not qualname.strip():
            raise UsageError(f"the target {target!r} needs a file before the colon and a name after it")
        relative = relative_path(root, path)
        if table.file(relative) is None:
            raise unindexed(relative)
        return _in_file(graph, relative, qualname.strip())
    qualname = target.replace("::", ".")
    owner, _, name = qualname.rpartition(".")
    found = [s for s in table.definitions_named(name) if not owner or _names(table, s, qualname)]
    if not found and owner:
        classes = [s for s in table.definitions_named(owner.rpartition(".")[2]) if _names(table, s, owner)]
        found = _inherited(graph, classes, name)
    if not found and owner and (reached := graph.python_path(qualname)) is not None:
        found = [reached]
    if not found:
        raise NotFoundError(_not_found(table, name, target))
    # Stable, so path order otherwise: `Value` lists serde_json's `enum Value` before the
    # nineteen `type Value` its trait impls declare.
    return sorted(found, key=lambda symbol: (_copied_in(symbol), symbol.qualname != qualname))


def _copied_in(symbol: Symbol) -> bool:
    """Whether a definition is in code copied into the repository (a vendored library, a
    build output, minified JavaScript): listed after the repository's own."""
    folders = symbol.path.split("/")
    return ".min." in folders[-1] or any(folder in _COPIED_FOLDERS for folder in folders[:-1])


def _names(table: SymbolTable, symbol: Symbol, dotted: str) -> bool:
    """Whether ``dotted`` names ``symbol``: its qualname or a dotted suffix of its module path."""
    if symbol.qualname == dotted or symbol.qualname.endswith(f".{dotted}"):
        return True
    module = table.python_module_of.get(symbol.path)
    if module is None:
        return False
    full = f"{[module, *longer_module_names(symbol.path, module)][-1]}.{symbol.qualname}"
    return full == dotted or full.endswith(f".{dotted}")


def _inherited(graph: CallGraph, classes: Iterable[Symbol], name: str) -> list[Symbol]:
    """The definitions of ``name`` that ``classes`` inherit, sorted by path and line."""
    found = {}
    for cls in classes:
        if cls.kind in CLASS_KINDS and (member := graph.inherited(cls, name)) is not None:
            found[member.key] = member
    return sorted(found.values(), key=lambda s: (s.path, s.line, s.column))


def _in_file(graph: CallGraph, path: str, qualname: str) -> list[Symbol]:
    symbols = graph.table.file(path)
    assert symbols is not None  # checked by find_symbols
    wanted = qualname.replace("::", ".")
    owner, _, name = wanted.rpartition(".")
    found = [s for s in symbols.in_order if s.qualname == wanted]
    if not found and not owner:
        found = [s for s in symbols.in_order if s.name == wanted]
    if not found and owner:
        found = _inherited(graph, (s for s in symbols.definitions.values() if s.qualname == owner), name)
    if not found:
        names = [s.qualname for s in symbols.definitions.values()]
        close = difflib.get_close_matches(wanted, names, n=3)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise NotFoundError(f"no definition {wanted!r} in {path}{hint}")
    return sorted(found, key=lambda s: s.line)


def _not_found(table: SymbolTable, name: str, target: str) -> str:
    hint = ""
    if not table.paths():
        hint = " (the repository has no source files rlm-code reads)"
    elif named := table.definitions_named(name):
        hint = f"; {name!r} exists as {_listed([s.target for s in named])}"
    elif close := difflib.get_close_matches(name, [n for n in table.definition_names() if n != name], n=3, cutoff=0.8):
        qualifier = target[: len(target) - len(name)]  # "Form." of "Form.ful_clean"
        dotted = qualifier.replace("::", ".")
        qualified = [
            qualifier + c for c in close if any(_names(table, s, dotted + c) for s in table.definitions_named(c))
        ]
        hint = f"; did you mean {', '.join(qualified or close)}?"
    return f"no definition named {target!r}{hint}"


def _listed(names: list[str], most: int = 3) -> str:
    """The first ``most`` names, and how many more there are."""
    more = f" and {len(names) - most} more" if len(names) > most else ""
    return ", ".join(names[:most]) + more
