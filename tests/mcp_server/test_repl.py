"""The repl tool: the supervisor's helpers, state per session, isolation between clients, and
sandbox processes that end with their session."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

import anyio
import pytest
from mcp import Client

from .conftest import HostModel, error_text, run, structured

MakeServer = Callable[..., Any]


def gone(pid: int, *, within: float = 10.0) -> bool:
    """Whether process ``pid`` has ended (and been reaped) within ``within`` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def pid_of(result: Any) -> int:
    return int(structured(result)["output"].split()[-1])


_PID = "import os\nprint(os.getpid())"


def test_the_repl_has_the_supervisors_helpers_and_keeps_variables(make_server: MakeServer) -> None:
    server, _ = make_server()

    async def main() -> list[dict[str, Any]]:
        async with Client(server, mode="legacy") as client:
            cells = [
                "sites = callers('Form.full_clean')\nprint([(s.path, s.line, s.caller) for s in sites.callers])",
                "print(format_callers(sites))",
                "len(outline('shop/models.py').definitions)",
                "FINAL({'callers': len(sites.callers)})",
                "print(undefined_name)",
            ]
            return [structured(await client.call_tool("repl", {"code": code})) for code in cells]

    listed, formatted, echoed, final, failed = run(main)
    assert listed["output"] == "[('shop/views.py', 21, 'login'), ('shop/views.py', 26, 'check')]\n"
    assert "- shop/views.py:21 in login (exact)" in formatted["output"]
    assert echoed["output"] == "8\n"
    assert final["final"] == {"callers": 2}
    assert "NameError" in failed["error"]
    assert len({cell["session"] for cell in (listed, formatted, echoed, final, failed)}) == 1


def test_the_list_helpers_take_a_limit(make_server: MakeServer) -> None:
    server, _ = make_server()
    code = (
        "cut = callers('shop/helpers.py:url_for', max_results=2)\n"
        "uses = references('shop/forms.py:Form', include_name_matches=True, max_results=1)\n"
        "print(len(cut.callers), cut.truncated, len(uses.callers), uses.truncated)"
    )

    async def main() -> dict[str, Any]:
        async with Client(server, mode="legacy") as client:
            return structured(await client.call_tool("repl", {"code": code}))

    assert run(main)["output"] == "2 True 1 True\n"


def test_a_stateless_client_keeps_its_variables_by_passing_the_session_back(make_server: MakeServer) -> None:
    server, _ = make_server()

    async def main() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        async with Client(server) as client:  # 2026-07-28: every request stands alone
            first = structured(await client.call_tool("repl", {"code": "x = 41"}))
            kept = structured(await client.call_tool("repl", {"code": "print(x + 1)", "session": first["session"]}))
            fresh = structured(await client.call_tool("repl", {"code": "print('x' in dir())"}))
            return first, kept, fresh

    first, kept, fresh = run(main)
    assert kept["output"] == "42\n" and kept["session"] == first["session"]
    assert fresh["output"] == "False\n" and fresh["session"] != first["session"]
    started = f"A new session started; pass session={first['session']!r} to run more code with these variables."
    assert first["note"] == started and kept["note"] is None


def test_one_clients_session_is_invisible_to_another(make_server: MakeServer) -> None:
    server, _ = make_server()

    async def main() -> None:
        async with Client(server, mode="legacy") as alice, Client(server, mode="legacy") as bob:
            mine = structured(await alice.call_tool("repl", {"code": "secret = 'alice'"}))
            theirs = structured(await bob.call_tool("repl", {"code": "print(secret)"}))
            assert "NameError" in theirs["error"] and theirs["session"] != mine["session"]
            stolen = await bob.call_tool("repl", {"code": "print(secret)", "session": mine["session"]})
            assert "no open REPL session" in error_text(stolen)
            assert structured(await alice.call_tool("repl", {"code": "print(secret)"}))["output"] == "alice\n"

    run(main)


def test_closing_a_client_ends_its_sandbox_process(make_server: MakeServer) -> None:
    server, service = make_server()

    async def main() -> tuple[int, int]:
        async with Client(server, mode="legacy") as leaving:
            async with Client(server, mode="legacy") as staying:
                other = pid_of(await staying.call_tool("repl", {"code": _PID}))
                pid = pid_of(await leaving.call_tool("repl", {"code": _PID}))
                assert not gone(pid, within=0)
            assert gone(other)  # the other client closed: its sandbox is gone, this one's is not
            assert not gone(pid, within=0)
            assert structured(await leaving.call_tool("repl", {"code": _PID}))["output"] == f"{pid}\n"
        return pid, other

    pid, _ = run(main)
    assert gone(pid) and len(service.sessions) == 0


def test_close_and_reset_end_the_sandbox_process(make_server: MakeServer) -> None:
    server, _ = make_server()

    async def main() -> None:
        async with Client(server) as client:
            first = await client.call_tool("repl", {"code": f"y = 1\n{_PID}"})
            handle, pid = structured(first)["session"], pid_of(first)
            reset = await client.call_tool(
                "repl", {"code": f"print('y' in dir())\n{_PID}", "session": handle, "reset": True}
            )
            assert structured(reset)["output"].startswith("False\n") and gone(pid)
            closed = structured(
                await client.call_tool("repl", {"close": True, "session": structured(reset)["session"]})
            )
            assert "its sandbox process has ended" in closed["note"] and gone(pid_of(reset))
            again = await client.call_tool("repl", {"code": "1", "session": structured(reset)["session"]})
            assert "no open REPL session" in error_text(again)

    run(main)


def test_llm_query_without_a_model_returns_an_error_string(make_server: MakeServer) -> None:
    server, _ = make_server()

    async def main() -> dict[str, Any]:
        async with Client(server) as client:
            code = "answers = llm_query_batched(['a', 'b'])\nprint(llm_query('hi'))\nprint(answers[1][:20])"
            return structured(await client.call_tool("repl", {"code": code}))

    cell = run(main)
    first, second, _ = cell["output"].split("\n")
    assert first.startswith("ERROR: no worker model: none is configured on the server") and "sampling" in first
    assert second == "ERROR: no worker mod" and cell["error"] is None


def test_llm_query_is_served_by_the_hosts_model_through_sampling(make_server: MakeServer) -> None:
    server, _ = make_server()
    host = HostModel(worker="HOST SAYS")

    async def main() -> dict[str, Any]:
        async with Client(server, mode="legacy", sampling_callback=host) as client:
            code = "print(llm_query('one'))\nprint(llm_query_batched(['two', 'three']))"
            return structured(await client.call_tool("repl", {"code": code}))

    cell = run(main)
    assert cell["output"] == "HOST SAYS one\n['HOST SAYS two', 'HOST SAYS three']\n"
    assert len(host.worker_requests) == 3


def test_long_output_is_cut_to_the_budget_with_a_note(make_server: MakeServer) -> None:
    server, _ = make_server(max_output=2000)

    async def main() -> Any:
        async with Client(server) as client:
            return await client.call_tool("repl", {"code": "print('x' * 50_000)"})

    result = run(main)
    cell = structured(result)
    assert cell["truncated"] and "print less, or slice" in cell["note"]
    assert len(result.content[0].text) <= 2000
    shown = len(cell["output"])  # the sandbox cut first, then the budget: the note counts both
    assert f"({50_001 - shown:,} characters cut in all)" in cell["note"]


@pytest.mark.parametrize("arguments", [{}, {"code": "   "}])
def test_a_call_without_code_is_an_error_result(make_server: MakeServer, arguments: dict[str, Any]) -> None:
    server, _ = make_server()

    async def main() -> str:
        async with Client(server) as client:
            return error_text(await client.call_tool("repl", arguments))

    assert "no code to run" in run(main)


def test_past_the_session_cap_the_oldest_stateless_session_makes_room(make_server: MakeServer) -> None:
    server, service = make_server(max_repl_sessions=2)

    async def main() -> None:
        async with Client(server) as client:
            oldest = await client.call_tool("repl", {"code": _PID})
            await client.call_tool("repl", {"code": "1"})
            structured(await client.call_tool("repl", {"code": "2"}))
            assert gone(pid_of(oldest)) and len(service.sessions) == 2
            again = await client.call_tool("repl", {"code": "1", "session": structured(oldest)["session"]})
            assert "no open REPL session" in error_text(again)

    run(main)


def test_past_the_session_cap_a_connections_session_is_never_taken(make_server: MakeServer) -> None:
    server, _ = make_server(max_repl_sessions=1)

    async def main() -> None:
        async with Client(server, mode="legacy") as first, Client(server, mode="legacy") as second:
            structured(await first.call_tool("repl", {"code": "kept = True"}))
            assert "too many REPL sessions" in error_text(await second.call_tool("repl", {"code": "1"}))
            assert structured(await first.call_tool("repl", {"code": "print(kept)"}))["output"] == "True\n"

    run(main)


def test_a_cell_that_raises_keyboard_interrupt_reports_it(make_server: MakeServer) -> None:
    server, _ = make_server()

    async def main() -> dict[str, Any]:
        async with Client(server) as client:
            return structured(await client.call_tool("repl", {"code": "raise KeyboardInterrupt"}))

    cell = run(main)
    assert cell["error"].rstrip().endswith("KeyboardInterrupt") and "TimeoutError" not in cell["error"]
    assert not cell["restarted"]


_STUBBORN_LOOP = (
    "while True:\n    try:\n        while True:\n            pass\n    except KeyboardInterrupt:\n        pass"
)


def test_a_cancelled_cell_is_interrupted_and_the_next_call_says_so(make_server: MakeServer) -> None:
    server, _ = make_server()

    async def main() -> tuple[dict[str, Any], float]:
        async with Client(server, mode="legacy") as client:
            structured(await client.call_tool("repl", {"code": "kept = 'yes'"}))
            with anyio.move_on_after(1):
                await client.call_tool("repl", {"code": "import time\ntime.sleep(20)"})
            started = time.monotonic()
            cell = structured(await client.call_tool("repl", {"code": "print(kept)"}))
            return cell, time.monotonic() - started

    cell, waited = run(main)
    assert waited < 10  # well before the 20 s the cancelled cell would have slept
    assert cell["output"] == "yes\n"
    assert cell["note"] == "The previous cell was cancelled and interrupted; variables are kept."


def test_a_cancelled_cell_that_ignores_the_interrupt_is_killed_and_the_next_call_says_so(
    make_server: MakeServer,
) -> None:
    server, _ = make_server()

    async def main() -> tuple[int, dict[str, Any], float]:
        async with Client(server, mode="legacy") as client:
            pid = pid_of(await client.call_tool("repl", {"code": f"kept = 1\n{_PID}"}))
            with anyio.move_on_after(1):
                await client.call_tool("repl", {"code": _STUBBORN_LOOP})
            started = time.monotonic()
            cell = structured(await client.call_tool("repl", {"code": "print('kept' in dir())"}))
            return pid, cell, time.monotonic() - started

    pid, cell, waited = run(main)
    assert waited < 15 and gone(pid)  # well before the cell's 30 s limit
    assert cell["output"] == "False\n" and "all variables and scratch files were lost" in cell["note"]


def test_close_during_a_running_cell_kills_its_process_at_once(make_server: MakeServer) -> None:
    server, _ = make_server()

    async def main() -> tuple[dict[str, Any], dict[str, Any], float]:
        async with Client(server, mode="legacy") as client:
            pid = pid_of(await client.call_tool("repl", {"code": _PID}))
            running: dict[str, Any] = {}

            async def loop() -> None:
                running.update(structured(await client.call_tool("repl", {"code": _STUBBORN_LOOP})))

            async with anyio.create_task_group() as tasks:
                tasks.start_soon(loop)
                await anyio.sleep(1)
                started = time.monotonic()
                closed = structured(await client.call_tool("repl", {"close": True}))
                took = time.monotonic() - started
                assert gone(pid, within=5)
            return closed, running, took

    closed, running, took = run(main)
    assert took < 15  # well before the cell's 30 s limit
    assert closed["note"] == "The session is closed; its sandbox process has ended."
    assert running["error"].startswith("The sandbox process was killed by SIGKILL; the sandbox was closed")
