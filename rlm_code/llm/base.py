"""The one small protocol every model client implements, and the records a call returns.

``Model.complete(messages, system=..., max_tokens=..., stop=...) -> Completion`` is the whole
contract the engine relies on. ``ModelBase`` implements it once for every provider: it checks
the messages, times the call, asks the provider's ``_send`` for the raw text and token counts,
and prices them from the model's ``Price``. Providers never compute cost, so an unpriced model
reports ``cost_usd=None`` everywhere, never an estimate.

Before a call, ``worst_case_tokens`` and ``worst_case_cost`` give an upper estimate a budget can
reserve: each ASCII character of the prompt counts as a third of a token (real tokenizers
average three to four characters per token on code and English), every other character as a
whole token, plus a few tokens of framing per message, plus all of ``max_tokens`` as output.
"""

from __future__ import annotations

import math
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from .pricing import Price

__all__ = [
    "Completion",
    "Message",
    "Model",
    "ModelBase",
    "RawCompletion",
    "SupportsClose",
    "Usage",
    "estimate_prompt_tokens",
]

Message = dict[str, str]
"""One turn of a conversation: ``{"role": "user" | "assistant", "content": str}``."""

ROLES = ("user", "assistant")
CHARS_PER_TOKEN_WORST_CASE = 3
FRAMING_TOKENS_PER_MESSAGE = 8


@dataclass(frozen=True)
class Usage:
    """Tokens and dollars spent; adds up across calls.

    ``input_tokens`` are the prompt tokens billed at the plain input rate; tokens read from or
    written to a prompt cache are counted apart, so the whole prompt is ``prompt_tokens``.
    ``cost_usd`` is None when any call in the sum was unpriced: unknown stays unknown.
    """

    input_tokens: int = 0
    output_tokens: int = 0
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    cost_usd: float | None = 0.0

    @property
    def prompt_tokens(self) -> int:
        return self.input_tokens + self.cache_read_tokens + self.cache_write_tokens

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.output_tokens

    def __add__(self, other: Usage) -> Usage:
        if not isinstance(other, Usage):
            return NotImplemented
        cost = None if self.cost_usd is None or other.cost_usd is None else self.cost_usd + other.cost_usd
        return Usage(
            input_tokens=self.input_tokens + other.input_tokens,
            output_tokens=self.output_tokens + other.output_tokens,
            cache_read_tokens=self.cache_read_tokens + other.cache_read_tokens,
            cache_write_tokens=self.cache_write_tokens + other.cache_write_tokens,
            cost_usd=cost,
        )


@dataclass(frozen=True)
class Completion:
    """One answer from a model.

    ``model`` is the model that answered, as the server names it. ``stop_reason`` is
    ``"end_turn"``, ``"max_tokens"`` (the answer was cut short), ``"stop_sequence"``, or the
    provider's own word for anything else (``"refusal"``, ...), or None if it gave none.
    ``latency_s`` is the wall time of the call, retries included.
    """

    text: str
    usage: Usage
    model: str
    stop_reason: str | None
    latency_s: float


@dataclass(frozen=True)
class RawCompletion:
    """What a provider's ``_send`` returns: the text and raw token counts, no prices."""

    text: str
    input_tokens: int
    output_tokens: int
    stop_reason: str | None
    cache_read_tokens: int = 0
    cache_write_tokens: int = 0
    model: str | None = None


class Model(Protocol):
    """A chat model. Implementations are safe to call from several threads at once."""

    name: str

    def complete(
        self,
        messages: Sequence[Message],
        *,
        system: str | None = None,
        max_tokens: int = 4096,
        stop: Sequence[str] | None = None,
    ) -> Completion: ...

    def worst_case_cost(
        self, messages: Sequence[Message], *, system: str | None = None, max_tokens: int = 4096
    ) -> float | None: ...

    def worst_case_tokens(
        self, messages: Sequence[Message], *, system: str | None = None, max_tokens: int = 4096
    ) -> int: ...


@runtime_checkable
class SupportsClose(Protocol):
    """A model that holds a connection pool; ``close()`` releases it."""

    def close(self) -> None: ...


def estimate_prompt_tokens(messages: Sequence[Message], *, system: str | None = None) -> int:
    """An upper estimate of the prompt's tokens (the rule is in this module's docstring)."""
    texts = [message["content"] for message in messages]
    if system:
        texts.append(system)
    ascii_chars = other_chars = 0
    for text in texts:
        ascii_count = len(text.encode("ascii", "ignore"))
        ascii_chars += ascii_count
        other_chars += len(text) - ascii_count
    framing = FRAMING_TOKENS_PER_MESSAGE * len(texts)
    return math.ceil(ascii_chars / CHARS_PER_TOKEN_WORST_CASE) + other_chars + framing


def error_detail(text: str, limit: int = 200) -> str:
    """A provider's error text on one line, cut to ``limit`` characters, for a one-line error."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


def after_attempts(attempts: int) -> str:
    """ " after N attempts" when a call was retried, for an error message; else nothing."""
    return f" after {attempts} attempts" if attempts > 1 else ""


def is_priced(model: Model) -> bool:
    """Whether a dollar cap can be enforced on ``model``: its worst-case cost is known."""
    return model.worst_case_cost([{"role": "user", "content": "x"}], max_tokens=1) is not None


class ModelBase(ABC):
    """Implements ``Model`` once: checks, timing, usage and cost. Providers write ``_send``."""

    def __init__(self, name: str, *, price: Price | None) -> None:
        self.name = name
        self.price = price

    def complete(
        self,
        messages: Sequence[Message],
        *,
        system: str | None = None,
        max_tokens: int = 4096,
        stop: Sequence[str] | None = None,
    ) -> Completion:
        check_request(messages, max_tokens)
        stop_list = list(stop) if stop else None
        started = time.perf_counter()
        raw = self._send(list(messages), system=system or None, max_tokens=max_tokens, stop=stop_list)
        latency = time.perf_counter() - started
        return Completion(
            text=raw.text,
            usage=self.account(raw),
            model=raw.model or self.name,
            stop_reason=raw.stop_reason,
            latency_s=latency,
        )

    def account(self, raw: RawCompletion) -> Usage:
        """Turn raw token counts into a priced ``Usage``."""
        cost = None
        if self.price is not None:
            cost = self.price.cost(
                input_tokens=raw.input_tokens,
                output_tokens=raw.output_tokens,
                cache_read_tokens=raw.cache_read_tokens,
                cache_write_tokens=raw.cache_write_tokens,
            )
        return Usage(
            input_tokens=raw.input_tokens,
            output_tokens=raw.output_tokens,
            cache_read_tokens=raw.cache_read_tokens,
            cache_write_tokens=raw.cache_write_tokens,
            cost_usd=cost,
        )

    def worst_case_tokens(
        self, messages: Sequence[Message], *, system: str | None = None, max_tokens: int = 4096
    ) -> int:
        return estimate_prompt_tokens(messages, system=system) + max_tokens

    def worst_case_cost(
        self, messages: Sequence[Message], *, system: str | None = None, max_tokens: int = 4096
    ) -> float | None:
        if self.price is None:
            return None
        return self.price.worst_case_cost(estimate_prompt_tokens(messages, system=system), max_tokens)

    @abstractmethod
    def _send(
        self, messages: list[Message], *, system: str | None, max_tokens: int, stop: list[str] | None
    ) -> RawCompletion:
        """Make the call; raise ``ModelError`` for anything the provider got wrong."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"


def check_request(messages: Sequence[Message], max_tokens: int) -> None:
    """Reject calls no provider could answer; these are the caller's bugs, hence ValueError."""
    if not messages:
        raise ValueError("a model call needs at least one message")
    for message in messages:
        if message.get("role") not in ROLES or not isinstance(message.get("content"), str):
            raise ValueError(f"a message must be {{'role': 'user' | 'assistant', 'content': str}}: {message!r}")
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, not {max_tokens}")
