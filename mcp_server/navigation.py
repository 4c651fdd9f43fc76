"""The navigation tools: the ``Repo`` methods, with the arguments and shapes of the CLI's ``--json``.

Each tool is one library call in a worker thread (:meth:`Service.call`), its result converted
to the pydantic model of :mod:`mcp_server.results` and fitted to the output budget. Lists
page with ``offset`` and ``limit``: the tool asks the library for ``offset + limit`` items
and keeps the last ``limit``, so every page is computed the way the CLI computes one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from mcp.server.mcpserver import Context, MCPServer
from mcp.types import ToolAnnotations
from pydantic import Field

from rlm_code.repo import FileSlice
from rlm_code.repo import SymbolSource as LibrarySource

from . import results as r
from .paging import cut_text, fit_items, joined, size_of
from .service import Service, tool_description

__all__ = ["NAVIGATION_TOOLS", "register_navigation"]

NAVIGATION_TOOLS = (
    "list_files",
    "grep",
    "read_file",
    "outline",
    "read_symbol",
    "callers",
    "callees",
    "references",
    "importers",
)

Offset = Annotated[int, Field(ge=0, description="Skip this many items (the previous result's next_offset).")]
Limit = Annotated[int, Field(ge=1, le=5000, description="At most this many items in this page.")]
Target = Annotated[
    str, Field(description="name, Qualified.name, path/to/file:Qualified.name (any language) or a dotted path.")
]
FilePath = Annotated[str, Field(description="A file path relative to the repository root.")]
Glob = Annotated[
    str | list[str] | None,
    Field(description='Only paths matching this glob, e.g. "src/**/*.py", or several: ["*.js", "!dist"].'),
]
NameMatches = Annotated[bool, Field(description="Also list unresolved sites that only share the name.")]

_Sites = TypeVar("_Sites", r.CallersResult, r.CalleesResult)
_M = TypeVar("_M", bound=r.Paged)
_HEADER_ITEMS = 10
"""Definitions (or a module's files) listed above a page of sites; the note counts the rest."""
_WAIT_FOR_INDEX = 2.0
"""Seconds grep waits for the index (a refresh takes less) before answering without it."""
_READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, open_world_hint=False)


def register_navigation(server: MCPServer, service: Service, enabled: set[str]) -> None:
    """Add the enabled navigation tools to ``server``."""
    budget = service.budget

    async def list_files(
        ctx: Context[Any, Any],
        glob: Glob = None,
        lang: Annotated[str | None, Field(description="Only files of this language, e.g. python.")] = None,
        syntax_errors: Annotated[bool, Field(description="Only source files whose parse found syntax errors.")] = False,
        offset: Offset = 0,
        limit: Limit = 500,
    ) -> r.FileListResult:
        """The repository's files (.gitignore honoured), filtered by glob and language."""
        found = await service.call(
            ctx, lambda repo: repo.list_files(glob, lang, syntax_errors=syntax_errors, limit=offset + limit)
        )
        return fit_items(
            lambda items, cut, next_offset, note: r.FileListResult(
                paths=items,
                total=found.total,
                truncated=cut,
                offset=offset,
                next_offset=next_offset,
                note=note,
            ),
            found.paths[offset:],
            offset=offset,
            more=found.truncated,
            budget=budget,
            hint=" (or narrow the glob)",
        )

    async def grep(
        ctx: Context[Any, Any],
        pattern: Annotated[str, Field(description="A regular expression (ripgrep syntax).")],
        glob: Glob = None,
        ignore_case: bool = False,
        fixed_strings: Annotated[bool, Field(description="Treat the pattern as plain text.")] = False,
        context: Annotated[int, Field(ge=0, le=20, description="Lines of context around each match.")] = 0,
        offset: Offset = 0,
        limit: Limit = 100,
    ) -> r.GrepResult:
        """Search file contents (ripgrep); each match names its enclosing definition (`symbol`)."""
        # ripgrep needs no index: while a first index is built, matches come without symbols.
        indexed = await service.ready_within(ctx, _WAIT_FOR_INDEX)
        early = None if indexed else f"{service.indexer.progress.message}: no match names its symbol until it is done."
        # A cut grep keeps the first matches in path order, so each page is the next slice.
        found = await service.call(
            ctx,
            lambda repo: repo.grep(
                pattern, glob, ignore_case, context, offset + limit, fixed_strings=fixed_strings, symbols=indexed
            ),
            needs_index=indexed,
        )
        matches = [r.GrepMatch.model_validate(m.to_dict()) for m in found.matches[offset : offset + limit]]
        return fit_items(
            lambda items, cut, next_offset, note: r.GrepResult(
                pattern=pattern,
                matches=items,
                truncated=cut,
                offset=offset,
                next_offset=next_offset,
                note=joined(early, note),
            ),
            matches,
            offset=offset,
            more=found.truncated,
            budget=budget,
            hint=" (or narrow with glob)" if glob is None else " (or narrow the glob)",
        )

    async def read_file(
        ctx: Context[Any, Any],
        path: FilePath,
        start: Annotated[int | None, Field(ge=1, description="First line (1-based).")] = None,
        end: Annotated[int | None, Field(ge=1, description="Last line, inclusive.")] = None,
    ) -> r.FileSliceResult:
        """Lines start..end of a text file (all of it if omitted); a cut read says where to go on."""
        service.check_path(await service.scope(ctx), path)
        found = await service.call(ctx, lambda repo: repo.read_file(path, start, end), needs_index=False)
        return _fit_slice(found, budget)

    async def outline(
        ctx: Context[Any, Any], path: FilePath, offset: Offset = 0, limit: Limit = 500
    ) -> r.OutlineResult:
        """The definitions in one source file, in order, with line ranges and signatures."""
        service.check_path(await service.scope(ctx), path)
        found = await service.call(ctx, lambda repo: repo.outline(path))
        definitions = [r.Definition.model_validate(d.to_dict()) for d in found.definitions]
        return fit_items(
            lambda items, cut, next_offset, note: r.OutlineResult(
                path=found.path,
                language=found.language,
                definitions=items,
                truncated=cut,
                offset=offset,
                next_offset=next_offset,
                note=note,
            ),
            definitions[offset : offset + limit],
            offset=offset,
            more=len(definitions) > offset + limit,
            budget=budget,
        )

    async def read_symbol(
        ctx: Context[Any, Any],
        name: Target,
        offset: Offset = 0,
        limit: Annotated[int, Field(ge=1, le=50, description="At most this many definitions.")] = 10,
    ) -> r.SymbolResult:
        """The source of each definition a name names (a bare name may name several)."""
        found = await service.call(ctx, lambda repo: repo.read_symbol(name, max_definitions=offset + limit + 1))
        return _fit_sources(name, found[offset : offset + limit], offset, len(found) > offset + limit, budget)

    async def callers(
        ctx: Context[Any, Any],
        target: Target,
        include_name_matches: NameMatches = False,
        offset: Offset = 0,
        limit: Limit = 200,
    ) -> r.CallersResult:
        """Who calls a function or method: each call site's path, line, column, calling definition
        (`caller`) and confidence (exact or likely; name with include_name_matches)."""
        found = await service.call(
            ctx,
            lambda repo: repo.callers(target, include_name_matches=include_name_matches, max_results=offset + limit),
        )
        return _fit_sites(r.CallersResult, found.to_dict(), "callers", offset, budget)

    async def references(
        ctx: Context[Any, Any],
        target: Target,
        include_name_matches: NameMatches = False,
        offset: Offset = 0,
        limit: Limit = 200,
    ) -> r.CallersResult:
        """Every use of a definition: calls, and where it is imported, passed, assigned, subclassed or
        annotated."""
        found = await service.call(
            ctx,
            lambda repo: repo.references(target, include_name_matches=include_name_matches, max_results=offset + limit),
        )
        return _fit_sites(r.CallersResult, found.to_dict(), "callers", offset, budget)

    async def callees(
        ctx: Context[Any, Any], target: Target, offset: Offset = 0, limit: Limit = 200
    ) -> r.CalleesResult:
        """What a function or method calls, each call resolved to a definition where possible."""
        found = await service.call(ctx, lambda repo: repo.callees(target, max_results=offset + limit))
        return _fit_sites(r.CalleesResult, found.to_dict(), "callees", offset, budget)

    async def importers(
        ctx: Context[Any, Any],
        module: Annotated[str, Field(description="A module name (pkg.mod), a file or a folder.")],
        inside: Annotated[
            str | None,
            Field(description="Only imports made in this folder, file or module: does it depend on module?"),
        ] = None,
        offset: Offset = 0,
        limit: Limit = 200,
    ) -> r.ImportersResult:
        """Which files import a module, file or folder (for a folder: imports from outside it)."""
        found = await service.call(ctx, lambda repo: repo.importers(module, inside=inside, max_results=offset + limit))
        sites = [r.ImportSite.model_validate(s.to_dict()) for s in found.importers[offset:]]
        through = [r.ImportEdge.model_validate(edge.to_dict()) for edge in found.through]

        def fitted(listed: int) -> r.ImportersResult:
            unlisted = len(found.files) - listed
            about = joined(
                f"The module is {len(found.files)} files; {unlisted} are not listed in files."
                if unlisted > 0
                else None,
                f"Nothing in {inside} imports it directly; through is the shortest chain of imports that leads there."
                if found.through
                else None,
            )
            return fit_items(
                lambda items, cut, next_offset, note: r.ImportersResult(
                    module=found.module,
                    inside=found.inside,
                    through=through,
                    files=found.files[:listed],
                    importers=items,
                    truncated=cut,
                    offset=offset,
                    next_offset=next_offset,
                    note=joined(note, about),
                ),
                sites,
                offset=offset,
                more=found.truncated,
                budget=budget,
            )

        most = min(_HEADER_ITEMS, len(found.files))
        return _fit_header(fitted, most, budget, lambda result: result.importers, any_items=bool(sites))

    tools: dict[str, Callable[..., Any]] = {
        "list_files": list_files,
        "grep": grep,
        "read_file": read_file,
        "outline": outline,
        "read_symbol": read_symbol,
        "callers": callers,
        "callees": callees,
        "references": references,
        "importers": importers,
    }
    for name, function in tools.items():
        if name in enabled:
            server.add_tool(function, name=name, description=tool_description(function), annotations=_READ_ONLY)


def _fit_sites(model: type[_Sites], found: dict[str, Any], field: str, offset: int, budget: int) -> _Sites:
    """A callers/references (``field`` "callers") or callees result, paged and fitted. Of the
    definitions, the first few are listed, as many as leave room for the sites (see
    :func:`_fit_header`)."""
    sites = [r.CallSite.model_validate(site) for site in found[field][offset:]]
    definitions = [r.Definition.model_validate(d) for d in found["definitions"][:_HEADER_ITEMS]]
    hidden = found.get("name_matches_hidden", 0)
    extra = {"name_matches_hidden": hidden} if "name_matches_hidden" in found else {}

    def fitted(listed: int) -> _Sites:
        unlisted = len(found["definitions"]) - listed
        about = joined(
            f"{_count(unlisted, 'more definition is', 'more definitions are')} not listed;"
            " name one as path:Qualified.name."
            if unlisted
            else None,
            f"{_count(hidden, 'more site only shares', 'more sites only share')} the name;"
            " include_name_matches=true lists them."
            if hidden
            else None,
        )
        return fit_items(
            lambda items, cut, next_offset, note: model.model_validate(
                {
                    "target": found["target"],
                    "definitions": definitions[:listed],
                    field: items,
                    "truncated": cut,
                    "offset": offset,
                    "next_offset": next_offset,
                    "note": joined(note, about),
                    **extra,
                }
            ),
            sites,
            offset=offset,
            more=found["truncated"],
            budget=budget,
        )

    return _fit_header(fitted, len(definitions), budget, lambda result: getattr(result, field), any_items=bool(sites))


def _fit_header(
    fitted: Callable[[int], _M], most: int, budget: int, items_of: Callable[[_M], list[Any]], *, any_items: bool
) -> _M:
    """``fitted(n)``, the page with the first ``n`` header entries (definitions, a module's
    files) above its items, for the largest ``n`` up to ``most`` whose page fits the budget
    and shows at least one item: under a small budget the header gives way, never the sites
    (which would make each page skip one). :func:`fit_items` returns a page that holds an
    item only once it has measured it, so only a page with no items (``any_items`` false) is
    measured here."""
    for listed in range(most, 0, -1):
        result = fitted(listed)
        fits = bool(items_of(result)) if any_items else size_of(result) <= budget
        if fits:
            return result
    return fitted(0)


def _read_on(source: r.SymbolSource, *, inside_line: bool = False) -> str:
    """Where to read on in a definition whose source was cut: after its last line shown, or,
    cut ``inside_line`` (a minified line longer than the budget), after that line, when the
    definition has more lines."""
    definition = source.definition
    last = source.start + source.source.rstrip("\n").count("\n")  # the last line shown, whole or not
    if inside_line:
        head = f"Line {last} of {definition.qualname} alone is longer than the output budget; only its start is shown"
    else:
        head = f"The source of {definition.qualname} was cut after {_count(last - source.start + 1, 'line', 'lines')}"
    if last >= definition.end_line:
        return f"{head}; grep shows 500 characters around each match in a line that long."
    rest = f"path={definition.path!r}, start={last + 1}, end={definition.end_line}"
    return f"{head}; read the rest with read_file({rest})."


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _fit_slice(found: FileSlice, budget: int) -> r.FileSliceResult:
    """The slice, cut at a line boundary to fit the budget, saying where to read on."""
    result = r.FileSliceResult.model_validate({**found.to_dict(), "note": None})
    if found.truncated:
        shown = f"Lines {found.start}-{found.end} of {found.total_lines} shown"
        result.note = f"{shown}; read on with start={found.end + 1}."
    if size_of(result) <= budget:
        return result
    empty = result.model_copy(update={"text": "", "note": "x" * 200})
    text, lines = cut_text(found.text, budget - size_of(empty))
    if lines == 0:
        note = f"Line {found.start} is longer than the output budget; only its first {len(text)} characters are shown."
        end = found.start
    else:
        end = found.start + lines - 1
        note = (
            f"Output budget reached: lines {found.start}-{end} of {found.total_lines} shown;"
            f" read on with start={end + 1}."
        )
    return result.model_copy(update={"text": text.removesuffix("\n"), "end": end, "truncated": True, "note": note})


def _fit_sources(name: str, sources: list[LibrarySource], offset: int, more: bool, budget: int) -> r.SymbolResult:
    """Whole definitions while they fit; a definition too long alone is cut at a line."""
    converted = [r.SymbolSource.model_validate(s.to_dict()) for s in sources]

    def build(
        items: list[r.SymbolSource], cut: bool, next_offset: int | None, note: str | None, *, inside_line: bool = False
    ) -> r.SymbolResult:
        shortened = next((source for source in items if source.truncated), None)
        return r.SymbolResult(
            name=name,
            definitions=items,
            truncated=cut,
            offset=offset,
            next_offset=next_offset,
            note=joined(note, _read_on(shortened, inside_line=inside_line) if shortened else None),
        )

    result = fit_items(build, converted, offset=offset, more=more, budget=budget)
    if result.definitions or not converted:
        return result
    first = converted[0]  # longer than the budget alone: cut at a line, and say where to read on
    empty = build([first.model_copy(update={"source": "", "truncated": True})], True, offset + 1, None)
    text, lines = cut_text(first.source, budget - size_of(empty) - 100)
    cut = first.model_copy(update={"source": text, "truncated": True})
    return build([cut], True, offset + 1 if len(converted) > 1 or more else None, None, inside_line=lines == 0)
