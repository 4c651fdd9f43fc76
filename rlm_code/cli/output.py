"""Where CLI output goes: JSON for machines, Rich for people, progress only on a terminal."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

    from ..repo import Repo
    from ..repo.indexer import Progress

__all__ = [
    "Mark",
    "console",
    "emit_json",
    "format_json",
    "index_progress",
    "marker",
    "open_repo",
    "prepare_output",
    "write_output",
    "write_stdout",
]

Mark = Callable[[str, str], str]
"""``mark(text, style)``: ``text`` ready to write to one stream, in a Rich style (``""`` for
none)."""


def _silence_stdout() -> None:
    """Point stdout at /dev/null once its reader is gone (``| head -1``): the rest of the
    output is dropped quietly, and nothing left in a buffer fails again when Python exits.
    The command still ends with its own exit code; the reader already has what it wanted."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def write_stdout(text: str) -> None:
    """Write ``text`` to stdout, dropping it if nobody reads stdout any more."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        _silence_stdout()


def emit_json(data: Any) -> None:
    """Print ``data`` as JSON on stdout: UTF-8 as it is, escaped for any other encoding (a
    legacy console), so that the output always parses."""
    readable = "utf" in (getattr(sys.stdout, "encoding", "") or "").lower()
    write_stdout(format_json(data, ensure_ascii=not readable) + "\n")


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
    """A Rich console that shows code as written (no `:name:` emoji codes); plain text (no
    colour, no wrapping of long lines) when piped."""
    stream = sys.stderr if stderr else sys.stdout
    return _console_class()(file=stream, highlight=False, emoji=False, soft_wrap=not stream.isatty())


def marker(*, stderr: bool = False) -> Mark:
    """How to style text for stdout (or stderr). On a terminal, each style becomes the escape
    codes Rich would write for it, asked of Rich once per style, so that a hundred thousand
    lines cost a string join (Rich printing each line costs half a millisecond), and control
    characters become their visible symbols (␛), so that a file's bytes can neither move the
    cursor nor recolour the terminal. Piped, text is written as it is."""
    out = console(stderr=stderr)
    if not out.is_terminal:
        return _as_written
    codes: dict[str, tuple[str, str]] = {}

    def mark(text: str, style: str) -> str:
        text = text.translate(_CONTROL_SYMBOLS)
        if not style:
            return text
        if style not in codes:
            codes[style] = _codes_of(out, style)
        start, end = codes[style]
        return f"{start}{text}{end}"

    return mark


_CONTROL_SYMBOLS = {code: 0x2400 + code for code in range(32) if code != ord("\t")} | {0x7F: 0x2421}


def _as_written(text: str, style: str) -> str:
    return text


def _codes_of(out: Console, style: str) -> tuple[str, str]:
    """The codes Rich writes before and after text in ``style`` on ``out``: none with
    NO_COLOR, fewer colours on a simpler terminal, none on a legacy Windows console (which
    Rich colours through calls, not codes)."""
    if out.legacy_windows:
        return "", ""
    from rich.text import Text

    with out.capture() as captured:
        out.print(Text("\0", style=style), end="")
    start, _, end = captured.get().partition("\0")
    return start, end


@functools.cache
def _console_class() -> type[Console]:
    """Rich's console, except that a closed pipe drops the rest of the output as JSON output
    does, where Rich itself would exit with code 1 whatever the command found; and once
    quiet it renders nothing, so ``grep --max 100000 | head -1`` ends at once."""
    from rich.console import Console

    class _Console(Console):
        def print(self, *objects: Any, **options: Any) -> None:
            if not self.quiet:
                super().print(*objects, **options)

        def on_broken_pipe(self) -> None:
            self.quiet = True
            _silence_stdout()

    return _Console


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


def prepare_output(path: Path) -> None:
    """Make sure ``path`` can be written before any work is paid for: its missing folders are
    created (as ``ask --trace`` does) and the file is opened for appending, then left as it
    was. A :class:`UsageError` (exit 2) when it cannot be."""
    from ..errors import UsageError

    existed = path.exists()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8"):
            pass
        if not existed:
            path.unlink()
    except FileExistsError as exc:  # a file stands where a folder should be
        raise UsageError(f"cannot write {path}: {exc.filename} is not a folder") from exc
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from exc


def write_output(path: Path, text: str) -> None:
    """Write a report file; a :class:`UsageError` (exit 2) when that fails after all."""
    from ..errors import UsageError

    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror}") from exc
