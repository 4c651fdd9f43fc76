"""Persistent REPL sessions: one sandbox each, driven by a thread of its own.

A :class:`~rlm_code.rlm.sandbox.Sandbox` must be started and used from one thread (its child
process is tied to the thread that started it), while tool calls arrive on whatever worker
thread the server picks. So each :class:`ReplSession` owns a thread that starts the sandbox
on its first cell, runs every cell in order, and closes it when the session ends.

A caller that gives up on a cell (its client cancelled the call) sets the cell's ``cancel``
event: the cell is interrupted (its process killed if it does not stop), and the next cell's
result says what became of it. Closing a session kills its sandbox process at once, from
the closing thread, rather than waiting for a running cell to reach its time limit.

Sessions are kept by :class:`ReplSessions` under unguessable handles, each with an *owner*:
on a handshake-era connection the connection itself (only that connection can use the
session, and closing the connection closes it); on stateless 2026-07-28 connections nobody,
so the handle alone gives access, and an idle session is closed after ``idle_seconds``.
"""

from __future__ import annotations

import logging
import queue
import secrets
import threading
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rlm_code.errors import UsageError
from rlm_code.llm import Model
from rlm_code.rlm.sandbox import CellResult, Limits, Sandbox

from .workers import MeteredWorker

__all__ = ["ReplSession", "ReplSessions", "SandboxSpec"]

logger = logging.getLogger("rlm_code.mcp")


@dataclass(frozen=True)
class SandboxSpec:
    """How to make a session's sandbox: what it may read, its limits, its start-up code."""

    read_only: tuple[Path, ...]
    limits: Limits
    mode: str
    setup_code: str


@dataclass
class _Job:
    code: str
    worker: Model | None
    missing: str
    cancel: threading.Event
    future: Future[tuple[CellResult, str | None]] = field(default_factory=Future)


class ReplSession:
    """One persistent sandboxed REPL; ``run`` and ``close`` may be called from any thread."""

    def __init__(
        self,
        handle: str,
        owner: object | None,
        spec: SandboxSpec,
        helpers: Mapping[str, Callable[..., Any]],
        worker: MeteredWorker,
    ) -> None:
        self.handle = handle
        self.owner = owner
        self.last_used = time.monotonic()
        self.default = False  # the session its connection uses when it names none
        self.busy = 0  # cells queued or running: a busy session is never idle
        self._busy_lock = threading.Lock()
        self._spec = spec
        self._helpers = dict(helpers)
        self._worker = worker
        self._jobs: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._stopped = threading.Event()
        self._sandbox: Sandbox | None = None
        self._notice: str | None = None  # what became of a cancelled cell, for the next result
        self._thread = threading.Thread(target=self._serve, name=f"rlm-code-repl-{handle[:6]}", daemon=True)
        self._thread.start()

    def run(
        self, code: str, *, worker: Model | None, missing: str, cancel: threading.Event | None = None
    ) -> tuple[CellResult, str | None]:
        """Run one cell (blocking) with ``worker`` serving its ``llm_query`` calls; its result,
        and a note on what became of an earlier cell that was cancelled. Setting ``cancel``
        (from any thread) stops the cell."""
        if self._stopped.is_set():
            raise UsageError("this REPL session is closed")
        job = _Job(code, worker, missing, cancel or threading.Event())
        with self._busy_lock:
            self.busy += 1
        self._jobs.put(job)
        try:
            return job.future.result()
        finally:
            with self._busy_lock:
                self.busy -= 1
            self.last_used = time.monotonic()

    def close(self, *, wait: float = 10.0) -> None:
        """End the session: its sandbox process is killed now (a running cell ends with a note),
        and its thread removes the scratch folder."""
        self._jobs.put(None)
        sandbox = self._sandbox
        if sandbox is not None:
            sandbox.kill()
        self._thread.join(wait)

    @property
    def closed(self) -> bool:
        return self._stopped.is_set()

    def _serve(self) -> None:
        try:
            while (job := self._jobs.get()) is not None:
                if job.cancel.is_set():
                    job.future.cancel()  # given up on before it started
                if not job.future.set_running_or_notify_cancel():
                    continue
                self._worker.model, self._worker.missing = job.worker, job.missing
                try:
                    self._sandbox = self._sandbox or self._start()
                    cell = self._sandbox.run(job.code, cancel=job.cancel)
                    notice, self._notice = self._notice, _cancelled_note(cell) if job.cancel.is_set() else None
                    job.future.set_result((cell, notice))
                except BaseException as exc:
                    job.future.set_exception(exc)
                finally:
                    self._worker.model = None
        finally:
            self._stopped.set()
            if self._sandbox is not None:
                self._sandbox.close()
            while True:  # fail whatever was queued behind the close
                try:
                    job = self._jobs.get_nowait()
                except queue.Empty:
                    break
                if job is not None:
                    job.future.set_exception(UsageError("this REPL session is closed"))

    def _start(self) -> Sandbox:
        spec = self._spec
        sandbox = Sandbox(
            read_only=spec.read_only,
            callbacks=self._helpers,
            limits=spec.limits,
            mode=spec.mode,  # type: ignore[arg-type]
            setup_code=spec.setup_code,
        )
        try:
            sandbox.start()
        except BaseException:
            sandbox.close()
            raise
        logger.info("REPL session %s started: %s", self.handle[:6], sandbox.containment)
        return sandbox


def _cancelled_note(cell: CellResult) -> str:
    """What became of a cell its caller cancelled, told with the next cell's result."""
    if cell.restarted:
        return (
            "The previous cell was cancelled and its sandbox process had to be stopped: all variables"
            " and scratch files were lost."
        )
    if cell.error and cell.error.startswith("Cancelled:"):
        return "The previous cell was cancelled and interrupted; variables are kept."
    return "The previous cell was cancelled after it had finished; its output was not returned."


SessionFactory = Callable[[str, "object | None"], ReplSession]
"""``make(handle, owner)``: a new session."""


class ReplSessions:
    """The server's REPL sessions, by handle (see the module docstring)."""

    def __init__(self, make: SessionFactory, *, idle_seconds: float = 1800.0, max_sessions: int = 16) -> None:
        self._make = make
        self.idle_seconds = idle_seconds
        self.max_sessions = max_sessions
        self._sessions: dict[str, ReplSession] = {}
        self._lock = threading.Lock()

    def open(self, owner: object | None) -> ReplSession:
        """A new session for ``owner``. Past ``max_sessions``, the least recently used idle
        stateless session is closed to make room; if there is none, the call is refused."""
        self.close_idle()
        with self._lock:
            if len(self._sessions) >= self.max_sessions:
                idle = [s for s in self._sessions.values() if s.owner is None and not s.busy]
                oldest = min(idle, key=lambda s: s.last_used, default=None)
                if oldest is None:
                    raise UsageError(
                        f"too many REPL sessions are open ({self.max_sessions}), each held by a connection"
                        " or running a cell; try again when one ends"
                    )
                del self._sessions[oldest.handle]
            else:
                oldest = None
            handle = secrets.token_urlsafe(12)
            session = self._make(handle, owner)
            self._sessions[handle] = session
        if oldest is not None:
            logger.info("closing REPL session %s to make room", oldest.handle[:6])
            oldest.close()
        return session

    def default(self, owner: object, *, create: bool = True) -> ReplSession | None:
        """The session a connection uses when it names none (opened on first use)."""
        with self._lock:
            for session in self._sessions.values():
                if session.owner is owner and session.default and not session.closed:
                    return session
        if not create:
            return None
        session = self.open(owner)
        session.default = True
        return session

    def get(self, handle: str, owner: object | None) -> ReplSession:
        """The session ``handle`` names, if ``owner`` may use it."""
        with self._lock:
            session = self._sessions.get(handle)
        if session is None or session.owner is not owner or session.closed:
            raise UsageError(f"no open REPL session {handle!r} on this connection; omit `session` to start one")
        return session

    def close(self, handle: str) -> None:
        with self._lock:
            session = self._sessions.pop(handle, None)
        if session is not None:
            session.close()

    def close_owned(self, owner: object) -> None:
        """Close every session of one connection (it is closing)."""
        with self._lock:
            owned = [handle for handle, s in self._sessions.items() if s.owner is owner]
        for handle in owned:
            self.close(handle)

    def close_idle(self) -> None:
        """Close the stateless sessions nobody has used for ``idle_seconds``."""
        now = time.monotonic()
        with self._lock:
            idle = [
                handle
                for handle, s in self._sessions.items()
                if s.owner is None and not s.busy and now - s.last_used > self.idle_seconds
            ]
        for handle in idle:
            logger.info("closing idle REPL session %s", handle[:6])
            self.close(handle)

    def close_all(self) -> None:
        with self._lock:
            handles = list(self._sessions)
        for handle in handles:
            self.close(handle)

    def __len__(self) -> int:
        with self._lock:
            return len(self._sessions)
