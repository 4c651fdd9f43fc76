"""Shared test set-up: every test gets its own index cache, so nothing touches the user's."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rlm_code.repo import Repo

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

HOLD_THE_INDEX_LOCK = """\
import sys
from pathlib import Path
from rlm_code.repo.locking import exclusive
with exclusive(Path(sys.argv[1])):
    print("held", flush=True)
    sys.stdin.read()
"""
"""A script holding the indexing lock of the index at argv[1] (as another process indexing
would) from when it prints ``held`` until its stdin closes."""


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """A private cache per test, and no real model credentials: tests never reach an API."""
    monkeypatch.setenv("RLM_CODE_CACHE", str(tmp_path_factory.mktemp("cache")))
    for variable in ("ANTHROPIC_API_KEY", "OPENAI_API_KEY", "RLM_CODE_MODEL", "RLM_CODE_WORKER_MODEL"):
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture(scope="session")
def session_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("session-cache")


@pytest.fixture(scope="session")
def python_repo(session_cache: Path) -> Iterator[Repo]:
    """The Python fixture, indexed once for the whole session."""
    with Repo(FIXTURES / "python", cache_dir=session_cache) as repo:
        repo.index()
        yield repo


def run_cli(
    *args: str | os.PathLike[str], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real ``rlm-code`` command line in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "rlm_code", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "120", **(env or {})},
        timeout=120,
    )


def run_in_terminal(*args: str | os.PathLike[str], columns: int = 120) -> tuple[int, str]:
    """Run the real ``rlm-code`` on a pseudo-terminal, as a person would; returns the exit
    code and everything it drew."""
    import pty

    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "rlm_code", *map(str, args)],
        stdin=terminal,
        stdout=terminal,
        stderr=terminal,
        close_fds=True,
        env={**os.environ, "TERM": "xterm", "COLUMNS": str(columns)},
    )
    os.close(terminal)
    output = b""
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    code = process.wait(timeout=120)
    os.close(controller)
    return code, output.decode(errors="replace")


def hears_ctrl_c() -> None:
    """``preexec_fn`` for a child that a test interrupts: SIGINT as a terminal's foreground job
    has it. A test run started as a background job of a shell (as CI may be) inherits SIGINT
    ignored, and Python then leaves it ignored, so Ctrl-C would never reach the command."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def write_files(root: Path, files: dict[str, str]) -> None:
    """Write a small repository: each path (folders made as needed) with its text."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def console_examples(markdown: str) -> list[tuple[str, str]]:
    """``(command, expected output)`` for every ``$ command`` in a Markdown ```console block."""
    examples = []
    for block in re.findall(r"```console\n(.*?)```", markdown, re.DOTALL):
        for chunk in re.split(r"^\$ ", block, flags=re.MULTILINE)[1:]:
            command, _, output = chunk.partition("\n")
            examples.append((command, output))
    return examples
