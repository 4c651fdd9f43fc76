"""Serving the server: over stdio (what an MCP host launches) or streamable HTTP at ``/mcp``.

Over stdio the SDK points file descriptor 1 at stderr while it serves, so nothing a handler
or library prints can corrupt the protocol stream; logs go to stderr too. Over HTTP the
server binds loopback unless told otherwise, checks the Host header against DNS rebinding on
loopback (the SDK's protection), and with a token refuses every request that does not carry
``Authorization: Bearer <token>``. It binds its socket itself, so ``--port 0`` works and the
address it announces on stderr is the real one.
"""

from __future__ import annotations

import hmac
import socket
import sys
from collections.abc import Callable

from mcp.server.mcpserver import MCPServer
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

__all__ = ["BearerToken", "serve_http", "serve_stdio"]


def serve_stdio(server: MCPServer) -> None:
    """Serve one client over stdin/stdout until it closes the pipe."""
    server.run("stdio")


class BearerToken:
    """ASGI middleware: HTTP requests must carry ``Authorization: Bearer <token>``."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self._expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            given = dict(scope["headers"]).get(b"authorization", b"")
            if not hmac.compare_digest(given, self._expected):
                response = PlainTextResponse(
                    "a bearer token is required (Authorization: Bearer <token>)\n",
                    status_code=401,
                    headers={"WWW-Authenticate": 'Bearer realm="rlm-code"'},
                )
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


def serve_http(
    server: MCPServer,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    token: str | None = None,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve streamable HTTP at ``http://host:port/mcp`` until interrupted."""
    import uvicorn

    app: ASGIApp = server.streamable_http_app(host=host)
    if token:
        app = BearerToken(app, token)
    listener = _listen(host, port)
    bound = listener.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    (announce or _to_stderr)(f"http://{shown}:{bound}/mcp")
    config = uvicorn.Config(app, log_level="warning", lifespan="on", timeout_graceful_shutdown=5)
    uvicorn.Server(config).run(sockets=[listener])


def _listen(host: str, port: int) -> socket.socket:
    family, kind, protocol, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    listener = socket.socket(family, kind, protocol)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        listener.bind(address)
    except OSError:
        listener.close()
        raise
    listener.listen(128)
    return listener


def _to_stderr(line: str) -> None:
    sys.stderr.write(f"{line}\n")
    sys.stderr.flush()
