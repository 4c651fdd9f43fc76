"""Model clients behind one small protocol; no knowledge of repositories or the REPL.

``Model.complete(messages, system=..., max_tokens=..., stop=...) -> Completion`` with the text,
the token ``Usage`` and its cost. Providers: Anthropic (``AnthropicModel``), any
OpenAI-compatible endpoint (``OpenAICompatModel``) and a scripted model for tests and demos
(``ScriptedModel``); ``make_model("provider:target")`` picks one from a spec.

Importing this package is cheap: the SDKs (anthropic, httpx2) load only when a model is made.
"""

from __future__ import annotations

from .anthropic import AnthropicModel
from .base import Completion, Message, Model, ModelBase, RawCompletion, SupportsClose, Usage, is_priced
from .openai_compat import OpenAICompatModel
from .pricing import (
    BUILTIN_PRICES,
    DEFAULT_SUPERVISOR,
    DEFAULT_WORKER,
    PRICES_AS_OF,
    LongPromptTier,
    Price,
    load_prices,
    lookup_price,
)
from .registry import PROVIDERS, Provider, default_models, default_worker, describe_providers, make_model
from .scripted import ScriptedCall, ScriptedModel

__all__ = [
    "BUILTIN_PRICES",
    "DEFAULT_SUPERVISOR",
    "DEFAULT_WORKER",
    "PRICES_AS_OF",
    "PROVIDERS",
    "AnthropicModel",
    "Completion",
    "LongPromptTier",
    "Message",
    "Model",
    "ModelBase",
    "OpenAICompatModel",
    "Price",
    "Provider",
    "RawCompletion",
    "ScriptedCall",
    "ScriptedModel",
    "SupportsClose",
    "Usage",
    "default_models",
    "default_worker",
    "describe_providers",
    "is_priced",
    "load_prices",
    "lookup_price",
    "make_model",
]
