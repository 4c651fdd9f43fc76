"""The sandbox the engine uses: a confined child process running a persistent Python REPL.

:class:`Sandbox` owns one child at a time (process.py), replaces it when it dies or must be
stopped, and answers the child's callback calls by running the parent's helpers. Its clock
per cell runs only while the child computes: the time the parent spends in a callback is
added back to the deadline. CPU is charged across restarts, so ``Limits.cpu_seconds`` bounds
the whole session.

One thread drives a sandbox. Another may stop it in two ways only: set the ``cancel`` event a
cell was given (the cell is interrupted as if its time were up, within a fraction of a second,
and killed if it does not stop), or :meth:`Sandbox.kill` it (the process dies at once).
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

from ...errors import BudgetExceeded, PathError, RlmCodeError, SandboxError, UsageError
from . import landlock
from .interface import CellResult, Limits
from .paths import READ_WRITE_FILES, python_paths
from .process import TIMED_OUT, ChildProcess, Exited, OutputCollector
from .protocol import Call, Done, ProtocolError, Ready, Refused, encode, to_json_value

__all__ = ["NO_LANDLOCK_VARIABLE", "Sandbox"]

NO_LANDLOCK_VARIABLE = "RLM_CODE_SANDBOX_NO_LANDLOCK"
"""Set (non-empty) to make the sandbox act as if the kernel had no Landlock, as in tests."""

Mode = Literal["auto", "strict", "off"]
_RESERVED = frozenset({"FINAL", "FINAL_VAR", "CallbackError"})
_START_SECONDS = 30.0
_CANCEL_CHECK_SECONDS = 0.1  # how often a running cell looks at its cancel event
_CANCELLED_BY_CALLER = "Cancelled: the cell was cancelled by the caller"
_DEFAULT_LIMITS = Limits()
_LOST = "all variables and scratch files were lost (the setup code runs again)"


class Sandbox:
    """A persistent, confined Python REPL for model-written code. See the package docstring."""

    def __init__(
        self,
        *,
        read_only: Sequence[Path],
        callbacks: Mapping[str, Callable[..., Any]],
        limits: Limits = _DEFAULT_LIMITS,
        mode: Mode = "auto",
        setup_code: str = "",
        on_callback_error: Callable[[Exception], None] | None = None,
    ) -> None:
        """``on_callback_error`` hears, in this process, of each exception a callback raised:
        the code in the child gets only its message."""
        if mode not in ("auto", "strict", "off"):
            raise UsageError(f"unknown sandbox mode {mode!r}; use auto, strict or off")
        for name in callbacks:
            if not name.isidentifier() or name in _RESERVED or name.startswith("__"):
                raise UsageError(f"{name!r} cannot be a sandbox helper name")
        self.read_only = tuple(Path(path).resolve() for path in read_only)
        for path in self.read_only:
            if not path.exists():
                raise PathError(f"{path} does not exist")
        self.callbacks = dict(callbacks)
        self.limits = limits
        self.mode: Mode = mode
        self.setup_code = setup_code
        self._on_callback_error = on_callback_error
        self._abi, self._no_landlock = self._probe_landlock()
        self.containment = f"not started (mode {mode}; " + (
            f"Landlock ABI {self._abi} available)" if self._abi else f"Landlock unavailable: {self._no_landlock})"
        )
        self._child: ChildProcess | None = None
        self._scratch: Path | None = None
        self._closed = False
        self._busy = False
        self._cells = 0
        self._cpu_used = 0.0

    def _probe_landlock(self) -> tuple[int, str]:
        if self.mode == "off":
            return 0, "mode off"
        if os.environ.get(NO_LANDLOCK_VARIABLE):
            return 0, f"simulated: {NO_LANDLOCK_VARIABLE} is set"
        return landlock.abi_version()

    # -- life cycle -----------------------------------------------------------------------------

    def __enter__(self) -> Sandbox:
        self.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()

    def start(self) -> None:
        """Start the child if it is not running (a no-op otherwise); run the setup code."""
        if self._closed:
            raise SandboxError("the sandbox is closed")
        if self._child is not None:
            return
        if self.mode == "strict" and not self._abi:
            raise SandboxError(f"strict sandbox refused to start: Landlock unavailable ({self._no_landlock})")
        remaining = self.limits.cpu_seconds - self._cpu_used
        if remaining <= 0:
            raise BudgetExceeded(f"the sandbox used its whole CPU budget ({self.limits.cpu_seconds} s)")
        self._scratch = Path(tempfile.mkdtemp(prefix="rlm-sandbox-"))
        try:
            child = ChildProcess(env=self._environment(self._scratch), cwd=self._scratch)
        except OSError as exc:
            self._remove_scratch()
            raise SandboxError(f"cannot start the sandbox process: {exc}") from exc
        self._child = child
        try:
            child.send({"type": "start", "config": self._config(self._scratch, math.ceil(remaining))})
            self.containment = self._await_ready(child)
        except BaseException:
            self._discard()
            raise
        if self.setup_code:
            result = self._execute(child, self.setup_code, setup=True)
            if result.error or result.restarted:
                self._discard()
                last = (result.error or "").strip().splitlines()[-1:] or ["it did not finish"]
                raise SandboxError(f"the sandbox setup code failed: {last[0]}")

    def close(self) -> None:
        """End the child and remove its scratch folder. Safe to call twice."""
        self._closed = True
        self._discard()

    def kill(self) -> None:
        """Close the sandbox from any thread: its process is killed now, a running cell ends
        with a note, and no cell runs after it. The driving thread still calls :meth:`close`."""
        self._closed = True
        child = self._child
        if child is not None:
            child.kill_group()

    def _discard(self) -> None:
        """End the child (and whatever it started), charge its CPU, remove its scratch folder."""
        if self._child is not None:
            child, self._child = self._child, None
            self._charge(child.kill())
        self._remove_scratch()

    def _remove_scratch(self) -> None:
        if self._scratch is not None:
            scratch, self._scratch = self._scratch, None
            if sys.version_info >= (3, 12):
                shutil.rmtree(scratch, onexc=_force_remove)
            else:
                shutil.rmtree(scratch, onerror=_force_remove)

    def _charge(self, exited: Exited) -> None:
        self._cpu_used += exited.cpu_seconds
        if exited.signal == signal.SIGXCPU:  # its RLIMIT_CPU was all the session had left
            self._cpu_used = max(self._cpu_used, self.limits.cpu_seconds)

    # -- the child's start ----------------------------------------------------------------------

    def _environment(self, scratch: Path) -> dict[str, str]:
        home = str(scratch)
        return {"HOME": home, "TMPDIR": home, "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}

    def _config(self, scratch: Path, cpu_seconds: int) -> dict[str, Any]:
        python = python_paths()
        limits = self.limits
        return {
            "mode": self.mode,
            "landlock": bool(self._abi),
            "landlock_abi": self._abi,
            "landlock_reason": self._no_landlock,
            "read": [*map(str, self.read_only), *python.read],
            "execute": python.execute,
            "scratch": str(scratch),
            "scratch_bytes": max(64 << 20, 4 * limits.file_size_bytes),
            "read_write_files": list(READ_WRITE_FILES),
            "limits": {
                "cpu_seconds": cpu_seconds,
                "memory_bytes": limits.memory_bytes,
                "file_size_bytes": limits.file_size_bytes,
                "processes": limits.processes,
            },
            "callbacks": [_describe_helper(name, function) for name, function in self.callbacks.items()],
        }

    def _await_ready(self, child: ChildProcess) -> str:
        startup = OutputCollector(4000)
        child.output = startup
        event = child.next_event(time.monotonic() + _START_SECONDS)
        if isinstance(event, Ready):
            return _describe_containment(self.mode, event)
        if isinstance(event, Refused):
            raise SandboxError(f"strict sandbox refused to start: {event.error}")
        if isinstance(event, Exited):
            tail = startup.text().strip().splitlines()[-1:] or ["no output"]
            raise SandboxError(f"the sandbox process {event.describe()} while starting: {tail[0]}")
        if event is TIMED_OUT:
            raise SandboxError(f"the sandbox process did not start within {_START_SECONDS:g} s")
        raise SandboxError(f"the sandbox process sent {type(event).__name__.lower()!r} before it was ready")

    # -- cells ----------------------------------------------------------------------------------

    def run(
        self, code: str, *, cancel: threading.Event | None = None, cancelled: str = _CANCELLED_BY_CALLER
    ) -> CellResult:
        """Run one cell. Model-caused failures come back in the result, never as exceptions.
        Setting ``cancel`` (from any thread) stops the cell as its time limit would; the cell's
        error then starts with ``cancelled``, so a caller that cancels for a reason of its own
        (the run's time limit) has the model read that reason, not a bare cancel."""
        if self._busy:
            raise SandboxError("the sandbox is already running a cell (a helper cannot run code in its own sandbox)")
        self.start()
        assert self._child is not None
        return self._execute(self._child, code, setup=False, cancel=cancel, cancelled=cancelled)

    def _execute(
        self,
        child: ChildProcess,
        code: str,
        *,
        setup: bool,
        cancel: threading.Event | None = None,
        cancelled: str = _CANCELLED_BY_CALLER,
    ) -> CellResult:
        self._cells += 1
        cell = self._cells
        output = OutputCollector(self.limits.output_chars)
        child.output = None
        child.drain_output()  # anything printed between cells is dropped
        child.output = output
        child.send({"type": "exec", "id": cell, "code": code, "setup": setup})
        deadline = time.monotonic() + self.limits.cell_timeout
        interrupted: str | None = None  # why the cell was interrupted, as the model reads it
        self._busy = True
        try:
            while True:
                if interrupted is None and cancel is not None and cancel.is_set():
                    child.interrupt()
                    interrupted, deadline = cancelled, time.monotonic() + self._grace()
                looking = interrupted is None and cancel is not None
                event = child.next_event(
                    min(deadline, time.monotonic() + _CANCEL_CHECK_SECONDS) if looking else deadline
                )
                if isinstance(event, Call):
                    started = time.monotonic()
                    child.send_frame(self._answer(event, stopping=interrupted is not None))
                    deadline += time.monotonic() - started
                elif isinstance(event, Done) and event.id == cell:
                    child.drain_output()
                    return self._finished(event, output, interrupted=interrupted)
                elif event is TIMED_OUT and time.monotonic() < deadline:
                    continue  # only a look at the cancel event
                elif event is TIMED_OUT and interrupted is None:
                    child.interrupt()
                    interrupted, deadline = self._timed_out(), time.monotonic() + self._grace()
                elif event is TIMED_OUT:
                    self._discard()
                    return self._lost(
                        output,
                        f"{interrupted} and did not stop when interrupted, so the sandbox process was stopped",
                    )
                elif isinstance(event, Exited):
                    self._discard()
                    return self._lost(output, self._exit_note(event))
                # anything else is a stale event (a ``done`` of an earlier cell): ignored
        except BaseException:
            self._discard()  # a callback raised KeyboardInterrupt or similar: the cell is abandoned
            raise
        finally:
            self._busy = False
            child.output = None

    def _grace(self) -> float:
        """How long an interrupted cell has to stop before its process is killed."""
        return min(1.0, max(0.25, self.limits.cell_timeout / 10))

    def _timed_out(self) -> str:
        """What a cell interrupted for its time limit says."""
        return (
            f"TimeoutError: the cell ran for more than {self.limits.cell_timeout:g} s"
            " (time spent in helper calls is not counted)"
        )

    def _answer(self, call: Call, *, stopping: bool) -> bytes:
        """The encoded reply to a helper call (encoding a large result once: it is how the
        result's size is checked)."""
        reply: dict[str, Any] = {"type": "reply", "id": call.id}
        function = self.callbacks.get(call.name)
        if stopping:
            return encode({**reply, "ok": False, "error": "the cell ran out of time"})
        if function is None:
            return encode({**reply, "ok": False, "error": f"there is no helper named {call.name!r}"})
        try:
            value = to_json_value(function(*call.args, **call.kwargs))
            return encode({**reply, "ok": True, "value": value})
        except ProtocolError as exc:
            return encode({**reply, "ok": False, "error": f"the result is too large to send back ({exc})"})
        except Exception as exc:
            if self._on_callback_error is not None:
                self._on_callback_error(exc)
            return encode({**reply, "ok": False, "error": _one_line(exc)})

    def _finished(self, done: Done, output: OutputCollector, *, interrupted: str | None) -> CellResult:
        error, restarted = done.error, False
        if done.kind == "interrupted" and interrupted is not None:  # else the untrusted child made it up
            where = f"\n{done.error}" if done.error else ""
            error = f"{interrupted} and was interrupted; variables are kept.{where}"
        elif done.kind == "memory":
            self._discard()
            error, restarted = (
                f"{done.error}\nMemory stayed exhausted, so the sandbox process was stopped; a fresh one"
                f" will run the next cell: {_LOST}.",
                True,
            )
        return CellResult(output.text(), error, done.final, done.has_final, restarted, output.cut)

    def _lost(self, output: OutputCollector, note: str) -> CellResult:
        if self._closed:
            note += "; the sandbox was closed."
        elif self._cpu_used >= self.limits.cpu_seconds:
            budget = self.limits.cpu_seconds
            note += f"; the session's CPU budget ({budget} s) is used up, so no more code can run."
        else:
            note += f"; a fresh one will run the next cell: {_LOST}."
        return CellResult(output.text(), note, None, False, True, output.cut)

    def _exit_note(self, exited: Exited) -> str:
        if exited.signal == signal.SIGXCPU:
            return "CPU limit: the sandbox process was stopped by SIGXCPU"
        return f"The sandbox process {exited.describe()}"


def _describe_helper(name: str, function: Callable[..., Any]) -> list[Any]:
    """``[name, doc, parameters, returns]`` for the child's proxy, so that ``help(name)`` shows
    the real signature; parameters are ``[name, kind, annotation, has_default, default]``."""
    import inspect

    doc = (inspect.getdoc(function) or "") + "\n\nRuns in the parent process; errors raise CallbackError."
    try:
        signature = inspect.signature(function)
    except (TypeError, ValueError):
        return [name, doc.strip(), None, None]
    parameters = [
        [
            parameter.name,
            int(parameter.kind),
            _annotation_text(parameter.annotation, parameter.empty),
            parameter.default is not parameter.empty,
            None if parameter.default is parameter.empty else to_json_value(parameter.default),
        ]
        for parameter in signature.parameters.values()
    ]
    return [name, doc.strip(), parameters, _annotation_text(signature.return_annotation, signature.empty)]


def _annotation_text(annotation: Any, empty: Any) -> str | None:
    import inspect

    if annotation is empty:
        return None
    return annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)


def _describe_containment(mode: str, ready: Ready) -> str:
    applied = " + ".join(text for _, text in ready.applied) or "a separate process only"
    gaps = "; ".join(f"{layer} unavailable ({reason})" for layer, reason in ready.missing)
    if mode == "off":
        return f"off (debugging: no Landlock, seccomp or namespaces): {applied}"
    return f"{applied}; {gaps}" if gaps else applied


def _one_line(exc: BaseException) -> str:
    """Our errors carry a message for users; others are named, as in ``KeyError: 'x'``."""
    lines = str(exc).strip().splitlines()
    if isinstance(exc, RlmCodeError) and lines:
        return lines[0][:500]
    return f"{type(exc).__name__}: {lines[0]}"[:500] if lines else type(exc).__name__


def _force_remove(function: Callable[..., Any], path: str, info: Any) -> None:
    """rmtree's error handler: make a folder the code locked (chmod 000) removable, retry."""
    try:
        os.chmod(os.path.dirname(path), 0o700)
        os.chmod(path, 0o700)
        function(path)
    except OSError:
        pass
