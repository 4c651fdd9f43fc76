"""Shared test set-up: every test gets its own index cache, so nothing touches the user's."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from rlm_code.repo import Repo

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


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
