"""Glob patterns over repo-relative paths, read the way ``.gitignore`` reads them: a pattern
without a slash matches a name at any depth, ``**`` crosses folders, ``*`` does not, a
pattern that matches a folder matches everything inside it, and a leading ``!`` matches
everything else."""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import PatternError

__all__ = ["compile_glob", "folder_globs"]


def compile_glob(pattern: str) -> Callable[[str], bool]:
    """A predicate telling whether a repo-relative POSIX path matches ``pattern``.

    An unclosed ``[`` or ``{`` is an error, as it is to ripgrep, rather than a literal: a
    typo then says so instead of quietly matching nothing."""
    if pattern.startswith("!"):
        included = compile_glob(pattern[1:])
        return lambda path: not included(path)
    anchored = "/" in pattern.rstrip("/")
    try:
        body = _translate(pattern.strip("/"))
        regex = re.compile(body if anchored else f"(?:.*/)?{body}")
    except re.error as exc:  # a class like [z-a]; its position is in the regex, not the glob
        raise PatternError(f"invalid glob {pattern!r}: {exc.msg}") from None
    except ValueError as exc:
        raise PatternError(f"invalid glob {pattern!r}: {exc}") from None

    def matches(path: str) -> bool:
        parts = path.split("/")
        return any(regex.fullmatch("/".join(parts[:end])) for end in range(len(parts), 0, -1))

    return matches


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
