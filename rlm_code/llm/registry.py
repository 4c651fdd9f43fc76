"""Model specs (``provider:target``) to models, through one registry dict.

``PROVIDERS`` is the single list of providers: help texts and error messages are derived from
it (``describe_providers``). The provider modules are light; each imports its SDK only when a
model is made.

There is deliberately no ``offline`` provider: running without a model is the agent's
business (its offline supervisor), not a model client, so ``make_model("offline")`` is an
unknown spec like any other.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from typing import NamedTuple, Protocol

from ..errors import UsageError
from . import anthropic, openai_compat, scripted
from .base import Model
from .pricing import DEFAULT_SUPERVISOR, DEFAULT_WORKER, Price

__all__ = ["PROVIDERS", "Provider", "default_models", "default_worker", "describe_providers", "make_model"]


class _Factory(Protocol):
    def __call__(self, target: str, *, prices: Mapping[str, Price] | None = None) -> Model: ...


class Provider(NamedTuple):
    """A provider's factory, the shape of its target, and the worker target it pairs with a
    supervisor's target (None: no default worker)."""

    factory: _Factory
    target: str
    worker: Callable[[str], str | None]


def _small_claude(target: str) -> str:
    return DEFAULT_WORKER


def _same_model(target: str) -> str:
    """An OpenAI-compatible server's smaller model is unknown, so the worker is the supervisor."""
    return target


def _no_worker(target: str) -> None:
    """A replayed session's worker replies must be scripted too: none is guessed."""
    return None


PROVIDERS: dict[str, Provider] = {
    "anthropic": Provider(anthropic.model_from_spec, "<model>", _small_claude),
    "openai": Provider(openai_compat.model_from_spec, "<model>@<base_url>", _same_model),
    "scripted": Provider(scripted.model_from_spec, "<file.json>", _no_worker),
}


def describe_providers() -> str:
    """``anthropic:<model>, openai:<model>@<base_url>, scripted:<file.json>``, for help texts."""
    return ", ".join(f"{name}:{provider.target}" for name, provider in PROVIDERS.items())


def make_model(spec: str, *, prices: Mapping[str, Price] | None = None) -> Model:
    """The model a spec names, e.g. ``anthropic:claude-sonnet-5-5``.

    ``prices`` adds or overrides prices (see ``pricing``). Raises ``UsageError`` for a malformed
    spec or an unknown provider, ``ModelError`` when the provider cannot be set up (no API key).
    """
    name, colon, target = spec.strip().partition(":")
    provider = PROVIDERS.get(name)
    if not colon or provider is None:
        problem = "has no provider" if not colon else f"names an unknown provider {name!r}"
        raise UsageError(f"the model spec {spec!r} {problem}; use one of: {describe_providers()}")
    if not target.strip():
        raise UsageError(f"the model spec {spec!r} names no target; write {name}:{provider.target}")
    return provider.factory(target.strip(), prices=prices)


def default_worker(supervisor: str) -> str | None:
    """The worker spec that goes with a supervisor spec when none is given: always of the
    supervisor's provider, so repository text never goes to a provider the user did not pick.
    None for a spec of no known provider, or a provider with no default worker."""
    name, _, target = supervisor.strip().partition(":")
    provider = PROVIDERS.get(name)
    worker = provider.worker(target.strip()) if provider is not None and target.strip() else None
    return f"{name}:{worker}" if worker else None


def default_models(env: Mapping[str, str] | None = None) -> tuple[str | None, str | None]:
    """(supervisor spec, worker spec): Anthropic's defaults when ``ANTHROPIC_API_KEY`` is set,
    else ``(None, None)`` and the caller decides what running without a model means."""
    environ = os.environ if env is None else env
    if environ.get("ANTHROPIC_API_KEY"):
        return f"anthropic:{DEFAULT_SUPERVISOR}", f"anthropic:{DEFAULT_WORKER}"
    return None, None
