"""Which of a target's definitions each of its calls belongs to.

``Repo.callees`` of a name with several definitions lists every call once, under the first
definition whose lines hold it (a property's getter and setter share a name; a definition
nested in a namesake is inside it too). The CLI's text output and the REPL's
``format_callees`` both show each definition followed by its own calls, with this one rule.

This module imports nothing, not even ``__future__``: besides being imported, its source is
appended to the REPL prelude, which runs in the sandbox where ``rlm_code`` is not importable.
"""

from collections.abc import Sequence

__all__ = ["group_calls_by_definition"]


def group_calls_by_definition(
    definitions: Sequence[tuple[str, int, int]], calls: Sequence[tuple[str, int]]
) -> list[list[int]]:
    """For each definition, given as ``(path, first line, last line)``, the indexes of the
    ``(path, line)`` calls made in it, in order. A call no definition holds goes under the
    first, so that none is lost."""
    groups: list[list[int]] = [[] for _ in definitions]
    if not groups:
        return groups
    for index, (path, line) in enumerate(calls):
        holder = next(
            (i for i, (where, first, last) in enumerate(definitions) if where == path and first <= line <= last), 0
        )
        groups[holder].append(index)
    return groups
