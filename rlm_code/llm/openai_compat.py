"""Any OpenAI-compatible chat endpoint: vLLM, Ollama, llama.cpp server, hosted gateways.

One ``POST {base_url}/chat/completions`` per call, with the system prompt as the first message,
``max_tokens`` and, when given, ``stop``. The answer's ``choices[0].message.content``,
``finish_reason`` and ``usage`` are read; an answer without ``usage`` is an error, because
rlm-code counts tokens, it never guesses them. ``usage.prompt_tokens_details.cached_tokens``,
when a server reports it, is counted as cache reads. ``finish_reason`` ``"stop"`` becomes
``"end_turn"`` (the protocol does not say whether a stop sequence matched) and ``"length"``
becomes ``"max_tokens"``.

408, 429 and 5xx answers, timeouts and network errors are retried up to ``max_retries`` times,
waiting ``backoff_s * 2**n`` seconds (at most 8, with jitter) or what the server asks for in
``retry-after-ms`` / ``Retry-After`` (at most 60 seconds).

The key is ``api_key`` or else ``$OPENAI_API_KEY``, sent as a Bearer token when there is one
(local servers need none). As with OpenAI's own SDK, an ``OPENAI_API_KEY`` in the environment is
sent to whatever ``base_url`` names, so only point it at servers you trust with that key.

httpx2 is imported only when a model is made. One ``httpx2.Client`` is safe to share between
threads, so one model serves a whole batch of concurrent worker calls.
"""

from __future__ import annotations

import math
import os
import random
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import ModelError, UsageError
from .base import Message, ModelBase, RawCompletion, after_attempts, error_detail
from .pricing import Price, lookup_price

if TYPE_CHECKING:
    import httpx2

__all__ = ["API_KEY_ENV", "OpenAICompatModel", "model_from_spec"]

API_KEY_ENV = "OPENAI_API_KEY"
MAX_BACKOFF_S = 8.0
MAX_RETRY_AFTER_S = 60.0
_FINISH_REASONS = {"stop": "end_turn", "length": "max_tokens"}


class OpenAICompatModel(ModelBase):
    """A model behind an OpenAI-compatible ``base_url`` (e.g. ``http://localhost:11434/v1``).

    Priced only if the price table (or ``prices``) names the model; local models usually are not,
    and then report ``cost_usd=None``.
    """

    def __init__(
        self,
        model: str,
        base_url: str,
        *,
        api_key: str | None = None,
        client: httpx2.Client | None = None,
        max_retries: int = 4,
        timeout: float = 120.0,
        backoff_s: float = 0.5,
        prices: Mapping[str, Price] | None = None,
    ) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise UsageError(f"the base URL must start with http:// or https://, not {base_url!r}")
        super().__init__(model, price=lookup_price(model, prices))
        self.base_url = base_url.rstrip("/")
        self.url = f"{self.base_url}/chat/completions"
        self.api_key = api_key or os.environ.get(API_KEY_ENV) or None
        self.max_retries = max_retries
        self.timeout = timeout
        self.backoff_s = backoff_s
        self._owns_client = client is None
        if client is None:
            import httpx2

            client = httpx2.Client(timeout=timeout)
        self.client: httpx2.Client = client

    def close(self) -> None:
        """Release the connection pool, if this model opened it."""
        if self._owns_client:
            self.client.close()

    def _send(
        self, messages: list[Message], *, system: str | None, max_tokens: int, stop: list[str] | None
    ) -> RawCompletion:
        chat = [{"role": "system", "content": system}] if system else []
        chat += [{"role": message["role"], "content": message["content"]} for message in messages]
        body: dict[str, Any] = {"model": self.name, "messages": chat, "max_tokens": max_tokens}
        if stop:
            body["stop"] = stop
        response, attempts = self._post(body)
        if response.is_error:
            raise ModelError(self._describe_status(response, attempts=attempts))
        return self._parse(response)

    def _post(self, body: dict[str, Any]) -> tuple[httpx2.Response, int]:
        """POST with retries: the first answer not worth retrying, and how many attempts it took."""
        import httpx2

        headers = {"Authorization": f"Bearer {self.api_key}"} if self.api_key else {}
        attempt = 0
        while True:
            attempt += 1
            asked_wait: float | None = None
            try:
                response = self.client.post(self.url, json=body, headers=headers, timeout=self.timeout)
            except httpx2.TimeoutException as exc:
                if attempt > self.max_retries:
                    raise ModelError(
                        f"{self.base_url} did not answer within {self.timeout:g}s{after_attempts(attempt)}"
                    ) from exc
            except (httpx2.NetworkError, httpx2.RemoteProtocolError) as exc:
                if attempt > self.max_retries:
                    raise ModelError(
                        f"cannot reach {self.base_url}{after_attempts(attempt)}: {error_detail(str(exc))}"
                    ) from exc
            except httpx2.HTTPError as exc:
                raise ModelError(f"cannot call {self.base_url}: {error_detail(str(exc))}") from exc
            else:
                if not _is_retryable(response.status_code):
                    return response, attempt
                if attempt > self.max_retries:
                    raise ModelError(self._describe_status(response, attempts=attempt))
                asked_wait = _retry_after(response.headers)
                response.close()
            time.sleep(self._backoff(attempt, asked_wait))

    def _backoff(self, attempt: int, asked_wait: float | None) -> float:
        if asked_wait is not None:
            return min(asked_wait, MAX_RETRY_AFTER_S)
        return min(self.backoff_s * 2.0 ** (attempt - 1), MAX_BACKOFF_S) * (1 - 0.25 * random.random())

    def _parse(self, response: httpx2.Response) -> RawCompletion:
        try:
            data: object = response.json()
        except ValueError as exc:
            raise ModelError(f"{self.base_url} answered with something that is not JSON") from exc
        choice = _field(data, "choices", 0)
        message = _field(choice, "message")
        content = _field(message, "content")
        finish = _field(choice, "finish_reason")
        usage = _field(data, "usage")
        prompt_tokens = _field(usage, "prompt_tokens")
        output_tokens = _field(usage, "completion_tokens")
        cached = _field(usage, "prompt_tokens_details", "cached_tokens")
        if not isinstance(message, dict) or not isinstance(content, str | None):
            raise ModelError(f"{self.base_url} answered without choices[0].message.content")
        if not _is_count(prompt_tokens) or not _is_count(output_tokens):
            raise ModelError(f"{self.base_url} answered without usage token counts, which rlm-code needs")
        cache_read = cached if _is_count(cached) and cached <= prompt_tokens else 0
        model = _field(data, "model")
        return RawCompletion(
            text=content or "",
            input_tokens=prompt_tokens - cache_read,
            output_tokens=output_tokens,
            cache_read_tokens=cache_read,
            stop_reason=_FINISH_REASONS.get(finish, finish) if isinstance(finish, str) else None,
            model=model if isinstance(model, str) and model else None,
        )

    def _describe_status(self, response: httpx2.Response, *, attempts: int) -> str:
        status = response.status_code
        detail = _error_detail(response)
        if status in (401, 403):
            return f"{self.base_url} rejected the API key ({status}): check {API_KEY_ENV}: {detail}"
        if status == 404:
            return f"{self.base_url} has no model {self.name} or no /chat/completions (404): {detail}"
        if _is_retryable(status):
            return f"{self.base_url} answered {status}{after_attempts(attempts)}: {detail}"
        return f"{self.base_url} rejected the request for {self.name} ({status}): {detail}"


def _is_retryable(status: int) -> bool:
    return status in (408, 429) or status >= 500


def _retry_after(headers: httpx2.Headers) -> float | None:
    """Seconds the server asks us to wait: ``retry-after-ms``, or ``Retry-After`` as seconds or a date."""
    for name, scale in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = headers.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) / scale
        except ValueError:
            continue
        return max(seconds, 0.0) if math.isfinite(seconds) else None
    when = headers.get("retry-after")
    if when is not None:
        import email.utils

        try:
            return max(email.utils.parsedate_to_datetime(when).timestamp() - time.time(), 0.0)
        except (TypeError, ValueError):
            return None
    return None


def _field(data: object, *path: str | int) -> Any:
    """``data[path[0]][path[1]]...`` or None when any step is missing."""
    for step in path:
        if isinstance(step, int) and isinstance(data, list) and -len(data) <= step < len(data):
            data = data[step]
        elif isinstance(step, str) and isinstance(data, dict):
            data = data.get(step)
        else:
            return None
    return data


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _error_detail(response: httpx2.Response) -> str:
    """The server's own words: OpenAI's ``error.message``, Ollama's ``error``, or the body."""
    try:
        data: object = response.json()
    except ValueError:
        return error_detail(response.text) or response.reason_phrase
    message = _field(data, "error", "message")
    if not isinstance(message, str):
        message = _field(data, "error")
    return error_detail(message) if isinstance(message, str) else error_detail(response.text)


def model_from_spec(target: str, *, prices: Mapping[str, Price] | None = None) -> OpenAICompatModel:
    """``openai:<model>@<base_url>``, e.g. ``openai:llama3.1:8b@http://localhost:11434/v1``."""
    model, at, base_url = target.partition("@http")
    if not model or not at:
        raise UsageError(
            f"openai needs <model>@<base_url>, e.g. openai:llama3.1@http://localhost:11434/v1, not {target!r}"
        )
    return OpenAICompatModel(model, "http" + base_url, prices=prices)
