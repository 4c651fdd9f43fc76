"""Human-readable output for ``ask`` and ``trace show``."""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from rich.panel import Panel
from rich.syntax import Syntax

from ..agent import Answer
from ..rlm.trace import usage_from_dict
from .output import console

__all__ = ["answer", "trace"]

_SHORT = 1200


def answer(result: Answer) -> None:
    out = console()
    out.print(escape(result.answer))
    note = console(stderr=True)
    if result.partial:
        note.print(f"[yellow]partial answer: the run was stopped by {result.stopped}[/yellow]")
    for text in result.notes:
        note.print(f"[yellow]note: {escape(text)}[/yellow]")
    supervisor = "offline supervisor (no model)" if result.offline else result.model
    cost = f"${result.usage.cost_usd:.4f}" if result.usage.cost_usd is not None else "cost unknown (unpriced model)"
    note.print(
        f"[dim]{escape(supervisor)} · worker {escape(result.worker_model)} · {result.iterations} turn(s) · "
        f"{result.sub_calls} worker call(s) · {result.usage.total_tokens} tokens · "
        f"{cost} · {result.seconds:.1f}s[/dim]"
    )
    note.print(f"[dim]sandbox: {escape(result.sandbox)}[/dim]")
    if result.trace:
        note.print(f"[dim]trace: {escape(result.trace)}[/dim]")


def _short(text: str, full: bool) -> str:
    if full or len(text) <= _SHORT:
        return text
    return f"{text[:_SHORT]}\n... ({len(text) - _SHORT} more characters; --full shows them)"


def trace(events: list[dict[str, Any]], *, full: bool) -> None:
    out = console()
    for event in events:
        kind = event["event"]
        indent = "  " * event.get("depth", 0)
        if kind == "start":
            out.print(f"[bold]{escape(event['question'])}[/bold]")
            out.print(f"[dim]supervisor {escape(event['model'])} · worker {escape(event['worker_model'])}[/dim]")
            for text in event.get("notes", []):
                out.print(f"[yellow]note: {escape(text)}[/yellow]")
        elif kind == "sandbox":
            out.print(f"{indent}[dim]sandbox: {escape(event['containment'])}[/dim]")
        elif kind == "turn":
            usage = usage_from_dict(event["usage"])
            out.print(
                f"\n{indent}[bold cyan]turn {event['iteration']}[/bold cyan] [dim]"
                f"(prompt {event['prompt_chars']} chars, {usage.prompt_tokens} in / "
                f"{usage.output_tokens} out tokens, {event['latency_s']:.2f}s)[/dim]"
            )
            prose = event["response"]
            for block in event["code"]:
                prose = prose.replace(block, "")
            prose = prose.replace("```repl", "").replace("```python", "").replace("```", "").strip()
            if prose:
                out.print(f"{indent}{escape(_short(prose, full))}")
        elif kind == "cell":
            out.print(Panel(Syntax(event["code"], "python", theme="ansi_dark"), title="code", expand=False))
            if event["output"]:
                out.print(f"{indent}{escape(_short(event['output'], full))}")
            if event["error"]:
                out.print(f"{indent}[red]{escape(_short(event['error'], full))}[/red]")
        elif kind == "sub_call":
            cached = " (cached)" if event["cached"] else ""
            error = f" [red]{escape(event['error'])}[/red]" if event["error"] else ""
            out.print(
                f"{indent}[dim]· {event['kind']}{cached}: {event['prompt_chars']} → "
                f"{event['response_chars']} chars, {event['latency_s']:.2f}s[/dim]{error}"
            )
        elif kind == "stop":
            out.print(f"{indent}[yellow]stopped by {event['limit']}: {escape(event['detail'])}[/yellow]")
        elif kind == "closing_error":
            out.print(f"{indent}[red]the closing call failed: {escape(event['error'])}[/red]")
        elif kind == "error":
            out.print(f"\n[bold red]failed: {escape(event['error'])}[/bold red]")
        elif kind == "final":
            usage = usage_from_dict(event["usage"])
            state = " (partial)" if event["partial"] else ""
            out.print(f"\n[bold green]answer{state}[/bold green]")
            out.print(escape(event["answer"]))
            cost = f"${usage.cost_usd:.4f}" if usage.cost_usd is not None else "unpriced"
            out.print(
                f"[dim]{event['iterations']} turn(s) · {event['sub_calls']} worker call(s) · "
                f"{usage.total_tokens} tokens · {cost} · "
                f"{event['seconds']:.1f}s[/dim]"
            )
