"""Prices: the maths of one call, the long-prompt tier, the built-in table and user overrides."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rlm_code.errors import UsageError
from rlm_code.llm.pricing import (
    BUILTIN_PRICES,
    DEFAULT_SUPERVISOR,
    DEFAULT_WORKER,
    LongPromptTier,
    Price,
    load_prices,
    lookup_price,
)

SONNET = BUILTIN_PRICES[DEFAULT_SUPERVISOR]
HAIKU = BUILTIN_PRICES[DEFAULT_WORKER]


def test_the_defaults_carry_the_published_prices() -> None:
    assert Price(input=2.00, output=10.00, cache_write=2.50, cache_read=0.10) == SONNET
    assert (
        Price(
            input=0.10,
            output=0.50,
            cache_write=0.125,
            cache_read=0.01,
            long_prompt=LongPromptTier(100_000, Price(input=0.50, output=2.50, cache_write=0.625, cache_read=0.05)),
        )
        == HAIKU
    )


def test_each_kind_of_token_has_its_own_rate() -> None:
    cost = SONNET.cost(
        input_tokens=1_000_000,
        output_tokens=1_000_000,
        cache_read_tokens=1_000_000,
        cache_write_tokens=1_000_000,
    )
    assert cost == pytest.approx(2.00 + 10.00 + 0.10 + 2.50)
    assert SONNET.cost(input_tokens=1000, output_tokens=200) == pytest.approx(0.002 + 0.002)


def test_a_prompt_at_the_threshold_pays_the_short_prompt_rate() -> None:
    cost = HAIKU.cost(input_tokens=60_000, output_tokens=1_000, cache_read_tokens=40_000)
    assert cost == pytest.approx((60_000 * 0.10 + 1_000 * 0.50 + 40_000 * 0.01) / 1e6)


def test_a_longer_prompt_pays_the_long_rate_on_every_token_output_included() -> None:
    # 60k uncached + 40k read + 1 written = 100,001 prompt tokens: over the threshold.
    cost = HAIKU.cost(input_tokens=60_000, output_tokens=1_000, cache_read_tokens=40_000, cache_write_tokens=1)
    assert cost == pytest.approx((60_000 * 0.50 + 1_000 * 2.50 + 40_000 * 0.05 + 1 * 0.625) / 1e6)


def test_the_worst_case_bills_every_prompt_token_at_the_dearest_input_rate() -> None:
    assert SONNET.worst_case_cost(1_000, 500) == pytest.approx((1_000 * 2.50 + 500 * 10.00) / 1e6)
    assert HAIKU.worst_case_cost(200_000, 1_000) == pytest.approx((200_000 * 0.625 + 1_000 * 2.50) / 1e6)


def test_an_unknown_model_has_no_price() -> None:
    assert lookup_price("my-local-llama") is None


def test_a_dated_snapshot_costs_what_its_model_costs() -> None:
    assert lookup_price("claude-sonnet-5-5-20261007") == SONNET


def test_the_caller_can_add_and_override_prices() -> None:
    cheap = Price(input=0, output=0, cache_write=0, cache_read=0)
    assert lookup_price("my-local-llama", {"my-local-llama": cheap}) == cheap
    assert lookup_price(DEFAULT_SUPERVISOR, {DEFAULT_SUPERVISOR: cheap}) == cheap
    assert lookup_price(DEFAULT_WORKER, {DEFAULT_SUPERVISOR: cheap}) == HAIKU


def test_a_toml_price_file_adds_and_replaces_entries(tmp_path: Path) -> None:
    path = tmp_path / "prices.toml"
    path.write_text(
        """
["claude-sonnet-5-5"]
input = 3.0
output = 15.0
cache_write = 3.75
cache_read = 0.30

["qwen3-coder"]
input = 0.2
output = 0.8

["qwen3-coder".long_prompt]
threshold_tokens = 32000
input = 0.4
output = 1.6
cache_read = 0.1
"""
    )
    table = load_prices(env={"RLM_CODE_PRICES": str(path)})
    assert table[DEFAULT_SUPERVISOR] == Price(input=3.0, output=15.0, cache_write=3.75, cache_read=0.30)
    assert table[DEFAULT_WORKER] == HAIKU
    # Missing cache prices default to the input price of the same tier.
    assert table["qwen3-coder"] == Price(
        input=0.2,
        output=0.8,
        cache_write=0.2,
        cache_read=0.2,
        long_prompt=LongPromptTier(32_000, Price(input=0.4, output=1.6, cache_write=0.4, cache_read=0.1)),
    )


def test_a_json_price_file_is_read_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "prices.json"
    path.write_text(json.dumps({"gpt-oss-120b": {"input": 0.1, "output": 0.5}}))
    monkeypatch.setenv("RLM_CODE_PRICES", str(path))
    assert lookup_price("gpt-oss-120b") == Price(input=0.1, output=0.5, cache_write=0.1, cache_read=0.1)


def test_the_callers_prices_win_over_the_file(tmp_path: Path) -> None:
    path = tmp_path / "prices.json"
    path.write_text(json.dumps({"m": {"input": 1, "output": 1}}))
    mine = Price(input=9, output=9, cache_write=9, cache_read=9)
    assert lookup_price("m", {"m": mine}, env={"RLM_CODE_PRICES": str(path)}) == mine


@pytest.mark.parametrize(
    ("name", "text", "complaint"),
    [
        ("p.json", "{not json", "is not valid"),
        ("p.toml", "[m\ninput = 1", "is not valid"),
        ("p.json", "[1, 2]", "must map model names to prices"),
        ("p.json", '{"m": 3}', "m must be a table of prices"),
        ("p.json", '{"m": {"input": 1}}', "m.output must be a non-negative number"),
        ("p.json", '{"m": {"input": -1, "output": 1}}', "m.input must be a non-negative number"),
        ("p.json", '{"m": {"input": "1", "output": 1}}', "m.input must be a non-negative number"),
        ("p.json", '{"m": {"input": 1, "output": 1, "ouput": 2}}', "unknown fields: ouput"),
        ("p.json", '{"m": {"input": 1, "output": 1, "long_prompt": 2}}', "m.long_prompt must be a table of prices"),
        (
            "p.json",
            '{"m": {"input": 1, "output": 1, "long_prompt": {"threshold_tokens": 9, "input": 2, "output": 2, "x": 1}}}',
            "m.long_prompt has unknown fields: x",
        ),
        (
            "p.json",
            '{"m": {"input": 1, "output": 1, "long_prompt": {"input": 2, "output": 2}}}',
            "threshold_tokens must be a whole number",
        ),
    ],
)
def test_a_malformed_price_file_is_a_usage_error(tmp_path: Path, name: str, text: str, complaint: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(UsageError) as caught:
        load_prices(env={"RLM_CODE_PRICES": str(path)})
    assert complaint in str(caught.value)
    assert str(caught.value).startswith("RLM_CODE_PRICES: ")
    assert "\n" not in str(caught.value)


def test_a_missing_price_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="RLM_CODE_PRICES: cannot read"):
        load_prices(env={"RLM_CODE_PRICES": str(tmp_path / "nope.toml")})
