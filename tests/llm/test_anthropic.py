"""The Anthropic adapter, through the SDK's own HTTP hook (httpx2.MockTransport) only."""

from __future__ import annotations

import json
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import anthropic
import httpx2
import pytest

from rlm_code.errors import ModelError
from rlm_code.llm.anthropic import AnthropicModel
from rlm_code.llm.base import Usage

Handler = Callable[[httpx2.Request], httpx2.Response]
ASK = [{"role": "user", "content": "who calls parse?"}]


def answer(
    text: str = "It is called from main.",
    *,
    usage: dict[str, int] | None = None,
    stop_reason: str = "end_turn",
    model: str = "claude-sonnet-5-5",
    content: list[dict[str, Any]] | None = None,
) -> httpx2.Response:
    return httpx2.Response(
        200,
        json={
            "id": "msg_01",
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": content if content is not None else [{"type": "text", "text": text}],
            "stop_reason": stop_reason,
            "stop_sequence": None,
            "usage": usage or {"input_tokens": 10, "output_tokens": 5},
        },
    )


def failure(status: int, kind: str, message: str, **headers: str) -> httpx2.Response:
    return httpx2.Response(
        status,
        headers={name.replace("_", "-"): value for name, value in headers.items()},
        json={"type": "error", "error": {"type": kind, "message": message}},
    )


class Recorder:
    """Answers from a list of responses (the last repeating) and keeps every request."""

    def __init__(self, *responses: httpx2.Response | Exception) -> None:
        self.responses = responses
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        response = self.responses[min(len(self.requests), len(self.responses)) - 1]
        if isinstance(response, Exception):
            raise response
        return response

    def body(self, index: int = 0) -> Any:
        return json.loads(self.requests[index].content)


def make(handler: Handler, model: str = "claude-sonnet-5-5", **options: Any) -> AnthropicModel:
    client = anthropic.Anthropic(api_key="test", http_client=httpx2.Client(transport=httpx2.MockTransport(handler)))
    return AnthropicModel(model, client=client, **options)


def test_the_request_caches_the_system_prompt_and_sends_stop_sequences() -> None:
    recorder = Recorder(answer())
    history = [
        *ASK,
        {"role": "assistant", "content": "print(callers('parse'))"},
        {"role": "user", "content": "[]"},
    ]
    make(recorder).complete(history, system="You explore code.", max_tokens=256, stop=["```output"])

    (request,) = recorder.requests
    assert request.method == "POST"
    assert str(request.url) == "https://api.anthropic.com/v1/messages"
    assert request.headers["authorization"] == "Bearer test"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["anthropic-version"]
    assert recorder.body() == {
        "model": "claude-sonnet-5-5",
        "max_tokens": 256,
        "messages": history,
        "system": [{"type": "text", "text": "You explore code.", "cache_control": {"type": "ephemeral"}}],
        "stop_sequences": ["```output"],
    }


def test_without_a_system_prompt_or_stop_sequences_neither_is_sent() -> None:
    recorder = Recorder(answer())
    make(recorder).complete(ASK)
    assert recorder.body() == {"model": "claude-sonnet-5-5", "max_tokens": 4096, "messages": ASK}


def test_usage_and_cost_come_from_the_answer() -> None:
    recorder = Recorder(
        answer(
            content=[
                {"type": "thinking", "thinking": "look at callers", "signature": "sig"},
                {"type": "text", "text": "Called "},
                {"type": "text", "text": "from main."},
            ],
            usage={
                "input_tokens": 1_000,
                "output_tokens": 200,
                "cache_creation_input_tokens": 3_000,
                "cache_read_input_tokens": 10_000,
            },
            stop_reason="max_tokens",
            model="claude-sonnet-5-5-20261007",
        )
    )
    completion = make(recorder).complete(ASK, system="You explore code.")
    assert completion.text == "Called from main."
    assert completion.model == "claude-sonnet-5-5-20261007"
    assert completion.stop_reason == "max_tokens"
    assert completion.usage == Usage(
        input_tokens=1_000,
        output_tokens=200,
        cache_write_tokens=3_000,
        cache_read_tokens=10_000,
        cost_usd=pytest.approx((1_000 * 2.00 + 200 * 10.00 + 3_000 * 2.50 + 10_000 * 0.10) / 1e6),
    )


def test_a_long_worker_prompt_is_priced_at_the_long_prompt_rate() -> None:
    usage = {"input_tokens": 150_000, "output_tokens": 1_000}
    completion = make(Recorder(answer(usage=usage)), "claude-haiku-5-5").complete(ASK)
    assert completion.usage.cost_usd == pytest.approx((150_000 * 0.50 + 1_000 * 2.50) / 1e6)


def test_an_unpriced_model_reports_tokens_but_no_cost() -> None:
    model = make(Recorder(answer(model="claude-fable-5-2")), "claude-fable-5-2")
    completion = model.complete(ASK)
    assert completion.usage == Usage(input_tokens=10, output_tokens=5, cost_usd=None)
    assert model.worst_case_cost(ASK) is None


def test_overloaded_answers_are_retried_after_the_wait_the_server_asks_for() -> None:
    recorder = Recorder(failure(529, "overloaded_error", "Overloaded", retry_after_ms="1"), answer("ok"))
    completion = make(recorder).complete(ASK)
    assert completion.text == "ok"
    assert [request.headers["x-stainless-retry-count"] for request in recorder.requests] == ["0", "1"]
    assert recorder.body(0) == recorder.body(1)


def test_a_server_that_stays_overloaded_is_a_one_line_model_error() -> None:
    recorder = Recorder(failure(529, "overloaded_error", "Overloaded", retry_after_ms="1"))
    with pytest.raises(ModelError) as caught:
        make(recorder, max_retries=2).complete(ASK)
    assert len(recorder.requests) == 3
    assert str(caught.value) == "anthropic stayed overloaded (529) after 3 attempts: Overloaded"
    assert isinstance(caught.value.__cause__, anthropic.OverloadedError)


def test_rate_limits_are_retried_then_reported() -> None:
    recorder = Recorder(failure(429, "rate_limit_error", "Slow\ndown", retry_after_ms="1"))
    with pytest.raises(ModelError) as caught:
        make(recorder, max_retries=1).complete(ASK)
    assert len(recorder.requests) == 2
    assert str(caught.value) == "anthropic kept rate-limiting claude-sonnet-5-5 (429) after 2 attempts: Slow down"


def test_server_errors_are_retried() -> None:
    recorder = Recorder(failure(500, "api_error", "Internal", retry_after_ms="1"), answer("ok"))
    assert make(recorder).complete(ASK).text == "ok"
    assert len(recorder.requests) == 2


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (
            failure(401, "authentication_error", "invalid x-api-key"),
            "anthropic rejected the API key (401): check ANTHROPIC_API_KEY",
        ),
        (
            failure(404, "not_found_error", "model: claude-nope"),
            "anthropic does not know the model claude-sonnet-5-5 (404): model: claude-nope",
        ),
        (
            failure(400, "invalid_request_error", "prompt is too long: 1200000 tokens > 1000000 maximum"),
            "anthropic rejected the request for claude-sonnet-5-5 (400): "
            "prompt is too long: 1200000 tokens > 1000000 maximum",
        ),
        (
            failure(403, "permission_error", "not allowed"),
            "anthropic denied access to claude-sonnet-5-5 (403): not allowed",
        ),
    ],
)
def test_client_errors_are_not_retried_and_become_model_errors(response: httpx2.Response, message: str) -> None:
    recorder = Recorder(response)
    with pytest.raises(ModelError) as caught:
        make(recorder).complete(ASK)
    assert len(recorder.requests) == 1
    assert str(caught.value) == message
    assert isinstance(caught.value.__cause__, anthropic.APIStatusError)


def test_a_connection_error_is_a_model_error() -> None:
    recorder = Recorder(httpx2.ConnectError("[Errno 111] Connection refused"))
    with pytest.raises(ModelError) as caught:
        make(recorder, max_retries=0).complete(ASK)
    assert str(caught.value) == "cannot reach anthropic: [Errno 111] Connection refused"
    assert isinstance(caught.value.__cause__, anthropic.APIConnectionError)


def test_a_timeout_is_a_model_error() -> None:
    recorder = Recorder(httpx2.ReadTimeout("timed out"))
    with pytest.raises(ModelError, match=r"^anthropic did not answer within 30s$"):
        make(recorder, max_retries=0, timeout=30.0).complete(ASK)


def test_the_key_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "from-env")
    model = AnthropicModel("claude-sonnet-5-5")
    assert model.client.api_key == "from-env"
    assert model.client.max_retries == 4
    model.close()
    assert AnthropicModel("claude-sonnet-5-5", api_key="given").client.api_key == "given"


def test_a_missing_key_names_the_variable() -> None:
    with pytest.raises(ModelError, match=r"^ANTHROPIC_API_KEY is not set"):
        AnthropicModel("claude-sonnet-5-5")


def test_a_given_client_gets_this_models_retries_and_timeout() -> None:
    model = make(Recorder(answer()), max_retries=7, timeout=9.0)
    assert model.client.max_retries == 7
    assert model.client.timeout == 9.0


def test_one_model_serves_concurrent_calls() -> None:
    recorder = Recorder(answer("ok"))
    model = make(recorder)
    with ThreadPoolExecutor(max_workers=8) as pool:
        texts = list(pool.map(lambda i: model.complete([{"role": "user", "content": str(i)}]).text, range(32)))
    assert texts == ["ok"] * 32
    assert sorted(int(json.loads(r.content)["messages"][0]["content"]) for r in recorder.requests) == list(range(32))
