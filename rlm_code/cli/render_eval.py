"""Human-readable output for ``eval``: a table per question, then the distribution of what the
runs cost (median, 95th percentile, maximum, total) and what "tokens read" means."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table

from ..evals import DEFINITION, EvalReport, QuestionResult
from .output import console

__all__ = ["report"]

_LABELS = {
    "tokens": "tokens",
    "cost_usd": "cost (USD)",
    "sub_calls": "sub-calls",
    "iterations": "turns",
    "latency_s": "latency (s)",
    "tokens_read": "tokens read",
}


def _number(value: float | int | None, *, money: bool = False) -> str:
    if value is None:
        return "-"
    if money:
        return f"{value:.4f}"
    return f"{value:,.2f}" if isinstance(value, float) and not value.is_integer() else f"{int(value):,}"


def _row(result: QuestionResult, repo_tokens: int) -> list[str]:
    score = f"{result.score:.2f}" if result.status == "scored" and result.score is not None else result.status
    if not result.ran:
        return [escape(result.id), result.scorer, score, "-", "-", "-", "-", "-", "-"]
    share = f" ({result.tokens_read / repo_tokens:.1%})" if repo_tokens else ""
    cost = _number(result.usage.cost_usd, money=True) if result.usage.cost_usd is not None else "unpriced"
    return [
        escape(result.id),
        result.scorer,
        score + (" partial" if result.partial else ""),
        _number(result.usage.total_tokens),
        cost,
        str(result.sub_calls),
        str(result.iterations),
        f"{result.latency_s:.2f}",
        f"{result.tokens_read:,}{share}",
    ]


def _print_table(out: Console, table: Table) -> None:
    """On a terminal a table fits the window; piped (a CI log, a file) it is as wide as its
    cells, rather than folded into 80 columns ("questi/on", "skippe/d")."""
    if not out.is_terminal:
        out.width = Measurement.get(out, out.options.update(max_width=_PIPED_WIDTH), table).maximum
    out.print(table)


_PIPED_WIDTH = 1000


def report(result: EvalReport) -> None:
    out = console()
    table = Table(title=f"{escape(result.questions_file)} on {escape(result.root)} ({escape(result.model)})")
    for column in ("question", "scorer", "score", "tokens", "cost", "sub-calls", "turns", "latency s", "tokens read"):
        table.add_column(column, justify="left" if column in ("question", "scorer") else "right", overflow="fold")
    for question in result.results:
        table.add_row(*_row(question, result.repo_tokens))
    _print_table(out, table)
    score = f"{result.score:.3f}" if result.score is not None else "none"
    out.print(
        f"score {score} over {len(result.results) - result.count('skipped')} question(s) run"
        f" ({result.count('skipped')} skipped, {result.count('error')} error(s))"
    )
    stats = Table(title="per question")
    for column in ("", "median", "p95", "max", "total"):
        stats.add_column(column, justify="left" if not column else "right")
    for name, values in result.stats().items():
        money = name == "cost_usd"
        cells = (_number(values[key], money=money) for key in ("median", "p95", "max", "total"))
        stats.add_row(_LABELS[name], *cells)
    _print_table(out, stats)
    unpriced = result.stats()["cost_usd"]["unpriced"]
    if unpriced:
        out.print(f"[dim]cost: {unpriced} question(s) ran on a model with no known price[/dim]")
    for item in result.results:
        if item.reason:
            out.print(f"[dim]{escape(item.id)}: {escape(item.reason)}[/dim]")
    out.print(f"[dim]repository: {result.repo_tokens:,} tokens; {escape(DEFINITION)}[/dim]")
