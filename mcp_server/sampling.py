"""A :class:`~rlm_code.llm.Model` served by the MCP client's own model (MCP sampling).

With no provider configured on the server, a host that offers sampling lends its model to
the worker calls (and to the supervisor of ``ask``), so the server needs no API key. The
engine calls models synchronously from its worker threads, while the request to the client
must be sent from the server's event loop: :class:`SamplingChannel` crosses back with
``anyio.from_thread.run``, on the back-channel of the tool call being served, so the request
reaches the client on that call's stream (what streamable HTTP requires).

A request waits at most ten minutes (a host may ask its user to approve each one), and no
longer than the tool call that lent the model: when that call ends or is cancelled, the tool
withdraws its requests (:meth:`SamplingChannel.close`; the client is told they are cancelled)
and later ones fail at once, so an abandoned engine thread or a cancelled REPL cell is not
left waiting on the host.

Sampling needs a back-channel, which only handshake-era connections (protocol 2025-11-25 and
earlier) have: the 2026-07-28 protocol forbids server-initiated requests and deprecates
sampling. The host reports no token counts, so calls record zero tokens and an unknown cost;
budgets on calls, turns and time still hold.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import anyio
import anyio.from_thread
import anyio.lowlevel
import mcp.types as types
from mcp.server.mcpserver import Context
from mcp.shared.exceptions import MCPError
from mcp.shared.message import ServerMessageMetadata
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

from rlm_code.errors import ModelError
from rlm_code.llm import Message, ModelBase, RawCompletion

__all__ = [
    "SAMPLING_MODEL",
    "SamplingChannel",
    "SamplingModel",
    "Withdrawn",
    "sampling_channel",
    "sampling_unavailable",
]

SAMPLING_MODEL = "mcp-sampling"
"""The name sampled calls go by in answers, traces and the summary cache."""

Role = Literal["supervisor", "worker"]

_SECONDS_PER_CALL = 600.0  # a host may ask its user to approve each request
_PREFERENCES: dict[Role, types.ModelPreferences] = {
    "supervisor": types.ModelPreferences(intelligence_priority=0.9, speed_priority=0.3, cost_priority=0.3),
    "worker": types.ModelPreferences(intelligence_priority=0.3, speed_priority=0.8, cost_priority=0.8),
}


class Withdrawn(Exception):
    """The tool call that lent the client's model has ended, so its requests are withdrawn."""


@dataclass
class SamplingChannel:
    """The back-channel of one tool call, usable from any thread while that call runs."""

    context: Context[Any, Any]
    token: anyio.lowlevel.EventLoopToken
    _waiting: set[anyio.CancelScope] = field(default_factory=set)  # touched on the event loop only
    _closed: bool = False

    def create_message(self, params: types.CreateMessageRequestParams) -> types.CreateMessageResult:
        """Send ``sampling/createMessage`` from a worker thread and wait for the answer."""
        return anyio.from_thread.run(functools.partial(self._send, params), token=self.token)

    def close(self) -> None:
        """Withdraw the requests still waiting, and refuse later ones (call on the event loop)."""
        self._closed = True
        for scope in list(self._waiting):
            scope.cancel()

    async def _send(self, params: types.CreateMessageRequestParams) -> types.CreateMessageResult:
        session = self.context.request_context.session
        with anyio.CancelScope() as scope:
            if self._closed:
                scope.cancel()
            self._waiting.add(scope)
            try:
                with anyio.fail_after(_SECONDS_PER_CALL):
                    return await session.send_request(
                        types.CreateMessageRequest(params=params),
                        types.CreateMessageResult,
                        metadata=ServerMessageMetadata(related_request_id=self.context.request_id),
                    )
            finally:
                self._waiting.discard(scope)
        raise Withdrawn("the tool call that lent the client's model has ended")


def sampling_unavailable(context: Context[Any, Any]) -> str | None:
    """Why this call cannot sample the client's model, or None if it can."""
    capabilities = context.client_capabilities
    if capabilities is None or capabilities.sampling is None:
        return "the client does not offer MCP sampling"
    if context.protocol_version in MODERN_PROTOCOL_VERSIONS:
        return (
            f"the connection speaks protocol {context.protocol_version}, which has no server-to-client"
            " requests (sampling needs a 2025-11-25 or earlier session)"
        )
    if not context.request_context.session.can_send_request:
        return "the connection has no back-channel for sampling requests"
    return None


def sampling_channel(context: Context[Any, Any]) -> SamplingChannel | None:
    """A channel for this call's sampling requests; call from the tool's async body."""
    if sampling_unavailable(context) is not None:
        return None
    return SamplingChannel(context, anyio.lowlevel.current_token())


class SamplingModel(ModelBase):
    """A model call answered by the MCP client's model. Unpriced, and counts no tokens."""

    def __init__(self, channel: SamplingChannel, *, role: Role) -> None:
        super().__init__(SAMPLING_MODEL, price=None)
        self.channel = channel
        self.role: Role = role

    def _send(
        self, messages: list[Message], *, system: str | None, max_tokens: int, stop: list[str] | None
    ) -> RawCompletion:
        params = types.CreateMessageRequestParams(
            messages=[_sampling_message(m) for m in messages],
            system_prompt=system,
            max_tokens=max_tokens,
            stop_sequences=stop,
            model_preferences=_PREFERENCES[self.role],
            include_context="none",
        )
        try:
            result = self.channel.create_message(params)
        except MCPError as exc:
            raise ModelError(f"the client's model refused the request: {exc}") from exc
        except Withdrawn as exc:
            raise ModelError(str(exc)) from exc
        except TimeoutError as exc:
            raise ModelError(f"the client did not answer a sampling request within {_SECONDS_PER_CALL:g} s") from exc
        except (anyio.BrokenResourceError, anyio.ClosedResourceError, RuntimeError) as exc:
            raise ModelError(f"the client connection closed during a sampling request: {exc}") from exc
        return RawCompletion(
            text=_text_of(result.content),
            input_tokens=0,
            output_tokens=0,
            stop_reason=_stop_reason(result.stop_reason),
            model=f"{SAMPLING_MODEL}:{result.model}" if result.model else None,
        )


def _sampling_message(message: Message) -> types.SamplingMessage:
    role: Literal["user", "assistant"] = "assistant" if message["role"] == "assistant" else "user"
    return types.SamplingMessage(role=role, content=types.TextContent(type="text", text=message["content"]))


def _text_of(content: Any) -> str:
    blocks: Sequence[Any] = content if isinstance(content, list) else [content]
    texts = [block.text for block in blocks if isinstance(block, types.TextContent)]
    if not texts:
        kinds = ", ".join(sorted({type(block).__name__ for block in blocks})) or "no"
        raise ModelError(f"the client's model answered with {kinds} content, not text")
    return "".join(texts)


def _stop_reason(reason: str | None) -> str | None:
    return {"endTurn": "end_turn", "maxTokens": "max_tokens", "stopSequence": "stop_sequence"}.get(reason or "", reason)
