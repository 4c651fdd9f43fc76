"""Text search with ripgrep's ``--json`` output, cut at a limit without reading the rest.

Output-heavy searches are bound by reading ripgrep's JSON, so it is read in large blocks and a
block of plain matches is decoded with one regular expression and one JSON call for all its
lines; a block with anything else (context lines, a line ripgrep sends as base64 bytes) is
decoded line by line. Naming each hit's enclosing definition is the caller's job.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import re
import subprocess
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import IO

from ..errors import PatternError, RlmCodeError
from .globs import folder_globs
from .models import GrepMatch
from .ripgrep import RG_ARGS, rg_binary

__all__ = ["search"]

_MAX_LINE = 500
"""Characters of a matching line kept; of a longer one (minified code), the window around the
match, an ellipsis marking each side cut."""
_BEFORE_MATCH = 100
"""Characters kept before the match when a long line is cut."""

_Context = tuple[str, int, str]  # a context line: (path, line, text)


def search(
    root: Path,
    pattern: str,
    *,
    globs: Sequence[str] = (),
    ignore_case: bool = False,
    context: int = 0,
    max_results: int = 200,
    fixed_strings: bool = False,
    on_files: Callable[[list[str]], object] | None = None,
) -> tuple[list[GrepMatch], bool]:
    """Matches of ``pattern`` under ``root`` (at most ``max_results``, the first ones in path
    order) and whether more exist, sorted by path and line; their ``symbol`` is left None.

    ``on_files`` is called with the files that have matches, a few at a time as ripgrep finds
    them: work done there is hidden behind the search instead of added after it."""
    command = [rg_binary(), "--json", *RG_ARGS]
    if ignore_case:
        command.append("--ignore-case")
    if fixed_strings:
        command.append("--fixed-strings")
    if context:
        command.append(f"--context={context}")
    command += [f"--glob={g}" for one in globs for g in folder_globs(one)]
    pattern_args = ["--regexp", pattern, "--", "./"]
    by_file, truncated, failed = _collect(root, [*command, *pattern_args], max_results, context, on_files)
    if failed is not None:
        raise _failure(failed, pattern)
    if truncated:
        # ripgrep searches files in parallel, so which matches made the cut was chance. Asked
        # again in path order (one thread, stopped at the cut), the answer is the same each time.
        command.append("--sort=path")
        by_file, truncated, _ = _collect(root, [*command, *pattern_args], max_results, context, on_files)
    # ripgrep's path order: folder by folder, so the matches shown are the ones before the cut.
    # Each file's matches arrive together and in line order, so only the files need sorting.
    return [match for path in sorted(by_file, key=lambda p: p.split("/")) for match in by_file[path]], truncated


def _collect(
    root: Path, command: list[str], max_results: int, context: int, on_files: Callable[[list[str]], object] | None
) -> tuple[dict[str, list[GrepMatch]], bool, str | None]:
    """Run one ripgrep search and read its matches, file by file in its order, until
    ``max_results``: the matches, whether more exist, and ripgrep's error output if it failed."""
    try:
        process = subprocess.Popen(
            command, cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as exc:
        raise RlmCodeError(f"cannot run ripgrep: {exc}") from exc
    assert process.stdout is not None and process.stderr is not None
    by_file: dict[str, list[GrepMatch]] = {}
    in_file: list[GrepMatch] = []
    found = 0
    truncated = False
    pending: list[_Context] = []  # context lines not yet given to a match
    previous: GrepMatch | None = None
    with process:
        for block in _blocks(process.stdout):
            files = len(by_file)
            for item in _decode(block):
                if isinstance(item, tuple):
                    pending.append(item)
                    continue
                if found == max_results:
                    truncated = True
                    break
                if pending:
                    _share_context(pending, previous, item, context)
                if previous is None or item.path != previous.path:
                    in_file = by_file.setdefault(item.path, [])
                in_file.append(item)
                previous = item
                found += 1
            if on_files is not None and len(by_file) > files:
                on_files(list(itertools.islice(by_file, files, None)))
            if truncated:
                process.kill()
                break
        else:
            _share_context(pending, previous, None, context)
        stderr = process.stderr.read().decode("utf-8", "replace")
    failed = process.returncode == 2 and not truncated
    return by_file, truncated, stderr if failed else None


_BAD_GLOB = re.compile(r"rg: error parsing glob '(.*)': (.*)")


def _failure(stderr: str, pattern: str) -> RlmCodeError:
    """The error for ripgrep's exit status 2, in one line."""
    lines = [line.strip() for line in stderr.splitlines() if line.strip()]
    first = lines[0] if lines else "ripgrep failed"
    if "regex" in stderr.lower():
        reason = next((line[len("error:") :].strip() for line in lines if line.startswith("error:")), first)
        return PatternError(f"invalid regex {pattern!r}: {reason}")
    if bad := _BAD_GLOB.match(first):  # one that compile_glob lets through, like a\
        return PatternError(f"invalid glob {bad[1]!r}: {bad[2]}")
    return RlmCodeError(f"search failed: {first}")


# rg writes one JSON object per line, its type first: the lines that are neither matches nor
# context (begin, end, summary) are skipped without being decoded.
_MATCH = b'{"type":"match"'
_CONTEXT = b'{"type":"context"'
_BLOCK = 1 << 20
# A match line as rg 14 writes it, up to the first submatch's start. A JSON string cannot hold
# an unescaped quote, so each string ends at the first quote that no backslash escapes.
_STRING = rb'"([^"\\]*(?:\\.[^"\\]*)*)"'
_PLAIN_MATCH = re.compile(
    rb'\{"type":"match","data":\{"path":\{"text":'
    + _STRING
    + rb'\},"lines":\{"text":'
    + _STRING
    + rb'\},"line_number":(\d+),"absolute_offset":\d+,"submatches":\[(?:\{"match":\{"text":'
    + _STRING
    + rb'\},"start":(\d+))?'
)


def _blocks(stream: IO[bytes]) -> Iterator[bytes]:
    """ripgrep's output in blocks of whole lines, as it arrives. The pipe is widened where the
    system allows, so ripgrep can run ahead while a block is decoded."""
    descriptor = stream.fileno()
    _widen_pipe(descriptor)
    tail = b""
    while chunk := os.read(descriptor, _BLOCK):
        end = chunk.rfind(b"\n")
        if end == -1:
            tail += chunk
            continue
        yield tail + chunk[: end + 1]
        tail = chunk[end + 1 :]
    if tail:
        yield tail


def _widen_pipe(descriptor: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(descriptor, fcntl.F_SETPIPE_SZ, _BLOCK)
    except (ImportError, AttributeError, OSError):  # not Linux, or above the system's limit
        pass


def _decode(block: bytes) -> list[GrepMatch | _Context]:
    """The matches and context lines in a block of whole lines, in order."""
    if _CONTEXT not in block:
        found = _PLAIN_MATCH.findall(block)
        if len(found) == block.count(_MATCH):  # every match line has the plain shape
            return _decode_plain(found)
    return [item for raw in block.split(b"\n") if (item := _decode_line(raw)) is not None]


def _decode_plain(found: list[tuple[bytes, ...]]) -> list[GrepMatch | _Context]:
    """Matches from :data:`_PLAIN_MATCH`'s groups; the texts are unescaped by one JSON call."""
    if not found:
        return []
    raw_paths, raw_texts, numbers, _, starts = zip(*found, strict=True)
    texts: list[str] = json.loads(b'["' + b'","'.join(raw_texts) + b'"]')
    paths = {raw: json.loads(b'"' + raw + b'"').removeprefix("./") for raw in set(raw_paths)}
    matches: list[GrepMatch | _Context] = []
    for raw_path, text, number, start in zip(raw_paths, texts, numbers, starts, strict=True):
        column = int(start or 0) + 1 if text.isascii() else _column(text.encode(), int(start or 0))
        matches.append(GrepMatch(paths[raw_path], int(number), column, _shorten(text, column), None))
    return matches


def _decode_line(raw: bytes) -> GrepMatch | _Context | None:
    """The match or context line of one line of rg's output, or None for the kinds skipped."""
    is_match = raw.startswith(_MATCH)
    if not is_match and not raw.startswith(_CONTEXT):
        return None
    data = json.loads(raw)["data"]
    path = _text(data["path"]).removeprefix("./")
    text = _text(data["lines"])
    if not is_match:
        return path, data["line_number"], _shorten(text)
    column = _column(_bytes(data["lines"]), data["submatches"][0]["start"]) if data["submatches"] else 1
    return GrepMatch(path, data["line_number"], column, _shorten(text, column), None)


def _column(line: bytes, start: int) -> int:
    """The 1-based column in characters of byte offset ``start`` in a line."""
    return len(line[:start].decode("utf-8", "replace")) + 1


def _shorten(line: str, column: int = 1) -> str:
    """``line`` without its line break, cut to :data:`_MAX_LINE` characters around ``column``
    (1-based) so that the match stays in sight."""
    line = line.rstrip("\r\n")
    if len(line) <= _MAX_LINE:
        return line
    start = max(0, min(column - 1 - _BEFORE_MATCH, len(line) - _MAX_LINE))
    end = start + _MAX_LINE
    return f"{'…' if start else ''}{line[start:end]}{'…' if end < len(line) else ''}"


def _text(field_value: dict[str, str]) -> str:
    if "text" in field_value:
        return field_value["text"]
    return base64.b64decode(field_value["bytes"]).decode("utf-8", "replace")


def _bytes(field_value: dict[str, str]) -> bytes:
    if "text" in field_value:
        return field_value["text"].encode("utf-8")
    return base64.b64decode(field_value["bytes"])


def _share_context(
    pending: list[_Context], previous: GrepMatch | None, upcoming: GrepMatch | None, context: int
) -> None:
    """Hand buffered context lines to the match before them or the one after."""
    for path, line, text in pending:
        if previous is not None and path == previous.path and 0 < line - previous.line <= context:
            previous.context_after.append(text)
        elif upcoming is not None and path == upcoming.path and 0 < upcoming.line - line <= context:
            upcoming.context_before.append(text)
    pending.clear()
