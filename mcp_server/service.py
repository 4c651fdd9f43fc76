"""The state one server keeps for its repository, shared by every tool and every client.

:class:`Service` holds the repository (:class:`SharedRepo`), its background :class:`Indexer`,
the configured models, the summary cache and the REPL sessions, and gives tools the two
things they all need: :meth:`Service.call` runs a library call in a worker thread once the
index is ready (with progress while it is not), and turns the library's errors into tool
errors, so a bad argument yields an error result and the server stays up.
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import anyio
import anyio.to_thread
from mcp.server.mcpserver import Context
from mcp.server.mcpserver.exceptions import ToolError

from rlm_code.agent.tools import SummaryCache, prelude_source
from rlm_code.config import Settings
from rlm_code.errors import RlmCodeError
from rlm_code.rlm.budget import Budget
from rlm_code.rlm.sandbox import Limits

from .choice import ConfiguredModels
from .connection import RootScope, owner_of, root_scope
from .indexing import Indexer
from .paging import DEFAULT_BUDGET
from .repl import ReplSession, ReplSessions, SandboxSpec
from .sampling import SAMPLING_MODEL
from .shared_repo import SharedRepo
from .workers import MeteredWorker, repl_helpers, worker_limits

__all__ = ["ServerOptions", "Service", "tool_description", "tool_error"]

logger = logging.getLogger("rlm_code.mcp")

_T = TypeVar("_T")


@dataclass(frozen=True)
class ServerOptions:
    """How ``rlm-code mcp`` serves one repository (the CLI's flags, and defaults)."""

    root: Path
    cache_dir: Path | None = None
    settings: Settings = field(default_factory=Settings)
    tools: tuple[str, ...] | None = None  # None: every tool
    max_output: int = DEFAULT_BUDGET
    refresh_after: float = 2.0
    repl_idle_seconds: float = 1800.0
    max_repl_sessions: int = 16
    repl_limits: Limits = field(default_factory=lambda: Limits(cpu_seconds=600))


def tool_description(function: Callable[..., Any]) -> str:
    """A tool function's docstring as one paragraph, the way clients show descriptions."""
    return " ".join(inspect.cleandoc(function.__doc__ or "").split())


def tool_error(exc: RlmCodeError) -> ToolError:
    """The tool error result for a library error: its one-line message, for the model to read."""
    return ToolError(str(exc))


class Service:
    """One repository served to any number of clients (see the module docstring)."""

    def __init__(self, options: ServerOptions, models: ConfiguredModels) -> None:
        self.options = options
        self.models = models
        self.repo = SharedRepo(options.root, cache_dir=options.cache_dir)
        self.indexer = Indexer(self.repo, refresh_after=options.refresh_after)
        self.summaries = SummaryCache()
        self.sessions = ReplSessions(
            self._make_session, idle_seconds=options.repl_idle_seconds, max_sessions=options.max_repl_sessions
        )
        self._users = 0
        self._users_lock = threading.Lock()

    @property
    def budget(self) -> int:
        return self.options.max_output

    @property
    def worker_model_name(self) -> str:
        """The worker's name in the summary cache's key."""
        return self.models.worker.name if self.models.worker is not None else SAMPLING_MODEL

    # -- life cycle -------------------------------------------------------------------------

    def acquire(self) -> None:
        """A transport starts serving: start indexing (once)."""
        with self._users_lock:
            self._users += 1
        self.indexer.start_once()

    def release(self) -> None:
        """A transport stopped serving; when the last one stops, every REPL session ends."""
        with self._users_lock:
            self._users -= 1
            last = self._users == 0
        if last:
            self.sessions.close_all()

    def close(self) -> None:
        """End every REPL session and close the index, unless a build holds it (the build's
        thread is a daemon: exiting must not wait for the first index of a large repository)."""
        self.sessions.close_all()
        if self.repo.lock.acquire(timeout=1.0):
            try:
                self.repo.close()
            finally:
                self.repo.lock.release()

    # -- calls ------------------------------------------------------------------------------

    async def ready(self, context: Context[Any, Any]) -> SharedRepo:
        """The repository once its index is current, with progress notifications meanwhile."""
        try:
            return await self.indexer.ready(context.report_progress)
        except RlmCodeError as exc:
            raise tool_error(exc) from exc

    async def ready_within(self, context: Context[Any, Any], seconds: float) -> bool:
        """Whether the index is current within ``seconds`` (progress notifications meanwhile);
        a tool that can answer without it then does, rather than wait out a first build."""
        with anyio.move_on_after(seconds):
            await self.ready(context)
            return True
        return False

    async def call(
        self, context: Context[Any, Any], function: Callable[[SharedRepo], _T], *, needs_index: bool = True
    ) -> _T:
        """``function(repo)`` in a worker thread, once the index is ready unless ``function``
        reads only the file system; errors become tool errors."""
        repo = await self.ready(context) if needs_index else self.repo
        try:
            return await anyio.to_thread.run_sync(function, repo)
        except RlmCodeError as exc:
            raise tool_error(exc) from exc

    async def scope(self, context: Context[Any, Any]) -> RootScope:
        """The part of the repository this client's roots leave open."""
        return await root_scope(context, self.repo.root)

    def check_path(self, scope: RootScope, path: str) -> None:
        try:
            scope.check(path, self.repo.root)
        except RlmCodeError as exc:
            raise tool_error(exc) from exc

    # -- REPL sessions ----------------------------------------------------------------------

    def session_for(self, context: Context[Any, Any], handle: str | None) -> tuple[ReplSession, bool]:
        """The caller's REPL session: the one ``handle`` names, else the connection's own (a new
        one on stateless connections), and whether it is such a new one, which the caller
        keeps only by passing its handle back. A connection's sessions close with it."""
        owner = owner_of(context, self._connection_closed)
        try:
            if handle:
                return self.sessions.get(handle, owner), False
            if owner is not None:
                session = self.sessions.default(owner)
                assert session is not None
                return session, False
            return self.sessions.open(None), True
        except RlmCodeError as exc:
            raise tool_error(exc) from exc

    async def close_session(self, context: Context[Any, Any], handle: str | None) -> str | None:
        """Close the session ``handle`` names (else the connection's own); its handle, if any."""
        owner = owner_of(context, self._connection_closed)
        try:
            if handle:
                session: ReplSession | None = self.sessions.get(handle, owner)
            else:
                session = self.sessions.default(owner, create=False) if owner is not None else None
        except RlmCodeError as exc:
            raise tool_error(exc) from exc
        if session is None:
            return None
        await anyio.to_thread.run_sync(self.sessions.close, session.handle)
        return session.handle

    async def _connection_closed(self, owner: object) -> None:
        await anyio.to_thread.run_sync(self.sessions.close_owned, owner)

    def _make_session(self, handle: str, owner: object | None) -> ReplSession:
        settings = self.options.settings
        worker = MeteredWorker(Budget(worker_limits(settings)))
        helpers = repl_helpers(self.repo, worker, summaries=self.summaries, worker_model=self.worker_model_name)
        spec = SandboxSpec(
            read_only=(self.repo.root,),
            limits=self.options.repl_limits,
            mode=settings.sandbox,
            setup_code=prelude_source(),
        )
        return ReplSession(handle, owner, spec, helpers, worker)
