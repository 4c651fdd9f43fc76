"""The MCP server: rlm-code's navigator, ``ask`` and a persistent REPL as MCP tools.

A thin layer over the library (see DESIGN.md): every tool is one ``Repo`` method, one worker
call, one ``ask`` run, or one cell in a sandboxed REPL, with pydantic results (structured
content), an output budget with paging, and errors as tool error results. ``rlm-code mcp``
(``rlm_code/cli/mcp.py``) is its command line.

Modules: server.py (the tools published, the life cycle), arguments.py (argument errors in one
line), service.py (state shared by the tools), indexing.py (the background index),
shared_repo.py (a Repo many threads can use), navigation.py, asking.py and repl_tool.py (the
tools), results.py (their result models), paging.py (the output budget), choice.py and
sampling.py (which models serve a call; the client's model through MCP sampling), workers.py
(metered worker calls outside a run), repl.py (REPL sessions, one thread and sandbox each),
connection.py (per-connection state and roots), transports.py (stdio and streamable HTTP).
"""

from __future__ import annotations

from .server import TOOLS, build_server, parse_tools
from .service import ServerOptions, Service
from .transports import serve_http, serve_stdio

__all__ = ["TOOLS", "ServerOptions", "Service", "build_server", "parse_tools", "serve_http", "serve_stdio"]
