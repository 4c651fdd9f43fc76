"""ask and summarize_file: offline, with configured (scripted) models, and with the host's
model through MCP sampling."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import mcp.types as types
from mcp import Client

from rlm_code.llm import ScriptedModel
from rlm_code.rlm.trace import read_trace

from .conftest import HostModel, error_text, run, structured

MakeServer = Callable[..., Any]

_DELEGATE = (
    "```repl\nsites = callers('Form.full_clean')\n"
    "FINAL(llm_query(f'Name the callers: {[s.caller for s in sites.callers]}'))\n```"
)


def test_offline_ask_answers_structural_questions_and_says_why(make_server: MakeServer) -> None:
    server, _ = make_server()

    async def main() -> dict[str, Any]:
        async with Client(server) as client:
            return structured(await client.call_tool("ask", {"question": "who calls Form.full_clean?"}))

    answer = run(main)
    assert "- shop/views.py:21 in login (exact)" in answer["answer"]
    assert "- shop/views.py:26 in check (exact)" in answer["answer"]
    assert (answer["model"], answer["partial"], answer["usage"]["input_tokens"]) == ("offline", False, 0)
    assert answer["note"].startswith("Answered by the offline supervisor")
    assert "does not offer MCP sampling" in answer["note"]
    assert answer["trace_id"] and answer["trace"].endswith(f"{answer['trace_id']}.jsonl")
    assert any(event["event"] == "final" for event in read_trace(Path(answer["trace"])))


def test_offline_ask_refuses_an_open_question_with_what_would_answer_it(make_server: MakeServer) -> None:
    server, _ = make_server()

    async def main() -> str:
        async with Client(server) as client:
            return error_text(await client.call_tool("ask", {"question": "how does a request reach the database?"}))

    message = run(main)
    assert "this question needs a model" in message and "ANTHROPIC_API_KEY" in message and "sampling" in message


def test_ask_with_sampling_lets_the_hosts_model_supervise_and_work(make_server: MakeServer) -> None:
    server, _ = make_server()
    host = HostModel(supervisor=[_DELEGATE])
    events: list[str] = []

    async def progress(value: float, total: float | None, message: str | None) -> None:
        events.append(message or "")

    async def main() -> dict[str, Any]:
        async with Client(server, mode="legacy", sampling_callback=host) as client:
            question = {"question": "how is Form.full_clean used?"}
            return structured(await client.call_tool("ask", question, progress_callback=progress))

    answer = run(main)
    assert answer["answer"] == "WORKER: Name the callers: ['login', 'check']"
    assert answer["model"] == answer["worker_model"] == "mcp-sampling"
    assert (answer["iterations"], answer["sub_calls"], answer["usage"]["cost_usd"]) == (1, 1, None)
    assert "MCP sampling" in answer["note"]
    supervisor_request = host.requests[0]
    assert supervisor_request.model_preferences and supervisor_request.model_preferences.intelligence_priority == 0.9
    assert [p.model_preferences.speed_priority for p in host.worker_requests] == [0.8]  # type: ignore[union-attr]
    assert "turn 1" in events and any(e.startswith("running: sites = callers") for e in events)
    assert any(e.startswith("worker calls 1") for e in events)


def test_a_stateless_connection_cannot_sample_so_ask_answers_offline(make_server: MakeServer) -> None:
    server, _ = make_server()
    host = HostModel(supervisor=[_DELEGATE])

    async def main() -> dict[str, Any]:
        async with Client(server, sampling_callback=host) as client:  # 2026-07-28: no back-channel
            return structured(await client.call_tool("ask", {"question": "who calls Form.full_clean?"}))

    answer = run(main)
    assert answer["model"] == "offline" and "2026-07-28" in answer["note"]
    assert host.requests == []


def test_ask_uses_the_configured_models_and_the_client_can_only_tighten_budgets(
    make_server: MakeServer,
) -> None:
    never_done = "```repl\nprint(len(list_files().paths))\n```"
    supervisor, worker = ScriptedModel([never_done]), ScriptedModel(["unused"])
    server, _ = make_server(supervisor=supervisor, worker=worker)
    host = HostModel(supervisor=[_DELEGATE])

    async def main() -> dict[str, Any]:
        async with Client(server, mode="legacy", sampling_callback=host) as client:
            question = {"question": "what is here?", "max_iterations": 2, "max_depth": 5}
            return structured(await client.call_tool("ask", question))

    answer = run(main)
    assert (answer["partial"], answer["stopped"], answer["iterations"]) == (True, "max_iterations", 2)
    assert answer["model"] == "scripted" and answer["usage"]["input_tokens"] > 0
    assert host.requests == []  # configured models win over sampling
    assert answer["note"].startswith("Note: no dollar cap: no price is known for 'scripted'")  # and no other
    assert len(supervisor.calls) == 3  # two turns, then the closing best-effort call


def test_summarize_file_asks_the_worker_once_then_answers_from_the_cache(make_server: MakeServer) -> None:
    server, _ = make_server()
    host = HostModel(worker="SUMMARY:")

    async def main() -> list[dict[str, Any]]:
        async with Client(server, mode="legacy", sampling_callback=host) as client:
            return [structured(await client.call_tool("summarize_file", {"path": "shop/models.py"})) for _ in "ab"]

    first, second = run(main)
    assert first["summary"].startswith("SUMMARY: Summarise this python file, shop/models.py")
    assert (first["cached"], second["cached"], second["summary"]) == (False, True, first["summary"])
    assert first["model"] == "mcp-sampling" and "MCP sampling" in first["note"]
    assert len(host.worker_requests) == 1


def test_summarize_file_without_any_model_says_how_to_get_one(make_server: MakeServer) -> None:
    server, _ = make_server()

    async def main() -> str:
        async with Client(server) as client:
            return error_text(await client.call_tool("summarize_file", {"path": "shop/models.py"}))

    message = run(main)
    assert "no worker model" in message and "--worker-model" in message and "sampling" in message


def test_a_configured_supervisor_without_any_worker_is_told_why_worker_calls_fail(
    make_server: MakeServer,
) -> None:
    supervisor = ScriptedModel(["```repl\nprint(llm_query('x'))\n```", "```repl\nFINAL('done')\n```"])
    server, _ = make_server(supervisor=supervisor)

    async def main() -> dict[str, Any]:
        async with Client(server) as client:
            return structured(await client.call_tool("ask", {"question": "anything?"}))

    answer = run(main)
    assert answer["answer"] == "done" and answer["worker_model"] == "none"
    assert answer["note"].startswith("Worker calls failed in this run: no worker model")
    assert "no worker model is configured" in supervisor.calls[1]["messages"][-1]["content"]


def test_a_cancelled_ask_stops_its_run(make_server: MakeServer) -> None:
    supervisor = ScriptedModel(["```repl\nprint(1)\n```"], delay=0.1)  # never answers by itself
    server, _ = make_server(supervisor=supervisor, worker=ScriptedModel(["unused"]))

    async def main() -> None:
        async with Client(server, mode="legacy") as client:
            with anyio.move_on_after(0.5):
                await client.call_tool("ask", {"question": "what is here?"})
            await anyio.sleep(0.5)
            stopped_at = len(supervisor.calls)
            await anyio.sleep(0.6)
            assert len(supervisor.calls) == stopped_at < 10

    run(main)


def test_the_time_budget_bounds_a_sampling_call_and_the_request_is_withdrawn(make_server: MakeServer) -> None:
    """A host that takes 40 s to answer cannot hold ``ask`` past its timeout: the run stops as
    a partial answer, and the requests still waiting are cancelled on the host."""
    server, _ = make_server()
    withdrawn: list[types.CreateMessageRequestParams] = []

    async def slow_host(context: Any, params: types.CreateMessageRequestParams) -> types.CreateMessageResult:
        try:
            await anyio.sleep(40)
        except anyio.get_cancelled_exc_class():
            withdrawn.append(params)
            raise
        raise AssertionError("the request should have been withdrawn")

    async def main() -> tuple[dict[str, Any], float]:
        async with Client(server, mode="legacy", sampling_callback=slow_host) as client:
            started = anyio.current_time()
            answer = structured(await client.call_tool("ask", {"question": "explain it", "timeout": 2}))
            elapsed = anyio.current_time() - started
            with anyio.move_on_after(10):
                while not withdrawn:  # the supervisor's call (stopped before a reply: no closing call)
                    await anyio.sleep(0.05)
            await anyio.sleep(0.5)  # time for a closing call that should not come
            return answer, elapsed

    answer, elapsed = run(main)
    assert elapsed < 20  # well before the 40 s the host would take
    assert (answer["partial"], answer["stopped"]) == (True, "timeout")
    assert "a model call was still running" in answer["answer"]
    assert len(withdrawn) == 1


def test_a_dollar_cap_for_an_unpriced_model_tells_the_client_to_omit_it(make_server: MakeServer) -> None:
    """A client cannot pass flags: the refusal says what it can do, and nothing ran."""
    supervisor = ScriptedModel(["```repl\nFINAL('done')\n```"])
    server, _ = make_server(supervisor=supervisor, worker=ScriptedModel(["unused"]))

    async def main() -> str:
        async with Client(server, mode="legacy") as client:
            return error_text(await client.call_tool("ask", {"question": "what is here?", "max_cost": 1.0}))

    message = run(main)
    assert "no price is known for model 'scripted'" in message and "omit max_cost" in message
    assert "--max-cost" not in message and supervisor.calls == []
