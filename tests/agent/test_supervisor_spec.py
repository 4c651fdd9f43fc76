"""``supervisor_spec``: whether ``ask`` would use a model or the offline supervisor."""

from __future__ import annotations

import pytest

from rlm_code.agent import supervisor_spec
from rlm_code.config import Settings
from rlm_code.llm import DEFAULT_SUPERVISOR


def test_no_model_anywhere_means_offline() -> None:
    assert supervisor_spec(Settings()) is None
    assert supervisor_spec(Settings(model="offline")) is None


def test_the_settings_name_the_model() -> None:
    assert supervisor_spec(Settings(model="scripted:replies.json")) == "scripted:replies.json"


def test_an_api_key_in_the_environment_picks_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-not-used")
    assert supervisor_spec(Settings()) == f"anthropic:{DEFAULT_SUPERVISOR}"
    assert supervisor_spec(Settings(model="offline")) is None
