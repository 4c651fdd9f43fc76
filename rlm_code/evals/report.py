"""An evaluation's results: a score per question and in total, and what the runs cost, with
medians and 95th percentiles: the paper's point that an RLM's cost has a heavy tail is
judged on the tail, not the mean."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from typing import Any

from ..llm import Usage
from .reading import DEFINITION

__all__ = ["METRICS", "EvalReport", "QuestionResult", "percentile"]

METRICS = ("tokens", "cost_usd", "sub_calls", "iterations", "latency_s", "tokens_read")
"""The per-question numbers summarised with a median, a 95th percentile, a maximum and a total."""


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value at least ``share`` of the values do
    not exceed (the 95th of 20 values is the 19th smallest)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass(frozen=True)
class QuestionResult:
    """One question's outcome. ``status`` is ``scored``, ``skipped`` (it needs a model, or a
    judge, that is not configured) or ``error`` (the run or the judge failed: score 0)."""

    id: str
    question: str
    scorer: str
    status: str
    score: float | None = None
    detail: dict[str, Any] = field(default_factory=dict)
    answer: str | None = None
    partial: bool = False
    stopped: str | None = None
    model: str | None = None
    iterations: int = 0
    sub_calls: int = 0
    usage: Usage = field(default_factory=Usage)
    latency_s: float = 0.0
    tokens_read: int = 0
    trace: str | None = None
    reason: str = ""

    @property
    def ran(self) -> bool:
        return self.status != "skipped"

    def metric(self, name: str) -> float | None:
        values: dict[str, float | None] = {
            "tokens": self.usage.total_tokens,
            "cost_usd": self.usage.cost_usd,
            "sub_calls": self.sub_calls,
            "iterations": self.iterations,
            "latency_s": self.latency_s,
            "tokens_read": self.tokens_read,
        }
        return values[name]

    def to_dict(self, repo_tokens: int) -> dict[str, Any]:
        """The result as JSON; a skipped question has no numbers (null), not zeros."""
        numbers: dict[str, Any] = {
            "iterations": self.iterations,
            "sub_calls": self.sub_calls,
            "input_tokens": self.usage.prompt_tokens,
            "output_tokens": self.usage.output_tokens,
            "tokens": self.usage.total_tokens,
            "cost_usd": self.usage.cost_usd,
            "latency_s": round(self.latency_s, 3),
            "tokens_read": self.tokens_read,
            "read_share": round(self.tokens_read / repo_tokens, 6) if repo_tokens else None,
        }
        return {
            "id": self.id,
            "question": self.question,
            "scorer": self.scorer,
            "status": self.status,
            "score": self.score,
            "detail": self.detail,
            "reason": self.reason,
            "answer": self.answer,
            "partial": self.partial,
            "stopped": self.stopped,
            "model": self.model,
            **{key: value if self.ran else None for key, value in numbers.items()},
            "trace": self.trace,
        }


@dataclass(frozen=True)
class EvalReport:
    """Every question's result for one question set and repository."""

    questions_file: str
    root: str
    model: str
    results: list[QuestionResult]
    repo_tokens: int
    judge_usage: Usage = field(default_factory=Usage)

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.results)

    @property
    def score(self) -> float | None:
        """The mean score of the questions that ran (errors count as 0); None if none ran."""
        ran = [r.score or 0.0 for r in self.results if r.ran]
        return round(statistics.fmean(ran), 4) if ran else None

    def stats(self) -> dict[str, dict[str, float | int | None]]:
        """Median, 95th percentile, maximum and total of each metric over the questions that
        ran; for cost, over the priced ones (``unpriced`` counts the others)."""
        summary: dict[str, dict[str, float | int | None]] = {}
        for name in METRICS:
            values = [v for r in self.results if r.ran and (v := r.metric(name)) is not None]
            summary[name] = {
                "median": statistics.median(values) if values else None,
                "p95": percentile(values, 0.95) if values else None,
                "max": max(values) if values else None,
                "total": round(sum(values), 6) if values else None,
            }
        summary["cost_usd"]["unpriced"] = sum(r.ran and r.usage.cost_usd is None for r in self.results)
        return summary

    def to_dict(self) -> dict[str, Any]:
        return {
            "questions_file": self.questions_file,
            "root": self.root,
            "model": self.model,
            "summary": {
                "questions": len(self.results),
                "scored": self.count("scored"),
                "skipped": self.count("skipped"),
                "errors": self.count("error"),
                "score": self.score,
            },
            "stats": self.stats(),
            "reading": {"repo_tokens": self.repo_tokens, "definition": DEFINITION},
            "judge": {"tokens": self.judge_usage.total_tokens, "cost_usd": self.judge_usage.cost_usd},
            "questions": [r.to_dict(self.repo_tokens) for r in self.results],
        }
