"""The index, built in the background, and how tool calls wait for it.

The server starts indexing as soon as it starts, in a thread of its own, so that its first
answer does not pay for the whole index and a host's start-up handshake never waits on it.
A tool that needs the index awaits :meth:`Indexer.ready`, which reports the build's progress
as MCP progress notifications (when the caller asked for them) instead of timing out.

A long-lived server must not answer from a stale index, so a call that arrives more than
``refresh_after`` seconds (2 by default) after the last build starts an incremental refresh
first: only changed files are parsed again, and on an unchanged repository it takes 60 ms for
Django's 7,000 files. On a repository so big that a refresh itself takes long (0.75 s for
88,000 files), the wait between refreshes grows to ten times the last one's length, so that
a burst of calls does not spend most of its time re-checking files.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import anyio

from rlm_code.errors import RlmCodeError

from .shared_repo import SharedRepo

__all__ = ["IndexFailed", "IndexProgress", "Indexer", "ReportProgress"]

logger = logging.getLogger("rlm_code.mcp")

ReportProgress = Callable[[float, float, str], Awaitable[None]]
"""``report(progress, total, message)``: an MCP progress notification for the waiting call."""

_POLL_SECONDS = 0.2


class IndexFailed(RlmCodeError):
    """The index could not be built (the disk is full, the cache folder is not writable)."""


@dataclass(frozen=True)
class IndexProgress:
    """Where a build is: ``fraction`` of the work done (0 to 1) and a line for people."""

    fraction: float
    message: str


class Indexer:
    """Builds and refreshes one repository's index in a background thread."""

    def __init__(self, repo: SharedRepo, *, refresh_after: float = 2.0) -> None:
        self.repo = repo
        self.refresh_after = refresh_after
        self._refresh_seconds = 0.0  # how long the last build that parsed nothing took
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._thread: threading.Thread | None = None
        self._finished_at: float | None = None
        self._error: RlmCodeError | None = None
        self._progress = IndexProgress(0.0, "indexing: starting")

    def start(self) -> None:
        """Start a build unless one is running (called at server start, and to refresh)."""
        with self._lock:
            if self._thread is not None and self._thread.is_alive():
                return
            self._done.clear()
            self._progress = IndexProgress(0.0, "indexing: starting")
            self._thread = threading.Thread(target=self._build, name="rlm-code-index", daemon=True)
            self._thread.start()

    def start_once(self) -> None:
        """Start the first build, unless there has been one."""
        if self._thread is None:
            self.start()

    @property
    def building(self) -> bool:
        return not self._done.is_set()

    @property
    def progress(self) -> IndexProgress:
        """Where the current (or last) build is."""
        return self._progress

    def _build(self) -> None:
        started = time.monotonic()
        error: RlmCodeError | None = None
        try:
            report = self.repo.index(progress=self._on_progress)
            logger.info("indexed %d files in %.2f s", report.files, report.seconds)
            if report.parsed == 0:
                self._refresh_seconds = report.seconds
        except RlmCodeError as exc:
            error = exc
        except Exception as exc:  # a bug must not leave waiting calls hanging
            logger.exception("indexing failed")
            error = IndexFailed(f"indexing failed: {type(exc).__name__}: {exc}")
        with self._lock:
            self._error = error
            self._finished_at = time.monotonic()
            self._done.set()
        if error is not None:
            logger.error("indexing failed after %.1f s: %s", time.monotonic() - started, error)

    def _on_progress(self, phase: str, done: int, total: int) -> None:
        # Each phase has its own band, so progress only ever rises: starting at 0, waiting for
        # another process at 0.01, scanning from 0.02 to 0.1, parsing from 0.1 to 1.
        share = done / total if total else 1.0
        if phase == "wait":
            self._progress = IndexProgress(0.01, "indexing: waiting for another process indexing this repository")
        elif phase == "scan":
            self._progress = IndexProgress(0.02 + 0.08 * share, f"indexing: scanning files ({done}/{total})")
        else:
            self._progress = IndexProgress(0.1 + 0.9 * share, f"indexing: parsing files ({done}/{total})")

    def _refresh_if_stale(self) -> None:
        finished = self._finished_at
        stale_after = max(self.refresh_after, 10 * self._refresh_seconds)
        if finished is not None and not self.building and time.monotonic() - finished > stale_after:
            self.start()

    async def ready(self, report: ReportProgress | None = None) -> SharedRepo:
        """The repository once its index is current, reporting progress while it is built."""
        self.start_once()
        self._refresh_if_stale()
        shown, pause = -1.0, 0.01
        while not self._done.is_set():
            progress = self._progress
            if report is not None and progress.fraction > shown:
                shown = progress.fraction
                await report(round(progress.fraction * 100, 1), 100.0, progress.message)
            await anyio.sleep(pause)
            pause = min(pause * 2, _POLL_SECONDS)  # a quick refresh costs a quick wait
        if self._error is not None:
            raise self._error
        return self.repo
