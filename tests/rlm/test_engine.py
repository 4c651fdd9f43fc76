"""The recursive engine with scripted models: real sandbox, real budgets, real traces."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx2
import pytest

from rlm_code.errors import UsageError
from rlm_code.llm import Model, OpenAICompatModel, Price, ScriptedModel
from rlm_code.rlm.budget import BudgetLimits
from rlm_code.rlm.engine import EngineConfig, Environment, WorkerCalls, run
from rlm_code.rlm.sandbox import Limits
from rlm_code.rlm.trace import Trace, read_trace


def repl(code: str) -> str:
    return f"Let me look.\n```repl\n{code}\n```"


def environment(tmp_path: Path) -> Environment:
    def helpers(calls: WorkerCalls) -> dict[str, Any]:
        return {
            "numbers": lambda: {"values": [3, 1, 2], "total": 3},
            "shout": lambda text: calls.query(f"shout {text}", kind="llm_query"),
        }

    return Environment(
        system_prompt="You explore with code.",
        first_message=lambda question: f"Shape: tiny.\nQuestion: {question}",
        helpers=helpers,
        read_only=[tmp_path],
        setup_code="def double(x):\n    return 2 * x\n",
    )


def engine(supervisor: Model, worker: ScriptedModel | None = None, **limits: Any) -> EngineConfig:
    caps = {
        "max_iterations": 10,
        "max_sub_calls": 100,
        "max_tokens": 1_000_000,
        "max_cost": None,
        "timeout": 60.0,
        **limits,
    }
    depth = caps.pop("max_depth", 1)
    return EngineConfig(
        supervisor=supervisor,
        worker=worker or ScriptedModel(["worker says hi"], name="worker"),
        limits=BudgetLimits(**caps),
        max_depth=depth,
        sandbox_limits=Limits(cell_timeout=10.0),
    )


def ask(tmp_path: Path, config: EngineConfig, question: str = "what?") -> Any:
    trace = Trace(tmp_path / "trace.jsonl")
    try:
        return run(question, config, environment(tmp_path), trace=trace)
    finally:
        trace.close()


def test_a_multi_turn_exploration_ends_with_final_var(tmp_path: Path) -> None:
    supervisor = ScriptedModel(
        [
            repl("data = numbers()\nprint(len(data.values), data['total'])"),
            repl(
                "best = sorted(data.values)\nsummary = f'sorted: {best}, doubled: {double(best[-1])}'\nprint(summary)"
            ),
            repl("FINAL_VAR('summary')"),
        ]
    )
    result = ask(tmp_path, engine(supervisor))
    assert result.answer == "sorted: [1, 2, 3], doubled: 6"
    assert (result.partial, result.stopped, result.iterations) == (False, None, 3)
    # Each turn saw the previous cell's printed output, and only that.
    assert "3 3" in supervisor.calls[1]["messages"][-1]["content"]
    assert "sorted: [1, 2, 3]" in supervisor.calls[2]["messages"][-1]["content"]
    assert supervisor.calls[0]["messages"][0]["content"].endswith("Question: what?")


def test_a_code_error_comes_back_and_the_model_recovers(tmp_path: Path) -> None:
    supervisor = ScriptedModel([repl("ratio = 1 / 0"), repl("FINAL('recovered after ' + 'the error')")])
    result = ask(tmp_path, engine(supervisor))
    assert result.answer == "recovered after the error"
    feedback = supervisor.calls[1]["messages"][-1]["content"]
    assert "ZeroDivisionError" in feedback


def test_final_in_prose_is_accepted(tmp_path: Path) -> None:
    supervisor = ScriptedModel([repl("x = 42"), "I have it.\nFINAL(the answer is 42)"])
    assert ask(tmp_path, engine(supervisor)).answer == "the answer is 42"


def test_a_reply_without_code_is_nudged(tmp_path: Path) -> None:
    supervisor = ScriptedModel(["Hmm, thinking.", repl("FINAL('done')")])
    assert ask(tmp_path, engine(supervisor)).answer == "done"
    assert "No ```repl block" in supervisor.calls[1]["messages"][-1]["content"]


def test_helpers_can_call_the_worker(tmp_path: Path) -> None:
    worker = ScriptedModel(["HELLO"], name="worker")
    supervisor = ScriptedModel([repl("FINAL(shout('hello'))")])
    result = ask(tmp_path, engine(supervisor, worker))
    assert result.answer == "HELLO" and result.sub_calls == 1
    assert worker.calls[0]["messages"][0]["content"] == "shout hello"


def test_a_batch_of_32_slow_worker_calls_runs_concurrently(tmp_path: Path) -> None:
    worker = ScriptedModel(["ok"], name="worker", delay=0.2)
    supervisor = ScriptedModel(
        [repl("answers = llm_query_batched([f'q{i}' for i in range(32)])\nFINAL(str(len(answers)) + ' ' + answers[0])")]
    )
    started = time.monotonic()
    result = ask(tmp_path, engine(supervisor, worker))
    elapsed = time.monotonic() - started
    assert result.answer == "32 ok" and result.sub_calls == 32
    assert elapsed < 32 * 0.2 / 3  # 8 at a time: about 4 rounds of 0.2 s, not 32


def test_one_failed_batch_item_does_not_fail_the_batch(tmp_path: Path) -> None:
    class Flaky(ScriptedModel):
        def complete(self, messages, **kwargs):  # type: ignore[no-untyped-def, override]
            if messages[0]["content"] == "bad":
                raise RuntimeError("the worker fell over")
            return super().complete(messages, **kwargs)

    supervisor = ScriptedModel([repl("r = llm_query_batched(['good', 'bad', 'good'])\nFINAL(' | '.join(r))")])
    result = ask(tmp_path, engine(supervisor, Flaky(["fine"], name="worker")))
    assert result.answer == "fine | ERROR: the worker fell over | fine"


def test_a_batch_past_the_sub_call_cap_keeps_the_answers_it_got(tmp_path: Path) -> None:
    """Three of ten items fit under the cap: the batch returns their answers and an error string
    for each refused item, the refused ones are no worker calls in the trace, and the closing
    prompt shows what the cell printed."""
    supervisor = ScriptedModel(
        [repl("answers = llm_query_batched([f'q{i}' for i in range(10)])\nprint(answers)"), "Three answers came."]
    )
    result = ask(tmp_path, engine(supervisor, ScriptedModel(["fine"], name="worker"), max_sub_calls=3))
    assert (result.partial, result.stopped, result.sub_calls) == (True, "max_sub_calls", 3)
    assert result.answer == "Three answers came."
    closing = supervisor.calls[-1]["messages"][-1]["content"]
    assert closing.count("'fine'") == 3 and closing.count("ERROR: not run, the run was stopped (max_sub_calls") == 7
    assert "The run was stopped" in closing
    sub_calls = [e for e in read_trace(tmp_path / "trace.jsonl") if e["event"] == "sub_call"]
    assert len(sub_calls) == 3
    assert all(e["error"] is None and e["response_chars"] == 4 and e["usage"]["input_tokens"] > 0 for e in sub_calls)


def test_a_worker_call_that_fails_is_traced_with_its_error(tmp_path: Path) -> None:
    class Broken(ScriptedModel):
        def complete(self, messages, **kwargs):  # type: ignore[no-untyped-def, override]
            raise RuntimeError("the worker fell over")

    supervisor = ScriptedModel([repl("print(llm_query_batched(['a']))\nFINAL('done')")])
    ask(tmp_path, engine(supervisor, Broken(["unused"], name="worker")))
    sub_calls = [e for e in read_trace(tmp_path / "trace.jsonl") if e["event"] == "sub_call"]
    assert [e["error"] for e in sub_calls] == ["the worker fell over"]


LOOPING = repl("print('still looking')")


@pytest.mark.parametrize(
    ("limits", "worker_code", "stopped"),
    [
        ({"max_iterations": 3}, None, "max_iterations"),
        ({"max_sub_calls": 5}, "for i in range(10):\n    llm_query(f'q{i}')", "max_sub_calls"),
        (
            {"max_tokens": 20_000, "max_sub_calls": 1000},
            "for i in range(500):\n    llm_query('x' * 400)",
            "max_tokens",
        ),
        ({"timeout": 1.5}, "import time\ntime.sleep(0.4)", "timeout"),
    ],
)
def test_each_limit_stops_the_run_with_a_partial_answer(
    tmp_path: Path, limits: dict[str, Any], worker_code: str | None, stopped: str
) -> None:
    supervisor = ScriptedModel([repl(worker_code) if worker_code else LOOPING])
    result = ask(tmp_path, engine(supervisor, **limits))
    assert result.partial and result.stopped == stopped
    if "max_tokens" in limits:
        assert result.usage.total_tokens <= limits["max_tokens"]
    if stopped == "max_sub_calls":
        assert result.sub_calls == limits["max_sub_calls"]


@pytest.mark.parametrize("slow", ["supervisor", "worker"])
def test_the_time_cap_bounds_the_wait_for_a_model_call(tmp_path: Path, slow: str) -> None:
    """A model that takes 30 s per call cannot hold a run with a 1 s cap: the call is abandoned
    and the run stops, partial; a slow supervisor's closing call gets only a short grace, so
    that answer is assembled."""
    slow_model = ScriptedModel(["never in time"], name=slow, delay=30.0)
    if slow == "supervisor":
        config = engine(slow_model, timeout=1.0)
    else:
        config = engine(ScriptedModel([repl("print(llm_query('hi'))")]), slow_model, timeout=1.0)
    started = time.monotonic()
    result = ask(tmp_path, config)
    assert time.monotonic() - started < 15  # well before the 30 s the model would take
    assert (result.partial, result.stopped) == (True, "timeout")
    if slow == "supervisor":
        assert result.answer.startswith("Stopped by timeout before an answer")


def test_the_time_cap_bounds_a_running_cell(tmp_path: Path) -> None:
    """A cell may run for 10 s, but the run has 2 s: the cell is interrupted when the run's time
    is up, and the run stops for its timeout, partial."""
    supervisor = ScriptedModel([repl("import time\ntime.sleep(200)"), "Nothing found yet."])
    started = time.monotonic()
    result = ask(tmp_path, engine(supervisor, timeout=2.0))
    assert time.monotonic() - started < 8  # not the 10 s cell limit, nor the 200 s sleep
    assert (result.partial, result.stopped, result.answer) == (True, "timeout", "Nothing found yet.")
    events = read_trace(tmp_path / "trace.jsonl")
    stop = next(e for e in events if e["event"] == "stop")
    assert stop["limit"] == "timeout" and "REPL cell" in stop["detail"]
    cell = next(e for e in events if e["event"] == "cell")
    assert cell["error"].startswith("Stopped: the run's time limit of 2 seconds was reached while the cell ran")
    assert "cancelled" not in supervisor.calls[-1]["messages"][-1]["content"]


def test_the_dollar_cap_is_never_overrun(tmp_path: Path) -> None:
    price = Price(input=10.0, output=10.0, cache_write=10.0, cache_read=10.0)  # $ per million tokens
    worker = ScriptedModel(["a" * 400], name="worker", price=price)
    supervisor = ScriptedModel([repl("for i in range(500):\n    llm_query('y' * 400)")], price=price)
    result = ask(tmp_path, engine(supervisor, worker, max_cost=0.5, max_sub_calls=1000))
    assert result.partial and result.stopped == "max_cost"
    assert result.usage.cost_usd is not None and result.usage.cost_usd <= 0.5


def test_an_unpriced_model_cannot_run_under_a_dollar_cap(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no price"):
        ask(tmp_path, engine(ScriptedModel([LOOPING]), max_cost=1.0))


def test_a_cap_over_the_priced_part_counts_the_priced_calls_past_unpriced_ones(tmp_path: Path) -> None:
    """A priced supervisor with an unpriced worker: each worker call leaves the run's cost
    unknown, yet the supervisor's own spend still adds up to the cap and stops the run."""
    price = Price(input=10_000.0, output=0.0, cache_write=10_000.0, cache_read=10_000.0)  # $0.01 per token in
    supervisor = ScriptedModel([repl("print(llm_query('look'))")], price=price)
    config = replace(engine(supervisor, max_cost=5.0, max_iterations=30), cost_cap_priced_only=True)
    result = ask(tmp_path, config)
    assert result.partial and result.stopped == "max_cost"
    assert result.sub_calls >= 2 and result.usage.cost_usd is None  # unknown, not a partial sum
    turns = [e for e in read_trace(tmp_path / "trace.jsonl") if e["event"] == "turn"]
    assert 0 <= turns[-1]["budget_left"]["cost_usd"] < 5.0
    assert sum(turn["usage"]["cost_usd"] for turn in turns) <= 5.0


def test_a_limit_hit_inside_a_child_rlm_stops_the_whole_tree(tmp_path: Path) -> None:
    child_supervisor = ScriptedModel([repl("print(len(context))")], name="worker")
    supervisor = ScriptedModel([repl("r = rlm_query('look into it', 'abc' * 10)\nFINAL(r)")])
    result = ask(tmp_path, engine(supervisor, child_supervisor, max_iterations=4, max_depth=2))
    assert result.partial and result.stopped == "max_iterations"
    events = read_trace(tmp_path / "trace.jsonl")
    assert {e["depth"] for e in events if e["event"] == "turn"} == {0, 1}
    assert "30" in child_supervisor.calls[1]["messages"][-1]["content"]  # the child read its context


def test_a_child_rlm_answers_its_parent(tmp_path: Path) -> None:
    child_supervisor = ScriptedModel([repl("FINAL(context.upper())")], name="worker")
    supervisor = ScriptedModel([repl("FINAL('child said ' + rlm_query('shout it', 'quiet'))")])
    result = ask(tmp_path, engine(supervisor, child_supervisor, max_depth=2))
    assert result.answer == "child said QUIET"


def test_past_the_depth_limit_rlm_query_is_a_worker_call(tmp_path: Path) -> None:
    worker = ScriptedModel(["plain worker answer"], name="worker")
    supervisor = ScriptedModel([repl("FINAL(rlm_query('q', 'ctx'))")])
    result = ask(tmp_path, engine(supervisor, worker))
    assert result.answer == "plain worker answer"
    assert worker.calls[0]["messages"][0]["content"] == "q\n\nctx"


def test_the_trace_records_every_step(tmp_path: Path) -> None:
    supervisor = ScriptedModel([repl("x = shout('a')\nprint(x)"), repl("FINAL(x)")])
    ask(tmp_path, engine(supervisor, ScriptedModel(["A"], name="worker")))
    events = read_trace(tmp_path / "trace.jsonl")
    kinds = [e["event"] for e in events]
    assert kinds[0] == "start" and kinds[-1] == "final"
    assert kinds.count("turn") == 2 and kinds.count("cell") == 2 and kinds.count("sub_call") == 1
    turn = next(e for e in events if e["event"] == "turn")
    assert turn["prompt_chars"] > 0 and "budget_left" in turn and turn["code"]
    sub_call = next(e for e in events if e["event"] == "sub_call")
    assert {"usage", "latency_s", "prompt_chars", "response_chars"} <= set(sub_call)
    json.dumps(events)


def test_older_turns_are_shortened_then_left_out_so_the_prompt_stops_growing(tmp_path: Path) -> None:
    """Four turns whole, eight shortened, the rest left out: from turn 14 on (twelve turns
    before it) every prompt is the same size, though every turn prints 3,000 characters."""
    turns = [repl(f"# turn {n:02}\nprint('{n % 10}' * 3000)") for n in range(20)] + [repl("FINAL('done')")]
    supervisor = ScriptedModel(turns)
    result = ask(tmp_path, engine(supervisor, max_iterations=30))
    assert result.answer == "done"
    prompts = [e["prompt_chars"] for e in read_trace(tmp_path / "trace.jsonl") if e["event"] == "turn"]
    assert len(prompts) == 21
    assert prompts[:13] == sorted(prompts[:13]) and len(set(prompts[:13])) == 13  # growing at first
    assert len(set(prompts[13:])) == 1  # then a ceiling
    last = supervisor.calls[-1]["messages"]
    assert last[0]["content"].startswith("Shape: tiny.\nQuestion: what?")  # the question is never cut
    assert "[turns 1-8 are left out" in last[0]["content"]
    assert "# turn 08" in last[1]["content"]  # the oldest turn shown
    outputs = [m["content"] for m in last if m["role"] == "user"][1:]
    assert len(outputs) == 12
    assert all("older message, shortened" in text for text in outputs[:8])
    assert all("shortened" not in text and len(text) > 3000 for text in outputs[8:])


def test_a_run_stopped_before_its_first_reply_asks_for_no_closing_answer(tmp_path: Path) -> None:
    supervisor = ScriptedModel([LOOPING])
    result = ask(tmp_path, engine(supervisor, timeout=0.000001))
    assert (result.partial, result.stopped, supervisor.calls) == (True, "timeout", [])
    assert result.answer.startswith("Stopped by timeout before an answer") and result.answer.endswith("(none)")


def test_a_closing_reply_that_is_only_code_is_not_the_answer(tmp_path: Path) -> None:
    """After a stop nothing runs: prose around a code block is the answer, a literal FINAL in a
    block is taken, and a reply of code alone gives the answer assembled from the findings."""
    looping = repl("print('found: parse is called from main')")
    cases = {
        "Best guess: main calls parse.\n```repl\nprint(callers('parse'))\n```": "Best guess: main calls parse.",
        "```repl\nFINAL('main calls parse (unverified)')\n```": "main calls parse (unverified)",
        "```repl\nprint(callers('parse'))\n```": "Stopped by max_iterations before an answer",
        "```repl\nx = callers('parse')\nFINAL('main calls parse')": "main calls parse",  # left open
        "```bash\ngrep -rn parse .\n```": "Stopped by max_iterations before an answer",
        "Best guess: main calls parse.\n```sh\ngrep -rn parse\n```": "Best guess: main calls parse.",
        'I am fairly sure.\nFINAL("main calls parse")': "main calls parse",
        "Main calls parse.\nFINAL(answer)": "Main calls parse.",
    }
    for number, (closing, expected) in enumerate(cases.items()):
        folder = tmp_path / str(number)
        folder.mkdir()
        supervisor = ScriptedModel([looping, looping, closing])
        result = ask(folder, engine(supervisor, max_iterations=2))
        assert result.partial and result.answer.startswith(expected), result.answer
        assert "```" not in result.answer and "FINAL" not in result.answer and "grep" not in result.answer
        assembled = expected.startswith("Stopped by")
        assert result.answer == expected or (assembled and "found: parse is called from main" in result.answer)
        roles = [m["role"] for m in supervisor.calls[-1]["messages"]]
        assert roles == ["user", "assistant"] * 2 + ["user"]  # the last outputs and the stop, in one message


def test_a_closing_call_the_provider_fails_still_gives_the_findings(tmp_path: Path) -> None:
    """A provider error (HTTP 400) on the best-effort call after a stop does not lose the run:
    the answer is assembled from the last findings, partial, and the trace says the call failed."""
    replies = iter([repl("print('found: parse is called from main')")] * 2)

    def answer(request: httpx2.Request) -> httpx2.Response:
        text = next(replies, None)
        if text is None:
            return httpx2.Response(400, json={"error": {"message": "context too long"}})
        message = {"role": "assistant", "content": text}
        usage = {"prompt_tokens": 10, "completion_tokens": 10}
        return httpx2.Response(200, json={"choices": [{"message": message, "finish_reason": "stop"}], "usage": usage})

    client = httpx2.Client(transport=httpx2.MockTransport(answer))
    supervisor = OpenAICompatModel("qwen", "http://localhost:8000/v1", client=client)
    result = ask(tmp_path, engine(supervisor, max_iterations=2))
    assert (result.partial, result.stopped) == (True, "max_iterations")
    assert result.answer.startswith("Stopped by max_iterations") and "parse is called from main" in result.answer
    events = read_trace(tmp_path / "trace.jsonl")
    failed = [e for e in events if e["event"] == "closing_error"]
    assert len(failed) == 1 and "context too long" in failed[0]["error"] and failed[0]["error_type"] == "ModelError"
    assert events[-1]["event"] == "final"
