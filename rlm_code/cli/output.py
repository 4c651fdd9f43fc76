"""Where CLI output goes: JSON for machines, Rich for people, progress only on a terminal."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from ..repo import Repo
    from ..repo.indexer import Progress

__all__ = ["console", "emit_json", "format_json", "index_progress", "open_repo"]


def emit_json(data: Any) -> None:
    """Print ``data`` as JSON on stdout: UTF-8 as it is, escaped for any other encoding (a
    legacy console), so that the output always parses."""
    readable = "utf" in (getattr(sys.stdout, "encoding", "") or "").lower()
    sys.stdout.write(format_json(data, ensure_ascii=not readable) + "\n")


def format_json(data: Any, *, ensure_ascii: bool = False) -> str:
    """JSON with one record per line: each key of the top-level object on its own line, a
    list under it one item per line, anything deeper on the item's line. It reads like
    indented JSON, works with line tools, and is written by the C encoder (``indent`` would
    use the pure-Python one, many times slower on a grep of ten thousand matches)."""

    dump = json.JSONEncoder(ensure_ascii=ensure_ascii).encode  # one encoder for every record

    def block(items: list[Any], indent: str) -> str:
        if not items:
            return "[]"
        return "[\n" + ",\n".join(f"{indent}  {dump(item)}" for item in items) + f"\n{indent}]"

    if isinstance(data, list):
        return block(data, "")
    if not isinstance(data, dict) or not data:
        return dump(data)
    lines = [
        f"  {dump(key)}: {block(value, '  ') if isinstance(value, list) else dump(value)}"
        for key, value in data.items()
    ]
    return "{\n" + ",\n".join(lines) + "\n}"


def console(*, stderr: bool = False) -> Console:
    """A Rich console; plain text (no colour, no wrapping of long lines) when piped."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(file=stream, highlight=False, soft_wrap=not stream.isatty())


@contextmanager
def index_progress(*, enabled: bool) -> Iterator[Progress | None]:
    """A progress callback drawing a Rich bar on stderr, or None when not on a terminal."""
    if not enabled or not sys.stderr.isatty():
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    labels = {
        "wait": "Waiting for another rlm-code process indexing this repository",
        "scan": "Scanning files",
        "parse": "Parsing",
    }
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console(stderr=True),
        transient=True,
    )
    tasks: dict[str, Any] = {}

    def update(phase: str, done: int, total: int) -> None:
        if phase not in tasks:
            tasks[phase] = bar.add_task(labels.get(phase, phase), total=total or None)  # None: a pulse
        bar.update(tasks[phase], completed=done, total=total or None)

    with bar:
        yield update


def open_repo(
    path: Path, *, cache_dir: Path | None, json_mode: bool, max_file_size: int | None = None, rebuild: bool = False
) -> Repo:
    """Open a repository and bring its index up to date, with a progress bar if interactive."""
    from ..repo import Repo

    options: dict[str, Any] = {"cache_dir": cache_dir}
    if max_file_size is not None:
        options["max_file_size"] = max_file_size
    repo = Repo(path, **options)
    with index_progress(enabled=not json_mode) as progress:
        repo.index(progress=progress, rebuild=rebuild)
    return repo
