"""docs/mcp.md's host snippets, tried as written: each JSON parses, and the command each one
names (with this checkout's paths put in) starts the server over stdio for the SDK's client."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

from .conftest import FIXTURE, run, structured

ROOT = Path(__file__).resolve().parents[2]
DOCS = (ROOT / "docs" / "mcp.md").read_text()
RLM_CODE = shutil.which("rlm-code", path=str(Path(sys.executable).parent))


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOCS, re.DOTALL)


def desktop_command() -> list[str]:
    config = json.loads(next(b for b in blocks("json") if "mcpServers" in b))
    server = config["mcpServers"]["rlm-code"]
    return [server["command"], *server["args"]]


def vscode_command() -> list[str]:
    config = json.loads(next(b for b in blocks("json") if '"servers"' in b))
    server = config["servers"]["rlm-code"]
    assert server["type"] == "stdio"
    return [server["command"], *server["args"]]


def claude_code_command() -> list[str]:
    line = next(line for block in blocks("sh") for line in block.splitlines() if line.startswith("claude mcp add"))
    words = shlex.split(line)
    assert words[:4] == ["claude", "mcp", "add", "rlm-code"] and words[4] == "--"
    return words[5:]


@pytest.mark.skipif(RLM_CODE is None, reason="the rlm-code script is not installed")
@pytest.mark.parametrize("snippet", [desktop_command, claude_code_command, vscode_command], ids=lambda f: f.__name__)
def test_a_host_snippet_starts_the_server_over_stdio(snippet: Any, tmp_path: Path) -> None:
    command, *args = snippet()
    assert command == "/path/to/.venv/bin/rlm-code" and args[0] == "mcp"
    args = [str(FIXTURE) if arg in ("/path/to/repo", "${workspaceFolder}") else arg for arg in args]
    assert args == ["mcp", str(FIXTURE)]
    params = StdioServerParameters(
        command=str(RLM_CODE), args=args, env={"RLM_CODE_CACHE": os.environ["RLM_CODE_CACHE"]}
    )
    log = tmp_path / "stderr.txt"

    async def main() -> dict[str, Any]:
        with log.open("w") as errlog:
            async with Client(stdio_client(params, errlog=errlog), mode="legacy") as client:
                assert client.server_info is not None and client.server_info.name == "rlm-code"
                return structured(await client.call_tool("callers", {"target": "Form.full_clean"}))

    found = run(main)
    assert [(s["path"], s["line"], s["caller"]) for s in found["callers"]] == [
        ("shop/views.py", 21, "login"),
        ("shop/views.py", 26, "check"),
    ]


def test_the_readme_uses_the_same_snippets_if_it_has_them() -> None:
    readme = (ROOT / "README.md").read_text()
    for block in blocks("json"):
        if ("mcpServers" in block and "mcpServers" in readme) or ('"servers"' in block and '"servers"' in readme):
            assert block in readme
