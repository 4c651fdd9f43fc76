"""Reading ``path:line`` citations back out of an answer.

The helpers' answers and the prompts ask for sites written as ``path:line`` (the prelude's
formatters, question rules' evidence); graders and checks read them back with this one
pattern, so both sides agree on what a citation is: a file path with an extension (starting
with a letter), then a line number (a trailing ``:column`` is allowed and dropped).
"""

from __future__ import annotations

import re

__all__ = ["LOCATION", "cited_locations"]

LOCATION = re.compile(r"(?<![\w./-])(?:\./)?(?P<path>[\w.-]+(?:/[\w.-]+)*\.[A-Za-z]\w*):(?P<line>\d+)(?::\d+)?(?!\w)")


def cited_locations(text: str) -> list[tuple[str, int, str]]:
    """``(path, line, remark)`` for each distinct location cited in ``text``, in order; the
    remark is the rest of the citing line, without the separators that follow a citation."""
    found: dict[tuple[str, int], str] = {}
    for line in text.splitlines():
        for match in LOCATION.finditer(line):
            remark = line[match.end() :].lstrip(" :-`)\u2013\u2014").strip()
            found.setdefault((match.group("path"), int(match.group("line"))), remark)
    return [(path, number, remark) for (path, number), remark in found.items()]
