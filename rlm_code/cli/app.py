"""The navigation commands: index, files, grep, outline, symbol, callers, callees, references,
importers and stats. Each opens the repository (indexing on first use), calls one ``Repo``
method, and prints the result as JSON or for a person."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from typer._click import exceptions as click_errors  # typer (pinned) carries its own click
from typer._click.core import Context
from typer.core import TyperGroup

from ..errors import PathError, UsageError
from .output import emit_json, open_repo

__all__ = ["app"]


@contextmanager
def _one_line_usage_errors() -> Iterator[None]:
    """Click's usage errors (a bad option value, a missing argument) as our UsageError: one
    line on stderr and exit code 2, like every other bad input, instead of click's usage,
    hint and error over four lines. Help asked for by giving no arguments stays help."""
    try:
        yield
    except click_errors.NoArgsIsHelpError:
        raise
    except click_errors.UsageError as exc:
        message = " ".join(exc.format_message().rstrip(".").split())  # "Did you mean" may be on a line of its own
        where = f" (see {exc.ctx.command_path} --help)" if exc.ctx else ""
        raise UsageError(f"{message[:1].lower()}{message[1:]}{where}") from exc


class _Commands(TyperGroup):
    """The command group, reporting usage errors its way (see :func:`_one_line_usage_errors`)."""

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        with _one_line_usage_errors():
            return super().parse_args(ctx, args)

    def invoke(self, ctx: Context) -> Any:
        with _one_line_usage_errors():
            return super().invoke(ctx)


app = typer.Typer(
    name="rlm-code",
    cls=_Commands,
    help="Code intelligence for large repositories: navigate, search and ask questions.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"rlm-code {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """Code intelligence for large repositories: navigate, search and ask questions."""


RepoArg = Annotated[Path, typer.Argument(help="The repository folder.", show_default=False)]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
CacheOpt = Annotated[
    Optional[Path],
    typer.Option(
        "--cache-dir",
        help="Where indexes live (default: $RLM_CODE_CACHE or the user cache folder).",
        envvar="RLM_CODE_CACHE",
        show_envvar=False,
    ),
]
WorkerModelOpt = Annotated[
    Optional[str],
    typer.Option(
        "--worker-model",
        help="The model for worker calls (default: the supervisor provider's own, never another:"
        " claude-haiku-5-5 for anthropic, the supervisor's own model for openai, none for scripted).",
    ),
]
MaxOpt = Annotated[int, typer.Option("--max", min=1, help="Report at most this many results.")]
GlobOpt = Annotated[
    Optional[list[str]],
    typer.Option("--glob", "-g", help="Only paths matching this glob; repeat it to combine (a leading ! excludes)."),
]


def _from_here(path: str, root: Path) -> str:
    """A path as the user means it: written ``./x`` or ``../x`` it is relative to the current
    folder, as in a shell; any other is relative to the repository ``root``."""
    if not path.startswith(("./", "../")):
        return path
    here = Path(os.path.abspath(path))  # ../ taken lexically, as a shell does
    if here.is_relative_to(root):
        return here.relative_to(root).as_posix()
    if here.resolve().is_relative_to(root):  # through a symlink to the repository
        return str(here)
    raise PathError(f"path is outside the repository: {path}")


def _show(result: Any, json: bool, printer: str, **options: Any) -> None:
    """Print a ``Repo`` result as JSON, or with ``render.<printer>`` for a person; Rich (which
    render needs) is imported only then."""
    if json:
        emit_json(result.to_dict())
        return
    from . import render

    getattr(render, printer)(result, **options)


@app.command()
def index(
    repo: RepoArg,
    json: JsonOpt = False,
    cache_dir: CacheOpt = None,
    max_file_size: Annotated[
        Optional[int],
        typer.Option(
            "--max-file-size",
            min=1,
            help="Skip source files larger than this many bytes; remembered for this repository"
            " (default: the size last given, else 1 MiB).",
            show_default=False,
        ),
    ] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Drop the index and parse every file again.")] = False,
) -> None:
    """Build or refresh the index (every other command does this on first use)."""
    opened = open_repo(repo, cache_dir=cache_dir, json_mode=json, max_file_size=max_file_size, rebuild=rebuild)
    report = opened.last_report
    assert report is not None
    totals = opened.stats()
    data = {
        "root": str(opened.root),
        "files": report.files,
        "languages": report.languages,
        "definitions": totals.definitions,
        "references": totals.references,
        "parsed": report.parsed,
        "borrowed": report.borrowed,
        "skipped": report.skipped,
        "syntax_errors": totals.syntax_errors,
        "invalid_utf8": totals.invalid_utf8,
        "seconds": round(report.seconds, 3),
        "index": totals.index_path,
    }
    if json:
        emit_json(data)
    else:
        from . import render

        render.index_report(data)


@app.command()
def files(
    repo: RepoArg,
    glob: GlobOpt = None,
    lang: Annotated[Optional[str], typer.Option("--lang", help="Only files of this language.")] = None,
    syntax_errors: Annotated[
        bool, typer.Option("--syntax-errors", help="Only source files whose parse found syntax errors.")
    ] = False,
    max_results: MaxOpt = 5000,
    json: JsonOpt = False,
    cache_dir: CacheOpt = None,
) -> None:
    """List the repository's files (.gitignore honoured)."""
    result = open_repo(repo, cache_dir=cache_dir, json_mode=json).list_files(
        glob, lang, syntax_errors=syntax_errors, limit=max_results
    )
    _show(result, json, "file_list")
    if not result.paths:
        raise typer.Exit(1)


@app.command()
def grep(
    repo: RepoArg,
    pattern: Annotated[str, typer.Argument(help="A regular expression (ripgrep syntax).")],
    glob: GlobOpt = None,
    ignore_case: Annotated[bool, typer.Option("--ignore-case", "-i", help="Match case-insensitively.")] = False,
    fixed_strings: Annotated[bool, typer.Option("--fixed-strings", "-F", help="Treat the pattern as text.")] = False,
    context: Annotated[int, typer.Option("--context", "-C", min=0, help="Lines of context around each match.")] = 0,
    max_results: MaxOpt = 200,
    json: JsonOpt = False,
    cache_dir: CacheOpt = None,
) -> None:
    """Search file contents; each match names its enclosing definition."""
    result = open_repo(repo, cache_dir=cache_dir, json_mode=json).grep(
        pattern, glob, ignore_case, context, max_results, fixed_strings=fixed_strings
    )
    _show(result, json, "grep_result")
    if not result.matches:
        raise typer.Exit(1)


@app.command()
def outline(
    repo: RepoArg,
    path: Annotated[str, typer.Argument(help="A file, relative to the repository (./x: to this folder).")],
    json: JsonOpt = False,
    cache_dir: CacheOpt = None,
) -> None:
    """Show the definitions in one file."""
    opened = open_repo(repo, cache_dir=cache_dir, json_mode=json)
    result = opened.outline(_from_here(path, opened.root))
    _show(result, json, "outline")


@app.command()
def symbol(
    repo: RepoArg,
    name: Annotated[str, typer.Argument(help="name, Qualified.name, path:Qualified.name or a dotted path")],
    max_results: Annotated[int, typer.Option("--max", min=1, help="Show at most this many definitions.")] = 10,
    max_lines: Annotated[int, typer.Option("--max-lines", min=1, help="Cut each source after this many lines.")] = 400,
    json: JsonOpt = False,
    cache_dir: CacheOpt = None,
) -> None:
    """Print the source of a definition."""
    opened = open_repo(repo, cache_dir=cache_dir, json_mode=json)
    sources = opened.read_symbol(name, max_lines=max_lines, max_definitions=max_results)
    total = len(sources) if len(sources) < max_results else len(opened.find_definitions(name))
    if json:
        emit_json({"name": name, "definitions": [s.to_dict() for s in sources], "truncated": total > len(sources)})
    else:
        from . import render

        render.symbol_sources(sources, total=total, max_lines=max_lines)


TargetArg = Annotated[str, typer.Argument(help="name, Qualified.name, path/to/file:Qualified.name or a dotted path")]
NameMatchesOpt = Annotated[
    bool, typer.Option("--include-name-matches", help="Also list unresolved sites that only share the name.")
]


@app.command()
def callers(
    repo: RepoArg,
    target: TargetArg,
    include_name_matches: NameMatchesOpt = False,
    max_results: MaxOpt = 500,
    json: JsonOpt = False,
    cache_dir: CacheOpt = None,
) -> None:
    """Who calls a function or method, with a confidence for each call site."""
    result = open_repo(repo, cache_dir=cache_dir, json_mode=json).callers(
        target, include_name_matches=include_name_matches, max_results=max_results
    )
    _show(result, json, "call_sites", verb="calls")


@app.command()
def references(
    repo: RepoArg,
    target: TargetArg,
    include_name_matches: NameMatchesOpt = False,
    max_results: MaxOpt = 500,
    json: JsonOpt = False,
    cache_dir: CacheOpt = None,
) -> None:
    """Every use of a definition: calls, and where it is imported, passed, assigned or annotated."""
    result = open_repo(repo, cache_dir=cache_dir, json_mode=json).references(
        target, include_name_matches=include_name_matches, max_results=max_results
    )
    _show(result, json, "call_sites", verb="uses")


@app.command()
def callees(
    repo: RepoArg,
    target: TargetArg,
    max_results: MaxOpt = 500,
    json: JsonOpt = False,
    cache_dir: CacheOpt = None,
) -> None:
    """What a function or method calls, resolved to definitions where possible."""
    result = open_repo(repo, cache_dir=cache_dir, json_mode=json).callees(target, max_results=max_results)
    _show(result, json, "callees")


@app.command()
def importers(
    repo: RepoArg,
    module: Annotated[str, typer.Argument(help="A module name (flask.helpers), a file or a folder.")],
    inside: Annotated[
        Optional[str],
        typer.Option("--from", help="Only imports made in this folder, file or module (does it depend on MODULE?)."),
    ] = None,
    max_results: MaxOpt = 500,
    json: JsonOpt = False,
    cache_dir: CacheOpt = None,
) -> None:
    """Which files import a module, file or folder."""
    opened = open_repo(repo, cache_dir=cache_dir, json_mode=json)
    module, inside = _from_here(module, opened.root), inside and _from_here(inside, opened.root)
    result = opened.importers(module, inside=inside, max_results=max_results)
    _show(result, json, "importers")


@app.command()
def stats(repo: RepoArg, json: JsonOpt = False, cache_dir: CacheOpt = None) -> None:
    """The repository's shape: size, languages, biggest folders, index size."""
    result = open_repo(repo, cache_dir=cache_dir, json_mode=json).stats()
    _show(result, json, "repo_stats")


from . import ask as _ask  # noqa: E402, F401 - registers the ask and trace commands
from . import cache as _cache  # noqa: E402, F401 - registers the cache commands
from . import check as _check  # noqa: E402, F401 - registers the check command
from . import eval as _eval  # noqa: E402, F401 - registers the eval command
from . import mcp as _mcp  # noqa: E402, F401 - registers the mcp command
