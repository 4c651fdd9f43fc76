"""Worker calls outside an engine run: ``summarize_file`` as a tool, and the REPL's ``llm_query``.

Inside ``ask`` the engine meters worker calls; the ``repl`` tool and the ``summarize_file``
tool make them without an engine run, so :class:`MeteredWorker` gives them the same contract
(``rlm_code.rlm.engine.WorkerCalls``, which ``RepoTools`` takes) over a budget of their own:
each call is authorised against its worst case before it is sent and settled afterwards, as
the engine does. Its model can change between calls, because a sampled model is bound to the
tool call that lends it.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from rlm_code.agent.tools import RepoTools, SummaryCache
from rlm_code.config import Settings
from rlm_code.errors import ModelError, RlmCodeError
from rlm_code.llm import Message, Model
from rlm_code.repo import Repo
from rlm_code.rlm.budget import Budget, BudgetLimits, Exhausted
from rlm_code.rlm.engine import EngineConfig, WorkerCalls

__all__ = ["MeteredWorker", "repl_helpers", "worker_limits"]

_BATCH_CONCURRENCY = 8
_WORKER_MAX_TOKENS = EngineConfig.worker_max_tokens


def worker_limits(settings: Settings) -> BudgetLimits:
    """The settings' caps on worker calls, without the turn and wall-clock caps of a run."""
    return BudgetLimits(
        max_iterations=None,
        max_sub_calls=settings.max_sub_calls,
        max_tokens=settings.max_tokens,
        max_cost=settings.max_cost,
        timeout=None,
    )


class MeteredWorker(WorkerCalls):
    """Budgeted worker calls to whichever model is current (see the module docstring)."""

    def __init__(self, budget: Budget, *, missing: str = "no worker model is available") -> None:
        # WorkerCalls wraps an engine run; this class replaces every method that would use it.
        self._budget = budget
        self.model: Model | None = None
        self.missing = missing
        self.cached = False

    def query(self, prompt: str, *, system: str | None = None, kind: str = "llm_query") -> str:
        model = self.model
        if model is None:
            raise ModelError(self.missing)
        messages: list[Message] = [{"role": "user", "content": str(prompt)}]
        return self._budget.call(model, messages, system=system, max_tokens=_WORKER_MAX_TOKENS, sub_call=True).text

    def record_cached(self, kind: str, prompt_chars: int, response_chars: int) -> None:
        self.cached = True


def repl_helpers(
    repo: Repo, worker: MeteredWorker, *, summaries: SummaryCache, worker_model: str
) -> dict[str, Callable[..., Any]]:
    """The supervisor's helpers (``RepoTools``) plus ``llm_query`` and ``llm_query_batched``,
    whose failures come back as strings starting with ``ERROR:`` rather than exceptions."""

    def llm_query(prompt: str) -> str:
        """One call to the worker model; on failure, a string starting with "ERROR:"."""
        try:
            return worker.query(str(prompt))
        except (RlmCodeError, Exhausted) as exc:
            return f"ERROR: {exc}"

    def llm_query_batched(prompts: list[str]) -> list[str]:
        """Many worker calls at once (8 at a time); a failed item is a string starting with "ERROR:"."""
        items = [str(prompt) for prompt in prompts]
        if not items:
            return []
        with ThreadPoolExecutor(max_workers=min(_BATCH_CONCURRENCY, len(items))) as pool:
            return list(pool.map(llm_query, items))

    helpers = RepoTools(repo, worker, summaries=summaries, worker_model=worker_model).table()
    helpers.update(llm_query=llm_query, llm_query_batched=llm_query_batched)
    return helpers
