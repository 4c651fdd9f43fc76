"""The files changed since a git revision, for a pre-merge check of just what a branch touches.

"Changed since REF" means what ``git diff REF...`` shows (the branch's changes since it
forked from REF, whatever REF did after) plus what is not committed yet: modified and
untracked files. Paths are relative to the checked folder, which may be a sub-folder of the
git work tree. Git is run read-only, with ``-C`` so nothing depends on the current folder.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from ..errors import UsageError

__all__ = ["changed_files"]


def changed_files(root: Path, ref: str) -> list[str]:
    """Repo-relative paths changed since ``ref``, sorted; a :class:`UsageError` when git is
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
    return sorted({path for path in (changed + untracked).split("\0") if path})


def _git(root: Path, *args: str, problem: str) -> str:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, timeout=120, check=False)
    except FileNotFoundError:
        raise UsageError("--changed-since needs git, and no git command was found") from None
    except subprocess.TimeoutExpired:
        raise UsageError(f"git {args[0]} took more than 2 minutes in {root}") from None
    if done.returncode != 0:
        said = done.stderr.strip().splitlines()
        raise UsageError(f"{problem}{f' (git: {said[-1]})' if said else ''}")
    return done.stdout
