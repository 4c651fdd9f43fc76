"""How much of the repository a run read, against how much there is to read.

The RLM paper's claim is that a model pays for the pages it reads, not for the whole input.
Here it is measured per question from the run's trace:

- **tokens read**: the characters that came back into a model's prompt from the
  environment: each REPL cell's output and error text as the supervisor (or a child RLM) was
  shown it (cut, like the engine cuts it, to ``feedback_chars``), plus the prompt of every
  worker call that was sent (calls answered from the summary cache sent nothing), divided
  by 4. A cell's text is shown in the prompt of the supervisor's next turn at the same depth,
  so the cells of a run's last turn (the one that called ``FINAL``) are not counted: nobody
  read them. The offline supervisor counts like any other: it usually hands a helper's
  result straight to ``FINAL`` and reads nothing, but when a helper fails (a name that is
  not defined) the error comes back to it and is counted. The supervisor's fixed first
  message (the repository's shape and the helpers) and its own replies are not reading, so
  they are left out; each piece is counted once, although a supervisor is billed for its
  whole conversation again every turn (that is in the token usage).
- **repository tokens**: the bytes of the repository's source files (every file in a
  language rlm-code indexes), divided by 4.

Four characters per token is the usual rough figure for code and English; both sides use
it, so the ratio does not depend on it.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable, Mapping
from dataclasses import fields
from typing import Any

from ..repo import Repo
from ..repo.languages import language_for_path
from ..rlm.engine import EngineConfig

__all__ = ["CHARS_PER_TOKEN", "DEFINITION", "repository_tokens", "tokens_read"]

CHARS_PER_TOKEN = 4
DEFINITION = (
    "tokens read = characters of REPL output and errors shown to a supervisor in a later turn (each cut to"
    " the engine's feedback limit) plus characters of worker-call prompts sent (cached calls excluded), / 4;"
    " repository tokens = bytes of the repository's source files / 4"
)


def _shown_by_default() -> int:
    """How much of one cell's output the engine shows a supervisor, by default."""
    value = next(f.default for f in fields(EngineConfig) if f.name == "feedback_chars")
    assert isinstance(value, int)
    return value


_SHOWN = _shown_by_default()


def tokens_read(events: Iterable[Mapping[str, Any]], *, shown_chars: int = _SHOWN) -> int:
    """Tokens of repository-derived text that entered a model's prompt during one run."""
    chars = 0
    unread: dict[int, int] = {}  # per depth: the characters of cells no later turn has shown yet
    for event in events:
        kind, depth = event.get("event"), int(event.get("depth") or 0)
        if kind == "cell":
            shown = sum(min(len(event.get(key) or ""), shown_chars) for key in ("output", "error"))
            unread[depth] = unread.get(depth, 0) + shown
        elif kind == "turn":  # its prompt carries the cells since the previous turn at its depth
            chars += unread.pop(depth, 0)
        elif kind == "sandbox":  # a new run at this depth: the previous one's last cells went unread
            unread.pop(depth, None)
        elif kind == "sub_call" and not event.get("cached"):
            chars += int(event.get("prompt_chars") or 0)
    return math.ceil(chars / CHARS_PER_TOKEN)


def repository_tokens(repo: Repo) -> int:
    """Tokens of all the repository's source files, had a model read them whole."""
    total = 0
    for path in repo.list_files(limit=sys.maxsize).paths:
        if language_for_path(path) is not None:
            try:
                total += (repo.root / path).stat().st_size
            except OSError:
                continue
    return math.ceil(total / CHARS_PER_TOKEN)
