"""The :class:`Repo` facade: a repository as a virtual context, useful with or without a model.

Every path in or out is repo-relative POSIX. The index is built on first use and refreshed
once per ``Repo`` (call :meth:`Repo.index` to refresh again); it lives in the user cache
folder, never inside the repository. When another process brings the same index up to date,
an open ``Repo`` answers from the new index at its next call.
"""

from __future__ import annotations

import difflib
import functools
import os
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import NotFoundError, PathError, UsageError
from . import grep as _grep
from .callgraph import CallGraph, Site
from .extract import facts_version, one_line
from .globs import compile_globs
from .indexer import DEFAULT_MAX_FILE_SIZE, IndexReport, Progress, update_index
from .languages import LANGUAGES
from .locking import exclusive
from .models import (
    CalleesResult,
    CallersResult,
    CallSite,
    Definition,
    FileList,
    FileSlice,
    GrepResult,
    ImportEdge,
    ImportersResult,
    ImportSite,
    Outline,
    RepoStats,
    SymbolSource,
)
from .paths import relative_path, resolve_root
from .store import IndexStore, index_path_for
from .symbols import Symbol, SymbolTable
from .targets import find_symbols

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["Repo"]


@dataclass(frozen=True, slots=True)
class _Index:
    """An open, up-to-date index and what answering from it needs."""

    store: IndexStore
    graph: CallGraph
    report: IndexReport
    version: int  # the store's data_version when the graph was read

    @classmethod
    def read(cls, store: IndexStore, report: IndexReport) -> _Index:
        return cls(store, CallGraph(store, SymbolTable(store)), report, store.data_version())


class Repo:
    """A repository on disk, indexed and ready to navigate.

    >>> repo = Repo("fixtures/python")            # doctest: +SKIP
    >>> repo.callers("Flask.url_for").callers[0]  # doctest: +SKIP
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        cache_dir: str | os.PathLike[str] | None = None,
        max_file_size: int | None = None,
        workers: int | None = None,
    ) -> None:
        """``max_file_size`` (bytes) skips larger source files. Given, it is remembered in the
        index, so later opens of the repository that leave it out, by any process, keep it;
        left out, the remembered size applies, or 1 MiB if none was ever given."""
        if max_file_size is not None and max_file_size < 1:
            raise UsageError(f"the maximum file size must be at least 1 byte, not {max_file_size}")
        self.root = resolve_root(path)
        self.index_path = index_path_for(self.root, Path(cache_dir) if cache_dir else None)
        self._max_file_size = max_file_size
        self._workers = workers
        self._store: IndexStore | None = None
        self._current: _Index | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def index(self, *, progress: Progress | None = None, rebuild: bool = False) -> IndexReport:
        """Bring the index up to date with the files on disk, parsing only what changed, or
        every file when ``rebuild`` is true. Content that another index in the cache folder
        has parsed (another checkout of the repository) is copied from it, unless rebuilding."""
        waiting = None if progress is None else functools.partial(progress, "wait", 0, 0)
        with exclusive(self.index_path, on_wait=waiting):
            if rebuild or (self._store is not None and self._store.replaced()):
                self.close()  # a rebuild, here or by another process: start from the new file
            if self._store is None:
                self._store = IndexStore(self.index_path, self.root, facts_version=facts_version(), rebuild=rebuild)
            report = update_index(
                self.root,
                self._store,
                max_file_size=self._file_size_limit(self._store),
                progress=progress,
                workers=self._workers,
                borrow=not rebuild,  # a rebuild is asked for to parse everything afresh
            )
        current = self._current
        if current is not None and not report.changed and current.version == self._store.data_version():
            self._current = replace(current, report=report)  # keep what is loaded: it is all current
        else:
            self._current = _Index.read(self._store, report)
        return report

    def _file_size_limit(self, store: IndexStore) -> int:
        """The size limit given to this ``Repo``, now remembered in the index, or else the one
        remembered there, or else the default: a later command must not silently drop the
        files an explicit ``index --max-file-size`` let in."""
        remembered = store.read_setting("max_file_size")
        if self._max_file_size is None:
            return int(remembered) if remembered and remembered.isdigit() else DEFAULT_MAX_FILE_SIZE
        if remembered != str(self._max_file_size):
            store.write_setting("max_file_size", str(self._max_file_size))
        return self._max_file_size

    @property
    def last_report(self) -> IndexReport | None:
        """What the latest :meth:`index` call found, if there was one."""
        return self._current.report if self._current else None

    def _indexed(self) -> _Index:
        """The index, built or refreshed on first use, and read afresh (nothing parsed) when
        another process has changed it since: the facts held in memory would be stale."""
        if self._current is None:
            self.index()
        elif self._current.store.data_version() != self._current.version:
            self._current = _Index.read(self._current.store, self._current.report)
        assert self._current is not None
        return self._current

    @property
    def _ready(self) -> CallGraph:
        return self._indexed().graph

    @property
    def _table(self) -> SymbolTable:
        return self._indexed().graph.table

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None
            self._current = None

    def __enter__(self) -> Repo:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Repo({str(self.root)!r})"

    # -- files -----------------------------------------------------------------------------

    def list_files(
        self,
        glob: str | Sequence[str] | None = None,
        lang: str | None = None,
        *,
        syntax_errors: bool = False,
        limit: int = 5000,
    ) -> FileList:
        """Files ripgrep would search (``.gitignore`` honoured), filtered by glob (or several,
        read as ripgrep reads several ``--glob``) and language, and with ``syntax_errors`` to
        the source files whose parse found errors."""
        if lang is not None and lang not in LANGUAGES:
            raise UsageError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
        globs = _globs(glob)
        matches = compile_globs(globs) if globs else None
        store = self._indexed().store
        broken = store.paths_with_syntax_errors() if syntax_errors else None
        paths = [
            path
            for path, file_lang, _ in store.all_files()
            if (lang is None or file_lang == lang)
            and (matches is None or matches(path))
            and (broken is None or path in broken)
        ]
        return FileList(paths[:limit], len(paths), len(paths) > limit)

    def read_file(
        self, path: str, start: int | None = None, end: int | None = None, *, max_lines: int = 2000
    ) -> FileSlice:
        """Lines ``start``..``end`` (1-based, inclusive) of a text file, at most ``max_lines``."""
        relative, lines = self._text_lines(path)
        return self._slice(relative, lines, start, end, max_lines)

    def _text_lines(self, path: str) -> tuple[str, list[str]]:
        """The repo-relative path of a text file and its lines; raises if it is not one."""
        relative = relative_path(self.root, path)
        if ".git" in relative.split("/"):  # git's own store, and sometimes its credentials
            raise PathError(f"{relative} is inside .git, which rlm-code never reads")
        full = self.root / relative
        if not full.is_file():
            raise self._no_such_file(relative)
        data = full.read_bytes()
        if b"\0" in data[:8192]:
            raise UsageError(f"{relative} is a binary file")
        return relative, _lines(data)

    @staticmethod
    def _slice(relative: str, lines: list[str], start: int | None, end: int | None, max_lines: int) -> FileSlice:
        first = max(1, start or 1)
        if lines and first > len(lines):
            raise UsageError(f"line {first} is past the end of {relative} ({len(lines)} lines)")
        last = min(len(lines), end if end is not None else len(lines))
        if last < first - 1:
            raise UsageError(f"the range {first}-{end} of {relative} is empty")
        cut = last - first + 1 > max_lines
        if cut:
            last = first + max_lines - 1
        return FileSlice(relative, first, last, len(lines), "\n".join(lines[first - 1 : last]), cut)

    def grep(
        self,
        pattern: str,
        glob: str | Sequence[str] | None = None,
        ignore_case: bool = False,
        context: int = 0,
        max_results: int = 200,
        *,
        fixed_strings: bool = False,
        symbols: bool = True,
    ) -> GrepResult:
        """Lines matching a regex, each with the definition that encloses it; with ``symbols``
        false, without, and then the index is neither read nor built."""
        if not pattern:
            raise UsageError("the search pattern is empty")
        globs = _globs(glob)
        compile_globs(globs)  # a bad glob gets the same message here as in list_files
        matches, truncated = _grep.search(
            self.root,
            pattern,
            globs=globs,
            ignore_case=ignore_case,
            context=context,
            max_results=max_results,
            fixed_strings=fixed_strings,
            on_files=self._table.enclosing_finders if symbols else None,
        )
        if symbols:
            enclosing = self._table.enclosing_finders({match.path for match in matches})
            for match in matches:
                match.symbol = enclosing[match.path](match.line)
        return GrepResult(pattern, matches, truncated)

    # -- symbols ---------------------------------------------------------------------------

    def outline(self, path: str) -> Outline:
        """The definitions of one source file, in order."""
        relative = relative_path(self.root, path)
        symbols = self._table.file(relative)
        if symbols is None:
            raise self._unindexed(relative)
        return Outline(relative, symbols.lang, [Definition.of(s) for s in symbols.in_order])

    def _unindexed(self, relative: str) -> UsageError:
        """Why a file asked for by path has no symbols: it is skipped, not source, or not there."""
        for path, lang, skipped in self._indexed().store.all_files():
            if path == relative:
                if skipped:
                    return UsageError(f"{relative} was not indexed: {skipped}")
                return UsageError(f"{relative} is not a source file in a supported language ({lang or 'unknown'})")
        return self._no_such_file(relative)

    def _no_such_file(self, relative: str) -> PathError:
        if relative == "" or (self.root / relative).is_dir():
            return PathError(f"{relative or '.'} is a folder, not a file")
        hint = ""
        if self._current is not None:  # suggestions come from the index, never built just for them
            listed = [path for path, _, _ in self._current.store.all_files() if path != relative]  # not a stale self
            if close := difflib.get_close_matches(relative, listed, n=3, cutoff=0.8):
                hint = f"; did you mean {', '.join(close)}?"
        return PathError(f"no such file in the repository: {relative}{hint}")

    def find_definitions(self, target: str) -> list[Definition]:
        """The definitions a target names: ``name``, ``Qualified.name`` or ``path:Qualified.name``."""
        return [Definition.of(s) for s in self._symbols(target)]

    def _symbols(self, target: str) -> list[Symbol]:
        return find_symbols(self._ready, self.root, target, unindexed=self._unindexed)

    def read_symbol(self, name: str, *, max_lines: int = 400, max_definitions: int = 10) -> list[SymbolSource]:
        """The source of each definition ``name`` names."""
        sources = []
        for symbol in self._symbols(name)[:max_definitions]:
            relative, lines = self._text_lines(symbol.path)
            python = self._table.language(symbol.path) == "python"
            start = _decorated_from(lines, symbol.line) if python else symbol.line
            chunk = self._slice(relative, lines, start, symbol.end_line, max_lines)
            sources.append(SymbolSource(Definition.of(symbol), chunk.text, chunk.truncated, start))
        return sources

    # -- the call graph --------------------------------------------------------------------

    def callers(self, target: str, *, include_name_matches: bool = False, max_results: int = 500) -> CallersResult:
        """Call sites of ``target``: ``exact`` and ``likely`` ones, and with
        ``include_name_matches`` the unresolved sites that only share its name."""
        return self._sites(target, kinds=("call",), include_name_matches=include_name_matches, max_results=max_results)

    def references(self, target: str, *, include_name_matches: bool = False, max_results: int = 500) -> CallersResult:
        """Every use of ``target``: calls, and where it is imported, passed, assigned, subclassed or
        annotated."""
        return self._sites(target, kinds=None, include_name_matches=include_name_matches, max_results=max_results)

    def _sites(
        self, target: str, *, kinds: tuple[str, ...] | None, include_name_matches: bool, max_results: int
    ) -> CallersResult:
        symbols = self._symbols(target)
        found = self._ready.references_to(symbols, kinds=kinds)
        sites = [site for site in found if include_name_matches or site.confidence != "name"]
        calls = [_call_site(s, s.confidence) for s in sites[:max_results]]
        definitions = [Definition.of(s) for s in symbols]
        return CallersResult(target, definitions, calls, len(sites) > max_results, len(found) - len(sites))

    def callees(self, target: str, *, max_results: int = 500) -> CalleesResult:
        """The calls made inside each definition ``target`` names, resolved where possible,
        definition by definition. Each call is listed once, under the first definition whose
        lines hold it: a property's getter and setter share a qualified name, and a definition
        nested in a namesake is inside it too."""
        symbols = self._symbols(target)
        calls: list[CallSite] = []
        seen: set[tuple[str, int, int]] = set()
        for symbol in symbols:
            for site, outside in self._ready.calls_from(symbol):
                where = (site.path, site.line, site.column)
                if where not in seen:
                    seen.add(where)
                    calls.append(_call_site(site, "external" if outside else site.confidence))
        return CalleesResult(target, [Definition.of(s) for s in symbols], calls[:max_results], len(calls) > max_results)

    def importers(self, module: str, *, inside: str | None = None, max_results: int = 500) -> ImportersResult:
        """The import statements that bring in ``module`` (a module name, a file or a folder),
        only those in the files ``inside`` denotes when given: "does core/ depend on ui/?" is
        ``importers("ui", inside="core")``. With ``inside``, a package given by its module
        name stands for all its files, as a dependency question means."""
        scope: list[str] = []
        if inside is None:
            files = self._module_files(module)
            found = self._ready.importers_of(files)
        else:  # a question of dependency: a package named by its module name means all of it
            files = self._package_files(module)
            scope = self._package_files(inside)
            within = set(scope)
            found = [(path, item) for path, item in self._ready.importers_of(files) if path in within]
        lines: dict[str, list[str]] = {}
        for path, _ in found:
            if path not in lines:
                lines[path] = _lines((self.root / path).read_bytes())
        sites = [
            ImportSite(
                path,
                item.line,
                item.module,
                item.name,
                item.alias,
                _statement_at(lines[path], item.line),
            )
            for path, item in found
        ]
        through = self._import_chain(scope, files) if inside is not None and not sites else []
        return ImportersResult(module, files, sites[:max_results], len(sites) > max_results, inside, through)

    def import_graph(self) -> list[ImportEdge]:
        """Every import of a repository file by another, sorted by importer and line: one edge
        per imported file, so ``from . import a, b`` of two modules gives two. Imports of
        code outside the repository are left out."""
        graph = self._ready
        found: dict[tuple[str, int, str], ImportEdge] = {}
        for path in graph.table.paths():
            for item, targets in graph.imports_of(path):
                for target in targets:
                    if target != path:
                        found.setdefault(
                            (path, item.line, target),
                            ImportEdge(path, item.line, target, item.module, item.name),
                        )
        return [found[key] for key in sorted(found)]

    def import_path(self, source: str, target: str) -> list[ImportEdge]:
        """The shortest chain of imports that leads from a file of ``source`` to a file of
        ``target`` (each a folder, file or module, a package by its module name meaning all of
        it), empty if there is none: "does core/ depend on ui/, even through other files?"."""
        return self._import_chain(self._package_files(source), self._package_files(target))

    def _import_chain(self, sources: list[str], targets: list[str]) -> list[ImportEdge]:
        """The shortest chain of imports from one of ``sources`` to one of ``targets``."""
        goal = set(targets)
        start = [path for path in sources if path not in goal]
        edges: dict[str, list[ImportEdge]] = {}
        for edge in self.import_graph():
            edges.setdefault(edge.path, []).append(edge)
        reached: dict[str, ImportEdge | None] = dict.fromkeys(start)
        frontier = deque(start)
        while frontier:
            path = frontier.popleft()
            for edge in edges.get(path, []):
                if edge.target in reached:
                    continue
                reached[edge.target] = edge
                if edge.target in goal:
                    chain = [edge]
                    while (previous := reached[chain[-1].path]) is not None:
                        chain.append(previous)
                    return chain[::-1]
                frontier.append(edge.target)
        return []

    def _package_files(self, name: str) -> list[str]:
        """Like :meth:`_module_files`, except that a package named by its module name
        (``django.db``) means every file in its folder, not just its entry file."""
        files = self._module_files(name)
        if len(files) == 1 and not name.strip().endswith(files[0]):
            folder, _, entry = files[0].rpartition("/")
            if folder and entry in _PACKAGE_ENTRIES:
                return self._module_files(folder)
        return files

    def _module_files(self, module: str) -> list[str]:
        """The files ``module`` denotes: a path or folder in the repo, or a module name."""
        table = self._table
        candidate = module.strip().rstrip("/")
        if candidate and (self.root / candidate).exists():
            relative = relative_path(self.root, candidate)
            if (self.root / relative).is_dir():
                inside = [p for p in table.paths() if p.startswith(f"{relative}/")]
                if inside:
                    return inside
            elif table.language(relative):
                return [relative]
        for lang in sorted({lang for p in table.paths() if (lang := table.language(p))}):
            found = self._ready.resolver(lang).module_files(candidate)
            if found:
                return found
        known = [*table.paths(), *table.python_module_of.values()]
        close = difflib.get_close_matches(candidate, known, n=3, cutoff=0.8)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise NotFoundError(f"no module or file named {module!r} in the repository{hint}")

    # -- overview --------------------------------------------------------------------------

    def stats(self) -> RepoStats:
        """The repository's shape: size, languages, biggest folders, and the index's size."""
        index = self._indexed()
        totals = index.store.totals()
        folders: Counter[str] = Counter()
        source_files = 0
        for path, lang, skipped in index.store.all_files():
            folders[path.split("/")[0] if "/" in path else "."] += 1
            source_files += bool(lang and not skipped)
        return RepoStats(
            root=str(self.root),
            files=totals["files"],
            source_files=source_files,
            languages=index.report.languages,
            lines=totals["lines"],
            definitions=totals["definitions"],
            references=totals["references"],
            skipped=index.report.skipped,
            syntax_errors=totals["syntax_errors"],
            invalid_utf8=totals["invalid_utf8"],
            top_folders=folders.most_common(10),
            index_path=str(self.index_path),
            index_bytes=index.store.size_bytes(),
        )


_PACKAGE_ENTRIES = frozenset(
    {"__init__.py", "__init__.pyi", "index.js", "index.jsx", "index.ts", "index.tsx", "mod.rs"}
)
"""The file that stands for its folder when a module name names a package."""


def _decorated_from(lines: list[str], line: int) -> int:
    """The first line of the decorators above the Python definition on ``line`` (1-based):
    ``@app.route(...)``, ``@click.option(...)`` over several lines; ``line`` if it has none."""
    indent = _indent(lines[line - 1]) if line <= len(lines) else 0
    start = line
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        stripped = text.strip()
        if not stripped or _indent(text) < indent:
            break
        if _indent(text) == indent:
            if stripped.startswith("@"):
                start = number
            elif not stripped.startswith((")", "]", "}")):  # a decorator's arguments close
                break
    return start


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _globs(glob: str | Sequence[str] | None) -> list[str]:
    globs = [glob] if isinstance(glob, str) else list(glob or ())
    return [g for g in globs if g]


_STATEMENT_LINES = 12  # an import bracketed over more lines is cut, ending in "…"


def _statement_at(lines: list[str], line: int) -> str:
    """The statement starting at ``line`` (1-based) on one line: an import whose names are
    bracketed over several lines (``from x import (``, ``import {``) is joined up."""
    depth = 0
    for count, text in enumerate(lines[line - 1 : line - 1 + _STATEMENT_LINES], start=1):
        depth += sum(map(text.count, "([{")) - sum(map(text.count, ")]}"))
        if depth <= 0:
            return one_line("\n".join(lines[line - 1 : line - 1 + count]))
    return one_line("\n".join(lines[line - 1 : line - 1 + _STATEMENT_LINES])) + " …"


def _lines(data: bytes) -> list[str]:
    """The lines of a file as ripgrep and tree-sitter number them: split at ``\\n`` alone (a
    ``\\r`` before it dropped), not at the form feeds and other separators where
    ``str.splitlines`` also breaks, which would shift every line after one."""
    lines = data.decode("utf-8", "replace").split("\n")
    if lines[-1] == "":
        lines.pop()  # the final newline ends the last line; it does not start another
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _call_site(site: Site, confidence: str) -> CallSite:
    callee, line = (site.callee.target, site.callee.line) if site.callee else (None, None)
    return CallSite(site.path, site.line, site.column, site.caller, confidence, callee, site.kind, site.name, line)
