"""The OpenAI-compatible adapter, through httpx2's own MockTransport only."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx2
import pytest

from rlm_code.errors import ModelError, UsageError
from rlm_code.llm.base import Usage
from rlm_code.llm.openai_compat import OpenAICompatModel
from rlm_code.llm.pricing import Price

ASK = [{"role": "user", "content": "who calls parse?"}]
OLLAMA = "http://localhost:11434/v1"


def answer(
    text: str | None = "Called from main.",
    *,
    finish_reason: str = "stop",
    usage: dict[str, Any] | None = None,
    model: str = "llama3.1:8b",
) -> httpx2.Response:
    body: dict[str, Any] = {
        "id": "chatcmpl-1",
        "object": "chat.completion",
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": finish_reason}],
        "usage": usage or {"prompt_tokens": 12, "completion_tokens": 4, "total_tokens": 16},
    }
    return httpx2.Response(200, json=body)


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


def make(recorder: Recorder, base_url: str = OLLAMA, **options: Any) -> OpenAICompatModel:
    options.setdefault("backoff_s", 0.001)
    client = httpx2.Client(transport=httpx2.MockTransport(recorder))
    return OpenAICompatModel(options.pop("model", "llama3.1:8b"), base_url, client=client, **options)


def test_the_request_puts_the_system_prompt_first_and_sends_stop() -> None:
    recorder = Recorder(answer())
    history = [*ASK, {"role": "assistant", "content": "print(1)"}, {"role": "user", "content": "1"}]
    make(recorder, OLLAMA + "/", api_key="sk-test").complete(
        history, system="You explore code.", max_tokens=256, stop=["```output"]
    )

    (request,) = recorder.requests
    assert request.method == "POST"
    assert str(request.url) == "http://localhost:11434/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer sk-test"
    assert request.headers["content-type"] == "application/json"
    assert recorder.body() == {
        "model": "llama3.1:8b",
        "messages": [{"role": "system", "content": "You explore code."}, *history],
        "max_tokens": 256,
        "stop": ["```output"],
    }


def test_a_bare_request_sends_no_key_no_system_and_no_stop() -> None:
    recorder = Recorder(answer())
    make(recorder).complete(ASK)
    assert "authorization" not in recorder.requests[0].headers
    assert recorder.body() == {"model": "llama3.1:8b", "messages": ASK, "max_tokens": 4096}


def test_the_key_can_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env")
    recorder = Recorder(answer())
    make(recorder).complete(ASK)
    assert recorder.requests[0].headers["authorization"] == "Bearer sk-env"


def test_the_answer_text_usage_and_stop_reason_are_read() -> None:
    completion = make(Recorder(answer(model="llama3.1:8b-instruct-q4"))).complete(ASK)
    assert completion.text == "Called from main."
    assert completion.model == "llama3.1:8b-instruct-q4"
    assert completion.stop_reason == "end_turn"
    assert completion.usage == Usage(input_tokens=12, output_tokens=4, cost_usd=None)


def test_length_means_max_tokens_and_other_reasons_pass_through() -> None:
    assert make(Recorder(answer(finish_reason="length"))).complete(ASK).stop_reason == "max_tokens"
    assert make(Recorder(answer(finish_reason="content_filter"))).complete(ASK).stop_reason == "content_filter"


def test_an_empty_content_is_an_empty_text() -> None:
    assert make(Recorder(answer(None))).complete(ASK).text == ""


def test_cached_prompt_tokens_are_cache_reads_and_a_price_applies() -> None:
    usage = {
        "prompt_tokens": 1_000,
        "completion_tokens": 100,
        "prompt_tokens_details": {"cached_tokens": 600},
    }
    price = Price(input=1.0, output=4.0, cache_write=1.0, cache_read=0.25)
    model = make(Recorder(answer(usage=usage)), prices={"llama3.1:8b": price})
    completion = model.complete(ASK)
    assert completion.usage == Usage(
        input_tokens=400,
        output_tokens=100,
        cache_read_tokens=600,
        cost_usd=pytest.approx((400 * 1.0 + 100 * 4.0 + 600 * 0.25) / 1e6),
    )
    assert model.worst_case_cost(ASK, max_tokens=10) is not None


def test_server_errors_are_retried_with_backoff() -> None:
    recorder = Recorder(httpx2.Response(503, text="loading model"), answer("ok"))
    assert make(recorder).complete(ASK).text == "ok"
    assert len(recorder.requests) == 2
    assert recorder.body(0) == recorder.body(1)


def test_rate_limits_honour_the_wait_the_server_asks_for() -> None:
    recorder = Recorder(httpx2.Response(429, headers={"retry-after-ms": "30"}), answer("ok"))
    started = time.perf_counter()
    assert make(recorder, backoff_s=0.0).complete(ASK).text == "ok"
    assert time.perf_counter() - started >= 0.03
    assert len(recorder.requests) == 2


def test_retry_after_in_seconds_or_as_a_past_date_is_honoured() -> None:
    past = format_datetime(datetime.now(UTC) - timedelta(minutes=1), usegmt=True)
    recorder = Recorder(
        httpx2.Response(429, headers={"retry-after": "0"}),
        httpx2.Response(503, headers={"retry-after": past}),
        answer("ok"),
    )
    assert make(recorder, backoff_s=10.0).complete(ASK).text == "ok"
    assert len(recorder.requests) == 3


def test_a_server_that_keeps_failing_is_a_one_line_model_error() -> None:
    recorder = Recorder(httpx2.Response(500, json={"error": {"message": "CUDA out of\nmemory"}}))
    with pytest.raises(ModelError) as caught:
        make(recorder, max_retries=2).complete(ASK)
    assert len(recorder.requests) == 3
    assert str(caught.value) == f"{OLLAMA} answered 500 after 3 attempts: CUDA out of memory"


@pytest.mark.parametrize(
    ("response", "message"),
    [
        (
            httpx2.Response(404, json={"error": "model 'llama3.1:8b' not found"}),
            f"{OLLAMA} has no model llama3.1:8b or no /chat/completions (404): model 'llama3.1:8b' not found",
        ),
        (
            httpx2.Response(401, json={"error": {"message": "Incorrect API key"}}),
            f"{OLLAMA} rejected the API key (401): check OPENAI_API_KEY: Incorrect API key",
        ),
        (
            httpx2.Response(400, text="max_tokens is too large"),
            f"{OLLAMA} rejected the request for llama3.1:8b (400): max_tokens is too large",
        ),
    ],
)
def test_client_errors_are_not_retried(response: httpx2.Response, message: str) -> None:
    recorder = Recorder(response)
    with pytest.raises(ModelError) as caught:
        make(recorder).complete(ASK)
    assert len(recorder.requests) == 1
    assert str(caught.value) == message


def test_connection_errors_are_retried_then_reported() -> None:
    refused = httpx2.ConnectError("[Errno 111] Connection refused")
    recorder = Recorder(refused, refused, answer("ok"))
    assert make(recorder).complete(ASK).text == "ok"
    assert len(recorder.requests) == 3

    recorder = Recorder(refused)
    with pytest.raises(ModelError) as caught:
        make(recorder, max_retries=1).complete(ASK)
    assert str(caught.value) == f"cannot reach {OLLAMA} after 2 attempts: [Errno 111] Connection refused"
    assert isinstance(caught.value.__cause__, httpx2.ConnectError)


def test_a_timeout_is_a_model_error() -> None:
    recorder = Recorder(httpx2.ReadTimeout("timed out"))
    with pytest.raises(ModelError, match=rf"^{OLLAMA} did not answer within 30s$"):
        make(recorder, max_retries=0, timeout=30.0).complete(ASK)


@pytest.mark.parametrize(
    ("response", "complaint"),
    [
        (httpx2.Response(200, text="<html>proxy</html>"), "not JSON"),
        (httpx2.Response(200, json={"choices": []}), "without choices[0].message.content"),
        (httpx2.Response(200, json={"choices": [{"message": {"content": 3}}]}), "without choices"),
        (
            httpx2.Response(200, json={"choices": [{"message": {"content": "hi"}, "finish_reason": "stop"}]}),
            "without usage token counts",
        ),
    ],
)
def test_an_unreadable_answer_is_a_model_error(response: httpx2.Response, complaint: str) -> None:
    with pytest.raises(ModelError, match=re.escape(complaint)):
        make(Recorder(response)).complete(ASK)


def test_the_base_url_must_be_http() -> None:
    with pytest.raises(UsageError, match="must start with http"):
        OpenAICompatModel("llama3.1", "localhost:11434/v1")
