"""Model tests never reach a network and never read the user's keys or price files."""

from __future__ import annotations

import os

import pytest


@pytest.fixture(autouse=True)
def _no_provider_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith(("ANTHROPIC_", "OPENAI_")) or name == "RLM_CODE_PRICES":
            monkeypatch.delenv(name)
