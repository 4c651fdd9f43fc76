"""``supervisor_spec`` and ``worker_spec``: the models ``ask`` would use, or the offline supervisor."""

from __future__ import annotations

import pytest

from rlm_code.agent import supervisor_spec, worker_spec
from rlm_code.config import Settings
from rlm_code.llm import DEFAULT_SUPERVISOR, DEFAULT_WORKER


def test_no_model_anywhere_means_offline() -> None:
    assert supervisor_spec(Settings()) is None
    assert supervisor_spec(Settings(model="offline")) is None


def test_the_settings_name_the_model() -> None:
    assert supervisor_spec(Settings(model="scripted:replies.json")) == "scripted:replies.json"


def test_an_api_key_in_the_environment_picks_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-not-used")
    assert supervisor_spec(Settings()) == f"anthropic:{DEFAULT_SUPERVISOR}"
    assert supervisor_spec(Settings(model="offline")) is None


LOCAL = "openai:qwen2.5-coder@http://localhost:8000/v1"


@pytest.mark.parametrize("key", ["sk-test-not-used", None])
@pytest.mark.parametrize(
    ("supervisor", "worker"),
    [
        (LOCAL, LOCAL),  # no smaller model of that server is known: the same one
        ("anthropic:claude-opus-5-5", f"anthropic:{DEFAULT_WORKER}"),
        ("scripted:replies.json", None),  # a replay's worker is scripted explicitly, or absent
    ],
)
def test_the_default_worker_is_of_the_supervisors_provider(
    monkeypatch: pytest.MonkeyPatch, key: str | None, supervisor: str, worker: str | None
) -> None:
    """An Anthropic key in the environment never sends a local model's repository to Anthropic."""
    if key:
        monkeypatch.setenv("ANTHROPIC_API_KEY", key)
    else:
        monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    assert worker_spec(Settings(model=supervisor)) == worker


def test_a_worker_in_the_settings_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-not-used")
    assert worker_spec(Settings(model=LOCAL, worker_model="scripted:w.json")) == "scripted:w.json"
    assert worker_spec(Settings()) == f"anthropic:{DEFAULT_WORKER}"
    assert worker_spec(Settings(worker_model="offline")) is None
    monkeypatch.delenv("ANTHROPIC_API_KEY")
    assert worker_spec(Settings()) is None
