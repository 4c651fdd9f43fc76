"""Glob patterns over repo-relative paths, read the way ``.gitignore`` reads them: a pattern
without a slash matches a name at any depth, ``**`` crosses folders, ``*`` does not, a
pattern that matches a folder matches everything inside it, and a leading ``!`` matches
everything else."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from ..errors import PatternError

__all__ = ["compile_glob", "compile_globs", "folder_globs"]


def compile_glob(pattern: str) -> Callable[[str], bool]:
    """A predicate telling whether a repo-relative POSIX path matches ``pattern``."""
    return compile_globs([pattern])


def compile_globs(patterns: Sequence[str]) -> Callable[[str], bool]:
    """A predicate for several globs, read as ripgrep reads several ``--glob``. Folders are
    decided first, outermost first: one that a ``!`` glob matches leaves out all it holds
    (``!dist`` with ``*.js``, in either order). Then the last glob that matches the path
    decides; when any glob selects rather than excludes, a path that none matches, and that
    is in no folder one selects, is left out.

    An unclosed ``[`` or ``{`` is an error, as it is to ripgrep, rather than a literal: a
    typo then says so instead of quietly matching nothing."""
    rules = [(pattern.startswith("!"), _regex(pattern.removeprefix("!"))) for pattern in patterns]
    selects = any(not excludes for excludes, _ in rules)

    def verdict(path: str) -> bool | None:
        for excludes, regex in reversed(rules):
            if regex.fullmatch(path):
                return not excludes
        return None

    def matches(path: str) -> bool:
        parts = path.split("/")
        folders = [verdict("/".join(parts[:end])) for end in range(1, len(parts))]
        if False in folders:
            return False
        found = verdict(path)
        if found is None:
            return not selects or True in folders
        return found

    return matches


def _regex(pattern: str) -> re.Pattern[str]:
    anchored = "/" in pattern.rstrip("/")
    try:
        body = _translate(pattern.strip("/"))
        return re.compile(body if anchored else f"(?:.*/)?{body}")
    except re.error as exc:  # a class like [z-a]; its position is in the regex, not the glob
        raise PatternError(f"invalid glob {pattern!r}: {exc.msg}") from None
    except ValueError as exc:
        raise PatternError(f"invalid glob {pattern!r}: {exc}") from None


def folder_globs(pattern: str) -> list[str]:
    """ripgrep ``--glob`` values that select what ``pattern`` does here. ripgrep matches a
    glob against files only, so the pattern is given again for the contents of a folder it
    names: ``shop`` becomes ``shop`` and ``**/shop/**``, ``src/app`` becomes ``src/app`` and
    ``src/app/**``."""
    negated, body = ("!", pattern[1:]) if pattern.startswith("!") else ("", pattern)
    stem = body.rstrip("/")
    inside = f"{stem}/**" if "/" in stem else f"**/{stem}/**"
    return [f"{negated}{body}", f"{negated}{inside}"]


def _translate(pattern: str) -> str:
    out: list[str] = []
    index = 0
    while index < len(pattern):
        char = pattern[index]
        if pattern.startswith("**/", index):
            out.append("(?:.*/)?")
            index += 3
            continue
        if pattern.startswith("**", index):
            out.append(".*")
            index += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "[":
            close = pattern.find("]", index + 1)
            if close == -1:
                raise ValueError("unclosed character class; missing ']'")
            inner = pattern[index + 1 : close].replace("\\", "\\\\").replace("[", "\\[")
            out.append(f"[^{inner[1:]}]" if inner.startswith("!") else f"[{inner}]")
            index = close
        elif char == "{":
            close = pattern.find("}", index + 1)
            if close == -1:
                raise ValueError("unclosed alternation; missing '}'")
            options = pattern[index + 1 : close].split(",")
            out.append("(?:" + "|".join(_translate(o) for o in options) + ")")
            index = close
        else:
            out.append(re.escape(char))
        index += 1
    return "".join(out)
