"""Text search with ripgrep's ``--json`` output, cut at a limit without reading the rest, and
the lookup that names each hit's enclosing definition."""

from __future__ import annotations

import base64
import json
import re
import subprocess
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PatternError, RlmCodeError
from .globs import folder_globs
from .ripgrep import RG_ARGS, rg_binary

__all__ = ["RawMatch", "search"]

_MAX_LINE = 500
"""Characters of a matching line kept; a longer one (minified code) ends in an ellipsis."""


@dataclass(slots=True)
class RawMatch:
    path: str
    line: int
    column: int
    text: str
    before: list[str] = field(default_factory=list)
    after: list[str] = field(default_factory=list)


def search(
    root: Path,
    pattern: str,
    *,
    globs: Sequence[str] = (),
    ignore_case: bool = False,
    context: int = 0,
    max_results: int = 200,
    fixed_strings: bool = False,
    on_path: Callable[[str], object] | None = None,
) -> tuple[list[RawMatch], bool]:
    """Matches of ``pattern`` under ``root`` (at most ``max_results``, the first ones in path
    order) and whether more exist, sorted by path and line.

    ``on_path`` is called with each file the first time it has a match, while ripgrep is still
    searching: work done there is hidden behind the search instead of added after it."""
    command = [rg_binary(), "--json", *RG_ARGS]
    if ignore_case:
        command.append("--ignore-case")
    if fixed_strings:
        command.append("--fixed-strings")
    if context:
        command.append(f"--context={context}")
    command += [f"--glob={g}" for one in globs for g in folder_globs(one)]
    pattern_args = ["--regexp", pattern, "--", "./"]
    matches, truncated, failed = _collect(root, [*command, *pattern_args], max_results, context, on_path)
    if failed is not None:
        raise _failure(failed, pattern)
    if truncated:
        # ripgrep searches files in parallel, so which matches made the cut was chance. Asked
        # again in path order (one thread, stopped at the cut), the answer is the same each time.
        matches, truncated, _ = _collect(root, [*command, "--sort=path", *pattern_args], max_results, context, on_path)
    # ripgrep's path order: folder by folder, so the matches shown are the ones before the cut.
    matches.sort(key=lambda m: (m.path.split("/"), m.line))
    return matches, truncated


def _collect(
    root: Path, command: list[str], max_results: int, context: int, on_path: Callable[[str], object] | None
) -> tuple[list[RawMatch], bool, str | None]:
    """Run one ripgrep search and read its matches, in its order, until ``max_results``:
    the matches, whether more exist, and ripgrep's error output if it failed."""
    try:
        process = subprocess.Popen(
            command, cwd=root, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
    except OSError as exc:
        raise RlmCodeError(f"cannot run ripgrep: {exc}") from exc
    assert process.stdout is not None and process.stderr is not None
    matches: list[RawMatch] = []
    truncated = False
    pending: list[tuple[str, int, str]] = []  # context lines not yet given to a match
    with process:
        for kind, path, line, text, column in _events(process.stdout):
            if kind == "context":
                pending.append((path, line, text))
                continue
            if len(matches) == max_results:
                truncated = True
                process.kill()
                break
            if on_path is not None and (not matches or path != matches[-1].path):
                on_path(path)
            match = RawMatch(path, line, column, text)
            _share_context(pending, matches[-1] if matches else None, match, context)
            matches.append(match)
        else:
            _share_context(pending, matches[-1] if matches else None, None, context)
        stderr = process.stderr.read().decode("utf-8", "replace")
    failed = process.returncode == 2 and not truncated
    return matches, truncated, stderr if failed else None


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


def _events(stream: Iterator[bytes]) -> Iterator[tuple[str, str, int, str, int]]:
    """``(kind, path, line, text, column)`` for each match or context line rg reports."""
    decode = json.JSONDecoder().decode
    for raw in stream:
        if raw.startswith(_MATCH):
            kind = "match"
        elif raw.startswith(_CONTEXT):
            kind = "context"
        else:
            continue
        data = decode(raw.decode())["data"]
        path = _text(data["path"]).removeprefix("./")
        text = _text(data["lines"])
        column = 1
        if kind == "match" and data["submatches"]:
            start = data["submatches"][0]["start"]  # a byte offset; columns count characters
            column = start + 1 if text.isascii() else len(_bytes(data["lines"])[:start].decode("utf-8", "replace")) + 1
        yield kind, path, data["line_number"], _shorten(text.rstrip("\r\n")), column


def _shorten(line: str) -> str:
    return line if len(line) <= _MAX_LINE else f"{line[:_MAX_LINE]}…"


def _text(field_value: dict[str, str]) -> str:
    if "text" in field_value:
        return field_value["text"]
    return base64.b64decode(field_value["bytes"]).decode("utf-8", "replace")


def _bytes(field_value: dict[str, str]) -> bytes:
    if "text" in field_value:
        return field_value["text"].encode("utf-8")
    return base64.b64decode(field_value["bytes"])


def _share_context(
    pending: list[tuple[str, int, str]], previous: RawMatch | None, upcoming: RawMatch | None, context: int
) -> None:
    """Hand buffered context lines to the match before them or the one after."""
    for path, line, text in pending:
        if previous is not None and path == previous.path and 0 < line - previous.line <= context:
            previous.after.append(text)
        elif upcoming is not None and path == upcoming.path and 0 < upcoming.line - line <= context:
            upcoming.before.append(text)
    pending.clear()
