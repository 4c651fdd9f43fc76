"""Reading a trace back: every event a reader relies on is checked as the file is read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rlm_code.errors import UsageError
from rlm_code.llm import Usage
from rlm_code.rlm.trace import Trace, read_trace, spent_before_failing

USAGE = {"input_tokens": 3, "output_tokens": 2, "cache_read_tokens": 0, "cache_write_tokens": 0, "cost_usd": None}


def write(path: Path, *events: object) -> Path:
    path.write_text("".join(json.dumps(event) + "\n" for event in events))
    return path


def test_what_a_trace_records_reads_back(tmp_path: Path) -> None:
    trace = Trace(tmp_path / "t.jsonl")
    trace.record("start", question="q?", model="m", worker_model="w", notes=[])
    trace.record("error", error="the provider is overloaded", iterations=2, sub_calls=1, usage=Usage(3, 2))
    trace.record("something-new", anything=1)  # a kind no reader knows is kept as it is
    trace.close()
    events = read_trace(tmp_path / "t.jsonl")
    assert [event["event"] for event in events] == ["start", "error", "something-new"]
    assert spent_before_failing(events) is None  # the error is not the last event
    spent = spent_before_failing(events[:2])
    assert spent is not None and (spent.iterations, spent.sub_calls, spent.usage) == (2, 1, Usage(3, 2))


@pytest.mark.parametrize(
    ("event", "problem"),
    [
        ({"question": "q?"}, "no 'event' name"),
        ({"event": "start", "model": "m", "worker_model": "w"}, "a 'start' event without a valid 'question'"),
        ({"event": "stop", "limit": "timeout", "detail": "x", "depth": "1"}, "a 'stop' event without a valid 'depth'"),
        (
            {"event": "turn", "iteration": 1, "prompt_chars": 9, "response": "r", "code": [], "latency_s": 0.1},
            "a 'turn' event without a valid 'usage'",
        ),
        (
            {"event": "error", "error": "x", "usage": {**USAGE, "input_tokens": "3"}},
            "a 'error' event without a valid 'input_tokens'",
        ),
        ({"event": "error", "error": "x", "usage": 3}, "a 'error' event whose 'usage' is not an object"),
    ],
)
def test_a_line_that_is_no_event_a_reader_can_use_is_bad_input(tmp_path: Path, event: object, problem: str) -> None:
    path = write(tmp_path / "t.jsonl", {"event": "sandbox", "containment": "x"}, event)
    with pytest.raises(UsageError) as caught:
        read_trace(path)
    assert str(caught.value) == f"{path}:2 is not a trace event ({problem})"
