"""The report's totals and distributions: medians, nearest-rank 95th percentiles, costs."""

from __future__ import annotations

import pytest

from rlm_code.evals import METRICS, EvalReport, QuestionResult, percentile
from rlm_code.llm import Usage


@pytest.mark.parametrize(
    ("values", "p95"),
    [(list(range(1, 21)), 19), (list(range(1, 11)), 10), ([7], 7), ([3, 1, 2], 3)],
)
def test_the_95th_percentile_is_nearest_rank(values: list[float], p95: float) -> None:
    assert percentile(values, 0.95) == p95


def ran(
    name: str, score: float, *, cost: float | None, tokens: int, latency: float, status: str = "scored"
) -> QuestionResult:
    return QuestionResult(
        name,
        "q",
        "set",
        status,
        score,
        usage=Usage(input_tokens=tokens, cost_usd=cost),
        latency_s=latency,
        sub_calls=1,
        iterations=2,
        tokens_read=tokens // 10,
    )


def test_totals_and_distributions_leave_skipped_questions_out() -> None:
    report = EvalReport(
        "set.jsonl",
        "/repo",
        "scripted",
        [
            ran("a", 1.0, cost=0.01, tokens=100, latency=1.0),
            ran("b", 0.5, cost=0.03, tokens=300, latency=3.0),
            ran("c", 0.0, cost=None, tokens=900, latency=9.0, status="error"),
            QuestionResult("d", "q", "judge", "skipped", reason="the judge scorer needs a model"),
        ],
        repo_tokens=10_000,
    )
    assert report.score == 0.5  # (1.0 + 0.5 + 0.0) / 3: an error counts as 0, a skip not at all
    stats = report.stats()
    assert set(stats) == set(METRICS)
    assert stats["tokens"] == {"median": 300, "p95": 900, "max": 900, "total": 1300}
    assert stats["latency_s"] == {"median": 3.0, "p95": 9.0, "max": 9.0, "total": 13.0}
    assert stats["cost_usd"] == {"median": 0.02, "p95": 0.03, "max": 0.03, "total": 0.04, "unpriced": 1}
    assert stats["tokens_read"]["total"] == 130
    data = report.to_dict()
    assert data["summary"] == {"questions": 4, "scored": 2, "skipped": 1, "errors": 1, "score": 0.5}
    assert data["reading"]["repo_tokens"] == 10_000 and "tokens read =" in data["reading"]["definition"]
    first, skipped = data["questions"][0], data["questions"][3]
    assert (first["tokens"], first["tokens_read"], first["read_share"]) == (100, 10, 0.001)
    assert (skipped["status"], skipped["tokens"], skipped["latency_s"], skipped["reason"]) == (
        "skipped",
        None,
        None,
        "the judge scorer needs a model",
    )


def test_a_report_with_nothing_run_has_no_score() -> None:
    report = EvalReport("s", "/r", "offline", [QuestionResult("a", "q", "judge", "skipped")], repo_tokens=0)
    assert report.score is None
    assert report.stats()["tokens"] == {"median": None, "p95": None, "max": None, "total": None}
    assert report.to_dict()["questions"][0]["read_share"] is None
