"""Model specs: parsing, lazy provider imports, errors derived from the registry, defaults."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from rlm_code.errors import ModelError, UsageError
from rlm_code.llm import (
    PROVIDERS,
    AnthropicModel,
    OpenAICompatModel,
    Price,
    ScriptedModel,
    default_models,
    default_worker,
    describe_providers,
    make_model,
)


def test_the_help_text_is_derived_from_the_registry() -> None:
    assert describe_providers() == "anthropic:<model>, openai:<model>@<base_url>, scripted:<file.json>"
    assert set(PROVIDERS) == {"anthropic", "openai", "scripted"}


def test_an_anthropic_spec_makes_a_priced_claude_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANTHROPIC_API_KEY", "test")
    model = make_model("anthropic:claude-haiku-5-5")
    assert isinstance(model, AnthropicModel)
    assert model.name == "claude-haiku-5-5"
    assert model.price is not None and model.price.input == 0.10


def test_an_anthropic_spec_without_a_key_is_a_model_error() -> None:
    with pytest.raises(ModelError, match="ANTHROPIC_API_KEY"):
        make_model("anthropic:claude-sonnet-5-5")


def test_an_openai_spec_splits_model_and_base_url_at_the_url() -> None:
    model = make_model("openai:llama3.1:8b@http://localhost:11434/v1")
    assert isinstance(model, OpenAICompatModel)
    assert model.name == "llama3.1:8b"
    assert model.url == "http://localhost:11434/v1/chat/completions"
    assert model.price is None


def test_prices_passed_in_reach_the_model() -> None:
    price = Price(input=0.0, output=0.0, cache_write=0.0, cache_read=0.0)
    model = make_model("openai:qwen3@https://gpu.internal/v1", prices={"qwen3": price})
    assert isinstance(model, OpenAICompatModel)
    assert model.price == price


def test_a_scripted_spec_reads_its_replies_file(tmp_path: Path) -> None:
    path = tmp_path / "replies.json"
    path.write_text(json.dumps(["FINAL('main')"]))
    model = make_model(f"scripted:{path}")
    assert isinstance(model, ScriptedModel)
    assert model.replies == ("FINAL('main')",)


@pytest.mark.parametrize(
    ("spec", "complaint"),
    [
        ("offline", "has no provider"),
        ("claude-sonnet-5-5", "has no provider"),
        ("gpt:gpt-5", "names an unknown provider 'gpt'"),
        ("", "has no provider"),
    ],
)
def test_a_spec_without_a_known_provider_lists_the_known_ones(spec: str, complaint: str) -> None:
    with pytest.raises(UsageError) as caught:
        make_model(spec)
    message = str(caught.value)
    assert complaint in message
    assert message.endswith(f"use one of: {describe_providers()}")
    assert caught.value.exit_code == 2


@pytest.mark.parametrize(
    ("spec", "complaint"),
    [
        ("anthropic:", "names no target; write anthropic:<model>"),
        ("scripted:  ", "names no target; write scripted:<file.json>"),
        ("openai:llama3.1", "openai needs <model>@<base_url>"),
        ("openai:@http://localhost:8000/v1", "openai needs <model>@<base_url>"),
        ("openai:llama3.1@localhost:8000", "openai needs <model>@<base_url>"),
    ],
)
def test_a_malformed_target_is_a_usage_error(spec: str, complaint: str) -> None:
    with pytest.raises(UsageError, match=complaint.replace("<", ".").replace(">", ".")):
        make_model(spec)


def test_defaults_are_claude_when_a_key_is_set() -> None:
    assert default_models({"ANTHROPIC_API_KEY": "sk-ant"}) == (
        "anthropic:claude-sonnet-5-5",
        "anthropic:claude-haiku-5-5",
    )
    assert default_models({}) == (None, None)
    assert default_models({"ANTHROPIC_API_KEY": ""}) == (None, None)


@pytest.mark.parametrize(
    ("supervisor", "worker"),
    [
        ("anthropic:claude-opus-5-5", "anthropic:claude-haiku-5-5"),
        ("openai:qwen2.5-coder@http://localhost:8000/v1", "openai:qwen2.5-coder@http://localhost:8000/v1"),
        ("scripted:replies.json", None),
        ("nosuch:model", None),
        ("anthropic:", None),
    ],
)
def test_the_default_worker_is_of_the_supervisors_provider(supervisor: str, worker: str | None) -> None:
    assert default_worker(supervisor) == worker


def test_a_provider_is_imported_only_when_a_spec_names_it(tmp_path: Path) -> None:
    path = tmp_path / "replies.json"
    path.write_text('["ok"]')
    code = (
        "import sys; from rlm_code.llm import make_model; "
        f"make_model({f'scripted:{path}'!r}).complete([{{'role': 'user', 'content': 'hi'}}]); "
        "print(' '.join(sorted({name.split('.')[0] for name in sys.modules})))"
    )
    loaded = set(
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    )
    assert not loaded & {"anthropic", "httpx2", "httpx", "pydantic"}
