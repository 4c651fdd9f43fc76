"""The shared records and the base class: usage sums, pricing once, worst cases, checks."""

from __future__ import annotations

import math

import pytest

from rlm_code.llm.base import Completion, Model, ModelBase, RawCompletion, Usage, estimate_prompt_tokens
from rlm_code.llm.pricing import Price

PRICE = Price(input=2.0, output=10.0, cache_write=2.5, cache_read=0.1)


class FixedModel(ModelBase):
    """A provider whose answer is fixed: exercises the base class like a real provider does."""

    def __init__(self, raw: RawCompletion, *, price: Price | None) -> None:
        super().__init__("fixed", price=price)
        self.raw = raw

    def _send(
        self, messages: list[dict[str, str]], *, system: str | None, max_tokens: int, stop: list[str] | None
    ) -> RawCompletion:
        return self.raw


RAW = RawCompletion(
    text="done",
    input_tokens=1_000,
    output_tokens=200,
    cache_read_tokens=10_000,
    cache_write_tokens=3_000,
    stop_reason="end_turn",
    model="fixed-2026",
)
ASK = [{"role": "user", "content": "who calls parse?"}]


def test_usage_adds_up_and_an_unknown_cost_stays_unknown() -> None:
    a = Usage(input_tokens=1, output_tokens=2, cache_read_tokens=3, cache_write_tokens=4, cost_usd=0.5)
    b = Usage(input_tokens=10, output_tokens=20, cache_read_tokens=30, cache_write_tokens=40, cost_usd=0.25)
    assert a + b == Usage(11, 22, 33, 44, 0.75)
    assert (a + Usage(cost_usd=None)).cost_usd is None
    assert (Usage(cost_usd=None) + a).cost_usd is None
    assert sum([a, b], Usage()) == a + b
    assert (a + b).prompt_tokens == 11 + 33 + 44
    assert (a + b).total_tokens == 11 + 22 + 33 + 44


def test_the_base_prices_what_the_provider_counted() -> None:
    completion = FixedModel(RAW, price=PRICE).complete(ASK)
    assert isinstance(completion, Completion)
    assert completion.text == "done"
    assert completion.model == "fixed-2026"
    assert completion.stop_reason == "end_turn"
    assert completion.latency_s >= 0
    assert completion.usage == Usage(
        input_tokens=1_000,
        output_tokens=200,
        cache_read_tokens=10_000,
        cache_write_tokens=3_000,
        cost_usd=pytest.approx((1_000 * 2.0 + 200 * 10.0 + 10_000 * 0.1 + 3_000 * 2.5) / 1e6),
    )


def test_an_unpriced_model_reports_no_cost_rather_than_a_guess() -> None:
    model = FixedModel(RAW, price=None)
    assert model.complete(ASK).usage.cost_usd is None
    assert model.worst_case_cost(ASK) is None


def test_the_model_name_stands_in_when_the_provider_names_none() -> None:
    raw = RawCompletion(text="", input_tokens=1, output_tokens=1, stop_reason=None)
    assert FixedModel(raw, price=None).complete(ASK).model == "fixed"


def test_the_worst_case_counts_a_third_of_a_token_per_ascii_character() -> None:
    messages = [{"role": "user", "content": "x" * 3000}, {"role": "assistant", "content": "y" * 10}]
    prompt = estimate_prompt_tokens(messages, system="s" * 300)
    assert prompt == math.ceil(3310 / 3) + 3 * 8
    model = FixedModel(RAW, price=PRICE)
    assert model.worst_case_tokens(messages, system="s" * 300, max_tokens=500) == prompt + 500
    assert model.worst_case_cost(messages, system="s" * 300, max_tokens=500) == pytest.approx(
        (prompt * 2.5 + 500 * 10.0) / 1e6
    )


def test_the_worst_case_counts_other_characters_as_whole_tokens() -> None:
    assert estimate_prompt_tokens([{"role": "user", "content": "日本語abc"}]) == 3 + 1 + 8


@pytest.mark.parametrize(
    ("messages", "max_tokens", "complaint"),
    [
        ([], 10, "at least one message"),
        ([{"role": "system", "content": "x"}], 10, "a message must be"),
        ([{"role": "user"}], 10, "a message must be"),
        (ASK, 0, "max_tokens must be at least 1"),
    ],
)
def test_calls_no_provider_could_answer_are_refused(
    messages: list[dict[str, str]], max_tokens: int, complaint: str
) -> None:
    with pytest.raises(ValueError, match=complaint):
        FixedModel(RAW, price=None).complete(messages, max_tokens=max_tokens)


def test_a_provider_built_on_the_base_satisfies_the_protocol() -> None:
    model: Model = FixedModel(RAW, price=None)
    assert model.complete(ASK).text == "done"
