"""The server package as a whole: strict types, and the SDK detail it leans on."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mcp.server.session import ServerSession

ROOT = Path(__file__).resolve().parents[2]
MYPY = shutil.which("mypy", path=str(Path(sys.executable).parent))


@pytest.mark.skipif(MYPY is None, reason="mypy not installed")
def test_the_server_passes_strict_mypy() -> None:
    assert MYPY is not None
    command = [MYPY, "mcp_server", "rlm_code/cli/mcp.py"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_the_sdk_still_keeps_the_connection_on_the_session() -> None:
    """mcp_server/connection.py reads ServerSession._connection (mcp is pinned); if a new SDK
    moves it, this fails before REPL sessions silently stop being per-connection."""
    assert "_connection" in ServerSession.__init__.__code__.co_names
