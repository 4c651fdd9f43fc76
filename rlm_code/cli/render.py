"""Human-readable output for the navigation commands. Plain enough to pipe, coloured on a
terminal. Paths come first in the ``path:line`` form editors and terminals make clickable."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from rich.markup import escape

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
from .output import console, write_stdout

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


def _cut_note(shown: int, truncated: bool) -> str:
    return f"[dim](showing the first {shown}; raise --max to see more)[/dim]" if truncated else ""


def index_report(data: dict[str, Any]) -> None:
    out = console()
    languages = ", ".join(f"{lang} {count}" for lang, count in data["languages"].items()) or "none"
    out.print(f"[bold]Indexed[/bold] {escape(data['root'])} in {data['seconds']:.2f}s")
    out.print(f"  files        {data['files']} ({languages})")
    out.print(f"  definitions  {data['definitions']}")
    out.print(f"  references   {data['references']}")
    out.print(f"  parsed now   {data['parsed']}")
    skipped = ", ".join(f"{reason} {count}" for reason, count in data["skipped"].items()) or "none"
    out.print(f"  skipped      {skipped}")
    if data["syntax_errors"] or data["invalid_utf8"]:
        out.print(
            f"  with syntax errors {data['syntax_errors']}, with invalid UTF-8 {data['invalid_utf8']}"
            " (indexed as far as they parse; `rlm-code files --syntax-errors` lists them)"
        )
    out.print(f"  index        {escape(data['index'])}")


def file_list(result: FileList) -> None:
    out = console()
    for path in result.paths:
        out.print(escape(path))
    if note := _cut_note(len(result.paths), result.truncated):
        console(stderr=True).print(note)


def grep_result(result: GrepResult) -> None:
    out = console()
    if out.is_terminal:
        for line in _grep_lines(result, _styled):
            out.print(line)
    else:  # piped: the same text without colour, written at once (Rich's markup parsing would
        # cost a third of a millisecond a line, half a minute for 100,000 matches)
        write_stdout("".join(f"{line}\n" for line in _grep_lines(result, _plain)))
    if note := _cut_note(len(result.matches), result.truncated):
        console(stderr=True).print(note)


def _grep_lines(result: GrepResult, mark: Callable[[str, str], str]) -> Iterator[str]:
    """:func:`grep_result`'s lines, each piece passed through ``mark(text, style)``."""
    for match in result.matches:
        first = match.line - len(match.context_before)
        for offset, line in enumerate(match.context_before):
            yield mark(f"{match.path}-{first + offset}- {line}", "dim")
        symbol = f"  {mark(f'({match.symbol})', 'dim')}" if match.symbol else ""
        where = f"{mark(match.path, 'magenta')}:{mark(str(match.line), 'green')}:{match.column}"
        yield f"{where}: {mark(match.text.strip(), '')}{symbol}"
        for offset, line in enumerate(match.context_after, 1):
            yield mark(f"{match.path}-{match.line + offset}- {line}", "dim")


def _styled(text: str, style: str) -> str:
    return f"[{style}]{escape(text)}[/{style}]" if style else escape(text)


def _plain(text: str, style: str) -> str:
    return text


def outline(result: Outline) -> None:
    out = console()
    out.print(f"[bold]{escape(result.path)}[/bold] ({result.language})")
    names = {d.qualname for d in result.definitions}
    for definition in result.definitions:
        # Indented once per enclosing definition in this file: `app.use` on an object that is
        # not one is not nested, a method of a class defined here is.
        parts = definition.qualname.split(".")
        depth = sum(".".join(parts[:cut]) in names for cut in range(1, len(parts)))
        span = f"{definition.line}-{definition.end_line}"
        out.print(
            f"  {span:>11}  {'  ' * depth}[cyan]{definition.kind:<9}[/cyan] "
            f"{escape(definition.signature or definition.qualname)}"
        )


def symbol_sources(sources: list[SymbolSource], *, total: int, max_lines: int) -> None:
    from rich.syntax import Syntax

    out = console()
    for source in sources:
        definition = source.definition
        out.print(
            f"[magenta]{escape(definition.path)}[/magenta]:[green]{definition.line}[/green] "
            f"[cyan]{definition.kind}[/cyan] [bold]{escape(definition.qualname)}[/bold]"
        )
        lexer = Syntax.guess_lexer(definition.path, code=source.source)
        out.print(
            Syntax(
                source.source,
                lexer,
                line_numbers=True,
                start_line=source.start,
                theme="ansi_dark",
                word_wrap=False,
            )
        )
        if source.truncated:
            out.print(f"[dim](source cut after {max_lines} lines; raise --max-lines for the rest)[/dim]")
    if total > len(sources):
        console(stderr=True).print(
            f"[dim](showing {len(sources)} of {total} definitions; raise --max, or name one as"
            " path:Qualified.name)[/dim]"
        )


def call_sites(result: CallersResult, *, verb: str) -> None:
    out = console()
    for definition in result.definitions:
        out.print(
            f"[bold]{escape(definition.qualname)}[/bold] [dim]defined at[/dim] "
            f"{escape(definition.path)}:{definition.line}"
        )
    hidden = _name_matches_note(result.name_matches_hidden)
    if not result.callers:
        out.print(f"[dim]nothing {verb} it that rlm-code can resolve{f'; {hidden}' if hidden else ''}[/dim]")
        return
    several = len(result.definitions) > 1
    for site in result.callers:
        style = _CONFIDENCE_STYLE.get(site.confidence, "")
        kind = f" [dim]{site.kind}[/dim]" if site.kind != "call" else ""
        callee = f"  [dim]-> {escape(site.callee)}[/dim]" if several and site.callee else ""
        out.print(
            f"[{style}]{site.confidence:<6}[/{style}] [magenta]{escape(site.path)}[/magenta]:"
            f"[green]{site.line}[/green]:{site.column}  {escape(site.caller)}{kind}{callee}"
        )
    if note := _cut_note(len(result.callers), result.truncated):
        console(stderr=True).print(note)
    if hidden:
        console(stderr=True).print(f"[dim]({hidden})[/dim]")


def _name_matches_note(hidden: int) -> str:
    if not hidden:
        return ""
    sites = "1 more site only shares" if hidden == 1 else f"{hidden:,} more sites only share"
    return f"{sites} the name; --include-name-matches lists them"


def callees(result: CalleesResult) -> None:
    """Each definition's header, then the calls made in it: a line number alone would not say
    which of several files or definitions it is in."""
    out = console()
    held: dict[int, list[CallSite]] = {}
    for site in result.callees:  # under the first definition whose lines hold it, as Repo.callees lists it
        index = next(
            (i for i, d in enumerate(result.definitions) if d.path == site.path and d.line <= site.line <= d.end_line),
            0,
        )
        held.setdefault(index, []).append(site)
    for index, definition in enumerate(result.definitions):
        out.print(
            f"[bold]{escape(definition.qualname)}[/bold] [dim]at[/dim] "
            f"{escape(definition.path)}:{definition.line}-{definition.end_line}"
        )
        for site in held.get(index, []):
            out.print(_callee_line(site))
    if note := _cut_note(len(result.callees), result.truncated):
        console(stderr=True).print(note)


def _callee_line(site: CallSite) -> str:
    style = _CONFIDENCE_STYLE.get(site.confidence, "")
    if site.callee is None:
        where = f"[dim]{'unresolved' if site.confidence == 'name' else site.confidence}[/dim]"
    else:  # a likely callee says so in words too, for output without colour
        where = escape(site.callee) + (" [yellow](likely)[/yellow]" if site.confidence == "likely" else "")
    return f"  [green]{site.line:>5}[/green]  {escape(site.name)}  [{style}]->[/{style}] {where}"


def importers(result: ImportersResult) -> None:
    out = console()
    shown = ", ".join(result.files[:3]) + (f" and {len(result.files) - 3} more" if len(result.files) > 3 else "")
    where = f" [dim]imported from[/dim] [bold]{escape(result.inside)}[/bold]" if result.inside else ""
    out.print(f"[bold]{escape(result.module)}[/bold] [dim]({escape(shown)})[/dim]{where}")
    if not result.importers:
        nobody = f"nothing in {escape(result.inside)}" if result.inside else "nothing in the repository"
        if result.through:
            out.print(f"[dim]{nobody} imports it directly, but through other files:[/dim]")
        else:
            out.print(f"[dim]{nobody} imports it{', directly or not' if result.inside else ''}[/dim]")
    for edge in result.through:
        out.print(f"[magenta]{escape(edge.path)}[/magenta]:[green]{edge.line}[/green]  imports {escape(edge.target)}")
    for site in result.importers:
        out.print(f"[magenta]{escape(site.path)}[/magenta]:[green]{site.line}[/green]  {escape(site.text)}")
    if note := _cut_note(len(result.importers), result.truncated):
        console(stderr=True).print(note)


def repo_stats(stats: RepoStats) -> None:
    out = console()
    rows = [
        ("root", escape(stats.root)),
        ("files", f"{stats.files} ({stats.source_files} source)"),
        ("languages", ", ".join(f"{k} {v}" for k, v in stats.languages.items()) or "none"),
        ("lines", str(stats.lines)),
        ("definitions", str(stats.definitions)),
        ("references", str(stats.references)),
        ("top folders", ", ".join(f"{escape(k)} {v}" for k, v in stats.top_folders) or "none"),
        ("skipped", ", ".join(f"{k} {v}" for k, v in stats.skipped.items()) or "none"),
        ("index", f"{escape(stats.index_path)} ({stats.index_bytes // 1024} KiB)"),
    ]
    for label, value in rows:
        out.print(f"[bold]{label:<12}[/bold] {value}")
