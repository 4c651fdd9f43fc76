"""Running a question set: each question through ``ask``, graded, measured from its trace.

Questions run one after another, each a fresh RLM run with its own budgets, so one runaway
question shows in the tail statistics instead of starving the others. Without a model the
offline supervisor answers the structural questions and the rest are skipped, never
guessed; ``judge`` questions are skipped without a judge model.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from ..agent import ask, run_stamp, supervisor_spec
from ..agent.offline import plan
from ..config import Settings
from ..errors import RlmCodeError, UsageError
from ..llm import Model
from ..repo import Repo
from ..repo.store import default_cache_dir
from ..rlm.trace import read_trace, spent_before_failing
from .questions import Question
from .reading import repository_tokens, tokens_read
from .report import EvalReport, QuestionResult
from .scorers import SCORERS, Scoring

__all__ = ["run_eval"]


def run_eval(
    repo: Repo,
    questions: Sequence[Question],
    *,
    questions_file: str = "",
    settings: Settings | None = None,
    supervisor: Model | None = None,
    worker: Model | None = None,
    judge: Model | None = None,
    trace_dir: Path | None = None,
    on_result: Callable[[QuestionResult], None] | None = None,
) -> EvalReport:
    """Ask, grade and measure every question. ``supervisor``/``worker`` override the models
    ``settings`` name; ``judge`` grades ``judge`` questions; traces go to ``trace_dir`` (by
    default a new folder in the cache); ``on_result`` hears of each question as it ends."""
    settings = settings or Settings()
    spec = supervisor_spec(settings)
    offline = supervisor is None and spec is None
    folder = trace_dir or default_cache_dir() / "evals" / run_stamp()
    scoring = Scoring(repo, judge=judge)
    results = []
    for question in questions:
        result = _run_one(
            question,
            repo,
            scoring,
            settings=settings,
            supervisor=supervisor,
            worker=worker,
            offline=offline,
            trace_path=folder / f"{question.id}.jsonl",
        )
        results.append(result)
        if on_result is not None:
            on_result(result)
    model = supervisor.name if supervisor is not None else spec or "offline"
    return EvalReport(
        questions_file=questions_file,
        root=str(repo.root),
        model=model,
        results=results,
        repo_tokens=repository_tokens(repo),
        judge_usage=scoring.judge_usage,
    )


def _run_one(
    question: Question,
    repo: Repo,
    scoring: Scoring,
    *,
    settings: Settings,
    supervisor: Model | None,
    worker: Model | None,
    offline: bool,
    trace_path: Path,
) -> QuestionResult:
    head = QuestionResult(question.id, question.question, question.scorer, status="skipped")
    if question.scorer == "judge" and scoring.judge is None:
        return replace(head, reason="the judge scorer needs a model")
    if offline and plan(question.question) is None:
        return replace(head, reason="needs a model: the offline supervisor answers only structural questions")
    started = time.monotonic()
    try:
        answer = ask(
            repo, question.question, settings=settings, supervisor=supervisor, worker=worker, trace_path=trace_path
        )
    except UsageError:
        raise
    except RlmCodeError as exc:
        failed = replace(head, status="error", score=0.0, reason=str(exc), latency_s=time.monotonic() - started)
        return _with_spending(failed, trace_path)
    ran = replace(
        head,
        answer=answer.answer,
        partial=answer.partial,
        stopped=answer.stopped,
        model=answer.model,
        iterations=answer.iterations,
        sub_calls=answer.sub_calls,
        usage=answer.usage,
        latency_s=time.monotonic() - started,
        tokens_read=tokens_read(read_trace(trace_path)),
        trace=str(trace_path),
    )
    try:
        score = SCORERS[question.scorer](question, answer.answer, scoring)
    except RlmCodeError as exc:  # the judge failed or gave no score
        return replace(ran, status="error", score=0.0, reason=str(exc))
    return replace(ran, status="scored", score=score.value, detail=score.detail)


def _with_spending(failed: QuestionResult, trace_path: Path) -> QuestionResult:
    """A failed run's result with what it spent before failing, from the ``error`` event that
    ends its trace: a run that made paid calls must not count as free in the totals."""
    try:
        events = read_trace(trace_path)
    except RlmCodeError:  # it failed before its trace was written
        return failed
    spent = spent_before_failing(events)
    if spent is None:
        return failed
    return replace(
        failed,
        iterations=spent.iterations,
        sub_calls=spent.sub_calls,
        usage=spent.usage,
        tokens_read=tokens_read(events),
        trace=str(trace_path),
    )
