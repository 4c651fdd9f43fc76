"""The child process as the parent sees it: spawning, the three pipes, and one event loop.

The child is a fresh interpreter (``python -I -B -c BOOTSTRAP``), never a fork of the parent,
started in a session of its own so that killing its process group ends everything it started.
Its environment is built from scratch: the parent's variables (API keys...) never reach it.

:meth:`ChildProcess.next_event` waits, until a deadline, for the next protocol event while it
keeps the output pipe drained into the current :class:`OutputCollector` and writes queued
commands without blocking, so neither side can stall the other through a full pipe. The
child's exit is seen through a pidfd (or by polling where there is none); it is reaped with
``wait4`` so that the CPU time it used can be charged to the session.

One thread drives a child; another may only :meth:`~ChildProcess.kill_group` it, which sends
SIGKILL and leaves the reaping to the driving thread (a lock keeps the signal from reaching a
group whose id was freed by the reaping).
"""

from __future__ import annotations

import codecs
import collections
import contextlib
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .protocol import Event, FrameDecoder, ProtocolError, encode, parse_event

__all__ = ["TIMED_OUT", "ChildProcess", "Exited", "OutputCollector"]

BOOTSTRAP = (
    "import sys, types, importlib\n"
    "package = types.ModuleType('_rlm_sandbox')\n"
    "package.__path__ = [sys.argv[1]]\n"
    "sys.modules['_rlm_sandbox'] = package\n"
    "importlib.import_module('_rlm_sandbox.child').main(int(sys.argv[2]), int(sys.argv[3]))\n"
)
_READ_SIZE = 1 << 16
_POLL_SECONDS = 0.25
_DRAIN_BYTES = 4 << 20
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))


class OutputCollector:
    """Keeps the first ``limit`` characters of a UTF-8 byte stream and counts the rest.

    Past the limit nothing is decoded any more: characters are counted as the bytes that
    start one (all but ``0x80``-``0xBF``), so a flood of output costs the parent little.
    """

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._parts: list[str] = []
        self._kept = 0
        self._full = False
        self.cut = 0
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def feed(self, data: bytes) -> None:
        if self._full:
            self.cut += len(data.translate(None, _CONTINUATION_BYTES))
            return
        self._keep(self._decoder.decode(data))
        if self._kept >= self.limit:
            self._full = True
            if self._decoder.getstate()[0]:  # a character begun but not finished: count it now
                self.cut += 1

    def _keep(self, text: str) -> None:
        room = self.limit - self._kept
        self._parts.append(text[:room])
        self._kept += min(room, len(text))
        self.cut += max(0, len(text) - room)

    def text(self) -> str:
        if not self._full:
            self._keep(self._decoder.decode(b"", True))
        kept = "".join(self._parts)
        if self.cut:
            kept += f"\n[... {self.cut:,} more characters cut: print less, or slice]"
        return kept


@dataclass(frozen=True)
class Exited:
    """The child ended. ``status`` is as from ``wait4``; ``problem`` is set for a protocol breach."""

    status: int
    cpu_seconds: float
    problem: str | None = None

    @property
    def signal(self) -> int | None:
        return os.WTERMSIG(self.status) if os.WIFSIGNALED(self.status) else None

    def describe(self) -> str:
        if self.problem:
            return f"broke the protocol ({self.problem})"
        if self.signal is not None:
            return f"was killed by {signal.Signals(self.signal).name}"
        return f"exited with code {os.WEXITSTATUS(self.status)}"


class _TimedOut:
    def __repr__(self) -> str:
        return "TIMED_OUT"


TIMED_OUT = _TimedOut()


class ChildProcess:
    """One sandbox child. Not thread-safe: one caller drives it."""

    def __init__(self, *, env: Mapping[str, str], cwd: Path) -> None:
        command_read, self._command = os.pipe()
        self._events, event_write = os.pipe()
        self._output, output_write = os.pipe()
        argv = [
            sys.executable,
            "-I",
            "-B",
            "-c",
            BOOTSTRAP,
            str(Path(__file__).resolve().parent),
            str(command_read),
            str(event_write),
        ]
        try:
            self.process = subprocess.Popen(
                argv,
                stdin=subprocess.DEVNULL,
                stdout=output_write,
                stderr=output_write,
                env=dict(env),
                cwd=cwd,
                pass_fds=(command_read, event_write),
                start_new_session=True,
            )
        except BaseException:
            for fd in (self._command, self._events, self._output):
                os.close(fd)
            raise
        finally:
            for fd in (command_read, event_write, output_write):
                os.close(fd)
        for fd in (self._command, self._events, self._output):
            os.set_blocking(fd, False)
        self.output: OutputCollector | None = None
        self._pending = bytearray()
        self._queue: collections.deque[Event] = collections.deque()
        self._decoder = FrameDecoder()
        self._dead = False
        self._problem: str | None = None
        self._exit: Exited | None = None
        self._reaped: tuple[int, float] | None = None  # (status, CPU seconds) once reaped
        self._reaping = threading.Lock()
        self._selector = selectors.DefaultSelector()
        self._selector.register(self._events, selectors.EVENT_READ)
        self._selector.register(self._output, selectors.EVENT_READ)
        self._pidfd = self._open_pidfd()

    def _open_pidfd(self) -> int | None:
        try:
            pidfd = os.pidfd_open(self.process.pid)
        except (AttributeError, OSError):
            return None
        self._selector.register(pidfd, selectors.EVENT_READ)
        return pidfd

    # -- writing --------------------------------------------------------------------------------

    def send(self, message: Mapping[str, Any]) -> None:
        """Queue a command; it is written as the child reads (see :meth:`next_event`)."""
        self.send_frame(encode(message))

    def send_frame(self, frame: bytes) -> None:
        """Queue a message already encoded with :func:`encode`."""
        if not self._dead:
            self._pending += frame
            self._write_pending()

    def _write_pending(self) -> None:
        try:
            while self._pending:
                del self._pending[: os.write(self._command, self._pending[:_READ_SIZE])]
        except BlockingIOError:
            pass
        except OSError:  # the child is gone; its exit will be seen on the event pipe
            self._pending.clear()

    # -- reading --------------------------------------------------------------------------------

    def next_event(self, deadline: float) -> Event | Exited | _TimedOut:
        """The next event from the child, its exit, or :data:`TIMED_OUT` once ``deadline``
        (a ``time.monotonic()`` value) passes."""
        while True:
            if self._queue:
                return self._queue.popleft()
            if self._exit is not None:
                return self._exit
            if self._dead:
                self._exit = self._reap()
                continue
            timeout = deadline - time.monotonic()
            if timeout <= 0:
                return TIMED_OUT
            self._pump(timeout if self._pidfd is not None else min(timeout, _POLL_SECONDS))

    def _pump(self, timeout: float) -> None:
        registered = self._command in self._selector.get_map()
        if self._pending and not registered:
            self._selector.register(self._command, selectors.EVENT_WRITE)
        elif not self._pending and registered:
            self._selector.unregister(self._command)
        for key, _ in self._selector.select(timeout):
            if key.fd == self._command:
                self._write_pending()
            elif key.fd == self._output:
                self._read_output(_READ_SIZE)
            elif key.fd == self._events:
                self._read_events()
            else:  # the pidfd: the child has exited
                self._dead = True
        if self._pidfd is None and not self._dead and self._has_exited():
            self._dead = True
        if self._dead:
            self._read_events()
            self.drain_output()

    def _has_exited(self) -> bool:
        """Without a pidfd: has the child exited? Where ``waitid`` exists it is left a zombie
        (so its group id stays reserved until :meth:`_reap`); elsewhere it is reaped now."""
        if hasattr(os, "waitid"):
            try:
                return os.waitid(os.P_PID, self.process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
            except ChildProcessError:
                return True
        with self._reaping:
            pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                self._reaped = (status, usage.ru_utime + usage.ru_stime)
        return bool(pid)

    def _read_events(self) -> None:
        while self._events in self._selector.get_map():
            try:
                data = os.read(self._events, _READ_SIZE)
            except BlockingIOError:
                return
            if not data:
                self._dead = True
                self._selector.unregister(self._events)
                return
            try:
                self._queue.extend(parse_event(message) for message in self._decoder.feed(data))
            except ProtocolError as exc:
                self._problem = str(exc)
                self._dead = True
                self._selector.unregister(self._events)
                return

    def _read_output(self, limit: int) -> int:
        """Read up to ``limit`` bytes of output now; return how many were read."""
        total = 0
        while total < limit and self._output in self._selector.get_map():
            try:
                data = os.read(self._output, _READ_SIZE)
            except BlockingIOError:
                break
            if not data:
                self._selector.unregister(self._output)
                break
            total += len(data)
            if self.output is not None:
                self.output.feed(data)
        return total

    def drain_output(self) -> None:
        """Read what output is already in the pipe (bounded, in case something keeps writing)."""
        self._read_output(_DRAIN_BYTES)

    # -- ending ---------------------------------------------------------------------------------

    def interrupt(self) -> None:
        if self._exit is None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.process.pid, signal.SIGINT)

    def kill_group(self) -> None:
        """SIGKILL the child and whatever it started, from any thread; it is reaped by the
        driving thread, which sees the exit as it would any other."""
        with self._reaping:
            if self._reaped is None:
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(self.process.pid, signal.SIGKILL)

    def _reap(self) -> Exited:
        """Kill the whole process group (before reaping, so its id cannot be reused), reap."""
        self.kill_group()
        with self._reaping:
            if self._reaped is None:
                _, status, usage = os.wait4(self.process.pid, 0)
                self._reaped = (status, usage.ru_utime + usage.ru_stime)
        status, cpu_seconds = self._reaped
        self.process.returncode = os.waitstatus_to_exitcode(status)
        self._release()
        return Exited(status, cpu_seconds, self._problem)

    def kill(self) -> Exited:
        """End the child now (idempotent); returns how it ended."""
        if self._exit is None:
            self._dead = True
            self._exit = self._reap()
        return self._exit

    def _release(self) -> None:
        self._selector.close()
        for fd in (self._command, self._events, self._output, self._pidfd):
            if fd is not None:
                with contextlib.suppress(OSError):
                    os.close(fd)
