"""``rlm-code cache``: the indexes kept in the cache folder, and pruning the unneeded ones."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Optional

import typer

from .app import CacheOpt, JsonOpt, app
from .output import console, emit_json

cache_app = typer.Typer(help="The indexes in the cache folder: list them, prune the unneeded.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")

_OPTIONAL_FLOAT = Optional[float]
_DAY = 86400.0


@cache_app.command("list")
def cache_list(json: JsonOpt = False, cache_dir: CacheOpt = None) -> None:
    """Every index, the most recently used first: its repository, size and last use."""
    from ..repo.cache import cached_indexes

    indexes = cached_indexes(cache_dir)
    if json:
        emit_json({"folder": str(_folder(cache_dir)), "indexes": [index.to_dict() for index in indexes]})
        return
    from rich.markup import escape

    out = console()
    for index in indexes:
        gone = "" if index.repo_exists or index.root is None else "  [yellow](repository gone)[/yellow]"
        out.print(f"{_mib(index.size):>9}  {_date(index.last_used)}  {escape(index.root or '(unreadable)')}{gone}")
    total = sum(index.size for index in indexes)
    out.print(f"[dim]{len(indexes)} index(es), {_mib(total)} in {escape(str(_folder(cache_dir)))}[/dim]")


@cache_app.command("prune")
def cache_prune(
    unused_days: Annotated[
        _OPTIONAL_FLOAT,
        typer.Option("--unused-days", min=0, help="Also remove indexes not used for this many days."),
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Say what would be removed; remove nothing.")] = False,
    json: JsonOpt = False,
    cache_dir: CacheOpt = None,
) -> None:
    """Remove the indexes of repositories that no longer exist (and, with --unused-days, of
    those not used lately). An index in use by another process is left alone, and so is one
    that cannot be read unless it is old enough for --unused-days."""
    from ..repo.cache import cached_indexes, remove_index

    cutoff = None if unused_days is None else time.time() - unused_days * _DAY
    chosen = [
        index
        for index in cached_indexes(cache_dir)
        if (index.root is not None and not index.repo_exists) or (cutoff is not None and index.last_used < cutoff)
    ]
    removed = chosen if dry_run else [index for index in chosen if remove_index(index)]
    in_use = [index for index in chosen if index not in removed]
    if json:
        emit_json(
            {
                "removed": [index.to_dict() for index in removed],
                "in_use": [index.to_dict() for index in in_use],
                "bytes": sum(index.size for index in removed),
                "dry_run": dry_run,
            }
        )
        return
    from rich.markup import escape

    out = console()
    verb = "would remove" if dry_run else "removed"
    for index in removed:
        out.print(f"{verb}  {_mib(index.size):>9}  {escape(index.root or index.path)}")
    for index in in_use:
        out.print(f"[yellow]in use, kept[/yellow]  {escape(index.root or index.path)}")
    out.print(f"[dim]{verb} {len(removed)} index(es), {_mib(sum(index.size for index in removed))}[/dim]")


def _folder(cache_dir: Path | None) -> Path:
    from ..repo.store import default_cache_dir

    return (cache_dir or default_cache_dir()) / "index"


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def _date(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(seconds))
