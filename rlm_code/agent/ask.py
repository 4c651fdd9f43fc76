"""``ask``: one question to one repository, answered by the recursive engine.

This is where the product's pieces meet: the repository's helpers and shape, the prompts,
the models (or the offline supervisor when none is configured), the budgets and the trace.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Settings
from ..errors import ModelError, NotFoundError, RlmCodeError, UsageError
from ..llm import Completion, Message, Model, default_models, default_worker, is_priced, make_model
from ..repo import Repo
from ..repo.store import default_cache_dir
from ..rlm.budget import BudgetLimits
from ..rlm.engine import EngineConfig, Environment, Progress, RunResult, refuse_unenforceable, run
from ..rlm.trace import Trace, usage_dict
from .offline import NEEDS_A_MODEL, FreeModel, OfflineSupervisor, plan
from .prompts import first_message, system_prompt
from .tools import RepoTools, SummaryCache, prelude_source

__all__ = ["Answer", "ask", "latest_trace", "new_trace_path", "supervisor_spec", "traces_folder", "worker_spec"]


@dataclass(frozen=True)
class Answer(RunResult):
    """What ``ask`` returns: the engine's result; ``to_dict()`` is the shape of
    ``rlm-code ask --json``. ``failure`` is set when the offline supervisor could not answer:
    the error its helper raised (an unknown name is not found, a path outside the repository
    is bad input), so a caller can report it as the navigator commands would."""

    failure: RlmCodeError | None = None

    @property
    def offline(self) -> bool:
        return self.model == OfflineSupervisor.name

    def to_dict(self) -> dict[str, Any]:
        return {
            "answer": self.answer,
            "partial": self.partial,
            "model": self.model,
            "worker_model": self.worker_model,
            "iterations": self.iterations,
            "sub_calls": self.sub_calls,
            "usage": usage_dict(self.usage),
            "stopped": self.stopped,
            "sandbox": self.sandbox,
            "trace": self.trace,
            "seconds": self.seconds,
            "notes": list(self.notes),
        }


class _NoWorker(FreeModel):
    """The worker when none is configured: every call fails with a message the model can read."""

    name = "none"

    def complete(
        self,
        messages: Sequence[Message],
        *,
        system: str | None = None,
        max_tokens: int = 4096,
        stop: Sequence[str] | None = None,
    ) -> Completion:
        raise ModelError("no worker model is configured (pass --worker-model)")


def ask(
    repo: Repo,
    question: str,
    *,
    settings: Settings | None = None,
    supervisor: Model | None = None,
    worker: Model | None = None,
    trace_path: Path | None = None,
    progress: Progress | None = None,
) -> Answer:
    """Answer ``question`` about ``repo``.

    Models come from ``supervisor``/``worker`` if given, else from ``settings`` (model specs
    such as ``anthropic:claude-sonnet-5-5``), else from the environment; with no model at
    all, the offline supervisor answers structural questions and refuses the rest with a
    :class:`UsageError` that says how to configure one.
    """
    settings = settings or Settings()
    question = question.strip()
    if not question:
        raise UsageError("the question is empty")
    supervisor, worker = _models(settings, supervisor, worker)
    if isinstance(supervisor, OfflineSupervisor) and plan(question) is None:
        raise UsageError(NEEDS_A_MODEL)
    cost_cap = _cost_cap(settings, supervisor, worker)
    limits = BudgetLimits(
        max_iterations=settings.max_iterations,
        max_sub_calls=settings.max_sub_calls,
        max_tokens=settings.max_tokens,
        timeout=settings.timeout,
        max_cost=cost_cap.max_cost,
    )
    config = EngineConfig(
        supervisor=supervisor,
        worker=worker,
        limits=limits,
        max_depth=settings.max_depth,
        sandbox_mode=settings.sandbox,
        cost_cap_priced_only=cost_cap.priced_only,
        notes=cost_cap.notes,
    )
    refuse_unenforceable(config)  # before the trace is opened: a refused run writes none
    summaries = SummaryCache()
    stats = repo.stats()
    raised: list[Exception] = []
    environment = Environment(
        system_prompt=system_prompt(RepoTools.signatures()),
        first_message=lambda q: first_message(stats, q),
        helpers=lambda calls: RepoTools(repo, calls, summaries=summaries, worker_model=worker.name).table(),
        read_only=[repo.root],
        setup_code=prelude_source(),
        on_helper_error=raised.append if isinstance(supervisor, OfflineSupervisor) else None,
    )
    trace = Trace(trace_path or new_trace_path())
    try:
        result = run(question, config, environment, trace=trace, progress=progress)
    finally:
        trace.close()
    return Answer(**vars(result), failure=_failure(result, supervisor, raised))


@dataclass(frozen=True)
class _CostCap:
    """The dollar cap of a run: ``max_cost``, whether it counts only the priced models'
    calls, and the note that says so when the default cap gave way."""

    max_cost: float | None
    priced_only: bool = False
    notes: tuple[str, ...] = ()


def _cost_cap(settings: Settings, supervisor: Model, worker: Model) -> _CostCap:
    """Only the *default* cap gives way to an unpriced model (a local server, a replay), and
    only for what cannot be priced: it still caps the calls of a priced model (a priced
    supervisor with a local worker), and is off only when no model of the run has a price.
    Either way the run says so. A cap the user set is kept whole, and the engine refuses to
    run what it cannot enforce."""
    paying = [model for model in (supervisor, worker) if not isinstance(model, FreeModel)]  # not offline, none
    unpriced = list(dict.fromkeys(model.name for model in paying if not is_priced(model)))
    if settings.max_cost is None or not unpriced or not settings.is_default("max_cost"):
        return _CostCap(settings.max_cost)
    cap, names = f"the default cap of ${settings.max_cost:.2f}", " and ".join(map(repr, unpriced))
    priced = list(dict.fromkeys(model.name for model in paying if model.name not in unpriced))
    if not priced:
        note = f"no dollar cap: no price is known for {names}, so {cap} does not apply"
        return _CostCap(None, notes=(f"{note} (add a price with RLM_CODE_PRICES to have one)",))
    note = (
        f"{cap} counts only the calls of {' and '.join(map(repr, priced))}: no price is known for {names},"
        " so the cost of its calls is not counted and the run's cost is unknown"
    )
    return _CostCap(settings.max_cost, priced_only=True, notes=(f"{note} (add its price with RLM_CODE_PRICES)",))


def _failure(result: RunResult, supervisor: Model, raised: list[Exception]) -> RlmCodeError | None:
    """Why the offline supervisor could not answer, if it could not: the last of our errors a
    helper raised (the REPL saw only its message), with its exit code; else a plain failure.
    A run a limit stopped is partial instead, whatever its answer says."""
    if result.partial or not isinstance(supervisor, OfflineSupervisor) or supervisor.failure is None:
        return None
    ours = [exc for exc in raised if isinstance(exc, RlmCodeError)]
    return ours[-1] if ours else RlmCodeError(supervisor.failure)


def supervisor_spec(settings: Settings) -> str | None:
    """The supervisor model ``ask`` would use (from ``settings``, else the environment), or
    None when it would run the offline supervisor. Callers that must not mistake an offline
    answer for a model's (question rules, graded evals) ask this first."""
    spec = settings.model or default_models(os.environ)[0]
    return spec if spec and spec != "offline" else None


def worker_spec(settings: Settings) -> str | None:
    """The worker model ``ask`` would use, or None when there is none (``offline`` names no
    worker). Unless ``settings`` names one, it is the supervisor provider's default worker
    (:func:`default_worker`), never a model of another provider: a user who picked a local
    model must not have repository text sent to Anthropic because an API key is set."""
    if settings.worker_model:
        return settings.worker_model if settings.worker_model != "offline" else None
    supervisor = supervisor_spec(settings)
    return default_worker(supervisor) if supervisor else None


def _models(settings: Settings, supervisor: Model | None, worker: Model | None) -> tuple[Model, Model]:
    if supervisor is None:
        spec = supervisor_spec(settings)
        supervisor = make_model(spec) if spec else None
    if worker is None:
        spec = worker_spec(settings)
        worker = make_model(spec) if spec else None
    return supervisor or OfflineSupervisor(), worker or _NoWorker()


def run_stamp() -> str:
    """A name for one run's files: when it started, and a random part so that runs started in
    the same second do not collide."""
    return f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}"


def traces_folder() -> Path:
    """Where ``ask`` writes a run's trace unless it is given a path."""
    return default_cache_dir() / "traces"


def latest_trace() -> Path:
    """The trace of the newest run in :func:`traces_folder`."""
    folder = traces_folder()
    traces = list(folder.glob("*.jsonl")) if folder.is_dir() else []
    if not traces:
        raise NotFoundError(f"no ask run has written a trace in {folder} yet")
    return max(traces, key=lambda path: path.stat().st_mtime_ns)


def new_trace_path() -> Path:
    """Where a run writes its trace unless it is given a path: a new file in
    :func:`traces_folder`."""
    return traces_folder() / f"{run_stamp()}.jsonl"
