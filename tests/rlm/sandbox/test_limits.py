"""Limits and modes: timeouts, restarts, the CPU budget, memory, and running without Landlock."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from rlm_code.errors import BudgetExceeded, SandboxError
from rlm_code.rlm.sandbox import NO_LANDLOCK_VARIABLE, Limits, Sandbox

from .conftest import FAST, STUBBORN_LOOP, MakeSandbox, ok, still_works


def test_a_cell_past_its_timeout_is_interrupted_and_variables_are_kept(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(limits=Limits(cell_timeout=0.3))
    ok(sandbox.run("kept = 'yes'"))
    result = sandbox.run("import time\nprint('started')\nfor i in range(100):\n    time.sleep(0.1)")
    assert result.output == "started\n" and not result.restarted
    assert result.error is not None and result.error.startswith("TimeoutError: the cell ran for more than 0.3 s")
    assert "variables are kept" in result.error and '"<cell-2>", line 4' in result.error
    assert ok(sandbox.run("kept")) == "'yes'\n"


def test_a_cell_that_ignores_the_interrupt_is_killed_and_the_sandbox_restarted(
    make_sandbox: MakeSandbox,
) -> None:
    sandbox = make_sandbox(limits=Limits(cell_timeout=0.3))
    ok(sandbox.run("kept = 1"))
    result = sandbox.run(STUBBORN_LOOP)
    assert result.restarted and result.error is not None
    assert (
        "did not stop when interrupted" in result.error and "all variables and scratch files were lost" in result.error
    )
    lost = sandbox.run("kept")
    assert lost.error is not None and "NameError" in lost.error
    still_works(sandbox)


def test_a_crash_restarts_the_sandbox_with_a_note(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox()
    result = sandbox.run("import ctypes\nprint('going', flush=True)\nctypes.string_at(0)")
    assert result.restarted and result.output == "going\n"
    assert (
        result.error is not None
        and "killed by SIGSEGV" in result.error
        and "variables and scratch files were lost" in result.error
    )
    still_works(sandbox)


def test_the_cpu_budget_covers_the_whole_session(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(limits=Limits(cell_timeout=10.0, cpu_seconds=1))
    result = sandbox.run(STUBBORN_LOOP)
    assert result.restarted and result.error is not None
    assert result.error.startswith("CPU limit") and "no more code can run" in result.error
    with pytest.raises(BudgetExceeded, match="CPU budget"):
        sandbox.run("print('more')")


def test_a_memory_error_fails_the_cell_only(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox()
    ok(sandbox.run("kept = 1"))
    result = sandbox.run("block = bytearray(4 << 30)")
    assert result.error is not None and "MemoryError" in result.error and "memory limit (512 MiB)" in result.error
    assert not result.restarted
    assert ok(sandbox.run("kept")) == "1\n"


def test_memory_that_stays_exhausted_restarts_the_sandbox(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox()
    result = sandbox.run("hog = []\nwhile True:\n    hog.append(bytes(1 << 20))")  # kept in a variable
    assert result.restarted and result.error is not None and "MemoryError" in result.error
    assert "Memory stayed exhausted" in result.error and "variables and scratch files were lost" in result.error
    still_works(sandbox)


def test_strict_mode_refuses_to_start_without_landlock(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(NO_LANDLOCK_VARIABLE, "1")
    sandbox = Sandbox(read_only=[repo], callbacks={}, limits=FAST, mode="strict")
    assert "Landlock unavailable" in sandbox.containment
    with pytest.raises(SandboxError, match="Landlock unavailable"):
        sandbox.start()
    sandbox.close()


def test_auto_mode_without_landlock_says_so_and_still_runs(
    make_sandbox: MakeSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(NO_LANDLOCK_VARIABLE, "1")
    sandbox = make_sandbox()
    assert "landlock unavailable (simulated" in sandbox.containment
    assert "seccomp" in sandbox.containment and "rlimits" in sandbox.containment
    still_works(sandbox)


def test_strict_mode_runs_where_landlock_exists(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(mode="strict")
    assert sandbox.containment.startswith("fresh network namespace") or "landlock ABI" in sandbox.containment
    assert "landlock ABI" in sandbox.containment and "unavailable" not in sandbox.containment
    still_works(sandbox)


def test_off_mode_still_uses_a_child_process(make_sandbox: MakeSandbox, repo: Path) -> None:
    sandbox = make_sandbox(mode="off")
    assert sandbox.containment.startswith("off (debugging")
    code = f"import os\nopen({str(repo / 'note')!r}, 'w').close()\nprint(os.getpid() != {os.getpid()})"
    assert ok(sandbox.run(code)) == "True\n"  # a separate process, but no Landlock: the repository is writable


def test_a_missing_read_only_path_is_refused(tmp_path: Path) -> None:
    from rlm_code.errors import PathError

    with pytest.raises(PathError):
        Sandbox(read_only=[tmp_path / "nope"], callbacks={})


def test_a_cancelled_cell_is_interrupted_and_variables_are_kept(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(limits=Limits(cell_timeout=30))
    ok(sandbox.run("kept = 'yes'"))
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    result = sandbox.run("import time\nfor i in range(300):\n    time.sleep(0.1)", cancel=cancel)
    assert time.monotonic() - started < 15  # well before the 30 s the cell would take
    assert result.error is not None and not result.restarted
    assert result.error.startswith("Cancelled: the cell was cancelled by the caller and was interrupted")
    assert ok(sandbox.run("kept")) == "'yes'\n"


def test_a_cancelled_cell_that_ignores_the_interrupt_is_killed(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(limits=Limits(cell_timeout=30))
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    result = sandbox.run(STUBBORN_LOOP, cancel=cancel)
    assert result.restarted and result.error is not None
    assert result.error.startswith("Cancelled: the cell was cancelled by the caller and did not stop when interrupted")
    still_works(sandbox)


def test_kill_from_another_thread_ends_a_running_cell_and_the_sandbox(make_sandbox: MakeSandbox) -> None:
    sandbox = make_sandbox(limits=Limits(cell_timeout=30))
    threading.Timer(0.5, sandbox.kill).start()
    started = time.monotonic()
    result = sandbox.run(STUBBORN_LOOP)
    assert time.monotonic() - started < 15  # well before the cell's 30 s limit
    assert result.restarted and result.error is not None and "the sandbox was closed" in result.error
    with pytest.raises(SandboxError, match="closed"):
        sandbox.run("1")
