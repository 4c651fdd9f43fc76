"""``rlm-code mcp``: serve a repository to MCP hosts, over stdio or streamable HTTP.

The server lives in the ``mcp_server`` package; this command only reads its options and
settings. The MCP SDK (and pydantic) load inside the command, never when the CLI starts.
"""

from __future__ import annotations

import sys
from typing import Annotated, Optional

import typer

from .app import CacheOpt, RepoArg, app

_OPTIONAL_STR = Optional[str]
_LOOPBACK = ("127.0.0.1", "localhost", "::1")


@app.command()
def mcp(
    repo: RepoArg,
    http: Annotated[bool, typer.Option("--http", help="Serve streamable HTTP at /mcp instead of stdio.")] = False,
    host: Annotated[str, typer.Option("--host", help="The address to bind with --http.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="The port with --http (0: any free one).")
    ] = 8000,
    token: Annotated[
        _OPTIONAL_STR,
        typer.Option(
            "--token",
            envvar="RLM_CODE_MCP_TOKEN",
            show_envvar=True,
            help="With --http, require 'Authorization: Bearer TOKEN' on every request.",
        ),
    ] = None,
    tools: Annotated[
        _OPTIONAL_STR,
        typer.Option("--tools", help="Comma-separated tools to publish (default: all; an unknown name lists them)."),
    ] = None,
    model: Annotated[
        _OPTIONAL_STR,
        typer.Option(
            "--model",
            help="Supervisor model for ask (default: Anthropic when ANTHROPIC_API_KEY is set, else the"
            " client's model through MCP sampling, else offline).",
        ),
    ] = None,
    worker_model: Annotated[
        _OPTIONAL_STR,
        typer.Option("--worker-model", help="Worker model for llm_query and summarize_file (same fallbacks)."),
    ] = None,
    sandbox: Annotated[
        _OPTIONAL_STR,
        typer.Option("--sandbox", help="auto, strict (refuse to run code without Landlock) or off."),
    ] = None,
    max_output: Annotated[
        int,
        typer.Option(
            "--max-output",
            min=1000,
            help="Characters per tool result; longer results are cut and say how to page.",
        ),
    ] = 20_000,
    cache_dir: CacheOpt = None,
) -> None:
    """Serve the repository to MCP hosts (Claude Desktop, Claude Code, VS Code): stdio by default."""
    from mcp_server import ServerOptions, build_server, parse_tools, serve_http, serve_stdio

    from ..config import load_settings
    from ..repo.paths import resolve_root

    root = resolve_root(repo)
    given = {"model": model, "worker_model": worker_model, "sandbox": sandbox}
    settings = load_settings(root, flags=given)
    options = ServerOptions(
        root=root, cache_dir=cache_dir, settings=settings, tools=parse_tools(tools), max_output=max_output
    )
    server, service = build_server(options)
    try:
        if http:
            if host not in _LOOPBACK and not token:
                _say(f"warning: serving {host} without --token: whoever reaches it can read the repository")
            serve_http(
                server,
                host=host,
                port=port,
                token=token,
                announce=lambda url: _say(f"serving {root} at {url}"),
            )
        else:
            serve_stdio(server)
    finally:
        service.close()


def _say(line: str) -> None:
    sys.stderr.write(f"rlm-code mcp: {line}\n")
    sys.stderr.flush()
