"""Human-readable output for the navigation commands. Plain enough to pipe, coloured on a
terminal. Paths come first in the ``path:line`` form editors and terminals make clickable.

Each command's lines are built as strings, styled by :func:`~.output.marker`, and written in
one go: printing line by line through Rich took seconds for a few thousand lines. Only a
definition's source goes through Rich, for its syntax highlighting."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any

from ..repo.callee_groups import group_calls_by_definition
from ..repo.models import (
    CalleesResult,
    CallersResult,
    CallSite,
    FileList,
    GrepResult,
    ImportersResult,
    Outline,
    RepoStats,
    SymbolSource,
)
from .output import Mark, console, marker, write_stdout

__all__ = [
    "call_sites",
    "callees",
    "file_list",
    "grep_result",
    "importers",
    "index_report",
    "outline",
    "repo_stats",
    "symbol_sources",
]

_CONFIDENCE_STYLE = {"exact": "green", "likely": "yellow", "name": "dim", "external": "dim"}


def _write(lines: Iterable[str]) -> None:
    write_stdout("".join(f"{line}\n" for line in lines))


def _note(text: str) -> None:
    """A remark about the output (what was cut or left out), on stderr so that it never
    mixes with the results a pipe reads."""
    sys.stderr.write(marker(stderr=True)(text, "dim") + "\n")


def _cut_note(shown: int, truncated: bool) -> None:
    if truncated:
        _note(f"(showing the first {shown}; raise --max to see more)")


def _where(mark: Mark, path: str, line: int, column: int | None = None) -> str:
    """``path:line[:column]``, coloured as grep colours it."""
    return f"{mark(path, 'magenta')}:{mark(str(line), 'green')}" + ("" if column is None else f":{column}")


def index_report(data: dict[str, Any]) -> None:
    mark = marker()
    languages = ", ".join(f"{lang} {count}" for lang, count in data["languages"].items()) or "none"
    skipped = ", ".join(f"{reason} {count}" for reason, count in data["skipped"].items()) or "none"
    lines = [
        f"{mark('Indexed', 'bold')} {mark(data['root'], '')} in {data['seconds']:.2f}s",
        f"  files        {data['files']} ({languages})",
        f"  definitions  {data['definitions']}",
        f"  references   {data['references']}",
        f"  parsed now   {data['parsed']}",
        f"  skipped      {skipped}",
    ]
    if data["borrowed"]:
        lines.insert(5, f"  borrowed     {data['borrowed']} (parsed before, for another index in the cache folder)")
    if data["syntax_errors"] or data["invalid_utf8"]:
        lines.append(
            f"  with syntax errors {data['syntax_errors']}, with invalid UTF-8 {data['invalid_utf8']}"
            " (indexed as far as they parse; `rlm-code files --syntax-errors` lists them)"
        )
    lines.append(f"  index        {mark(data['index'], '')}")
    _write(lines)


def file_list(result: FileList) -> None:
    mark = marker()
    _write(mark(path, "") for path in result.paths)
    _cut_note(len(result.paths), result.truncated)


def grep_result(result: GrepResult) -> None:
    _write(_grep_lines(result, marker()))
    _cut_note(len(result.matches), result.truncated)


def _grep_lines(result: GrepResult, mark: Mark) -> Iterator[str]:
    for match in result.matches:
        first = match.line - len(match.context_before)
        for offset, line in enumerate(match.context_before):
            yield mark(f"{match.path}-{first + offset}- {line}", "dim")
        symbol = f"  {mark(f'({match.symbol})', 'dim')}" if match.symbol else ""
        yield f"{_where(mark, match.path, match.line, match.column)}: {mark(match.text.strip(), '')}{symbol}"
        for offset, line in enumerate(match.context_after, 1):
            yield mark(f"{match.path}-{match.line + offset}- {line}", "dim")


def outline(result: Outline) -> None:
    mark = marker()
    lines = [f"{mark(result.path, 'bold')} ({result.language})"]
    names = {d.qualname for d in result.definitions}
    for definition in result.definitions:
        # Indented once per enclosing definition in this file: `app.use` on an object that is
        # not one is not nested, a method of a class defined here is.
        parts = definition.qualname.split(".")
        depth = sum(".".join(parts[:cut]) in names for cut in range(1, len(parts)))
        span = f"{definition.line}-{definition.end_line}"
        lines.append(
            f"  {span:>11}  {'  ' * depth}{mark(f'{definition.kind:<9}', 'cyan')} "
            f"{mark(definition.signature or definition.qualname, '')}"
        )
    _write(lines)


def symbol_sources(sources: list[SymbolSource], *, total: int, max_lines: int) -> None:
    from rich.syntax import Syntax

    out, mark = console(), marker()
    for source in sources:
        definition = source.definition
        where = _where(mark, definition.path, definition.line)
        _write([f"{where} {mark(definition.kind, 'cyan')} {mark(definition.qualname, 'bold')}"])
        lexer = Syntax.guess_lexer(definition.path, code=source.source)
        out.print(
            Syntax(source.source, lexer, line_numbers=True, start_line=source.start, theme="ansi_dark", word_wrap=False)
        )
        if source.truncated:
            _write([mark(f"(source cut after {max_lines} lines; raise --max-lines for the rest)", "dim")])
    if total > len(sources):
        _note(f"(showing {len(sources)} of {total} definitions; raise --max, or name one as path:Qualified.name)")


def call_sites(result: CallersResult, *, verb: str) -> None:
    mark = marker()
    lines = [
        f"{mark(d.qualname, 'bold')} {mark('defined at', 'dim')} {_where(mark, d.path, d.line)}"
        for d in result.definitions
    ]
    hidden = _name_matches_note(result.name_matches_hidden)
    if not result.callers:
        lines.append(mark(f"nothing {verb} it that rlm-code can resolve{f'; {hidden}' if hidden else ''}", "dim"))
        _write(lines)
        return
    several = len(result.definitions) > 1
    overloaded = len({(d.path, d.qualname) for d in result.definitions}) < len(result.definitions)
    for site in result.callers:
        kind = f" {mark(site.kind, 'dim')}" if site.kind != "call" else ""
        reached = f"{site.callee}:{site.callee_line}" if overloaded and site.callee_line else site.callee
        callee = f"  {mark(f'-> {reached}', 'dim')}" if several and site.callee else ""
        confidence = mark(f"{site.confidence:<6}", _CONFIDENCE_STYLE.get(site.confidence, ""))
        where = _where(mark, site.path, site.line, site.column)
        lines.append(f"{confidence} {where}  {mark(site.caller, '')}{kind}{callee}")
    _write(lines)
    _cut_note(len(result.callers), result.truncated)
    if hidden:
        _note(f"({hidden})")


def _name_matches_note(hidden: int) -> str:
    if not hidden:
        return ""
    sites = "1 more site only shares" if hidden == 1 else f"{hidden:,} more sites only share"
    return f"{sites} the name; --include-name-matches lists them"


def callees(result: CalleesResult) -> None:
    """Each definition's header, then the calls made in it: a line number alone would not say
    which of several files or definitions it is in."""
    mark = marker()
    groups = group_calls_by_definition(
        [(d.path, d.line, d.end_line) for d in result.definitions], [(s.path, s.line) for s in result.callees]
    )
    lines = []
    for definition, group in zip(result.definitions, groups, strict=True):
        lines.append(
            f"{mark(definition.qualname, 'bold')} {mark('at', 'dim')} "
            f"{mark(definition.path, '')}:{definition.line}-{definition.end_line}"
        )
        lines += [_callee_line(result.callees[index], mark) for index in group]
    _write(lines)
    _cut_note(len(result.callees), result.truncated)


def _callee_line(site: CallSite, mark: Mark) -> str:
    if site.callee is None:
        where = mark("unresolved" if site.confidence == "name" else site.confidence, "dim")
    else:  # a likely callee says so in words too, for output without colour
        where = mark(site.callee, "") + (f" {mark('(likely)', 'yellow')}" if site.confidence == "likely" else "")
    arrow = mark("->", _CONFIDENCE_STYLE.get(site.confidence, ""))
    return f"  {mark(f'{site.line:>5}', 'green')}  {mark(site.name, '')}  {arrow} {where}"


def importers(result: ImportersResult) -> None:
    mark = marker()
    shown = ", ".join(result.files[:3]) + (f" and {len(result.files) - 3} more" if len(result.files) > 3 else "")
    where = f" {mark('imported from', 'dim')} {mark(result.inside, 'bold')}" if result.inside else ""
    lines = [f"{mark(result.module, 'bold')} {mark(f'({shown})', 'dim')}{where}"]
    if not result.importers:
        nobody = f"nothing in {result.inside}" if result.inside else "nothing in the repository"
        if result.through:
            lines.append(mark(f"{nobody} imports it directly, but through other files:", "dim"))
        else:
            lines.append(mark(f"{nobody} imports it{', directly or not' if result.inside else ''}", "dim"))
    lines += [f"{_where(mark, edge.path, edge.line)}  imports {mark(edge.target, '')}" for edge in result.through]
    lines += [f"{_where(mark, site.path, site.line)}  {mark(site.text, '')}" for site in result.importers]
    _write(lines)
    _cut_note(len(result.importers), result.truncated)


def repo_stats(stats: RepoStats) -> None:
    mark = marker()
    rows = [
        ("root", stats.root),
        ("files", f"{stats.files} ({stats.source_files} source)"),
        ("languages", ", ".join(f"{k} {v}" for k, v in stats.languages.items()) or "none"),
        ("lines", str(stats.lines)),
        ("definitions", str(stats.definitions)),
        ("references", str(stats.references)),
        ("top folders", ", ".join(f"{k} {v}" for k, v in stats.top_folders) or "none"),
        ("skipped", ", ".join(f"{k} {v}" for k, v in stats.skipped.items()) or "none"),
        ("index", f"{stats.index_path} ({stats.index_bytes // 1024} KiB)"),
    ]
    _write(f"{mark(f'{label:<12}', 'bold')} {mark(value, '')}" for label, value in rows)
