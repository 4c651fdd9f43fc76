"""Claude through Anthropic's official SDK (imported only when a model is made).

The system prompt is sent as one text block marked ``cache_control: {"type": "ephemeral"}``,
so the stable supervisor and worker prompts are cached across calls (a prompt shorter than the
model's minimum cacheable length is simply not cached). The SDK retries 408, 409, 429, 5xx and
529 (overloaded) answers and connection errors with exponential backoff, honouring the
``retry-after-ms`` and ``retry-after`` headers, up to ``max_retries`` times; whatever still
fails becomes a one-line ``ModelError``.

The SDK client is safe to share between threads, so one ``AnthropicModel`` serves a whole
batch of concurrent worker calls.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..errors import ModelError, UsageError
from .base import Message, ModelBase, RawCompletion, after_attempts, error_detail
from .pricing import Price, lookup_price

if TYPE_CHECKING:
    import anthropic
    from anthropic.types import MessageParam, TextBlockParam

__all__ = ["API_KEY_ENV", "AnthropicModel", "model_from_spec"]

API_KEY_ENV = "ANTHROPIC_API_KEY"


class AnthropicModel(ModelBase):
    """A Claude model. Priced from the table (``pricing``) unless ``prices`` overrides it.

    The key is ``api_key`` or else ``$ANTHROPIC_API_KEY``. A ready ``client`` (an
    ``anthropic.Anthropic``) is used instead, with this model's ``max_retries`` and ``timeout``.
    """

    def __init__(
        self,
        model: str,
        *,
        api_key: str | None = None,
        client: anthropic.Anthropic | None = None,
        max_retries: int = 4,
        timeout: float = 120.0,
        prices: Mapping[str, Price] | None = None,
    ) -> None:
        import anthropic as sdk

        super().__init__(model, price=lookup_price(model, prices))
        self.timeout = timeout
        self._owns_client = client is None
        if client is None:
            key = api_key or os.environ.get(API_KEY_ENV)
            if not key:
                raise ModelError(f"{API_KEY_ENV} is not set: export it (or pass api_key=) to use {model}")
            client = sdk.Anthropic(api_key=key, max_retries=max_retries, timeout=timeout)
        else:
            client = client.with_options(max_retries=max_retries, timeout=timeout)
        self.client: anthropic.Anthropic = client

    def close(self) -> None:
        """Release the connection pool, if this model opened it."""
        if self._owns_client:
            self.client.close()

    def _send(
        self, messages: list[Message], *, system: str | None, max_tokens: int, stop: list[str] | None
    ) -> RawCompletion:
        import anthropic as sdk

        system_blocks: list[TextBlockParam] | anthropic.Omit = sdk.omit
        if system:
            system_blocks = [{"type": "text", "text": system, "cache_control": {"type": "ephemeral"}}]
        try:
            reply = self.client.messages.create(
                model=self.name,
                max_tokens=max_tokens,
                messages=[_to_param(message) for message in messages],
                system=system_blocks,
                stop_sequences=stop if stop else sdk.omit,
            )
        except sdk.AnthropicError as exc:
            raise ModelError(describe_error(exc, self.name, timeout=self.timeout)) from exc
        usage = reply.usage
        return RawCompletion(
            text="".join(block.text for block in reply.content if block.type == "text"),
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cache_read_tokens=usage.cache_read_input_tokens or 0,
            cache_write_tokens=usage.cache_creation_input_tokens or 0,
            stop_reason=reply.stop_reason,
            model=reply.model,
        )


def _to_param(message: Message) -> MessageParam:
    if message["role"] == "assistant":
        return {"role": "assistant", "content": message["content"]}
    return {"role": "user", "content": message["content"]}


def describe_error(exc: anthropic.AnthropicError, model: str, *, timeout: float) -> str:
    """One line saying what went wrong with a call to ``model``, for a person."""
    import anthropic as sdk

    if isinstance(exc, sdk.APIStatusError):
        status = exc.status_code
        detail = error_detail(exc.api_message or exc.message)
        after = _after_attempts(exc.response.request.headers.get("x-stainless-retry-count"))
        if isinstance(exc, sdk.AuthenticationError):
            return f"anthropic rejected the API key (401): check {API_KEY_ENV}"
        if isinstance(exc, sdk.PermissionDeniedError):
            return f"anthropic denied access to {model} (403): {detail}"
        if isinstance(exc, sdk.NotFoundError):
            return f"anthropic does not know the model {model} (404): {detail}"
        if status == 429:
            return f"anthropic kept rate-limiting {model} (429){after}: {detail}"
        if status == 529:
            return f"anthropic stayed overloaded (529){after}: {detail}"
        if status >= 500:
            return f"anthropic server error ({status}){after}: {detail}"
        return f"anthropic rejected the request for {model} ({status}): {detail}"
    if isinstance(exc, sdk.APIConnectionError):
        after = _after_attempts(exc.request.headers.get("x-stainless-retry-count"))
        if isinstance(exc, sdk.APITimeoutError):
            return f"anthropic did not answer within {timeout:g}s{after}"
        cause = error_detail(str(exc.__cause__ or exc))
        return f"cannot reach anthropic{after}: {cause}"
    return f"anthropic client error: {error_detail(str(exc))}"


def _after_attempts(retry_count: str | None) -> str:
    """From the SDK's retry-count header: it counts retries, not attempts."""
    return after_attempts(int(retry_count) + 1 if retry_count and retry_count.isdigit() else 1)


def model_from_spec(target: str, *, prices: Mapping[str, Price] | None = None) -> AnthropicModel:
    """``anthropic:<model>``, e.g. ``anthropic:claude-sonnet-5-5``."""
    if not target:
        raise UsageError("anthropic needs a model name: anthropic:<model>")
    return AnthropicModel(target, prices=prices)
