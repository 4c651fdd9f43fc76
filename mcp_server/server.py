"""The MCP server for one repository: which tools it publishes, and its life cycle.

:func:`build_server` makes the ``MCPServer`` and the :class:`~.service.Service` behind it;
the same pair serves stdio, streamable HTTP, or an in-memory ``Client`` in tests. Indexing
starts when the first transport starts serving (the server's lifespan), and the REPL sessions
end when the last one stops.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from mcp.server.mcpserver import MCPServer

import rlm_code
from rlm_code.errors import UsageError

from .arguments import CheckedServer
from .asking import MODEL_TOOLS, register_model_tools
from .choice import ConfiguredModels
from .navigation import NAVIGATION_TOOLS, register_navigation
from .repl_tool import register_repl
from .service import ServerOptions, Service

__all__ = ["TOOLS", "build_server", "parse_tools"]

TOOLS = (*NAVIGATION_TOOLS, *MODEL_TOOLS, "repl")
"""Every tool the server can publish, in the order it lists them."""

_INSTRUCTIONS = """\
rlm-code serves one code repository, {root}, indexed with tree-sitter. Paths in and out are \
relative to the repository root. For who-calls, what-does-it-call, who-imports and where-used \
questions prefer callers, callees, importers and references to grep: they resolve imports, \
aliases and methods and give each site a confidence. Lists page with offset and limit; a result \
cut to the output budget says so in `note`. ask answers open questions with a recursive \
language model; repl lets you explore with Python yourself, with the same helpers."""


def parse_tools(spec: str | None) -> tuple[str, ...]:
    """The tools a ``--tools`` value names (comma-separated), checked; all when None."""
    if spec is None or not spec.strip():
        return TOOLS
    names = tuple(dict.fromkeys(name.strip() for name in spec.split(",") if name.strip()))
    unknown = [name for name in names if name not in TOOLS]
    if unknown:
        raise UsageError(f"unknown tool {unknown[0]!r}; known tools: {', '.join(TOOLS)}")
    return names


def build_server(options: ServerOptions, *, models: ConfiguredModels | None = None) -> tuple[MCPServer, Service]:
    """The server for ``options.root`` and its service. ``models`` default to the settings'."""
    service = Service(options, models or ConfiguredModels.from_settings(options.settings))

    @asynccontextmanager
    async def lifespan(_: MCPServer) -> AsyncIterator[None]:
        service.acquire()
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(service.release)

    server = CheckedServer(
        "rlm-code",
        version=rlm_code.__version__,
        instructions=_INSTRUCTIONS.format(root=service.repo.root),
        lifespan=lifespan,
        log_level="WARNING",
    )
    enabled = set(options.tools or TOOLS)
    register_navigation(server, service, enabled)
    register_model_tools(server, service, enabled)
    if "repl" in enabled:
        register_repl(server, service)
    return server, service
