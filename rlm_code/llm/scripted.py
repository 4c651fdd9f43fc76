"""A model that plays back written replies: the test double for the engine, and offline demos.

Replies are handed out in call order, the last one repeating once the list runs out. Every
call is recorded in ``calls`` (a snapshot of its messages, system prompt, max_tokens and stop
sequences, plus the reply it got). Calls may come from several threads at once: the n-th call
to arrive gets the n-th reply and is the n-th record.

It behaves like a real model where the engine can tell:

- Token usage is its own deterministic accounting, not any real tokenizer: one token per four
  characters, rounded up, for the prompt (system plus every message's content) and for the
  reply. That stays under ``worst_case_tokens``, so budgets can be tested exactly.
- A reply is cut before the first of the ``stop`` sequences it contains (stop_reason
  ``"stop_sequence"``), or after ``max_tokens * 4`` characters (``"max_tokens"``).
- ``delay`` seconds of sleep per call simulate latency, to test concurrency and wall-time limits.
- It costs nothing unless given a ``price``; then it is priced like any other model.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypedDict

from ..errors import UsageError
from .base import Message, ModelBase, RawCompletion
from .pricing import Price

__all__ = ["CHARS_PER_SCRIPTED_TOKEN", "ScriptedCall", "ScriptedModel", "model_from_spec"]

CHARS_PER_SCRIPTED_TOKEN = 4


class ScriptedCall(TypedDict):
    """One recorded call to a ``ScriptedModel``: ``calls[0]["messages"]``."""

    messages: list[Message]
    system: str | None
    max_tokens: int
    stop: list[str] | None
    reply: str


class ScriptedModel(ModelBase):
    """Plays back ``replies`` in order and records each call (see the module docstring)."""

    def __init__(
        self,
        replies: Sequence[str],
        *,
        name: str = "scripted",
        delay: float = 0.0,
        price: Price | None = None,
    ) -> None:
        if isinstance(replies, str) or not replies or not all(isinstance(r, str) for r in replies):
            raise UsageError("a scripted model needs a non-empty list of replies (strings)")
        if delay < 0:
            raise UsageError(f"a scripted model's delay cannot be negative: {delay}")
        super().__init__(name, price=price)
        self.replies = tuple(replies)
        self.delay = delay
        self._calls: list[ScriptedCall] = []
        self._lock = threading.Lock()

    @classmethod
    def from_file(cls, path: str | Path) -> ScriptedModel:
        """Read a JSON list of replies, or ``{"replies": [...], "delay": 0.2}``."""
        path = Path(path)
        try:
            data: object = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise UsageError(f"cannot read scripted replies {path}: {exc.strerror or exc}") from exc
        except ValueError as exc:
            raise UsageError(f"scripted replies {path} are not valid JSON: {exc}") from exc
        delay: object = 0.0
        if isinstance(data, Mapping):
            unknown = set(data) - {"replies", "delay"}
            if unknown:
                raise UsageError(f"scripted replies {path} have unknown keys: {', '.join(sorted(unknown))}")
            delay = data.get("delay", 0.0)
            data = data.get("replies")
        if not isinstance(data, list) or not data or not all(isinstance(item, str) for item in data):
            raise UsageError(f"scripted replies {path} must be a non-empty list of strings")
        if not isinstance(delay, int | float) or isinstance(delay, bool) or delay < 0:
            raise UsageError(f"scripted replies {path}: delay must be a non-negative number of seconds")
        return cls(data, delay=float(delay))

    @property
    def calls(self) -> list[ScriptedCall]:
        """A snapshot of the calls so far, in arrival order."""
        with self._lock:
            return list(self._calls)

    def _send(
        self, messages: list[Message], *, system: str | None, max_tokens: int, stop: list[str] | None
    ) -> RawCompletion:
        with self._lock:
            reply = self.replies[min(len(self._calls), len(self.replies) - 1)]
            self._calls.append(
                ScriptedCall(
                    messages=[dict(message) for message in messages],
                    system=system,
                    max_tokens=max_tokens,
                    stop=list(stop) if stop else None,
                    reply=reply,
                )
            )
        if self.delay:
            time.sleep(self.delay)
        text, stop_reason = _cut(reply, max_tokens=max_tokens, stop=stop)
        prompt_chars = sum(len(message["content"]) for message in messages) + len(system or "")
        return RawCompletion(
            text=text,
            input_tokens=count_scripted_tokens(prompt_chars),
            output_tokens=count_scripted_tokens(len(text)),
            stop_reason=stop_reason,
        )


def count_scripted_tokens(chars: int) -> int:
    """The scripted model's own token count: one per four characters, rounded up."""
    return math.ceil(chars / CHARS_PER_SCRIPTED_TOKEN)


def _cut(reply: str, *, max_tokens: int, stop: list[str] | None) -> tuple[str, str]:
    """Where a real model would have stopped, and why."""
    hits = [reply.find(sequence) for sequence in stop or [] if sequence and sequence in reply]
    text, reason = (reply[: min(hits)], "stop_sequence") if hits else (reply, "end_turn")
    limit = max_tokens * CHARS_PER_SCRIPTED_TOKEN
    if len(text) > limit:
        return text[:limit], "max_tokens"
    return text, reason


def model_from_spec(target: str, *, prices: Mapping[str, Price] | None = None) -> ScriptedModel:
    """``scripted:<file.json>``; a scripted model is never priced from the table."""
    del prices
    return ScriptedModel.from_file(target)
