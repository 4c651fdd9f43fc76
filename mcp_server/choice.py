"""Which models serve a tool call: the configured provider, else the client's (sampling), else none.

The server resolves its settings the way the CLI does (``rlm_code.config.load_settings``,
then ``default_models`` for the provider an API key implies) and makes those models once, at
start, so a missing key fails the start-up, not the first question. Each role falls back on
its own: with no worker configured, a client that offers sampling serves the worker calls.
With neither, ``ask`` runs the offline supervisor and ``llm_query`` answers with an error
string; the ``note`` says which happened and why.

Models are never chosen by the client: a model spec names a URL the server would send the
repository to (with the server's API key) or a file it would read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mcp.server.mcpserver import Context

from rlm_code.agent import supervisor_spec, worker_spec
from rlm_code.config import Settings
from rlm_code.llm import Model, make_model

from .sampling import SamplingChannel, SamplingModel, sampling_channel, sampling_unavailable

__all__ = ["SAMPLING_NOTE", "CallModels", "ConfiguredModels"]

SAMPLING_NOTE = (
    "The client's model served the calls no configured model could (MCP sampling); the client"
    " reports no token counts, so those calls show 0 tokens and an unknown cost."
)


@dataclass(frozen=True)
class CallModels:
    """The models for one tool call; None where a role has no model (``missing`` says why)."""

    supervisor: Model | None
    worker: Model | None
    sampled: bool
    why_no_sampling: str | None
    channel: SamplingChannel | None = field(default=None, repr=False)

    def withdraw(self) -> None:
        """The call ends: withdraw its sampling requests still waiting (call on the event loop)."""
        if self.channel is not None:
            self.channel.close()

    def missing(self, role: str) -> str:
        """Why ``role`` (``supervisor`` or ``worker``) has no model, for users."""
        flag = "--model" if role == "supervisor" else "--worker-model"
        why = self.why_no_sampling or "sampling is unavailable"
        return (
            f"no {role} model: none is configured on the server (set ANTHROPIC_API_KEY, or start it"
            f" with {flag}) and {why}"
        )


@dataclass(frozen=True)
class ConfiguredModels:
    """The models the server's settings name, made once when the server starts."""

    supervisor: Model | None
    worker: Model | None

    @classmethod
    def from_settings(cls, settings: Settings) -> ConfiguredModels:
        supervisor, worker = supervisor_spec(settings), worker_spec(settings)
        return cls(make_model(supervisor) if supervisor else None, make_model(worker) if worker else None)

    def for_call(self, context: Context[Any, Any]) -> CallModels:
        """The models for this call, borrowing the client's model where none is configured."""
        if self.supervisor is not None and self.worker is not None:
            return CallModels(self.supervisor, self.worker, sampled=False, why_no_sampling=None)
        channel = sampling_channel(context)
        if channel is None:
            return CallModels(
                self.supervisor, self.worker, sampled=False, why_no_sampling=sampling_unavailable(context)
            )
        return CallModels(
            self.supervisor or SamplingModel(channel, role="supervisor"),
            self.worker or SamplingModel(channel, role="worker"),
            sampled=True,
            why_no_sampling=None,
            channel=channel,
        )
