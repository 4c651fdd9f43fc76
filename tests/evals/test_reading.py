"""Tokens read from a trace, and the repository's tokens."""

from __future__ import annotations

import math

from rlm_code.evals import repository_tokens, tokens_read
from rlm_code.repo import Repo
from rlm_code.repo.languages import language_for_path


def test_tokens_read_count_what_came_back_into_prompts() -> None:
    events = [
        {"event": "start", "question": "q" * 1000},
        {"event": "turn", "prompt_chars": 50_000, "response": "r" * 400},
        {"event": "cell", "output": "o" * 30, "error": None},
        {"event": "cell", "output": "", "error": "e" * 10},
        {"event": "cell", "output": "x" * 20_000, "error": None, "depth": 1},  # shown cut to the limit
        {"event": "sub_call", "kind": "llm_query", "prompt_chars": 200, "cached": False},
        {"event": "sub_call", "kind": "summarize_file", "prompt_chars": 5000, "cached": True},  # sent nothing
        {"event": "final", "answer": "a" * 999},
    ]
    assert tokens_read(events) == math.ceil((30 + 10 + 8000 + 200) / 4)
    assert tokens_read(events, shown_chars=100) == math.ceil((30 + 10 + 100 + 200) / 4)
    assert tokens_read([]) == 0


def test_repository_tokens_are_source_bytes_over_four(python_repo: Repo) -> None:
    source = [p for p in python_repo.list_files().paths if language_for_path(p)]
    assert "shop/views.py" in source and "README.md" not in source
    size = sum((python_repo.root / p).stat().st_size for p in source)
    assert repository_tokens(python_repo) == math.ceil(size / 4) > 0
