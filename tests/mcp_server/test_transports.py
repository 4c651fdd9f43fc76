"""rlm-code mcp as a process: over stdio (only protocol on stdout) and over streamable HTTP
(50 concurrent calls, the bearer token, the Host check), plus its usage errors."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from mcp_server import TOOLS

from ..conftest import run_cli
from .conftest import FIXTURE, run, structured

TOKEN = "test-token-0123456789"
HANDSHAKE = [
    {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": "2025-11-25",
            "capabilities": {},
            "clientInfo": {"name": "raw", "version": "1"},
        },
    },
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
]
"""What a host sends first over stdio, written out by hand."""


def rlm_code(*args: str, **options: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "rlm_code", *args],
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        **options,
    )


def test_stdout_carries_nothing_but_the_protocol() -> None:
    messages = [
        *HANDSHAKE,
        {
            "jsonrpc": "2.0",
            "id": 2,
            "method": "tools/call",
            "params": {"name": "callers", "arguments": {"target": "Form.full_clean"}},
        },
        {
            "jsonrpc": "2.0",
            "id": 3,
            "method": "tools/call",
            "params": {"name": "read_file", "arguments": {"path": "../../etc/passwd"}},
        },
        {
            "jsonrpc": "2.0",
            "id": 4,
            "method": "tools/call",
            "params": {
                "name": "repl",
                "arguments": {"code": "import sys\nprint('to stdout')\nprint('to stderr', file=sys.stderr)"},
            },
        },
        {
            "jsonrpc": "2.0",
            "id": 5,
            "method": "tools/call",
            "params": {"name": "no_such_tool", "arguments": {}},
        },
    ]
    process = rlm_code("mcp", str(FIXTURE))
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("".join(json.dumps(m) + "\n" for m in messages))
    process.stdin.flush()
    replies: dict[int, Any] = {}
    while len(replies) < 5:  # a host keeps stdin open until it has its answers
        line = process.stdout.readline()
        assert line, process.stderr.read() if process.stderr else ""
        reply = json.loads(line)  # every line on stdout is a protocol message
        replies[reply["id"]] = reply
    _, stderr = process.communicate("", timeout=30)
    assert set(replies) == {1, 2, 3, 4, 5}, stderr
    assert all(reply["jsonrpc"] == "2.0" for reply in replies.values())
    assert len(replies[2]["result"]["structuredContent"]["callers"]) == 2
    assert replies[3]["result"]["isError"] and "outside the repository" in replies[3]["result"]["content"][0]["text"]
    assert replies[4]["result"]["structuredContent"]["output"] == "to stdout\nto stderr\n"
    assert replies[5]["result"]["isError"]
    assert process.returncode == 0


@pytest.fixture
def http_server() -> Iterator[str]:
    """``rlm-code mcp --http --port 0 --token``; yields the URL it announces."""
    process = rlm_code("mcp", str(FIXTURE), "--http", "--port", "0", "--token", TOKEN)
    assert process.stderr is not None
    try:
        line = process.stderr.readline()
        match = re.search(r"serving .* at (http://127\.0\.0\.1:\d+/mcp)$", line.strip())
        assert match, line + (process.stderr.read() if process.poll() is not None else "")
        yield match.group(1)
    finally:
        process.terminate()
        process.wait(10)


_CALLS: list[tuple[str, dict[str, Any], Any]] = [
    (
        "callers",
        {"target": "Form.full_clean"},
        lambda r: [(s["path"], s["line"]) for s in r["callers"]] == [("shop/views.py", 21), ("shop/views.py", 26)],
    ),
    ("callees", {"target": "views.login"}, lambda r: [c["line"] for c in r["callees"]] == [20, 21, 22]),
    (
        "read_file",
        {"path": "shop/views.py", "start": 21, "end": 21},
        lambda r: r["text"] == "    form.full_clean()",
    ),
    (
        "importers",
        {"module": "shop.utils.text"},
        lambda r: [s["path"] for s in r["importers"]] == ["shop/helpers.py", "shop/views.py"],
    ),
    ("outline", {"path": "shop/routing.py"}, lambda r: r["definitions"][0]["qualname"] == "Router"),
]


@pytest.mark.parametrize("mode", ["legacy", "auto"])
def test_fifty_concurrent_calls_over_http_are_all_answered_correctly(http_server: str, mode: str) -> None:
    async def main() -> list[bool]:
        answers: dict[int, bool] = {}
        headers = {"Authorization": f"Bearer {TOKEN}"}
        async with (
            httpx2.AsyncClient(headers=headers) as http,
            Client(streamable_http_client(http_server, http_client=http), mode=mode) as client,
        ):
            assert len((await client.list_tools()).tools) == len(TOOLS)

            async def one(number: int) -> None:
                name, arguments, check = _CALLS[number % len(_CALLS)]
                answers[number] = check(structured(await client.call_tool(name, arguments)))

            async with anyio.create_task_group() as group:
                for number in range(50):
                    group.start_soon(one, number)
        return [answers[number] for number in range(50)]

    assert run(main) == [True] * 50


def test_http_refuses_a_missing_or_wrong_token_and_a_foreign_host(http_server: str) -> None:
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    headers = {"Accept": "application/json, text/event-stream", "Content-Type": "application/json"}
    assert httpx2.post(http_server, json=body, headers=headers).status_code == 401
    wrong = {**headers, "Authorization": "Bearer not-the-token"}
    assert httpx2.post(http_server, json=body, headers=wrong).status_code == 401
    foreign = {**headers, "Authorization": f"Bearer {TOKEN}", "Host": "attacker.example"}
    assert httpx2.post(http_server, json=body, headers=foreign).status_code in (400, 403, 421)


def test_usage_errors_exit_2_with_one_line() -> None:
    unknown = run_cli("mcp", FIXTURE, "--tools", "callers,nope")
    assert unknown.returncode == 2
    assert unknown.stderr == f"rlm-code: error: unknown tool 'nope'; known tools: {', '.join(TOOLS)}\n"
    missing = run_cli("mcp", FIXTURE / "no-such-folder")
    assert missing.returncode == 2 and "no such folder" in missing.stderr


def test_the_process_ends_cleanly_when_the_host_closes_stdin() -> None:
    process = rlm_code("mcp", str(FIXTURE), env={**os.environ})
    _, stderr = process.communicate("", timeout=30)
    assert process.returncode == 0, stderr


def test_the_process_ends_at_once_when_the_host_closes_stdin_during_a_cell() -> None:
    messages = [
        *HANDSHAKE,
        {
            "jsonrpc": "2.0",
            "id": 2,
            "method": "tools/call",
            "params": {"name": "repl", "arguments": {"code": "while True: pass"}},
        },
    ]
    process = rlm_code("mcp", str(FIXTURE))
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("".join(json.dumps(m) + "\n" for m in messages))
    process.stdin.flush()
    assert json.loads(process.stdout.readline())["id"] == 1
    time.sleep(1)  # the cell is running (or about to)
    started = time.monotonic()
    _, stderr = process.communicate("", timeout=60)
    assert time.monotonic() - started < 15, stderr  # well before the cell's 30 s limit
    assert process.returncode == 0, stderr
