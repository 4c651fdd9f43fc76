"""``rlm-code ask`` and ``rlm-code trace``: questions to the recursive engine, and its traces."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from .app import CacheOpt, JsonOpt, RepoArg, WorkerModelOpt, app
from .output import emit_json, open_repo, write_output, write_stdout

__all__ = ["trace_app"]

trace_app = typer.Typer(help="Read the trace of an ask run.", no_args_is_help=True)
app.add_typer(trace_app, name="trace")

_OPTIONAL_INT = Optional[int]
_OPTIONAL_STR = Optional[str]


@app.command()
def ask(
    repo: RepoArg,
    question: Annotated[str, typer.Argument(help="A question about the code, in plain words.")],
    model: Annotated[
        _OPTIONAL_STR,
        typer.Option(
            "--model",
            help="Supervisor: anthropic:<model>, openai:<model>@<base_url>, scripted:<file.json> or"
            " offline (default: Anthropic when ANTHROPIC_API_KEY is set, else offline).",
        ),
    ] = None,
    worker_model: WorkerModelOpt = None,
    max_iterations: Annotated[
        _OPTIONAL_INT,
        typer.Option("--max-iterations", min=1, help="Supervisor turns, all depths together (default 30)."),
    ] = None,
    max_sub_calls: Annotated[
        _OPTIONAL_INT, typer.Option("--max-sub-calls", min=0, help="Worker calls (default 200).")
    ] = None,
    max_tokens: Annotated[
        _OPTIONAL_INT,
        typer.Option("--max-tokens", min=1, help="Input plus output tokens, all calls together (default 2,000,000)."),
    ] = None,
    max_cost: Annotated[
        _OPTIONAL_STR,
        typer.Option("--max-cost", help="US dollars, all calls together (default 2.00; 'none' for no cap)."),
    ] = None,
    timeout: Annotated[
        _OPTIONAL_STR,
        typer.Option("--timeout", help="Seconds for the whole run (default 900; 'none' for no cap)."),
    ] = None,
    max_depth: Annotated[
        _OPTIONAL_INT,
        typer.Option("--max-depth", min=1, help="Levels of RLM: 1 means rlm_query is a plain worker call (default 1)."),
    ] = None,
    sandbox: Annotated[
        _OPTIONAL_STR,
        typer.Option(
            "--sandbox",
            help="auto (contain with Landlock where available), strict (refuse to run without it) or off.",
        ),
    ] = None,
    trace: Annotated[
        Optional[Path],
        typer.Option("--trace", help="Write the JSONL trace here (default: the cache folder)."),
    ] = None,
    json: JsonOpt = False,
    cache_dir: CacheOpt = None,
) -> None:
    """Answer a question about the code with a recursive language model."""
    from ..agent import ask as ask_question
    from ..agent import new_trace_path
    from ..config import load_settings
    from ..errors import RlmCodeError, UnenforceableCap
    from ..repo.paths import resolve_root
    from .output import prepare_output

    given = {
        "model": model,
        "worker_model": worker_model,
        "max_iterations": max_iterations,
        "max_sub_calls": max_sub_calls,
        "max_tokens": max_tokens,
        "max_cost": max_cost,
        "timeout": timeout,
        "max_depth": max_depth,
        "sandbox": sandbox,
    }
    settings = load_settings(resolve_root(repo), flags=given)
    opened = open_repo(repo, cache_dir=cache_dir, json_mode=json)
    progress = None if json or not sys.stderr.isatty() else _ProgressPrinter()
    trace = trace or new_trace_path()
    prepare_output(trace)  # a bad --trace (a folder, a file standing as its folder) fails before the run
    before = _written(trace)
    try:
        answer = ask_question(opened, question, settings=settings, trace_path=trace, progress=progress)
    except UnenforceableCap as exc:
        raise UnenforceableCap(exc.model, "pass --max-cost none") from exc
    except RlmCodeError as exc:
        if json and _written(trace) not in (None, before):  # the run started: a script gets JSON still
            emit_json({"error": str(exc), "exit_code": exc.exit_code, "trace": str(trace)})
        raise
    if answer.failure is not None:  # offline, not answered: an error, as the navigator commands report it
        if json:  # the run started and wrote its trace, so a script gets JSON as for any failed run
            failure = answer.failure
            emit_json({"error": str(failure), "exit_code": failure.exit_code, "trace": answer.trace})
        raise answer.failure
    if json:
        emit_json(answer.to_dict())
    else:
        from . import render_ask

        render_ask.answer(answer)
    if answer.partial:
        raise typer.Exit(3)


def _written(path: Path) -> int | None:
    """When a trace file was last written, None if it is missing or empty (no run started)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns if stat.st_size else None


class _ProgressPrinter:
    """Streams what the engine does to stderr: turns, the code being run, spend so far."""

    def __init__(self) -> None:
        from .output import console

        self._out = console(stderr=True)

    def __call__(self, kind: str, data: dict[str, Any]) -> None:
        from rich.markup import escape

        indent = "  " * data.get("depth", 0)
        if kind == "note":
            self._out.print(f"[yellow]note: {escape(data['text'])}[/yellow]")
        elif kind == "turn":
            self._out.print(f"{indent}[bold]turn {data['iteration']}[/bold]")
        elif kind == "code":
            lines = data["code"].splitlines()
            more = f" [dim](+{len(lines) - 1} lines)[/dim]" if len(lines) > 1 else ""
            self._out.print(f"{indent}  [cyan]>[/cyan] {escape(lines[0][:100])}{more}")
        elif kind == "cell":
            state = "[red]error[/red]" if data["error"] else f"{data['output_chars']} characters printed"
            self._out.print(f"{indent}  [dim]{state}[/dim]")
        elif kind == "sub_call":
            usage = data["usage"]
            cost = f"${usage.cost_usd:.4f}" if usage.cost_usd is not None else "unpriced"
            self._out.print(
                f"{indent}  [dim]worker calls {data['sub_calls']} · "
                f"{usage.input_tokens + usage.output_tokens} tokens · {cost}[/dim]"
            )
        elif kind == "stop":
            self._out.print(f"{indent}[yellow]stopped: {escape(data['detail'])}[/yellow]")


TraceArg = Annotated[
    Optional[Path], typer.Argument(help="A trace file written by ask (default: the newest run's).", show_default=False)
]


def _trace_path(path: Path | None) -> Path:
    from ..agent import latest_trace

    return path if path is not None else latest_trace()


@trace_app.command("show")
def trace_show(
    path: TraceArg = None,
    full: Annotated[bool, typer.Option("--full", help="Do not shorten long outputs.")] = False,
) -> None:
    """Render a trace in the terminal."""
    from ..rlm.trace import read_trace
    from . import render_ask

    render_ask.trace(read_trace(_trace_path(path)), full=full)


@trace_app.command("html")
def trace_html(
    output: Annotated[Path, typer.Option("--output", "-o", help="The HTML file to write.")],
    path: TraceArg = None,
) -> None:
    """Write a trace as one self-contained HTML page."""
    from ..rlm.trace import read_trace
    from ..rlm.trace_html import render_html

    path = _trace_path(path)
    write_output(output, render_html(read_trace(path), title=path.name))
    write_stdout(f"wrote {output}\n")
