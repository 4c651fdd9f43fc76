"""Tokens read from a trace, and the repository's tokens."""

from __future__ import annotations

import math
from pathlib import Path

from rlm_code.agent import ask
from rlm_code.evals import repository_tokens, tokens_read
from rlm_code.repo import Repo
from rlm_code.repo.languages import language_for_path
from rlm_code.rlm.trace import read_trace


def test_tokens_read_count_what_came_back_into_prompts() -> None:
    events = [
        {"event": "start", "question": "q" * 1000},
        {"event": "sandbox", "depth": 0},
        {"event": "turn", "prompt_chars": 50_000, "response": "r" * 400},
        {"event": "cell", "output": "o" * 30, "error": None},
        {"event": "cell", "output": "", "error": "e" * 10},
        {"event": "sandbox", "depth": 1},  # a child RLM
        {"event": "turn", "depth": 1},
        {"event": "cell", "output": "x" * 20_000, "error": None, "depth": 1},  # shown cut to the limit
        {"event": "turn", "depth": 1},
        {"event": "cell", "output": "c" * 500, "error": None, "depth": 1},  # its last cell: never shown
        {"event": "sub_call", "kind": "llm_query", "prompt_chars": 200, "cached": False},
        {"event": "sub_call", "kind": "summarize_file", "prompt_chars": 5000, "cached": True},  # sent nothing
        {"event": "turn", "prompt_chars": 60_000},
        {"event": "cell", "output": "f" * 70, "error": None},  # printed as FINAL was called: never shown
        {"event": "final", "answer": "a" * 999},
    ]
    assert tokens_read(events) == math.ceil((30 + 10 + 8000 + 200) / 4)
    assert tokens_read(events, shown_chars=100) == math.ceil((30 + 10 + 100 + 200) / 4)
    assert tokens_read([]) == 0


def test_offline_runs_read_only_what_came_back_to_the_offline_supervisor(python_repo: Repo, tmp_path: Path) -> None:
    """The offline supervisor hands a helper's result straight to FINAL (nothing read), but a
    helper's error comes back to it for a second turn, and is counted."""
    found = tmp_path / "found.jsonl"
    ask(python_repo, "who calls Form.full_clean?", trace_path=found)
    assert tokens_read(read_trace(found)) == 0
    missing = tmp_path / "missing.jsonl"
    ask(python_repo, "who calls nosuchname?", trace_path=missing)
    cells = [e for e in read_trace(missing) if e["event"] == "cell"]
    assert "no definition named 'nosuchname'" in cells[0]["error"]
    assert tokens_read(read_trace(missing)) == math.ceil(len(cells[0]["error"]) / 4) > 0


def test_repository_tokens_are_source_bytes_over_four(python_repo: Repo) -> None:
    source = [p for p in python_repo.list_files().paths if language_for_path(p)]
    assert "shop/views.py" in source and "README.md" not in source
    size = sum((python_repo.root / p).stat().st_size for p in source)
    assert repository_tokens(python_repo) == math.ceil(size / 4) > 0
