"""The files and lines changed since a git revision, for a pre-merge check of just what a
branch touches.

"Changed since REF" means what ``git diff REF...`` shows (the branch's changes since it
forked from REF, whatever REF did after) plus what is not committed yet: modified and
untracked files. Paths are relative to the checked folder, which may be a sub-folder of the
git work tree. Git is run read-only, with ``-C`` so nothing depends on the current folder.

The changed lines are those of each file's current version that the change added or
rewrote (deleted lines leave nothing behind to point at): a violation is the change's when
its own import or call is on one of them, not merely when it shares a file with the change.
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UsageError

__all__ = ["Changes", "changed_files", "changes_since"]

_HUNK = re.compile(r"^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@")


_MAX_STATEMENT_LINES = 100


@dataclass(frozen=True)
class Changes:
    """The changed files, sorted, and for each the line numbers (in its current version) the
    change added or rewrote; a file without an entry in ``lines`` (new, untracked, or a name
    git quotes) counts as changed on every line. ``root`` is the checked folder, where the
    files are read to find where a statement written over several lines ends."""

    files: list[str]
    lines: Mapping[str, frozenset[int]]
    root: Path
    _sources: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False, repr=False)

    def touches(self, path: str, line: int) -> bool:
        """Whether the change added or rewrote the statement that starts at line ``line`` of
        ``path``, on that line or one it goes on over (``import {`` ... ``} from "../ui"``)."""
        if path not in self.lines:
            return path in self.files
        changed = self.lines[path]
        if line in changed:
            return True
        if not any(later in changed for later in range(line, line + _MAX_STATEMENT_LINES)):
            return False
        if path not in self._sources:
            self._sources[path] = _source(self.root / path)
        return any(later in changed for later in statement_lines(self._sources[path], line))


def statement_lines(source: tuple[str, ...], line: int) -> range:
    """The lines (1-based) of the statement that starts at ``line``: it goes on while a
    bracket is open or a line ends in a backslash, as Python and JavaScript imports and calls
    do. Brackets in strings and comments count too; a statement is cut at 100 lines."""
    depth = 0
    end = line
    for end in range(line, min(len(source), line + _MAX_STATEMENT_LINES - 1) + 1):
        text = source[end - 1]
        depth += sum(text.count(c) for c in "([{") - sum(text.count(c) for c in ")]}")
        if depth <= 0 and not text.rstrip().endswith("\\"):
            break
    return range(line, end + 1)


def _source(path: Path) -> tuple[str, ...]:
    try:
        return tuple(path.read_text(encoding="utf-8", errors="replace").splitlines())
    except OSError:
        return ()


def changed_files(root: Path, ref: str) -> list[str]:
    """Repo-relative paths changed since ``ref``, sorted; see :func:`changes_since`."""
    return changes_since(root, ref).files


def changes_since(root: Path, ref: str) -> Changes:
    """The files and lines changed since ``ref``; a :class:`UsageError` when git is
    missing, ``root`` is not in a git work tree, or ``ref`` names no commit."""
    if not ref.strip() or ref.startswith("-"):
        raise UsageError(f"--changed-since needs a git revision, not {ref!r}")
    _git(root, "rev-parse", "--is-inside-work-tree", problem=f"{root} is not inside a git work tree")
    commit = _git(
        root,
        "rev-parse",
        "--verify",
        "--quiet",
        f"{ref}^{{commit}}",
        problem=f"{ref!r} is not a commit in the git repository at {root}",
    ).strip()
    base = _git(root, "merge-base", commit, "HEAD", problem=f"{ref!r} and HEAD have no common ancestor")
    base = base.strip()
    changed = _git(
        root, "diff", "--name-only", "--relative", "--no-renames", "-z", base, "--", problem="git diff failed"
    )
    untracked = _git(root, "ls-files", "--others", "--exclude-standard", "-z", problem="git ls-files failed")
    files = sorted({path for path in (changed + untracked).split("\0") if path})
    patch = _git(
        root,
        "-c",
        "core.quotePath=false",
        "diff",
        "-U0",
        "--no-prefix",
        "--no-renames",
        "--relative",
        "--no-color",
        "--no-ext-diff",
        "--no-textconv",
        base,
        "--",
        problem="git diff failed",
    )
    return Changes(files, _added_lines(patch), root)


def _added_lines(patch: str) -> dict[str, frozenset[int]]:
    """Each file's added line numbers, read from a ``git diff -U0 --no-prefix`` patch. Hunk
    bodies are skipped by their line counts, so an added line that reads like a header
    (``+++ x``) is never taken for one."""
    added: dict[str, set[int]] = {}
    current: set[int] | None = None
    old_left = new_left = 0
    for line in patch.splitlines():
        if old_left or new_left:
            if line.startswith("-"):
                old_left -= 1
            elif line.startswith("+"):
                new_left -= 1
            continue
        if line.startswith("diff --git "):  # a change of mode alone has no hunk: no line added
            both = line[len("diff --git ") :]
            half = len(both) // 2
            if both[half : half + 1] == " " and both[:half] == both[half + 1 :] and not both.startswith('"'):
                added.setdefault(both[:half], set())
        elif line.startswith("+++ "):
            name = line[4:].removesuffix("\t")
            quoted = name.startswith('"')  # an unusual name: its file counts as changed throughout
            current = None if name == "/dev/null" or quoted else added.setdefault(name, set())
        elif (hunk := _HUNK.match(line)) is not None:
            old_left = int(hunk.group(1) or 1)
            start, new_left = int(hunk.group(2)), int(hunk.group(3) or 1)
            if current is not None:
                current.update(range(start, start + new_left))
    return {name: frozenset(lines) for name, lines in added.items()}


def _git(root: Path, *args: str, problem: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=120, check=False)
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, and no git command was found") from None
    except subprocess.TimeoutExpired:
        command = args[2] if args[0] == "-c" else args[0]
        raise UsageError(f"git {command} took more than 2 minutes in {root}") from None
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()
        raise UsageError(f"{problem}{f' (git: {said[-1]})' if said else ''}")
    return done.stdout
