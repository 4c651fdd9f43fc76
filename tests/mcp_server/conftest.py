"""Servers over the Python fixture, and the client-side pieces a host brings: its model
(answering sampling requests) and its roots. Clients are the SDK's real ``Client``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import anyio
import mcp.types as types
import pytest
from mcp import Client
from mcp.server.mcpserver import MCPServer

from mcp_server import ServerOptions, Service, build_server
from mcp_server.choice import ConfiguredModels
from rlm_code.llm import Model

from ..conftest import FIXTURES

FIXTURE = FIXTURES / "python"
SUPERVISOR_PROMPT = "You answer questions about one code repository"

T = TypeVar("T")


def run(main: Callable[[], Awaitable[T]]) -> T:
    """Run an async test body."""
    return anyio.run(main)


@pytest.fixture
def make_server() -> Iterator[Callable[..., tuple[MCPServer, Service]]]:
    """``make_server(root=..., supervisor=..., worker=..., **options)``; closed after the test."""
    made: list[Service] = []

    def make(
        root: Path = FIXTURE, supervisor: Model | None = None, worker: Model | None = None, **options: Any
    ) -> tuple[MCPServer, Service]:
        server, service = build_server(ServerOptions(root=root, **options), models=ConfiguredModels(supervisor, worker))
        made.append(service)
        return server, service

    yield make
    for service in made:
        service.close()


def structured(result: types.CallToolResult) -> dict[str, Any]:
    """The structured content of a result that must have succeeded."""
    assert not result.is_error, result.content
    assert result.structured_content is not None
    return result.structured_content


def error_text(result: types.CallToolResult) -> str:
    """The message of a result that must be a tool error."""
    assert result.is_error, result.structured_content
    block = result.content[0]
    assert isinstance(block, types.TextContent)
    return block.text


class HostModel:
    """The host's model, as a sampling callback: the supervisor (asked with the system prompt)
    replies from a script, a worker replies with a fixed prefix and the prompt's first line."""

    def __init__(self, supervisor: list[str] | None = None, worker: str = "WORKER:") -> None:
        self.supervisor = list(supervisor or [])
        self.worker = worker
        self.requests: list[types.CreateMessageRequestParams] = []

    async def __call__(self, context: Any, params: types.CreateMessageRequestParams) -> types.CreateMessageResult:
        self.requests.append(params)
        if params.system_prompt and params.system_prompt.startswith(SUPERVISOR_PROMPT):
            text = self.supervisor.pop(0) if len(self.supervisor) > 1 else self.supervisor[0]
        else:
            content = params.messages[-1].content
            assert isinstance(content, types.TextContent)
            text = f"{self.worker} {content.text.splitlines()[0]}"
        return types.CreateMessageResult(
            role="assistant",
            content=types.TextContent(type="text", text=text),
            model="host-model",
            stop_reason="endTurn",
        )

    @property
    def worker_requests(self) -> list[types.CreateMessageRequestParams]:
        return [p for p in self.requests if not p.system_prompt]


def roots(*folders: Path) -> Callable[[Any], Awaitable[types.ListRootsResult]]:
    """A host's roots callback listing ``folders``."""

    async def list_roots(context: Any) -> types.ListRootsResult:
        return types.ListRootsResult(roots=[types.Root(uri=folder.resolve().as_uri()) for folder in folders])

    return list_roots


__all__ = ["FIXTURE", "Client", "HostModel", "error_text", "roots", "run", "structured"]
