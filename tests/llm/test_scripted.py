"""The scripted model: playback, recording, its own token accounting, threads and delay."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from rlm_code.errors import UsageError
from rlm_code.llm.base import Usage
from rlm_code.llm.pricing import Price
from rlm_code.llm.scripted import ScriptedCall, ScriptedModel

ASK = [{"role": "user", "content": "who calls parse?"}]  # 16 characters: 4 scripted tokens


def test_replies_play_in_order_and_the_last_one_repeats() -> None:
    model = ScriptedModel(["one", "two"])
    assert [model.complete(ASK).text for _ in range(4)] == ["one", "two", "two", "two"]


def test_every_call_is_recorded_as_it_was_made() -> None:
    model = ScriptedModel(["a", "b"])
    messages = list(ASK)
    model.complete(messages, system="You explore code.", max_tokens=100, stop=["```output"])
    messages.append({"role": "assistant", "content": "later"})
    model.complete(messages)
    assert model.calls == [
        ScriptedCall(messages=ASK, system="You explore code.", max_tokens=100, stop=["```output"], reply="a"),
        ScriptedCall(
            messages=[*ASK, {"role": "assistant", "content": "later"}],
            system=None,
            max_tokens=4096,
            stop=None,
            reply="b",
        ),
    ]


def test_tokens_are_counted_at_four_characters_each_rounded_up() -> None:
    completion = ScriptedModel(["x" * 9]).complete(ASK, system="s" * 4)
    assert completion.usage == Usage(input_tokens=5, output_tokens=3, cost_usd=None)
    assert completion.model == "scripted"
    assert completion.stop_reason == "end_turn"


def test_it_is_free_only_when_priced_so() -> None:
    assert ScriptedModel(["ok"]).complete(ASK).usage.cost_usd is None
    assert ScriptedModel(["ok"]).worst_case_cost(ASK) is None
    price = Price(input=1.0, output=2.0, cache_write=1.0, cache_read=1.0)
    completion = ScriptedModel(["x" * 8], price=price).complete(ASK)
    assert completion.usage.cost_usd == pytest.approx((4 * 1.0 + 2 * 2.0) / 1e6)


def test_its_usage_never_exceeds_the_worst_case() -> None:
    model = ScriptedModel(["y" * 10_000])
    messages = [{"role": "user", "content": "z" * 5_000}]
    completion = model.complete(messages, system="s" * 999, max_tokens=1_000)
    assert completion.usage.total_tokens <= model.worst_case_tokens(messages, system="s" * 999, max_tokens=1_000)


def test_a_reply_stops_before_the_first_stop_sequence() -> None:
    model = ScriptedModel(["print(1)\n```output\n1\n```\nEND tail"])
    completion = model.complete(ASK, stop=["END", "```output"])
    assert completion.text == "print(1)\n"
    assert completion.stop_reason == "stop_sequence"


def test_a_reply_is_cut_at_max_tokens() -> None:
    completion = ScriptedModel(["abcdefghijk"]).complete(ASK, max_tokens=2)
    assert completion.text == "abcdefgh"
    assert completion.stop_reason == "max_tokens"
    assert completion.usage.output_tokens == 2


def test_concurrent_calls_each_get_their_own_reply_in_arrival_order() -> None:
    replies = [f"reply {i}" for i in range(64)]
    model = ScriptedModel(replies)
    start = threading.Barrier(16)

    def ask(i: int) -> str:
        if i < 16:
            start.wait()
        return model.complete([{"role": "user", "content": f"q{i}"}]).text

    with ThreadPoolExecutor(max_workers=16) as pool:
        answers = list(pool.map(ask, range(64)))
    assert sorted(answers) == sorted(replies)
    calls = model.calls
    assert len(calls) == 64
    assert [call["reply"] for call in calls] == replies


def test_delay_simulates_latency_without_serialising_concurrent_calls() -> None:
    model = ScriptedModel(["ok"], delay=0.02)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        completions = list(pool.map(lambda _: model.complete(ASK), range(8)))
    elapsed = time.perf_counter() - started
    assert all(completion.latency_s >= 0.02 for completion in completions)
    assert elapsed < 8 * 0.02


def test_replies_load_from_a_json_list(tmp_path: Path) -> None:
    path = tmp_path / "replies.json"
    path.write_text(json.dumps(["first", "second"]))
    model = ScriptedModel.from_file(path)
    assert model.replies == ("first", "second")
    assert model.delay == 0.0


def test_replies_load_from_a_json_object_with_a_delay(tmp_path: Path) -> None:
    path = tmp_path / "replies.json"
    path.write_text(json.dumps({"replies": ["only"], "delay": 0.2}))
    model = ScriptedModel.from_file(str(path))
    assert model.replies == ("only",)
    assert model.delay == 0.2


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("[oops", "not valid JSON"),
        ("[]", "non-empty list of strings"),
        ('["a", 1]', "non-empty list of strings"),
        ('{"replies": ["a"], "delay": -1}', "delay must be a non-negative number"),
        ('{"replies": ["a"], "dealy": 1}', "unknown keys: dealy"),
    ],
)
def test_a_malformed_replies_file_is_a_usage_error(tmp_path: Path, text: str, complaint: str) -> None:
    path = tmp_path / "replies.json"
    path.write_text(text)
    with pytest.raises(UsageError, match=complaint):
        ScriptedModel.from_file(path)


def test_a_missing_replies_file_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read scripted replies"):
        ScriptedModel.from_file(tmp_path / "missing.json")


def test_it_needs_at_least_one_reply() -> None:
    with pytest.raises(UsageError):
        ScriptedModel([])
    with pytest.raises(UsageError):
        ScriptedModel("not a list")
