"""The output budget: no tool result is longer than the budget, and a cut always says so.

A host pastes tool results into its model's context, so a careless call (``grep "e"``, a
10,000-line file) must not flood it. Size is measured as the indented JSON the SDK sends as
the result's text content, the larger of the two forms a client may show its model. List
results keep the longest prefix of their items that fits and name the ``offset`` to go on
from; text results keep whole lines where they can and name the line to go on from.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from pydantic import BaseModel

__all__ = ["DEFAULT_BUDGET", "cut_field", "cut_text", "fit_items", "joined", "size_of"]

DEFAULT_BUDGET = 20_000
"""Characters per tool result, unless the server is started with another ``--max-output``."""

_M = TypeVar("_M", bound=BaseModel)
_T = TypeVar("_T")

Build = Callable[[list[_T], bool, "int | None", "str | None"], _M]
"""``build(items, truncated, next_offset, note)``: the result holding these items."""


def joined(*notes: str | None) -> str | None:
    """Notes put together, or None if there are none."""
    return " ".join(note for note in notes if note) or None


def size_of(result: BaseModel) -> int:
    """The characters a client receives as the result's text content."""
    return len(result.model_dump_json(indent=2))


def fit_items(
    build: Build[_T, _M],
    items: Sequence[_T],
    *,
    offset: int,
    more: bool,
    budget: int,
    hint: str = "",
) -> _M:
    """The result with the longest prefix of ``items`` that fits in ``budget`` characters.

    ``items`` is the page asked for, starting at ``offset``; ``more`` says whether items
    exist beyond it. A cut by the budget sets ``truncated``, ``next_offset`` and a ``note``.
    An item too large to fit even alone is skipped with a note, so paging always moves on.
    """
    page = list(items)

    def made(count: int) -> _M:
        shown = max(count, 0)
        cut = shown < len(page)
        truncated = cut or more
        next_offset = offset + max(count, 1) if cut else offset + shown if more else None
        note = None
        if count == 0 and page:
            note = (
                f"Item {offset} alone is larger than the output budget of {budget} characters"
                f" and was left out; narrow the query, or call again with offset={offset + 1}{hint}."
            )
        elif cut:
            note = (
                f"Output budget of {budget} characters reached after {shown} item(s)."
                f" Call again with offset={offset + shown}{hint}."
            )
        elif more:
            note = f"More items exist: call again with offset={offset + shown}{hint}."
        elif offset and not page:  # an empty page past the end must not read as "there are none"
            note = f"Nothing at offset={offset}: there are fewer items; offset=0 starts from the first."
        return build(page[:shown], truncated, next_offset, note)

    whole = made(len(page))
    if size_of(whole) <= budget:
        return whole
    low, high = 0, len(page)  # made(high) does not fit; made(low) fits or low is 0
    while high - low > 1:
        middle = (low + high) // 2
        if size_of(made(middle)) <= budget:
            low = middle
        else:
            high = middle
    return made(low)


def _lines_with_ends(text: str) -> list[str]:
    """``text`` split after each ``\\n`` only, as the index numbers lines (``splitlines``
    would also split at form feeds and miscount the lines kept)."""
    pieces = text.split("\n")
    return [f"{piece}\n" for piece in pieces[:-1]] + ([pieces[-1]] if pieces[-1] else [])


def cut_text(text: str, room: int) -> tuple[str, int]:
    """The longest prefix of ``text`` made of whole lines that takes ``room`` characters once
    escaped as JSON, and how many lines it holds; a first line longer than the room is cut
    mid-line (the count is then 0)."""
    if room <= 0:
        return "", 0
    kept: list[str] = []
    used = 0
    for line in _lines_with_ends(text):
        cost = _json_length(line)
        if used + cost > room:
            break
        kept.append(line)
        used += cost
    if not kept and text:
        prefix = text[:room]  # as much as fits unescaped, shortened while escapes overflow it
        while prefix and _json_length(prefix) > room:
            prefix = prefix[: len(prefix) * 7 // 8]
        return prefix, 0
    return "".join(kept), len(kept)


def cut_field(result: BaseModel, field: str, budget: int, *, margin: int) -> str | None:
    """None if ``result`` fits the budget; else its text ``field`` cut (see :func:`cut_text`)
    so that the result fits with ``margin`` characters to spare for a note saying so."""
    if size_of(result) <= budget:
        return None
    room = budget - size_of(result.model_copy(update={field: ""})) - margin
    text: str = getattr(result, field)
    return cut_text(text, room)[0]


def _json_length(text: str) -> int:
    """Characters ``text`` takes inside a JSON string (quotes excluded), written as the SDK
    writes it: escapes for quotes, backslashes and control characters, other text as is."""
    import json

    return len(json.dumps(text, ensure_ascii=False)) - 2
