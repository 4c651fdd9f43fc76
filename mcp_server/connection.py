"""What the server keeps per client connection: its identity, its roots, and its teardown.

On a handshake-era connection (protocol 2025-11-25 and earlier; what Claude Desktop, Claude
Code and VS Code speak) the SDK keeps one ``Connection`` per client, with scratch ``state``
and an ``exit_stack`` unwound when the client goes away. The SDK exposes it to tool handlers
only through ``ServerSession._connection``, read here and nowhere else (mcp is pinned, and a
test fails if the attribute goes). A stateless 2026-07-28 request has no connection that
outlives it: :func:`owner_of` returns None there.

Roots. The repository is fixed when the server starts; a client's roots (its workspace
folders) can only narrow it. A root that is the repository, or contains it, leaves the whole
repository open; a root that lies inside the repository is accepted as a boundary, and path
arguments (``read_file``, ``outline``, ``summarize_file``) must then fall inside one of the
accepted roots; a root elsewhere is ignored, since it names no part of this repository.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import mcp.types as types
from mcp.server.connection import Connection
from mcp.server.mcpserver import Context
from mcp.shared.exceptions import MCPError
from mcp_types.version import MODERN_PROTOCOL_VERSIONS

from rlm_code.errors import PathError
from rlm_code.repo.paths import relative_path

__all__ = ["RootScope", "connection_of", "owner_of", "root_scope"]

logger = logging.getLogger("rlm_code.mcp")

_OWNER = "rlm_code.owner"
_ROOTS = "rlm_code.roots"
_ROOTS_SECONDS = 30.0  # roots are asked again after this long, in case the client changed them


def connection_of(context: Context[Any, Any]) -> Connection | None:
    """The client's connection, or None for a stateless (2026-07-28) request."""
    if context.protocol_version in MODERN_PROTOCOL_VERSIONS:
        return None
    connection = getattr(context.request_context.session, "_connection", None)
    return connection if isinstance(connection, Connection) else None


def owner_of(context: Context[Any, Any], on_close: Callable[[object], Awaitable[None]]) -> object | None:
    """A key unique to this client connection (None when stateless); ``on_close(key)`` runs
    once when the connection closes."""
    connection = connection_of(context)
    if connection is None:
        return None
    owner = connection.state.get(_OWNER)
    if owner is None:
        owner = connection.state[_OWNER] = object()
        connection.exit_stack.push_async_callback(on_close, owner)
    return owner


class RootScope:
    """The part of the repository a client's roots leave open (see the module docstring)."""

    def __init__(self, accepted: list[str] | None) -> None:
        self.accepted = accepted  # repo-relative folders; None: the whole repository

    def check(self, path: str, root: Path) -> None:
        """Raise ``PathError`` if ``path`` lies outside every accepted root."""
        if self.accepted is None:
            return
        relative = relative_path(root, path)
        if not any(relative == folder or relative.startswith(f"{folder}/") for folder in self.accepted):
            raise PathError(f"{path} is outside the client's roots in this repository ({', '.join(self.accepted)})")


async def root_scope(context: Context[Any, Any], repository: Path) -> RootScope:
    """The client's roots as a scope in ``repository``, asked once per connection (and again
    after half a minute), or the whole repository where the client offers no roots."""
    connection = connection_of(context)
    capabilities = context.client_capabilities
    if connection is None or capabilities is None or capabilities.roots is None:
        return RootScope(None)
    cached = connection.state.get(_ROOTS)
    if cached is not None and time.monotonic() - cached[0] < _ROOTS_SECONDS:
        scope: RootScope = cached[1]
        return scope
    try:
        result = await context.request_context.session.send_request(types.ListRootsRequest(), types.ListRootsResult)
    except MCPError as exc:
        logger.info("the client did not list its roots: %s", exc)
        return RootScope(None)
    scope = _scope_of([str(root.uri) for root in result.roots], repository)
    connection.state[_ROOTS] = (time.monotonic(), scope)
    return scope


def _scope_of(uris: list[str], repository: Path) -> RootScope:
    inside: list[str] = []
    for uri in uris:
        parsed = urlparse(uri)
        if parsed.scheme != "file":
            continue
        folder = Path(unquote(parsed.path)).resolve()
        if folder == repository or repository.is_relative_to(folder):
            return RootScope(None)  # the repository lies inside this root: all of it is open
        if folder.is_relative_to(repository):
            inside.append(folder.relative_to(repository).as_posix())
        else:
            logger.info("ignoring the client root %s: it is outside the repository %s", uri, repository)
    return RootScope(sorted(set(inside)) or None)
