"""What a model call costs: prices per million tokens, the built-in table, and user overrides.

Prices are in US dollars per million tokens (MTok). A model with no entry has no price: its
calls report ``cost_usd=None``, never a guess.

The built-in table holds the default supervisor and worker, taken from Anthropic's published
pricing page (see ``PRICES_AS_OF``). The user can override or add entries:

- with a file named by the ``RLM_CODE_PRICES`` environment variable, TOML (``.toml``) or JSON
  (any other name), one table per model::

      ["claude-sonnet-5-5"]
      input = 2.00
      output = 10.00
      cache_write = 2.50     # optional, defaults to the input price
      cache_read = 0.10      # optional, defaults to the input price

      ["claude-haiku-5-5".long_prompt]    # optional: prompts above threshold_tokens
      threshold_tokens = 100000
      input = 0.50
      output = 2.50

- with a mapping of model name to ``Price`` passed in by the caller (``prices=``), which wins
  over the file, which wins over the built-in table. An entry replaces the whole price of that
  model; fields are not merged.

A long-prompt tier follows Anthropic's rule: when a request's prompt (uncached input plus
cache reads plus cache writes) is above ``threshold_tokens``, every token of that request,
output included, is charged at the tier's prices.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

from ..errors import UsageError

__all__ = [
    "BUILTIN_PRICES",
    "DEFAULT_SUPERVISOR",
    "DEFAULT_WORKER",
    "PRICES_AS_OF",
    "PRICES_ENV",
    "LongPromptTier",
    "Price",
    "load_prices",
    "lookup_price",
]

DEFAULT_SUPERVISOR = "claude-sonnet-5-5"
DEFAULT_WORKER = "claude-haiku-5-5"
PRICES_AS_OF = "2026-10-07"
PRICES_ENV = "RLM_CODE_PRICES"

_PER_TOKEN = 1 / 1_000_000
_SNAPSHOT_SUFFIX = re.compile(r"-\d{8}$")


@dataclass(frozen=True)
class Price:
    """US dollars per million tokens; ``cache_write`` is the 5-minute prompt-cache write."""

    input: float
    output: float
    cache_write: float
    cache_read: float
    long_prompt: LongPromptTier | None = None

    def tier_for(self, prompt_tokens: int) -> Price:
        """The price that applies to a request whose whole prompt has ``prompt_tokens`` tokens."""
        tier = self.long_prompt
        if tier is not None and prompt_tokens > tier.threshold_tokens:
            return tier.price
        return self

    def cost(
        self,
        *,
        input_tokens: int,
        output_tokens: int,
        cache_read_tokens: int = 0,
        cache_write_tokens: int = 0,
    ) -> float:
        """Dollars for one request, choosing the tier by its prompt size."""
        tier = self.tier_for(input_tokens + cache_read_tokens + cache_write_tokens)
        return _PER_TOKEN * (
            input_tokens * tier.input
            + output_tokens * tier.output
            + cache_read_tokens * tier.cache_read
            + cache_write_tokens * tier.cache_write
        )

    def worst_case_cost(self, prompt_tokens: int, max_tokens: int) -> float:
        """Dollars if all ``prompt_tokens`` were billed at the dearest input rate (a cache write
        usually) and the answer used all of ``max_tokens``."""
        tier = self.tier_for(prompt_tokens)
        dearest_input = max(tier.input, tier.cache_write, tier.cache_read)
        return _PER_TOKEN * (prompt_tokens * dearest_input + max_tokens * tier.output)


@dataclass(frozen=True)
class LongPromptTier:
    """Prices for requests whose prompt is longer than ``threshold_tokens``."""

    threshold_tokens: int
    price: Price


BUILTIN_PRICES: Mapping[str, Price] = {
    DEFAULT_SUPERVISOR: Price(input=2.00, output=10.00, cache_write=2.50, cache_read=0.10),
    DEFAULT_WORKER: Price(
        input=0.10,
        output=0.50,
        cache_write=0.125,
        cache_read=0.01,
        long_prompt=LongPromptTier(
            threshold_tokens=100_000,
            price=Price(input=0.50, output=2.50, cache_write=0.625, cache_read=0.05),
        ),
    ),
}


def load_prices(
    overrides: Mapping[str, Price] | None = None, *, env: Mapping[str, str] | None = None
) -> dict[str, Price]:
    """The effective price table: built-ins, then the ``RLM_CODE_PRICES`` file, then ``overrides``."""
    environ = os.environ if env is None else env
    table = dict(BUILTIN_PRICES)
    path = environ.get(PRICES_ENV)
    if path:
        table.update(read_price_file(Path(path)))
    table.update(overrides or {})
    return table


def lookup_price(
    model: str, overrides: Mapping[str, Price] | None = None, *, env: Mapping[str, str] | None = None
) -> Price | None:
    """The price of ``model``, or None when nobody priced it.

    A dated snapshot (``claude-sonnet-5-5-20261007``) falls back to its undated name.
    """
    table = load_prices(overrides, env=env)
    found = table.get(model)
    if found is None:
        found = table.get(_SNAPSHOT_SUFFIX.sub("", model))
    return found


def read_price_file(path: Path) -> dict[str, Price]:
    """Parse a TOML or JSON price file (the format is in this module's docstring)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"{PRICES_ENV}: cannot read {path}: {exc.strerror or exc}") from exc
    try:
        if path.suffix.lower() == ".toml":
            import tomllib

            data: object = tomllib.loads(text)
        else:
            data = json.loads(text)
    except ValueError as exc:  # tomllib.TOMLDecodeError and JSONDecodeError are ValueErrors
        raise UsageError(f"{PRICES_ENV}: {path} is not valid: {_first_line(exc)}") from exc
    if not isinstance(data, dict):
        raise UsageError(f"{PRICES_ENV}: {path} must map model names to prices")
    return {str(name): _parse_price(entry, f"{path}: {name}") for name, entry in data.items()}


_RATE_FIELDS = ("input", "output", "cache_write", "cache_read")


def _parse_price(entry: object, where: str) -> Price:
    table = _rates_table(entry, where, "long_prompt")
    tier = None
    if "long_prompt" in table:
        tier = _parse_tier(table["long_prompt"], f"{where}.long_prompt")
    return _parse_rates(table, where, long_prompt=tier)


def _parse_tier(entry: object, where: str) -> LongPromptTier:
    table = _rates_table(entry, where, "threshold_tokens")
    threshold = table.get("threshold_tokens")
    if not isinstance(threshold, int) or isinstance(threshold, bool) or threshold < 0:
        raise UsageError(f"{PRICES_ENV}: {where}.threshold_tokens must be a whole number of tokens")
    return LongPromptTier(threshold_tokens=threshold, price=_parse_rates(table, where, long_prompt=None))


def _rates_table(entry: object, where: str, extra: str) -> dict[str, Any]:
    """``entry`` checked to be a table of rates that holds no field but those and ``extra``
    (a model's ``long_prompt`` tier, the tier's ``threshold_tokens``): a misspelt rate would
    otherwise be read as missing."""
    if not isinstance(entry, dict):
        raise UsageError(f"{PRICES_ENV}: {where} must be a table of prices")
    unknown = set(entry) - {*_RATE_FIELDS, extra}
    if unknown:
        raise UsageError(f"{PRICES_ENV}: {where} has unknown fields: {', '.join(sorted(unknown))}")
    return entry


def _parse_rates(entry: dict[str, Any], where: str, *, long_prompt: LongPromptTier | None) -> Price:
    rates: dict[str, float] = {}
    for field in _RATE_FIELDS:
        value = entry.get(field)
        if value is None and field.startswith("cache_") and "input" in rates:
            value = rates["input"]
        if not _is_rate(value):
            raise UsageError(f"{PRICES_ENV}: {where}.{field} must be a non-negative number (USD per MTok)")
        rates[field] = float(value)
    return Price(long_prompt=long_prompt, **rates)


def _is_rate(value: object) -> TypeGuard[float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
