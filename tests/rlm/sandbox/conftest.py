"""Sandboxes over a temporary copy of the Python fixture repository, closed after each test."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from rlm_code.rlm.sandbox import CellResult, Limits, Sandbox

FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "python"
FAST = Limits(cell_timeout=0.5, cpu_seconds=30, memory_bytes=512 << 20, file_size_bytes=1 << 20, output_chars=1000)

MakeSandbox = Callable[..., Sandbox]

# a loop that survives the interrupt a timeout sends, so the sandbox has to kill it
STUBBORN_LOOP = """
while True:
    try:
        while True:
            pass
    except KeyboardInterrupt:
        pass
"""


def copy_repository(folder: Path) -> Path:
    target = folder / "repo"
    shutil.copytree(FIXTURE, target)
    return target


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return copy_repository(tmp_path)


@pytest.fixture
def make_sandbox(repo: Path) -> Iterator[MakeSandbox]:
    """Start a sandbox (read-only: ``repo``; fast limits unless given); all close at the end."""
    made: list[Sandbox] = []

    def make(**options: Any) -> Sandbox:
        options.setdefault("read_only", [repo])
        options.setdefault("callbacks", {})
        options.setdefault("limits", FAST)
        sandbox = Sandbox(**options)
        made.append(sandbox)
        sandbox.start()
        return sandbox

    yield make
    for sandbox in made:
        sandbox.close()


def ok(result: CellResult) -> str:
    """The output of a cell that must have worked."""
    assert result.error is None, result.error
    assert not result.restarted
    return result.output


def still_works(sandbox: Sandbox) -> None:
    """The engine still answers: a plain cell runs and prints."""
    assert ok(sandbox.run("print(6 * 7)")) == "42\n"
