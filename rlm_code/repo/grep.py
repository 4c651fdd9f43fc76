"""Text search with ripgrep's ``--json`` output, cut at a limit without reading the rest, and
the lookup that names each hit's enclosing definition."""

from __future__ import annotations

import base64
import bisect
import json
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PatternError, RlmCodeError
from .ripgrep import RG_ARGS, rg_binary

__all__ = ["LineScopes", "RawMatch", "search"]

_MAX_LINE = 500


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
    glob: str | None = None,
    ignore_case: bool = False,
    context: int = 0,
    max_results: int = 200,
    fixed_strings: bool = False,
) -> tuple[list[RawMatch], bool]:
    """Matches of ``pattern`` under ``root`` (at most ``max_results``) and whether more exist,
    sorted by path and line. ripgrep searches in parallel, so which matches make the cut when
    there are more than ``max_results`` is not fixed."""
    command = [rg_binary(), "--json", *RG_ARGS]
    if ignore_case:
        command.append("--ignore-case")
    if fixed_strings:
        command.append("--fixed-strings")
    if context:
        command.append(f"--context={context}")
    if glob:
        command.append(f"--glob={glob}")
    command += ["--regexp", pattern, "--", "./"]
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
            match = RawMatch(path, line, column, text)
            _share_context(pending, matches[-1] if matches else None, match, context)
            matches.append(match)
        else:
            _share_context(pending, matches[-1] if matches else None, None, context)
        stderr = process.stderr.read().decode("utf-8", "replace")
    if process.returncode == 2 and not truncated:
        first = next((line for line in stderr.splitlines() if line.strip()), "ripgrep failed")
        if "regex" in stderr.lower():
            reason = next(
                (
                    line.strip()[len("error:") :].strip()
                    for line in stderr.splitlines()
                    if line.strip().startswith("error:")
                ),
                first,
            )
            raise PatternError(f"invalid regex {pattern!r}: {reason}")
        raise RlmCodeError(f"search failed: {first}")
    matches.sort(key=lambda m: (m.path, m.line))
    return matches, truncated


def _events(stream: Iterator[bytes]) -> Iterator[tuple[str, str, int, str, int]]:
    """``(kind, path, line, text, column)`` for each match or context line rg reports."""
    for raw in stream:
        event = json.loads(raw)
        kind = event["type"]
        if kind not in ("match", "context"):
            continue
        data = event["data"]
        path = _text(data["path"]).removeprefix("./")
        line_bytes = _bytes(data["lines"])
        column = 1
        if kind == "match" and data["submatches"]:
            start = data["submatches"][0]["start"]
            column = len(line_bytes[:start].decode("utf-8", "replace")) + 1
        text = line_bytes.decode("utf-8", "replace").rstrip("\r\n")
        yield kind, path, data["line_number"], text[:_MAX_LINE], column


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


class LineScopes:
    """One file's definitions as nested line spans, to find the innermost around a line in
    logarithmic time (a grep can have thousands of hits in one file)."""

    def __init__(self, spans: list[tuple[int, int, str]]) -> None:
        self._spans = sorted(spans, key=lambda span: (span[0], -span[1]))
        self._starts = [span[0] for span in self._spans]
        self._parents: list[int] = []
        stack: list[int] = []
        for index, (start, _, _) in enumerate(self._spans):
            while stack and self._spans[stack[-1]][1] < start:
                stack.pop()
            self._parents.append(stack[-1] if stack else -1)
            stack.append(index)

    def innermost(self, line: int) -> str | None:
        index = bisect.bisect_right(self._starts, line) - 1
        while index >= 0:
            start, end, name = self._spans[index]
            if start <= line <= end:
                return name
            index = self._parents[index]
        return None
